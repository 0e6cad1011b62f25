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
from desktop.printing.labels import preflight
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


def _draw_vertical_address(page: _Page, spec: CardSpec, row: AddressRow, o: CardOptions) -> float:
    """Address columns from the right; returns the x (mm) of the leftmost column's left edge."""
    size = 15.0 if spec.name == "postcard" else 17.0
    conv = lambda t: vertical.to_vertical(t, o.numerals, o.hyphen)  # noqa: E731
    chunks = [conv(t) for t in textfit.natural_chunks(row.address1, row.address2)]
    capacity = (spec.address_bottom - spec.address_top) * MM
    cols, size = _fit_columns(chunks, capacity, size, 2, 8.0)
    building = conv(row.address3.strip()) if row.address3.strip() else ""
    if building:
        bcols, bsize = _fit_columns([building], capacity - 2 * size, size, 1, 6.0)
        building = "".join(bcols)
        if vertical.column_length(building, bsize) > capacity - 2 * size:
            bsize = (capacity - 2 * size) / max(1, len(building))
        size = min(size, bsize)
    pitch = size / MM * 1.45
    x = spec.address_right
    for col in cols:
        vertical.draw_column(page.c, page.x(x), page.y(spec.address_top), col, o.font, size)
        x -= pitch
    if building:
        # The building starts lower (reference §3), and ends at the bottom when it is long.
        drop = min(3 * size, capacity - vertical.column_length(building, size))
        vertical.draw_column(page.c, page.x(x), page.y(spec.address_top) - max(0, drop), building, o.font, size)
        x -= pitch
    return x + pitch / 2


def _draw_vertical_names(page: _Page, spec: CardSpec, row: AddressRow, o: CardOptions, right_limit: float) -> None:
    """連名 in columns, the head rightmost; given names start on one line, 様 on another."""
    lines = textfit.name_lines(row, o.max_joint, o.family_style)
    if not lines:
        return
    size = 28.0 if spec.name == "postcard" else 32.0
    gap_em = 0.6
    # Lengths in ems as the column will draw them (a Latin name lies on its side: its width).
    fam = max(vertical.column_length(l.family, 1, font=o.font) for l in lines)
    giv = max(vertical.column_length(l.given, 1, font=o.font) for l in lines)
    hon = max(vertical.column_length(l.honorific, 1, font=o.font) for l in lines)
    ems = fam + giv + hon + gap_em * ((fam > 0) + (giv > 0 and hon > 0))
    height = (spec.name_bottom - spec.name_top) * MM
    size = min(size, height / ems)
    # The block lies between the sender block (lower left) and the address columns; column
    # pitch 1.25 em, shrinking the names rather than touching either.
    left_limit = spec.sender_area[2] + 2 if not spec.sender_on_back else 4.0
    room = right_limit - 1 - left_limit
    n = len(lines)
    size = min(size, room / ((n - 1) * 1.25 + 1) * MM)
    pitch, size_mm = size * 1.25 / MM, size / MM
    width = (n - 1) * pitch + size_mm
    centre = min(max(spec.name_center, left_limit + width / 2), right_limit - 1 - width / 2)
    head_x = centre + width / 2 - size_mm / 2
    # Spread short names down the column (up to 0.5 em between characters) so a two-character
    # name does not huddle at the top of a long envelope.
    tracking = max(0.0, min(0.5, 0.75 * height / (ems * size) - 1))
    step = size * (1 + tracking)
    top = page.y(spec.name_top)
    given_top = top - (fam + (gap_em if fam else 0)) * step
    hon_top = given_top - (giv + (gap_em if giv else 0)) * step
    for i, line in enumerate(lines):
        x = page.x(head_x - i * pitch)
        vertical.draw_column(page.c, x, top, line.family, o.font, size, tracking)
        vertical.draw_column(page.c, x, given_top, line.given, o.font, size, tracking)
        vertical.draw_column(page.c, x, hon_top, line.honorific, o.font, size, tracking)


