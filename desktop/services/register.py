"""Support-register use-cases: put a person on the register, edit the record, its ordered
emergency contacts and supporters, the evacuation plan, and the yearly review.

The art. 49-10 items (name, birth date, sex, address, contact) are not copied here: they
are read from the person and household, so they are never typed twice.
"""
from __future__ import annotations

import datetime as dt

from db import audit
from db import models as m
from db.database import db, now
from desktop import jtext
from desktop.i18n import N_
from desktop.services import roster

RECORD_FIELDS = (
    "reasons", "care_level", "details", "consent", "consent_date", "consent_method", "consent_note",
    "destination_type", "destination", "destination_flood", "route_notes", "bring_items",
    "medication_notes", "equipment_notes", "last_reviewed",
)
PLAN_FIELDS = ("when_to_leave", "means_of_travel", "supporter_tasks", "contact_method", "notes", "drawn_up_on")


class RegisterError(ValueError):
    pass


def add_to_register(person: m.Person, values: dict | None = None, actor: str = "") -> m.SupportRecord:
    """Put a roster person on the register (or bring back their trashed record)."""
    with db.atomic():
        record = m.SupportRecord.get_or_none(m.SupportRecord.person == person)
        if record is not None and record.deleted_at is None:
            raise RegisterError("already_registered")
        if record is None:
            record = m.SupportRecord.create(person=person)
            audit.record(actor, "create", record, new=person.full_name)
        else:
            record.deleted_at = None
            record.save()
            audit.record(actor, "restore", record)
        if values:
            update_record(record, values, actor)
        return record


def remove_from_register(record: m.SupportRecord, actor: str = "") -> None:
    with db.atomic():
        record.deleted_at = now()
        record.save()
        audit.record(actor, "delete", record)


def update_record(record: m.SupportRecord, values: dict, actor: str = "") -> int:
    """Set record fields from a dict; return the number of changed fields (each audited)."""
    unknown = [r for r in values.get("reasons", []) if r not in m.SUPPORT_REASONS]
    if unknown:
        raise RegisterError(f"unknown reason {unknown[0]}")
    if "consent" in values and values["consent"] not in m.CONSENTS:
        raise RegisterError("consent")
    with db.atomic():
        before = audit.snapshot(record, list(RECORD_FIELDS))
        for key in RECORD_FIELDS:
            if key in values:
                setattr(record, key, values[key])
        record.save()
        return audit.record_changes(actor, record, before, list(RECORD_FIELDS))


def _replace_lines(record, model, lines: list[dict], keys: tuple[str, ...], actor: str, label: str) -> None:
    old = [tuple(str(getattr(x, k) or "") for k in keys) for x in model.select().where(model.record == record).order_by(model.position)]
    new = [tuple(str(line.get(k) or "") for k in keys) for line in lines]
    if old == new:
        return
    model.delete().where(model.record == record).execute()
    for pos, line in enumerate(lines):
        model.create(record=record, position=pos, **{k: line.get(k) for k in keys if line.get(k) is not None})
    audit.record(actor, "update", record, field=label, old=" / ".join(" ".join(o) for o in old),
                 new=" / ".join(" ".join(n) for n in new))


def set_emergency_contacts(record: m.SupportRecord, contacts: list[dict], actor: str = "") -> None:
    """Replace the ordered emergency contacts: dicts with name, relation, phone, lives_where."""
    if any(not (c.get("name") or "").strip() for c in contacts):
        raise RegisterError("contact_name")
    with db.atomic():
        _replace_lines(record, m.EmergencyContact, contacts, ("name", "relation", "phone", "lives_where"), actor, "emergency_contacts")


def set_supporters(record: m.SupportRecord, supporters: list[dict], actor: str = "") -> None:
    """Replace the ordered supporters (first = main): dicts with person (id) or name, phone, note."""
    if any(not (s.get("person") or (s.get("name") or "").strip()) for s in supporters):
        raise RegisterError("supporter_name")
    with db.atomic():
        _replace_lines(record, m.Supporter, supporters, ("person", "name", "phone", "note"), actor, "supporters")


def save_plan(record: m.SupportRecord, values: dict, actor: str = "") -> m.EvacuationPlan:
    with db.atomic():
        plan = m.EvacuationPlan.get_or_none(m.EvacuationPlan.record == record)
        if plan is None:
            plan = m.EvacuationPlan.create(record=record, drawn_up_on=values.get("drawn_up_on") or dt.date.today())
            audit.record(actor, "create", plan)
        before = audit.snapshot(plan, list(PLAN_FIELDS))
        for key in PLAN_FIELDS:
            if key in values:
                setattr(plan, key, values[key])
        plan.save()
        audit.record_changes(actor, plan, before, list(PLAN_FIELDS))
        return plan


def mark_reviewed(record: m.SupportRecord, on: dt.date, actor: str = "") -> None:
    update_record(record, {"last_reviewed": on}, actor)


