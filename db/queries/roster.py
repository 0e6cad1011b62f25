"""The roster: one joined query into compact rows, and the search/filter over them.

Search runs in memory over rows loaded once: 50,000 folded strings are checked in a few
milliseconds, which is faster than a LIKE scan through encrypted pages and keeps the
keystroke path free of I/O.
"""
from __future__ import annotations

import bisect
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


NO_BLOCK_ID = 0  # RosterFilter.block_id for people whose household is in no 班 (ids start at 1)


@dataclass(slots=True)
class RosterFilter:
    text: str = ""
    block_id: int | None = None  # None: every block; NO_BLOCK_ID: no block
    statuses: tuple[str, ...] = m.ACTIVE_STATUSES
    role: str | None = None
    support_only: bool = False


def _rows_query():
    on_register = pw.fn.EXISTS(
        m.SupportRecord.select(m.SupportRecord.id).where(
            (m.SupportRecord.person == m.Person.id) & m.SupportRecord.deleted_at.is_null()
        )
    )
    in_salon = pw.fn.EXISTS(m.SalonMember.select(m.SalonMember.id).where(m.SalonMember.person == m.Person.id))
    return (
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


def _build_rows(query) -> list[RosterRow]:
    # The raw cursor, not .tuples(): peewee's per-field conversion was half the time of
    # reading 50,000 rows. Dates arrive as ISO text, roles as "a,b", booleans as 0/1.
    # Repeated short values (block names, statuses, role lists) are shared, not copied
    # per row, which keeps a large roster's memory down.
    rows = []
    shared: dict = {}
    share = shared.setdefault
    from_iso = dt.date.fromisoformat
    cursor = query.model._meta.database.execute_sql(*query.sql())
    for r in cursor:
        (pid, uuid, hid, fam, given, fr, gr, bid, bname, bpos, postal, a1, a2, a3, land, mobile, birth,
         status, roles, head, relation, reg, salon, skey, stext) = r
        if isinstance(birth, str):
            birth = from_iso(birth[:10]) if birth else None
        if isinstance(roles, str) or roles is None:
            roles = share(("roles", roles or ""), tuple(v for v in (roles or "").split(",") if v))
        else:
            roles = tuple(roles)
        rows.append(RosterRow(
            id=pid, uuid=uuid, household_id=hid, family_name=fam, given_name=given, family_reading=fr,
            given_reading=gr, block_id=bid, block_name=share(bname or "", bname or ""),
            block_position=bpos if bpos is not None else 1 << 30,
            postal_code=share(postal or "", postal or ""), address=f"{a1 or ''}{a2 or ''}{(' ' + a3) if a3 else ''}",
            landline=land or "", mobile=mobile or "", birth_date=birth, status=share(status, status),
            roles=roles, is_head=bool(head), relation=share(relation or "", relation or ""),
            on_register=bool(reg), in_salon=bool(salon), sort_key=skey, search_text=stext,
            index_label=_index_of_key(skey),
        ))
    return rows


_INDEX_STARTS = jtext.INDEX_LABELS[:-1]


def _index_of_key(key: str) -> str:
    """あかさたな tab from a stored sort key's first character (same rule as jtext.index_label,
    without computing the key again); a person without a family reading sorts last, under 他."""
    first = key[:1]
    if not ("ぁ" <= first <= "ん"):
        return "他"
    return _INDEX_STARTS[bisect.bisect_right(_INDEX_STARTS, first) - 1]


def load_rows(include_trashed: bool = False) -> list[RosterRow]:
    """Every person with household and block, in 五十音 order, by one query."""
    query = _rows_query()
    if not include_trashed:
        query = query.where(m.Person.deleted_at.is_null())
    return _build_rows(query)


def load_rows_of(person_ids) -> list[RosterRow]:
    """The rows of some people (not trashed), by one query: to refresh after an edit."""
    ids = list(person_ids)
    out: list[RosterRow] = []
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 500]
        out.extend(_build_rows(_rows_query().where(m.Person.id.in_(chunk) & m.Person.deleted_at.is_null())))
    return out


