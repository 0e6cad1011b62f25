"""Import, the rows together: what a row says about the rows above it (〃, a family row
with no address), households from number / address + landline, possible duplicates
against the database and inside the file, and new family members of a household already
in the roster (household_joins)."""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import dataclass

from peewee import JOIN, fn

from db import models as m
from desktop import jtext
from desktop.i18n import _
from desktop.services.import_model import ERROR, NOTE, Duplicate, PersonIn, Problem

# Family relations: a row with one of these and no address belongs to the household above it.
_FAMILY_RELATIONS = frozenset((
    "妻", "夫", "子", "長男", "次男", "三男", "長女", "次女", "三女", "母", "父", "義母", "義父", "祖母", "祖父",
    "孫", "嫁", "婿", "兄", "弟", "姉", "妹", "配偶者", "同居人", "家族", "その他親族"))

_DITTO_ATTRS = {"address": ("address1", "address2"), "household": ("household_key",),
                "status": ("status", "status_given")}
_HOME_DROP = re.compile(r"丁目|番地|番|号|の")
_KANJI_DIGITS = str.maketrans("一二三四五六七八九〇", "1234567890")


@functools.lru_cache(maxsize=1 << 14)
def home_key(address: str) -> str:
    """An address folded for comparing homes: 1丁目2番3号, 一丁目2-3 and １－２－３ are one home."""
    return _HOME_DROP.sub("", jtext.fold(address).translate(_KANJI_DIGITS))


def link_rows(people: list[PersonIn], section_starts: frozenset[int] = frozenset()) -> None:
    """Resolve what a row says about the rows above it, in file order.

    - 〃 / 同上 copies the value above; copying a value that was an error is an error too.
    - A row that is not a head and has 〃 for its address, or a family relation (妻, 長男…)
      with no address and no household number, joins the household of the person above, in
      the same 班; it takes that household's address and phone, so a 〃 below copies them.
      If that household's first row has an error, this row has one too: fix or skip both.
    - A household number with the 班 left blank keeps the 班 of the row above with that number.
    Nothing crosses a section title or a repeated header (section_starts: their next rows)."""
    prev: PersonIn | None = None
    by_row: dict[int, PersonIn] = {}
    for p in people:
        if p.row in section_starts:
            prev = None
        if p.ditto and prev is None:
            p.problems.append(Problem(p.row, "", "〃", "ditto_first_row", NOTE))
        elif prev is not None:
            for f in p.ditto:
                for attr in _DITTO_ATTRS.get(f, (f,)):
                    setattr(p, attr, getattr(prev, attr))
                if f in prev.error_fields:
                    p.problems.append(Problem(p.row, "", "〃", "ditto_of_error", ERROR))
                    p.error_fields += (f,)
            if p.household_key and not p.block and p.household_key == prev.household_key:
                p.block = prev.block
            if (not p.household_key and not p.is_head and (not p.block or not prev.block or p.block == prev.block)
                    and ("address" in p.ditto or (not (p.address1 or p.address2) and p.relation in _FAMILY_RELATIONS))):
                p.follows = prev.follows or prev.row
                for attr in _HOUSEHOLD_ATTRS:  # the household's values, for this row and a 〃 below
                    if not getattr(p, attr):
                        setattr(p, attr, getattr(prev, attr))
                anchor = by_row.get(p.follows)
                if anchor is not None and anchor.has_error:
                    p.problems.append(Problem(p.row, "", str(anchor.row), "household_row_has_error", ERROR))
        by_row[p.row] = p
        prev = p


_HOUSEHOLD_ATTRS = ("postal_code", "address1", "address2", "address3", "landline", "block")


