"""はがき (100×148) and 長形3号 envelopes (120×235): the address side, vertical (縦書き) by
default, horizontal as an option. Millimetres from the top-left in the specs below; converted
to reportlab points (origin bottom-left) only when drawing.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen import canvas as rl_canvas

from desktop.i18n import _
from desktop.printing import fonts, textfit, vertical
from desktop.printing.fonts import ASCENT, DESCENT
from desktop.printing.labels import SMALL_PT, preflight
from desktop.printing.rows import AddressRow, PrintResult, Sender
from desktop.printing.sheets import MM

VERMILION = (0.89, 0.26, 0.20)  # 金赤-like: the only colour the frame may be (reference §2)


@dataclass(frozen=True)
class CardSpec:
    """Where things go on one kind of mail piece (mm, from the top-left)."""

    name: str
    size_mm: tuple[float, float]
    zip_x: tuple[float, ...]  # left edges of the 7 recipient boxes
    zip_top: float = 12.0
    zip_box: tuple[float, float] = (5.7, 8.0)
    address_right: float = 88.0  # centre of the first (rightmost) address column
    address_top: float = 28.0
    address_bottom: float = 128.0
    name_center: float = 50.0
    name_top: float = 34.0
    name_bottom: float = 118.0
    sender_zip_x: tuple[float, ...] = ()
    sender_zip_top: float = 0.0
    sender_zip_box: tuple[float, float] = (4.0, 6.5)
    sender_area: tuple[float, float, float, float] = (3.0, 72.0, 31.0, 119.0)  # x0, y0, x1, y1
    sender_on_back: bool = False


# Japan Post 郵便番号枠 for 定形 mail (reference §2, [official] p05.html): 7 boxes 5.7×8.0, top
# 12.0, the last box's right side 8.0 from the right edge; x derived in the reference table.
POSTCARD_ZIP_X = (44.3, 51.3, 58.3, 65.9, 72.7, 79.5, 86.3)
# Sender boxes have no official spec; measured values from the reference (solid-js preview):
# 4.0×6.5, top 122.5, x 5.2 … 30.2.
POSTCARD_SENDER_ZIP_X = (5.2, 9.2, 13.2, 18.2, 22.2, 26.2, 30.2)

POSTCARD = CardSpec(
    "postcard", (100.0, 148.0), POSTCARD_ZIP_X,
    sender_zip_x=POSTCARD_SENDER_ZIP_X, sender_zip_top=122.5,
)
# 長形3号: the same 定形 frame, every x + 20 (reference §2); the sender goes on the back.
ENVELOPE = CardSpec(
    "envelope", (120.0, 235.0), tuple(x + 20 for x in POSTCARD_ZIP_X),
    address_right=106.0, address_top=36.0, address_bottom=205.0,
    name_center=60.0, name_top=48.0, name_bottom=200.0,
    sender_area=(20.0, 120.0, 58.0, 215.0), sender_on_back=True,
)


@dataclass
class CardOptions:
    horizontal: bool = False
    numerals: str = "digits"  # "digits": 二三 / "ten": 二十三
    hyphen: str = "bar"  # "bar": vertical ー / "no": の
    max_joint: int = 3
    family_style: str = "ichidou"
    font: str = fonts.MINCHO  # formal look (DESIGN.md); the postal digits too
    frames: bool = False  # draw the red boxes: for plain paper and the preview only
    offset_mm: tuple[float, float] = (0.0, 0.0)
    copies: int = 1  # whole sets, one after the other (the custody ledger counts them)


class _Page:
    """mm (top-left) → points (bottom-left), with the printer offset applied."""

    def __init__(self, c, spec: CardSpec, offset):
        self.c, self.h, self.off = c, spec.size_mm[1], offset

    def x(self, mm: float) -> float:
        return (mm + self.off[0]) * MM

    def y(self, mm: float) -> float:
        return (self.h - mm - self.off[1]) * MM


def _zip_digits(page: _Page, digits: str, xs, top: float, box, font: str, size: float, frames: bool, heavy=0.5, light=0.3):
    c = page.c
    if frames:
        c.setStrokeColorRGB(*VERMILION)
        for i, x in enumerate(xs):
            # First 3 boxes 0.4–0.6 mm lines, last 4 0.2–0.4 mm (reference §2).
            c.setLineWidth((heavy if i < 3 else light) * MM)
            c.rect(page.x(x), page.y(top + box[1]), box[0] * MM, box[1] * MM)
        if len(xs) == 7 and xs[3] - xs[2] > box[0]:
            c.setLineWidth(heavy * MM)
            mid = top + box[1] / 2
            c.line(page.x(xs[2] + box[0]), page.y(mid), page.x(xs[3]), page.y(mid))
        c.setStrokeColorRGB(0, 0, 0)
    c.setFont(font, size)
    for d, x in zip(digits, xs):
        centre_y = page.y(top + box[1] / 2)
        c.drawCentredString(page.x(x + box[0] / 2), centre_y - size * (ASCENT - DESCENT) / 2, d)


def _fit_columns(chunks: list[str], capacity_pt: float, size: float, max_cols: int, min_size: float):
    """Shrink until the address fits in at most max_cols columns."""
    while True:
        cols = vertical.split_columns(chunks, capacity_pt, size)
        if len(cols) <= max_cols or size <= min_size:
            return cols, size
        size *= 0.92


class _Drawn:
    """The text sizes one card used: the smallest of all (PrintResult.smallest_pt), of the
    recipient's address and names (a note names the person), and of the sender."""

    def __init__(self):
        self.recipient = self.sender = self.other = float("inf")

    @property
    def smallest(self) -> float:
        return min(self.recipient, self.sender, self.other)


