"""The contact log: record a call, letter, visit or online talk in one step."""
from __future__ import annotations

import datetime as dt

from db import audit
from db import models as m
from db.database import db, now


class ContactError(ValueError):
    pass


def log_contact(person: m.Person | int, method: str = "phone", outcome: str = "talked", *, made_by: str = "",
                note: str = "", follow_up_on: dt.date | None = None, when: dt.datetime | None = None,
                actor: str = "") -> m.ContactLog:
    if method not in m.CONTACT_METHODS:
        raise ContactError(f"method {method}")
    if outcome not in m.CONTACT_OUTCOMES:
        raise ContactError(f"outcome {outcome}")
    with db.atomic():
        entry = m.ContactLog.create(person=person, method=method, outcome=outcome, made_by=made_by or actor,
                                    note=note, follow_up_on=follow_up_on, contacted_at=when or now())
        audit.record(actor, "create", entry, new=f"{method}:{outcome}")
        return entry


# The two-click shortcuts offered wherever a person is shown.
QUICK_ACTIONS = {
    "called": ("phone", "talked"),
    "no_answer": ("phone", "no_answer"),
    "letter_sent": ("letter", "letter_sent"),
    "visited": ("visit", "talked"),
}


def quick_log(person: m.Person | int, action: str, *, actor: str = "", when: dt.datetime | None = None) -> m.ContactLog:
    method, outcome = QUICK_ACTIONS[action]
    return log_contact(person, method, outcome, made_by=actor, when=when, actor=actor)


def history(person: m.Person | int, limit: int = 50) -> list[m.ContactLog]:
    return list(m.ContactLog.select().where(m.ContactLog.person == person)
                .order_by(m.ContactLog.contacted_at.desc()).limit(limit))
