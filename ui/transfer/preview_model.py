"""Table models for the wizard: the file's first rows (step 2), the rows with problems
(step 4) and the possible duplicates (step 5). Each is filled from plain data the wizard
already holds (the Table, the Plan), never by a query per cell."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.i18n import N_, _
from desktop.services.import_messages import LEFT_OUT_CODES, action_text, problem_text
from desktop.services.importer import ERROR, Duplicate, Problem
from desktop.services.tabular import cell_text

HEADER_COLOUR = "#cfe2f3"
ERROR_COLOUR = "#f4cccc"
FIXED_COLOUR = "#d9ead3"
PREVIEW_ROWS = 20  # find_header looks this far


class PreviewModel(QAbstractTableModel):
    """The first rows of the sheet as they are, the header row highlighted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[list] = []
        self.lines: list[int] = []
        self.width = 0
        self.header_index: int | None = None
        self.hidden: set[int] = set()

    def load(self, rows: list[list], lines: list[int], header_index: int | None, hidden: set[int]) -> None:
        self.beginResetModel()
        self.rows = [list(r) for r in rows[:PREVIEW_ROWS]]
        self.lines = list(lines[:PREVIEW_ROWS])
        self.width = max((len(r) for r in self.rows), default=0)
        self.header_index = header_index
        self.hidden = set(hidden)
        self.endResetModel()

    def set_header(self, index: int | None) -> None:
        old, self.header_index = self.header_index, index
        for r in (old, index):
            if r is not None and 0 <= r < len(self.rows) and self.width:
                self.dataChanged.emit(self.index(r, 0), self.index(r, self.width - 1))

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 - Qt naming
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else self.width

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return _("Row %s") % self.lines[section] if section < len(self.lines) else None
        label = column_letter(section)
        return label + (" " + _("(hidden)") if section in self.hidden else "")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        values = self.rows[index.row()]
        is_header = index.row() == self.header_index
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(values[index.column()]) if index.column() < len(values) else ""
        if role == Qt.ItemDataRole.BackgroundRole and is_header:
            return QBrush(QColor(HEADER_COLOUR))
        if role == Qt.ItemDataRole.FontRole and is_header:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in self.hidden:
            return QBrush(QColor("#6b6b6b"))
        return None


def column_letter(i: int) -> str:
    """Excel's column name (A, B, ... Z, AA), so the person can find it in their file."""
    out = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        out = chr(65 + rem) + out
    return out


SKIP, FIX = "skip", "fix"
PROBLEM_COLUMNS = (N_("Row"), N_("Column"), N_("Value"), N_("What is wrong"), N_("What happens"), N_("Your choice"))


class ProblemModel(QAbstractTableModel):
    """Every problem of the plan, one line each; error rows show the person's choice."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.problems: list[Problem] = []
        self.choices: dict[int, str] = {}

    def load(self, problems: list[Problem], choices: dict[int, str]) -> None:
        self.beginResetModel()
        # Errors first: they need a decision; then the rows not imported (a title, a total);
        # the rest are for information.
        self.problems = sorted(problems, key=lambda p: (p.severity != ERROR, p.code not in LEFT_OUT_CODES, p.row))
        self.choices = choices
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(PROBLEM_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(PROBLEM_COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self.problems[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return str(p.row)
            if col == 1:
                return p.column
            if col == 2:
                return p.value
            if col == 3:
                return problem_text(p)
            if col == 4:
                return action_text(p)
            if p.severity != ERROR:
                return "—"
            return _("Fix it") if self.choices.get(p.row) == FIX else _("Skip this row")
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(ERROR_COLOUR if p.severity == ERROR else "#ffffff"))
        return None

    def problem(self, row: int) -> Problem | None:
        return self.problems[row] if 0 <= row < len(self.problems) else None


KEEP_OUT, KEEP_BOTH, MERGE, MOVE = "out", "both", "merge", "move"
DUP_CHOICE_LABELS = {KEEP_OUT: N_("Do not import"), KEEP_BOTH: N_("Keep both"), MERGE: N_("Merge"),
                     MOVE: N_("Only this person moved")}
DUP_REASONS = {"reading_birth": N_("same reading and birth date"), "name_address": N_("same name and address")}
DUP_COLUMNS = (N_("Row"), N_("In the file"), N_("Looks like"), N_("Why"), N_("Your choice"))


class DuplicateModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.duplicates: list[Duplicate] = []
        self.others: dict[int, str] = {}  # duplicate index -> the other person's name
        self.choices: dict[int, str] = {}  # file row -> choice
        self.differs: dict[int, str] = {}  # file row -> what the file says otherwise (班, status)

    def load(self, duplicates: list[Duplicate], others: list[str], choices: dict[int, str],
             differs: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self.duplicates = list(duplicates)
        self.others = dict(enumerate(others))
        self.choices = choices
        self.differs = dict(differs or {})
        self.endResetModel()

    def refresh_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(DUP_COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.duplicates)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(DUP_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(DUP_COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:  # the reason may be cut on screen
            return self.data(index)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        d = self.duplicates[index.row()]
        col = index.column()
        if col == 0:
            return str(d.row)
        if col == 1:
            return d.name
        if col == 2:
            return self.others.get(index.row(), "")
        if col == 3:
            why = _(DUP_REASONS.get(d.reason, d.reason))
            return f"{why}／{self.differs[d.row]}" if d.row in self.differs else why
        return _(DUP_CHOICE_LABELS[self.choices.get(d.row, KEEP_OUT)])
