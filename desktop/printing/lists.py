"""Flat lists: the call list (連絡網 as a table), the member directory (名簿), the follow-up
list (つながりチェック) and the custody ledger (管理台帳).

Call list: print-formats.md §4 (b)/(c) — 順番, 氏名, 電話 (固定/携帯), 次の人, plus 連絡済✓,
時刻, 備考 to fill in. Directory: 五十音 by reading with あかさたな headings, and only name,
reading, block, address and the household phone (sensitive fields left off). Ledger:
domain.md §1.6 (恵庭市 覚書 §6–8: note every copy; 大山町 規則: destroy old lists).
"""
from __future__ import annotations

import datetime as dt

from db.queries.followup import REASON_FOLLOW_UP, REASON_MISSED, REASON_NO_CONTACT, FollowUpRow
from desktop import jtext
from desktop.i18n import _
from desktop.printing import calltree, fonts, words
from desktop.printing.document import (
    LANDSCAPE,
    PORTRAIT,
    Col,
    ListCanvas,
    PrintOptions,
    Text,
    empty_page,
    fit_widths,
    glyph_problems,
    table_head,
    table_row,
)
from desktop.printing.furniture import MM
from desktop.printing.list_rows import (NO_BLOCK, CallTreeDoc, CustodyRow, DirectoryRow, ListResult, Unassigned,
                                        sentences, to_a_block_text)


def _paged_table(c: ListCanvas, title: str, size, cols_for, rows: list[list[str]], row_h: float,
                 intro: str = "", head_h: float = 9 * MM, before_row=None, intro_h: float = 7 * MM) -> int:
    """Rows into a ruled table over as many pages as needed, the header on every page.
    `before_row(i, t, y, area) -> y` may draw a heading above row i (it gets the space check)."""
    area = c.new_page(title, size)
    cols = cols_for(area.width)
    t = Text(c)
    top = area.top
    if intro:
        t.box(area.left, top - intro_h, area.width, intro_h, intro, 10)
        top -= intro_h + 1 * MM
    y = table_head(c, t, cols, area.left, top, head_h, 9)
    pages = 1
    for i, values in enumerate(rows):
        extra = before_row(i, None, y, area) if before_row else 0
        if y - row_h - extra < area.bottom:
            t.close()
            area = c.new_page(title, size)
            pages += 1
            t = Text(c)
            y = table_head(c, t, cols, area.left, area.top, head_h, 9)
        if before_row:
            y = before_row(i, (t, cols), y, area)
        y = table_row(c, t, cols, area.left, y, row_h, values)
    t.close()
    return pages


# -- call list ---------------------------------------------------------------------------------------
def call_list_rows(doc: CallTreeDoc) -> list[list[str]]:
    """順, name, phones in order, who to call next (or "report back"), blanks to fill."""
    root = doc.root
    if root is None:
        return []
    out = []
    for chain, head in enumerate(root.children, 1):
        step = 0
        for node in head.walk():
            step += 1
            nxt = "・".join(ch.name for ch in node.children) or _("report to %s") % root.name
            out.append([f"{chain}-{step}", f"{node.reading}\n{node.name}", _phones(node), nxt])
    first = "・".join(h.name for h in root.children)
    return [[_("Originator"), f"{root.reading}\n{root.name}", _phones(root), first]] + out


def _phones(node) -> str:
    return "\n".join(f"{p.mark} {p.number}" for p in node.phones) or _("(no phone)")


def _call_cols(width: float) -> list[Col]:
    cols = [Col(_("Order"), 13, "center", 9), Col(_("Name"), 40, size=12, ruby=True),
            Col(_("Phone (in the order to try)"), 52, size=9.5), Col(_("Call next"), 34, size=9),
            Col("✓", 9, "center"), Col(_("Time"), 14, "center"), Col(_("Notes"), 20)]
    return fit_widths(cols, width, 6)


def draw_call_list(c: ListCanvas, doc: CallTreeDoc, title: str) -> int:
    rows = call_list_rows(doc)
    if not rows:
        empty_page(c, title, calltree.NOBODY_TEXT())
        return 1
    intro = _("Call in order; tick ✓ and write the time. No answer: leave a message, go on, call back later. The last of each chain reports to %s.") % doc.root.name
    if doc.note:
        intro += "\n" + doc.note
    return _paged_table(c, title, PORTRAIT, _call_cols, rows, 12 * MM, intro, intro_h=16 * MM if doc.note else 7 * MM)


