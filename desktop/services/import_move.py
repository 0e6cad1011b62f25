"""この人だけ引っ越し: one person of a roster household now lives elsewhere (a son with a flat
of his own, a widow who moved in near her daughter) and the others stay where they are.

The file row's address, postal code, phone and 班 make a new household (tagged with the
import) whose head the person becomes; their own fields are merged as 統合する merges them
(empty ones filled, the ticked groups replaced). If they were the head of the household
they leave, the next active member who stays becomes its head (audited, as a roster edit).
Call trees and register records point at the person, so they follow without more work.

It is written in the import's transaction before commit() writes the new rows, so the new
rows of the same household in the file (his wife, their baby) join the new household, as
new rows join any household of the roster. People of one household of the file who move
together go into one new household. The values before are kept in the import's summary
("moved") so undo_import() puts everything back (restore_moves).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from db import audit
from db import models as m
from desktop import jtext
from desktop.i18n import _
from desktop.services.import_households import home_key
from desktop.services.import_merge import (
    GROUP_LABELS, MERGE_PERSON_FIELDS, ExistingPerson, _block_of, _jsonable, _updates, field_labels, names_text,
)
from desktop.services.import_model import PersonIn
from desktop.services.import_undo import set_head

HEAD_RELATION = "本人"  # the 続柄 of a head when the file says none (as the demo roster writes it)
# The person's own groups a move merges; the relation is the file's (or 本人 for the head).
_MOVE_PERSON_FIELDS = {k: v for k, v in MERGE_PERSON_FIELDS.items() if k != "relation"}


def move_offered(row: PersonIn, existing: ExistingPerson | None) -> bool:
    """True when the file row lives elsewhere than the roster household (another address or
    班) and others of that household stay there. Otherwise 統合する already does the job: a
    person alone moves with their household, and 転出 or 死亡 is a status, not a new home."""
    e = existing
    if e is None or not e.household_id or not e.housemates:
        return False
    if row.status_given and row.status not in m.ACTIVE_STATUSES:
        return False
    file_home = home_key(f"{row.address1}{row.address2}{row.address3}")
    elsewhere = bool(file_home) and file_home != home_key(f"{e.address}{e.address3}")
    other_block = bool(row.block) and jtext.block_key(row.block) != jtext.block_key(e.block)
    return elsewhere or other_block


@dataclass
class Mover:
    row: PersonIn
    person_id: int
    name: str
    household_id: int  # the household they leave
    was_head: bool
    replace: set[str]


@dataclass
class MoveGroup:
    """Roster people who move together into one new household (one household of the file)."""

    movers: list[Mover]  # the new head first
    block: str = ""  # the new household's 班, by the file's name
    new_block: bool = False  # no 班 of that name yet: the move makes it
    stays: dict[int, list[str]] = field(default_factory=dict)  # household left → who stays there (active)
    new_heads: dict[int, tuple[int, str]] = field(default_factory=dict)  # household left → its head instead

    @property
    def row(self) -> PersonIn:
        return self.movers[0].row

    def where(self) -> str:
        r = self.row
        address = f"{r.address1}{r.address2} {r.address3}".strip()
        return "、".join(x for x in (address, self.block) if x)


def plan_moves(plan, moves: dict[int, tuple[int, set[str]]]) -> list[MoveGroup]:
    """What the moves chosen (file row → (person id, groups to replace)) will do, read from
    the roster as it is now (three queries); nothing is written."""
    by_row = {p.row: p for p in plan.people}
    group_of = {p.row: i for i, members in enumerate(plan.households) for p in members}
    P = m.Person
    ids = [pid for pid, _r in moves.values()]
    people = {p.id: p for p in P.select().where(P.id.in_(ids), P.deleted_at.is_null(), P.household.is_null(False))}
    movers: dict[object, list[Mover]] = {}
    for row, (pid, replace) in sorted(moves.items()):
        p, r = people.get(pid), by_row.get(row)
        if p is None or r is None or r.has_error:
            continue
        movers.setdefault(group_of.get(row, f"row:{row}"), []).append(
            Mover(r, pid, p.full_name, p.household_id, bool(p.is_head), set(replace)))
    moving = {mv.person_id for group in movers.values() for mv in group}
    left = {mv.household_id for group in movers.values() for mv in group}
    members: dict[int, list[tuple[int, str, bool]]] = {}
    for pid, hid, family, given, head in (P.select(P.id, P.household, P.family_name, P.given_name, P.is_head)
                                          .where(P.household.in_(list(left)), P.deleted_at.is_null(),
                                                 P.status.in_(m.ACTIVE_STATUSES), P.id.not_in(list(moving)))
                                          .order_by(P.household_order, P.id).tuples()):
        members.setdefault(hid, []).append((pid, f"{family} {given}".strip(), bool(head)))
    heads_left = {mv.household_id for group in movers.values() for mv in group if mv.was_head}
    new_heads = {hid: (stay[0][0], stay[0][1]) for hid, stay in members.items()
                 if hid in heads_left and stay and not any(head for _p, _n, head in stay)}
    out = []
    for group in movers.values():
        group.sort(key=lambda mv: (not mv.row.is_head, mv.row.row))
        g = MoveGroup(group, group[0].row.block)
        g.new_block = bool(g.block) and _block_of(g.block) is None
        for mv in group:
            g.stays.setdefault(mv.household_id, [name for _p, name, _h in members.get(mv.household_id, [])])
            if mv.was_head and mv.household_id in new_heads:
                g.new_heads[mv.household_id] = new_heads[mv.household_id]
        out.append(g)
    return out


# -- what the wizard says -----------------------------------------------------------------

def group_text(g: MoveGroup, done: bool = False) -> str:
    """「山田 太郎さんだけが新しい住所（…）の世帯になります。山田 花子さんはいまの住所のままです。」"""
    values = {"names": names_text([mv.name for mv in g.movers]), "where": g.where()}
    text = (_("Only %(names)s moved to a new household at the new address (%(where)s).") if done else
            _("Only %(names)s will form a new household at the new address (%(where)s).")) % values
    for hid, stay in g.stays.items():  # a leading space in English, none in Japanese
        if stay:
            said = _(" %(names)s stayed at the old address.") if done else _(" %(names)s stay at the current address.")
            text += said % {"names": names_text(stay)}
        if hid in g.new_heads:
            said = (_(" %(name)s became the head of the household at the old address.") if done else
                    _(" %(name)s becomes the head of the household at the current address."))
            text += said % {"name": _("{name}").format(name=g.new_heads[hid][1])}
    if g.new_block:
        text += (_(" The block 「%s」 was made.") if done else _(" The block 「%s」 is new and will be made.")) % g.block
    return text


def person_changes(person: m.Person, row: PersonIn, replace) -> dict:
    """The person's own fields a move writes: empty ones filled, the ticked groups replaced."""
    current = {n: getattr(person, n) for names in _MOVE_PERSON_FIELDS.values() for n in names}
    return _updates(current, row, _MOVE_PERSON_FIELDS, replace)


