"""An ordered list of small entries (emergency contacts, supporters) with 追加/上へ/下へ/削除.

The list shows one line per entry; the fields of the chosen entry are edited in plain
boxes below it. No in-cell editing: that needs a double-click or a hidden key, which our
users would not find (STYLE/brief: nothing reachable only by double-click).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from ui.style import WrapLabel, field_label


class LineListEditor(QWidget):
    changed = Signal()

    def __init__(self, fields: list[tuple[str, str]], summary: Callable[[dict, int], str], empty_text: str,
                 add_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.fields = fields
        self.summary = summary
        self._entries: list[dict] = []
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty_label = WrapLabel(empty_text, "hint")
        layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")  # rows ≥ 32 px to click
        self.list.setMinimumHeight(150)
        self.list.currentRowChanged.connect(self._show_current)
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.add_button = QPushButton(add_label)
        self.up_button = QPushButton(_("Move up"))
        self.down_button = QPushButton(_("Move down"))
        self.remove_button = QPushButton(_("Remove"))
        self.add_button.clicked.connect(lambda: self.add_entry({}))
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button.clicked.connect(self._remove)
        self.extra_buttons = buttons
        for b in (self.add_button, self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, label in fields:
            edit = QLineEdit()
            edit.textEdited.connect(lambda text, k=key: self._edited(k, text))
            self.edits[key] = edit
            form.addRow(field_label(label), edit)
        layout.addLayout(form)
        self._show_current(-1)

    # -- public ----------------------------------------------------------------------------
    def entries(self) -> list[dict]:
        return [dict(e) for e in self._entries]

    def set_entries(self, entries: list[dict]) -> None:
        self._entries = [dict(e) for e in entries]
        self._rebuild(0 if self._entries else -1)

    def add_entry(self, entry: dict) -> None:
        self._entries.append(dict(entry))
        self._rebuild(len(self._entries) - 1)
        first = self.fields[0][0]
        if self.edits[first].isEnabled() and not self.edits[first].isReadOnly():
            self.edits[first].setFocus()
        self.changed.emit()

    def current_entry(self) -> dict | None:
        i = self.list.currentRow()
        return self._entries[i] if 0 <= i < len(self._entries) else None

    def replace_current(self, entry: dict) -> None:
        i = self.list.currentRow()
        if 0 <= i < len(self._entries):
            self._entries[i] = dict(entry)
            self._rebuild(i)
            self.changed.emit()

    # Subclasses say which boxes are read-only for an entry (a roster supporter's name).
    def is_read_only(self, entry: dict, key: str) -> bool:
        return False

    def value_for(self, entry: dict, key: str) -> str:
        return str(entry.get(key) or "")

    def placeholder_for(self, entry: dict, key: str) -> str:
        return ""

    # -- internals -------------------------------------------------------------------------
    def _rebuild(self, select: int) -> None:
        self._loading = True
        self.list.clear()
        for i, entry in enumerate(self._entries):
            self.list.addItem(self.summary(entry, i))
        self._loading = False
        self.list.setCurrentRow(select)
        self._show_current(select)

    def _show_current(self, i: int) -> None:
        if self._loading:
            return
        entry = self._entries[i] if 0 <= i < len(self._entries) else None
        for key, edit in self.edits.items():
            edit.setText(self.value_for(entry, key) if entry else "")
            edit.setPlaceholderText(self.placeholder_for(entry, key) if entry else "")
            edit.setEnabled(entry is not None)
            edit.setReadOnly(bool(entry) and self.is_read_only(entry, key))
        self._update_state()

    def _edited(self, key: str, text: str) -> None:
        i = self.list.currentRow()
        if not (0 <= i < len(self._entries)):
            return
        self._entries[i][key] = text
        self.list.item(i).setText(self.summary(self._entries[i], i))
        self.changed.emit()

    def _move(self, step: int) -> None:
        i = self.list.currentRow()
        j = i + step
        if 0 <= i < len(self._entries) and 0 <= j < len(self._entries):
            self._entries[i], self._entries[j] = self._entries[j], self._entries[i]
            self._rebuild(j)
            self.changed.emit()

    def _remove(self) -> None:
        i = self.list.currentRow()
        if 0 <= i < len(self._entries):
            del self._entries[i]
            self._rebuild(min(i, len(self._entries) - 1))
            self.changed.emit()

    def _update_state(self) -> None:
        i = self.list.currentRow()
        n = len(self._entries)
        self.empty_label.setVisible(n == 0)
        self.up_button.setEnabled(i > 0)
        self.down_button.setEnabled(0 <= i < n - 1)
        self.remove_button.setEnabled(0 <= i < n)
