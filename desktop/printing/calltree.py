"""電話連絡網 as a tree diagram on A4 portrait (print-formats.md §4 (a)).

The originator (発信者, usually the 班長) sits at the top; a bus line drops to the first
person of each chain (branch heads), one column per chain; each box shows the order in the
chain, the name, and the phone numbers in the order to try (固 landline, then 携 mobile;
Tel and Mob in English).
Under the last box of each chain: "report back to the originator". A node calling more
than one person (an edited tree) puts the extra callees indented below, joined by an elbow
line in the lane left of the boxes, so no line ever crosses a box.

The rules box (nakaotai.com, cited in §4): keep it short, read it back, if nobody answers
leave a message and go on to the next, call back later; plus the privacy notice
(ou-tashinami.com: do not copy, old copies are collected).
"""
from __future__ import annotations

from dataclasses import dataclass

from desktop.i18n import _
from desktop.printing import fonts
from desktop.printing.document import PORTRAIT, Area, ListCanvas, PrintOptions, Text, empty_page, glyph_problems
from desktop.printing.furniture import MM
from desktop.printing.list_rows import (NO_BLOCK, CallNode, CallTreeDoc, ListResult, Unassigned, sentences,
                                        to_a_block_text)

LANE = 3.5 * MM  # the elbow-line lane left of the boxes, per indent level
RULES_H = 40 * MM
ROOT_H = 17 * MM


def rules() -> list[str]:
    return [
        _("Keep the message short; read it from a note."),
        _("The person called reads the message back (復唱)."),
        _("No answer: leave the message with the family or on the answering machine, go on to the next person, and call back later."),
        _("Try the numbers in order: Tel (landline), then Mob (mobile)."),
        _("The last person of each chain reports back to the originator."),
        _("Do not copy this sheet. Return or destroy it when a new one is handed out."),
    ]


def phone_text(node: CallNode) -> str:
    if node.phones:
        return "  ".join(f"{p.mark} {p.number}" for p in node.phones)
    if node.children:  # the chain would stop here: say how it goes on
        return _("(no phone: visit, and call the next person yourself)")
    return _("(no phone)")


@dataclass
class _Slot:
    node: CallNode
    indent: int
    parent: int | None  # slot index in the same column
    step: str  # "2-3": chain 2, third call
    first_child: bool


def _column(head: CallNode, chain: int) -> list[_Slot]:
    slots: list[_Slot] = []

    def lay(node: CallNode, indent: int, parent: int | None, first: bool) -> None:
        slots.append(_Slot(node, indent, parent, f"{chain}-{len(slots) + 1}", first))
        me = len(slots) - 1
        for i, ch in enumerate(node.children):
            lay(ch, indent + (1 if i else 0), me, i == 0)

    lay(head, 0, None, True)
    return slots


def _arrow(c, x: float, y_from: float, y_to: float) -> None:
    c.line(x, y_from, x, y_to + 1.2 * MM)
    p = c.beginPath()
    p.moveTo(x - 1.1 * MM, y_to + 1.6 * MM)
    p.lineTo(x + 1.1 * MM, y_to + 1.6 * MM)
    p.lineTo(x, y_to)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


def _box(c, t: Text, x: float, y: float, w: float, h: float, step: str, node: CallNode, strong: bool = False) -> None:
    c.setLineWidth(1.2 if strong else 0.7)
    c.roundRect(x, y, w, h, 1.5 * MM, stroke=1, fill=0)
    name_h = h * 0.55
    # The step (1-2) or 「発信者」; a longer label (English "Originator") gets the room it needs
    # at 7 pt rather than shrinking to 4 pt.
    num_w = min(w / 3, max(9 * MM, fonts.string_width(step, fonts.GOTHIC, 7) + 1.2 * MM)) if step else 0
    if step:
        t.box(x, y + h - name_h, num_w, name_h, step, 8, align="center", pad=0.5 * MM)
    t.box(x + num_w, y + h - name_h, w - num_w, name_h, node.name, 13, font=fonts.GOTHIC_BOLD, wrap=False)
    t.box(x, y, w, h - name_h, phone_text(node), 10.5, align="left", min_size=6.5)


