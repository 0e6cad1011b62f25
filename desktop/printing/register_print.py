"""避難行動要支援者名簿 for supporters, and 個別避難計画 sheets (one A4 each).

Rows come only from db.queries.register.register_rows(mode, …) (災害対策基本法 art. 49-11):
normal times → people who consented; disaster mode → everyone, audited. Every page carries
the mode banner (and the reason in disaster mode) through PrintOptions.banner.

Register columns: the art. 49-10 para 2 items ① 氏名 ② 生年月日 ③ 性別 ④ 住所 ⑤ 電話
⑥ 避難支援等を必要とする事由, plus what cities add (domain.md §1.1): 班, 避難支援者, 家族等緊急連絡先,
避難先. The plan sheet holds the art. 49-14 contents: the items above, 避難支援等実施者 with their
contact, 避難場所 and 経路, and the municipal extras (when to leave, travel, medication and
devices, family contacts, review date).
"""
from __future__ import annotations

import datetime as dt

from db.queries.register import RegisterRow
from desktop import jtext
from desktop.i18n import N_, _
from desktop.printing import fonts, words
from desktop.printing.document import (
    LANDSCAPE,
    PORTRAIT,
    Col,
    ListCanvas,
    PrintOptions,
    Text,
    col_edges,
    empty_page,
    fit_widths,
    glyph_problems,
    table_head,
    table_row,
)
from desktop.printing.furniture import MM
from desktop.printing.list_rows import ListResult

ROW_H = 17 * MM


def GONE_SUPPORTER() -> str:  # noqa: N802 (a translated constant, looked up when printing)
    return _("(supporter no longer in the roster: choose another)")
# Sex in the print's language: one letter in the register's narrow column (女 / 男 / 他 in
# Japanese), the word on the roomier plan sheet.
SEX_SHORT = {"F": N_("F"), "M": N_("M"), "X": N_("X")}
SEX_WORD = {"F": N_("Female"), "M": N_("Male"), "X": N_("Other")}


def sex_text(r: RegisterRow, words: dict[str, str] = SEX_SHORT) -> str:
    return _(words[r.sex]) if r.sex in words else ""


def _labels():
    from desktop.services.register import CONSENT_LABELS, DESTINATION_TYPES, REASON_LABELS

    return REASON_LABELS, CONSENT_LABELS, DESTINATION_TYPES


def reasons_text(r: RegisterRow) -> str:
    reasons, _c, _d = _labels()
    parts = [_(reasons[c]) if c in reasons else c for c in r.reasons]
    if r.care_level:
        parts.append(r.care_level)
    text = words.joined(parts)
    extra = "　".join(x for x in (r.details, r.equipment_notes) if x)
    return f"{text}\n{extra}" if extra else text


def birth_text(r: RegisterRow, today: dt.date) -> str:
    if not r.birth_date:
        return ""
    return f"{words.date_text(r.birth_date, 'wareki')}\n{words.age_text(jtext.age_on(r.birth_date, today))}"


def phone_text(r: RegisterRow, sep: str = "  ") -> str:
    parts = []
    if r.landline:
        parts.append(words.phone("landline", jtext.format_phone(r.landline)))
    if r.mobile:
        parts.append(words.phone("mobile", jtext.format_phone(r.mobile)))
    return sep.join(parts)


def _lines(items, with_where: bool = False) -> str:
    out = []
    for c in items:
        if getattr(c, "gone", False):  # a supporter who left the roster: no name, a task for the leader
            out.append(GONE_SUPPORTER())
            continue
        text = " ".join(x for x in (c.name, f"({c.relation})" if c.relation else "", jtext.format_phone(c.phone) if c.phone else "") if x)
        if with_where and c.lives_where:
            text += f" {c.lives_where}"
        out.append(text)
    return "\n".join(out)


def destination_text(r: RegisterRow) -> str:
    _r, _c, dest = _labels()
    kind = _(dest[r.destination_type]) if r.destination_type in dest else r.destination_type
    return "\n".join(x for x in (r.destination, kind if kind and kind != r.destination else "") if x)


