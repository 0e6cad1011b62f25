"""Small input pieces the record dialog shares: a date box that reads 和暦 and 西暦, a
multi-line box of a sensible height, and a scrollable section page."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from desktop import jtext
from desktop.i18n import _
from desktop.settings import DATE_WAREKI
from ui.dates import format_date


class FormError(ValueError):
    """A value in the dialog that cannot be saved; `widget` is where to put the cursor."""

    def __init__(self, message: str, widget: QWidget | None = None):
        super().__init__(message)
        self.widget = widget


class DateBox(QLineEdit):
    """A date typed as 令和8年4月1日, R8.4.1 or 2026/4/1; shown in the user's date style."""

    def __init__(self, today: dt.date, style: str = DATE_WAREKI, parent=None):
        super().__init__(parent)
        self.today = today
        self.style_ = style
        self.setPlaceholderText(_("e.g. 令和8年4月1日 or 2026/4/1"))
        self.setMinimumWidth(240)
        self.setMaximumWidth(360)

    def set_date(self, day: dt.date | None) -> None:
        self.setText(format_date(day, self.style_) if day else "")

    def date(self, what: str) -> dt.date | None:
        """The date, None if empty; FormError naming the field if it cannot be read."""
        text = self.text().strip()
        if not text:
            return None
        try:
            return jtext.parse_date(text, self.today)
        except jtext.DateError as exc:
            raise FormError(f"{what}: {exc}", self) from exc


class NoteBox(QPlainTextEdit):
    """A few lines of free text; Tab moves on instead of typing a tab."""

    def __init__(self, lines: int = 3, placeholder: str = "", parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        height = self.fontMetrics().lineSpacing() * lines + 18
        self.setMinimumHeight(height)
        self.setMaximumHeight(height + self.fontMetrics().lineSpacing() * 2)

    def value(self) -> str:
        return self.toPlainText().strip()


def scroll_page(body: QWidget) -> QScrollArea:
    """A tab's content in a scroll area, so large text never clips it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop (see ui.style.scroll_page)
    area.setWidget(body)
    return area


def page_layout(widget: QWidget) -> QVBoxLayout:
    """The layout of one section of the record dialog, with the same margins everywhere."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(8)
    return layout
