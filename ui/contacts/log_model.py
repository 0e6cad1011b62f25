"""The contact log as a table: one row per call, letter, visit or talk (newest first)."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from desktop import settings as options
from ui.widgets.table_model import RowTableModel
from desktop.i18n import N_
from desktop.services.contacts import ContactRow
from ui.dates import format_date
from ui.widgets.quick_contact import method_label, outcome_label

COLUMNS = (N_("Date"), N_("Name"), N_("How"), N_("How it went"), N_("By"), N_("Note"), N_("Next contact"))
DATE, NAME, METHOD, OUTCOME, BY, NOTE, NEXT = range(len(COLUMNS))


class ContactLogModel(RowTableModel):
    headers = tuple(COLUMNS)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[ContactRow] = []
        self.style = options.DATE_WAREKI

    def set_rows(self, rows: list[ContactRow], style: str) -> None:
        self.beginResetModel()
        self.rows, self.style = rows, style
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == DATE:
                when = row.contacted_at
                return f"{format_date(when.date(), self.style)} {when:%H:%M}" if when else ""
            if col == NAME:
                return row.name
            if col == METHOD:
                return method_label(row.method)
            if col == OUTCOME:
                return outcome_label(row.outcome)
            if col == BY:
                return row.made_by
            if col == NOTE:
                return row.note
            if col == NEXT:
                return format_date(row.follow_up_on, self.style) if row.follow_up_on else ""
        if role == Qt.ItemDataRole.ToolTipRole and col in (NAME, NOTE):
            return row.reading if col == NAME else row.note
        return None

    def row_at(self, index: QModelIndex) -> ContactRow | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None