def group_households(people: list[PersonIn]) -> list[list[PersonIn]]:
    """By the household column when present (within its 班: numbers often restart in each
    班); else with the person above (see link_rows); else same address + landline; else one
    each. Rows with the same number but different addresses are different homes: they are
    split, with a note."""
    blocks_of_key: dict[str, set[str]] = {}
    for p in people:
        if p.household_key and p.block:
            blocks_of_key.setdefault(p.household_key, set()).add(p.block)
    groups: dict[str, list[PersonIn]] = {}
    key_of_row: dict[int, str] = {}
    for p in people:
        if p.household_key:
            if not p.block and len(blocks_of_key.get(p.household_key, ())) == 1:
                p.block = next(iter(blocks_of_key[p.household_key]))  # 班 written on one row of the household
            key = "k:" + p.household_key + "|" + p.block
        elif p.follows:
            key = key_of_row.get(p.follows) or f"j:{p.follows}"
        elif p.address1 or p.address2:
            key = "a:" + home_key(p.address1 + p.address2 + p.address3) + "|" + p.landline
        else:
            key = f"r:{p.row}"
        key_of_row[p.row] = key
        groups.setdefault(key, []).append(p)
    for key in [k for k, members in groups.items() if k.startswith("k:") and len(members) > 1]:
        homes: dict[str, list[PersonIn]] = {}
        home = ""
        for p in groups[key]:  # a row with no address belongs with the row above it
            home = home_key(p.address1 + p.address2) or home
            homes.setdefault(home, []).append(p)
        if len([h for h in homes if h]) < 2:
            continue
        blank = homes.pop("", [])  # rows before the first address: with the first home
        first, *others = homes.values()
        groups[key] = blank + first
        for i, members in enumerate(others, start=1):
            for p in members:
                p.problems.append(Problem(p.row, "", p.household_key, "household_split", NOTE))
            groups[f"{key}|{i}"] = members
    out = []
    for members in groups.values():
        # fill the household values from the first row that has them (merged cells, blanks)
        for attr in _HOUSEHOLD_ATTRS if len(members) > 1 else ():
            values = [getattr(x, attr) for x in members]
            value = next((v for v in values if v), "")
            if value and not all(values):
                for x, v in zip(members, values):
                    if not v:
                        setattr(x, attr, value)
        heads = [x for x in members if x.is_head]
        if not heads:
            members[0].is_head = True
        for x in heads[1:]:  # two ○ in one household: the first stays the head
            x.is_head = False
            x.problems.append(Problem(x.row, "", "", "second_head", NOTE))
        out.append(members)
    return out


def heads_with_errors(people: list[PersonIn]) -> dict[int, PersonIn]:
    """Row of a person → the head of their household in the file, where that head's row has an
    error. Such a row is in no household (group_households takes the rows without errors), so
    the household gets another head; this keeps whom the file named. The rows are grouped
    again with the error rows, on copies, only when such a head exists."""
    if not any(p.head_in_file and p.has_error for p in people):
        return {}
    copies = [dataclasses.replace(p, problems=list(p.problems)) for p in people]
    original = {id(c): p for c, p in zip(copies, people)}
    out: dict[int, PersonIn] = {}
    for members in group_households(copies):
        head = next((original[id(c)] for c in members if c.head_in_file and c.has_error), None)
        if head is not None:
            out.update((c.row, head) for c in members if not c.has_error)
    return out


@dataclass
class StandIn:
    """A new household whose head in the file is not imported: someone else is made the head."""

    group: int  # index in plan.households
    person: PersonIn  # made the head
    head: PersonIn  # the head in the file, left out (a row with an error, skipped, or already in the roster)


def stand_in_heads(households: list[list[PersonIn]], left_out: set[int], joins: dict[int, "Join"],
                   missing_heads: dict[int, PersonIn]) -> dict[int, StandIn]:
    """The new households (by index) whose head in the file is left out, with the person made
    the head instead: the first one imported, as commit() does. A household with no head in
    the file (no 続柄 column) is not one of them: its first row is the head, as always."""
    out: dict[int, StandIn] = {}
    for i, members in enumerate(households):
        join = joins.get(i)
        kept = [p for p in members if p.row not in left_out]
        if not kept or (join is not None and join.joins) or any(p.is_head and p.head_in_file for p in kept):
            continue
        head = (next((p for p in members if p.is_head and p.head_in_file), None)
                or next((missing_heads[p.row] for p in members if p.row in missing_heads), None))
        if head is not None:
            out[i] = StandIn(i, sorted(kept, key=lambda x: not x.is_head)[0], head)
    return out


def stand_ins_in_roster() -> dict[int, str]:
    """Person id → the name of the file's head whose row was left out, for each head an
    import (not undone) made in that one's place."""
    B = m.ImportBatch
    out: dict[int, str] = {}
    for (summary,) in B.select(B.summary).where(B.undone_at.is_null(), B.summary.contains('"stand_in_heads"')).tuples():
        try:
            entries = json.loads(summary).get("stand_in_heads", [])
        except (ValueError, AttributeError):
            continue
        out.update((int(e["person"]), e.get("head", "")) for e in entries)
    return out