def NO_TREE_TEXT() -> str:  # noqa: N802 - a text, read at print time (the language may change)
    """No tree to print: trees are made for a block at its first print, but only from the
    households in it. Says what to do with the names on the screen."""
    return _("Call trees are made per block. First make the blocks with 「Blocks…」 on the roster page, then choose "
             "each household's block (「Open the household…」 → Block). The call tree is then made when you print.")


def NOBODY_TEXT() -> str:  # noqa: N802
    """A tree with nobody left to call and no household in its block."""
    return _("Nobody in this call tree can be called: its block has no households now. Choose the block for the "
             "households (roster → 「Open the household…」 → Block), then print again; or press 「Edit call trees」 → "
             "「Rebuild automatically」 on the print page.")


def unassigned_text(u: Unassigned) -> str:
    """What a whole-association call tree says about the households in no 班: no tree reaches
    them (a tree needs an originator, and none is made up for them), where they are instead."""
    said = (_("%(households)d households (%(people)d people) are in no block, so no call tree reaches them. They "
              "are on the call list and on the safety-check sheet, in the last section 「%(section)s」.")
            % {"households": u.households, "people": u.people, "section": _(NO_BLOCK)})
    return sentences(said, to_a_block_text())


def draw_unassigned_note(c: ListCanvas, u: Unassigned) -> None:
    """The last page of a whole-association call tree: the households in no block, said in a box."""
    title = _("Call tree") + "　" + _(NO_BLOCK)
    area = c.new_page(title, PORTRAIT)
    t = Text(c)
    t.box(area.left, area.top - 12 * MM, area.width, 10 * MM, _(NO_BLOCK), 16, font=fonts.GOTHIC_BOLD, wrap=False)
    h = 34 * MM
    c.setLineWidth(1.4)
    c.rect(area.left, area.top - 16 * MM - h, area.width, h, stroke=1, fill=0)
    t.box(area.left + 3 * MM, area.top - 16 * MM - h + 3 * MM, area.width - 6 * MM, h - 6 * MM, unassigned_text(u),
          13, valign="top", min_size=9)
    t.close()


