"""災害時モード: before a print includes people who did not consent, the user confirms that a
disaster occurs or threatens and says why (災害対策基本法 49-11 para. 3). The answer goes to
db.queries.register.register_rows(MODE_DISASTER, confirmed=..., reason=...), which refuses
without both and writes the choice to the audit log."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from desktop.i18n import _
from ui.style import WrapLabel, field_label, set_role


class DisasterModeDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Disaster mode"))
        self.resize(720, 540)  # room for the explanation in large text (labels wrap, not clip)
        layout = QVBoxLayout(self)
        layout.addWidget(set_role(WrapLabel(_("Print everyone, including people who did not agree?")), "heading"))
        layout.addWidget(WrapLabel(_(
            "In normal times only people who agreed may be given to supporters. When a disaster occurs or "
            "threatens, the law allows everyone to be included where it is needed to protect life "
            "(災害対策基本法 49-11). Your name, the time and the reason are written to the change log."), "notice"))
        self.confirm_box = QCheckBox(_("A disaster is happening or is about to happen"))
        layout.addWidget(self.confirm_box)
        layout.addWidget(field_label(_("Reason (required)")))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(_("e.g. 震度6弱の地震、安否確認のため"))
        layout.addWidget(self.reason_edit)
        self.hint = WrapLabel("", "hint")
        layout.addWidget(self.hint)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setDefault(True)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(_("Include everyone"))
        self.ok_button.clicked.connect(self.accept)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)
        self.confirm_box.toggled.connect(self._update)
        self.reason_edit.textChanged.connect(self._update)
        self._update()

    def answer(self) -> tuple[bool, str]:
        return self.confirm_box.isChecked(), self.reason_edit.text().strip()

    def _update(self) -> None:
        confirmed, reason = self.answer()
        self.ok_button.setEnabled(confirmed and bool(reason))
        if not confirmed:
            self.hint.setText(_("Tick the box to confirm."))
        elif not reason:
            self.hint.setText(_("Write the reason, then press 「Include everyone」."))
        else:
            self.hint.setText("")

    @classmethod
    def ask(cls, parent=None) -> tuple[bool, str] | None:
        """(confirmed, reason) when the user confirmed with a reason, else None."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        confirmed, reason = dialog.answer()
        return (confirmed, reason) if confirmed and reason else None
