"""防災パック: one PDF for one block or the whole association — a cover, the call tree(s),
the safety-check sheets (and the HQ tally for the whole association), the support register
and the individual evacuation plans (DESIGN.md §What it prints 8).

Every page: title, date in 和暦 and 西暦, "page x / y" over the whole pack, 個人情報・取扱注意,
the register mode (and reason), and with custody 「N部のうち k」. PDF bookmarks per section,
and per tree, block and person below them. The cover's contents list is drawn when the pack
is written, so it shows the real page numbers.

Register data arrives as rows from register_rows(mode) only (art. 49-11); the 要支援 marks on
the safety sheets come from the same rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from db.queries.register import RegisterRow
from desktop.i18n import _
from desktop.printing import calltree, fonts, register_print, safety, words
from desktop.printing.document import PORTRAIT, ListCanvas, PrintOptions, Text, glyph_problems
from desktop.printing.furniture import MM, format_date_both
from desktop.printing.list_rows import NO_BLOCK, CallTreeDoc, ListResult, SafetyBlock, Unassigned


@dataclass
class PackData:
    association: str
    scope: str  # a block name, or the whole association
    trees: list[CallTreeDoc] = field(default_factory=list)
    blocks: list[SafetyBlock] = field(default_factory=list)
    register: list[RegisterRow] = field(default_factory=list)
    whole: bool = False  # the whole association: add the HQ tally
    recipient: str = ""
    destroy_by: object = None  # dt.date
    unassigned: Unassigned | None = None  # the whole association: households in no 班 (no tree reaches them)


def _cover(c: ListCanvas, data: PackData, sections: list[tuple[str, int]]) -> None:
    area = c.new_page(_("Emergency pack"), PORTRAIT)
    opts = c.opts
    top = area.top - 12 * MM

    def draw(cv) -> None:
        t = Text(cv)
        t.box(area.left, top - 16 * MM, area.width, 16 * MM, _("Emergency pack (防災パック)"), 26,
              font=fonts.GOTHIC_BOLD, align="center", wrap=False)
        t.box(area.left, top - 28 * MM, area.width, 10 * MM, data.association, 16, align="center", wrap=False)
        t.box(area.left, top - 40 * MM, area.width, 10 * MM, words.scope_text(data.scope, heading=True), 18, align="center",
              font=fonts.GOTHIC_BOLD, wrap=False)
        t.box(area.left, top - 50 * MM, area.width, 8 * MM, format_date_both(opts.date), 13, align="center", wrap=False)
        y = top - 62 * MM
        t.at(area.left + 10 * MM, y, _("Contents"), 14, font=fonts.GOTHIC_BOLD)
        y -= 3 * MM
        cv.setLineWidth(0.5)
        for title, page in sections:
            y -= 9 * MM
            t.at(area.left + 14 * MM, y, title, 13)
            t.at(area.right - 14 * MM, y, _("page %d") % page, 13, align="right")
            cv.setDash(1, 2)
            cv.line(area.left + 16 * MM + fonts.string_width(title, fonts.GOTHIC, 13), y + 1,
                    area.right - 16 * MM - fonts.string_width(_("page %d") % page, fonts.GOTHIC, 13), y + 1)
            cv.setDash()
        y -= 14 * MM
        lines = []
        if data.recipient:
            lines.append(_("Handed to: %s") % data.recipient)
        if data.destroy_by:
            lines.append(_("Return or destroy by: %s") % words.date_text(data.destroy_by, "wareki"))
        lines += [_("Keep it locked away. Do not copy it. Use it only for evacuation support and safety checks."),
                  _("Return it to the association, or destroy it, when asked or when a new pack is handed out.")]
        box_h = (len(lines) * 7 + 6) * MM
        cv.setLineWidth(1.2)
        cv.rect(area.left + 8 * MM, y - box_h, area.width - 16 * MM, box_h, stroke=1, fill=0)
        for i, line in enumerate(lines):
            t.box(area.left + 11 * MM, y - 4 * MM - (i + 1) * 7 * MM, area.width - 22 * MM, 7 * MM, line, 11)
        t.close()

    c.later(draw)


def render_pack(data: PackData, out, opts: PrintOptions) -> ListResult:
    """The pack as one PDF; opts.banner must state the mode (mode_banner)."""
    c = ListCanvas(out, opts, _("Emergency pack") + f"　{words.scope_text(data.scope)}")
    texts = calltree.texts(data.trees) + safety.texts(data.blocks) + register_print.texts(data.register)
    result = ListResult(problems=glyph_problems(texts))
    sections: list[tuple[str, int]] = []  # filled as we go; the cover reads it when written
    c.bookmark(_("Cover"))
    _cover(c, data, sections)

    def section(title: str) -> None:
        sections.append((title, c.next_page))
        c.bookmark(title)

    if data.trees:
        section(_("Call tree"))
        for d in data.trees:
            c.bookmark(d.name, 1)
            calltree.draw_calltree(c, d, _("Call tree") + f"　{d.name}")
    if data.unassigned and data.unassigned.households:
        if not data.trees:
            section(_("Call tree"))
        c.bookmark(_(NO_BLOCK), 1)
        calltree.draw_unassigned_note(c, data.unassigned)
        result.notes.append(calltree.unassigned_text(data.unassigned))
    section(_("Safety-check sheet"))
    inner = ListResult()
    safety.draw_safety(c, data.blocks, inner, level=1)
    if data.whole:
        section(_("Safety-check tally (HQ)"))
        safety.draw_tally(c, data.blocks, _("Safety-check tally (HQ)"))
    section(_("Support register"))
    register_print.draw_register(c, data.register, _("Support register (避難行動要支援者名簿)"), opts.date)
    section(_("Individual evacuation plan"))
    register_print.draw_plans(c, data.register, opts.date, level=1)
    result.sections = list(sections)
    result.items = sum(len(b.households) for b in data.blocks)
    c.finish(result)
    return result
