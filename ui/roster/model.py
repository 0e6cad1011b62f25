"""The roster table: a QAbstractTableModel over RosterRow dataclasses loaded by one query.

The model never touches the database: `set_view()` hands it the loaded rows and the
positions to show (from RosterIndex), so a keystroke is one list swap and one reset.
Phone numbers are formatted when a cell is painted (only the visible rows are) and
kept, because normalising 50,000 numbers up front would cost a second at start-up.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from db.queries.roster import RosterRow
from desktop import jtext
from desktop.i18n import N_, _
from ui.roster.labels import status_label

# (key, header msgid)
COLUMNS = (
    ("name", N_("Name")),
    ("reading", N_("Reading")),
    ("block", N_("Block")),
    ("address", N_("Address")),
    ("phone", N_("Phone")),
    ("mobile", N_("Mobile")),
    ("age", N_("Age")),
    ("status", N_("Status")),
    ("marks", N_("Marks")),
)
COLUMN = {key: i for i, (key, _label) in enumerate(COLUMNS)}

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HOUSEHOLD_ID_ROLE = Qt.ItemDataRole.UserRole + 2

_GREY = QBrush(QColor("#6b6b6b"))
_RED = QBrush(QColor("#b00020"))
_BAND = QBrush(QColor("#eef3f8"))


class RosterModel(QAbstractTableModel):
    """People in 五十音 order, or grouped by household (household view)."""

    def __init__(self, today: dt.date, date_style: str = "wareki", parent=None):
        super().__init__(parent)
        self.today = today
        self.date_style = date_style
        self.households = False
        self._rows: list[RosterRow] = []
        self._view: list[int] = []
        self._phones: dict[str, str] = {}

    # -- feeding ----------------------------------------------------------------------------
    def set_view(self, rows: list[RosterRow], view: list[int], households: bool = False) -> None:
        """Show `rows[i] for i in view`; in the household view, members follow their head.

        Nothing here walks the view: a keystroke on 50,000 rows must stay a list swap."""
        self.beginResetModel()
        self._rows = rows
        self._view = view
        self.households = households
        self.endResetModel()

    @staticmethod
    def _household(row: RosterRow):
        return row.household_id if row.household_id is not None else ("p", row.id)

    def starts_household(self, n: int) -> bool:
        """True for the first line of a household in the household view."""
        if n == 0:
            return True
        rows, view = self._rows, self._view
        return self._household(rows[view[n]]) != self._household(rows[view[n - 1]])

    def row_at(self, row: int) -> RosterRow | None:
        if 0 <= row < len(self._view):
            return self._rows[self._view[row]]
        return None

    def row_of_person(self, person_id: int) -> int:
        """Table row of a person, or -1 if not shown."""
        for n, i in enumerate(self._view):
            if self._rows[i].id == person_id:
                return n
        return -1

    def first_row_of_index(self, label: str) -> int:
        """First table row whose name starts in the あかさたな group `label` (or a later one); -1 if none."""
        order = jtext.INDEX_LABELS
        target = order.index(label)
        for n, i in enumerate(self._view):
            row = self._rows[i]
            if self.households and not self.starts_household(n):
                continue
            if order.index(row.index_label) >= target:
                return n
        return -1

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._view)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(COLUMNS):
                return _(COLUMNS[section][1])
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._view)):
            return None
        row = self._rows[self._view[index.row()]]
        col = COLUMNS[index.column()][0] if 0 <= index.column() < len(COLUMNS) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col, index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "reading" and not row.family_reading:
                return _("No reading yet: open the person and add it, so they sort in あいうえお order.")
            if col in ("phone", "mobile"):
                value = row.landline if col == "phone" else row.mobile
                problem = jtext.normalize_phone(value).problem if value else None
                return jtext.phone_problem_text(problem) or None
            if col == "marks":
                return self._text(row, col, index.row()) or None
            if col == "address" and row.address:  # the column may be too narrow for it
                return f"〒{jtext.format_postal(row.postal_code)} {row.address}" if row.postal_code else row.address
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == "reading" and not row.family_reading:
                return _RED
            if col in ("phone", "mobile"):
                value = row.landline if col == "phone" else row.mobile
                if value and not jtext.normalize_phone(value).valid:
                    return _RED
            if row.status in ("moved", "deceased"):
                return _GREY
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.households and self.starts_household(index.row()):
                return _BAND  # the household's first line is shaded: each family reads as a block
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == "age":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == ROW_ID_ROLE:
            return row.id
        if role == HOUSEHOLD_ID_ROLE:
            return row.household_id
        return None

    def _phone(self, value: str) -> str:
        if not value:
            return ""
        text = self._phones.get(value)
        if text is None:
            text = jtext.format_phone(value)
            self._phones[value] = text
        return text

    def _text(self, row: RosterRow, col: str, n: int) -> str:
        if col == "name":
            if self.households and not self.starts_household(n):
                above = self._rows[self._view[n - 1]]
                # Under the head, the family name is said once: "└ 花子" reads like a family list.
                same = row.family_name == above.family_name and row.given_name
                return "　└ " + (row.given_name if same else row.name)
            return row.name
        if col == "reading":
            return row.reading or _("(no reading)")
        if col == "block":
            return row.block_name
        if col == "address":
            if self.households and not self.starts_household(n):
                return ""  # said once per household, on the first line
            return row.address
        if col == "phone":
            if self.households and not self.starts_household(n):
                return ""
            return self._phone(row.landline)
        if col == "mobile":
            return self._phone(row.mobile)
        if col == "age":
            if row.birth_date is None or row.birth_date > self.today:
                return ""
            return str(row.age(self.today))
        if col == "status":
            return status_label(row.status)
        if col == "marks":
            marks = []
            if row.on_register:
                marks.append(_("Needs help"))
            if row.in_salon:
                marks.append(_("Salon"))
            return "・".join(marks)
        return ""
