"""Dates in 西暦 and 和暦: parsing, formatting, eras and ages (Qt-free).

Re-exported by desktop.jtext, where callers import them from.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from desktop.i18n import _
from desktop.jbase import nfkc

# ---------------------------------------------------------------------------------------------
# 5. Dates: 西暦 and 和暦
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Era:
    """A Japanese era: name (昭和), letter (S) and first day (Gregorian)."""

    name: str
    letter: str
    start: _dt.date


# Start days are the days the era name took effect. 明治 is counted from 1868-10-23 (明治改元)
# in the Gregorian calendar; dates before Japan adopted it (1873) are rarely typed by users.
ERAS = (
    Era("令和", "R", _dt.date(2019, 5, 1)),
    Era("平成", "H", _dt.date(1989, 1, 8)),
    Era("昭和", "S", _dt.date(1926, 12, 25)),
    Era("大正", "T", _dt.date(1912, 7, 30)),
    Era("明治", "M", _dt.date(1868, 10, 23)),
)
_ERA_BY_TOKEN: dict[str, Era] = {}
for _era in ERAS:
    _ERA_BY_TOKEN[_era.name] = _era
    _ERA_BY_TOKEN[_era.name[0]] = _era
    _ERA_BY_TOKEN[_era.letter.lower()] = _era
del _era


class DateError(ValueError):
    """A date that could not be read; str() is a translated message, code a stable id."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


_DATE_SEP = r"\s*[./\-／年]\s*"
_ERA_RE = re.compile(
    r"^(?P<era>令和|平成|昭和|大正|明治|令|平|昭|大|明|[rhstmRHSTM])\s*\.?\s*"
    r"(?P<y>\d{1,2}|元)" + _DATE_SEP + r"(?P<m>\d{1,2})\s*(?:[./\-／月])\s*(?P<d>\d{1,2})\s*日?$"
)
_WEST_RE = re.compile(
    r"^(?P<y>\d{4})" + _DATE_SEP + r"(?P<m>\d{1,2})\s*(?:[./\-／月])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"  # Excel CSVs add " 0:00:00"
)
_COMPACT_RE = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_MONTH_DAY_RE = re.compile(r"^(?P<m>\d{1,2})\s*[/月]\s*(?P<d>\d{1,2})\s*日?$")


def _make_date(year: int, month: int, day: int, original: str) -> _dt.date:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise DateError("no_such_day", _("There is no such day: {text}").format(text=original)) from None


def parse_date(text: str | _dt.date | None, today: _dt.date | None = None, need_year: bool = False) -> _dt.date:
    """Read a date in 西暦 (1948/4/5, 1948年4月5日, 19480405) or 和暦 (S23.4.5, 昭和23年4月5日, 平成元年…); ValueError if not.

    "4/5" alone means this year's, unless need_year (a birth date must say its year)."""
    if isinstance(text, _dt.datetime):
        return text.date()
    if isinstance(text, _dt.date):
        return text
    original = (text or "").strip()
    s = nfkc(original).strip()
    if not s:
        raise DateError("empty", _("No date was given."))
    m = _ERA_RE.match(s)
    if m:
        era = _ERA_BY_TOKEN[m["era"].lower() if m["era"].isascii() else m["era"]]
        era_year = 1 if m["y"] == "元" else int(m["y"])
        if era_year < 1:
            raise DateError("bad_era_year", _("An era year starts at 1 (元年): {text}").format(text=original))
        date = _make_date(era.start.year + era_year - 1, int(m["m"]), int(m["d"]), original)
        return _check_era(date, era, original)
    m = _WEST_RE.match(s) or _COMPACT_RE.match(s)
    if m:
        return _make_date(int(m["y"]), int(m["m"]), int(m["d"]), original)
    m = _MONTH_DAY_RE.match(s)
    if m and need_year:
        raise DateError("no_year", _(
            "The year is missing from {text}. Write it like 1948/4/5 or 昭和23年4月5日 (S23.4.5).").format(text=original))
    if m:
        year = (today or _dt.date.today()).year
        return _make_date(year, int(m["m"]), int(m["d"]), original)
    if re.fullmatch(r"\d{1,2}" + _DATE_SEP + r"\d{1,2}\s*[./\-／月]\s*\d{1,2}\s*日?", s):
        raise DateError("two_digit_year", _(
            "The year is ambiguous: write it with four digits (1948/4/5) or with an era (S23.4.5)."))
    raise DateError("unreadable", _(
        "Could not read the date {text}. Write it like 1948/4/5, 1948年4月5日 or 昭和23年4月5日 (S23.4.5)."
    ).format(text=original))


