"""The import wizard's choices, Qt-free: fix a cell and check again, split a person out of a
household, merge a file row into a person already in the roster, move one person of a roster
household to a new one, and commit it all at once.

A merge (import_merge.py) fills only empty fields, or overwrites the groups of fields the person
picked; a move (import_move.py) does the same for the person's own fields and gives them a
household of their own at the file's address. Both are audited and their "before" values are
kept in the import's summary so undo_import() puts them back.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from db import models as m
from db.database import db
from desktop.i18n import N_, _
from desktop.services import import_blocks
from desktop.services.import_merge import (  # noqa: F401  (the wizard and undo_import() find them here)
    MERGE_HOUSEHOLD_FIELDS, MERGE_PERSON_FIELDS, ExistingPerson, difference_lines, existing_people, left_differences,
    merge_into, restore_merges,
)
from desktop.services import import_merge, import_move
from desktop.services.importer import ImportResult, Plan, RegisterIn, commit, commit_register, plan_import


# -- the wizard's choices: fix a cell, split a household, merge a duplicate ------------------

def replan(plan: Plan, today: dt.date | None = None, splits: set[int] | None = None) -> Plan:
    """Check every row again after the person changed a cell (same header and mapping)."""
    new = plan_import(plan.table, mapping=plan.mapping, header_index=plan.header_index, today=today,
                      default_block=plan.default_block)
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


@dataclass
class Choices:
    """What the person decided in the wizard, row numbers as in the file."""

    skip_rows: set[int] = field(default_factory=set)  # error rows and anything else left out
    keep_rows: set[int] = field(default_factory=set)  # duplicates imported as new people anyway
    merges: dict[int, tuple[int, set[str]]] = field(default_factory=dict)  # row -> (person id, fields to replace)
    # この人だけ引っ越し: row -> (person id, their own fields to replace); the household is the file's
    moves: dict[int, tuple[int, set[str]]] = field(default_factory=dict)


def merge_lines(plan: Plan, choices: Choices, done: bool = False) -> list[str]:
    """What the moves and the merges change, for whom: one sentence each (see import_merge)."""
    return (import_move.move_lines(import_move.plan_moves(plan, choices.moves), done)
            + import_merge.merge_lines(plan, choices, done))


def commit_with_choices(plan: Plan, choices: Choices, *, source: str = "", actor: str = "",
                        register_items: list[RegisterIn] | None = None) -> tuple[ImportResult, dict]:
    """commit() plus per-duplicate choices and the register sheet, all in one transaction."""
    dup_rows = {d.row for d in plan.duplicates}
    taken = set(choices.merges) | set(choices.moves)
    leave_out = (dup_rows - choices.keep_rows) | taken
    extra: dict = {"merged": 0, "moved": 0, "duplicates_left_out": len(dup_rows - choices.keep_rows - taken)}
    with db.atomic():
        # Said with the roster as it was (who joins a household there keeps its 班).
        extra["block_counts"] = import_blocks.count(plan, set(choices.skip_rows) | leave_out)
        batch = m.ImportBatch.create(source=source)
        # The moves first: new rows of the mover's household in the file then join the new
        # household in commit(), as they join any roster household. Said before they write.
        groups = import_move.plan_moves(plan, choices.moves)
        move_text = import_move.move_lines(groups, done=True)
        moved = import_move.move_out(groups, actor, batch)
        result = commit(plan, source=source, actor=actor, skip_rows=set(choices.skip_rows) | leave_out,
                        keep_duplicates=True, batch=batch)
        batch = m.ImportBatch.get_by_id(result.batch_id)
        by_row = {p.row: p for p in plan.people}
        # Said before the merges write, with the roster as commit() left it: the result page
        # tells what changed for whom, and which 班 or status the roster kept.
        extra["merge_lines"] = move_text + import_merge.merge_lines(plan, choices, done=True)
        extra["difference_lines"] = difference_lines(left_differences(plan, choices), done=True)
        merged = []
        for row, (person_id, replace) in sorted(choices.merges.items()):
            person = m.Person.get_or_none((m.Person.id == person_id) & m.Person.deleted_at.is_null())
            if person is not None and row in by_row and not by_row[row].has_error:
                merged.append(merge_into(person, by_row[row], set(replace), actor, batch))
        extra["merged"], extra["moved"] = len(merged), len(moved)
        if register_items:
            extra.update(commit_register(register_items, actor=actor, batch=batch))
        summary = json.loads(batch.summary or "{}")
        made_blocks = [entry["made_block"] for entry in merged + moved if entry.get("made_block")]
        summary.update(merged=merged, skipped=len(set(choices.skip_rows) & set(by_row)),
                       blocks=summary.get("blocks", []) + made_blocks)  # undo removes them if empty
        if moved:
            summary["moved"] = moved
        batch.summary = json.dumps(summary, ensure_ascii=False)
        batch.save()
    result.skipped = summary["skipped"]
    result.blocks += len(made_blocks)
    return result, extra


# -- what the wizard shows beside its choices ------------------------------------------------

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
        return {"people": 0, "households": 0, "blocks": 0, "register": 0, "merged": 0}
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
