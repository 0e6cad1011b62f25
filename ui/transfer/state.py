"""What the wizard's steps share, and the base of every step page.

The state is plain data: the file read so far, the person's choices, the plan. Each page
reads it when shown (`enter`) and writes it when the person moves on (`leave`), so going
back and forth loses nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.i18n import _
from desktop.services import import_blocks, import_households, import_leaders
from desktop.services.import_choices import Choices
from desktop.services.import_messages import LEFT_OUT_CODES
from desktop.services.importer import ERROR, ImportResult, Plan, RegisterIn
from desktop.services.tabular import Table
from ui.style import WrapLabel, set_role
from ui.transfer.preview_model import FIX, KEEP_BOTH, MERGE, MOVE


@dataclass
class ImportState:
    path: Path | None = None
    table: Table | None = None
    header_index: int | None = None
    use_hidden: bool = False
    mapping: dict[int, str] = field(default_factory=dict)
    mapping_key: tuple | None = None  # (path, sheet, header, hidden) the mapping was made for
    plan: Plan | None = None
    row_choices: dict[int, str] = field(default_factory=dict)  # error row -> skip / fix
    splits: set[int] = field(default_factory=set)
    dup_choices: dict[int, str] = field(default_factory=dict)  # file row -> out / both / merge / move
    merge_fields: dict[int, set[str]] = field(default_factory=dict)  # file row -> groups to overwrite
    register: tuple[str, list[RegisterIn]] | None = None
    default_block: str = ""  # the block for rows without a 班 (the sheet's name, chosen on the check step)
    result: ImportResult | None = None
    extra: dict = field(default_factory=dict)
    undone: bool = False
    homes: dict = field(default_factory=dict, repr=False)  # roster households of the plan's duplicates
    homes_for: Plan | None = field(default=None, repr=False)  # the plan `homes` was read for

    def reset_after_file(self) -> None:
        """A new file or sheet: every later choice belonged to the old one."""
        self.header_index = None
        self.mapping, self.mapping_key, self.plan = {}, None, None
        self.row_choices, self.splits, self.dup_choices, self.merge_fields = {}, set(), {}, {}
        self.register = None
        self.default_block = ""

    def current_key(self) -> tuple:
        return (str(self.path), self.table.sheet if self.table else "", self.header_index, self.use_hidden)

    def error_rows(self) -> set[int]:
        return set(self.plan.error_rows) if self.plan else set()

    def skip_rows(self) -> set[int]:
        """Error rows are skipped unless the person fixed them (then they are no longer errors)."""
        return self.error_rows()

    def unfixed_rows(self) -> list[int]:
        """Rows the person chose to fix but that still have a problem."""
        return sorted(r for r in self.error_rows() if self.row_choices.get(r) == FIX)

    def dup_ids(self) -> dict[int, int]:
        """file row -> person id, for duplicates of people already in the roster."""
        out = {}
        for d in self.plan.duplicates if self.plan else []:
            if d.other.startswith("db:"):
                out[d.row] = int(d.other[3:])
        return out

    def choices(self) -> Choices:
        dup_rows = {d.row for d in self.plan.duplicates} if self.plan else set()
        ids = self.dup_ids()
        keep = {r for r in dup_rows if self.dup_choices.get(r) == KEEP_BOTH}
        merges = {r: (ids[r], set(self.merge_fields.get(r, set()))) for r in dup_rows
                  if self.dup_choices.get(r) == MERGE and r in ids}
        moves = {r: (ids[r], set(self.merge_fields.get(r, set()))) for r in dup_rows
                 if self.dup_choices.get(r) == MOVE and r in ids}
        return Choices(skip_rows=self.skip_rows(), keep_rows=keep, merges=merges, moves=moves)

    def left_out(self) -> set[int]:
        """Rows not imported as new people: skipped, and duplicates not kept (merged ones too)."""
        choices = self.choices()
        dup_rows = {d.row for d in self.plan.duplicates} if self.plan else set()
        return choices.skip_rows | (dup_rows - choices.keep_rows)

    def joins(self) -> dict[int, import_households.Join]:
        """Planned households (by index) whose new members join a household already in the
        roster, as commit() will do it. The roster is read once per plan, not on every click."""
        if not self.plan:
            return {}
        if self.homes_for is not self.plan:
            self.homes = import_households.roster_homes(import_households.roster_ids(self.plan.duplicates))
            self.homes_for = self.plan
        return import_households.household_joins(self.plan.households, self.plan.duplicates, self.left_out(),
                                                 self.homes)

    def stand_ins(self) -> dict[int, import_households.StandIn]:
        """New households whose head in the file is left out, with who is made the head instead."""
        if not self.plan:
            return {}
        return import_households.stand_in_heads(self.plan.households, self.left_out(), self.joins(),
                                                self.plan.missing_heads)

    def counts(self) -> dict[str, int]:
        """What the import would do with the current choices."""
        if not self.plan:
            return {"people": 0, "households": 0, "skipped": 0, "duplicates": 0, "merged": 0, "moved": 0, "joined": 0,
                    "not_people": 0}
        choices = self.choices()
        dup_rows = {d.row for d in self.plan.duplicates}
        left_out = self.left_out()
        joining = {i: j for i, j in self.joins().items() if j.joins}
        households = sum(1 for i, members in enumerate(self.plan.households)
                         if i not in joining and any(p.row not in left_out for p in members))
        people = sum(1 for p in self.plan.people if p.row not in left_out)
        return {"people": people, "households": households, "skipped": len(choices.skip_rows),
                "duplicates": len(dup_rows - choices.keep_rows - set(choices.merges) - set(choices.moves)),
                "merged": len(choices.merges), "moved": len(choices.moves),
                "joined": sum(len(j.people) for j in joining.values()),
                # titles, totals and repeated headers: never a person, never imported
                "not_people": len({p.row for p in self.plan.file_problems if p.code in LEFT_OUT_CODES})}

    def block_counts(self) -> import_blocks.BlockCounts:
        """Who the import puts in no 班, or in the block chosen for rows without one."""
        if not self.plan:
            return import_blocks.BlockCounts()
        return import_blocks.count(self.plan, self.left_out(), self.joins())

    def roster_notes(self) -> list[str]:
        """Before the import: who will lead each 班 the file names a new 班長 for, and the
        roster people the file leaves out (said, never deleted)."""
        if not self.plan:
            return []
        return (import_leaders.leader_lines(import_leaders.planned_changes(self.plan, self.left_out()))
                + import_leaders.not_in_file_line(import_leaders.not_in_file(self.plan)))

    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in (self.plan.problems if self.plan else []))


class StepPage(QWidget):
    """One step: a title, a line saying what to do, then the page's own widgets."""

    changed = Signal()  # the Next button may need updating
    title = ""  # N_() msgids, translated when the page is built
    intro = ""

    def __init__(self, state: ImportState, context: AppContext, parent=None):
        super().__init__(parent)
        self.state = state
        self.context = context
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(10)
        self.title_label = set_role(QLabel(_(self.title)), "title")
        self.layout_.addWidget(self.title_label)
        self.intro_label = WrapLabel(_(self.intro) if self.intro else "", "hint")
        self.layout_.addWidget(self.intro_label)
        self.error_label = WrapLabel("", "error")
        self.error_label.setObjectName("step_error")
        self.error_label.hide()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def enter(self) -> None:
        """Called each time the step is shown."""

    def leave(self) -> bool:
        """Called on 次へ; False keeps the person on this step (the page says why)."""
        return True

    def can_next(self) -> bool:
        return True

    def can_back(self) -> bool:
        return True
