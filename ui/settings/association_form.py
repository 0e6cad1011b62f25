"""町会の情報: the association's name, leader, address, phone and 年度, on the 設定 page.

Unlike the rest of the page these are saved only when 「保存」 is pressed: a half-typed name
must not reach the window title, the postcards' 差出人 or the audit log on every keystroke.
Until then a line under the boxes says that the changes are not saved yet, and leaving the
page or closing the window asks first (may_leave).
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import jtext
from desktop.context import AppContext
from desktop.i18n import _, language
from desktop.messages import explain_write_error, is_write_failure
from desktop.services import association as svc
from ui import dialogs
from ui.dates import era_year
from ui.style import WrapLabel, field_label, set_role
from ui.widgets.phone_edit import PhoneEdit

FIELD_WIDTH = 460


class AssociationForm(QWidget):
    """The boxes, 「保存」 and 「やめる」 (back to what is saved)."""

    saved = Signal()  # after the details were written: the title, home page and prints follow

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._loaded: dict = {}
        self._stored: dict = {}  # the details as the file held them when the form was filled
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(set_role(QLabel(_("About the association")), "heading"))
        column.addWidget(WrapLabel(_(
            "Printed as the sender on postcards and labels, and at the top of lists. "
            "Press 「Save」 to keep the changes."), "hint"))

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(6)
        column.addLayout(form)
        self.name_edit = self._line(form, _("Name of the association"), _("e.g. 港南三丁目町会"))
        self.leader_edit = self._line(form, _("Leader (会長)"), _("e.g. 佐藤 一郎"))
        self.postal_edit = self._line(form, _("Postal code"), _("e.g. 108-0075"), width=200)
        self.address_edit = self._line(form, _("Address"), _("e.g. 東京都港区港南9丁目1-1 町会会館"))
        self.phone_edit = PhoneEdit(example=_("e.g. 03-5471-0000"))
        self.phone_edit.setMaximumWidth(FIELD_WIDTH)
        self.phone_edit.edit.textChanged.connect(self._typed)
        form.addRow(field_label(_("Phone")), self.phone_edit)
        self.year_spin = QSpinBox()
        # The lowest value stands for "not set": a new file has no 年度 yet.
        self.year_spin.setRange(svc.FIRST_FISCAL_YEAR - 1, svc.LAST_FISCAL_YEAR)
        self.year_spin.setSpecialValueText(_("(not set)"))
        self.year_spin.setMaximumWidth(200)
        self.year_spin.valueChanged.connect(self._typed)
        year_row = QHBoxLayout()
        year_row.addWidget(self.year_spin)
        self.year_note = QLabel()
        year_row.addWidget(self.year_note)
        year_row.addStretch(1)
        form.addRow(field_label(_("Fiscal year (年度)")), year_row)

        self.error_label = WrapLabel("", "error")
        self.error_label.hide()
        column.addWidget(self.error_label)
        self.status_label = WrapLabel("", "notice")
        self.status_label.hide()
        column.addWidget(self.status_label)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Put back what is saved"))
        self.revert_button.clicked.connect(self.load)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.load()

    def _line(self, form: QFormLayout, label: str, example: str, width: int = FIELD_WIDTH) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(example)
        edit.setMaximumWidth(width)
        edit.textChanged.connect(self._typed)
        form.addRow(field_label(label), edit)
        return edit

    # -- values -----------------------------------------------------------------------------
    def values(self) -> dict:
        year = self.year_spin.value()
        return {
            "name": self.name_edit.text(), "leader_name": self.leader_edit.text(),
            "postal_code": self.postal_edit.text(), "address": self.address_edit.text(),
            "phone": self.phone_edit.text(),
            "fiscal_year": None if year == self.year_spin.minimum() else year,
        }

    def _fill(self, v: dict) -> None:
        self.name_edit.setText(v.get("name") or "")
        self.leader_edit.setText(v.get("leader_name") or "")
        postal = v.get("postal_code") or ""
        self.postal_edit.setText(jtext.format_postal(postal) if postal else "")
        self.address_edit.setText(v.get("address") or "")
        self.phone_edit.set_text(v.get("phone") or "")
        self.year_spin.setValue(v.get("fiscal_year") or self.year_spin.minimum())

    def has_changes(self) -> bool:
        """Typed and not saved (a form with no file behind it has nothing to lose)."""
        return bool(self._loaded) and self.values() != self._loaded

    def load(self) -> None:
        """Show what the file holds (on opening, after a restore, or 「やめる」)."""
        if self.context.store is None:
            return
        self._stored = svc.details()
        self._fill(self._stored)
        self._loaded = self.values()
        self.error_label.hide()
        self.status_label.hide()
        self._typed()

    def _typed(self, *_args) -> None:
        year = self.year_spin.value()
        if year >= svc.FIRST_FISCAL_YEAR:
            era = era_year(dt.date(year, 4, 1))  # a 年度 starts in April
            name = era[1] if language() == "en" else era[0]
            self.year_note.setText(_("FY %(era)s %(n)d") % {"era": name, "n": era[2]} if era else "")
        else:
            self.year_note.setText("")
        changed = self.has_changes()
        self.save_button.setEnabled(changed)
        self.revert_button.setEnabled(changed)
        if changed:
            self.status_label.setText(_("Not saved yet. Press 「Save」 to keep the changes."))
            self.status_label.show()
        elif self.status_label.text() != _("Saved."):
            self.status_label.hide()

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> bool:
        try:
            svc.save_details(self.values(), actor=self.context.operator_name)
        except svc.AssociationError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            dialogs.show_field({"name": self.name_edit, "postal_code": self.postal_edit,
                                "fiscal_year": self.year_spin}.get(exc.field, self.name_edit))
            return False
        except Exception as exc:
            if not is_write_failure(exc):
                raise
            dialogs.show_error(self, _("The association's details were not saved."), explain_write_error(exc))
            return False
        self.load()
        self.status_label.setText(_("Saved."))
        self.status_label.show()
        self.saved.emit()
        return True

    def reload(self) -> None:
        """After an import, its undo or a restore: show what the file holds now, but keep what
        the person typed and did not save when the file's details are the ones it was typed
        over (an import changes people, never these)."""
        if self.context.store is not None and self.has_changes() and svc.details() == self._stored:
            return
        self.load()

    def may_leave(self, closing: bool = False, replacing: bool = False) -> bool:
        """Asked before the window shows another page or closes: with typed changes, the
        person chooses. 「入力を続ける」 (False) keeps the form as typed and scrolls it into
        view; leaving without saving puts back what is saved, so the page shows that on return."""
        if not self.has_changes():
            return True
        if replacing:
            text = _("The association's details you typed are not saved yet. The data will be replaced by the "
                     "backup: go on without saving them?")
            discard = _("Restore without saving")
        elif closing:
            text = _("The association's details you typed are not saved yet. Close without saving them?")
            discard = _("Close without saving")
        else:
            text = _("The association's details you typed are not saved yet. Go to another page without saving "
                     "them?")
            discard = _("Go on without saving")
        detail = _("To keep them, press 「Keep typing」 and then 「Save」.")
        if not dialogs.confirm_discard(self, text, discard, detail):
            dialogs.show_field(self.save_button, focus=False)
            return False
        self.load()
        return True

    # -- kept over a language change (the window rebuilds its pages) ------------------------
    def saved_state(self) -> dict | None:
        return self.values() if self.has_changes() else None

    def restore_state(self, state: dict | None) -> None:
        if state:
            self._fill(state)
            self._typed()
