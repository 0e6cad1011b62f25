"""The search box: one line, a clear button, Esc empties it, and `search_changed` per edit.

Search runs in memory (no I/O), so every keystroke is searched at once. An input method
sends its composition (やま before 山) as preedit text, which is not in text() until
committed: the box searches what is committed, which is what the user sees underlined
as settled.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit


class SearchBox(QLineEdit):
    search_changed = Signal(str)

    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.textChanged.connect(self.search_changed)

    def keyPressEvent(self, event):  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)
