"""Salon attendance sheet: a month grid to fill in by hand (DESIGN.md §What it prints 7).

One row per regular (五十音), one column per session date of the month (the saved sessions,
else the dates the salon's schedule gives), blank rows for newcomers, and a count row.
Marks follow the attendance states of the app (出席 / 欠席 / 欠席連絡あり / 手紙) so the
sheet can be typed in later; the legend (marks and words), month and weekdays follow the
print's language; domain.md §2.6: pre-loaded names make paper sign-in quick.
"""
from __future__ import annotations

from desktop import jdates
from desktop.i18n import _, language
from desktop.printing import fonts
from desktop.printing.document import (
    LANDSCAPE,
    Col,
    ListCanvas,
    PrintOptions,
    Text,
    col_edges,
    glyph_problems,
    heavy_line,
    table_head,
    table_row,
)
from desktop.printing.furniture import MM
from desktop.printing.list_rows import AttendanceSheet, ListResult

WEEKDAYS = "月火水木金土日"
# English names from jdates, not strftime's (those follow the process's locale).
WEEKDAYS_EN, MONTHS_EN = jdates.WEEKDAYS_EN, jdates.MONTHS_EN
BLANK_ROWS = 5
ROW_H = 10 * MM
CANCELLED_GRAY = 0.85  # cells of a cancelled session: light enough for a home printer


def legend() -> str:
    """The marks people write on the paper and what they mean: ○ × 連 手 in Japanese; in English
    ○ × W (sent word) L (letter or phone), letters an English reader writes and remembers."""
    return _("○ Attended　× Absent　W Absent, sent word　L Took part by letter or phone")


def weekday(d) -> str:
    return WEEKDAYS_EN[d.weekday()] if language() == "en" else WEEKDAYS[d.weekday()]


def month_text(year: int, month: int) -> str:
    """2026年11月, or Nov 2026 in English."""
    return f"{MONTHS_EN[month - 1]} {year}" if language() == "en" else f"{year}年{month}月"


def _cols(sheet: AttendanceSheet, width: float) -> list[Col]:
    heads = [f"{d.month}/{d.day}\n" + (_("Cancelled") if d in sheet.cancelled else f"({weekday(d)})")
             for d in sheet.dates]
    heads += ["　/　"] * max(0, 4 - len(heads))  # room for an extra or moved session
    date_w = min(24.0, max(12.0, (width / MM - 8 - 52 - 30) / len(heads)))
    cols = [Col(_("No."), 8, "center", 9), Col(_("Name"), 52, size=12, font=fonts.GOTHIC_BOLD, wrap=False)]
    cols += [Col(h, date_w, "center") for h in heads]
    cols.append(Col(_("Notes"), 30))
    fixed = sum(c.width for c in cols[:-1])
    cols[-1].width = max(20.0, width / MM - fixed)
    return cols


def _shade_cancelled(c: ListCanvas, xs: list[float], columns: list[int], top: float) -> None:
    """Grey the cells of cancelled sessions so nobody writes in them (drawn before the grid)."""
    if not columns:
        return
    c.saveState()
    c.setFillGray(CANCELLED_GRAY)
    for k in columns:
        c.rect(xs[k], top - ROW_H, xs[k + 1] - xs[k], ROW_H, stroke=0, fill=1)
    c.restoreState()


def title_of(sheet: AttendanceSheet) -> str:
    return _("Salon attendance") + f"　{sheet.salon}　{month_text(sheet.year, sheet.month)}"


def draw_sheet(c: ListCanvas, sheet: AttendanceSheet) -> int:
    title = title_of(sheet)
    people = list(sheet.people) + [("", "")] * BLANK_ROWS
    pages = 0
    i = 0
    while i < len(people) or pages == 0:
        area = c.new_page(title, LANDSCAPE)
        pages += 1
        cols = _cols(sheet, area.width)
        t = Text(c)
        place = "　".join(x for x in (sheet.venue, sheet.start_time) if x)
        t.box(area.left, area.top - 7 * MM, area.width, 7 * MM, f"{place}　　{legend()}".strip(), 10.5, wrap=False)
        y = table_head(c, t, cols, area.left, area.top - 8 * MM, 11 * MM, 10)
        xs = col_edges(cols, area.left)
        stopped = [2 + k for k, d in enumerate(sheet.dates) if d in sheet.cancelled]  # column indexes
        while i < len(people) and y - ROW_H >= area.bottom + ROW_H:
            name, reading = people[i]
            _shade_cancelled(c, xs, stopped, y)
            table_row(c, t, cols, area.left, y, ROW_H, [str(i + 1), ""])
            if name:
                t.box(xs[1], y - ROW_H * 0.4, xs[2] - xs[1], ROW_H * 0.36, reading, 7, wrap=False)
                t.box(xs[1], y - ROW_H, xs[2] - xs[1], ROW_H * 0.64, name, 12, font=fonts.GOTHIC_BOLD, wrap=False)
            y -= ROW_H
            i += 1
        if i >= len(people):
            _shade_cancelled(c, xs, stopped, y)
            heavy_line(c, area.left, area.right if cols else area.left, y)
            counts = ["", _("Number present")] + [""] * len(sheet.dates)
            for k in stopped:
                counts[k] = _("Cancelled")
            table_row(c, t, cols, area.left, y, ROW_H, counts)
        t.close()
    return pages


def render_attendance(sheets: list[AttendanceSheet], out, opts: PrintOptions | None = None) -> ListResult:
    opts = opts or PrintOptions()
    c = ListCanvas(out, opts, _("Salon attendance"))
    result = ListResult(problems=glyph_problems([(n, n) for s in sheets for n, _r in s.people]))
    for s in sheets:
        result.sections.append((s.salon, c.next_page))
        c.bookmark(s.salon)
        draw_sheet(c, s)
        result.items += len(s.people)
    result.pages = c.finish()
    return result
