"""Someone who needs help but is not in the roster yet: the few roster items the register
needs (art. 49-10: name, birth date, sex, address, contact), written to the roster, so they
are never typed twice. Everything else about the person is edited on the Roster page."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import jtext, postal
from desktop.i18n import _
from ui import dialogs
from ui.register.fields import DateBox, FormError
from ui.style import WrapLabel, field_label

SEXES = (("", "—"), ("F", "女性"), ("M", "男性"), ("X", "その他"))


class NewPersonDialog(QDialog):
    def __init__(self, blocks: list[tuple[int, str]], today: dt.date, style: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Add a new person to the roster"))
        self.result_: tuple[dict, dict] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(WrapLabel(_(
            "The person is added to the roster too (名簿), so the name and address are written only once."), "hint"))
        form = QFormLayout()
        self.family = QLineEdit()
        self.given = QLineEdit()
        self.family_reading = QLineEdit()
        self.given_reading = QLineEdit()
        for w in (self.family, self.given):
            w.editingFinished.connect(self._suggest_reading)
        self.birth = DateBox(today, style)
        self.sex = QComboBox()
        for code, label in SEXES:
            self.sex.addItem(label, code)
        self.mobile = QLineEdit()
        self.postal = QLineEdit()
        self.postal.setMaximumWidth(200)
        self.postal.setPlaceholderText("105-0000")
        self.postal.editingFinished.connect(self._fill_address)
        self.address1 = QLineEdit()
        self.address2 = QLineEdit()
        self.address3 = QLineEdit()
        self.landline = QLineEdit()
        self.block = QComboBox()
        self.block.addItem(_("(no block)"), None)
        for block_id, name in blocks:
            self.block.addItem(name, block_id)
        for label, widget in (
            (_("Family name"), self.family), (_("Given name"), self.given),
            (_("Reading (family)"), self.family_reading), (_("Reading (given)"), self.given_reading),
            (_("Birth date"), self.birth), (_("Sex"), self.sex), (_("Mobile phone"), self.mobile),
            (_("Postal code"), self.postal), (_("Address"), self.address1), (_("Block, number"), self.address2),
            (_("Building, room"), self.address3), (_("Home phone"), self.landline), (_("Block"), self.block),
        ):
            form.addRow(field_label(label), widget)
        # The form scrolls, the buttons stay: in large text it is taller than a 768 px screen.
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop (see ui.style.scroll_page)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        self.error = WrapLabel("", "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.ok_button = QPushButton(_("Next: the register record"))
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._accept)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)
        dialogs.fit_to_screen(self, 620, 640)

    def _suggest_reading(self) -> None:
        fam, giv = jtext.suggest_reading(self.family.text().strip(), self.given.text().strip())
        if fam and not self.family_reading.text().strip():
            self.family_reading.setText(fam)
        if giv and not self.given_reading.text().strip():
            self.given_reading.setText(giv)

    def _fill_address(self) -> None:
        code = jtext.normalize_postal(self.postal.text())
        if not code or self.address1.text().strip():
            return
        found = postal.lookup(code)
        if found:
            a = found[0]
            self.address1.setText(f"{a.prefecture}{a.city}{a.town}")

    def values(self) -> tuple[dict, dict]:
        if not self.family.text().strip():
            raise FormError(_("Please type the family name."), self.family)
        person = {
            "family_name": self.family.text().strip(), "given_name": self.given.text().strip(),
            "family_reading": self.family_reading.text().strip(), "given_reading": self.given_reading.text().strip(),
            "birth_date": self.birth.date(_("Birth date")), "sex": self.sex.currentData() or "",
            "mobile": self.mobile.text().strip(),
        }
        postal_text = self.postal.text().strip()
        if postal_text and jtext.normalize_postal(postal_text) is None:
            raise FormError(_("The postal code should have 7 digits, like 105-0000."), self.postal)
        household = {
            "postal_code": postal_text, "address1": self.address1.text().strip(),
            "address2": self.address2.text().strip(), "address3": self.address3.text().strip(),
            "landline": self.landline.text().strip(), "block": self.block.currentData(),
        }
        return person, household

    def _accept(self) -> None:
        try:
            self.result_ = self.values()
        except FormError as exc:
            self.error.setText(str(exc))
            self.error.show()
            if exc.widget is not None:
                exc.widget.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, parent, blocks: list[tuple[int, str]], today: dt.date, style: str) -> tuple[dict, dict] | None:
        """(person values, household values) for the roster services, or None if cancelled."""
        dialog = cls(blocks, today, style, parent)
        return dialog.result_ if dialog.exec() == QDialog.DialogCode.Accepted else None


__all__ = ["NewPersonDialog"]
