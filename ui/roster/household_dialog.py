"""世帯 (household) form: postal code → address offline, address lines, landline, block.

`HouseholdForm` is the fields alone, also used inside the person form when a person starts
a new household; `HouseholdDialog` wraps it for editing a household on its own.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from desktop import jtext, postal
from desktop.i18n import _
from ui import dialogs
from ui.style import WrapLabel, field_label, set_role
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.phone_edit import PhoneEdit


def show_first_problem(error_label, problems: list[tuple[QWidget, str]]) -> bool:
    """Show the first (widget, message) problem under the form and put the cursor there;
    False when there is none (the form may be saved)."""
    if not problems:
        return False
    widget, text = problems[0]
    error_label.setText(text)
    error_label.show()
    dialogs.show_field(widget)
    return True


class HouseholdForm(QWidget):
    """The fields of a household; `values()` gives the dict for services.roster.save_household."""

    def __init__(self, blocks: list[tuple[int, str]], parent=None):
        super().__init__(parent)
        self._auto_address = ""  # what the postal look-up last wrote, so we may replace it
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.postal = QLineEdit()
        self.postal.setPlaceholderText(_("e.g. 108-0075"))
        self.postal.setMaximumWidth(200)
        self.fill_button = QPushButton(_("Fill in the address"))
        self.postal_message = WrapLabel("", "hint")
        self.address1 = QLineEdit()
        self.address1.setPlaceholderText(_("Prefecture, city, town"))
        self.address2 = QLineEdit()
        self.address2.setPlaceholderText(_("e.g. 2丁目3-4"))
        self.address3 = QLineEdit()
        self.address3.setPlaceholderText(_("Building and room, if any"))
        self.landline = PhoneEdit(example=_("e.g. 03-1234-5678"))  # a home phone, not a mobile
        self.block = ChoiceCombo()
        self.block.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.block.setMinimumContentsLength(10)
        self.block.set_choices([(_("(no block)"), None)] + [(name, bid) for bid, name in blocks])
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes.setFixedHeight(70)

        postal_row = QHBoxLayout()
        postal_row.addWidget(self.postal)
        postal_row.addWidget(self.fill_button)
        postal_row.addStretch(1)
        r = 0
        for label, widget in (
            (_("Postal code"), postal_row),
            (None, self.postal_message),
            (_("Address (prefecture, city, town)"), self.address1),
            (_("Address (chōme, number)"), self.address2),
            (_("Building, room"), self.address3),
            (_("Home phone"), self.landline),
            (_("Block"), self.block),
            (_("Notes on the household"), self.notes),
        ):
            if label:
                grid.addWidget(field_label(label), r, 0)
                r += 1
            if isinstance(widget, QHBoxLayout):
                grid.addLayout(widget, r, 0)
            else:
                grid.addWidget(widget, r, 0)
            r += 1
        self.postal.textChanged.connect(self._postal_typed)
        self.fill_button.clicked.connect(lambda: self.fill_address(ask=True))

    def set_values(self, household) -> None:
        self.fill({"postal_code": jtext.format_postal(household.postal_code), "address1": household.address1,
                   "address2": household.address2, "address3": household.address3, "landline": household.landline,
                   "block": household.block_id, "notes": household.notes})

    def fill(self, values: dict) -> None:
        """Show values shaped like `values()` (a household, or what was typed before a failed save)."""
        self.postal.blockSignals(True)  # the address is already there: no postal lookup
        self.postal.setText(values["postal_code"])
        self.postal.blockSignals(False)
        self.address1.setText(values["address1"])
        self.address2.setText(values["address2"])
        self.address3.setText(values["address3"])
        self.landline.set_text(values["landline"])
        self.set_block(values["block"])
        self.notes.setPlainText(values["notes"])

    def set_block(self, block_id: int | None) -> None:
        i = self.block.findData(block_id)
        self.block.setCurrentIndex(max(i, 0))

    # -- postal code ------------------------------------------------------------------------
    def _postal_typed(self, text: str) -> None:
        code = jtext.normalize_postal(text)
        if code:  # seven digits: look it up at once, no button needed
            self.fill_address(ask=False)
        else:
            set_role(self.postal_message, "hint")
            self.postal_message.setText("")

    def fill_address(self, ask: bool) -> bool:
        """Look the postal code up and write 都道府県・市区町村・町域; ask which when there are several."""
        text = self.postal.text().strip()
        code = jtext.normalize_postal(text)
        if not code:
            set_role(self.postal_message, "error")
            self.postal_message.setText(_("Write the postal code with seven digits, like 108-0075."))
            return False
        found = postal.lookup(code)
        if not found:
            set_role(self.postal_message, "error")
            self.postal_message.setText(_(
                "This postal code is not in Japan Post's list. Please check it, or type the address yourself."))
            return False
        if len(found) == 1:
            chosen = found[0]
        else:
            choice = dialogs.ask_choice(self, _("Which area?"), _("This postal code covers several areas. Which one is it?"),
                                        [str(a) for a in found])
            if choice is None:
                return False
            chosen = found[choice]
        current = self.address1.text().strip()
        if current and current != self._auto_address and not ask and not current.startswith(str(chosen)):
            # Do not overwrite an address the user typed; say how to replace it.
            set_role(self.postal_message, "hint")
            self.postal_message.setText(_("This code is for {address}. Press 「Fill in the address」 to use it.").format(
                address=str(chosen)))
            return False
        self._auto_address = str(chosen)
        self.address1.setText(str(chosen))
        set_role(self.postal_message, "hint")
        self.postal_message.setText(_("Filled in from the postal code. Add the chōme and number below."))
        return True

    # -- values -----------------------------------------------------------------------------
    def problems(self) -> list[tuple[QWidget, str]]:
        out = []
        if self.postal.text().strip() and jtext.normalize_postal(self.postal.text()) is None:
            out.append((self.postal, _("The postal code should have seven digits, like 108-0075.")))
        if self.landline.problem():
            out.append((self.landline, _("Home phone: {problem}").format(problem=self.landline.problem())))
        return out

    def values(self) -> dict:
        return {
            "postal_code": self.postal.text().strip(),
            "address1": self.address1.text().strip(),
            "address2": self.address2.text().strip(),
            "address3": self.address3.text().strip(),
            "landline": self.landline.text(),
            "block": self.block.currentData(),
            "notes": self.notes.toPlainText().strip(),
        }


class HouseholdDialog(QDialog):
    """Edit one household. `ask()` returns the values to save, or None if cancelled."""

    def __init__(self, blocks: list[tuple[int, str]], household=None, members: str = "", parent=None,
                 draft: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Household"))
        self.setMinimumWidth(620)
        # The form scrolls above the buttons: in large text it is taller than a 700 px screen.
        layout, footer = dialogs.scroll_form(self, (20, 16, 20, 16))
        if members:
            layout.addWidget(WrapLabel(_("People in this household: {names}").format(names=members), "hint"))
        self.form = HouseholdForm(blocks)
        if draft is not None:  # what was typed last time, when saving it failed
            self.form.fill(draft)
        elif household is not None:
            self.form.set_values(household)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self.error = WrapLabel("", "error")
        self.error.hide()
        footer.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        footer.addWidget(buttons)
        dialogs.fit_to_screen(self)
        self.form.postal.setFocus()

    def try_accept(self) -> None:
        if not show_first_problem(self.error, self.form.problems()):
            self.accept()

    def values(self) -> dict:
        return self.form.values()

    @classmethod
    def ask(cls, parent, blocks, household=None, members: str = "", draft: dict | None = None) -> dict | None:
        dialog = cls(blocks, household, members, parent, draft)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