def texts(rows: list[RegisterRow]) -> list[tuple[str, str]]:
    return [(r.name, r.name + r.address + "".join(c.name for c in r.emergency_contacts + r.supporters)) for r in rows]


# -- the register ----------------------------------------------------------------------------------
def _register_cols(width: float) -> list[Col]:
    # The date column holds the longest 和暦 date (昭和22年11月24日) on one line at 8.5 pt.
    cols = [Col(_("No."), 8, "center", 9), Col(_("Name (reading)"), 33, size=11, wrap=False),
            Col(_("Date of birth"), 27, "center", 8.5), Col(_("Sex"), 8, "center", 9),
            Col(_("Address / phone"), 46, size=8.5), Col(_("Block"), 10, "center", 9),
            Col(_("Why support is needed"), 36, size=8), Col(_("Supporters"), 30, size=8),
            Col(_("Emergency contacts"), 30, size=8), Col(_("Evacuate to"), 24, size=8),
            Col(_("Consent"), 11, "center", 7.5)]
    return fit_widths(cols, width, 9)


def draw_register(c: ListCanvas, rows: list[RegisterRow], title: str, today: dt.date) -> int:
    if not rows:
        empty_page(c, title, _("Nobody to list. In normal times only people who consented appear on the register."), LANDSCAPE)
        return 1
    _r, consent_labels, _d = _labels()
    # the narrow column: in English one number a line, so "Mob" does not wrap away from its number
    column_sep = "\n" if words.english() else "  "
    area = c.new_page(title, LANDSCAPE)
    cols = _register_cols(area.width)
    xs = col_edges(cols, area.left)
    t = Text(c)
    y = table_head(c, t, cols, area.left, area.top, 9 * MM, 8.5)
    pages = 1
    for no, r in enumerate(rows, 1):
        if y - ROW_H < area.bottom:
            t.close()
            area = c.new_page(title, LANDSCAPE)
            pages += 1
            t = Text(c)
            y = table_head(c, t, cols, area.left, area.top, 9 * MM, 8.5)
        consent = _(consent_labels[r.consent]) if r.consent in consent_labels else r.consent
        values = [str(no), "", birth_text(r, today), sex_text(r), f"{r.address}\n{phone_text(r, column_sep)}",
                  r.block_name, reasons_text(r), _lines(r.supporters), _lines(r.emergency_contacts),
                  destination_text(r), consent]
        table_row(c, t, cols, area.left, y, ROW_H, values)
        t.box(xs[1], y - ROW_H * 0.42, xs[2] - xs[1], ROW_H * 0.34, r.reading, 7, wrap=False)
        t.box(xs[1], y - ROW_H * 0.85, xs[2] - xs[1], ROW_H * 0.45, r.name, 12, font=fonts.GOTHIC_BOLD, wrap=False)
        y -= ROW_H
    t.close()
    return pages


def render_register(rows: list[RegisterRow], out, opts: PrintOptions) -> ListResult:
    """The register (rows from register_rows(mode) only); opts.banner states the mode."""
    c = ListCanvas(out, opts, _("Support register"))
    result = ListResult(items=len(rows), problems=glyph_problems(texts(rows)))
    draw_register(c, rows, _("Support register (避難行動要支援者名簿)"), opts.date)
    c.finish(result)
    return result


