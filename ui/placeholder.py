"""A page that is not built yet: what will be here, and what to do meanwhile.

The feature packages (ui/roster, ui/register, ...) replace these with the real pages;
each keeps the same constructor, `Page(context, parent=None)`.
"""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop.context import AppContext
from ui.style import WrapLabel, set_role


class ShellPage(QWidget):
    """Title, a sentence about what the page will hold, and the next step for now."""

    title = ""
    what = ""
    next_step = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        self.title_label = set_role(QLabel(self.title), "title")
        layout.addWidget(self.title_label)
        card = set_role(QFrame(), "card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.setSpacing(10)
        self.what_label = WrapLabel(self.what)
        self.next_label = WrapLabel(self.next_step, "notice")
        for label in (self.what_label, self.next_label):
            inner.addWidget(label)
        layout.addWidget(card)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Called when the page is shown or the file changed (restore); nothing to reload yet."""