def merge_rows(rows: list[RosterRow], person_ids) -> list[RosterRow]:
    """A new list: `rows` with these people read again (dropped if trashed), order kept."""
    ids = set(person_ids)
    kept = [r for r in rows if r.id not in ids]
    for row in load_rows_of(ids):
        bisect.insort(kept, row, key=lambda x: (x.sort_key, x.id))
    return kept


def filter_rows(rows: list[RosterRow], flt: RosterFilter) -> list[RosterRow]:
    """Rows that match every term of the search text and every filter, order kept."""
    terms = jtext.query_terms(flt.text)
    statuses = set(flt.statuses) if flt.statuses else None
    out = []
    for row in rows:
        if statuses is not None and row.status not in statuses:
            continue
        if flt.block_id is not None and row.block_id != (flt.block_id or None):
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


def households_in_no_block(rows: list[RosterRow]) -> int:
    """Households with somebody active in them and no 班 (the prints put them in a last section)."""
    return len({r.household_id for r in rows
                if r.block_id is None and r.household_id is not None and r.status in m.ACTIVE_STATUSES})


@dataclass(slots=True, frozen=True)
class BlockLeader:
    """The person set as a block's 班長 (Block.leader).

    A 班長 who died, moved out (転出) or was put in the trash stays in the setting, so that
    undoing the status or restoring them from the trash brings them back as the leader; but
    they lead nobody now: no print names them as 班長, no screen shows them as the leader, and
    they do not start a new call tree. `current` says which case this is."""
    block_id: int
    person_id: int
    name: str
    status: str
    trashed: bool

    @property
    def current(self) -> bool:
        return not self.trashed and self.status in m.ACTIVE_STATUSES


def block_leaders(block_id: int | None = None) -> dict[int, BlockLeader]:
    """block id -> its BlockLeader, for blocks with a leader set (one joined query); only
    `block_id`'s when given."""
    B, P = m.Block, m.Person
    q = (B.select(B.id, P.id, P.family_name, P.given_name, P.status, P.deleted_at)
         .join(P, on=(B.leader == P.id)))
    if block_id is not None:
        q = q.where(B.id == block_id)
    return {bid: BlockLeader(bid, pid, f"{fam} {giv}".strip(), status, deleted is not None)
            for bid, pid, fam, giv, status, deleted in q.tuples()}


def current_leader_id(block: m.Block | None) -> int | None:
    """The block's 班長 if they still lead it (not dead, moved out or in the trash), else None."""
    if block is None or block.leader_id is None:
        return None
    leader = block_leaders(block.id).get(block.id)
    return leader.person_id if leader is not None and leader.current else None


# -- in-memory index for search-as-you-type -------------------------------------------------

def _household_groups(rows: list[RosterRow]) -> list[list[int]]:
    """Row positions grouped by household: households in the 五十音 order of their head
    (or first member), the head first, then the others in reading order."""
    groups: dict[object, list[int]] = {}
    for i, r in enumerate(rows):  # rows are in sort_key order already
        key = r.household_id if r.household_id is not None else ("p", r.id)
        groups.setdefault(key, []).append(i)
    out = []
    for members in groups.values():
        heads = [i for i in members if rows[i].is_head]
        if heads:
            members = heads[:1] + [i for i in members if i != heads[0]]
        out.append(members)
    out.sort(key=lambda g: (rows[g[0]].sort_key, rows[g[0]].id))
    return out


