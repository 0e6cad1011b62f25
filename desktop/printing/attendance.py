"""Salon attendance sheet: a month grid to fill in by hand (DESIGN.md §What it prints 7).

One row per regular (五十音), one column per session date of the month (the saved sessions,
else the dates the salon's schedule gives), blank rows for newcomers, and a count row.
Marks follow the attendance states of the app (出席 / 欠席 / 欠席連絡あり / 手紙) so the
sheet can be typed in later; the legend (marks and words), month and weekdays follow the
print's language; domain.md §2.6: pre-loaded names make paper sign-in quick.

A session already marked in the app prints its marks and its count (a month printed after
the fact is the record of it); a session not marked yet stays blank, to fill in by hand.
The last page is never a few blank rows alone: rows shrink a little (not below MIN_ROW_H) so
the newcomers' rows fit with the people, and blank rows fill the last page to its foot.
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
BLANK_ROWS = 5  # at least this many rows for newcomers; more when the last page has room
ROW_H = 10 * MM
MIN_ROW_H = 8.5 * MM  # still room for the reading above a 12 pt name
MARKS = {"attended": "○", "absent": "×", "absent_notice": "連", "letter": "手"}  # as legend() says
MARKS_EN = {**MARKS, "absent_notice": "W", "letter": "L"}


def marks() -> dict[str, str]:
    """The mark printed for each recorded state, in the print's language (legend() names them)."""
    return MARKS_EN if language() == "en" else MARKS
MARK_SIZE = 14
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
    cols += [Col(h, date_w, "center", MARK_SIZE) for h in heads]
    cols.append(Col(_("Notes"), 30))
    fixed = sum(c.width for c in cols[:-1])
    cols[-1].width = max(20.0, width / MM - fixed)
    return cols


def _shade_cancelled(c: ListCanvas, xs: list[float], columns: list[int], top: float, row_h: float) -> None:
    """Grey the cells of cancelled sessions so nobody writes in them (drawn before the grid)."""
    if not columns:
        return
    c.saveState()
    c.setFillGray(CANCELLED_GRAY)
    for k in columns:
        c.rect(xs[k], top - row_h, xs[k + 1] - xs[k], row_h, stroke=0, fill=1)
    c.restoreState()


def plan_rows(people: int, space: float) -> tuple[float, int, int]:
    """(row height, rows a page, pages) for `people` and at least BLANK_ROWS blank rows, in
    `space` points of table below the head on each page (one row of it kept for the count).

    As few pages as rows of at least MIN_ROW_H allow, so the newcomers' rows never spill
    onto a page of their own; the rows are ROW_H high when that fits."""
    def per_page(h: float) -> int:
        return max(1, int(space / h + 1e-6) - 1)

    need = people + BLANK_ROWS
    pages = max(1, -(-need // per_page(MIN_ROW_H)))
    rows = -(-need // pages)  # the most a page must hold
    h = ROW_H if rows <= per_page(ROW_H) else space / (rows + 1)
    return h, per_page(h), pages


def _mark_cells(sheet: AttendanceSheet, person: int) -> list[str]:
    states = sheet.states[person] if person < len(sheet.states) else ()
    shown = marks()
    return [shown.get(states[k], "") if k < len(states) else "" for k in range(len(sheet.dates))]


def _counts(sheet: AttendanceSheet) -> list[str]:
    """The count row: for a session with marks, how many came (○) and took part by letter
    (手 n); blank for one not marked yet, 中止 for a cancelled one."""
    out = []
    for k, d in enumerate(sheet.dates):
        states = [row[k] for row in sheet.states if k < len(row)]
        if d in sheet.cancelled:
            out.append(_("Cancelled"))
        elif not any(states):
            out.append("")
        else:
            came, letters = states.count("attended"), states.count("letter")
            parts = [str(came)] if came or not letters else []
            out.append(" ".join(parts + ([f"{marks()['letter']}{letters}"] if letters else [])))
    return out


def title_of(sheet: AttendanceSheet) -> str:
    return _("Salon attendance") + f"　{sheet.salon}　{month_text(sheet.year, sheet.month)}"


def draw_sheet(c: ListCanvas, sheet: AttendanceSheet) -> int:
    title = title_of(sheet)
    people = list(sheet.people)
    total = 0  # rows in all, blank ones included: known once the first page gives the space
    row_h = per_page = 0
    pages = 0
    i = 0
    while i < total or pages == 0:
        area = c.new_page(title, LANDSCAPE)
        pages += 1
        cols = _cols(sheet, area.width)
        t = Text(c)
        place = "　".join(x for x in (sheet.venue, sheet.start_time) if x)
        t.box(area.left, area.top - 7 * MM, area.width, 7 * MM, f"{place}　　{legend()}".strip(), 10.5, wrap=False)
        y = table_head(c, t, cols, area.left, area.top - 8 * MM, 11 * MM, 10)
        if pages == 1:
            row_h, per_page, n_pages = plan_rows(len(people), y - area.bottom)
            total = n_pages * per_page  # blank rows fill the last page
        xs = col_edges(cols, area.left)
        stopped = [2 + k for k, d in enumerate(sheet.dates) if d in sheet.cancelled]  # column indexes
        for _row in range(per_page):
            if i >= total:
                break
            _shade_cancelled(c, xs, stopped, y, row_h)
            table_row(c, t, cols, area.left, y, row_h, [str(i + 1), ""] + (_mark_cells(sheet, i) if i < len(people) else []))
            if i < len(people):
                name, reading = people[i]
                t.box(xs[1], y - row_h * 0.4, xs[2] - xs[1], row_h * 0.36, reading, 7, wrap=False)
                t.box(xs[1], y - row_h, xs[2] - xs[1], row_h * 0.64, name, 12, font=fonts.GOTHIC_BOLD, wrap=False)
            y -= row_h
            i += 1
        if i >= total:
            _shade_cancelled(c, xs, stopped, y, row_h)
            heavy_line(c, area.left, area.right if cols else area.left, y)
            table_row(c, t, cols, area.left, y, row_h, ["", _("Number present")] + _counts(sheet))
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
    c.finish(result)
    return result
