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
