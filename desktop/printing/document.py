"""The page machinery of the list prints (call tree, safety sheets, register, plans, lists, pack).

`ListCanvas` keeps every page until the end, like furniture.FurnitureCanvas, and then writes
each page once per copy with the shared furniture (furniture.draw: title, 和暦+西暦 date,
"page x / y", 個人情報・取扱注意), plus what only these prints carry:
  - a banner under the title that states the register mode and the reason (DESIGN.md: a
    disaster print "includes everyone and says so"; 災害対策基本法 art. 49-11);
  - the copy mark 「N部のうち k」 and the ledger number (domain.md §1.6: keep a 管理台帳 and
    note every copy, 恵庭市 覚書 §6–8);
  - PDF bookmarks, bound to the page they belong to when that page is written.
Copies are replayed from the kept page streams, so N copies cost one layout.

`Text` writes the text of a page in one BT…ET block (fonts.TextBlock) with shrink-and-wrap
fitting into boxes; `Col` + `table_*` draw ruled tables without platypus (thousands of rows).
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas as rl_canvas

from desktop.i18n import _
from desktop.printing import cellwrap, fonts, furniture
from desktop.printing.fonts import ASCENT
from desktop.printing.furniture import MM

PORTRAIT = A4
# Our readers are mostly over 65: the smallest text a list print uses on purpose is the reading
# over a name at 7 pt. Text that had to shrink below this gets a note (small_text_note).
SMALL_PT = 7.0
LANDSCAPE = landscape(A4)
MARGIN = 15 * MM
BOTTOM = 14 * MM  # above the footer (folio and 個人情報・取扱注意 at 8 mm)
LEADING = 1.18
GRAY = 0.88  # header cell fill


@dataclass
class PrintOptions:
    """What every list print needs besides its rows.

    copies None: no copy marks (a screen preview). With custody, copies ≥ 1 and `ledger_no`
    is the PrintCustody id, printed beside the mark so a returned copy finds its ledger line.
    """

    date: dt.date = field(default_factory=dt.date.today)
    copies: int | None = None
    ledger_no: int | None = None
    banner: str = ""
    disaster: bool = False
    font: str = fonts.GOTHIC


def mode_banner(mode: str, reason: str = "") -> str:
    """The sentence every register/plan page carries (art. 49-11 paras 2 and 3)."""
    if mode == "disaster":
        return _("DISASTER MODE: everyone is listed, with or without consent (art. 49-11 (3)). Reason: %s") % reason.strip()
    return _("Normal times: only people who consented are listed (art. 49-11 (2)).")


def small_text_note(size: float) -> str:
    return _("To fit, some text on this print is as small as %.1f pt, which is hard to read. "
             "Shorter entries (address, notes, names of supporters) read better.") % size


def copy_mark(k: int, n: int) -> str:
    """「3部のうち2」: copy k of n."""
    return _("copy %(k)d of %(n)d") % {"k": k, "n": n}


@dataclass
class _PageInfo:
    title: str
    banner: str
    size: tuple[float, float]


@dataclass
class Area:
    """The writable rectangle of a page in points (reportlab: y grows upwards)."""

    left: float
    right: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left


class ListCanvas(rl_canvas.Canvas):
    def __init__(self, filename, opts: PrintOptions, pdf_title: str = ""):
        # A path becomes str for reportlab; a binary file object (BytesIO for previews) is
        # passed as it is, so nothing with personal data has to touch the disk.
        target = str(filename) if isinstance(filename, (str, os.PathLike)) else filename
        super().__init__(target, pagesize=PORTRAIT, pageCompression=1)
        fonts.register_all()
        self.opts = opts
        self._kept: list[tuple[dict, _PageInfo]] = []
        self._info: _PageInfo | None = None
        self._marks: list[tuple[int, str, int]] = []  # (page index, title, level)
        self._pending: list[tuple[str, int]] = []
        self._late: dict[int, list] = {}  # page index → fn(canvas), drawn when the page is written
        self._smallest = float("inf")  # the smallest text size drawn through Text (see note_size)
        if pdf_title:
            self.setTitle(pdf_title)
        self.setSubject(furniture.CONFIDENTIAL)

    # -- building pages ------------------------------------------------------------------------
    def new_page(self, title: str, size=PORTRAIT, banner: str | None = None) -> Area:
        """Close the open page (if any) and start one; return its writable area."""
        if self._info is not None:
            self.end_page()
        self.setPageSize(size)
        for title_, level in self._pending:
            self._marks.append((len(self._kept), title_, level))
        self._pending = []
        self._info = _PageInfo(title, self.opts.banner if banner is None else banner, size)
        w, h = size
        top = h - (25 if self._info.banner else 18.5) * MM
        return Area(MARGIN, w - MARGIN, top, BOTTOM)

    def end_page(self) -> None:
        self._kept.append((dict(self.__dict__), self._info))
        self._info = None
        self._startPage()

    def bookmark(self, title: str, level: int = 0) -> None:
        """An outline entry pointing at the next page that `new_page` starts."""
        self._pending.append((title, level))

    def later(self, fn) -> None:
        """Draw `fn(canvas)` on the page being built when it is written (e.g. a table of
        contents that needs the page numbers of what follows)."""
        self._late.setdefault(len(self._kept), []).append(fn)

    def bookmark_here(self, title: str, level: int = 0) -> None:
        """An outline entry pointing at the page being built."""
        self._marks.append((len(self._kept), title, level))

    @property
    def current_page(self) -> int:
        """1-based number of the page being built (per copy)."""
        return len(self._kept) + 1

    @property
    def next_page(self) -> int:
        """1-based number that the next `new_page` will have (per copy)."""
        return len(self._kept) + (2 if self._info is not None else 1)

    def note_size(self, size: float) -> None:
        """Text.at reports every size it draws, so a result can say how small the print got."""
        if size < self._smallest:
            self._smallest = size

    @property
    def smallest_pt(self) -> float:
        """The smallest text size on the pages (0.0 when nothing was drawn through Text)."""
        return 0.0 if self._smallest == float("inf") else self._smallest

    def finish(self, result=None) -> int:
        """Write every kept page once per copy, then the file; return the pages written
        (all copies). `pages_per_copy` holds the pages of one copy. A `result` (ListResult)
        gets the pages and the smallest text size."""
        if self._info is not None:
            self.end_page()
        copies = self.opts.copies or 1
        total = len(self._kept)
        marks: dict[int, list[tuple[str, int]]] = {}
        for index, title, level in self._marks:
            marks.setdefault(index, []).append((title, level))
        serial = 0
        for k in range(1, copies + 1):
            for index, (state, info) in enumerate(self._kept):
                self.__dict__.update(state)
                self._code = list(state["_code"])  # each copy appends its own furniture
                for fn in self._late.get(index, ()):
                    fn(self)
                self._furnish(info, index + 1, total, k)
                if copies > 1 and index == 0:
                    serial += 1
                    key = f"copy{k}"
                    self.bookmarkPage(key)
                    self.addOutlineEntry(copy_mark(k, copies), key, 0)
                for title, level in marks.get(index, ()):
                    serial += 1
                    key = f"m{serial}"
                    self.bookmarkPage(key)
                    self.addOutlineEntry(title, key, level + (1 if copies > 1 else 0))
                rl_canvas.Canvas.showPage(self)
        if self._marks:
            self.showOutline()
        self.save()
        self.pages_per_copy = total
        if result is not None:
            result.pages = total * copies
            result.smallest_pt = float(self.smallest_pt)
        return total * copies

    def _furnish(self, info: _PageInfo, page: int, total: int, copy: int) -> None:
        opts = self.opts
        furniture.draw(self, furniture.Furniture(info.title, opts.date, True, opts.font), page, total, info.size)
        w, h = info.size
        if info.banner:
            y0, y1 = h - 23.5 * MM, h - 16.5 * MM
            self.saveState()
            if opts.disaster:
                self.setFillGray(0.85)
                self.setLineWidth(1.5)
                self.rect(MARGIN, y0, w - 2 * MARGIN, y1 - y0, stroke=1, fill=1)
            else:
                self.setLineWidth(0.5)
                self.rect(MARGIN, y0, w - 2 * MARGIN, y1 - y0, stroke=1, fill=0)
            self.restoreState()
            t = Text(self, fonts.GOTHIC_BOLD)
            t.box(MARGIN, y0, w - 2 * MARGIN, y1 - y0, info.banner, 10, align="center", wrap=True, min_size=6)
            t.close()
        if opts.copies:
            mark = copy_mark(copy, opts.copies)
            if opts.ledger_no:
                mark += "  " + _("ledger No. %d") % opts.ledger_no
            fonts.draw_string(self, MARGIN, 8 * MM, mark, fonts.GOTHIC_BOLD, 10)


# -- text --------------------------------------------------------------------------------------
def wrap(text: str, width: float, font: str, size: float, loose: bool = False) -> list[str]:
    """Lines of `text` no wider than `width`, broken at sensible places (cellwrap: never
    inside a number; dates, names and short words whole unless `loose`)."""
    return cellwrap.wrap(text, width, font, size, loose)


def block_height(lines: int, size: float) -> float:
    """Height that `lines` lines of text need: one em for a single line (a reading over a
    name fills its strip), the full line pitch for each line of a paragraph (so that it does
    not touch the rules of its cell)."""
    return size if lines <= 1 else lines * size * LEADING


def fit(text: str, width: float, height: float, font: str, size: float, *, wrap_lines: bool = True,
        min_size: float = 6.0) -> tuple[list[str], float]:
    """(lines, size) that fit the box: shrink to `min_size` keeping dates, names and short words
    whole; there, break inside them (cellwrap loose); then shrink further (never cut): a
    character never leaves its box."""
    if not text:
        return [], size
    s = size
    one = fonts.string_width(text, font, s)
    if "\n" not in text and one <= width and s <= height + 0.01:
        return [text], s  # the usual case: one measurement
    loose = False
    while True:
        lines = wrap(text, width, font, s, loose) if wrap_lines else text.split("\n")
        tall = block_height(len(lines), s) <= height + 0.01 or s <= 3
        wide = all(fonts.string_width(line, font, s) <= width + 0.01 for line in lines) or s <= 3
        if tall and wide:
            return lines, s
        if s > min_size:
            s = max(min_size, s - 0.5)
        elif wrap_lines and not loose:
            loose = True  # at the smallest size allowed: a word may break before the text shrinks more
        else:
            if wrap_lines and block_height(len(lines), s) > height:  # wrapping made it too tall
                wrap_lines = False
                lines = text.split("\n")
            s = max(3.0, s * 0.92)


def lines_at(text: str, width: float, font: str, size: float) -> list[str]:
    """The lines `fit` makes of `text` at `size` when that is its smallest size."""
    lines = wrap(text, width, font, size)
    if all(fonts.string_width(line, font, size) <= width + 0.01 for line in lines):
        return lines
    return wrap(text, width, font, size, loose=True)


class Text:
    """The text of one page region, written as one text block."""

    def __init__(self, canvas, font: str = fonts.GOTHIC):
        self.font = font
        self._tb = fonts.TextBlock(canvas)
        self._note_size = getattr(canvas, "note_size", None)

    def at(self, x: float, y: float, text: str, size: float, font: str | None = None, align: str = "left") -> None:
        if not text:
            return
        face = font or self.font
        if self._note_size is not None:
            self._note_size(size)
        if align != "left":
            w = fonts.string_width(text, face, size)
            x -= w if align == "right" else w / 2
        self._tb.text(x, y, text, face, size)

    def box(self, x: float, y: float, w: float, h: float, text: str, size: float, *, font: str | None = None,
            align: str = "left", valign: str = "middle", wrap: bool = True, min_size: float = 6.0,
            pad: float = 1.2 * MM) -> float:
        """Fit `text` into the box (x, y bottom-left, w×h); return the size used."""
        if not text:
            return size
        face = font or self.font
        inner_w, inner_h = max(1.0, w - 2 * pad), max(1.0, h - 0.8 * MM)
        lines, s = fit(text, inner_w, inner_h, face, size, wrap_lines=wrap, min_size=min_size)
        lh = s * LEADING
        block = block_height(len(lines), s)
        inset = (block - (len(lines) - 1) * lh - s) / 2  # from the block's top to the first em box
        if valign == "top":
            first = y + h - 0.6 * MM - inset - s * ASCENT
        else:
            first = y + (h + block) / 2 - inset - s * ASCENT
        xs = {"left": x + pad, "center": x + w / 2, "right": x + w - pad}[align]
        for i, line in enumerate(lines):
            self.at(xs, first - i * lh, line, s, face, align)
        return s

    def close(self) -> None:
        self._tb.close()


# -- tables ------------------------------------------------------------------------------------
@dataclass
class Col:
    head: str
    width: float  # mm
    align: str = "left"
    size: float = 9.5
    wrap: bool = True
    font: str | None = None
    ruby: bool = False  # value "reading\nname": the reading small above the name


def col_edges(cols: list[Col], left: float) -> list[float]:
    xs = [left]
    for c in cols:
        xs.append(xs[-1] + c.width * MM)
    return xs


def fit_widths(cols: list[Col], width_pt: float, flex: int) -> list[Col]:
    """Give column `flex` whatever width is left over (mm)."""
    fixed = sum(c.width for i, c in enumerate(cols) if i != flex)
    cols[flex].width = max(10.0, width_pt / MM - fixed)
    return cols


def table_head(c, t: Text, cols: list[Col], left: float, top: float, h: float, size: float = 9) -> float:
    """Grey header row; returns the y below it."""
    xs = col_edges(cols, left)
    c.saveState()
    c.setFillGray(GRAY)
    c.rect(xs[0], top - h, xs[-1] - xs[0], h, stroke=0, fill=1)
    c.restoreState()
    grid(c, xs, top, top - h)
    for i, col in enumerate(cols):
        t.box(xs[i], top - h, xs[i + 1] - xs[i], h, col.head, size, align="center", font=fonts.GOTHIC_BOLD,
              min_size=5, pad=0.6 * MM)
    return top - h


def table_row(c, t: Text, cols: list[Col], left: float, top: float, h: float, values: list[str],
              lines: bool = True) -> float:
    xs = col_edges(cols, left)
    if lines:
        grid(c, xs, top, top - h)
    for i, col in enumerate(cols):
        v = values[i] if i < len(values) else ""
        if v and col.ruby:
            reading, _sep, name = v.rpartition("\n")
            w = xs[i + 1] - xs[i]
            t.box(xs[i], top - h * 0.4, w, h * 0.36, reading, 7, wrap=False, pad=1.2 * MM)
            t.box(xs[i], top - h, w, h * 0.62, name, col.size, font=col.font or fonts.GOTHIC_BOLD, wrap=False)
        elif v:
            t.box(xs[i], top - h, xs[i + 1] - xs[i], h, v, col.size, font=col.font, align=col.align, wrap=col.wrap)
    return top - h


def grid(c, xs: list[float], top: float, bottom: float, width: float = 0.5) -> None:
    """A row of cells: verticals at each x, a line at top and bottom."""
    c.setLineWidth(width)
    segs = [(x, top, x, bottom) for x in xs]
    segs += [(xs[0], top, xs[-1], top), (xs[0], bottom, xs[-1], bottom)]
    c.lines(segs)


def heavy_line(c, x0: float, x1: float, y: float, width: float = 1.4) -> None:
    c.setLineWidth(width)
    c.line(x0, y, x1, y)
    c.setLineWidth(0.5)


def empty_page(c: ListCanvas, title: str, message: str, size=PORTRAIT) -> None:
    """A page that says there was nothing to print and what to do (DESIGN.md: every empty
    page says what to do next)."""
    area = c.new_page(title, size)
    t = Text(c)
    t.box(area.left, area.top - 40 * MM, area.width, 30 * MM, message, 14, align="center")
    t.close()


def glyph_problems(items: list[tuple[str, str]], font: str = fonts.GOTHIC) -> list:
    """[(who, text)] → rows.GlyphProblem for characters the print faces lack (warn first).

    One problem per person and kind: a print that has someone on several sections (the pack:
    safety sheet, register, plan) names them once, with every character found."""
    from desktop.printing.rows import GlyphProblem

    if fonts.has_all("".join(t for _w, t in items), font):
        return []
    found: dict[tuple[str, bool], list[str]] = {}  # (who, missing) → chars, in the order met
    for who, text in items:
        if fonts.has_all(text, font):
            continue
        missing = fonts.missing_chars(text, font)
        sub = [ch for ch in fonts.fallback_chars(text, font) if ch not in missing]
        for kind, chars in ((True, missing), (False, sub)):
            if chars:
                seen = found.setdefault((who, kind), [])
                seen += [ch for ch in chars if ch not in seen]
    return [GlyphProblem(who, tuple(chars), kind) for (who, kind), chars in found.items()]