def head_lines(stand_ins, done: bool = False) -> list[str]:
    """One sentence per household whose head in the file is not imported: who is made the
    head instead, and what happens when the head comes in later (`done`: past tense)."""
    lines = []
    for s in stand_ins:
        values = {"head": s.head.name, "row": s.head.row, "person": s.person.name}
        lines.append((_("In the file, %(head)s (row %(row)s) is the head of the household, but that row was not "
                        "imported: %(person)s was made the head for now. When %(head)s is imported later, "
                        "%(head)s becomes the head.") if done else
                      _("In the file, %(head)s (row %(row)s) is the head of the household, but that row is not "
                        "imported: %(person)s is made the head for now. When %(head)s is imported later, "
                        "%(head)s becomes the head.")) % values)
    return lines


def find_duplicates(people: list[PersonIn]) -> list[Duplicate]:
    """Same reading + birth date, or same name + address: against the database and in the file."""
    dups: list[Duplicate] = []
    existing = (m.Person.select(m.Person.id, m.Person.family_name, m.Person.given_name, m.Person.family_reading,
                                m.Person.given_reading, m.Person.birth_date, m.Household.address1, m.Household.address2)
                .join(m.Household, JOIN.LEFT_OUTER, on=(m.Person.household == m.Household.id))
                .where(m.Person.deleted_at.is_null()).tuples())
    by_reading: dict[tuple, str] = {}
    by_name: dict[tuple, str] = {}
    for pid, fam, given, fr, gr, birth, a1, a2 in existing:
        if birth and (fr or gr):
            by_reading[(jtext.fold(fr + gr), birth)] = f"db:{pid}"
        by_name[(jtext.fold(fam + given), jtext.fold((a1 or "") + (a2 or "")))] = f"db:{pid}"
    for p in people:
        if p.has_error:
            continue
        kr = (jtext.fold(p.family_reading + p.given_reading), p.birth_date) if p.birth_date else None
        kn = (jtext.fold(p.family_name + p.given_name), jtext.fold(p.address1 + p.address2))
        hit = (kr and by_reading.get(kr), "reading_birth") if kr and kr in by_reading else (by_name.get(kn), "name_address")
        if hit[0]:
            dups.append(Duplicate(p.row, hit[0], p.name, hit[1]))
            continue
        if kr:
            by_reading[kr] = f"row:{p.row}"
        by_name[kn] = f"row:{p.row}"
    return dups


# -- new family members of a household already in the roster ------------------------------------

@dataclass
class Home:
    """The household of a person already in the roster, which new rows of the file may join."""

    person_id: int
    person_name: str
    household_id: int | None  # None: the person or their household is in the trash, or they have none
    block_id: int | None = None
    landline: str = ""
    next_order: int = 0  # household_order for the first person who joins
    why: str = ""  # why household_id is None: "trash" (the household) or "no_household"
    # The household's head, if an import made them the head only because the file's head
    # was left out: a head marked in a later file takes their place.
    stand_in_id: int | None = None
    stand_in_name: str = ""


@dataclass
class Join:
    """New rows of one planned household whose other members are already in the roster."""

    group: int  # index in plan.households
    people: list[PersonIn]
    home: Home

    @property
    def joins(self) -> bool:
        """True: they go into home's household; False: it is gone, they become a new household."""
        return self.home.household_id is not None

    def takes_over(self, p: PersonIn) -> bool:
        """True if `p`, marked the head in the file, becomes the head of the roster household:
        its head was made the head by an import only because the file's head was left out."""
        return (self.joins and p.is_head and p.head_in_file and p.status in m.ACTIVE_STATUSES
                and self.home.stand_in_id is not None)


