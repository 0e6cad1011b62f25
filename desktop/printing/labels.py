"""Mailing labels (宛名ラベル) on A4 sheets: rows in, PDF out.

Layout of one label, top to bottom: 〒 postal code, the address (wrapped at natural breaks,
building on its own line), then the names, larger, as an aligned 連名 block. Everything is
shrunk until it fits inside the label's padded rectangle, so no character ever leaves it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.pdfgen import canvas as rl_canvas

from desktop.i18n import _
from desktop.printing import fonts, textfit
from desktop.printing.fonts import ASCENT
from desktop.printing.rows import AddressRow, GlyphProblem, PrintResult
from desktop.printing.sheets import MM, Sheet, get_offset, page_count, placements, rl_box

PER_CHOICES = ("household", "person")
SORT_CHOICES = ("postal", "block", "reading")
LEADING = 1.18  # line box / font size: compact enough for 3 names on a 12-up label


@dataclass
class LabelOptions:
    per: str = "household"
    start: int = 1  # 1 = top-left label of the first (partly used) sheet
    sort: str | None = None  # None keeps the caller's order
    max_joint: int = 3  # more people than this → 「○○家 御一同様」 / ご家族様
    family_style: str = "ichidou"  # or "gokazoku"
    offset_mm: tuple[float, float] | None = None  # None → the offset saved for the sheet
    font: str = fonts.GOTHIC
    outlines: bool = False  # draw label borders: for test prints on plain paper
    # Whole sets, one after the other (the custody ledger counts them). Each later set starts
    # at the top-left of a fresh sheet: only the first sheet fed can be a partly used one.
    copies: int = 1


def sort_rows(rows: list[AddressRow], how: str | None) -> list[AddressRow]:
    if not how:
        return list(rows)
    postal = lambda r: r.postal_digits or "9999999"  # noqa: E731 - rows without one go last
    keys = {
        "postal": lambda r: (postal(r), r.address1, r.address2, r.address3, r.reading),
        "block": lambda r: (not r.block, r.block_order, r.block, postal(r), r.address1, r.address2, r.address3, r.reading),
        "reading": lambda r: (r.reading, postal(r)),
    }
    if how not in keys:
        raise ValueError(_("Sort by one of: %s") % ", ".join(SORT_CHOICES))
    return sorted(rows, key=keys[how])


def per_person(rows: list[AddressRow]) -> list[AddressRow]:
    """One row per name (a household row with three people becomes three labels)."""
    out = []
    for r in rows:
        if len(r.names) <= 1:
            out.append(r)
        else:
            out.extend(replace(r, names=(n,)) for n in r.names)
    return out


def preflight(rows: list[AddressRow], font: str = fonts.GOTHIC) -> list[GlyphProblem]:
    """Before printing: rows with characters only the fallback face has, or that no bundled
    font has (those would print as 〓). Names the people so the user can fix the record."""
    problems = []
    if fonts.has_all("".join(t for r in rows for t in r.texts()), font):
        return problems  # the usual case: one set check for the whole job
    for r in rows:
        text = "".join(r.texts())
        if fonts.has_all(text, font):
            continue
        who = "・".join(n.full for n in r.names) or r.address1
        missing = fonts.missing_chars(text, font)
        if missing:
            problems.append(GlyphProblem(who, tuple(missing), True, r.key))
        substituted = [c for c in fonts.fallback_chars(text, font) if c not in missing]
        if substituted:
            problems.append(GlyphProblem(who, tuple(substituted), False, r.key))
    return problems


def _padding(w_mm: float, h_mm: float) -> tuple[float, float]:
    # Labels of 18/21-up sheets touch the paper edge, where many printers cannot print; 4 mm
    # keeps text on the printable area. Small labels (44/65-up) cannot afford as much.
    return (4.0 if w_mm >= 60 else 2.2) * MM, (3.0 if h_mm >= 40 else 2.0 if h_mm >= 30 else 1.5) * MM


@dataclass
class _Layout:
    postal: str
    postal_size: float
    address: list[str]
    address_size: float
    names: list[textfit.NameLine]
    name_size: float
    columns: textfit.NameColumns | None
    height: float


def layout_label(row: AddressRow, inner_w: float, inner_h: float, opts: LabelOptions) -> _Layout:
    """Choose sizes and line breaks so the whole label fits inner_w × inner_h points."""
    font = opts.font
    base = min(1.2, inner_h / (36 * MM))  # sizes below are for a 12-up label (36 mm inside)
    postal_size, address_size, name_size = 9 * base, 10.5 * base, 14 * base
    digits = row.postal_digits
    postal = f"〒{digits[:3]}-{digits[3:]}" if digits else ""
    joined = row.address1.strip() + row.address2.strip()
    chunks = None  # natural breaks, worked out only for an address that needs wrapping
    names = textfit.name_lines(row, opts.max_joint, opts.family_style)
    for _attempt in range(40):
        cols = textfit.name_columns(names, font, name_size) if names else None
        if cols and cols.width > inner_w:
            name_size *= inner_w / cols.width * 0.999
            cols = textfit.name_columns(names, font, name_size)
        if fonts.string_width(joined, font, address_size) <= inner_w:
            address, ok = ([joined] if joined else []), True
        else:
            chunks = chunks or textfit.natural_chunks(row.address1, row.address2)
            address, ok = textfit.wrap_address(chunks, inner_w, font, address_size)
        if row.address3:
            more, ok3 = textfit.wrap_address([row.address3], inner_w, font, address_size)
            address, ok = address + more, ok and ok3
        # Prefer a smaller address over a third or fourth address line (names need room).
        if ok and len(address) > 3 and address_size > 7.5 * base:
            address_size *= 0.93
            continue
        gap = 0.35 * name_size if names else 0
        height = (
            (postal_size * LEADING if postal else 0)
            + len(address) * address_size * LEADING
            + gap
            + len(names) * name_size * LEADING
        )
        if ok and height <= inner_h:
            return _Layout(postal, postal_size, address, address_size, names, name_size, cols, height)
        factor = 0.95 if not ok else max(0.5, min(0.97, inner_h / height))
        postal_size, address_size, name_size = postal_size * factor, address_size * factor, name_size * factor
    raise RuntimeError("label layout did not converge")  # cannot happen: sizes shrink to ~0


def _baseline(top: float, size: float) -> float:
    """Baseline of a line whose box (size × LEADING) starts at `top` (y grows upwards)."""
    return top - size * (LEADING - 1) / 2 - size * ASCENT


def draw_label(c, row: AddressRow, box, opts: LabelOptions, padding: tuple[float, float] | None = None,
               drawn_sizes: list[float] | None = None) -> None:
    """Draw one label; the smaller of its address and name sizes is appended to drawn_sizes."""
    drawn_sizes = [] if drawn_sizes is None else drawn_sizes
    pad_x, pad_y = padding or _padding(box.w / MM, box.h / MM)
    inner_w, inner_h = box.w - 2 * pad_x, box.h - 2 * pad_y
    lay = layout_label(row, inner_w, inner_h, opts)
    left, top, font = box.x + pad_x, box.y + box.h - pad_y, opts.font
    drawn_sizes.append(min(s for s in (lay.address_size if lay.address else 99, lay.name_size if lay.names else 99)))
    t = fonts.TextBlock(c)
    covered = fonts.has_all("".join(row.texts()), font)  # one check instead of one per piece
    if lay.postal:
        t.text(left, _baseline(top, lay.postal_size), lay.postal, font, lay.postal_size, covered)
        top -= lay.postal_size * LEADING
    for line in lay.address:
        t.text(left, _baseline(top, lay.address_size), line, font, lay.address_size, covered)
        top -= lay.address_size * LEADING
    if lay.names:
        # The name block sits in the space left below the address, centred both ways.
        free = top - (box.y + pad_y) - len(lay.names) * lay.name_size * LEADING
        top -= max(0.35 * lay.name_size, free / 2)
        cols = lay.columns
        x0 = left + max(0.0, (inner_w - cols.width) / 2)
        s = lay.name_size
        space = fonts.string_width(" ", font, s)
        for line in lay.names:
            y = _baseline(top, s)
            for piece in _merged(line, cols, font, s, space):
                t.text(x0 + piece[0], y, piece[1], font, s, covered, piece[2] or 0.0)
            top -= s * LEADING
    t.close()


def _merged(line: textfit.NameLine, cols: textfit.NameColumns, font: str, size: float, space: float):
    """The pieces of one name line as (x, text, word_space). Pieces are joined with " " when
    the PDF word spacing (Tw, which widens only the space character) can carry the column
    gap: same place on paper, one text run instead of two or three, and the extracted text
    reads 花子 様 with a single space."""
    out: list[list] = []  # [x, text, word_space or None, has its own spaces]
    end = 0.0
    for x, text in ((0.0, line.family), (cols.given_x, line.given), (cols.honorific_x, line.honorific)):
        if not text:
            continue
        extra = x - end - space
        prev = out[-1] if out else None
        if (prev and not prev[3] and " " not in text and extra > -1e-6
                and (prev[2] is None or abs(prev[2] - extra) < 1e-6)):
            prev[1] += " " + text
            prev[2] = max(0.0, extra)
        else:
            out.append([x, text, None, " " in text])
        end = x + fonts.string_width(text, font, size)
    return out


SMALL_PT = 6.0  # below this an address or name is hard to read for most of our users


def small_text_note(size: float) -> str:
    # Postcards and envelopes report their smallest size too (postcards.py adds a note per
    # person), so the advice fits every address print.
    return _("To fit, some addresses or names print as small as %.1f pt, which is hard to read. "
             "Fewer words in the address read better (on labels, so does a sheet with larger labels).") % size


def render_labels(rows: list[AddressRow], out, sheet: Sheet, opts: LabelOptions | None = None) -> PrintResult:
    """Write the labels for `rows` to `out` (a path or a binary file). Returns pages/items and
    the glyph problems found (call `preflight` first to warn the user before printing)."""
    opts = opts or LabelOptions()
    if opts.per not in PER_CHOICES:
        raise ValueError(_("Print per household or per person."))
    fonts.register(opts.font)
    items = sort_rows(per_person(rows) if opts.per == "person" else list(rows), opts.sort)
    items = [r for r in items if r.names or r.address1]
    offset = opts.offset_mm if opts.offset_mm is not None else get_offset(sheet.id)
    pw, ph = sheet.paper_mm[0] * MM, sheet.paper_mm[1] * MM
    c = rl_canvas.Canvas(out, pagesize=(pw, ph))
    c.setTitle(_("Mailing labels") + f" — {sheet.title}")
    c.setSubject(_("Contains personal data. Shred after use."))
    padding = _padding(*sheet.label_mm)  # the same for every label of the sheet
    sizes: list[float] = []
    pages = 0
    for copy in range(max(1, opts.copies)):
        start = opts.start if copy == 0 else 1
        current = 0
        for page, slot in placements(sheet, len(items), start):
            if page != current:
                c.showPage()
                current = page
            box = rl_box(sheet, slot, offset)
            if opts.outlines:
                _outline(c, sheet, box)
            draw_label(c, items[_index(page, slot, sheet, start)], box, opts, padding, sizes)
        if items:
            c.showPage()  # a set ends its sheet: the next set never shares it
        pages += page_count(sheet, len(items), start)
    c.save()
    return PrintResult(pages=pages, items=len(items), problems=preflight(items, opts.font),
                       smallest_pt=min(sizes, default=0.0))


def _index(page: int, slot: int, sheet: Sheet, start: int) -> int:
    return page * sheet.per_page + slot - (start - 1)


def _outline(c, sheet: Sheet, box) -> None:
    c.setLineWidth(0.3)
    c.setStrokeGray(0.6)
    r = sheet.corner_radius_mm * MM
    if r:
        c.roundRect(box.x, box.y, box.w, box.h, r)
    else:
        c.rect(box.x, box.y, box.w, box.h)
    c.setStrokeGray(0)


def render_calibration(out, sheet: Sheet, offset_mm: tuple[float, float] = (0.0, 0.0)) -> None:
    """A page to find the printer offset: print it on plain paper, lay it on a label sheet
    against the light, and read on the scales how far the outlines are from the labels."""
    fonts.register(fonts.GOTHIC)
    pw, ph = sheet.paper_mm[0] * MM, sheet.paper_mm[1] * MM
    c = rl_canvas.Canvas(out, pagesize=(pw, ph))
    c.setTitle(_("Calibration page") + f" — {sheet.title}")
    for slot in range(sheet.per_page):
        box = rl_box(sheet, slot, offset_mm)
        _outline(c, sheet, box)
        cx, cy = box.x + box.w / 2, box.y + box.h / 2
        c.line(cx - 3 * MM, cy, cx + 3 * MM, cy)
        c.line(cx, cy - 3 * MM, cx, cy + 3 * MM)
    # Millimetre scales at the first label's top-left corner, from -5 to +5 mm each way.
    first = rl_box(sheet, 0, offset_mm)
    x0, y0 = first.x, first.y + first.h
    c.setLineWidth(0.2)
    for i in range(-5, 6):
        tick = (2.5 if i % 5 == 0 else 1.2) * MM
        c.line(x0 + i * MM, y0 - tick, x0 + i * MM, y0)
        c.line(x0, y0 + i * MM, x0 + tick, y0 + i * MM)
    lines = [
        _("Calibration page for %s") % sheet.title,
        _("1. Print this page on plain paper at 100 % (no \"fit to page\")."),
        _("2. Lay it on a label sheet and hold both against a window."),
        _("3. If the outlines sit left of the labels, enter a positive x offset (mm);"),
        _("   if they sit above the labels, enter a positive y offset (mm)."),
        _("Current offset: x %(x)+.1f mm, y %(y)+.1f mm") % {"x": offset_mm[0], "y": offset_mm[1]},
    ]
    size = 9
    width = max(fonts.string_width(t, fonts.GOTHIC, size) for t in lines) + 8 * MM
    height = len(lines) * size * 1.5 + 6 * MM
    bx, by = (pw - width) / 2, (ph - height) / 2
    c.setFillGray(1)
    c.rect(bx, by, width, height, fill=1)
    c.setFillGray(0)
    for i, text in enumerate(lines):
        fonts.draw_string(c, bx + 4 * MM, by + height - 3 * MM - (i + 1) * size * 1.5 + 3, text, fonts.GOTHIC, size)
    c.showPage()
    c.save()