def unassigned_rows(u: Unassigned) -> list[list[str]]:
    """One row per household in no 班: number, name, phones; nobody to call next."""
    return [[str(i), f"{n.reading}\n{n.name}", "\n".join(f"{p.mark} {p.number}" for p in n.phones)
             or _("(no phone: visit)"), ""] for i, n in enumerate(u.callees, 1)]


def draw_unassigned_calls(c: ListCanvas, u: Unassigned) -> int:
    """The last section of the whole association's call list: the households in no block,
    one to call each. No call tree reaches them, so the intro says who must and how to fix it."""
    intro = (_("%(households)d households (%(people)d people) are in no block: no call tree reaches them. Decide who "
               "calls them; tick ✓ and write the time.") % {"households": u.households, "people": u.people}
             + "\n" + to_a_block_text())
    return _paged_table(c, _("Call list") + "　" + _(NO_BLOCK), PORTRAIT, _call_cols, unassigned_rows(u), 12 * MM,
                        intro, intro_h=16 * MM)


def render_call_lists(docs: list[CallTreeDoc], out, opts: PrintOptions | None = None,
                      unassigned: Unassigned | None = None) -> ListResult:
    """The call list of each tree; for the whole association the households in no 班
    (`unassigned`) follow in a last section, so nobody is missing on the day."""
    opts = opts or PrintOptions()
    c = ListCanvas(out, opts, _("Call list"))
    extra = list(unassigned.callees) if unassigned else []
    result = ListResult(problems=glyph_problems([(n.name, n.name) for d in docs for n in d.people()]
                                                + [(n.name, n.name) for n in extra]))
    if not docs:
        empty_page(c, _("Call list"), calltree.NO_TREE_TEXT())
    for d in docs:
        result.sections.append((d.name, c.next_page))
        c.bookmark(d.name)
        draw_call_list(c, d, _("Call list") + f"　{d.name}")
        result.items += len(d.people())
    if extra:
        result.sections.append((_(NO_BLOCK), c.next_page))
        c.bookmark(_(NO_BLOCK))
        draw_unassigned_calls(c, unassigned)
        result.items += len(extra)
        said = _("%(households)d households (%(people)d people) are in no block: they are in the last section "
                 "「%(section)s」.") % {"households": unassigned.households, "people": unassigned.people,
                                      "section": _(NO_BLOCK)}
        result.notes.append(sentences(said, to_a_block_text()))
    c.finish(result)
    return result


# -- directory -----------------------------------------------------------------------------------------
def _dir_cols(width: float) -> list[Col]:
    cols = [Col(_("Name"), 44, size=12, ruby=True), Col(_("Block"), 14, "center", 9),
            Col(_("Address"), 80, size=9), Col(_("Phone"), 32, "center", 9.5)]
    return fit_widths(cols, width, 2)


def render_directory(rows: list[DirectoryRow], out, opts: PrintOptions | None = None, title: str = "") -> ListResult:
    """名簿: 五十音 by reading, a heading at each あかさたな group, a bookmark per group."""
    opts = opts or PrintOptions()
    title = title or _("Member directory")
    c = ListCanvas(out, opts, title)
    result = ListResult(items=len(rows), problems=glyph_problems([(r.name, r.name + r.address) for r in rows]))
    if not rows:
        empty_page(c, title, _("Nobody to list. Add people on the roster page."))
    else:
        values = [[f"{r.reading}\n{r.name}", r.block_name, r.address, r.phone] for r in rows]
        heading_h = 7 * MM

        def before(i, tc, y, area):
            new = i == 0 or rows[i].index_label != rows[i - 1].index_label
            if tc is None:
                return heading_h if new else 0
            if new:
                t, _cols = tc
                label = rows[i].index_label
                c.saveState()
                c.setFillGray(0.8)
                c.rect(area.left, y - heading_h, 14 * MM, heading_h, stroke=0, fill=1)
                c.restoreState()
                t.box(area.left, y - heading_h, 14 * MM, heading_h, label, 12, align="center", font=fonts.GOTHIC_BOLD)
                result.sections.append((label, c.current_page))
                c.bookmark_here(label)
                y -= heading_h
            return y

        _paged_table(c, title, PORTRAIT, _dir_cols, values, 10 * MM, before_row=before)
    c.finish(result)
    return result