def _check_era(date: _dt.date, era: Era, original: str) -> _dt.date:
    """Reject era dates outside the era, suggesting the right one (昭和64年1月8日 → 平成元年1月8日)."""
    i = ERAS.index(era)
    end = ERAS[i - 1].start if i > 0 else None
    if date < era.start or (end is not None and date >= end):
        right = format_date(date, "wareki")
        raise DateError("outside_era", _(
            "{text} is not a date of the {era} era; the same day is {right}."
        ).format(text=original, era=era.name, right=right))
    return date


def from_excel_serial(n: int | float | str) -> _dt.date:
    """Date of an Excel serial day number (1900 system, 1 = 1900-01-01, with Excel's fake 1900-02-29)."""
    try:
        value = int(float(nfkc(str(n)).strip()))
    except ValueError:
        raise DateError("not_a_serial", _("{text} is not an Excel date number.").format(text=n)) from None
    if value < 1 or value > 2958465:  # 9999-12-31
        raise DateError("not_a_serial", _("{text} is not an Excel date number.").format(text=n))
    if value == 60:
        raise DateError("no_such_day", _("There is no such day: {text}").format(text="1900-02-29"))
    # Excel wrongly treats 1900 as a leap year, so serials after day 59 are one too high.
    return _dt.date(1899, 12, 31) + _dt.timedelta(days=value if value < 60 else value - 1)


def era_of(d: _dt.date) -> Era | None:
    """The era a date falls in, or None before 明治."""
    for era in ERAS:
        if d >= era.start:
            return era
    return None


def era_year(d: _dt.date) -> tuple[str, int]:
    """(era name, year in era) of a date, e.g. (昭和, 23); ("", Gregorian year) before 明治."""
    era = era_of(d)
    if era is None:
        return ("", d.year)
    return (era.name, d.year - era.start.year + 1)


DATE_STYLES = ("wareki", "wareki_short", "seireki", "iso")


def format_date(d: _dt.date | None, style: str = "wareki") -> str:
    """Date as 昭和23年4月5日 (wareki, 元年 for year 1), S23.4.5 (wareki_short), 1948年4月5日 (seireki) or 1948-04-05 (iso)."""
    if d is None:
        return ""
    if style == "iso":
        return d.isoformat()
    if style == "seireki":
        return f"{d.year}年{d.month}月{d.day}日"
    era = era_of(d)
    if style not in ("wareki", "wareki_short"):
        raise ValueError(f"unknown date style {style!r}")
    if era is None:  # before 明治 there is no era we can compute; fall back to 西暦
        return f"{d.year}年{d.month}月{d.day}日" if style == "wareki" else d.isoformat()
    year = d.year - era.start.year + 1
    if style == "wareki_short":
        return f"{era.letter}{year}.{d.month}.{d.day}"
    return f"{era.name}{'元' if year == 1 else year}年{d.month}月{d.day}日"


# English names written out, not strftime's: those follow the process's locale (Qt sets it from
# the system), so a Japanese computer would print 11月 inside an English date.
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ERA_ROMAJI = {"令和": "Reiwa", "平成": "Heisei", "昭和": "Showa", "大正": "Taisho", "明治": "Meiji"}


def format_date_en(d: _dt.date, *, era: bool = False, weekday: bool = False) -> str:
    """28 Nov 2026, with era "28 Nov 2026 (Reiwa 8)", with weekday "Sat 28 Nov 2026"."""
    text = f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    name, year = era_year(d)
    if era and name:
        text += f" ({ERA_ROMAJI.get(name, name)} {year})"
    return f"{WEEKDAYS_EN[d.weekday()]} {text}" if weekday else text


def age_on(birth: _dt.date, today: _dt.date | None = None) -> int:
    """Age in full years on a day, by 年齢計算ニ関スル法律 (see the comment); ValueError if today < birth."""
    # The law counts the birth day itself, and 民法143条 ends each year at the end of the day
    # before the anniversary: so the age has risen on the birthday itself. For someone born on
    # 29 February, the year ends in a common year at the end of 28 February (the month has no
    # 29th), so they are one year older from 1 March.
    today = today or _dt.date.today()
    if today < birth:
        raise ValueError("birth date is after the day of the age")
    try:
        anniversary = birth.replace(year=today.year)
    except ValueError:  # 29 Feb in a common year
        anniversary = _dt.date(today.year, 3, 1)
    return today.year - birth.year - (1 if today < anniversary else 0)
