"""Python dates ⇄ Qt dates, and the date field with a calendar pop-up that dialogs share."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


def to_qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def date_edit(d: dt.date) -> QDateEdit:
    """A date field showing 2026/11/28, with a calendar to pick from (no typing needed)."""
    edit = QDateEdit(to_qdate(d))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy/MM/dd")
    return edit