# -- the individual evacuation plan ---------------------------------------------------------------
def _plan_fields(r: RegisterRow, today: dt.date) -> list[tuple[str, str, float]]:
    """(label, value, row height in mm) down the sheet."""
    _r, consent_labels, _d = _labels()
    plan = r.plan or {}
    sex = sex_text(r, SEX_WORD)
    born = birth_text(r, today).replace("\n", " ")
    consent = _(consent_labels[r.consent]) if r.consent in consent_labels else r.consent
    if r.consent_date:
        day = words.date_text(r.consent_date, "wareki")
        consent += f" ({day})" if words.english() else f"（{day}）"
    return [
        (_("Date of birth / sex"), "　".join(x for x in (born, sex) if x), 9),
        (_("Address"), f"〒{jtext.format_postal(r.postal_code)}　{r.address}" if r.postal_code else r.address, 11),
        (_("Phone"), phone_text(r), 9),
        (_("Block"), r.block_name, 8),
        (_("Why support is needed"), reasons_text(r), 18),
        (_("Medication, medical devices"), "\n".join(x for x in (r.medication_notes, r.equipment_notes) if x), 14),
        (_("Supporters (who helps)"), _lines(r.supporters), 17),
        (_("Family and emergency contacts"), _lines(r.emergency_contacts, with_where=True), 14),
        (_("Where to evacuate"), destination_text(r).replace("\n", "　") + (f"\n{_('In a flood')}: {r.destination_flood}" if r.destination_flood else ""), 13),
        (_("Route"), r.route_notes, 11),
        (_("When to leave"), plan.get("when_to_leave", ""), 12),
        (_("How to travel"), plan.get("means_of_travel", ""), 9),
        (_("What the supporters do"), plan.get("supporter_tasks", ""), 12),
        (_("How to contact"), plan.get("contact_method", ""), 9),
        (_("What to take"), r.bring_items, 11),
        (_("Notes"), plan.get("notes", ""), 11),
        (_("Consent"), consent, 8),
        (_("Drawn up / reviewed"), "　/　".join(words.date_text(d, "wareki") if d else words.blank_date()
                                                for d in (plan.get("drawn_up_on"), r.last_reviewed)), 8),
    ]


def draw_plan(c: ListCanvas, r: RegisterRow, title: str, today: dt.date) -> None:
    area = c.new_page(title, PORTRAIT)
    t = Text(c)
    label_w = 42 * MM
    y = area.top
    name_h = 15 * MM
    c.setLineWidth(1.0)
    c.rect(area.left, y - name_h, area.width, name_h, stroke=1, fill=0)
    c.line(area.left + label_w, y, area.left + label_w, y - name_h)
    t.box(area.left, y - name_h, label_w, name_h, _("Name"), 10, font=fonts.GOTHIC_BOLD)
    t.box(area.left + label_w, y - name_h * 0.38, area.width - label_w, name_h * 0.36, r.reading, 8.5, wrap=False)
    t.box(area.left + label_w, y - name_h, area.width - label_w, name_h * 0.66, r.name + "　様", 17,
          font=fonts.GOTHIC_BOLD, wrap=False)
    y -= name_h
    fields = _plan_fields(r, today)
    total = sum(h for _l, _v, h in fields) * MM
    scale = min(1.0, (y - area.bottom - 9 * MM) / total)
    c.setLineWidth(0.5)
    for label, value, h in fields:
        h = h * MM * scale
        c.saveState()
        c.setFillGray(0.93)
        c.rect(area.left, y - h, label_w, h, stroke=1, fill=1)
        c.restoreState()
        c.rect(area.left + label_w, y - h, area.width - label_w, h, stroke=1, fill=0)
        t.box(area.left, y - h, label_w, h, label, 9, font=fonts.GOTHIC_BOLD)
        t.box(area.left + label_w, y - h, area.width - label_w, h, value, 10.5, valign="top" if "\n" in value else "middle")
        y -= h
    t.box(area.left, area.bottom, area.width, 8 * MM,
          _("Use this plan only to help this person evacuate. Do not show or give it to anyone else (秘密保持)."),
          8.5, wrap=True)
    t.close()


def draw_plans(c: ListCanvas, rows: list[RegisterRow], today: dt.date, level: int = 0) -> int:
    if not rows:
        empty_page(c, _("Individual evacuation plan"),
                   _("Nobody to list. In normal times only people who consented appear on the register."))
        return 1
    for r in rows:
        c.bookmark(r.name, level)
        draw_plan(c, r, _("Individual evacuation plan") + f"　{r.name}", today)
    return len(rows)


def render_plans(rows: list[RegisterRow], out, opts: PrintOptions) -> ListResult:
    """One A4 plan per person (rows from register_rows(mode) only), a bookmark per person."""
    c = ListCanvas(out, opts, _("Individual evacuation plan"))
    result = ListResult(items=len(rows), problems=glyph_problems(texts(rows)))
    draw_plans(c, rows, opts.date)
    c.finish(result)
    return result
