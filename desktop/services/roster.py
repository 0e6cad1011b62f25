"""Roster use-cases: add and edit households and people, blocks, status, undo.

Every write runs in db.atomic() and writes the audit log field by field. An edit returns
an `Edit` that `undo()` can reverse exactly (the UI keeps a stack of them). An Edit also
notes how its rows looked right after it, and `undo()` refuses (UndoConflict) when a row
has changed since, instead of writing old values over newer ones or trashing a row that
now holds someone else (an id SQLite handed out again after an import was undone).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import peewee as pw

from db import audit
from db import models as m
from db.database import db, now, unchanged_on_failure
from desktop import jtext

PERSON_FIELDS = (
    "household", "family_name", "given_name", "family_reading", "given_reading", "birth_date", "sex",
    "mobile", "email", "relation", "is_head", "household_order", "roles", "status", "notes",
)
HOUSEHOLD_FIELDS = ("postal_code", "address1", "address2", "address3", "landline", "block", "notes", "moved_out_on")


class RosterError(ValueError):
    """A value that cannot be saved; the message says what to fix."""


class UndoConflict(RosterError):
    """A row of the edit was changed (or replaced) after it; nothing was undone."""

    def __init__(self, rows: list[pw.Model | None]):
        super().__init__("changed_since")
        self.rows = rows  # the rows as they are now; None = no longer in the file


@dataclass
class Edit:
    """One saved change: enough to put every touched row back as it was."""

    label: str
    # (model class, row id, values before; None = the row did not exist)
    changes: list[tuple[type[pw.Model], int, dict | None]] = field(default_factory=list)
    # (model class, row id) -> the row right after the edit (see seal()); empty = not checked
    after: dict[tuple[type[pw.Model], int], dict | None] = field(default_factory=dict)

    def extend(self, other: Edit) -> None:
        """Take in another edit's rows (several saves undone as one step)."""
        self.changes.extend(other.changes)
        self.after.update(other.after)


# Not compared by undo's check: set on every save, or derived from the other fields.
_UNCHECKED = ("id", "updated_at", "sort_key", "search_text")


def _state(model: type[pw.Model], row_id: int) -> dict | None:
    """A row as stored now (uuid included: a reused id holds another uuid); None if gone."""
    row = model.get_or_none(model.id == row_id)
    if row is None:
        return None
    return _values(row, [n for n in row._meta.fields if n not in _UNCHECKED])


def seal(edit: Edit) -> Edit:
    """Note how every row of the edit looks now, for undo's check."""
    edit.after = {(model, row_id): _state(model, row_id) for model, row_id, _before in edit.changes}
    return edit


def _values(row: pw.Model, names) -> dict:
    out = {}
    for name in names:
        f = row._meta.fields[name]
        out[name] = row.__data__.get(name) if isinstance(f, pw.ForeignKeyField) else getattr(row, name)
    return out


def refresh_index(person: m.Person) -> None:
    """Recompute the 五十音 key and the folded search text from the person's fields."""
    landline = person.household.landline if person.household_id else ""
    person.sort_key = jtext.person_sort_key(person.family_reading, person.given_reading)
    person.search_text = jtext.person_search_text(
        person.family_name, person.given_name, person.family_reading, person.given_reading, [person.mobile, landline]
    )


def _clean_person(values: dict) -> dict:
    v = dict(values)
    if not (v.get("family_name") or "").strip():
        raise RosterError("family_name")
    for key in ("family_name", "given_name"):  # ハ + ゚ (pasted from a Mac file) → パ; kanji kept as typed
        if v.get(key):
            v[key] = jtext.compose_kana(v[key])
    for key in ("family_reading", "given_reading"):
        if key in v and v[key]:
            v[key] = jtext.to_hiragana(jtext.nfkc(v[key])).strip()
    if v.get("mobile"):
        phone = jtext.normalize_phone(v["mobile"])
        # Keep what was typed unless it is a valid number ("03-1234-5678 内線12" must survive).
        v["mobile"] = phone.digits if phone.valid else v["mobile"].strip()
    if isinstance(v.get("birth_date"), str):
        v["birth_date"] = jtext.parse_date(v["birth_date"], need_year=True) if v["birth_date"].strip() else None
    if v.get("status") and v["status"] not in m.STATUSES:
        raise RosterError("status")
    return v