# -- follow-up list ----------------------------------------------------------------------------------
def _reason_text(r: FollowUpRow, today: dt.date) -> str:
    """Why the person is listed, in the words of the つながりチェック page (ui/contacts/
    followup_widget.reason_texts), shortened for the column."""
    parts = []
    if REASON_NO_CONTACT in r.reasons:
        days = r.days_since(today)
        parts.append(_("no contact or visit for %d days") % days if days is not None
                     else _("no contact or visit recorded yet"))
    if REASON_MISSED in r.reasons:
        parts.append(_("missed the last sessions of %s") % words.joined(r.missed_salons))
    if REASON_FOLLOW_UP in r.reasons and r.follow_up_on:
        parts.append(_("time to get in touch again (%s)") % words.date_text(r.follow_up_on, "wareki_short"))
    return "\n".join(parts)


def _fu_cols(width: float) -> list[Col]:
    cols = [Col(_("Name"), 38, size=12, ruby=True), Col(_("Block"), 13, "center", 9),
            Col(_("Phone"), 34, size=9), Col(_("Last contact / salon"), 30, size=8.5), Col(_("Why"), 48, size=8.5),
            Col("✓", 9, "center"), Col(_("Date"), 18), Col(_("Result / note"), 40)]
    return fit_widths(cols, width, 7)


def render_followup(rows: list[FollowUpRow], out, today: dt.date, opts: PrintOptions | None = None,
                    note: str = "") -> ListResult:
    """つながりチェック: longest out of touch first. The register flag is not printed (it is
    register data, and the consent rule applies only through register_rows)."""
    opts = opts or PrintOptions()
    title = _("Follow-up list (つながりチェック)")
    c = ListCanvas(out, opts, title)
    result = ListResult(items=len(rows), problems=glyph_problems([(r.name, r.name) for r in rows]))
    if not rows:
        empty_page(c, title, _("Everybody has been reached recently. Nothing to follow up."), LANDSCAPE)
    else:
        ordered = sorted(rows, key=lambda r: (-(r.days_since(today) if r.days_since(today) is not None else 10**6),
                                              r.sort_key, r.person_id))
        values = []
        for r in ordered:
            ph = "\n".join(x for x in (words.phone("landline", jtext.format_phone(r.phone)) if r.phone else "",
                                       words.phone("mobile", jtext.format_phone(r.mobile)) if r.mobile else "") if x)
            last = "\n".join(words.date_text(d, "wareki_short") if d else "—" for d in (r.last_contact, r.last_attended))
            values.append([f"{r.reading}\n{r.name}", r.block_name, ph, last, _reason_text(r, today)])
        intro = _("Call or write to each person; tick ✓, write the date and what you heard. Enter it in the contact log afterwards.")
        if note:
            intro += "  " + note
        _paged_table(c, title, LANDSCAPE, _fu_cols, values, 11 * MM, intro)
    c.finish(result)
    return result


# -- custody ledger ----------------------------------------------------------------------------------
def _ledger_cols(width: float) -> list[Col]:
    cols = [Col(_("No."), 10, "center", 9), Col(_("Printed"), 26, "center", 8.5), Col(_("What"), 52, size=9),
            Col(_("Scope"), 22, "center", 9), Col(_("Recipient"), 30, size=9.5), Col(_("Copies"), 12, "center"),
            Col(_("Returned"), 14, "center"), Col(_("Destroyed"), 14, "center"), Col(_("Destroy by"), 26, "center", 8.5),
            Col(_("Signature"), 30)]
    return fit_widths(cols, width, 2)


def render_ledger(rows: list[CustodyRow], out, today: dt.date, opts: PrintOptions | None = None) -> ListResult:
    """管理台帳: every print of personal data, who holds it, and until when."""
    opts = opts or PrintOptions(date=today)
    title = _("Print custody ledger (管理台帳)")
    c = ListCanvas(out, opts, title)
    values = []
    for r in rows:
        due = words.date_text(r.destroy_by, "wareki_short")
        if r.overdue(today):
            due += "\n" + _("overdue")
        elif r.closed_at:
            due += "\n" + _("closed")
        values.append([str(r.id), words.date_text(r.printed_at.date(), "wareki_short") + "\n" + r.printed_at.strftime("%H:%M"),
                       r.title or r.kind, words.scope_text(r.scope), r.recipient, str(r.copies), str(r.returned),
                       str(r.destroyed), due, ""])
    if not values:
        empty_page(c, title, _("Nothing with personal data has been printed yet."), LANDSCAPE)
    else:
        _paged_table(c, title, LANDSCAPE, _ledger_cols, values, 11 * MM,
                     _("Every copy with personal data is listed until it is returned or destroyed."))
    result = ListResult(items=len(rows))
    c.finish(result)
    return result