def draw_calltree(c: ListCanvas, doc: CallTreeDoc, title: str) -> int:
    """Draw one tree from a new page; returns the number of pages used."""
    root = doc.root
    if root is None:
        empty_page(c, title, NOBODY_TEXT())
        return 1
    columns = [_column(head, i + 1) for i, head in enumerate(root.children)] or [[]]
    n = len(columns)
    area = c.new_page(title, PORTRAIT)
    pages = 1
    width = area.width
    col_w = width / n
    rows = max(len(col) for col in columns)
    deepest = max((s.indent for col in columns for s in col), default=0)
    note_h = 9 * MM if doc.note else 0  # two lines under the heading
    top = area.top - ROOT_H - 14 * MM - note_h
    avail1 = top - (area.bottom + RULES_H + 3 * MM)
    pitch = min(20 * MM, max(12.5 * MM, avail1 / max(rows, 1)))
    box_h = pitch - 4 * MM

    t = Text(c)
    # header line and originator
    head = (_("Originator: %(name)s  →  %(n)d chains; the last of each chain reports back.")
            if root.children else _("Originator: %(name)s. There is no one else to call in this tree."))
    head = head % {"name": root.name, "n": len(root.children)}
    if doc.block_name:
        head = f"{doc.block_name}　" + head
    t.box(area.left, area.top - 6 * MM, width, 6 * MM, head, 10, wrap=False)
    rw = min(95 * MM, width)
    if doc.note:
        t.box(area.left, area.top - 6 * MM - note_h, width, note_h, doc.note, 9, min_size=7)
    rx, ry = area.left + (width - rw) / 2, area.top - 6.5 * MM - ROOT_H - note_h
    _box(c, t, rx, ry, rw, ROOT_H - 1 * MM, _("Originator"), root, strong=True)
    bus_y = ry - 3 * MM
    c.setLineWidth(0.8)
    c.line(area.left + width / 2, ry, area.left + width / 2, bus_y)
    if n > 1:
        c.line(area.left + col_w / 2, bus_y, area.left + width - col_w / 2, bus_y)

    def x_of(ci: int, indent: int) -> tuple[float, float]:
        x0 = area.left + ci * col_w + LANE * (indent + 1) - (LANE if deepest == 0 else 0)
        w = col_w - (x0 - (area.left + ci * col_w)) - 2.5 * MM
        return x0, w

    start, slot_top = 0, top
    cap = max(1, int((slot_top - (area.bottom + RULES_H + 3 * MM)) // pitch))
    while True:
        end = start + cap
        pos: dict[tuple[int, int], tuple[float, float, float, float]] = {}
        for ci, col in enumerate(columns):
            for si in range(start, min(end, len(col))):
                s = col[si]
                x, w = x_of(ci, s.indent)
                y = slot_top - (si - start) * pitch - box_h
                pos[(ci, si)] = (x, y, w, box_h)
                _box(c, t, x, y, w, box_h, s.step, s.node)
                c.setLineWidth(0.8)
                if s.parent is None:  # a branch head: from the bus
                    _arrow(c, x + w / 2, bus_y if start == 0 else y + box_h + 3.5 * MM, y + box_h)
                elif (ci, s.parent) in pos:
                    px, py, pw_, ph = pos[(ci, s.parent)]
                    if s.first_child:
                        _arrow(c, x + w / 2, py, y + box_h)
                    else:  # elbow in the lane left of the boxes
                        lane_x = px - LANE / 2
                        c.lines([(px, py + ph / 2, lane_x, py + ph / 2), (lane_x, py + ph / 2, lane_x, y + box_h / 2)])
                        c.line(lane_x, y + box_h / 2, x, y + box_h / 2)
                else:  # the caller is on the page before
                    _arrow(c, x + w / 2, y + box_h + 3.5 * MM, y + box_h)
                    t.at(x + w / 2 + 2 * MM, y + box_h + 1.2 * MM, _("(continued)"), 6.5)
                if not s.node.children:
                    t.at(x + 1 * MM, y - 3.1 * MM, _("→ report to %s") % root.name, 8, font=fonts.GOTHIC_BOLD)
        if start == 0:
            _rules_box(c, t, area)
        if end >= rows:
            break
        for ci, col in enumerate(columns):  # mark chains that go on
            if end < len(col):
                x, w = x_of(ci, col[end].indent)
                t.at(x + w / 2, area.bottom + 1 * MM, _("continued on the next page ▼"), 7.5, align="center")
        t.close()
        area = c.new_page(title + " " + _("(continued)"), PORTRAIT)
        pages += 1
        t = Text(c)
        start, slot_top = end, area.top - 6 * MM
        cap = max(1, int((slot_top - (area.bottom + 5 * MM)) // pitch))
    t.close()
    return pages


def _rules_box(c, t: Text, area: Area) -> None:
    y = area.bottom + 1 * MM
    c.setLineWidth(0.9)
    c.rect(area.left, y, area.width, RULES_H - 2 * MM, stroke=1, fill=0)
    t.at(area.left + 2 * MM, y + RULES_H - 7 * MM, _("How to pass the message on"), 10, font=fonts.GOTHIC_BOLD)
    lines = rules()
    line_h = (RULES_H - 10 * MM) / len(lines)
    for i, text in enumerate(lines):
        t.box(area.left + 2 * MM, y + RULES_H - 9 * MM - (i + 1) * line_h, area.width - 4 * MM, line_h,
              f"・{text}", 10, wrap=False, pad=0, min_size=7)


def texts(docs: list[CallTreeDoc]) -> list[tuple[str, str]]:
    return [(n.name, n.name) for d in docs for n in d.people()]


def render_calltrees(docs: list[CallTreeDoc], out, opts: PrintOptions | None = None,
                     unassigned: Unassigned | None = None) -> ListResult:
    """One or more trees (a block, or every block) into one PDF, a bookmark per tree. For the
    whole association, `unassigned` (households in no 班) adds a last page that says so."""
    opts = opts or PrintOptions()
    c = ListCanvas(out, opts, _("Call tree"))
    result = ListResult(problems=glyph_problems(texts(docs)))
    if not docs:
        empty_page(c, _("Call tree"), NO_TREE_TEXT())
    for d in docs:
        title = _("Call tree") + f"　{d.name}"
        result.sections.append((d.name, c.next_page))
        c.bookmark(d.name)
        draw_calltree(c, d, title)
        result.items += len(d.people())
    if unassigned and unassigned.households:
        result.sections.append((_(NO_BLOCK), c.next_page))
        c.bookmark(_(NO_BLOCK))
        draw_unassigned_note(c, unassigned)
        result.notes.append(unassigned_text(unassigned))
    c.finish(result)
    return result
