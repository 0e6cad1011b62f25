"""安否確認表 per block and the 集計表 for headquarters (print-formats.md §4, 安否確認).

The sheet follows the columns synthesised in §4 from 富士市, 鷺山校区 (岐阜市), 春日井市 and
箕面市: every household of the block in address order, each member
on a row with the reading, 要支援 marked, the status columns ○無事 / △軽傷 / ×重傷 / 不明 /
不在 to tick, 避難先, 家屋被害 (なし・一部損壊・半壊・全壊) per household, 確認者, 時刻, 備考.
The last rows of a block are blank (visitors, people not on the roster) and a summary row
counts each status (§4: "add a per-組 summary row with counts per status").

Order: households follow the address (1丁目2-9 before 1丁目2-10), not 五十音 like the other
lists (DESIGN.md), on purpose: the sheet is used on a round of the street door to door (§4,
春日井市: the 組長 makes rounds of the own 組's houses; §4 itself names no order), and a
checker on foot must not leaf back and forth. The header line of every page says
「住所の順（見回りの順）」 so nobody takes it for a sorting mistake.

The 要支援 mark comes only from register_rows(mode): in normal times only people who
consented are marked (災害対策基本法 art. 49-11); the page banner says which mode it is.
"""
from __future__ import annotations

from desktop.i18n import N_, _
from desktop.printing import fonts, words
from desktop.printing.document import (
    LANDSCAPE,
    Col,
    ListCanvas,
    PrintOptions,
    Text,
    col_edges,
    empty_page,
    fit_widths,
    glyph_problems,
    block_height,
    heavy_line,
    lines_at,
    table_head,
)
from desktop.printing.furniture import MM
from desktop.printing.list_rows import ListResult, SafetyBlock, SafetyHousehold, sentences, to_a_block_text

ROW_H = 8.2 * MM
HEAD_H = 10 * MM
BLANK_ROWS = 3
# What people tick or circle on the sheet, in the print's language (Japanese: the words of the
# municipal sheets in print-formats.md §4, 〇無事 / △軽傷 / ×重傷 / ？不明 / 不在).
STATUS = (N_("○\nSafe"), N_("△\nHurt"), N_("×\nBadly hurt"), N_("?\nNo news"), N_("Away"))
DAMAGE = N_("none · partly\nhalf · fully")
DESTINATION = N_("home · shelter\nrelatives · other")
SUPPORT_MARK = N_("★Support")
# The summary row: each status and the house damage, with room to write the counts.
SUMMARY = N_("○ Safe ___　△ Hurt ___　× Badly hurt ___　? No news ___　Away ___　At a shelter ___　"
             "Houses fully destroyed ___　half destroyed ___　partly damaged ___")
_NO, _ADDR, _DEST, _DAMAGE, _TIME = 0, 1, 10, 11, 13  # column indices of _cols()

# Sizes below which text on a sheet read by torchlight is not shrunk: a long address or name
# takes more lines (a taller row) instead of shrinking into the next column. Our readers are
# mostly over 65: the reading over a name is printed at READING_PT, the choices to circle
# (避難先, 家屋被害) at CHOICE_PT.
ADDR_PT = 8.5
MIN_ADDR = 7.0
MIN_NAME = 8.0
READING_PT = 7.0
CHOICE_PT = 8.0
_PAD = 1.2 * MM


def _cols(width: float) -> list[Col]:
    cols = [
        Col(_("No."), 8, "center", 9), Col(_("Address / phone"), 46, size=ADDR_PT), Col(_("Name (reading)"), 38),
        Col(_("Relation"), 13, "center", 8), Col(_("Needs support"), 13, "center", 8, font=fonts.GOTHIC_BOLD),
    ]
    cols += [Col(_(s), 9, "center") for s in STATUS]
    cols += [Col(_("Evacuated to"), 25, "center", CHOICE_PT), Col(_("House damage"), 22, "center", CHOICE_PT),
             Col(_("Checked by"), 17), Col(_("Time"), 13, "center", 9), Col(_("Notes"), 20)]
    return fit_widths(cols, width, len(cols) - 1)


def _address_text(h: SafetyHousehold) -> str:
    return h.address + ("\n" + words.phone("landline", h.landline) if h.landline else "")