# -- labels shared by the screen and the prints (msgids; translate with _() when shown) -------
REASON_LABELS = {
    "care_level": N_("Needs nursing care (要介護)"),
    "physical": N_("Physical disability"),
    "visual": N_("Visual impairment"),
    "hearing": N_("Hearing impairment"),
    "intellectual": N_("Intellectual disability"),
    "mental": N_("Mental disability"),
    "intractable": N_("Intractable disease (難病)"),
    "elderly_alone": N_("Elderly, living alone"),
    "elderly_only": N_("Household of elderly people only"),
    "infant": N_("Infant"),
    "pregnancy": N_("Pregnant or just gave birth"),
    "limited_japanese": N_("Limited Japanese"),
    "home_oxygen": N_("Home oxygen"),
    "dialysis": N_("Dialysis"),
    "ventilator": N_("Ventilator"),
    "suction": N_("Suction (たん吸引)"),
    "wheelchair": N_("Wheelchair"),
    "other_aid": N_("Other aids (cane, walker…)"),
}
# Health and disability: 要配慮個人情報. General prints (directory, labels) leave these out;
# only the register and the plan sheet, which the supporter needs, may show them.
SENSITIVE_REASONS = tuple(r for r in m.SUPPORT_REASONS if r not in ("elderly_alone", "elderly_only", "infant", "limited_japanese"))
SENSITIVE_RECORD_FIELDS = ("reasons", "care_level", "details", "medication_notes", "equipment_notes")
CARE_LEVELS = ("要支援1", "要支援2", "要介護1", "要介護2", "要介護3", "要介護4", "要介護5")
CONSENT_LABELS = {
    m.CONSENT_YES: N_("Agreed"),
    m.CONSENT_NO: N_("Refused"),
    m.CONSENT_UNKNOWN: N_("No answer yet"),
}
DESTINATION_TYPES = {
    "shelter": N_("Designated shelter (指定避難所)"),
    "relative": N_("Relative's home (親族宅)"),
    "home": N_("Stay at home (在宅避難)"),
}


def _clean_lines(lines: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """Strip text and drop lines where nothing was filled in (an added but unused row)."""
    out = []
    for line in lines or []:
        clean = {k: (line.get(k).strip() if isinstance(line.get(k), str) else line.get(k)) for k in keys}
        if clean.get("phone"):
            # Store the digits of a valid number (printed formatted); keep odd text as typed.
            phone = jtext.normalize_phone(clean["phone"])
            clean["phone"] = phone.digits if phone.valid else clean["phone"]
        if any(v not in (None, "") for v in clean.values()):
            out.append(clean)
    return out


def save_record_form(record: m.SupportRecord, form: dict, actor: str = "") -> m.SupportRecord:
    """Save everything the record dialog holds in one transaction: the record fields, the
    ordered emergency contacts and supporters, and the evacuation plan. A failure saves nothing.

    form = {"record": {...RECORD_FIELDS}, "contacts": [...], "supporters": [...], "plan": {...}}
    """
    contacts = _clean_lines(form.get("contacts", []), ("name", "relation", "phone", "lives_where"))
    supporters = _clean_lines(form.get("supporters", []), ("person", "name", "phone", "note"))
    plan = {k: v for k, v in (form.get("plan") or {}).items() if k in PLAN_FIELDS}
    with db.atomic():
        update_record(record, form.get("record") or {}, actor)
        set_emergency_contacts(record, contacts, actor)
        set_supporters(record, supporters, actor)
        has_plan = m.EvacuationPlan.select().where(m.EvacuationPlan.record == record).exists()
        if has_plan or any(v not in (None, "") for k, v in plan.items() if k != "drawn_up_on"):
            save_plan(record, plan, actor)
        return record


def register_person(person_id: int, form: dict | None = None, actor: str = "") -> m.SupportRecord:
    """Put a roster person on the register together with the dialog's form, all or nothing."""
    with db.atomic():
        person = m.Person.get_by_id(person_id)
        record = add_to_register(person, None, actor)
        if form:
            save_record_form(record, form, actor)
        return record


def create_person_and_register(person: dict, household: dict | None, form: dict | None = None,
                               actor: str = "") -> m.SupportRecord:
    """Someone not yet on the roster: make the household (if given) and the person, then the
    record, in one transaction so a bad value leaves no half-made person behind."""
    with db.atomic():
        values = dict(person)
        if household and any(str(v or "").strip() for k, v in household.items() if k != "block"):
            hh, _edit = roster.save_household(household, actor=actor)
            values["household"] = hh.id
        new_person, _edit = roster.save_person(values, actor=actor)
        return register_person(new_person.id, form, actor)


def get_record(record_id: int) -> m.SupportRecord | None:
    """A live record by id (for the screen's buttons), None if it was removed meanwhile."""
    return m.SupportRecord.get_or_none((m.SupportRecord.id == record_id) & m.SupportRecord.deleted_at.is_null())
