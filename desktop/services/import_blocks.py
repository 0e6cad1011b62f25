"""Import: the rows that will be in no 班, said before and after, and the 班 a sheet's name gives.

A household in no block is on no block's call tree or safety-check sheet (the whole
association's prints list those households in a last section, db.queries.print_lists), so
the import never puts people there without a word: it counts them, names the reason (no 班
column, or an empty 班 cell), and when a workbook sheet is named like a block (5班, ３組, 2区)
offers to put them all in it — one click in the wizard, `tsunagari import --block NAME` on the
command line. The block chosen fills only rows without a 班 (`fill_block`); a row's own 班
always wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from desktop import jtext
from desktop.i18n import _
from desktop.printing.list_rows import sentences, to_a_block_text
from desktop.services.import_model import PersonIn

# A whole sheet name that is a block's: 5班, 第3組, 2区, 東1ブロック is not (a place name first).
_BLOCK_NAME = re.compile(r"第?\s*[0-9一二三四五六七八九十]+\s*(?:班|組|区|地区|ブロック)")

NO_COLUMN, EMPTY_CELLS = "no_column", "empty_cells"


def sheet_block(sheet: str) -> str:
    """The block a workbook sheet's name names (「５班」 → 「5班」), or "" when it names none."""
    text = jtext.nfkc(sheet or "").strip()
    return text if _BLOCK_NAME.fullmatch(text) else ""


def fill_block(people: list[PersonIn], block: str) -> frozenset[int]:
    """Put every row without a 班 in `block` (after the households are formed, so a 班 written
    on one row of a household still wins); the rows filled."""
    block = jtext.nfkc(block or "").strip()
    if not block:
        return frozenset()
    filled = []
    for p in people:
        if not p.block:
            p.block = block
            filled.append(p.row)
    return frozenset(filled)


@dataclass(frozen=True)
class BlockCounts:
    """People an import writes into new households: in no 班, and put in the chosen block."""

    no_block: int = 0
    into_block: int = 0
    block: str = ""  # the block chosen for rows without a 班 ("" none)
    reason: str = ""  # NO_COLUMN or EMPTY_CELLS when no_block

    def as_json(self) -> dict:
        """The keys `tsunagari import --json` adds (never renamed: scripts read them)."""
        return {"no_block": self.no_block, "no_block_reason": self.reason or None,
                "into_block": self.into_block, "block": self.block or None}


def count(plan, left_out: set[int], joins: dict | None = None) -> BlockCounts:
    """What commit() will do with the plan's 班, rows in `left_out` not written. New members of
    a household already in the roster keep its 班 (`joins`: household_joins of the plan)."""
    if joins is None:
        from desktop.services import import_households as ih

        joins = ih.household_joins(plan.households, plan.duplicates, left_out,
                                   ih.roster_homes(ih.roster_ids(plan.duplicates, left_out)))
    none = into = 0
    for i, members in enumerate(plan.households):
        join = joins.get(i)
        kept = [p for p in members if p.row not in left_out]
        if not kept or (join is not None and join.joins):
            continue
        if not kept[0].block:  # commit() takes the household's 班 from its first row
            none += len(kept)
        elif kept[0].row in plan.defaulted_rows:
            into += len(kept)
    reason = "" if not none else (EMPTY_CELLS if "block" in plan.mapping.values() else NO_COLUMN)
    return BlockCounts(none, into, plan.default_block, reason)


def lines(counts: BlockCounts, *, done: bool = False) -> list[str]:
    """One sentence each: who goes into the chosen block, who into none and why."""
    out = []
    if counts.into_block:
        text = (_("%(n)d people without a 班 (block) were put in 「%(block)s」.") if done
                else _("%(n)d people without a 班 (block) go into 「%(block)s」."))
        out.append(text % {"n": counts.into_block, "block": counts.block})
    if counts.no_block:
        if done:
            said = _("%d people are in no block: the prints for the whole association list them last, under "
                     "「Households in no block」.") % counts.no_block
            out.append(sentences(said, to_a_block_text()))
            return out
        if counts.reason == NO_COLUMN:
            said = _("There is no 班 (block) column, so %d people will be in no block.") % counts.no_block
        else:
            said = _("The 班 (block) cell is empty for %d people, so they will be in no block.") % counts.no_block
        out.append(sentences(said, _("They will be on no block's call tree or safety-check sheet; the prints for the "
                                     "whole association list them last.")))
    return out


def cli_hint(counts: BlockCounts, sheet: str, *, done: bool = False) -> str:
    """The command line's offer: the option that puts the rows without a 班 in one block
    (after the import: undo it first, or the same people would come in twice)."""
    if not counts.no_block:
        return ""
    suggested = sheet_block(sheet) if counts.reason == NO_COLUMN else ""
    if done:
        if suggested:
            return _("Or, to put them in 「%(block)s」 as the sheet is called: undo this import and import the file "
                     "again with --block %(block)s.") % {"block": suggested}
        return _("Or undo this import and import the file again with --block NAME.")
    if suggested:
        return _("The sheet is called 「%(sheet)s」: to put them in that block, import with --block %(block)s.") % {
            "sheet": sheet, "block": suggested}
    return _("To put them all in one block, import with --block NAME.")