def _row_heights(h: SafetyHousehold, xs: list[float]) -> list[float]:
    """Height of each member's row: one ROW_H, two when the name needs a second line at
    MIN_NAME; the last row grows when the address needs more lines than the rows give at
    ADDR_PT (a three-line address makes a taller row, not smaller print)."""
    name_w = xs[3] - xs[2] - 2 * _PAD
    heights = [ROW_H if fonts.string_width(m.name, fonts.GOTHIC_BOLD, MIN_NAME) <= name_w else 2 * ROW_H
               for m in h.members] or [ROW_H]
    text, width = _address_text(h), xs[2] - xs[1] - 2 * _PAD
    need = max(block_height(len(lines_at(text, width, fonts.GOTHIC, s)), s) for s in (ADDR_PT, MIN_ADDR)) + 1.4 * MM
    if need > sum(heights):
        heights[-1] += need - sum(heights)
    return heights


def _household_h(h: SafetyHousehold, xs: list[float]) -> float:
    return sum(_row_heights(h, xs))


def _parts(h: SafetyHousehold, xs: list[float], room: float) -> list[SafetyHousehold]:
    """The household as drawn: whole, or (a group home of many people) in parts that each fit
    a page, the later ones marked （続き） so the sheet still reads as one household."""
    if _household_h(h, xs) <= room:
        return [h]
    parts: list[SafetyHousehold] = []
    members: list = []
    for m in h.members:
        trial = SafetyHousehold(h.household_id, h.address, h.landline, tuple(members + [m]))
        if members and _household_h(trial, xs) > room:
            parts.append(SafetyHousehold(h.household_id, h.address, h.landline, tuple(members)))
            members = []
        members.append(m)
    parts.append(SafetyHousehold(h.household_id, h.address, h.landline, tuple(members)))
    return [parts[0]] + [SafetyHousehold(p.household_id, p.address + _("(continued)"), p.landline, p.members)
                         for p in parts[1:]]


def _draw_household(c, t: Text, cols: list[Col], xs: list[float], top: float, no: int, h: SafetyHousehold) -> float:
    heights = _row_heights(h, xs)
    bottom = top - sum(heights)
    c.setLineWidth(0.5)
    segs = [(x, top, x, bottom) for x in xs]
    # No, address and 家屋被害 span the household; every other column is per person.
    member_cols = [ci for ci in range(len(cols)) if ci not in (_NO, _ADDR, _DAMAGE)]
    y = top
    for mh in heights[:-1]:
        y -= mh
        segs += [(xs[ci], y, xs[ci + 1], y) for ci in member_cols]
    c.lines(segs)
    heavy_line(c, xs[0], xs[-1], bottom, 1.0)
    t.box(xs[0], bottom, xs[1] - xs[0], top - bottom, str(no), 9, align="center")
    t.box(xs[1], bottom, xs[2] - xs[1], top - bottom, _address_text(h), ADDR_PT, valign="top", min_size=MIN_ADDR)
    t.box(xs[_DAMAGE], top - ROW_H, xs[_DAMAGE + 1] - xs[_DAMAGE], ROW_H, _(DAMAGE), CHOICE_PT, align="center",
          pad=0.5 * MM, min_size=CHOICE_PT)
    y = top
    for m, mh in zip(h.members, heights):
        y -= mh
        name_w = xs[3] - xs[2]
        two_lines = mh > ROW_H * 1.5
        t.box(xs[2], y + mh - ROW_H * 0.42, name_w, ROW_H * 0.42, m.reading, READING_PT, wrap=False, pad=1 * MM,
              min_size=READING_PT)
        t.box(xs[2], y, name_w, mh - ROW_H * 0.38, m.name, 11, font=fonts.GOTHIC_BOLD if m.is_head else None,
              wrap=two_lines, min_size=MIN_NAME if two_lines else 6.0, valign="top" if two_lines else "middle")
        t.box(xs[3], y, xs[4] - xs[3], mh, m.relation, 8, align="center")
        if m.needs_support:
            t.box(xs[4], y, xs[5] - xs[4], mh, _(SUPPORT_MARK), 8, align="center", font=fonts.GOTHIC_BOLD, pad=0.4 * MM)
        t.box(xs[_DEST], y + mh - ROW_H, xs[_DEST + 1] - xs[_DEST], ROW_H, _(DESTINATION), CHOICE_PT, align="center",
              pad=0.4 * MM, min_size=CHOICE_PT)
        t.at((xs[_TIME] + xs[_TIME + 1]) / 2, y + mh - ROW_H / 2 - 3, "：", 9, align="center")
    return bottom


