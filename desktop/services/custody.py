"""The custody ledger (管理台帳) of prints with personal data.

domain.md §1.6: recipients of the register keep a 管理台帳 and note every copy, keeping
copies to the minimum (恵庭市 覚書 §6–8); the old list is destroyed when a new one arrives
(大山町 規則 §4–5). So every print of personal data records who received how many copies and
a destroy-by date; copies come back (returned) or are destroyed, and the entry closes when
every copy is accounted for. Writes are audited.
"""
from __future__ import annotations

import datetime as dt

from db import audit
from db import models as m
from db.database import db, now
from db.queries.print_lists import custody_rows
from desktop.i18n import N_, _
from desktop.printing.list_rows import CustodyRow

# Disaster-mode prints hold people who never consented: they must come back soon after the
# emergency. Normal lists are replaced by the yearly update of the register.
DESTROY_AFTER_DAYS = {"disaster": 30, "normal": 365}
# Who takes a print of the whole association when nobody is named: 会長 (in English "Association
# leader"; the ledger keeps the words the person saw).
DEFAULT_RECIPIENT = N_("Association leader")


class CustodyError(ValueError):
    """More copies returned or destroyed than were printed; args[0] is a short code."""


def default_destroy_by(mode: str = "normal", today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today + dt.timedelta(days=DESTROY_AFTER_DAYS.get(mode, DESTROY_AFTER_DAYS["normal"]))


def default_recipient(block_name: str | None) -> str:
    """The block's name when a block was printed (its 班長 takes it), else 会長."""
    return block_name or _(DEFAULT_RECIPIENT)


def record_print(kind: str, title: str, scope: str, recipient: str = "", copies: int = 1,
                 destroy_by: dt.date | None = None, *, mode: str = "normal", note: str = "", actor: str = "",
                 today: dt.date | None = None) -> m.PrintCustody:
    """One ledger line for a print job; call it in the same transaction as the print."""
    if copies < 1:
        raise CustodyError("copies")
    with db.atomic():
        entry = m.PrintCustody.create(
            kind=kind, title=title, scope=scope, recipient=(recipient or _(DEFAULT_RECIPIENT)).strip(), copies=copies,
            destroy_by=destroy_by or default_destroy_by(mode, today), note=note,
        )
        audit.record(actor, "print", entry, field=kind, new=f"{copies}部 → {entry.recipient}", reason=note)
    return entry


def _entry(entry: m.PrintCustody | int) -> m.PrintCustody:
    return m.PrintCustody.get_by_id(entry if isinstance(entry, int) else entry.id)


def _account(entry: m.PrintCustody | int, field: str, n: int, actor: str) -> m.PrintCustody:
    with db.atomic():
        e = _entry(entry)
        if n < 1 or e.returned + e.destroyed + n > e.copies:
            raise CustodyError("too_many")
        old = getattr(e, field)
        setattr(e, field, old + n)
        if e.returned + e.destroyed >= e.copies:
            e.closed_at = now()
        e.save()
        audit.record(actor, "update", e, field=field, old=old, new=old + n)
    return e


def mark_returned(entry: m.PrintCustody | int, n: int = 1, actor: str = "") -> m.PrintCustody:
    return _account(entry, "returned", n, actor)


def mark_destroyed(entry: m.PrintCustody | int, n: int = 1, actor: str = "") -> m.PrintCustody:
    return _account(entry, "destroyed", n, actor)


def open_entries() -> list[CustodyRow]:
    """What is still out there, newest first (CustodyRow.overdue(today) flags late ones)."""
    return custody_rows(open_only=True)


def all_entries() -> list[CustodyRow]:
    return custody_rows()