def _shrink(size: float, floor: float) -> float:
    """The next smaller size to try: 8 % less, stopping once at `floor` on the way down."""
    smaller = size * 0.92
    return floor if size > floor > smaller else smaller


def _conv(o: CardOptions):
    return lambda t: vertical.to_vertical(t, o.numerals, o.hyphen)


def _wrap_vertical(chunks: list[str], capacity: float, size: float, o: CardOptions) -> tuple[list[str], bool]:
    """Columns of at most `capacity` points, broken where a hand would break them (textfit:
    at a space, where katakana meets kanji, never inside a number); returns the columns
    as drawn (kanji numerals, vertical ー) and whether every column fits."""
    conv = _conv(o)
    measure = lambda t: vertical.column_length(conv(t), size, font=o.font)  # noqa: E731
    lines, ok = textfit.wrap_address(chunks, capacity, o.font, size, measure)
    return [conv(t) for t in lines if t.strip()], ok


@dataclass
class _VAddress:
    """The recipient's address in columns from the right: the address itself at `size`, then
    the building (建物名・部屋番号) in up to three columns at `bsize`, starting `drop` points
    lower (reference §3: it starts a new line, indented lower)."""

    cols: list[str]
    size: float
    building: list[str]
    bsize: float
    drop: float

    def xs(self, spec: CardSpec) -> tuple[list[float], list[float], float]:
        """Column centres (mm) of the address and the building, and the block's left edge
        with its gap (where the names may begin)."""
        main = [spec.address_right - i * self.size * 1.45 / MM for i in range(len(self.cols))]
        x = main[-1] if main else spec.address_right + (self.size + self.bsize) / 2 * 1.45 / MM
        building = []
        for i in range(len(self.building)):
            x -= ((self.size + self.bsize) / 2 if i == 0 else self.bsize) * 1.45 / MM
            building.append(x)
        last, size = (building[-1], self.bsize) if building else (main[-1], self.size)
        return main, building, last - size * 0.725 / MM


MAX_BUILDING_COLUMNS = 3


def _vertical_address(spec: CardSpec, row: AddressRow, o: CardOptions, names: list[textfit.NameLine]) -> _VAddress:
    """Choose the sizes and columns: the address in at most two columns (down to 8 pt); the
    building in at most three, as large as it can be while the names keep their room
    (shrinking the names costs half as much as shrinking the building: they are larger).
    Below SMALL_PT only when nothing else fits, and then the card says so (a note)."""
    size = 15.0 if spec.name == "postcard" else 17.0
    conv = _conv(o)
    chunks = [conv(t) for t in textfit.natural_chunks(row.address1, row.address2)]
    capacity = (spec.address_bottom - spec.address_top) * MM
    cols, size = _fit_columns(chunks, capacity, size, 2, 8.0)
    building = row.address3.strip()
    if not building:
        return _VAddress(cols, size, [], size, 0.0)
    room = capacity - size  # the building starts at least one em lower than the address
    natural = _vertical_name_size(spec, names, o.font, spec.size_mm[0]) if names else 0.0
    best, best_score = None, -1.0
    b = size
    while True:  # every size down to the floor; below it, the first that fits
        bcols, ok = _wrap_vertical([building], room, b, o)
        if ok and len(bcols) <= MAX_BUILDING_COLUMNS:
            lay = _VAddress(cols, size, bcols, b, 0.0)
            score = b / size
            if natural:
                left = lay.xs(spec)[2]
                score = min(score, 0.5 + 0.5 * _vertical_name_size(spec, names, o.font, left) / natural)
            if score > best_score + 1e-9:
                best, best_score = lay, score
        if (best is not None and b <= SMALL_PT + 1e-6) or b <= 3.0:
            break
        b = _shrink(b, SMALL_PT)
    if best is None:  # longer than three columns even at 3 pt: more columns, never off the card
        best = _VAddress(cols, size, bcols, b, 0.0)
    longest = max(vertical.column_length(c, best.bsize, font=o.font) for c in best.building)
    best.drop = max(size, min(3 * size, capacity - longest))
    return best


