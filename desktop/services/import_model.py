"""What the import steps hand each other: a row read from the file (PersonIn), a problem
found in it, a possible duplicate. Kept apart so the steps (importer, import_households,
import_register) can share them without importing each other."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from db import models as m

# Problem codes → what is wrong and what the import does about it.
ERROR, FIXED, NOTE = "error", "fixed", "note"


@dataclass
class Problem:
    row: int  # line or row number in the file (1-based)
    column: str  # header text
    value: str
    code: str
    severity: str  # error (row cannot be imported as is), fixed (we corrected it), note
    message: str = ""
    # The sheet the row is on when it is not the roster's (the 要支援者 sheet numbers its rows
    # apart: its row 3 is not the roster's row 3); "" for the roster sheet.
    sheet: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "code": self.code,
                "severity": self.severity, "message": self.message, "sheet": self.sheet}


@dataclass(slots=True)
class PersonIn:
    row: int
    family_name: str = ""
    given_name: str = ""
    family_reading: str = ""
    given_reading: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    mobile: str = ""
    email: str = ""
    relation: str = ""
    notes: str = ""
    status: str = m.STATUS_MEMBER
    status_given: bool = False  # the file said a status (a merge never takes the default 会員 as news)
    is_head: bool = False
    head_in_file: bool = False  # the file says so (続柄 世帯主/本人, a head mark or role), not chosen for it
    roles: tuple[str, ...] = ()  # codes of m.ROLES other than head (班長, 役員…), from the 役割 column
    # household-level values as read on this row
    postal_code: str = ""
    address1: str = ""
    address2: str = ""
    address3: str = ""
    landline: str = ""
    block: str = ""
    household_key: str = ""
    follows: int = 0  # row of the person above whose household this row joins (〃, or 妻/長男… with no address)
    ditto: tuple[str, ...] = ()  # fields written as 〃 / 同上, copied from the row above
    error_fields: tuple[str, ...] = ()  # fields with an error, so a 〃 below does not copy it as good
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    @property
    def name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()


@dataclass
class Duplicate:
    row: int
    other: str  # "db:<person id>" or "row:<n>"
    name: str
    reason: str  # "reading_birth" or "name_address"
