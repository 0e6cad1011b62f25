"""取り込みの履歴: every import, with 取り消す for the ones still in the roster."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import N_, _
from desktop.services import import_choices, import_messages
from desktop.services.importer import UndoBlocked
from ui import dialogs
from ui.style import WrapLabel, set_role
from ui.widgets.list_table import list_table

COLUMNS = (N_("When"), N_("File"), N_("People"), N_("Households"), N_("State"))


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[import_choices.BatchRow] = []

    def load(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt naming
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.imported_at.strftime("%Y/%m/%d %H:%M") if r.imported_at else "", r.source, str(r.people),
                    str(r.households), _("Undone") if r.undone_at else _("In the roster"))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and r.undone_at:
            return QBrush(QColor("#6b6b6b"))
        return None


class ImportHistoryDialog(QDialog):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.undone_any = False
        self.setWindowTitle(_("Import history"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(set_role(QLabel(_("Import history")), "title"))
        layout.addWidget(WrapLabel(_("Undoing an import removes exactly the people and households it added. "
                                     "Changes made to them since are lost."), "hint"))
        self.model = HistoryModel(self)
        self.view = list_table(self.model, name="history")
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._update)
        layout.addWidget(self.view, 1)
        self.empty_label = WrapLabel(_("Nothing has been imported yet. Use File → Import a roster."), "notice")
        layout.addWidget(self.empty_label)
        self.message = WrapLabel("", "notice")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.undo_button = QPushButton(_("Undo the selected import"))
        self.undo_button.setObjectName("undo_selected")
        self.undo_button.clicked.connect(self.undo_selected)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.load(import_choices.import_history())
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self.view.setVisible(self.model.rowCount() > 0)
        if self.model.rowCount():
            self.view.selectRow(0)
        self._update()

    def _selected(self):
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _update(self) -> None:
        row = self._selected()
        self.undo_button.setEnabled(row is not None and row.undone_at is None)

    def confirm_undo(self, row) -> bool:
        """Ask before undoing (tests replace this)."""
        return dialogs.confirm(self, _("Remove the %(people)d people that the import of 「%(file)s」 added?")
                               % {"people": row.people, "file": row.source}, _("Undo the import"),
                               detail=import_messages.undo_question_detail(row.merged))

    def undo_selected(self) -> None:
        row = self._selected()
        if row is None or row.undone_at is not None or not self.confirm_undo(row):
            return
        try:
            removed = import_choices.undo_batch(row.id, self.context.operator_name)
        except UndoBlocked as exc:
            dialogs.show_error(self, _("The import was not undone."), import_choices.later_work_text(exc.counts))
            return
        self.undone_any = True
        text = import_messages.undone_text(removed)
        self.message.setText(text)
        self.refresh()

    @classmethod
    def ask(cls, parent: QWidget | None, context) -> bool:
        dialog = cls(context, parent)
        dialog.exec()
        return dialog.undone_any
