"""「Phoned」「Sent a letter」: log a contact in two clicks wherever a person is shown.

QuickContactBar sits under any list of people (roster, attendance, follow-up list): the page
calls `set_person(id, name)` when the selection changes; one click on a button writes the
entry. 「詳しく記録…」 opens ContactDialog for the method, outcome, note and a follow-up date.
A slip is taken back with 「取り消す」 right beside the confirmation.

Entries are dated by the app's clock (context.today()) at the current time of day, so a test
clock and the follow-up list agree.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _, N_
from desktop.messages import explain_write_error, is_write_failure
from desktop.services import contacts
from ui import dialogs
from ui.style import WrapLabel, field_label, set_role
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.calendar import date_edit, from_qdate, to_qdate

METHOD_LABELS = {
    "phone": N_("Phone"),
    "letter": N_("Letter"),
    "visit": N_("Visit"),
    "online": N_("Online"),
    "other": N_("Other"),
}
OUTCOME_LABELS = {
    "talked": N_("Talked"),
    "no_answer": N_("No answer"),
    "message": N_("Left a message"),
    "letter_sent": N_("Letter sent"),
    "reply": N_("Reply received"),
    "other": N_("Other"),
}
# What each quick button writes, and how the confirmation names it.
QUICK_BUTTONS = (
    ("called", N_("Phoned")),
    ("letter_sent", N_("Sent a letter")),
)


def method_label(code: str) -> str:
    return _(METHOD_LABELS.get(code, code))


def outcome_label(code: str) -> str:
    return _(OUTCOME_LABELS.get(code, code))


def _choice_row(labels: dict[str, str], current: str) -> tuple[QHBoxLayout, QButtonGroup, dict[str, QRadioButton]]:
    """A row of radio buttons: every choice visible at once, no drop-down to open."""
    row = QHBoxLayout()
    group = QButtonGroup(row)
    buttons = {}
    for code, label in labels.items():
        b = QRadioButton(_(label))
        b.setChecked(code == current)
        group.addButton(b)
        row.addWidget(b)
        buttons[code] = b
    row.addStretch(1)
    return row, group, buttons


class ContactDialog(dialogs.DiscardGuard, QDialog):
    """The details of one contact: how, how it went, when, who, a note, when to call again."""

    def __init__(self, context: AppContext, name: str, method: str = "phone", outcome: str = "talked",
                 parent: QWidget | None = None, draft: dict | None = None):
        super().__init__(parent)
        self.context = context
        today = context.today()
        style = context.settings.get(options.DATE_STYLE)
        self.setWindowTitle(_("Record a contact"))
        # The choices scroll above the buttons: in large text they are taller than a 700 px screen.
        layout, footer = dialogs.scroll_form(self, (16, 14, 16, 12), spacing=8)
        layout.addWidget(set_role(QLabel(_("Contact with %s") % name), "heading"))

        layout.addWidget(field_label(_("How")))
        row, _group, self.method_buttons = _choice_row(METHOD_LABELS, method)
        layout.addLayout(row)
        layout.addWidget(field_label(_("How it went")))
        grid = QGridLayout()
        group = QButtonGroup(self)
        self.outcome_buttons = {}
        for i, (code, label) in enumerate(OUTCOME_LABELS.items()):
            b = QRadioButton(_(label))
            b.setChecked(code == outcome)
            group.addButton(b)
            grid.addWidget(b, i // 3, i % 3)
            self.outcome_buttons[code] = b
        layout.addLayout(grid)

        when = QHBoxLayout()
        self.date_edit = date_edit(today, style)
        self.time_edit = QTimeEdit(QTime.currentTime())
        self.time_edit.setDisplayFormat("HH:mm")
        when.addWidget(field_label(_("When")))
        when.addWidget(self.date_edit)
        when.addWidget(self.time_edit)
        when.addStretch(1)
        layout.addLayout(when)

        layout.addWidget(field_label(_("Who made it")))
        self.made_by_edit = QLineEdit(context.operator_name)
        layout.addWidget(self.made_by_edit)
        layout.addWidget(field_label(_("Note")))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.note_edit.setFixedHeight(90)
        layout.addWidget(self.note_edit)

        follow = QHBoxLayout()
        self.follow_check = QCheckBox(_("Get in touch again on"))
        self.follow_edit = date_edit(today + dt.timedelta(days=14), style)
        self.follow_edit.setEnabled(False)
        self.follow_check.toggled.connect(self.follow_edit.setEnabled)
        follow.addWidget(self.follow_check)
        follow.addWidget(self.follow_edit)
        follow.addStretch(1)
        layout.addLayout(follow)
        layout.addStretch(1)
        self.error_label, self.save_button = dialogs.error_and_buttons(self, footer, _("Save this record"), self._accept)
        dialogs.fit_to_screen(self)
        if draft is not None:
            self._fill(draft)
            self._loaded = object()  # not saved yet: closing always asks
        else:
            self.remember_loaded()

    def snapshot(self):
        return self.values()

    def _fill(self, v: dict) -> None:
        """What was chosen and typed last time (`values()`), when saving it failed."""
        self.method_buttons[v["method"]].setChecked(True)
        self.outcome_buttons[v["outcome"]].setChecked(True)
        self.date_edit.setDate(to_qdate(v["when"].date()))
        self.time_edit.setTime(QTime(v["when"].hour, v["when"].minute))
        self.made_by_edit.setText(v["made_by"])
        self.note_edit.setPlainText(v["note"])
        self.follow_check.setChecked(v["follow_up_on"] is not None)
        if v["follow_up_on"] is not None:
            self.follow_edit.setDate(to_qdate(v["follow_up_on"]))

    def values(self) -> dict:
        """Keyword arguments for contacts.log_contact."""
        method = next(c for c, b in self.method_buttons.items() if b.isChecked())
        outcome = next(c for c, b in self.outcome_buttons.items() if b.isChecked())
        t = self.time_edit.time()
        when = dt.datetime.combine(from_qdate(self.date_edit.date()), dt.time(t.hour(), t.minute()))
        return {
            "method": method, "outcome": outcome, "when": when,
            "made_by": self.made_by_edit.text().strip(), "note": self.note_edit.toPlainText().strip(),
            "follow_up_on": from_qdate(self.follow_edit.date()) if self.follow_check.isChecked() else None,
        }

    def problem(self) -> str:
        v = self.values()
        if v["when"].date() > self.context.today():
            return _("The date of the contact is in the future. Please check the date.")
        if v["follow_up_on"] and v["follow_up_on"] <= v["when"].date():
            return _("The date to get in touch again must come after the contact. Please choose a later date.")
        return ""

    def _accept(self) -> None:
        text = self.problem()
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        if not text:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, context: AppContext, name: str, method: str = "phone",
            outcome: str = "talked", draft: dict | None = None) -> dict | None:
        """The values to log, or None if the person chose やめる. Tests monkeypatch this."""
        dialog = cls(context, name, method, outcome, parent, draft)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class QuickContactBar(QWidget):
    """Buttons that log a contact for the person the page has selected."""

    logged = Signal(int)  # person id, after an entry is written or taken back

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, row: FlowLayout | None = None):
        """`row`: put the buttons into the page's own row of buttons (the roster's, where every
        line of large text is a line of the table less); the prompt and the name are then left
        out, and the buttons say in their tooltip that a person is chosen first."""
        super().__init__(parent)
        self.context = context
        self.person_id: int | None = None
        self.person_name = ""
        self.last_entry_id: int | None = None
        self.last_person_id: int | None = None
        self.shared_row = row is not None
        # Two lines: the buttons (wrapping if the page is narrow), then what was recorded with
        # 取り消す, so the confirmation never squeezes the buttons it follows.
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        # "Choose a person…" wraps on its own line: in the button row, one unbreakable label
        # made the pages wider than a 1024-px screen in large text.
        self.prompt_label = WrapLabel(_("Choose a person to record a call or a letter."), "hint")
        column.addWidget(self.prompt_label)
        if row is None:
            row = FlowLayout()
            column.addLayout(row)
        self.who_label = QLabel()
        if not self.shared_row:
            row.addWidget(self.who_label)
        self.buttons: dict[str, QPushButton] = {}
        for action, label in QUICK_BUTTONS:
            b = QPushButton(_(label))
            b.clicked.connect(lambda _c=False, a=action: self.quick(a))
            row.addWidget(b)
            self.buttons[action] = b
        self.more_button = QPushButton(_("Record with details…"))
        self.more_button.clicked.connect(self.detailed)
        row.addWidget(self.more_button)
        done_row = QHBoxLayout()
        column.addLayout(done_row)
        self.done_label = WrapLabel("", "notice")
        self.done_label.hide()
        done_row.addWidget(self.done_label, 1)
        self.undo_button = QPushButton(_("Take back"))
        self.undo_button.clicked.connect(self.undo)
        done_row.addWidget(self.undo_button)
        self.undo_button.hide()
        self.set_person(None)

    def set_person(self, person_id: int | None, name: str = "") -> None:
        # The confirmation and 取り消す stay when the selection moves: after a call the person
        # often leaves the follow-up list, and the slip must still be undoable.
        self.person_id, self.person_name = person_id, name
        self.who_label.setText(_("%s:") % name if person_id else "")
        self.who_label.setVisible(person_id is not None and not self.shared_row)
        self.prompt_label.setVisible(person_id is None and not self.shared_row)
        for b in (*self.buttons.values(), self.more_button):
            b.setEnabled(person_id is not None)
            if self.shared_row:
                b.setToolTip("" if person_id is not None else self.prompt_label.text())
        self._fold()

    def _fold(self) -> None:
        """With its buttons in the page's row, the bar itself holds only the confirmation: no
        empty line (and its spacing) under the buttons until there is one."""
        if self.shared_row:
            self.setVisible(not self.done_label.isHidden())

    def _clear_done(self) -> None:
        self.last_entry_id = None
        self.done_label.setText("")  # WrapLabel keeps its plain text in setText
        self.done_label.hide()
        self.undo_button.hide()
        self._fold()

    def _done(self, entry, text: str) -> None:
        self.last_entry_id, self.last_person_id = entry.id, self.person_id
        self.done_label.setText(text)
        self.done_label.show()
        self.undo_button.show()
        self._fold()
        self.logged.emit(self.person_id)

    def quick(self, action: str) -> None:
        """One click: 電話した (phone, talked) or 手紙を送った (letter, letter sent)."""
        if self.person_id is None:
            return
        try:
            entry = contacts.quick_log(self.person_id, action, actor=self.context.operator_name,
                                       when=contacts.at_time_of_day(self.context.today()))
        except Exception as exc:
            if not is_write_failure(exc):
                raise
            dialogs.show_error(self, _("The contact was not recorded."), explain_write_error(exc))
            return
        label = dict(QUICK_BUTTONS)[action]
        self._done(entry, _("Recorded: %(name)s, %(what)s") % {"name": self.person_name, "what": _(label)})

    def detailed(self) -> None:
        if self.person_id is None:
            return
        values = ContactDialog.ask(self, self.context, self.person_name)
        if values is None:
            return
        pid = self.person_id
        entry = dialogs.save_or_ask_again(
            self, values, lambda v: contacts.log_contact(pid, actor=self.context.operator_name, **v),
            lambda v: ContactDialog.ask(self, self.context, self.person_name, draft=v),
            _("The contact was not recorded."))
        if entry is None:
            return
        self._done(entry, _("Recorded: %(name)s, %(what)s") % {
            "name": self.person_name, "what": f"{method_label(entry.method)}・{outcome_label(entry.outcome)}"})

    def undo(self) -> None:
        if self.last_entry_id is None:
            return
        contacts.delete_contact(self.last_entry_id, actor=self.context.operator_name)
        pid = self.last_person_id
        self._clear_done()
        self.done_label.setText(_("The record was taken back."))
        self.done_label.show()
        self._fold()
        if pid is not None:
            self.logged.emit(pid)