def _change_line(mv: Mover, done: bool) -> str:
    """「山田 太郎さん：携帯電話が変わります。」 for a mover whose own fields change too ("" if none)."""
    person = m.Person.get_or_none(m.Person.id == mv.person_id)
    if person is None:
        return ""
    changed = set(person_changes(person, mv.row, mv.replace))
    parts = [_(GROUP_LABELS[key]) for key, names in _MOVE_PERSON_FIELDS.items() if changed & set(names)]
    if "status" in mv.replace and mv.row.status_given and mv.row.status != person.status:
        parts.append(_(GROUP_LABELS["status"]))
    if not parts:
        return ""
    return (_("%(name)s: %(changes)s changed.") if done else _("%(name)s: %(changes)s will change.")) % {
        "name": mv.name, "changes": "、".join(parts)}


def move_lines(groups: list[MoveGroup], done: bool = False) -> list[str]:
    """One sentence per new household, then the movers whose own fields change, as list items."""
    lines = []
    for g in groups:
        lines.append("・" + group_text(g, done))
        lines += ["・" + line for line in (_change_line(mv, done) for mv in g.movers) if line]
    return lines


def move_hint(plan, moves: dict[int, tuple[int, set[str]]], row: int) -> str:
    """What the move of this file row will do, for the wizard's duplicates step."""
    for g in plan_moves(plan, moves):
        if any(mv.row.row == row for mv in g.movers):
            return group_text(g)
    return ""


# -- what a move writes, and undo ---------------------------------------------------------

