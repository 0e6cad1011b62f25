"""What the home page shows: the association's name and counts, the next salon sessions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from db import models as m


def overview() -> dict:
    """Name and counts of the open file."""
    association = m.Association.select().first()
    return {
        "name": association.name if association else "",
        "people": m.Person.select().where(m.Person.deleted_at.is_null() & m.Person.status.in_(m.ACTIVE_STATUSES)).count(),
        "households": m.Household.select().where(m.Household.deleted_at.is_null()).count(),
        # households someone active lives in with no 班: the prints list them in a last section
        "no_block_households": m.Household.select().where(
            m.Household.deleted_at.is_null() & m.Household.block.is_null()
            & pw.fn.EXISTS(m.Person.select(m.Person.id).where(
                (m.Person.household == m.Household.id) & m.Person.deleted_at.is_null()
                & m.Person.status.in_(m.ACTIVE_STATUSES)))).count(),
        # the register page's and the prints' rule: not the deceased or moved
        "support_records": m.SupportRecord.select().join(m.Person).where(
            m.SupportRecord.deleted_at.is_null() & m.Person.deleted_at.is_null()
            & m.Person.status.in_(m.ACTIVE_STATUSES)).count(),
    }


@dataclass(frozen=True)
class UpcomingSession:
    date: dt.date
    start_time: str
    salon: str
    venue: str
    mode: str
    theme: str


def upcoming_sessions(today: dt.date, limit: int = 3) -> list[UpcomingSession]:
    query = (m.SalonSession.select(m.SalonSession, m.Salon).join(m.Salon)
             .where((m.SalonSession.date >= today) & (m.SalonSession.cancelled == False) & (m.Salon.active == True))  # noqa: E712
             .order_by(m.SalonSession.date, m.SalonSession.start_time).limit(limit))
    return [UpcomingSession(s.date, s.start_time, s.salon.name, s.salon.venue, s.mode, s.theme) for s in query]