class RosterIndex:
    """The roster rows with what search-as-you-type needs, so a keystroke does no I/O.

    `filter()` returns positions into `rows`. Filters other than the text (status, block,
    role, 要支援) change rarely, so the rows passing them are kept; a longer query only
    narrows an earlier result (やま → やまだ looks at the やま hits, not at 50,000 rows) and
    recent results are kept so a backspace is a dictionary look-up.
    """

    CACHE = 24

    def __init__(self, rows: list[RosterRow]):
        self.rows = rows
        self.texts = [r.search_text for r in rows]
        self._groups: list[list[int]] | None = None
        self._group_of: list[int] = []
        self._base_key: tuple | None = None
        self._base: list[int] = []
        self._base_set: set[int] | None = None
        self._cache: dict[tuple[str, ...], list[int]] = {}
        self._household_cache: dict[tuple[str, ...], list[int]] = {}

    def _household_groups(self) -> list[list[int]]:
        """Positions grouped by household (computed on first use of the household view)."""
        if self._groups is None:
            self._groups = _household_groups(self.rows)
            self._group_of = [0] * len(self.rows)
            for g, members in enumerate(self._groups):
                for i in members:
                    self._group_of[i] = g
        return self._groups

    def _base_for(self, flt: RosterFilter) -> list[int]:
        key = (tuple(flt.statuses or ()), flt.block_id, flt.role, flt.support_only)
        if key != self._base_key:
            statuses = set(flt.statuses) if flt.statuses else None
            self._base = [
                i for i, r in enumerate(self.rows)
                if (statuses is None or r.status in statuses)
                and (flt.block_id is None or r.block_id == (flt.block_id or None))
                and (not flt.support_only or r.on_register)
                and (not flt.role or flt.role in r.roles)
            ]
            self._base_key = key
            self._base_set = None
            self._cache = {}
            self._household_cache = {}
        return self._base

    def filter(self, flt: RosterFilter) -> list[int]:
        """Positions (in 五十音 order) of the rows matching the filter and every search term."""
        base = self._base_for(flt)
        terms = tuple(jtext.query_terms(flt.text))
        if not terms:
            return base
        hit = self._cache.get(terms)
        if hit is not None:
            return hit
        candidates = base
        for done, found in self._cache.items():
            # Rows matching `terms` are a subset of rows matching `done` when each earlier
            # term is part of some new term; start from the smallest such earlier result.
            if len(found) < len(candidates) and all(any(d in t for t in terms) for d in done):
                candidates = found
        texts = self.texts
        for term in terms:
            candidates = [i for i in candidates if term in texts[i]]
        self._remember(self._cache, terms, candidates)
        return candidates

    def by_household(self, positions: list[int], flt: RosterFilter) -> list[int]:
        """The households of the matching rows with all their members that pass the
        non-text filters, grouped (so finding 花子 shows her whole household)."""
        groups = self._household_groups()
        self._base_for(flt)
        if self._base_set is None:
            self._base_set = set(self._base)
        key = tuple(jtext.query_terms(flt.text))
        hit = self._household_cache.get(key)
        if hit is not None:
            return hit
        base, group_of = self._base_set, self._group_of
        wanted = sorted({group_of[i] for i in positions})
        found = [i for g in wanted for i in groups[g] if i in base]
        self._remember(self._household_cache, key, found)
        return found

    def _remember(self, cache: dict, key, value) -> None:
        if len(cache) >= self.CACHE:
            cache.pop(next(iter(cache)))
        cache[key] = value


def member_ids(household_id: int) -> set[int]:
    """Ids of the people of a household (trashed ones included: undo may bring them back)."""
    return {pid for (pid,) in m.Person.select(m.Person.id).where(m.Person.household == household_id).tuples()}


def person(person_id: int) -> m.Person | None:
    return m.Person.get_or_none(m.Person.id == person_id)


def household(household_id: int) -> m.Household | None:
    return m.Household.get_or_none(m.Household.id == household_id)


def data_version() -> tuple:
    """Changes whenever anything the roster shows may have changed (every service writes the
    audit log), cheaply: the page reads the rows again only when this differs."""
    return (
        m.AuditLog.select(pw.fn.MAX(m.AuditLog.id)).scalar(),
        m.Person.select().count(),
        m.SupportRecord.select().count(),
        m.SalonMember.select().count(),
    )