def move_out(groups: list[MoveGroup], actor: str, batch: m.ImportBatch) -> list[dict]:
    """Write the moves: per group a new household (tagged with the import), the movers in it
    (the first its head), a stand-in head where the head left. Returns, per mover, the values
    before, for the import's summary."""
    from desktop.services import roster

    reason = f"import:{batch.uuid}"
    entries = []
    for g in groups:
        r = g.row
        block_id, made_block = None, None
        if g.block:
            block = _block_of(g.block)
            if block is None:
                block = roster.create_block(g.block, actor)
                made_block = block.id
            block_id = block.id
        household, _e = roster.save_household({"postal_code": r.postal_code, "address1": r.address1,
                                               "address2": r.address2, "address3": r.address3,
                                               "landline": r.landline, "block": block_id}, None, actor)
        m.Household.update(import_batch=batch).where(m.Household.id == household.id).execute()
        for order, mv in enumerate(g.movers):
            person = m.Person.get_by_id(mv.person_id)
            entry = {"person": person.id, "row": mv.row.row,
                     "household": person.household_id, "new_household": household.id,
                     "values": _jsonable(roster._values(person, roster.PERSON_FIELDS))}
            if order == 0 and made_block:
                entry["made_block"] = made_block
            head = order == 0
            values = person_changes(person, mv.row, mv.replace)
            values.update(household=household.id, is_head=head, household_order=order,
                          relation=mv.row.relation or (HEAD_RELATION if head else person.relation),
                          roles=(["head"] if head else []) + [x for x in person.roles if x != "head"],
                          family_name=values.get("family_name", person.family_name))
            if "status" in mv.replace and mv.row.status_given and mv.row.status != person.status:
                values["status"] = mv.row.status
            roster.save_person(values, person, actor)
            # What the move wrote: undo puts back the person's own fields only where they still hold it.
            entry["after"] = _jsonable(roster._values(m.Person.get_by_id(person.id), roster.PERSON_FIELDS))
            stand_in = g.new_heads.pop(entry["household"], None) if mv.was_head else None
            if stand_in is not None:  # after the person left: the household never has two heads
                set_head(m.Person.get_by_id(stand_in[0]), True, actor, reason)
                entry["stand_in"] = stand_in[0]
            audit.record(actor, "move_import_row", person, new=f"row {mv.row.row}", reason=reason)
            entries.append(entry)
    return entries


def restore_moves(summary: dict, batch: m.ImportBatch, actor: str = "") -> dict[str, int]:
    """Put the people an import moved back where they were (household, order, head, relation,
    their own fields), the stand-in heads back to members, and remove the new households.

    A person who has left the new household since, or whose old household is gone or in the
    trash, stays where they are now (later work decided that); their new household is kept
    while they live in it."""
    from desktop.services import roster

    restored = left = 0
    kept: set[int] = set()
    kept_fields: list[str] = []
    entries = summary.get("moved", [])
    for entry in reversed(entries):
        person = m.Person.get_or_none(m.Person.id == entry["person"])
        old = m.Household.get_or_none(m.Household.id == entry["household"])
        if person is None or person.household_id != entry["new_household"] or old is None or old.deleted_at:
            left += 1
            if person is not None and person.household_id == entry["new_household"]:
                kept.add(entry["new_household"])
            continue
        stand_in = m.Person.get_or_none(m.Person.id == entry["stand_in"]) if entry.get("stand_in") else None
        if stand_in is not None and stand_in.household_id == old.id and stand_in.is_head:
            set_head(stand_in, False, actor, "undo_import")
        values = dict(entry["values"])
        if values["is_head"] and m.Person.select().where(m.Person.household == old.id, m.Person.is_head,
                                                          m.Person.deleted_at.is_null()).exists():
            # someone was made the head by hand since: they stay the head
            values["is_head"] = False
            values["roles"] = [x for x in values["roles"] if x != "head"]
        before = roster._values(person, roster.PERSON_FIELDS)
        after = entry.get("after")
        changed_since: list[str] = []
        for k in roster.PERSON_FIELDS:
            v = values.get(k)
            old_value = (dt.date.fromisoformat(v) if v else None) if k == "birth_date" else v
            if after is not None and k not in _PLACE_FIELDS:
                # The person's own fields: only what the move changed, and only where it still
                # holds what the move wrote (a note or a number changed since stays).
                a = after.get(k)
                wrote = (dt.date.fromisoformat(a) if a else None) if k == "birth_date" else a
                if wrote == old_value:
                    continue
                if _same(getattr(person, k), wrote):
                    setattr(person, k, old_value)
                else:
                    changed_since.append(k)
                continue
            setattr(person, k, old_value)
        roster.refresh_index(person)
        person.save()
        audit.record_changes(actor, person, before, list(roster.PERSON_FIELDS))
        if changed_since:
            kept_fields.append(_("%(name)s (%(fields)s)") % {"name": person.full_name,
                                                             "fields": field_labels(changed_since)})
        restored += 1
    made = {e["new_household"] for e in entries} - kept
    if kept:  # not the import's any more: undo_import() must not delete it
        m.Household.update(import_batch=None).where(m.Household.id.in_(sorted(kept))).execute()
    removed = (m.Household.delete().where(m.Household.id.in_(sorted(made)), m.Household.import_batch == batch)
               .execute() if made else 0)
    return {"moved": restored, "moved_left": left, "move_households": removed, "kept": kept_fields}


# Where the person lives in the roster: a move changes these and undo always puts them back.
_PLACE_FIELDS = frozenset(("household", "is_head", "household_order", "relation", "roles"))


def _same(now, wrote) -> bool:
    """A field as stored now against what the move wrote (roles are kept as a list)."""
    if isinstance(now, (list, tuple)) or isinstance(wrote, (list, tuple)):
        return list(now or []) == list(wrote or [])
    return now == wrote
