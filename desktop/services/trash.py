"""Soft deletion: people and households go to the trash and can come back."""
from __future__ import annotations

from db import audit
from db.database import db, now
from db.models import Household, Person


def trash_person(person: Person, actor: str = "") -> None:
    with db.atomic():
        person.deleted_at = now()
        person.save()
        audit.record(actor, "delete", person)


def restore_person(person: Person, actor: str = "") -> None:
    with db.atomic():
        person.deleted_at = None
        person.save()
        audit.record(actor, "restore", person)


def trash_household(household: Household, actor: str = "") -> int:
    """Trash a household and its members who are not trashed yet; return how many people."""
    with db.atomic():
        stamp = now()
        household.deleted_at = stamp
        household.save()
        audit.record(actor, "delete", household)
        members = list(household.members.where(Person.deleted_at.is_null()))
        for p in members:
            p.deleted_at = stamp
            p.save()
            audit.record(actor, "delete", p, reason="household")
        return len(members)


def restore_household(household: Household, actor: str = "") -> int:
    """Bring back a household and the members trashed with it (same time stamp)."""
    with db.atomic():
        stamp = household.deleted_at
        household.deleted_at = None
        household.save()
        audit.record(actor, "restore", household)
        members = list(household.members.where(Person.deleted_at == stamp)) if stamp else []
        for p in members:
            p.deleted_at = None
            p.save()
            audit.record(actor, "restore", p, reason="household")
        return len(members)


def trashed_people() -> list[Person]:
    return list(Person.select().where(Person.deleted_at.is_null(False)).order_by(Person.deleted_at.desc()))
