"""A phone number field that says at once when a number cannot be right.

The number is shown with hyphens by the Japanese numbering plan when the field is left;
what the user typed is never thrown away (an impossible number stays as typed, flagged).
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop import jtext
from desktop.i18n import _
from ui.style import WrapLabel


class PhoneEdit(QWidget):
    changed = Signal()

    def __init__(self, parent=None, example: str = ""):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(example or _("e.g. 090-1234-5678"))
        self.message = WrapLabel("", "error")
        self.message.hide()
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._check)
        self.edit.editingFinished.connect(self._tidy)

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(jtext.format_phone(text) if text else "")

    def problem(self) -> str:
        """What is wrong with the number, in words; "" when it is fine or empty."""
        text = self.text()
        if not text:
            return ""
        phone = jtext.normalize_phone(text)
        if phone.valid:
            return ""
        return jtext.phone_problem_text(phone.problem)

    def _check(self) -> None:
        text = self.text()
        phone = jtext.normalize_phone(text) if text else None
        if phone is None or phone.valid and not phone.problem:
            self.message.hide()
        elif phone.valid:  # repaired (a lost leading 0): a note, not an error
            self.message.setText(jtext.phone_problem_text(phone.problem))
            self.message.show()
        else:
            # While typing, "too short" is normal; say it only once the field is left.
            if phone.problem == "too_short" and self.edit.hasFocus():
                self.message.hide()
            else:
                self.message.setText(jtext.phone_problem_text(phone.problem))
                self.message.show()
        self.changed.emit()

    def _tidy(self) -> None:
        text = self.text()
        if text:
            formatted = jtext.format_phone(text)
            if formatted != self.edit.text():
                self.edit.setText(formatted)
        self._check()