def _draw_sender(page: _Page, spec: CardSpec, sender: Sender, o: CardOptions, horizontal: bool) -> None:
    x0, y0, x1, y1 = spec.sender_area
    if spec.sender_zip_x and sender.postal_digits:
        _zip_digits(page, sender.postal_digits, spec.sender_zip_x, spec.sender_zip_top, spec.sender_zip_box,
                    o.font, 11, o.frames, heavy=0.3, light=0.3)
    elif sender.postal_digits:
        d = sender.postal_digits
        fonts.draw_string(page.c, page.x(x0), page.y(y0 - 2), f"〒{d[:3]}-{d[3:]}", o.font, 10)
    if horizontal:
        lines = [sender.address1 + sender.address2] + ([sender.address3] if sender.address3 else []) + list(sender.names)
        size = 10.0
        width = (x1 - x0) * MM
        widest = max(fonts.string_width(t, o.font, size) for t in lines)
        size = min(size, size * width / widest, (y1 - y0) * MM / (len(lines) * 1.3))
        y = y1 - (len(lines) - 1) * size * 1.3 / MM
        for t in lines:
            fonts.draw_string(page.c, page.x(x0), page.y(y), t, o.font, size)
            y += size * 1.3 / MM
        return
    conv = lambda t: vertical.to_vertical(t, o.numerals, o.hyphen)  # noqa: E731
    cols = [conv(sender.address1 + sender.address2)] + ([conv(sender.address3)] if sender.address3 else [])
    cols = [c for c in cols if c] + list(sender.names)
    if not cols:
        return
    capacity = (y1 - y0) * MM
    size = min(11.5 if spec.sender_zip_x else 14.0, capacity / max(vertical.column_length(c, 1) for c in cols))
    pitch = min(size * 1.5 / MM, (x1 - x0) / len(cols))
    size = min(size, pitch * MM / 1.2)
    x = x1 - pitch / 2
    for col in cols:
        if spec.sender_zip_x:
            # Bottom-aligned just above the sender boxes, as a sender block is written by hand.
            top = page.y(y1) + vertical.column_length(col, size)
        else:
            top = page.y(y0 + 4)  # below the 〒 line on an envelope's back
        vertical.draw_column(page.c, page.x(x), top, col, o.font, size)
        x -= pitch


def _draw_horizontal(page: _Page, spec: CardSpec, row: AddressRow, o: CardOptions) -> None:
    w = spec.size_mm[0]
    left, right = 12.0, w - 8.0
    width = (right - left) * MM
    size = 13.0
    lines, ok = textfit.wrap_address(textfit.natural_chunks(row.address1, row.address2), width, o.font, size)
    while (not ok or len(lines) > 3) and size > 7:
        size *= 0.93
        lines, ok = textfit.wrap_address(textfit.natural_chunks(row.address1, row.address2), width, o.font, size)
    y = spec.address_top + 4
    for t in lines:
        y += size * 1.35 / MM
        fonts.draw_string(page.c, page.x(left), page.y(y), t, o.font, size)
    if row.address3:
        y += size * 1.35 / MM
        bw = fonts.string_width(row.address3, o.font, size)
        fonts.draw_string(page.c, max(page.x(left), page.x(right) - bw), page.y(y), row.address3, o.font, size)
    names = textfit.name_lines(row, o.max_joint, o.family_style)
    if not names:
        return
    nsize = 24.0
    cols = textfit.name_columns(names, o.font, nsize)
    if cols.width > width:
        nsize *= width / cols.width
        cols = textfit.name_columns(names, o.font, nsize)
    x = page.x(left) + (width - cols.width) / 2
    ny = max(y + 12, spec.name_top + 30)
    for line in names:
        base = page.y(ny)
        for text, dx in ((line.family, 0), (line.given, cols.given_x), (line.honorific, cols.honorific_x)):
            if text:
                fonts.draw_string(page.c, x + dx, base, text, o.font, nsize)
        ny += nsize * 1.35 / MM


def _draw_card(c, spec: CardSpec, row: AddressRow, sender: Sender | None, o: CardOptions) -> None:
    page = _Page(c, spec, o.offset_mm)
    if row.postal_digits:
        _zip_digits(page, row.postal_digits, spec.zip_x, spec.zip_top, spec.zip_box, o.font, 15, o.frames)
    elif o.frames:
        _zip_digits(page, "", spec.zip_x, spec.zip_top, spec.zip_box, o.font, 15, True)
    if o.horizontal:
        _draw_horizontal(page, spec, row, o)
    else:
        left = _draw_vertical_address(page, spec, row, o)
        _draw_vertical_names(page, spec, row, o, left)
    if sender and not spec.sender_on_back:
        _draw_sender(page, spec, sender, o, o.horizontal)


def render_cards(rows: list[AddressRow], out, spec: CardSpec = POSTCARD, sender: Sender | None = None,
                 opts: CardOptions | None = None) -> PrintResult:
    """One page per row (and, for envelopes with a sender, a back page after each front);
    with `copies` the whole set again after the first."""
    o = opts or CardOptions()
    fonts.register(o.font)
    w, h = spec.size_mm[0] * MM, spec.size_mm[1] * MM
    c = rl_canvas.Canvas(out, pagesize=(w, h))
    c.setTitle(_("Postcards") if spec.name == "postcard" else _("Envelopes"))
    c.setSubject(_("Contains personal data. Shred after use."))
    pages = 0
    for row in list(rows) * max(1, o.copies):
        _draw_card(c, spec, row, sender, o)
        c.showPage()
        pages += 1
        if sender and spec.sender_on_back:
            _draw_sender(_Page(c, spec, o.offset_mm), spec, sender, o, o.horizontal)
            c.showPage()
            pages += 1
    c.save()
    return PrintResult(pages=pages, items=len(rows), problems=preflight(rows, o.font))


def render_postcards(rows, out, sender=None, opts=None) -> PrintResult:
    return render_cards(rows, out, POSTCARD, sender, opts)


def render_envelopes(rows, out, sender=None, opts=None) -> PrintResult:
    return render_cards(rows, out, ENVELOPE, sender, opts)
