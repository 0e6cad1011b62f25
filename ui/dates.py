"""How a date is shown on screen: 和暦 (令和8年11月28日) or 西暦 (2026年11月28日). Qt-free.

The era rules are desktop/jdates.py's (via jtext); this adds the weekday and English text.
"""
from __future__ import annotations

import datetime as dt

from desktop import jtext
from desktop.i18n import _, language
from desktop.settings import DATE_SEIREKI, DATE_WAREKI

WEEKDAYS_JA = "月火水木金土日"
# Era names for English text; the eras themselves (first days) are desktop/jdates.py's.
ROMAJI = jtext.ERA_ROMAJI


def era_year(day: dt.date) -> tuple[str, str, int] | None:
    """(kanji, romaji, year in era), or None before 明治."""
    name, year = jtext.era_year(day)
    return (name, ROMAJI.get(name, name), year) if name else None


def format_date(day: dt.date, style: str = DATE_WAREKI, *, weekday: bool = False) -> str:
    """令和8年11月28日（土） / 2026年11月28日（土）; in English 28 Nov 2026 (Reiwa 8) or 28 Nov 2026.
    English month and weekday names are written out (jdates), whatever the computer's locale."""
    if language() == "en":
        return jtext.format_date_en(day, era=style == DATE_WAREKI, weekday=weekday)
    text = jtext.format_date(day, "wareki" if style == DATE_WAREKI else "seireki")
    return text + (f"（{WEEKDAYS_JA[day.weekday()]}）" if weekday else "")


def format_month(year: int, month: int, style: str = DATE_WAREKI) -> str:
    """令和8年11月 / 2026年11月 as the date setting says; Nov 2026 in English."""
    first = dt.date(year, month, 1)
    if language() == "en":
        return f"{jtext.MONTHS_EN[month - 1]} {year}"  # not strftime: the locale could be Japanese
    text = format_date(first, style)
    return text[: text.index("月") + 1]


def style_example(style: str) -> str:
    """The choice as shown in the settings page, with today's date as the example."""
    sample = dt.date(2026, 11, 28)
    name = _("Japanese era (和暦)") if style == DATE_WAREKI else _("Western years (西暦)")
    return f"{name}: {format_date(sample, style)}"


__all__ = ["format_date", "format_month", "era_year", "style_example", "DATE_WAREKI", "DATE_SEIREKI"]
