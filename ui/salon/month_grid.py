"""月の一覧: people × the sessions of a month, with each person's rate and last attendance.

A click on a mark cycles it, like the attendance list, so a paper sheet can be typed in
row by row.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db import models as m
from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _
from desktop.services import salon as svc
from ui.dates import format_date, format_month
from ui.salon.labels import STATE_COLORS, STATE_MARKS, comfortable_rows, legend, state_label
from ui.style import WrapLabel, set_role
from ui.widgets.quick_contact import QuickContactBar


@dataclass
class GridSession:
    id: int
    date: dt.date
    cancelled: bool


@dataclass
class GridRow:
    person_id: int
    name: str
    reading: str
    marks: dict[int, str] = field(default_factory=dict)
    rate: float | None = None
    last_attended: dt.date | None = None
    attended: int = 0
    sessions: int = 0  # the sessions the rate counts
    since: dt.date | None = None  # a regular since (the rate counts from here)


class MonthGridModel(QAbstractTableModel):
    """Column 0 the name, then one column per session, then 出席率 and 最後の出席."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sessions: list[GridSession] = []
        self.rows: list[GridRow] = []
        self.style = options.DATE_WAREKI

    def set_data(self, sessions: list[GridSession], rows: list[GridRow], style: str) -> None:
        self.beginResetModel()
        self.sessions, self.rows, self.style = sessions, rows, style
        self.endResetModel()

    def session_at(self, column: int) -> GridSession | None:
        i = column - 1
        return self.sessions[i] if 0 <= i < len(self.sessions) else None

    def set_mark(self, row: int, column: int, state: str | None) -> None:
        s = self.session_at(column)
        if s is None:
            return
        if state is None:
            self.rows[row].marks.pop(s.id, None)
        else:
            self.rows[row].marks[s.id] = state
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.sessions) + 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return _("Name")
        s = self.session_at(section)
        if s is not None:
            return f"{s.date.month}/{s.date.day}" + (_(" (cancelled)") if s.cancelled else "")
        if section == len(self.sessions) + 1:
            return _("Rate")
        if section == len(self.sessions) + 2:
            return _("Last came")
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        s = self.session_at(col)
        state = row.marks.get(s.id) if s else None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.name
            if s is not None:
                return STATE_MARKS.get(state, "")
            if col == len(self.sessions) + 1:
                return f"{row.rate:.0%}" if row.rate is not None else "—"
            if col == len(self.sessions) + 2:
                return format_date(row.last_attended, self.style) if row.last_attended else _("none")
        if role == Qt.ItemDataRole.TextAlignmentRole and s is not None:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and state in STATE_COLORS:
            return STATE_COLORS[state]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return row.reading
            if s is not None:
                return f"{format_date(s.date, self.style)}: {state_label(state)}"
            if col == len(self.sessions) + 1:
                return self._rate_tip(row)
        return None

    def _rate_tip(self, row: GridRow) -> str:
        counts = {"attended": row.attended, "sessions": row.sessions}
        if row.since is None:
            return _("%(attended)d of %(sessions)d sessions so far") % counts
        since = format_date(row.since, self.style)
        if not row.sessions:
            return _("No sessions yet since they became a regular on %s.") % since
        return _("%(attended)d of %(sessions)d sessions (a regular since %(date)s)") % {**counts, "date": since}


def month_title(first: dt.date, style: str) -> str:
    """令和8年11月 / 2026年11月 / Nov 2026."""
    return format_month(first.year, first.month, style)


class MonthGridPanel(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.salon: m.Salon | None = None
        today = context.today()
        self.year, self.month = today.year, today.month
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        nav = QHBoxLayout()
        self.prev_button = QPushButton(_("◀ Previous month"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.month_label = set_role(QLabel(), "heading")
        self.next_button = QPushButton(_("Next month ▶"))
        self.next_button.clicked.connect(lambda: self.step(1))
        nav.addWidget(self.prev_button)
        nav.addWidget(self.month_label, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        layout.addWidget(WrapLabel(legend() + "　" + _("Click a mark to change it. The rate counts the sessions so far "
                                                    "(for a regular, since they became one)."), "hint"))
        self.model = MonthGridModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)  # arrows move between the marks, Tab leaves the grid
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self._clicked)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        layout.addWidget(self.view, 1)
        self.empty_label = WrapLabel("", "hint")
        layout.addWidget(self.empty_label)
        self.quick = QuickContactBar(context)
        layout.addWidget(self.quick)

    def set_salon(self, salon: m.Salon | None) -> None:
        self.salon = salon
        self.reload()

    def step(self, delta: int) -> None:
        k = self.year * 12 + self.month - 1 + delta
        self.year, self.month = k // 12, k % 12 + 1
        self.reload()

    def reload(self) -> None:
        style = self.context.settings.get(options.DATE_STYLE)
        self.month_label.setText(month_title(dt.date(self.year, self.month, 1), style))
        if self.salon is None:
            self.model.set_data([], [], style)
            return
        comfortable_rows(self.view)
        sessions, people = svc.month_grid(self.salon, self.year, self.month)
        tallies = svc.tallies(self.salon, self.context.today())
        grid_sessions = [GridSession(s.id, s.date, s.cancelled) for s in sessions]
        rows = []
        for p, marks in people:
            t = tallies.get(p.id)
            rows.append(GridRow(p.id, p.full_name, p.full_reading, dict(marks),
                                t.rate if t and t.sessions else None, t.last_attended if t else None,
                                t.attended if t else 0, t.sessions if t else 0, t.since if t else None))
        self.model.set_data(grid_sessions, rows, style)
        self.empty_label.setText(_("No sessions in this month. Use ◀ ▶ to go to another month.") if not sessions else "")
        self.empty_label.setVisible(not sessions)
        self.quick.set_person(None)

    def _clicked(self, index: QModelIndex) -> None:
        s = self.model.session_at(index.column())
        if s is None or s.cancelled or self.salon is None:
            return
        row = self.model.rows[index.row()]
        state = svc.next_state(row.marks.get(s.id))
        svc.set_attendance(m.SalonSession.get_by_id(s.id), row.person_id, state, actor=self.context.operator_name)
        self.model.set_mark(index.row(), index.column(), state)
        # Rate and last came change too; re-read them and stay on the same cell.
        current = (index.row(), index.column())
        self.reload()
        self.view.setCurrentIndex(self.model.index(*current))
        self.changed.emit()

    def _current_changed(self, current: QModelIndex, _previous) -> None:
        r = self.model.rows[current.row()] if current.isValid() and current.row() < len(self.model.rows) else None
        self.quick.set_person(r.person_id if r else None, r.name if r else "")
