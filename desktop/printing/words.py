"""Dates, ages, phone marks and lists on a print, in the print's language (Qt-free).

A Japanese print keeps its fixed vocabulary: 令和8年11月29日 or R8.11.29, (78歳), 固 / 携 and
lists joined with 「、」. An English print reads naturally to an English reader: 29 Nov 2026,
(78), Tel / Mob and commas. The language is desktop.i18n.language(), as for the header date
(furniture.format_date_both).
"""
from __future__ import annotations

import datetime as dt

from desktop import jdates
from desktop.i18n import N_, _, language

# The marks before a phone number, in the order to try them (landline first).
PHONE_MARKS = {"landline": N_("Tel"), "mobile": N_("Mob")}


def english() -> bool:
    return language() == "en"


def date_text(d: dt.date | None, style: str = "wareki") -> str:
    """A day on a print: 5 Apr 1948 in English; in Japanese as `style` says (jdates.format_date:
    wareki 昭和23年4月5日, wareki_short S23.4.5, seireki 1948年4月5日)."""
    if d is None:
        return ""
    return jdates.format_date_en(d) if english() else jdates.format_date(d, style)


def blank_date() -> str:
    """Room to write a date by hand: 「　　年　月　日」, or a line in English."""
    return "____________" if english() else "　　年　月　日"


def age_text(age: int) -> str:
    """An age under a birth date: (78歳), or (78) in English."""
    return f"({age})" if english() else f"({age}歳)"


def phone_mark(kind: str) -> str:
    """固 / 携 on a Japanese print, Tel / Mob on an English one."""
    return _(PHONE_MARKS[kind])


def phone(kind: str, number: str) -> str:
    """「固 03-5471-0000」 / "Tel 03-5471-0000"."""
    return f"{phone_mark(kind)} {number}"


def joined(parts) -> str:
    """Items of a list in one line: 「、」 between them in Japanese, a comma in English."""
    return (", " if english() else "、").join(parts)


# The scope the ledger and the command line store for a print of the whole association (data,
# the same in every language); shown as 「全体」 or "whole association".
WHOLE = "全体"


def scope_text(scope: str | None, heading: bool = False) -> str:
    """A print's scope as a reader sees it: the block's name, or the whole association
    ("Whole association" as a `heading` on its own)."""
    if scope and scope != WHOLE:
        return scope
    return _("Whole association") if heading else _("whole association")
