"""人 (person) form: household, name and reading (suggested), birth date in 西暦 or 和暦
with the age shown live, sex, mobile checked as it is typed, roles, status and notes.

The form only collects and checks values; the page saves them through the services, so
the same code path (and undo) serves the form and the tests.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import models as m
from desktop import jtext
from desktop.i18n import _
from ui import dialogs
from ui.roster.household_dialog import HouseholdForm, show_first_problem
from ui.roster.labels import ROLE_LABELS, SEX_LABELS, STATUS_LABELS
from ui.style import WrapLabel, field_label, set_role
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_edit import DateEdit
from ui.widgets.phone_edit import PhoneEdit

NEW_HOUSEHOLD = -1


@dataclass
class PersonForm:
    """What the form gives back: the person's values and where they live."""

    person: dict
    household_id: int | None  # an existing household, or None with new_household
    new_household: dict | None


class PersonDialog(dialogs.DiscardGuard, QDialog):
    def __init__(self, *, today: dt.date, date_style: str, households: list[tuple[int, str]],
                 blocks: list[tuple[int, str]], person=None, household_id: int | None = None,
                 draft: PersonForm | None = None, prefill: dict | None = None, intro: str = "", parent=None):
        super().__init__(parent)
        self.person = person
        self.setWindowTitle(_("Edit a person") if person is not None else _("Add a person"))
        em = self.fontMetrics().horizontalAdvance("あ")
        # Narrow enough for a 1024 px screen in large text; the height is the screen's to decide.
        self.setMinimumWidth(min(40 * em, 900))
        # The form scrolls and the buttons stay below it: in large text it is taller than a laptop screen.
        form, footer = dialogs.scroll_form(self, (20, 16, 20, 12), spacing=4)
        if intro:  # opened from another page: what saving will do there too
            form.addWidget(WrapLabel(intro, "notice"))

        # Household first: where the person lives decides the address and the block. For someone
        # typed in elsewhere (prefill: a salon's walk-in) the names come first, the address is
        # optional. The two parts are laid out detached and added in that order, which gives the
        # Tab order too (widgets join the focus chain as they join the dialog).
        household_part, names_part = QVBoxLayout(), QVBoxLayout()
        for part in (household_part, names_part):
            part.setContentsMargins(0, 0, 0, 0)
            part.setSpacing(4)
        household_part.addWidget(field_label(_("Household")))
        self.household = ChoiceCombo()
        self.household.setEditable(True)
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Sized to the field, not to the longest of thousands of addresses.
        self.household.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.household.setMinimumContentsLength(16)
        self.household.set_choices([(_("Start a new household"), NEW_HOUSEHOLD)] + [(label, hid) for hid, label in households])
        completer = QCompleter(self.household.model(), self.household)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.household.setCompleter(completer)
        self.household.lineEdit().setPlaceholderText(_("Type a name or address to find the household"))
        household_part.addWidget(self.household)
        household_part.addWidget(WrapLabel(_("To add a family member, choose their household; for someone new to the area, start a new household."), "hint"))
        self.household_form = HouseholdForm(blocks)
        self.household_box = QWidget()
        box = QVBoxLayout(self.household_box)
        box.setContentsMargins(16, 6, 0, 6)
        box.addWidget(self.household_form)
        household_part.addWidget(self.household_box)

        names = QGridLayout()
        names.setHorizontalSpacing(12)
        names.setVerticalSpacing(4)
        self.family_name = QLineEdit()
        self.given_name = QLineEdit()
        self.family_reading = QLineEdit()
        self.given_reading = QLineEdit()
        self.family_reading.setPlaceholderText(_("in hiragana, e.g. やまだ"))
        self.given_reading.setPlaceholderText(_("e.g. はなこ"))
        names.addWidget(field_label(_("Family name")), 0, 0)
        names.addWidget(field_label(_("Given name")), 0, 1)
        names.addWidget(self.family_name, 1, 0)
        names.addWidget(self.given_name, 1, 1)
        names.addWidget(field_label(_("Reading of the family name")), 2, 0)
        names.addWidget(field_label(_("Reading of the given name")), 2, 1)
        names.addWidget(self.family_reading, 3, 0)
        names.addWidget(self.given_reading, 3, 1)
        names_part.addLayout(names)
        reading_row = QHBoxLayout()
        self.suggest_button = QPushButton(_("Suggest the reading"))
        reading_row.addWidget(self.suggest_button)
        self.reading_message = WrapLabel(_("The reading puts the person in あいうえお order. Please check a suggested reading."), "hint")
        reading_row.addWidget(self.reading_message, 1)
        names_part.addLayout(reading_row)
        for part in ((names_part, household_part) if prefill else (household_part, names_part)):
            form.addLayout(part)

        form.addWidget(field_label(_("Date of birth")))
        self.birth = DateEdit(today, date_style)
        form.addWidget(self.birth)
        form.addWidget(field_label(_("Sex")))
        self.sex = ChoiceCombo()
        self.sex.set_choices([(_(label), code) for code, label in SEX_LABELS.items()])
        form.addWidget(self.sex)
        form.addWidget(field_label(_("Mobile phone")))
        self.mobile = PhoneEdit()
        form.addWidget(self.mobile)
        form.addWidget(field_label(_("Email")))
        self.email = QLineEdit()
        form.addWidget(self.email)
        form.addWidget(field_label(_("Relation to the head of household")))
        self.relation = QLineEdit()
        self.relation.setPlaceholderText(_("e.g. 本人, 妻, 長男"))
        form.addWidget(self.relation)

        form.addWidget(field_label(_("Roles")))
        roles = QGridLayout()
        self.roles: dict[str, QCheckBox] = {}
        for n, (code, label) in enumerate(ROLE_LABELS.items()):
            box = QCheckBox(_(label))
            self.roles[code] = box
            roles.addWidget(box, n // 3, n % 3)
        form.addLayout(roles)
        form.addWidget(field_label(_("Status")))
        self.status = ChoiceCombo()
        self.status.set_choices([(_(label), code) for code, label in STATUS_LABELS.items()])
        form.addWidget(self.status)
        form.addWidget(WrapLabel(_("People who moved out or died are kept, but hidden from the list unless you ask for them."), "hint"))
        form.addWidget(field_label(_("Notes")))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes.setFixedHeight(80)
        form.addWidget(self.notes)
        form.addStretch(1)

        self.error = WrapLabel("", "error")
        self.error.hide()
        footer.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        footer.addWidget(buttons)
        dialogs.fit_to_screen(self, min(46 * em, 1100), min(48 * em, 900))

        # Bound methods, not lambdas: PySide6 holds a lambda strongly, and one that refers to the
        # form would keep it alive after ask() (see desktop/qt_guard.py delete_windows).
        self.suggest_button.clicked.connect(self.suggest_reading_again)
        self.family_name.editingFinished.connect(self.suggest_reading)
        self.given_name.editingFinished.connect(self.suggest_reading)
        self.family_reading.textChanged.connect(self._reading_changed)
        self.household.currentIndexChanged.connect(self._household_changed)

        if person is not None:
            self._load(person)
        elif household_id is not None:
            self.set_household(household_id)
        if draft is not None:  # what was typed last time, when saving it failed
            self._load_draft(draft)
        elif prefill:  # a name or reading typed elsewhere (a salon's 「ほかに来た人」)
            self._fill(prefill)
            self.suggest_reading()
        self._household_changed()
        if prefill and draft is None:
            # The household may stay 「Start a new household」: the cursor goes to the names.
            next((e for e in (self.family_name, self.given_name, self.family_reading, self.given_reading)
                  if not e.text().strip()), self.family_name).setFocus()
        elif person is not None or household_id is not None:
            self.family_name.setFocus()
        else:
            self.household.setFocus()
        # Closing asks before throwing typed values away; a form reopened after a failed save
        # holds nothing saved yet, so it always asks.
        self._loaded = object() if draft is not None else None
        if draft is None:
            self.remember_loaded()

    def _load(self, p) -> None:
        self.set_household(p.household_id if p.household_id is not None else NEW_HOUSEHOLD)
        roles = list(p.roles) + (["head"] if p.is_head else [])
        self._fill({"family_name": p.family_name, "given_name": p.given_name, "family_reading": p.family_reading,
                    "given_reading": p.given_reading, "birth_date": p.birth_date, "sex": p.sex or "",
                    "mobile": p.mobile, "email": p.email, "relation": p.relation, "roles": roles,
                    "status": p.status, "notes": p.notes})

    def _load_draft(self, draft: PersonForm) -> None:
        """What was typed last time (result_form's values), when saving it failed."""
        if draft.new_household is not None:
            self.set_household(NEW_HOUSEHOLD)
            self.household_form.fill(draft.new_household)  # HouseholdForm.values() as typed
        elif draft.household_id is not None:
            self.set_household(draft.household_id)
        self._fill(draft.person)

    def _fill(self, v: dict) -> None:
        for edit, key in ((self.family_name, "family_name"), (self.given_name, "given_name"),
                          (self.family_reading, "family_reading"), (self.given_reading, "given_reading"),
                          (self.email, "email"), (self.relation, "relation")):
            edit.setText(v.get(key) or "")
        self.birth.set_date(v.get("birth_date"))
        self.sex.setCurrentIndex(max(self.sex.findData(v.get("sex", "")), 0))
        self.mobile.set_text(v.get("mobile") or "")
        for code, box in self.roles.items():
            box.setChecked(code in v.get("roles", []))
        self.status.setCurrentIndex(max(self.status.findData(v.get("status", m.STATUS_MEMBER)), 0))
        self.notes.setPlainText(v.get("notes") or "")

    def set_household(self, household_id: int) -> None:
        i = self.household.findData(household_id)
        self.household.setCurrentIndex(max(i, 0))

    def _household_changed(self) -> None:
        self.household_box.setVisible(self.household.currentData() == NEW_HOUSEHOLD)

    def _reading_changed(self) -> None:
        if self.family_reading.text().strip():
            set_role(self.reading_message, "hint")
            self.reading_message.setText(_("The reading puts the person in あいうえお order. Please check a suggested reading."))

    def suggest_reading(self, overwrite: bool = False) -> None:
        """Fill empty readings from the name (pykakasi); the button also replaces them."""
        family, given = jtext.suggest_reading(self.family_name.text(), self.given_name.text())
        for edit, value in ((self.family_reading, family), (self.given_reading, given)):
            if value and (overwrite or not edit.text().strip()):
                edit.setText(value)
        if self.family_name.text().strip() and not self.family_reading.text().strip():
            set_role(self.reading_message, "error")
            self.reading_message.setText(_("No reading could be suggested for this name. Please type it in hiragana."))

    def suggest_reading_again(self) -> None:
        """「読みを提案」: replace the readings too (leaving a name field only fills empty ones)."""
        self.suggest_reading(overwrite=True)

    # -- checking and values ----------------------------------------------------------------
    def _chosen_household(self) -> int | None | str:
        """Household id, NEW_HOUSEHOLD, or "" when the typed text matches no household."""
        i = self.household.currentIndex()
        if i < 0 or self.household.itemText(i) != self.household.currentText():
            return ""
        return self.household.itemData(i)

    def problems(self) -> list[tuple[QWidget, str]]:
        out: list[tuple[QWidget, str]] = []
        chosen = self._chosen_household()
        if chosen == "":
            out.append((self.household, _("Choose the household from the list, or 「Start a new household」.")))
        elif chosen == NEW_HOUSEHOLD:
            out.extend(self.household_form.problems())
        if not self.family_name.text().strip():
            out.append((self.family_name, _("Please write the family name.")))
        if not self.family_reading.text().strip():
            out.append((self.family_reading, _(
                "Please write the reading of the family name (or press 「Suggest the reading」): without it the person cannot be put in あいうえお order.")))
        for edit in (self.family_reading, self.given_reading):
            text = edit.text().strip()
            if text and not jtext.is_kana(text):
                out.append((edit, _("Write the reading in hiragana or katakana, like やまだ.")))
                break
        if self.birth.error():
            out.append((self.birth, self.birth.error()))
        if self.mobile.problem():
            out.append((self.mobile, _("Mobile phone: {problem} Please check the number; write extensions or remarks in the notes.").format(
                problem=self.mobile.problem())))
        return out

    def try_accept(self) -> None:
        if not show_first_problem(self.error, self.problems()):
            self.accept()

    def result_form(self) -> PersonForm:
        roles = [code for code, box in self.roles.items() if box.isChecked()]
        values = {
            "family_name": self.family_name.text().strip(),
            "given_name": self.given_name.text().strip(),
            "family_reading": self.family_reading.text().strip(),
            "given_reading": self.given_reading.text().strip(),
            "birth_date": self.birth.date(),
            "sex": self.sex.currentData() or "",
            "mobile": self.mobile.text(),
            "email": self.email.text().strip(),
            "relation": self.relation.text().strip(),
            "is_head": "head" in roles,
            "roles": roles,
            "status": self.status.currentData() or m.STATUS_MEMBER,
            "notes": self.notes.toPlainText().strip(),
        }
        chosen = self._chosen_household()
        if chosen == NEW_HOUSEHOLD:
            return PersonForm(values, None, self.household_form.values())
        return PersonForm(values, chosen, None)

    def snapshot(self):
        return self.result_form()

    @classmethod
    def ask(cls, parent, **kwargs) -> PersonForm | None:
        dialog = cls(parent=parent, **kwargs)
        return dialog.result_form() if dialog.exec() == QDialog.DialogCode.Accepted else None
