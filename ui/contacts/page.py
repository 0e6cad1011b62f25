"""連絡記録: the follow-up list (つながりチェック) and the log of every call, letter and visit."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _
from desktop.messages import explain_write_error, is_write_failure
from desktop.services import contacts
from ui import dialogs
from ui.contacts.followup_widget import FollowUpList
from ui.contacts.log_model import NOTE, ContactLogModel
from ui.contacts.person_search import PersonSearch
from ui.salon.labels import comfortable_rows
from ui.style import WrapLabel, scroll_page, set_role
from ui.widgets.quick_contact import QuickContactBar
from ui.widgets.list_table import list_table

LOG_LIMIT = 1000


class ContactsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.person_id: int | None = None
        self.person_name = ""
        # One scroll area over the page: in large text on a 1024×700 screen the search column
        # (its hint, four people, the hint under them) is taller than the window; squeezed, the
        # hint was drawn over the list of people.
        layout = scroll_page(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.addWidget(set_role(QLabel(_("Contact records")), "title"))
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        self.followup = FollowUpList(context)
        self.followup.changed.connect(self._load_log)
        self.tabs.addTab(self.followup, _("Who to contact (つながりチェック)"))
        self.tabs.addTab(self._build_log_tab(), _("All records"))

    def _build_log_tab(self) -> QWidget:
        tab = QWidget()
        row = QHBoxLayout(tab)
        left = QVBoxLayout()
        left.addWidget(WrapLabel(_("Whose records? Type a name to see one person, or leave it empty for everyone."), "hint"))
        self.search = PersonSearch()
        self.search.chosen.connect(self.show_person)
        left.addWidget(self.search, 1)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMaximumWidth(360)
        row.addWidget(left_box)

        right = QVBoxLayout()
        top = QHBoxLayout()
        self.showing_label = set_role(QLabel(), "heading")
        top.addWidget(self.showing_label, 1)
        self.everyone_button = QPushButton(_("Show everyone"))
        self.everyone_button.clicked.connect(lambda: self.show_person(None, ""))
        top.addWidget(self.everyone_button)
        right.addLayout(top)
        self.log_model = ContactLogModel(self)
        self.log_view = list_table(self.log_model)
        header = self.log_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.log_view.selectionModel().currentRowChanged.connect(self._log_row_changed)
        right.addWidget(self.log_view, 1)
        self.log_empty = WrapLabel("", "hint")
        right.addWidget(self.log_empty)
        actions = QHBoxLayout()
        self.delete_button = QPushButton(_("Delete the chosen record"))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_selected)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        right.addLayout(actions)
        # After a deletion: what was deleted and 「元に戻す」, which puts it back exactly.
        undo_row = QHBoxLayout()
        self.deleted_label = WrapLabel("", "notice")
        undo_row.addWidget(self.deleted_label, 1)
        self.undo_delete_button = QPushButton(_("Undo"))
        self.undo_delete_button.clicked.connect(self.undo_delete)
        undo_row.addWidget(self.undo_delete_button)
        right.addLayout(undo_row)
        self._deleted: dict | None = None
        self._show_deleted("")
        self.quick = QuickContactBar(self.context)
        self.quick.logged.connect(self._quick_logged)
        right.addWidget(self.quick)
        row.addLayout(right, 1)
        return tab

    # -- the log ----------------------------------------------------------------------------
    def show_person(self, person_id: int | None, name: str) -> None:
        """Show one person's records (None: everyone) and point the quick buttons at them."""
        self.person_id, self.person_name = person_id, name
        self.quick.set_person(person_id, name)
        self._load_log()

    def _load_log(self) -> None:
        if self.context.store is None:
            return
        comfortable_rows(self.log_view)
        rows = contacts.entries(LOG_LIMIT, self.person_id)
        self.log_model.set_rows(rows, self.context.settings.get(options.DATE_STYLE))
        self.everyone_button.setVisible(self.person_id is not None)
        if self.person_id is None:
            self.showing_label.setText(_("The newest records of everyone"))
            empty = _("No calls, letters or visits are recorded yet. Choose a person on the left and press "
                      "「Phoned」 or 「Sent a letter」.")
        else:
            self.showing_label.setText(_("Records of %s") % self.person_name)
            empty = _("Nothing is recorded for %s yet. Press 「Phoned」 or 「Sent a letter」 below.") % self.person_name
        self.log_empty.setText(empty if not rows else "")
        self.log_empty.setVisible(not rows)
        self.delete_button.setEnabled(False)

    def _log_row_changed(self, current, _previous) -> None:
        row = self.log_model.row_at(current)
        self.delete_button.setEnabled(row is not None)
        if row is not None and self.person_id is None:
            self.quick.set_person(row.person_id, row.name)

    def delete_selected(self) -> None:
        row = self.log_model.row_at(self.log_view.currentIndex())
        if row is None:
            return
        what = {"name": row.name, "date": self.log_model.data(self.log_model.index(self.log_view.currentIndex().row(), 0))}
        if not dialogs.confirm(self, _("Delete the record of %(name)s on %(date)s?") % what, yes=_("Delete")):
            return
        try:
            kept = contacts.delete_contact(row.id, actor=self.context.operator_name)
        except Exception as exc:
            if not is_write_failure(exc):
                raise
            dialogs.show_error(self, _("The record was not deleted."), explain_write_error(exc))
            return
        self.refresh()
        self._deleted = kept
        self._show_deleted(_("The record of %(name)s on %(date)s was deleted.") % what if kept else "")

    def undo_delete(self) -> None:
        """Put the deleted record back as it was; the follow-up lists follow (person_touch)."""
        if self._deleted is None:
            return
        try:
            entry = contacts.restore_contact(self._deleted, actor=self.context.operator_name)
        except contacts.ContactError:
            self._deleted = None
            self._show_deleted(_("The record cannot be put back: the person is no longer in the roster."))
            return
        except Exception as exc:
            if not is_write_failure(exc):
                raise
            dialogs.show_error(self, _("The record was not put back."), explain_write_error(exc))
            return
        self._deleted = None
        self.refresh()
        self._show_deleted(_("The record is back."))
        self._select_entry(entry.id)

    def _show_deleted(self, text: str) -> None:
        self.deleted_label.setText(text)
        self.deleted_label.setVisible(bool(text))
        self.undo_delete_button.setVisible(self._deleted is not None)

    def _select_entry(self, entry_id: int) -> None:
        for r in range(self.log_model.rowCount()):
            row = self.log_model.row_at(self.log_model.index(r, 0))
            if row is not None and row.id == entry_id:
                self.log_view.selectRow(r)
                return

    def forget_undo(self) -> None:
        """Another file, or this one restored: the deleted record belonged to what was there."""
        self._deleted = None
        self._show_deleted("")

    def _quick_logged(self, _person_id: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Called when the page is shown, after a restore, or after a contact was logged."""
        if self.context.store is None:
            return
        self.followup.refresh()
        self.search.reload()
        self._load_log()

    def showEvent(self, event):  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)