def _draw_vertical_address(page: _Page, spec: CardSpec, lay: _VAddress, o: CardOptions) -> float:
    """Draw the columns; returns the x (mm) left of the block, where the names may begin."""
    main, building, left = lay.xs(spec)
    for x, col in zip(main, lay.cols):
        vertical.draw_column(page.c, page.x(x), page.y(spec.address_top), col, o.font, lay.size)
    for x, col in zip(building, lay.building):
        vertical.draw_column(page.c, page.x(x), page.y(spec.address_top) - lay.drop, col, o.font, lay.bsize)
    return left


@dataclass
class _VNames:
    size: float
    ems: tuple[float, float, float]  # family, given name, honorific, in ems as drawn
    left_limit: float


def _vertical_names_layout(spec: CardSpec, lines: list[textfit.NameLine], font: str, right_limit: float) -> _VNames:
    size = 28.0 if spec.name == "postcard" else 32.0
    # Lengths in ems as the column will draw them (a Latin name lies on its side: its width).
    fam = max(vertical.column_length(l.family, 1, font=font) for l in lines)
    giv = max(vertical.column_length(l.given, 1, font=font) for l in lines)
    hon = max(vertical.column_length(l.honorific, 1, font=font) for l in lines)
    ems = fam + giv + hon + NAME_GAP_EM * ((fam > 0) + (giv > 0 and hon > 0))
    height = (spec.name_bottom - spec.name_top) * MM
    size = min(size, height / ems)
    # The block lies between the sender block (lower left) and the address columns; column
    # pitch 1.25 em, shrinking the names rather than touching either.
    left_limit = spec.sender_area[2] + 2 if not spec.sender_on_back else 4.0
    room = right_limit - 1 - left_limit
    size = max(3.0, min(size, room / ((len(lines) - 1) * 1.25 + 1) * MM))
    return _VNames(size, (fam, giv, hon), left_limit)


def _vertical_name_size(spec: CardSpec, lines, font: str, right_limit: float) -> float:
    return _vertical_names_layout(spec, lines, font, right_limit).size


NAME_GAP_EM = 0.6


def _draw_vertical_names(page: _Page, spec: CardSpec, lines: list[textfit.NameLine], o: CardOptions,
                         right_limit: float) -> float:
    """連名 in columns, the head rightmost; given names start on one line, 様 on another.
    Returns the size drawn (0 with no names)."""
    if not lines:
        return 0.0
    lay = _vertical_names_layout(spec, lines, o.font, right_limit)
    size, (fam, giv, hon), left_limit = lay.size, lay.ems, lay.left_limit
    ems = fam + giv + hon + NAME_GAP_EM * ((fam > 0) + (giv > 0 and hon > 0))
    height = (spec.name_bottom - spec.name_top) * MM
    n = len(lines)
    pitch, size_mm = size * 1.25 / MM, size / MM
    width = (n - 1) * pitch + size_mm
    centre = min(max(spec.name_center, left_limit + width / 2), right_limit - 1 - width / 2)
    head_x = centre + width / 2 - size_mm / 2
    # Spread short names down the column (up to 0.5 em between characters) so a two-character
    # name does not huddle at the top of a long envelope.
    tracking = max(0.0, min(0.5, 0.75 * height / (ems * size) - 1))
    step = size * (1 + tracking)
    top = page.y(spec.name_top)
    given_top = top - (fam + (NAME_GAP_EM if fam else 0)) * step
    hon_top = given_top - (giv + (NAME_GAP_EM if giv else 0)) * step
    for i, line in enumerate(lines):
        x = page.x(head_x - i * pitch)
        vertical.draw_column(page.c, x, top, line.family, o.font, size, tracking)
        vertical.draw_column(page.c, x, given_top, line.given, o.font, size, tracking)
        vertical.draw_column(page.c, x, hon_top, line.honorific, o.font, size, tracking)
    return size


@dataclass
class _SenderLayout:
    lines: list[str]  # horizontal lines, or vertical columns from the right
    size: float
    pitch: float = 0.0  # mm between columns (vertical)
    top: float = 0.0  # mm from the card's top to the block's top (horizontal)


def _sender_area(spec: CardSpec, horizontal: bool) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = spec.sender_area
    if horizontal and spec.sender_zip_x:  # lines read across: half the card, a band above the boxes
        x0, x1, y0 = x0 + 2, max(x1, spec.size_mm[0] / 2), max(y0, y1 - 30.0)
    elif horizontal:  # an envelope's back: the whole width between the margins, below the 〒 line
        x1 = spec.size_mm[0] - x0
    return x0, y0, x1, y1


def _sender_layout(spec: CardSpec, sender: Sender, o: CardOptions, horizontal: bool) -> _SenderLayout | None:
    """The sender's address wrapped at natural breaks (not one long line shrunk to nothing),
    each name whole on its own line or column; as large as the area allows, SMALL_PT at least
    unless nothing else fits (then names wrap too, and a note says so)."""
    x0, y0, x1, y1 = _sender_area(spec, horizontal)
    chunks = textfit.natural_chunks(sender.address1, sender.address2)
    parts = [(chunks, False)] if chunks else []
    if sender.address3.strip():
        parts.append(([sender.address3.strip()], False))
    parts += [([n], True) for n in sender.names if n.strip()]
    if not parts:
        return None
    if horizontal:
        size, room = 10.0, (x1 - x0) * MM
        measure = lambda t, s: fonts.string_width(t, o.font, s)  # noqa: E731
        wrap = lambda p, s: textfit.wrap_address(p, room, o.font, s)  # noqa: E731
    else:
        top = y0 if spec.sender_zip_x else y0 + 4  # below the 〒 line on an envelope's back
        size, room = (11.5 if spec.sender_zip_x else 14.0), (y1 - top) * MM
        conv = _conv(o)
        measure = lambda t, s: vertical.column_length(conv(t), s, font=o.font)  # noqa: E731
        wrap = lambda p, s: _wrap_vertical(p, room, s, o)  # noqa: E731
    while True:
        lines, ok = [], True
        for p, whole in parts:
            if whole and size > SMALL_PT and measure(p[0], size) > room:
                ok = False  # a name is not broken while a smaller size keeps it whole
                break
            more, p_ok = wrap(p, size)
            lines, ok = lines + more, ok and p_ok
        if horizontal:
            if (ok and len(lines) * size * 1.3 <= (y1 - y0) * MM) or size <= 3.0:
                height = len(lines) * size * 1.3 / MM
                # Above the sender boxes on a postcard; below the 〒 line on an envelope's back.
                return _SenderLayout(lines, size, top=y1 - height if spec.sender_zip_x else min(y0 + 2, y1 - height))
        else:
            pitch = min(size * 1.5 / MM, (x1 - x0) / len(lines)) if lines else 0.0
            if (ok and pitch >= size * 1.2 / MM) or size <= 3.0:
                return _SenderLayout(lines, size, pitch)
        size = _shrink(size, SMALL_PT)


