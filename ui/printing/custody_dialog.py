"""「誰に渡しますか」: before anything with personal data is printed or saved, who receives it,
how many copies, and by when they are destroyed. The answer goes to the custody ledger
(desktop/services/custody.py; domain.md §1.6: note every copy)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout

from desktop.i18n import _, ngettext
from ui.style import WrapLabel, field_label, set_role
from ui.widgets.date_edit import DateEdit

MAX_COPIES = 50


@dataclass(frozen=True)
class CustodyAnswer:
    recipient: str
    copies: int
    destroy_by: dt.date


class CustodyDialog(QDialog):
    def __init__(self, what: str, recipient: str, copies: int, destroy_by: dt.date, today: dt.date,
                 date_style: str = "wareki", saving: bool = False, parent=None):
        super().__init__(parent)
        self.today = today
        self.setWindowTitle(_("Who receives it?"))
        self.resize(600, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(set_role(WrapLabel(_("Who receives it?")), "heading"))
        text = _("\"%s\" holds personal data. It is written in the custody ledger so every copy can be collected "
                 "or destroyed later.") % what
        if saving:
            # The ledger counts the sets in the file; a person who prints it later from a PDF
            # viewer must not multiply them again.
            text += "\n" + _("The PDF holds all the copies, one after the other: print it once, at 1 copy. "
                              "The file holds personal data too: delete it when it is no longer needed.")
        self.intro_label = WrapLabel(text)
        layout.addWidget(self.intro_label)
        layout.addWidget(field_label(_("Recipient")))
        self.recipient_edit = QLineEdit(recipient)
        layout.addWidget(self.recipient_edit)
        layout.addWidget(field_label(_("Copies")))
        row = QHBoxLayout()
        self.copies_spin = QSpinBox()
        self.copies_spin.setRange(1, MAX_COPIES)
        self.copies_spin.valueChanged.connect(self._name_copies)
        self.copies_spin.setValue(copies)
        self._name_copies(copies)
        row.addWidget(self.copies_spin)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(field_label(_("Destroy by")))
        self.destroy_edit = DateEdit(today, date_style, with_age=False)
        self.destroy_edit.set_date(destroy_by)
        layout.addWidget(self.destroy_edit)
        self.error_label = WrapLabel("", "error")
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(_("Record and continue"))
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._accept)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)
        self.ensurePolished()
        self._hold_height()

    # Qt sizes a window as if every word-wrapped label were one line; in large text the
    # explanation takes three or four, so the window is kept tall enough for all of them.
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._hold_height()

    def _hold_height(self) -> None:
        need = self.heightForWidth(self.width())
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)

    def _name_copies(self, n: int) -> None:
        self.copies_spin.setSuffix(ngettext(" copy", " copies", n))  # "1 copy", "2 copies"; 部 in Japanese

    def answer(self) -> CustodyAnswer | None:
        day = self.destroy_edit.date()
        recipient = self.recipient_edit.text().strip()
        if not recipient or day is None or day < self.today:
            return None
        return CustodyAnswer(recipient, self.copies_spin.value(), day)

    def _accept(self) -> None:
        if not self.recipient_edit.text().strip():
            self.error_label.setText(_("Write who receives it, e.g. the block leader of 1班, or the association leader."))
        elif self.destroy_edit.date() is None:
            self.error_label.setText(_("Write the date by which the copies are destroyed, e.g. 2027/11/30."))
        elif self.destroy_edit.date() < self.today:
            self.error_label.setText(_("The destroy-by date is in the past; choose a later day."))
        else:
            self.accept()

    @classmethod
    def ask(cls, parent, what: str, recipient: str, copies: int, destroy_by: dt.date, today: dt.date,
            date_style: str = "wareki", saving: bool = False) -> CustodyAnswer | None:
        dialog = cls(what, recipient, copies, destroy_by, today, date_style, saving, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()
