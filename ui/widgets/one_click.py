"""A double-click on a button counts as one click, everywhere in the app.

Qt turns the second press of a double-click into a second click, so a person who
double-clicks 「電話した」 (many older users double-click everything) wrote two contact
records, and 取り消す took back only one. Buttons have no double-click meaning in this app,
so the filter drops the double-click event of any button; the first click still counts.
Two separate clicks, slower than the system's double-click time, are still two clicks.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QApplication

_DOUBLE_CLICK = QEvent.Type.MouseButtonDblClick


class _OneClick(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        return event.type() == _DOUBLE_CLICK and isinstance(watched, QAbstractButton)


_filter: _OneClick | None = None


def install(app: QApplication) -> None:
    """Install the filter on the application (once)."""
    global _filter
    if _filter is None:
        _filter = _OneClick(app)
        app.installEventFilter(_filter)
