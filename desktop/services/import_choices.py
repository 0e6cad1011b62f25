"""The import wizard's choices, Qt-free: fix a cell and check again, split a person out of a
household, merge a file row into a person already in the roster, and commit it all at once.

A merge fills only empty fields, or overwrites the groups of fields the person picked; it is
audited and its "before" values are kept in the import's summary so undo_import() puts them back.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from db import audit
from db import models as m
from db.database import db
from desktop.i18n import N_, _
from desktop.services.importer import ImportResult, PersonIn, Plan, RegisterIn, commit, commit_register, plan_import


# -- the wizard's choices: fix a cell, split a household, merge a duplicate ------------------

def replan(plan: Plan, today: dt.date | None = None, splits: set[int] | None = None) -> Plan:
    """Check every row again after the person changed a cell (same header and mapping)."""
    new = plan_import(plan.table, mapping=plan.mapping, header_index=plan.header_index, today=today)
    for row in sorted(splits or ()):
        split_out(new, row)
    return new


def set_cell(plan: Plan, row: int, column: str, value: str) -> bool:
    """Put the corrected text into the file's cell (in memory only); False if there is no such cell."""
    if column not in plan.headers or row not in plan.table.line_numbers:
        return False
    col = plan.headers.index(column)
    values = plan.table.rows[plan.table.line_numbers.index(row)]
    while len(values) <= col:
        values.append(None)
    values[col] = value.strip() or None
    return True


def split_out(plan: Plan, row: int) -> bool:
    """Make the person on `row` a household of their own (the file grouped them wrongly)."""
    for members in plan.households:
        person = next((p for p in members if p.row == row), None)
        if person is None or len(members) == 1:
            continue
        members.remove(person)
        if not any(p.is_head for p in members):
            members[0].is_head = True
        person.is_head = True
        plan.missing_heads.pop(row, None)  # its own household now: the head of the old one is not its head
        person.household_key = f"split:{row}"
        plan.households.insert(plan.households.index(members) + 1, [person])
        return True
    return False


# What a merge may replace, by the label the person sees; household fields live on the household.
MERGE_PERSON_FIELDS = {"name": ("family_name", "given_name"), "reading": ("family_reading", "given_reading"),
                       "birth_date": ("birth_date",), "sex": ("sex",), "mobile": ("mobile",), "email": ("email",),
                       "relation": ("relation",), "notes": ("notes",)}
MERGE_HOUSEHOLD_FIELDS = {"address": ("postal_code", "address1", "address2", "address3"), "landline": ("landline",)}


def merge_into(person: m.Person, row: PersonIn, replace: set[str] | frozenset = frozenset(), actor: str = "",
               batch: m.ImportBatch | None = None) -> dict:
    """Fill the person's empty fields from the file row; overwrite only the groups in `replace`.

    One transaction, every changed field in the audit log. Returns the values before, so an
    undo of the import can put them back.
    """
    from desktop.services.roster import HOUSEHOLD_FIELDS, PERSON_FIELDS, _values, refresh_index

    def apply(target, groups: dict) -> None:
        for key, names in groups.items():
            new = {n: getattr(row, n) for n in names}
            if not any(v not in (None, "") for v in new.values()):
                continue  # the file has nothing here: never blank out what we have
            for n, v in new.items():
                current = getattr(target, n)
                if key in replace or current in (None, ""):
                    setattr(target, n, v if v is not None else current)

    reason = f"import:{batch.uuid}" if batch else "import"
    with db.atomic():
        before = {"person": person.id, "values": _values(person, PERSON_FIELDS)}
        apply(person, MERGE_PERSON_FIELDS)
        household = person.household if person.household_id else None
        if household is None and (row.address1 or row.landline or row.postal_code):
            household = m.Household.create()
            audit.record(actor, "create", household, reason=reason)
            person.household = household
            before["created_household"] = household.id
        if household is not None:
            before["household"] = household.id
            before["household_values"] = _values(household, HOUSEHOLD_FIELDS)
            apply(household, MERGE_HOUSEHOLD_FIELDS)
            household.save()
            audit.record_changes(actor, household, before["household_values"], list(HOUSEHOLD_FIELDS))
        refresh_index(person)
        person.save()
        audit.record_changes(actor, person, before["values"], list(PERSON_FIELDS))
        audit.record(actor, "merge_import_row", person, new=f"row {row.row}", reason=reason)
    return _jsonable(before)


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@dataclass
class Choices:
    """What the person decided in the wizard, row numbers as in the file."""

    skip_rows: set[int] = field(default_factory=set)  # error rows and anything else left out
    keep_rows: set[int] = field(default_factory=set)  # duplicates imported as new people anyway
    merges: dict[int, tuple[int, set[str]]] = field(default_factory=dict)  # row -> (person id, fields to replace)


def commit_with_choices(plan: Plan, choices: Choices, *, source: str = "", actor: str = "",
                        register_items: list[RegisterIn] | None = None) -> tuple[ImportResult, dict]:
    """commit() plus per-duplicate choices and the register sheet, all in one transaction."""
    dup_rows = {d.row for d in plan.duplicates}
    leave_out = (dup_rows - choices.keep_rows) | set(choices.merges)
    extra: dict = {"merged": 0, "duplicates_left_out": len(dup_rows - choices.keep_rows - set(choices.merges))}
    with db.atomic():
        result = commit(plan, source=source, actor=actor, skip_rows=set(choices.skip_rows) | leave_out,
                        keep_duplicates=True)
        batch = m.ImportBatch.get_by_id(result.batch_id)
        by_row = {p.row: p for p in plan.people}
        merged = []
        for row, (person_id, replace) in sorted(choices.merges.items()):
            person = m.Person.get_or_none((m.Person.id == person_id) & m.Person.deleted_at.is_null())
            if person is not None and row in by_row and not by_row[row].has_error:
                merged.append(merge_into(person, by_row[row], set(replace), actor, batch))
        extra["merged"] = len(merged)
        if register_items:
            extra.update(commit_register(register_items, actor=actor, batch=batch))
        summary = json.loads(batch.summary or "{}")
        summary.update(merged=merged, skipped=len(set(choices.skip_rows) & set(by_row)))
        batch.summary = json.dumps(summary, ensure_ascii=False)
        batch.save()
    result.skipped = summary["skipped"]
    return result, extra