def _draw_blank_rows(c, t: Text, xs: list[float], top: float) -> float:
    c.setLineWidth(0.5)
    for i in range(BLANK_ROWS):
        y0, y1 = top - i * ROW_H, top - (i + 1) * ROW_H
        c.lines([(x, y0, x, y1) for x in xs] + [(xs[0], y1, xs[-1], y1)])
        t.at((xs[2] + xs[3]) / 2, y1 + ROW_H / 2 - 3, _("(not on the list)"), CHOICE_PT, align="center")
    return top - BLANK_ROWS * ROW_H


def _summary(c, t: Text, left: float, width: float, top: float, block: SafetyBlock) -> float:
    h = 13 * MM
    c.setLineWidth(1.0)
    c.rect(left, top - h, width, h, stroke=1, fill=0)
    head = _("Summary of %(block)s: %(households)d households, %(people)d people") % {
        "block": block.name, "households": len(block.households), "people": block.people}
    t.at(left + 2 * MM, top - 5 * MM, head, 10, font=fonts.GOTHIC_BOLD)
    t.box(left, top - h, width, 7 * MM, _(SUMMARY), 10, wrap=False)
    return top - h


def draw_block(c: ListCanvas, block: SafetyBlock, title: str) -> int:
    """One block's sheet from a new page; returns the pages used."""
    area = c.new_page(title, LANDSCAPE)
    cols = _cols(area.width)
    xs = col_edges(cols, area.left)
    pages = 1

    def page_head(area) -> tuple[Text, float]:
        t = Text(c)
        if block.block_id is None:  # the households in no 班 (whole association): nobody's sheet but this one
            info = _("In no block, so on no block leader's sheet: decide who checks them. In address order. Tick one "
                     "status column per person; write where they went.")
        else:
            info = _("Block: %(block)s   Leader: %(leader)s   In address order (the round of the street). "
                     "Check every person; tick one status column; write where they went.") % {
                "block": block.name, "leader": block.leader or "—"}
        t.box(area.left, area.top - 6 * MM, area.width, 6 * MM, info, 10, wrap=False)
        return t, table_head(c, t, cols, area.left, area.top - 7 * MM, HEAD_H, 8.5)

    t, y = page_head(area)
    page_room = y - area.bottom  # what a fresh page holds below its table head
    fresh = True
    for no, h in enumerate(block.households, 1):
        for part in _parts(h, xs, page_room):
            need = _household_h(part, xs)
            if y - need < area.bottom and not fresh:
                t.close()
                area = c.new_page(title, LANDSCAPE)
                pages += 1
                t, y = page_head(area)
            y = _draw_household(c, t, cols, xs, y, no, part)
            fresh = False
    if y - BLANK_ROWS * ROW_H - 14 * MM < area.bottom:
        t.close()
        area = c.new_page(title, LANDSCAPE)
        pages += 1
        t, y = page_head(area)
    y = _draw_blank_rows(c, t, xs, y)
    _summary(c, t, area.left, area.width, y - 1.5 * MM, block)
    t.close()
    return pages


def texts(blocks: list[SafetyBlock]) -> list[tuple[str, str]]:
    return [(m.name, m.name + h.address) for b in blocks for h in b.households for m in h.members]


def render_safety(blocks: list[SafetyBlock], out, opts: PrintOptions | None = None) -> ListResult:
    """安否確認表 for one block or every block, a bookmark per block."""
    opts = opts or PrintOptions()
    c = ListCanvas(out, opts, _("Safety-check sheet"))
    result = ListResult(problems=glyph_problems(texts(blocks)))
    draw_safety(c, blocks, result)
    c.finish(result)
    return result


