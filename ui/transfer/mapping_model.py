"""Step 3's table: each column of the file, a sample value and which of our fields it fills.

The field is chosen with a drop-down that is always shown (a persistent editor), so nothing
needs a double-click. The model holds the mapping as {column index: field code}.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QStyledItemDelegate

from desktop.i18n import N_, _
from desktop.services.importer import FIELDS
from desktop.services.tabular import cell_text

NOT_USED = ""
FIELD_LABELS = {
    "full_name": N_("Full name (氏名)"),
    "family_name": N_("Family name (姓)"),
    "given_name": N_("Given name (名)"),
    "full_reading": N_("Reading (ふりがな)"),
    "family_reading": N_("Reading of the family name"),
    "given_reading": N_("Reading of the given name"),
    "postal_code": N_("Postal code"),
    "address": N_("Address"),
    "address3": N_("Building"),
    "landline": N_("Phone"),
    "mobile": N_("Mobile"),
    "birth_date": N_("Birth date"),
    "sex": N_("Sex"),
    "block": N_("Block (班)"),
    "household": N_("Household (世帯)"),
    "head": N_("Head of household"),
    "relation": N_("Relation (続柄)"),
    "notes": N_("Notes (備考)"),
    "email": N_("Email"),
    "status": N_("Status"),
    "roles": N_("Roles"),
}
assert set(FIELD_LABELS) == set(FIELDS)
CHOICES = [NOT_USED, *FIELDS]

COL_HEADER, COL_SAMPLE, COL_FIELD = range(3)


def field_label(code: str) -> str:
    return _("Not used") if code == NOT_USED else _(FIELD_LABELS[code])


def sample_value(rows: list[list], column: int) -> str:
    """The first non-empty value under the header, as text."""
    for values in rows:
        if column < len(values) and values[column] not in (None, ""):
            return cell_text(values[column])
    return ""


class MappingModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers: list[str] = []
        self.samples: list[str] = []
        self.hidden: set[int] = set()
        self.mapping: dict[int, str] = {}

    def load(self, headers: list[str], body: list[list], mapping: dict[int, str], hidden: set[int]) -> None:
        self.beginResetModel()
        self.headers = [cell_text(h) for h in headers]
        self.samples = [sample_value(body, i) for i in range(len(self.headers))]
        self.hidden = set(hidden)
        self.mapping = dict(mapping)
        self.endResetModel()

    def set_mapping(self, mapping: dict[int, str]) -> None:
        self.mapping = {i: f for i, f in mapping.items() if i < len(self.headers)}
        if self.headers:
            self.dataChanged.emit(self.index(0, COL_FIELD), self.index(len(self.headers) - 1, COL_FIELD))

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt naming
        return 0 if parent.isValid() else len(self.headers)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Column in the file"), _("Example"), _("Goes into"))[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_HEADER:
                text = self.headers[row] or _("(no heading)")
                return text + ("　" + _("(hidden in Excel)") if row in self.hidden else "")
            if col == COL_SAMPLE:
                return self.samples[row]
            return field_label(self.mapping.get(row, NOT_USED))
        if role == Qt.ItemDataRole.EditRole and col == COL_FIELD:
            return self.mapping.get(row, NOT_USED)
        if role == Qt.ItemDataRole.ForegroundRole and col != COL_FIELD and row in self.hidden:
            return QBrush(QColor("#6b6b6b"))
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == COL_FIELD else base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if not index.isValid() or index.column() != COL_FIELD or role != Qt.ItemDataRole.EditRole:
            return False
        if value not in CHOICES:
            return False
        row = index.row()
        if value == self.mapping.get(row, NOT_USED):
            return True
        changed = [row]
        if value == NOT_USED:
            self.mapping.pop(row, None)
        else:
            # One column per field: a field chosen again moves from its old column.
            for other, f in list(self.mapping.items()):
                if f == value and other != row:
                    del self.mapping[other]
                    changed.append(other)
            self.mapping[row] = value
        for r in changed:
            self.dataChanged.emit(self.index(r, COL_FIELD), self.index(r, COL_FIELD))
        return True


class FieldDelegate(QStyledItemDelegate):
    """A drop-down of our fields; a choice is written to the model at once.

    The drop-downs are the table's controls, one Tab stop each: Tab goes from one to the
    next and, after the last, on out of the table (the item view's own Tab handling sent focus
    back into the table a row further down, and round again from the top)."""

    def eventFilter(self, editor, event):  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False  # the drop-down moves focus along the window's Tab order
        if event.type() == QEvent.Type.FocusIn:
            view = self.parent()
            if isinstance(view, QAbstractItemView):  # Tab to a row further down shows that row
                view.scrollTo(view.indexAt(editor.geometry().center()))
        return super().eventFilter(editor, event)

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        combo.setObjectName(f"field_combo_{index.row()}")
        for code in CHOICES:
            combo.addItem(field_label(code), code)
        combo.setMaxVisibleItems(len(CHOICES))
        combo.currentIndexChanged.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        code = index.data(Qt.ItemDataRole.EditRole) or NOT_USED
        i = editor.findData(code)
        if i >= 0 and i != editor.currentIndex():
            editor.blockSignals(True)
            editor.setCurrentIndex(i)
            editor.blockSignals(False)

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