ADDRESS_FIELDS = ("address1", "address2", "address3")


def _clean_household(values: dict) -> dict:
    v = dict(values)
    for key in ADDRESS_FIELDS:
        # As the importer does (importer._split_address): ﾊｲﾂ → ハイツ and ２丁目3－4 → 2丁目3-4,
        # so a typed address matches an imported one, sorts and searches alike, and a postcard
        # does not print ﾞ in a cell of its own. Compatibility kanji (U+FA10 塚) are kept, as
        # in names (see _clean_person): NFKC would replace them.
        if isinstance(v.get(key), str):
            v[key] = jtext.nfkc_keep_kanji(v[key]).strip()
    if "postal_code" in v:
        v["postal_code"] = jtext.normalize_postal(v["postal_code"]) or ""
    if v.get("landline"):
        phone = jtext.normalize_phone(v["landline"])
        v["landline"] = phone.digits if phone.valid else v["landline"].strip()
    return v


def save_person(values: dict, person: m.Person | None = None, actor: str = "") -> tuple[m.Person, Edit]:
    """Create (person None) or update a person from a dict of field values."""
    v = _clean_person(values)
    with db.atomic():
        if person is None:
            person = m.Person(**{k: v[k] for k in PERSON_FIELDS if k in v})
            refresh_index(person)
            person.save()
            audit.record(actor, "create", person, new=person.full_name)
            return person, seal(Edit("add person", [(m.Person, person.id, None)]))
        before = _values(person, PERSON_FIELDS)
        with unchanged_on_failure(person):
            for k in PERSON_FIELDS:
                if k in v:
                    setattr(person, k, v[k])
            refresh_index(person)
            person.save()
            audit.record_changes(actor, person, before, list(PERSON_FIELDS))
        return person, seal(Edit("edit person", [(m.Person, person.id, before)]))


def save_household(values: dict, household: m.Household | None = None, actor: str = "") -> tuple[m.Household, Edit]:
    v = _clean_household(values)
    with db.atomic():
        if household is None:
            household = m.Household.create(**{k: v[k] for k in HOUSEHOLD_FIELDS if k in v})
            audit.record(actor, "create", household)
            return household, seal(Edit("add household", [(m.Household, household.id, None)]))
        before = _values(household, HOUSEHOLD_FIELDS)
        with unchanged_on_failure(household):
            for k in HOUSEHOLD_FIELDS:
                if k in v:
                    setattr(household, k, v[k])
            household.save()
            audit.record_changes(actor, household, before, list(HOUSEHOLD_FIELDS))
            if before.get("landline") != household.landline:  # members' search text holds the number
                # Not part of the Edit: undo rebuilds the members' search text from the
                # household it puts back, and leaves their own fields alone.
                refresh_members([household.id])
        return household, seal(Edit("edit household", [(m.Household, household.id, before)]))


def move_household(household: m.Household, block: m.Block | None, actor: str = "") -> Edit:
    return save_household({"block": block.id if block else None}, household, actor)[1]


def set_status(person: m.Person, status: str, actor: str = "") -> Edit:
    """Mark moved out / deceased (kept, hidden by the default filter) or back to member."""
    return save_person({"status": status, "family_name": person.family_name}, person, actor)[1]


def refresh_members(household_ids) -> None:
    """Rebuild the search text of everyone in these households (it holds the landline)."""
    ids = list(household_ids)
    if not ids:
        return
    for p in m.Person.select().where(m.Person.household.in_(ids)):
        _refresh_saved(p)


def _refresh_saved(person: m.Person) -> None:
    old = (person.sort_key, person.search_text)
    refresh_index(person)
    if (person.sort_key, person.search_text) != old:
        person.save(only=[m.Person.sort_key, m.Person.search_text, m.Person.updated_at])


def changed_since(edit: Edit) -> list[pw.Model | None]:
    """The rows of the edit that no longer look as the edit left them (now; None = gone)."""
    stale = []
    for (model, row_id), after in edit.after.items():
        if _state(model, row_id) != after:
            stale.append(model.get_or_none(model.id == row_id))
    return stale