def draw_safety(c: ListCanvas, blocks: list[SafetyBlock], result: ListResult, level: int = 0) -> None:
    if not blocks or not any(b.households for b in blocks):
        empty_page(c, _("Safety-check sheet"), _("No households to list. Add households to a block in the roster."), LANDSCAPE)
    for b in blocks:
        if not b.households:
            continue
        result.sections.append((b.name, c.next_page))
        c.bookmark(b.name, level)
        draw_block(c, b, _("Safety-check sheet") + f"　{b.name}")
        result.items += len(b.households)
        if b.block_id is None:
            result.notes.append(no_block_note(b))


def no_block_note(b: SafetyBlock) -> str:
    """What the CLI and the print page say when a sheet has the section of households in no 班."""
    said = (_("%(households)d households (%(people)d people) are in no block: they are in the last section "
              "「%(section)s」.") % {"households": len(b.households), "people": b.people, "section": b.name})
    return sentences(said, to_a_block_text())


# -- the tally sheet for headquarters ------------------------------------------------------------
def tally_cols(width: float) -> list[Col]:
    cols = [Col(_("Block"), 16, "center", 10), Col(_("Leader"), 28), Col(_("House-\nholds"), 12, "right"),
            Col(_("People"), 12, "right"), Col(_("Needs support"), 13, "right"), Col(_("Households checked"), 15)]
    cols += [Col(_(s), 12, "center") for s in STATUS]
    # 一部損壊 and 避難所へ are words: the columns are wide enough to print them on one line at 8.5 pt.
    cols += [Col(_("At a shelter"), 14), Col(_("Fully\ndestroyed"), 14), Col(_("Half\ndestroyed"), 14),
             Col(_("Partly\ndamaged"), 14), Col(_("Reported by"), 20), Col(_("Time"), 14), Col(_("Notes"), 16)]
    return fit_widths(cols, width, len(cols) - 1)


def draw_tally(c: ListCanvas, blocks: list[SafetyBlock], title: str) -> int:
    area = c.new_page(title, LANDSCAPE)
    cols = tally_cols(area.width)
    t = Text(c)
    note = _("Each block leader reports the counts of the block sheet to headquarters; the first report within 3 hours.")
    t.box(area.left, area.top - 6 * MM, area.width, 6 * MM, note, 10, wrap=False)
    y = table_head(c, t, cols, area.left, area.top - 7 * MM, 12 * MM, 8.5)
    row_h = max(7 * MM, min(11 * MM, (y - area.bottom - 12 * MM) / max(1, len(blocks) + 1)))
    pages = 1
    xs = col_edges(cols, area.left)
    totals = [0, 0, 0]

    def row(values: list[str], top: float, bold: bool = False) -> float:
        c.setLineWidth(0.5)
        c.lines([(x, top, x, top - row_h) for x in xs] + [(xs[0], top - row_h, xs[-1], top - row_h)])
        for i, v in enumerate(values):
            if v:
                t.box(xs[i], top - row_h, xs[i + 1] - xs[i], row_h, v, 10, align=cols[i].align,
                      font=fonts.GOTHIC_BOLD if bold else None)
        return top - row_h

    for b in blocks:
        if y - row_h < area.bottom + row_h:
            t.close()
            area = c.new_page(title, LANDSCAPE)
            pages += 1
            t = Text(c)
            y = table_head(c, t, cols, area.left, area.top, 12 * MM, 8.5)
        name = _("No block") if b.block_id is None else b.name  # the section's long title does not fit the column
        y = row([name, b.leader, str(len(b.households)), str(b.people), str(b.supported)], y)
        totals = [totals[0] + len(b.households), totals[1] + b.people, totals[2] + b.supported]
    heavy_line(c, xs[0], xs[-1], y)
    row([_("Total"), "", *map(str, totals)], y, bold=True)
    t.close()
    return pages


def render_tally(blocks: list[SafetyBlock], out, opts: PrintOptions | None = None) -> ListResult:
    opts = opts or PrintOptions()
    c = ListCanvas(out, opts, _("Safety-check tally (HQ)"))
    draw_tally(c, blocks, _("Safety-check tally (HQ)"))
    result = ListResult(items=len(blocks), notes=[no_block_note(b) for b in blocks if b.block_id is None])
    c.finish(result)
    return result