def roster_homes(person_ids) -> dict[int, Home]:
    """Each roster person's household, in two queries (not one per row)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    P, H = m.Person, m.Household
    rows = (P.select(P.id, P.family_name, P.given_name, P.deleted_at, H.id, H.deleted_at, H.block, H.landline)
            .join(H, JOIN.LEFT_OUTER, on=(P.household == H.id)).where(P.id.in_(ids)).tuples())
    homes: dict[int, Home] = {}
    for pid, fam, given, p_deleted, hid, h_deleted, block_id, landline in rows:
        name = f"{fam} {given}".strip()
        if hid is None or p_deleted is not None:
            homes[pid] = Home(pid, name, None, why="no_household")
        elif h_deleted is not None:
            homes[pid] = Home(pid, name, None, why="trash")
        else:
            homes[pid] = Home(pid, name, hid, block_id, landline or "")
    hids = {h.household_id for h in homes.values() if h.household_id}
    if hids:
        orders = dict(P.select(P.household, fn.MAX(P.household_order)).where(P.household.in_(list(hids)))
                      .group_by(P.household).tuples())
        for h in homes.values():
            if h.household_id:
                h.next_order = (orders.get(h.household_id) or 0) + 1
        stand_ins = stand_ins_in_roster()
        if stand_ins:
            heads = (P.select(P.id, P.household, P.family_name, P.given_name)
                     .where(P.household.in_(list(hids)), P.is_head, P.deleted_at.is_null(), P.id.in_(list(stand_ins)))
                     .tuples())
            by_household = {hid: (pid, f"{fam} {given}".strip()) for pid, hid, fam, given in heads}
            for h in homes.values():
                if h.household_id in by_household:
                    h.stand_in_id, h.stand_in_name = by_household[h.household_id]
    return homes


def roster_ids(duplicates: list[Duplicate], rows=None) -> list[int]:
    """Ids of the roster people the file's rows (all, or those in `rows`) are duplicates of."""
    return [int(d.other[3:]) for d in duplicates if d.other.startswith("db:") and (rows is None or d.row in rows)]


def household_joins(households: list[list[PersonIn]], duplicates: list[Duplicate], left_out: set[int],
                    homes: dict[int, Home]) -> dict[int, Join]:
    """Planned households of which some members are left out as people already in the roster
    (鈴木 一郎 and 和子) and some are new (their grandchild 翔): the new ones belong in the
    roster household of the left-out ones, not in a second household at the same address.

    Keyed by the index in `households`. The head's roster household is preferred; if none of
    theirs is left (trash), the Join says why and the new rows make a household of their own."""
    db_of = {d.row: int(d.other[3:]) for d in duplicates if d.other.startswith("db:")}
    out: dict[int, Join] = {}
    for i, members in enumerate(households):
        new = [p for p in members if p.row not in left_out]
        if not new or len(new) == len(members):
            continue
        anchors = [db_of[p.row] for p in sorted(members, key=lambda x: not x.is_head)
                   if p.row in left_out and p.row in db_of]
        if not anchors:
            continue
        found = [homes.get(pid) or Home(pid, "", None, why="no_household") for pid in anchors]
        home = next((h for h in found if h.household_id is not None), found[0])
        out[i] = Join(i, new, home)
    return out


def join_lines(joins, done: bool = False) -> list[str]:
    """One sentence per new person: whose household they join, or why they make a new one
    (`done`: after the import, in the past tense)."""
    lines = []
    for j in joins:
        for p in j.people:
            values = {"new": p.name, "person": j.home.person_name}
            if j.joins:
                lines.append((_("%(new)s joined the household of %(person)s in the roster.") if done
                              else _("%(new)s will join the household of %(person)s in the roster.")) % values)
                if j.takes_over(p):
                    values["head"] = j.home.stand_in_name
                    lines.append((_("%(new)s became the head of the household in place of %(head)s, whom an earlier "
                                    "import had made the head only because the head's row was not imported.") if done
                                  else _("%(new)s will become the head of the household in place of %(head)s, whom an "
                                         "earlier import made the head only because the head's row was not "
                                         "imported.")) % values)
                elif p.is_head:
                    # The roster household has its head; the file's mark is not applied without a word.
                    lines.append(_("In the file, %(new)s is the head of the household; the roster's head is not "
                                   "changed. If the head has changed, change it on the Roster page.") % values)
            elif j.home.why == "trash" and done:
                lines.append(_("%(new)s lives with %(person)s, whose household is in the trash: %(new)s was imported "
                               "as a new household.") % values)
            elif j.home.why == "trash":
                lines.append(_("%(new)s lives with %(person)s, whose household is in the trash: %(new)s is imported "
                               "as a new household.") % values)
            elif done:
                lines.append(_("%(new)s lives with %(person)s, who is in the trash or has no household in the "
                               "roster: %(new)s was imported as a new household.") % values)
            else:
                lines.append(_("%(new)s lives with %(person)s, who is in the trash or has no household in the "
                               "roster: %(new)s is imported as a new household.") % values)
    return lines
