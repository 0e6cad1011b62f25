"""How a date is shown on screen: 和暦 (令和8年11月28日) or 西暦 (2026年11月28日). Qt-free.

(Printing will need the same rules; if it does, move this to a Qt-free desktop module.)
"""
from __future__ import annotations

import datetime as dt

from desktop.i18n import _, language
from desktop.settings import DATE_SEIREKI, DATE_WAREKI

# (first day, kanji name, romaji name), newest first.
ERAS = (
    (dt.date(2019, 5, 1), "令和", "Reiwa"),
    (dt.date(1989, 1, 8), "平成", "Heisei"),
    (dt.date(1926, 12, 25), "昭和", "Showa"),
    (dt.date(1912, 7, 30), "大正", "Taisho"),
    (dt.date(1868, 10, 23), "明治", "Meiji"),
)
WEEKDAYS_JA = "月火水木金土日"


def era_year(day: dt.date) -> tuple[str, str, int] | None:
    for start, kanji, romaji in ERAS:
        if day >= start:
            return kanji, romaji, day.year - start.year + 1
    return None


def format_date(day: dt.date, style: str = DATE_WAREKI, *, weekday: bool = False) -> str:
    """令和8年11月28日（土） / 2026年11月28日（土）; in English 28 Nov 2026 or Reiwa 8 (2026)."""
    era = era_year(day) if style == DATE_WAREKI else None
    if language() == "en":
        text = day.strftime("%d %b %Y").lstrip("0")
        if era:
            text += f" (Reiwa {era[2]})" if era[1] == "Reiwa" else f" ({era[1]} {era[2]})"
        return (day.strftime("%a ") + text) if weekday else text
    if era:
        year = "元" if era[2] == 1 else str(era[2])
        text = f"{era[0]}{year}年{day.month}月{day.day}日"
    else:
        text = f"{day.year}年{day.month}月{day.day}日"
    return text + (f"（{WEEKDAYS_JA[day.weekday()]}）" if weekday else "")


def style_example(style: str) -> str:
    """The choice as shown in the settings page, with today's date as the example."""
    sample = dt.date(2026, 11, 28)
    name = _("Japanese era (和暦)") if style == DATE_WAREKI else _("Western years (西暦)")
    return f"{name}: {format_date(sample, style)}"


__all__ = ["format_date", "era_year", "style_example", "DATE_WAREKI", "DATE_SEIREKI"]
