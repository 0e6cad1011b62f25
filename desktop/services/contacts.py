"""The contact log: record a call, letter, visit or online talk in one step."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


# -- added for the Contact records page ----------------------------------------------------------------

@dataclass(frozen=True)
class ContactRow:
    """One contact-log entry with the person's name, for the log table (one joined query)."""
    id: int
    person_id: int
    name: str
    reading: str
    sort_key: str
    contacted_at: dt.datetime
    method: str
    outcome: str
    made_by: str
    note: str
    follow_up_on: dt.date | None


def entries(limit: int = 1000, person_id: int | None = None) -> list[ContactRow]:
    """The newest entries (optionally one person's), newest first."""
    q = (m.ContactLog.select(m.ContactLog, m.Person.family_name, m.Person.given_name, m.Person.family_reading,
                             m.Person.given_reading, m.Person.sort_key)
         .join(m.Person).where(m.Person.deleted_at.is_null()))
    if person_id is not None:
        q = q.where(m.ContactLog.person == person_id)
    q = q.order_by(m.ContactLog.contacted_at.desc(), m.ContactLog.id.desc()).limit(limit)
    out = []
    for c in q.objects():
        out.append(ContactRow(c.id, c.person_id, f"{c.family_name} {c.given_name}".strip(),
                              f"{c.family_reading} {c.given_reading}".strip(), c.sort_key or "",
                              c.contacted_at, c.method, c.outcome, c.made_by, c.note, c.follow_up_on))
    return out


def delete_contact(entry: m.ContactLog | int, actor: str = "") -> dict | None:
    """Take back an entry logged by a slip (the audit log keeps what it said).

    Returns the entry's every column (None if it was already gone), for restore_contact."""
    row = entry if isinstance(entry, m.ContactLog) else m.ContactLog.get_or_none(m.ContactLog.id == entry)
    if row is None:
        return None
    kept = dict(row.__data__)
    with db.atomic():
        audit.record(actor, "delete", row, old=f"{row.method}:{row.outcome}:{row.contacted_at}")
        row.delete_instance()
    return kept


def restore_contact(kept: dict, actor: str = "") -> m.ContactLog:
    """Put back an entry delete_contact removed, exactly as it was: same person, time, note,
    follow-up date, made_by, uuid and (when still free) id. The person_touch triggers then give
    the person their last contact back, and the follow-up list follows."""
    person_id = kept["person"]
    if not m.Person.select().where(m.Person.id == person_id).exists():
        raise ContactError("person")
    values = dict(kept)
    with db.atomic():
        if m.ContactLog.select().where(m.ContactLog.id == values.get("id")).exists():
            values.pop("id", None)  # the id went to a newer entry meanwhile
        if m.ContactLog.select().where(m.ContactLog.uuid == values.get("uuid")).exists():
            values.pop("uuid", None)
        # insert(), not create(): BaseModel.save would stamp a new updated_at on a row with an id.
        entry = m.ContactLog.get_by_id(m.ContactLog.insert(**values).execute())
        audit.record(actor, "restore", entry, new=f"{entry.method}:{entry.outcome}:{entry.contacted_at}")
    return entry


def at_time_of_day(day: dt.date) -> dt.datetime:
    """`day` at the current time of day: a log entry dated by the app's clock (tests set it)."""
    return dt.datetime.combine(day, now().time())
