"""The roster: one joined query into compact rows, and the search/filter over them.

Search runs in memory over rows loaded once: 50,000 folded strings are checked in a few
milliseconds, which is faster than a LIKE scan through encrypted pages and keeps the
keystroke path free of I/O.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from db import models as m
from desktop import jtext


@dataclass(slots=True, frozen=True)
class RosterRow:
    id: int
    uuid: str
    household_id: int | None
    family_name: str
    given_name: str
    family_reading: str
    given_reading: str
    block_id: int | None
    block_name: str
    block_position: int
    postal_code: str
    address: str
    landline: str
    mobile: str
    birth_date: dt.date | None
    status: str
    roles: tuple[str, ...]
    is_head: bool
    relation: str
    on_register: bool
    in_salon: bool
    sort_key: str
    search_text: str
    index_label: str = field(default="他")

    @property
    def name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def reading(self) -> str:
        return f"{self.family_reading} {self.given_reading}".strip()

    def age(self, today: dt.date) -> int | None:
        return jtext.age_on(self.birth_date, today) if self.birth_date else None


@dataclass(slots=True)
class RosterFilter:
    text: str = ""
    block_id: int | None = None
    statuses: tuple[str, ...] = m.ACTIVE_STATUSES
    role: str | None = None
    support_only: bool = False


def load_rows(include_trashed: bool = False) -> list[RosterRow]:
    """Every person with household and block, in 五十音 order, by one query."""
    on_register = pw.fn.EXISTS(
        m.SupportRecord.select(m.SupportRecord.id).where(
            (m.SupportRecord.person == m.Person.id) & m.SupportRecord.deleted_at.is_null()
        )
    )
    in_salon = pw.fn.EXISTS(m.SalonMember.select(m.SalonMember.id).where(m.SalonMember.person == m.Person.id))
    query = (
        m.Person.select(
            m.Person.id, m.Person.uuid, m.Person.household, m.Person.family_name, m.Person.given_name,
            m.Person.family_reading, m.Person.given_reading, m.Block.id.alias("block_id"),
            m.Block.name.alias("block_name"), m.Block.position.alias("block_position"),
            m.Household.postal_code, m.Household.address1, m.Household.address2, m.Household.address3,
            m.Household.landline, m.Person.mobile, m.Person.birth_date, m.Person.status, m.Person.roles,
            m.Person.is_head, m.Person.relation, on_register.alias("on_register"), in_salon.alias("in_salon"),
            m.Person.sort_key, m.Person.search_text,
        )
        .join(m.Household, pw.JOIN.LEFT_OUTER, on=(m.Person.household == m.Household.id))
        .join(m.Block, pw.JOIN.LEFT_OUTER, on=(m.Household.block == m.Block.id))
        .order_by(m.Person.sort_key, m.Person.id)
    )
    if not include_trashed:
        query = query.where(m.Person.deleted_at.is_null())
    rows = []
    for r in query.tuples().iterator():
        (pid, uuid, hid, fam, given, fr, gr, bid, bname, bpos, postal, a1, a2, a3, land, mobile, birth,
         status, roles, head, relation, reg, salon, skey, stext) = r
        if isinstance(birth, str):
            birth = dt.date.fromisoformat(birth) if birth else None
        rows.append(RosterRow(
            id=pid, uuid=uuid, household_id=hid, family_name=fam, given_name=given, family_reading=fr,
            given_reading=gr, block_id=bid, block_name=bname or "", block_position=bpos if bpos is not None else 1 << 30,
            postal_code=postal or "", address=f"{a1 or ''}{a2 or ''}{(' ' + a3) if a3 else ''}",
            landline=land or "", mobile=mobile or "", birth_date=birth, status=status,
            roles=tuple(roles or ()), is_head=bool(head), relation=relation or "",
            on_register=bool(reg), in_salon=bool(salon), sort_key=skey, search_text=stext,
            index_label=jtext.index_label(f"{fr} {gr}"),
        ))
    return rows


def filter_rows(rows: list[RosterRow], flt: RosterFilter) -> list[RosterRow]:
    """Rows that match every term of the search text and every filter, order kept."""
    terms = jtext.query_terms(flt.text)
    statuses = set(flt.statuses) if flt.statuses else None
    out = []
    for row in rows:
        if statuses is not None and row.status not in statuses:
            continue
        if flt.block_id is not None and row.block_id != flt.block_id:
            continue
        if flt.support_only and not row.on_register:
            continue
        if flt.role and flt.role not in row.roles:
            continue
        if terms:
            text = row.search_text
            if not all(t in text for t in terms):
                continue
        out.append(row)
    return out


def search(text: str, *, statuses: tuple[str, ...] = m.ACTIVE_STATUSES) -> list[RosterRow]:
    """The roster search as the page runs it (used by `tsunagari find`)."""
    return filter_rows(load_rows(), RosterFilter(text=text, statuses=statuses))


def blocks() -> list[m.Block]:
    return list(m.Block.select().order_by(m.Block.position, m.Block.id))