def restore_merges(summary: dict, actor: str = "") -> int:
    """Put merged people and households back as they were before the import (used by undo)."""
    from desktop.services.roster import refresh_index

    person_names = [n for names in MERGE_PERSON_FIELDS.values() for n in names]
    household_names = [n for names in MERGE_HOUSEHOLD_FIELDS.values() for n in names]
    restored = 0
    for entry in summary.get("merged", []):
        person = m.Person.get_or_none(m.Person.id == entry["person"])
        household = m.Household.get_or_none(m.Household.id == entry["household"]) if entry.get("household") else None
        if household is not None and "household_values" in entry:
            before = {k: getattr(household, k) for k in household_names}
            for k in household_names:
                setattr(household, k, entry["household_values"].get(k, ""))
            household.save()
            audit.record_changes(actor, household, before, household_names)
        if person is None:
            continue
        before = {k: getattr(person, k) for k in person_names}
        for k in person_names:
            v = entry["values"].get(k)
            setattr(person, k, (dt.date.fromisoformat(v) if v else None) if k == "birth_date" else v)
        if entry.get("created_household"):
            person.household = None
        refresh_index(person)
        person.save()
        audit.record_changes(actor, person, before, person_names)
        if entry.get("created_household"):
            m.Household.delete().where(m.Household.id == entry["created_household"]).execute()
        restored += 1
    return restored


# -- what the wizard shows beside its choices ------------------------------------------------

@dataclass
class ExistingPerson:
    """A person already in the roster, as the duplicate step compares them with a file row."""

    id: int
    name: str
    reading: str
    birth_date: dt.date | None
    postal_code: str
    address: str
    address3: str
    landline: str
    mobile: str
    email: str
    sex: str


def existing_people(ids: list[int]) -> dict[int, ExistingPerson]:
    """One joined query for the people the file's rows look like."""
    from peewee import JOIN

    P, H = m.Person, m.Household
    query = (P.select(P, H).join(H, JOIN.LEFT_OUTER, on=(P.household == H.id)).where(P.id.in_(list(ids))))
    out = {}
    for p in query:
        h = p.household if p.household_id else None
        out[p.id] = ExistingPerson(p.id, p.full_name, p.full_reading, p.birth_date, h.postal_code if h else "",
                                   f"{h.address1}{h.address2}" if h else "", h.address3 if h else "",
                                   h.landline if h else "", p.mobile, p.email, p.sex)
    return out


@dataclass
class BatchRow:
    id: int
    imported_at: dt.datetime
    source: str
    people: int
    households: int
    merged: int
    undone_at: dt.datetime | None


def import_history() -> list[BatchRow]:
    """Every import, newest first, with the counts written when it ran."""
    rows = []
    for b in m.ImportBatch.select().order_by(m.ImportBatch.id.desc()):
        try:
            summary = json.loads(b.summary or "{}")
        except ValueError:
            summary = {}
        merged = summary.get("merged", [])
        rows.append(BatchRow(b.id, b.imported_at, b.source, int(summary.get("people", 0)),
                             int(summary.get("households", 0)), len(merged) if isinstance(merged, list) else 0,
                             b.undone_at))
    return rows


def undo_batch(batch_id: int, actor: str = "") -> dict[str, int]:
    """undo_import() by id; refuses a batch already undone (and raises UndoBlocked as it does)."""
    from desktop.services.importer import undo_import

    batch = m.ImportBatch.get_by_id(batch_id)
    if batch.undone_at is not None:
        return {"people": 0, "households": 0, "blocks": 0}
    return undo_import(batch, actor)


LATER_WORK = {
    "register": N_("%d support register records"),
    "contacts": N_("%d contact records"),
    "salons": N_("%d salon memberships"),
    "attendance": N_("%d attendance marks"),
    "call_trees": N_("%d places in call trees changed by hand"),
    "people_added": N_("%d people added by hand to imported households"),
}


def later_work_text(counts: dict[str, int]) -> str:
    """Why an undo was refused, in one sentence a person can act on."""
    items = "、".join(_(LATER_WORK[k]) % n for k, n in counts.items())
    return _("Since this import, work has been added to the people it brought in (%s). Undoing it would delete "
             "that too, so nothing was removed. Remove or move those records first, or move the people to the "
             "trash one by one.") % items


def find_register_sheet(path, table) -> tuple[str, list[RegisterIn]] | None:
    """The 要支援者 sheet of a workbook besides the roster sheet, as the command line finds it."""
    from pathlib import Path

    from desktop.services import importer, tabular

    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    for name in table.sheets:
        if name == table.sheet:
            continue
        try:
            other = tabular.read_table(path, name)
            if any(importer.is_register_sheet(r) for r in other.rows[:20]):
                return name, importer.plan_register(other)
        except tabular.TableError:
            continue
    return None
