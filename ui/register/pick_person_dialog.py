"""Choose one person from the roster: type part of a name or its reading (やまだ finds 山田,
ヤマダ and ﾔﾏﾀﾞ too, by jtext folding), pick from the list, press 選ぶ."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from db.queries.roster import RosterFilter, RosterRow, filter_rows
from desktop.i18n import _
from ui.style import WrapLabel, field_label

MAX_SHOWN = 200  # a list longer than this is not read by anyone; the search narrows it
NEW_PERSON = -1  # returned when the user asks to make a new person instead


class PickPersonDialog(QDialog):
    def __init__(self, rows: list[RosterRow], title: str, note: str = "", today: dt.date | None = None,
                 mark_registered: bool = False, allow_new: bool = False, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 560)
        self.rows = rows
        self.today = today or dt.date.today()
        self.mark_registered = mark_registered
        self.chosen: int | None = None
        layout = QVBoxLayout(self)
        if note:
            layout.addWidget(WrapLabel(note, "hint"))
        layout.addWidget(field_label(_("Name or reading")))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("e.g. やまだ, 山田, 090…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._fill)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")  # rows ≥ 32 px to click
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(self._choose)  # Enter / double-click as a shortcut only
        layout.addWidget(self.list, 1)
        self.status = WrapLabel("", "hint")
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("Not in the roster: add a new person"))
        self.new_button.setVisible(allow_new)
        self.new_button.clicked.connect(self._new)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.choose_button = QPushButton(_("Choose"))
        self.choose_button.setDefault(True)
        self.choose_button.clicked.connect(self._choose)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.choose_button)
        layout.addLayout(buttons)
        self._fill()
        self.search.setFocus()

    def _label(self, row: RosterRow) -> str:
        parts = [row.name]
        if row.reading:
            parts.append(f"（{row.reading}）")
        if row.block_name:
            parts.append(f"　{row.block_name}")
        age = row.age(self.today) if row.birth_date and row.birth_date <= self.today else None
        if age is not None:
            parts.append(f"　{age}{_(' years old')}")
        if self.mark_registered and row.on_register:
            parts.append("　" + _("[already on the register]"))
        return "".join(parts)

    def _fill(self) -> None:
        found = filter_rows(self.rows, RosterFilter(text=self.search.text()))
        self.list.clear()
        for row in found[:MAX_SHOWN]:
            item = QListWidgetItem(self._label(row))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        if not found:
            self.status.setText(_("Nobody found. Try the reading in hiragana, or fewer letters."))
        elif len(found) > MAX_SHOWN:
            self.status.setText(_("%d people found; the first %d are shown. Type more of the name.") % (len(found), MAX_SHOWN))
        else:
            self.status.setText(_("%d people found.") % len(found))
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.choose_button.setEnabled(self.list.currentItem() is not None)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()

    def _new(self) -> None:
        self.chosen = NEW_PERSON
        self.accept()

    @classmethod
    def ask(cls, parent, rows: list[RosterRow], title: str, note: str = "", today: dt.date | None = None,
            mark_registered: bool = False, allow_new: bool = False) -> int | None:
        """The chosen person's id, NEW_PERSON, or None if cancelled."""
        dialog = cls(rows, title, note, today, mark_registered, allow_new, parent)
        return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
