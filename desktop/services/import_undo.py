"""Undo one import: remove exactly what it added (people, households, the blocks it made,
its register records, the call-tree places the app made for them) and put back what it
changed (merged people, people moved to a household of their own, heads, 班長), unless later
work hangs on it (UndoBlocked).

Split from importer.py, which re-exports UndoBlocked, later_work and undo_import.
"""
from __future__ import annotations

import datetime as dt
import json

from db import audit
from db import models as m
from db.database import db, now
from desktop.services.import_leaders import own_places, restore_leaders


def set_head(person: m.Person, head: bool, actor: str, reason: str) -> None:
    """is_head and the 世帯主 role together, as the person form saves them (audited)."""
    roles = (["head"] if head else []) + [r for r in person.roles if r != "head"]
    m.Person.update(is_head=head, roles=roles, updated_at=now()).where(m.Person.id == person.id).execute()
    audit.record(actor, "update", person, field="is_head", old=person.is_head, new=head, reason=reason)


class UndoBlocked(Exception):
    """Work added after the import hangs on what the import added; undoing would delete it."""

    def __init__(self, counts: dict[str, int]):
        super().__init__(counts)
        self.counts = counts


def later_work(batch: m.ImportBatch) -> dict[str, int]:
    """What was added since the import that removing its people and households would take
    with them (the database deletes these in cascade): register records, contacts, salon
    memberships and attendance, call-tree places a person may have set, and people added
    by hand to an imported household. Call-tree places the app made by itself (a tree made
    when first printed, a household put at the end) are not later work (calltree.places_of)."""
    from desktop.services import calltree

    people = m.Person.select(m.Person.id).where(m.Person.import_batch == batch)
    households = m.Household.select(m.Household.id).where(m.Household.import_batch == batch)
    summary = json.loads(batch.summary or "{}")
    own_records = summary.get("register_records", [])
    moved = [e["person"] for e in summary.get("moved", [])]  # in its new households, but not added by hand
    counts = {
        # register records the import made itself are its own, unless changed since
        "register": m.SupportRecord.select().where(m.SupportRecord.person.in_(people),
                                                   m.SupportRecord.id.not_in(own_records)).count()
        + len(_register_records_changed_since(summary)),
        "contacts": m.ContactLog.select().where(m.ContactLog.person.in_(people)).count(),
        "salons": m.SalonMember.select().where(m.SalonMember.person.in_(people)).count(),
        "attendance": m.Attendance.select().where(m.Attendance.person.in_(people)).count(),
        # the originator an import set in place of the old 班長 is put back by the undo itself
        "call_trees": len(set(calltree.places_of(people).hand_places) - own_places(summary)),
        "people_added": m.Person.select().where(m.Person.household.in_(households), m.Person.id.not_in(moved),
                                                (m.Person.import_batch != batch) | m.Person.import_batch.is_null()).count(),
    }
    return {k: v for k, v in counts.items() if v}


def _register_records_changed_since(summary: dict) -> list[int]:
    """Of the register records an import made, those edited after it (fields, contacts or
    supporters): later work that undoing would take with it."""
    own = summary.get("register_records", [])
    done = summary.get("register_done_at")
    if not own or not done:
        return []
    done_at = dt.datetime.fromisoformat(done)
    SR, EC, S = m.SupportRecord, m.EmergencyContact, m.Supporter
    changed = {r for (r,) in SR.select(SR.id).where(SR.id.in_(own), SR.updated_at > done_at).tuples()}
    for model in (EC, S):
        changed |= {r for (r,) in model.select(model.record).where(model.record.in_(own),
                                                                   model.created_at > done_at).tuples()}
    return sorted(changed)


def undo_import(batch: m.ImportBatch, actor: str = "", force: bool = False) -> dict:
    """Remove exactly what one import added (people, households, blocks it created if now empty,
    with their call trees), and the call-tree places the app made for its people.

    Refused (UndoBlocked) when later work hangs on those people or households, unless
    `force`: undoing must not quietly delete a register record or a contact made since.
    Returns counts, and in "kept_since" the merged people whose fields were changed after
    the import (those changes stay; see restore_merges)."""
    from desktop.services import calltree

    blocking = later_work(batch)
    if blocking and not force:
        raise UndoBlocked(blocking)
    with db.atomic():
        summary = json.loads(batch.summary or "{}")
        # The 班長 it made go back first, with the call trees' originators: a tree that
        # starts from an imported person would go with them.
        restore_leaders(summary, actor)
        # The app's own call-tree places go first, cut out so the people they called keep
        # theirs (hand-set ones too when forced); trees nobody changed are made again when needed.
        imported = m.Person.select(m.Person.id).where(m.Person.import_batch == batch)
        trees = calltree.take_out(calltree.places_of(imported), hand_too=force, actor=actor, reason="undo_import")
        from desktop.services.import_choices import restore_merges

        merges = restore_merges(summary, actor)  # people the wizard merged file rows into
        from desktop.services.import_move import restore_moves

        moves = restore_moves(summary, batch, actor)  # back in the household they left, as they were
        for entry in summary.get("heads_replaced", []):  # heads this import replaced are heads again
            old = m.Person.get_or_none(m.Person.id == entry["person"])
            if old is not None and old.household_id == entry["household"] and not m.Person.select().where(
                    m.Person.household == entry["household"], m.Person.is_head, m.Person.id != entry["head"]).exists():
                set_head(old, True, actor, "undo_import")
        # the register records the 要支援者 sheet made (their contacts and supporters go with them)
        records = summary.get("register_records", [])
        register = m.SupportRecord.delete().where(m.SupportRecord.id.in_(records)).execute() if records else 0
        before = summary.get("leaders_before", {})
        for block in m.Block.select().where(m.Block.leader.in_(
                m.Person.select(m.Person.id).where(m.Person.import_batch == batch))):
            old = before.get(str(block.id))  # the gone 班長 the import replaced, if still on file
            old = old if old is not None and m.Person.select().where(m.Person.id == old).exists() else None
            audit.record(actor, "update", block, field="leader", old=block.leader_id, new=old, reason="undo_import")
            block.leader = old
            block.save()
        people = m.Person.delete().where(m.Person.import_batch == batch).execute()
        households = m.Household.delete().where(m.Household.import_batch == batch).execute()
        blocks = 0
        for bid in summary.get("blocks", []):
            if not m.Household.select().where(m.Household.block == bid).exists():
                # its call tree too: left without a block it printed as an empty page of its own
                for tree in m.CallTree.select().where(m.CallTree.block == bid):
                    audit.record(actor, "delete", tree, field="call_tree", old=tree.name, reason="undo_import")
                    tree.delete_instance()
                    trees += 1
                blocks += m.Block.delete().where(m.Block.id == bid).execute()
        batch.undone_at = now()
        batch.save()
        audit.record(actor, "undo_import", batch,
                     new=f"people={people} households={households} blocks={blocks} register={register}"
                         f" call_trees={trees}"
                         + (f" moved={moves['moved']} moved_left={moves['moved_left']}" if summary.get("moved") else ""))
    out = {"people": people, "households": households, "blocks": blocks, "register": register, "call_trees": trees,
           "merged": merges.people, "kept_since": merges.kept + moves.get("kept", [])}
    if summary.get("moved"):  # only the wizard moves people: what the command line prints stays as it was
        out.update(moved=moves["moved"], moved_left=moves["moved_left"])
    return out