def _draw_sender(page: _Page, spec: CardSpec, sender: Sender, lay: _SenderLayout | None, o: CardOptions,
                 horizontal: bool) -> float:
    """Draw the sender block; returns the smallest size drawn (inf: nothing drawn)."""
    x0, y0, x1, y1 = _sender_area(spec, horizontal)
    smallest = float("inf")
    if spec.sender_zip_x and sender.postal_digits:
        _zip_digits(page, sender.postal_digits, spec.sender_zip_x, spec.sender_zip_top, spec.sender_zip_box,
                    o.font, 11, o.frames, heavy=0.3, light=0.3)
        smallest = 11
    elif sender.postal_digits:
        d = sender.postal_digits
        fonts.draw_string(page.c, page.x(x0), page.y(y0 - 2), f"〒{d[:3]}-{d[3:]}", o.font, 10)
        smallest = 10
    if lay is None:
        return smallest
    size = lay.size
    smallest = min(smallest, size)
    if horizontal:
        y = lay.top
        for t in lay.lines:
            y += size * 1.3 / MM
            fonts.draw_string(page.c, page.x(x0), page.y(y - size * 0.3 / MM), t, o.font, size)
        return smallest
    x = x1 - lay.pitch / 2
    for col in lay.lines:
        if spec.sender_zip_x:
            # Bottom-aligned just above the sender boxes, as a sender block is written by hand.
            top = page.y(y1) + vertical.column_length(col, size, font=o.font)
        else:
            top = page.y(y0 + 4)  # below the 〒 line on an envelope's back
        vertical.draw_column(page.c, page.x(x), top, col, o.font, size)
        x -= lay.pitch
    return smallest


LINE = 1.35  # horizontal line pitch / size


@dataclass
class _HLayout:
    address: list[str]
    building: list[str]
    size: float
    names: list[textfit.NameLine]
    name_size: float
    names_top: float  # mm: baseline of the first name line


def _horizontal_layout(spec: CardSpec, row: AddressRow, o: CardOptions, bottom: float) -> _HLayout:
    """横書き: the address wrapped at natural breaks (the building on lines of its own), then
    the names, all between the margins and above `bottom` (mm; the sender block's top). The
    names shrink first (to 16 pt), then the address to SMALL_PT, then both; never off the card."""
    w = spec.size_mm[0]
    width = (w - 8.0 - 12.0) * MM
    size, name_size = 13.0, 24.0
    names = textfit.name_lines(row, o.max_joint, o.family_style)
    chunks = textfit.natural_chunks(row.address1, row.address2)
    top = spec.address_top + 4
    while True:
        if names:
            cols = textfit.name_columns(names, o.font, name_size)
            if cols.width > width:
                name_size *= width / cols.width * 0.999
        address, ok = textfit.wrap_address(chunks, width, o.font, size) if chunks else ([], True)
        building, ok_b = textfit.wrap_address([row.address3.strip()], width, o.font, size) \
            if row.address3.strip() else ([], True)
        last = top + (len(address) + len(building)) * size * LINE / MM  # the last baseline
        nearest = last + 4 + name_size * ASCENT / MM  # 4 mm between the address and the names
        extent = ((len(names) - 1) * LINE + DESCENT) * name_size / MM
        names_top = max(nearest, min(max(last + 12, spec.name_top + 30), bottom - extent))
        end = names_top + extent if names else last + DESCENT * size / MM
        if (ok and ok_b and end <= bottom) or size <= 3.0:
            return _HLayout(address, building, size, names, name_size, names_top)
        if not (ok and ok_b):  # a word wider than the line: only a smaller size helps
            size = _shrink(size, SMALL_PT)
        elif names and name_size > 16.0:
            name_size = max(16.0, name_size * 0.93)
        elif size > SMALL_PT:
            size = _shrink(size, SMALL_PT)
        elif names and name_size > SMALL_PT:
            name_size = _shrink(name_size, SMALL_PT)
        else:
            size, name_size = size * 0.92, name_size * 0.92


def _draw_horizontal(page: _Page, spec: CardSpec, lay: _HLayout, o: CardOptions) -> None:
    w = spec.size_mm[0]
    left, right = 12.0, w - 8.0
    width = (right - left) * MM
    size = lay.size
    y = spec.address_top + 4
    for t in lay.address:
        y += size * LINE / MM
        fonts.draw_string(page.c, page.x(left), page.y(y), t, o.font, size)
    for t in lay.building:
        y += size * LINE / MM
        # One line of building goes to the right, as written by hand; a wrapped one starts left.
        bw = fonts.string_width(t, o.font, size) if len(lay.building) == 1 else width
        fonts.draw_string(page.c, max(page.x(left), page.x(right) - bw), page.y(y), t, o.font, size)
    if not lay.names:
        return
    nsize = lay.name_size
    cols = textfit.name_columns(lay.names, o.font, nsize)
    x = page.x(left) + (width - cols.width) / 2
    ny = lay.names_top
    for line in lay.names:
        base = page.y(ny)
        for text, dx in ((line.family, 0), (line.given, cols.given_x), (line.honorific, cols.honorific_x)):
            if text:
                fonts.draw_string(page.c, x + dx, base, text, o.font, nsize)
        ny += nsize * LINE / MM


