"""Steps 6 and 7: import (in the background, one transaction) and the result with undo."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from desktop.i18n import N_, _
from desktop.messages import explain_write_error
from desktop.services import import_blocks, import_choices, import_households, import_leaders, import_messages
from desktop.services.import_messages import register_lines
from desktop.services.importer import UndoBlocked, forecast_register
from ui import dialogs
from ui.progress import run_with_progress
from ui.style import WrapLabel, set_role
from ui.transfer.state import StepPage


class RunPage(StepPage):
    title = N_("Import")
    intro = N_("Check the numbers, then press 「Import」. If anything goes wrong, nothing is changed.")

    def __init__(self, state, context, parent=None):
        super().__init__(state, context, parent)
        self.summary = set_role(WrapLabel(""), "heading")
        self.summary.setObjectName("run_summary")
        self.layout_.addWidget(self.summary)
        self.details = WrapLabel("", "hint")
        self.layout_.addWidget(self.details)
        row = QHBoxLayout()
        self.run_button = set_role(QPushButton(_("Import")), "big")
        self.run_button.setObjectName("run_import")
        self.run_button.clicked.connect(self.run)
        row.addWidget(self.run_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.error_label)
        self.layout_.addStretch(1)
        self.running = False
        self.finished = None  # set by the wizard: called when the import is written

    def enter(self) -> None:
        c = self.state.counts()
        if c["joined"] and not c["households"]:
            self.summary.setText(_("%(people)d people will be added to households already in the roster.") % c)
        else:
            self.summary.setText(_("%(people)d people in %(households)d households will be added.") % c)
        lines = (import_households.join_lines(self.state.joins().values())
                 + import_households.head_lines(self.state.stand_ins().values()))
        if c["skipped"]:
            lines.append(_("%d rows with problems are skipped.") % c["skipped"])
        if c["not_people"]:
            lines.append(_("%d rows that are not a person (a title, a total) are not imported.") % c["not_people"])
        if c["duplicates"]:
            lines.append(_("%d rows that look like people already in the roster are not imported.") % c["duplicates"])
        if c["merged"]:
            lines.append(_("%d rows are merged into people already in the roster.") % c["merged"])
        if c["moved"]:
            lines.append(_("%d people already in the roster move to a household of their own.") % c["moved"])
        # What each move and merge changes and for whom, and the 班 or status the roster
        # keeps: said here, before anything is written.
        choices = self.state.choices()
        lines += import_choices.merge_lines(self.state.plan, choices)
        lines += import_choices.difference_lines(import_choices.left_differences(self.state.plan, choices))
        lines += import_blocks.lines(self.state.block_counts())  # who will be in no 班, and why
        lines += self.state.roster_notes()
        if self.state.register:
            # What the import will do with each row of the 要支援者 sheet, as it will do it:
            # added, already on the register (left as it is), or left out and why.
            forecast = forecast_register(self.state.register[1], self.state.plan, self.state.left_out(),
                                         choices.merges)
            lines += register_lines(forecast)
        lines.append(_("You can undo the whole import afterwards."))
        self.details.setText("\n".join(lines))
        self.show_error("")
        self.run_button.setEnabled(not self.running)

    def can_next(self) -> bool:
        return False  # the 取り込む button moves on

    def can_back(self) -> bool:
        return not self.running

    def run(self) -> None:
        if self.running:
            return
        state = self.state
        plan, choices = state.plan, state.choices()
        register = state.register[1] if state.register else None
        source, actor = state.path.name, self.context.operator_name

        def work():
            return import_choices.commit_with_choices(plan, choices, source=source, actor=actor,
                                                      register_items=register)

        self.running = True
        self.run_button.setEnabled(False)
        self.show_error("")
        self.changed.emit()
        run_with_progress(self.window(), _("Importing…"), work, self._done, self._failed)

    def _done(self, outcome) -> None:
        self.running = False
        self.state.result, self.state.extra = outcome
        if self.finished:
            self.finished()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.run_button.setEnabled(True)
        self.show_error(explain_write_error(exc))
        self.changed.emit()


class ResultPage(StepPage):
    title = N_("Done")
    intro = ""

    def __init__(self, state, context, parent=None):
        super().__init__(state, context, parent)
        self.summary = set_role(WrapLabel(""), "heading")
        self.summary.setObjectName("result_summary")
        self.layout_.addWidget(self.summary)
        # 「取り消す」 right under the counts: the details below can run long (every row left
        # out, every merge), and the way back must be in sight without scrolling.
        row = QHBoxLayout()
        self.undo_button = QPushButton(_("Undo this import"))
        self.undo_button.setObjectName("undo_import")
        self.undo_button.clicked.connect(self.undo)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.undo_label = WrapLabel("", "notice")
        self.layout_.addWidget(self.undo_label)
        self.layout_.addWidget(self.error_label)
        self.details = WrapLabel("", "hint")
        self.layout_.addWidget(self.details)
        self.layout_.addStretch(1)

    def enter(self) -> None:
        r, extra = self.state.result, self.state.extra
        if r.joined and not r.households:
            self.summary.setText(_("%d people were added to households already in the roster.") % r.people)
        else:
            self.summary.setText(_("%(people)d people in %(households)d households were added.")
                                 % {"people": r.people, "households": r.households})
        lines = import_households.join_lines(r.joins, done=True) + import_households.head_lines(r.stand_ins, done=True)
        if r.skipped:
            lines.append(_("%d rows with problems were skipped.") % r.skipped)
        if extra.get("duplicates_left_out"):
            lines.append(_("%d possible duplicates were not imported.") % extra["duplicates_left_out"])
        if extra.get("merged"):
            lines.append(_("%d rows were merged into people already in the roster.") % extra["merged"])
        if extra.get("moved"):
            lines.append(_("%d people already in the roster were given a household of their own.") % extra["moved"])
        lines += extra.get("merge_lines", [])
        lines += extra.get("difference_lines", [])
        if extra.get("block_counts"):  # who is in no 班 now, and how to put them in one
            lines += import_blocks.lines(extra["block_counts"], done=True)
        if r.blocks:
            lines.append(_("%d new blocks (班) were made.") % r.blocks)
        lines += import_leaders.leader_lines(r.leader_changes, done=True)
        lines += import_leaders.not_in_file_line(r.not_in_file)
        if "register" in extra:
            lines += register_lines(extra, done=True)  # each row left out, and why
        lines.append(_("If something is wrong, 「Undo this import」 removes exactly what was added. "
                       "Later you find it under File → Past imports…."))
        self.details.setText("\n".join(lines))
        self.undo_button.setEnabled(not self.state.undone)

    def can_back(self) -> bool:
        return False

    def confirm_undo(self) -> bool:
        """Ask before undoing (tests replace this)."""
        merged = int((self.state.extra or {}).get("merged", 0))
        return dialogs.confirm(self, _("Remove the %d people this import added?") % self.state.result.people,
                               _("Undo the import"), detail=import_messages.undo_question_detail(merged))

    def undo(self) -> None:
        if self.state.undone or not self.confirm_undo():
            return
        try:
            removed = import_choices.undo_batch(self.state.result.batch_id, self.context.operator_name)
        except UndoBlocked as exc:
            self.show_error(import_choices.later_work_text(exc.counts))
            return
        except Exception as exc:  # noqa: BLE001 - shown to the person, the transaction rolled back
            self.show_error(_("The import could not be undone (%s). Nothing was changed.") % exc)
            return
        self.state.undone = True
        self.undo_button.setEnabled(False)
        text = import_messages.undone_text(removed)
        self.undo_label.setText(text)
        self.changed.emit()
