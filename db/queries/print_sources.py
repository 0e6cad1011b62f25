"""Which records print, in what order: plain rows for desktop/printing (one joined query each).

Skips the trash (deleted_at set) and people who moved out or died. (First cut by the printing
engineer; the owner of db/queries may extend it.)
"""
from __future__ import annotations

import json

from peewee import JOIN

from db.models import ACTIVE_STATUSES, Association, Block, Household, Person
from desktop.printing.rows import AddressRow, NameEntry, Sender


def label_rows(per: str = "household", block_name: str | None = None, sort: str = "postal", *,
               block_id: int | None = None) -> list[AddressRow]:
    """Address rows for labels, postcards and envelopes, of one block (block_id, or every block
    called block_name) or of the whole association.

    per="household": one row per household, the head first (then household order);
    per="person": one row per person. sort: postal | block | reading (Person.sort_key).
    """
    query = (
        Person.select(Person, Household, Block)
        .join(Household)
        .join(Block, join_type=JOIN.LEFT_OUTER, on=(Household.block == Block.id))
        .where(
            Person.deleted_at.is_null(),
            Household.deleted_at.is_null(),
            Person.status.in_(ACTIVE_STATUSES),
        )
        .order_by(Household.id, Person.is_head.desc(), Person.household_order, Person.sort_key)
    )
    if block_id is not None:
        query = query.where(Household.block == block_id)
    elif block_name:
        query = query.where(Block.name == block_name)
    rows: list[AddressRow] = []
    current = None
    names: list[NameEntry] = []
    for person in query:
        hh = person.household
        entry = NameEntry(
            family=person.family_name,
            given=person.given_name,
            family_reading=person.family_reading,
            given_reading=person.given_reading,
            is_head=person.is_head,
            key=person.uuid,
        )
        if per == "person":
            rows.append(_row(hh, (entry,), person.sort_key))
            continue
        if current is None or current[0].id != hh.id:
            if current:
                rows.append(_row(current[0], tuple(names), current[1]))
            current, names = (hh, person.sort_key), []
        names.append(entry)
    if current and per != "person":
        rows.append(_row(current[0], tuple(names), current[1]))
    return _sorted(rows, sort)


def _row(hh: Household, names: tuple[NameEntry, ...], reading: str) -> AddressRow:
    block = hh.block if hh.block_id else None  # already joined: no extra query
    return AddressRow(
        postal_code=hh.postal_code or "",
        address1=hh.address1 or "",
        address2=hh.address2 or "",
        address3=hh.address3 or "",
        names=names,
        block=block.name if block else "",
        block_order=block.position if block else 1 << 30,
        reading=reading or "",
        key=hh.uuid,
    )


def _sorted(rows: list[AddressRow], sort: str) -> list[AddressRow]:
    from desktop.printing.labels import sort_rows

    return sort_rows(rows, sort or "postal")


def sender() -> Sender:
    """The association as 差出人: its address and name, and the leader if one is set."""
    a = Association.select().first()
    if a is None:
        return Sender()
    try:
        extra = json.loads(a.print_defaults or "{}").get("sender", {})
    except ValueError:
        extra = {}
    names = [a.name] + ([f"会長 {a.leader_name}"] if a.leader_name else [])
    return Sender(
        postal_code=a.postal_code or "",
        address1=extra.get("address1", a.address or ""),
        address2=extra.get("address2", ""),
        address3=extra.get("address3", ""),
        names=tuple(extra.get("names", names)),
    )
