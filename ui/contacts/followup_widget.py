"""つながりチェック: who to call or write to now, why, and the buttons to log it.

FollowUpList(context, limit=None) is self-contained so the home page can embed it with a
limit (the first few rows and "ほかに N 人"); the Contact records page shows it in full with the
settings for N days and K missed sessions.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.queries.followup import REASON_FOLLOW_UP, REASON_MISSED, REASON_NO_CONTACT, FollowUpRow, follow_up_list
from desktop import jtext
from desktop import settings as options
from desktop.context import AppContext
from ui.widgets.table_model import RowTableModel
from desktop.i18n import _, N_
from ui.dates import format_date
from ui.salon.labels import comfortable_rows
from ui.style import WrapLabel
from ui.widgets.quick_contact import QuickContactBar
from ui.widgets.list_table import list_table
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.readable_columns import readable_columns
from ui.widgets.setting_spin import show_setting

DEFAULT_MISSED = options.FOLLOW_UP_MISSED.default  # sessions in a row (設定 keeps the person's choice)

COLUMNS = (
    N_("Name"),
    N_("Take care"),
    N_("Block"),
    N_("Phone"),
    N_("Why listed"),
    N_("Last contact"),
    N_("Last came"),
)
NAME, CARE, BLOCK, PHONE, WHY, LAST_CONTACT, LAST_CAME = range(len(COLUMNS))


def reason_texts(row: FollowUpRow, today: dt.date, missed: int, style: str) -> list[str]:
    """Why the row is on the list, in plain words."""
    out = []
    for code in row.reasons:
        if code == REASON_NO_CONTACT:
            days = row.days_since(today)
            out.append(_("No contact or visit for %d days") % days if days is not None
                       else _("No contact or visit recorded yet"))
        elif code == REASON_MISSED:
            out.append(_("Missed the last %(n)d sessions of %(salon)s") % {"n": missed, "salon": "、".join(row.missed_salons)})
        elif code == REASON_FOLLOW_UP and row.follow_up_on:
            out.append(_("Time to get in touch again (%s)") % format_date(row.follow_up_on, style))
    return out


def care_text(row: FollowUpRow) -> str:
    parts = []
    if row.on_register:
        parts.append(_("Needs help"))
    if row.lives_alone:
        parts.append(_("Lives alone"))
    return "・".join(parts)


class FollowUpModel(RowTableModel):
    headers = tuple(COLUMNS)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[FollowUpRow] = []
        self.today = dt.date.today()
        self.missed = DEFAULT_MISSED
        self.style = options.DATE_WAREKI

    def set_rows(self, rows: list[FollowUpRow], today: dt.date, missed: int, style: str) -> None:
        self.beginResetModel()
        self.rows, self.today, self.missed, self.style = rows, today, missed, style
        self.endResetModel()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NAME:
                return row.name
            if col == CARE:
                return care_text(row)
            if col == BLOCK:
                return row.block_name
            if col == PHONE:
                return jtext.format_phone(row.phone or row.mobile) if (row.phone or row.mobile) else ""
            if col == WHY:
                return "\n".join(reason_texts(row, self.today, self.missed, self.style))
            if col == LAST_CONTACT:
                return format_date(row.last_contact, self.style) if row.last_contact else _("none")
            if col == LAST_CAME:
                return format_date(row.last_attended, self.style) if row.last_attended else _("none")
        if role == Qt.ItemDataRole.ToolTipRole and col == NAME:
            return row.reading
        if role == Qt.ItemDataRole.ForegroundRole and col == CARE and row.on_register:
            return QColor("#b00020")
        return None

    def row_at(self, index: QModelIndex) -> FollowUpRow | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None


class FollowUpList(QWidget):
    """The list, its settings (full page only), and 電話した / 手紙を送った for the chosen row."""

    changed = Signal()  # a contact was logged here

    def __init__(self, context: AppContext, limit: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.limit = limit
        self.all_rows: list[FollowUpRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        settings_row = FlowLayout()  # wraps in large text on a small screen
        self.days_spin = QSpinBox()
        self.days_spin.setRange(7, 365)
        self.days_spin.setValue(context.follow_up_days)
        self.days_spin.setSuffix(_(" days"))
        self.missed_spin = QSpinBox()
        self.missed_spin.setRange(1, 12)
        self.missed_spin.setValue(context.follow_up_missed)
        self.missed_spin.setSuffix(_(" times"))
        settings_row.addWidget(QLabel(_("No contact for")))
        settings_row.addWidget(self.days_spin)
        settings_row.addWidget(QLabel(_("or missed the salon")))
        settings_row.addWidget(self.missed_spin)
        settings_row.addWidget(QLabel(_("in a row")))
        self.settings_box = QWidget()
        self.settings_box.setLayout(settings_row)
        self.settings_box.setVisible(limit is None)
        layout.addWidget(self.settings_box)
        self.days_spin.valueChanged.connect(self._days_changed)
        self.missed_spin.valueChanged.connect(self._missed_changed)

        self.count_label = WrapLabel("", "notice")
        layout.addWidget(self.count_label)
        self.model = FollowUpModel(self)
        self.view = list_table(self.model)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Why listed keeps room to be read (large text on a small screen); 気をつけたい点 wraps;
        # past that the table scrolls sideways rather than squeeze the words.
        self.columns = readable_columns(self.view, stretch=WHY, minimum={WHY: 12, CARE: 5},
                                        maximum={NAME: 8, CARE: 9, WHY: 22})
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        layout.addWidget(self.view, 1)
        self.empty_label = WrapLabel("", "hint")
        layout.addWidget(self.empty_label)
        self.more_label = QLabel()
        layout.addWidget(self.more_label)
        self.quick = QuickContactBar(context)
        self.quick.logged.connect(self._logged)
        layout.addWidget(self.quick)

    def _days_changed(self, value: int) -> None:
        self.context.settings.set(options.FOLLOW_UP_DAYS, value)
        self.refresh()

    def _missed_changed(self, value: int) -> None:
        self.context.settings.set(options.FOLLOW_UP_MISSED, value)
        self.refresh()

    @property
    def days(self) -> int:
        return self.days_spin.value()

    @property
    def missed(self) -> int:
        return self.missed_spin.value()

    def refresh(self) -> None:
        if self.context.store is None:
            return
        # One setting for every page (設定, this page, the home page, the print page): the
        # value may have been changed elsewhere since this list was last shown.
        show_setting(self.days_spin, self.context.follow_up_days)
        show_setting(self.missed_spin, self.context.follow_up_missed)
        comfortable_rows(self.view)
        current = self.quick.person_id
        today = self.context.today()
        self.all_rows = follow_up_list(today, days=self.days, missed=self.missed)
        shown = self.all_rows if self.limit is None else self.all_rows[: self.limit]
        self.model.set_rows(shown, today, self.missed, self.context.settings.get(options.DATE_STYLE))
        n = len(self.all_rows)
        self.count_label.setText(_("%d people to get in touch with. People who need help and people living alone come first.") % n if n else "")
        self.empty_label.setText(_(
            "Nobody needs a call right now. People appear here when nobody has reached them for %d days, "
            "when they miss the salon, or when a date to get in touch again comes."
        ) % self.days if not n else "")
        self.empty_label.setVisible(not n)
        self.view.setVisible(bool(n))
        hidden = n - len(shown)
        self.more_label.setText(_("…and %d more on the Contact records page.") % hidden if hidden > 0 else "")
        self.more_label.setVisible(hidden > 0)
        self._select_person(current)

    def _select_person(self, person_id: int | None) -> None:
        for i, row in enumerate(self.model.rows):
            if row.person_id == person_id:
                self.view.selectRow(i)
                return
        self.view.clearSelection()
        self.quick.set_person(None)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current)
        self.quick.set_person(row.person_id if row else None, row.name if row else "")

    def select_person(self, person_id: int) -> bool:
        """Select a row (for tests and for pages that link here); False if not listed."""
        self._select_person(person_id)
        return self.quick.person_id == person_id

    def _logged(self, _person_id: int) -> None:
        self.refresh()
        self.changed.emit()

    def listed_ids(self) -> list[int]:
        return [r.person_id for r in self.all_rows]
