"""出欠をつける: one session's people, marked with one click or one key each.

Click the 出欠 cell (or press Space/Enter) to cycle 出席 → 欠席 → 欠席連絡あり → 手紙 → blank;
1-4 set a state directly and move to the next person; Delete clears a mark. The regulars
are listed before anyone is marked; walk-ins are added by typing a few kana.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ui.widgets.readable_columns import readable_columns
from ui.widgets.table_model import RowTableModel
from desktop.i18n import _, N_
from desktop.services.salon import ATTENDANCE_CYCLE
from ui.salon.labels import STATE_COLORS, state_label

COLUMNS = (N_("Name"), N_("Reading"), N_("Attendance"), N_("Regular"))
NAME, READING, STATE, REGULAR = range(len(COLUMNS))
DIGIT_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}


@dataclass
class AttendanceRow:
    person_id: int
    name: str
    reading: str
    state: str | None
    regular: bool


def rows_from(people, regular_ids: set[int]) -> list[AttendanceRow]:
    """From salon.session_people output; attributes are read here, never inside data()."""
    return [AttendanceRow(p.id, p.full_name, p.full_reading, state, p.id in regular_ids) for p, state in people]


class AttendanceModel(RowTableModel):
    headers = tuple(COLUMNS)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[AttendanceRow] = []

    def set_rows(self, rows: list[AttendanceRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def set_state(self, row: int, state: str | None) -> None:
        self.rows[row].state = state
        index = self.index(row, STATE)
        self.dataChanged.emit(index, index)

    def row_of(self, person_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.person_id == person_id), -1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NAME:
                return row.name
            if col == READING:
                return row.reading
            if col == STATE:
                return state_label(row.state)
            if col == REGULAR:
                return _("Regular") if row.regular else _("Walk-in")
        if role == Qt.ItemDataRole.BackgroundRole and col == STATE and row.state in STATE_COLORS:
            return STATE_COLORS[row.state]
        if role == Qt.ItemDataRole.FontRole and col == STATE and row.state:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == STATE:
            return _("Click, or press Space, to change. Keys 1-4 set Attended / Absent / Absent, sent word / Letter; Delete clears it.")
        return None


class AttendanceView(QTableView):
    """The table; it only asks for changes, the panel writes them."""

    cycle_requested = Signal(int)  # row
    state_requested = Signal(int, object)  # row, state or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.clicked.connect(self._clicked)

    def setModel(self, model):  # noqa: N802 - Qt override
        super().setModel(model)
        # 出欠 keeps room for 「欠席連絡あり」: as the Stretch column beside ResizeToContents ones
        # it showed 「…」 in large text on a 1024 px screen; past that the table scrolls sideways.
        self.columns = readable_columns(self, stretch=STATE, minimum={STATE: 6})
        self.setWordWrap(False)

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == STATE:
            self.cycle_requested.emit(index.row())

    def keyPressEvent(self, event):  # noqa: N802 - Qt override
        row = self.currentIndex().row()
        key = event.key()
        if row < 0:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.cycle_requested.emit(row)
        elif key in DIGIT_KEYS:
            self.state_requested.emit(row, ATTENDANCE_CYCLE[DIGIT_KEYS[key]])
            # One key per person: go on to the next one.
            if row + 1 < self.model().rowCount():
                self.setCurrentIndex(self.model().index(row + 1, self.currentIndex().column()))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_0):
            self.state_requested.emit(row, None)
        else:
            super().keyPressEvent(event)
            return
        event.accept()