def _draw_card(c, spec: CardSpec, row: AddressRow, sender: Sender | None, sender_lay: _SenderLayout | None,
               o: CardOptions) -> _Drawn:
    page = _Page(c, spec, o.offset_mm)
    drawn = _Drawn()
    if row.postal_digits:
        _zip_digits(page, row.postal_digits, spec.zip_x, spec.zip_top, spec.zip_box, o.font, 15, o.frames)
        drawn.other = 15
    elif o.frames:
        _zip_digits(page, "", spec.zip_x, spec.zip_top, spec.zip_box, o.font, 15, True)
    front_sender = sender is not None and not spec.sender_on_back
    if o.horizontal:
        bottom = spec.address_bottom
        if front_sender and sender_lay is not None:
            bottom = min(bottom, sender_lay.top - 3)
        lay = _horizontal_layout(spec, row, o, bottom)
        _draw_horizontal(page, spec, lay, o)
        sizes = [lay.size] * bool(lay.address or lay.building) + [lay.name_size] * bool(lay.names)
    else:
        names = textfit.name_lines(row, o.max_joint, o.family_style)
        lay = _vertical_address(spec, row, o, names)
        left = _draw_vertical_address(page, spec, lay, o)
        sizes = [lay.size] * bool(lay.cols) + [lay.bsize] * bool(lay.building)
        sizes += [_draw_vertical_names(page, spec, names, o, left)] * bool(names)
    drawn.recipient = min(sizes, default=float("inf"))
    if front_sender:
        drawn.sender = _draw_sender(page, spec, sender, sender_lay, o, o.horizontal)
    return drawn


def small_address_note(who: str, size: float) -> str:
    """The card of `who` needed text at or below SMALL_PT: say so, and what helps."""
    return _("%(who)s: the address and names only fit at %(size).1f pt, which is hard to read. "
             "Shorten the building name or the address in the household's record.") % {"who": who, "size": size}


def small_sender_note(size: float) -> str:
    return _("The sender only fits at %.1f pt, which is hard to read. "
             "Shorten the association's address or name in Settings.") % size


def render_cards(rows: list[AddressRow], out, spec: CardSpec = POSTCARD, sender: Sender | None = None,
                 opts: CardOptions | None = None) -> PrintResult:
    """One page per row (and, for envelopes with a sender, a back page after each front);
    with `copies` the whole set again after the first. The result carries the smallest text
    size used and a note for every card whose text had to go down to SMALL_PT."""
    o = opts or CardOptions()
    fonts.register(o.font)
    w, h = spec.size_mm[0] * MM, spec.size_mm[1] * MM
    c = rl_canvas.Canvas(out, pagesize=(w, h))
    c.setTitle(_("Postcards") if spec.name == "postcard" else _("Envelopes"))
    c.setSubject(_("Contains personal data. Shred after use."))
    sender_lay = _sender_layout(spec, sender, o, o.horizontal) if sender else None
    pages, smallest, notes = 0, float("inf"), []
    for i, row in enumerate(list(rows) * max(1, o.copies)):
        drawn = _draw_card(c, spec, row, sender, sender_lay, o)
        smallest = min(smallest, drawn.smallest)
        if i < len(rows) and drawn.recipient <= SMALL_PT + 1e-6:  # once, not once per copy
            notes.append(small_address_note("・".join(n.full for n in row.names) or row.address1, drawn.recipient))
        c.showPage()
        pages += 1
        if sender and spec.sender_on_back:
            smallest = min(smallest, _draw_sender(_Page(c, spec, o.offset_mm), spec, sender, sender_lay, o,
                                                  o.horizontal))
            c.showPage()
            pages += 1
    c.save()
    if rows and sender_lay is not None and sender_lay.size <= SMALL_PT + 1e-6:
        notes.append(small_sender_note(sender_lay.size))
    return PrintResult(pages=pages, items=len(rows), problems=preflight(rows, o.font),
                       smallest_pt=0.0 if smallest == float("inf") else smallest, notes=notes)


def render_postcards(rows, out, sender=None, opts=None) -> PrintResult:
    return render_cards(rows, out, POSTCARD, sender, opts)


def render_envelopes(rows, out, sender=None, opts=None) -> PrintResult:
    return render_cards(rows, out, ENVELOPE, sender, opts)
