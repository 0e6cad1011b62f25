"""Python dates ⇄ Qt dates, and the date field with a calendar pop-up that dialogs share."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit

from desktop.i18n import language
from desktop.settings import DATE_WAREKI
from ui.dates import era_year


def to_qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def display_format(day: dt.date, style: str) -> str:
    """The QDateEdit format that shows `day` as the app's date setting does (ui/dates.py).

    Qt has no Japanese calendar, so for 和暦 the era and its year are a literal that
    StyledDateEdit rewrites whenever the date changes; month and day stay editable. English
    reads as the English screens do, "Sun 29 Nov 2026 (Reiwa 8)" (the field's locale is
    English then, so Qt's day and month names are English on a Japanese computer too)."""
    era = era_year(day) if style == DATE_WAREKI else None
    if language() == "en":
        return "ddd d MMM yyyy" + (f" '({era[1]} {era[2]})'" if era else "")
    if era:
        return f"'{era[0]}{'元' if era[2] == 1 else era[2]}年'M月d日"
    return "yyyy年M月d日"


class StyledDateEdit(QDateEdit):
    """A date field with a calendar to pick from (no typing needed), in 和暦 or 西暦."""

    def __init__(self, day: dt.date, style: str = DATE_WAREKI, parent=None):
        super().__init__(to_qdate(day), parent)
        self.style_ = style
        if language() == "en":
            # Qt names days and months in the field's locale (the computer's, often Japanese)
            self.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        self.setCalendarPopup(True)
        self.dateChanged.connect(self._follow_era)
        self._follow_era()

    def _follow_era(self, *_args) -> None:
        day = self.date()
        fmt = display_format(from_qdate(day), self.style_)
        if fmt != self.displayFormat():
            self.setDisplayFormat(fmt)
            self.setDate(day)


def date_edit(d: dt.date, style: str = DATE_WAREKI) -> StyledDateEdit:
    """A date field showing 令和8年11月28日 (or 2026年11月28日), with a calendar to pick from."""
    return StyledDateEdit(d, style)


__all__ = ["to_qdate", "from_qdate", "date_edit", "display_format", "StyledDateEdit"]