def undo(edit: Edit, actor: str = "") -> None:
    """Put every row of the edit back as it was; a created row goes to the trash.

    Raises UndoConflict, changing nothing, if a row was changed after the edit."""
    with db.atomic():
        stale = changed_since(edit)
        if stale:
            raise UndoConflict(stale)
        people, households = set(), set()
        for model, row_id, before in reversed(edit.changes):
            row = model.get_or_none(model.id == row_id)
            if row is None:
                continue
            if before is None:
                row.deleted_at = now()
                row.save()
                audit.record(actor, "undo", row, reason=edit.label)
                continue
            current = _values(row, before.keys())
            for k, value in before.items():
                setattr(row, k, value)
            row.save()
            audit.record_changes(actor, row, current, list(before.keys()))
            audit.record(actor, "undo", row, reason=edit.label)
            if model is m.Person:
                people.add(row_id)
            elif model is m.Household:
                households.add(row_id)
        # Only now, with every row back: a member's search text holds the landline of the
        # household as it is after the undo, not the number being undone.
        for p in m.Person.select().where(m.Person.id.in_(list(people))):
            _refresh_saved(p)
        refresh_members(households)


# -- blocks -------------------------------------------------------------------------------

class BlockNameTaken(RosterError):
    """Another block already has this name; `name` is that block's name as it is written."""

    def __init__(self, name: str):
        super().__init__("block_name_taken")
        self.name = name


def check_block_name(name: str, block_id: int | None = None) -> None:
    """Refuse a name another block has (「１班」 = 「1班」): prints and the command line choose a
    block by name, and two blocks of one name leave households out of the print."""
    key = jtext.block_key(name)
    for other_id, other_name in m.Block.select(m.Block.id, m.Block.name).tuples():
        if other_id != block_id and jtext.block_key(other_name) == key:
            raise BlockNameTaken(other_name)


def create_block(name: str, actor: str = "") -> m.Block:
    name = (name or "").strip()
    if not name:
        raise RosterError("block_name")
    with db.atomic():
        check_block_name(name)
        last = m.Block.select(pw.fn.MAX(m.Block.position)).scalar()
        block = m.Block.create(name=name, position=(last if last is not None else -1) + 1)
        audit.record(actor, "create", block, new=name)
        return block


def rename_block(block: m.Block, name: str, actor: str = "") -> None:
    name = (name or "").strip()
    if not name:
        raise RosterError("block_name")
    with db.atomic():
        check_block_name(name, block.id)
        old = block.name
        block.name = name
        block.save()
        audit.record(actor, "update", block, field="name", old=old, new=name)


def reorder_blocks(block_ids: list[int], actor: str = "") -> None:
    with db.atomic():
        for pos, bid in enumerate(block_ids):
            block = m.Block.get_by_id(bid)
            if block.position != pos:
                audit.record(actor, "update", block, field="position", old=block.position, new=pos)
                block.position = pos
                block.save()


def set_block_leader(block: m.Block, person: m.Person | None, actor: str = "") -> Edit:
    """Make `person` (None: nobody) the block's leader, with the 班長 role. The previous
    leader loses the role unless they still lead another block. Returns the undoable Edit."""
    with db.atomic():
        # From the file, not the caller's objects: a leader changed since they were read
        # would otherwise keep (or be refused) the role.
        current = m.Block.get_by_id(block.id)
        old = current.leader_id
        person = m.Person.get_by_id(person.id) if person is not None else None
        new = person.id if person is not None else None
        edit = Edit("block leader", [(m.Block, block.id, {"leader": old})])
        current.leader = person
        current.save()
        block.leader = person  # the caller's object follows
        audit.record(actor, "update", current, field="leader", old=old, new=new)
        if old is not None and old != new:
            leads_another = m.Block.select().where(m.Block.leader == old, m.Block.id != block.id).exists()
            previous = m.Person.get_or_none(m.Person.id == old)
            if previous is not None and not leads_another and "block_leader" in previous.roles:
                roles = [r for r in previous.roles if r != "block_leader"]
                edit.extend(save_person({"roles": roles, "family_name": previous.family_name}, previous, actor)[1])
        if person is not None and "block_leader" not in person.roles:
            edit.extend(save_person({"roles": list(person.roles) + ["block_leader"], "family_name": person.family_name},
                                    person, actor)[1])
        return seal(edit)
