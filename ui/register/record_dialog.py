"""One person's register record: 本人 · 理由 · 同意 · 緊急連絡先 · 支援者 · 避難 · 個別避難計画 · 見直し.

The dialog collects one form and hands it to `on_save`, which writes it in one transaction
(services.register.save_record_form). If saving fails, the dialog stays open with the
message, so nothing typed is lost.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import _, N_
from desktop.messages import explain_write_error, is_write_failure
from desktop.services.register import RegisterError
from desktop.settings import DATE_WAREKI
from ui import dialogs
from ui.register.fields import FormError, scroll_page
from ui.register.record_tabs import (
    ConsentTab,
    ContactList,
    EvacuationTab,
    PersonTab,
    PlanTab,
    ReasonsTab,
    ReviewTab,
    SupporterList,
)
from ui.style import WrapLabel

_SERVICE_MESSAGES = {
    "contact_name": N_("Each emergency contact needs a name."),
    "supporter_name": N_("Each supporter needs a name."),
    "already_registered": N_("This person is already on the register."),
}


class RecordDialog(dialogs.DiscardGuard, QDialog):
    def __init__(self, data: dict, on_save: Callable[[dict], object], pick_supporter: Callable[[], dict | None],
                 today: dt.date, style: str = DATE_WAREKI, parent: QWidget | None = None):
        super().__init__(parent)
        self.data = data
        self.on_save = on_save
        name = (data.get("person") or {}).get("name") or ""
        # No name in the title: the window manager shows it in the task bar, Alt-Tab and a
        # shared screen; the name is the heading inside.
        self.setWindowTitle(_("Register record"))
        layout = QVBoxLayout(self)
        heading = WrapLabel(name, "heading")
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.person_tab = PersonTab(today, style)
        self.reasons_tab = ReasonsTab()
        self.consent_tab = ConsentTab(today, style)
        self.contacts_tab = ContactList()
        self.supporters_tab = SupporterList(pick_supporter)
        self.evacuation_tab = EvacuationTab()
        self.plan_tab = PlanTab(today, style)
        self.review_tab = ReviewTab(today, style)
        self.sections = [
            (self.person_tab, _("Person")), (self.reasons_tab, _("Reasons")), (self.consent_tab, _("Consent")),
            (self.contacts_tab, _("Emergency contacts")), (self.supporters_tab, _("Supporters")),
            (self.evacuation_tab, _("Evacuation")), (self.plan_tab, _("Evacuation plan")),
            (self.review_tab, _("Review")),
        ]
        for widget, label in self.sections:
            if isinstance(widget, (ContactList, SupporterList)):
                holder = QWidget()
                inner = QVBoxLayout(holder)
                inner.setContentsMargins(16, 14, 16, 14)
                inner.addWidget(widget)
                inner.addStretch(1)
                self.tabs.addTab(scroll_page(holder), label)
            else:
                self.tabs.addTab(scroll_page(widget), label)
        layout.addWidget(self.tabs, 1)
        self.error = WrapLabel("", "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Close without saving"))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        for widget, _label in self.sections:
            widget.load(data)
        self.tabs.setCurrentIndex(1 if data.get("record_id") is None else 0)
        dialogs.fit_to_screen(self, 900, 720)  # the tabs scroll; the buttons stay on a small screen
        self.remember_loaded()  # closing without 保存 asks if anything was changed

    def snapshot(self):
        return self.form()

    # -- saving -----------------------------------------------------------------------------
    def form(self) -> dict:
        """The form for save_record_form; FormError if a value cannot be saved."""
        form: dict = {"record": {}, "contacts": [], "supporters": [], "plan": {}}
        for widget, _label in self.sections:
            widget.collect(form)
        for line in form["contacts"]:
            if not line["name"] and any(line.values()):
                raise FormError(_("An emergency contact has no name. Type the name, or remove the line."),
                                self.contacts_tab)
        for line in form["supporters"]:
            if not line["person"] and not line["name"] and (line["phone"] or line["note"]):
                raise FormError(_("A supporter has no name. Type the name, or remove the line."), self.supporters_tab)
        return form

    def _show_error(self, message: str, widget: QWidget | None = None) -> None:
        self.error.setText(message)
        self.error.show()
        if widget is not None:
            for index, (section, _label) in enumerate(self.sections):
                if widget is section or section.isAncestorOf(widget):
                    self.tabs.setCurrentIndex(index)
                    break
            dialogs.show_field(widget)  # in its tab, scrolled into view

    def save(self) -> None:
        try:
            form = self.form()
        except FormError as exc:
            self._show_error(str(exc), exc.widget)
            return
        try:
            self.on_save(form)
        except RegisterError as exc:
            text = _SERVICE_MESSAGES.get(str(exc))
            self._show_error(_(text) if text else _("The record could not be saved: %s") % exc)
            return
        except ValueError as exc:  # a roster value (new person), e.g. a date the roster refused
            self._show_error(_("The record could not be saved: %s") % exc)
            return
        except Exception as exc:
            if not is_write_failure(exc):
                raise
            self._show_error(explain_write_error(exc))  # full disk: nothing written, the form stays
            return
        self.accept()

    @classmethod
    def ask(cls, parent, data: dict, on_save: Callable[[dict], object], pick_supporter: Callable[[], dict | None],
            today: dt.date, style: str = DATE_WAREKI) -> bool:
        """True if the record was saved."""
        dialog = cls(data, on_save, pick_supporter, today, style, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted
