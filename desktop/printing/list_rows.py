"""Plain input rows for the list prints (call tree, safety sheets, directory, attendance,
custody ledger). Queries in db/queries/print_lists.py fill them; tests build them by hand.

Register rows are *not* here: the register, the plans and the 要支援 marks come only from
db.queries.register.register_rows (the consent rule, 災害対策基本法 art. 49-11).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.i18n import N_, _

# The last section of a print for the whole association: households whose 班 is not set.
# They belong to no block's call tree or sheet, so without it they would be on no paper.
NO_BLOCK = N_("Households in no block")


def sentences(*parts: str) -> str:
    """Sentences one after another: a space after an English full stop, none after 。."""
    out = ""
    for part in filter(None, parts):
        out += part if not out or out.endswith(("。", "」", "）")) else " " + part
    return out


def to_a_block_text() -> str:
    """How to put a household in a block, as the roster names its controls (said with NO_BLOCK)."""
    return _("To put a household in a block: Roster → choose 「(no block)」 instead of 「All blocks」 → select a "
             "person → 「Open the household…」 → Block.")


@dataclass(frozen=True)
class Phone:
    """One number in the order to try: landline (固定) first, then mobile (携帯)."""

    kind: str  # "landline" | "mobile"
    number: str  # formatted, e.g. 03-5471-0000

    @property
    def mark(self) -> str:
        """固 / 携 in Japanese, Tel / Mob in English (desktop/printing/words.py)."""
        from desktop.printing.words import phone_mark

        return phone_mark(self.kind)


@dataclass(frozen=True)
class CallNode:
    """One person in a call tree; `children` are called by this person, in order."""

    person_id: int
    name: str
    reading: str = ""
    phones: tuple[Phone, ...] = ()
    children: tuple["CallNode", ...] = ()
    node_id: int = 0
    household_id: int | None = None

    def walk(self):
        """Preorder: the order in which the calls are made along each chain."""
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(frozen=True)
class CallTreeDoc:
    tree_id: int
    name: str
    block_name: str = ""
    root: CallNode | None = None
    note: str = ""  # printed under the heading (e.g. households added at the end since the tree was made)

    def people(self) -> list[CallNode]:
        return list(self.root.walk()) if self.root else []


@dataclass(frozen=True)
class Unassigned:
    """The households in no 班 (whole-association prints): one person to call per household
    (the head, else the first active member), in 五十音 order, and how many people live there."""

    households: int = 0
    people: int = 0
    callees: tuple[CallNode, ...] = ()


@dataclass(frozen=True)
class SafetyMember:
    person_id: int
    name: str
    reading: str = ""
    relation: str = ""
    is_head: bool = False
    needs_support: bool = False  # set only from register_rows(mode) (consent rule)


@dataclass(frozen=True)
class SafetyHousehold:
    household_id: int
    address: str
    landline: str = ""
    members: tuple[SafetyMember, ...] = ()


@dataclass(frozen=True)
class SafetyBlock:
    block_id: int | None
    name: str
    leader: str = ""
    households: tuple[SafetyHousehold, ...] = ()

    @property
    def people(self) -> int:
        return sum(len(h.members) for h in self.households)

    @property
    def supported(self) -> int:
        return sum(m.needs_support for h in self.households for m in h.members)


@dataclass(frozen=True)
class DirectoryRow:
    """One person of the 名簿: no birth date, mobile, e-mail, notes or register status."""

    name: str
    reading: str
    block_name: str
    address: str
    phone: str
    index_label: str = "他"
    sort_key: str = ""


@dataclass(frozen=True)
class AttendanceSheet:
    salon: str
    venue: str
    year: int
    month: int
    dates: tuple[dt.date, ...] = ()
    people: tuple[tuple[str, str], ...] = ()  # (name, reading) in 五十音 order
    start_time: str = ""
    cancelled: tuple[dt.date, ...] = ()  # those of `dates` whose session was cancelled (中止)
    # Per person (as `people`), the state marked for each of `dates` (attended, absent,
    # absent_notice, letter) or None: a session already marked prints its marks.
    states: tuple[tuple[str | None, ...], ...] = ()


@dataclass(frozen=True)
class CustodyRow:
    id: int
    printed_at: dt.datetime
    kind: str
    title: str
    scope: str
    recipient: str
    copies: int
    destroy_by: dt.date | None
    returned: int = 0
    destroyed: int = 0
    closed_at: dt.datetime | None = None
    note: str = ""

    @property
    def outstanding(self) -> int:
        return max(0, self.copies - self.returned - self.destroyed)

    def overdue(self, today: dt.date) -> bool:
        return bool(self.outstanding and self.destroy_by and today > self.destroy_by)


@dataclass
class ListResult:
    """What a list print made (same fields as rows.PrintResult, plus the sections)."""

    pages: int = 0
    items: int = 0
    problems: list = field(default_factory=list)
    sections: list[tuple[str, int]] = field(default_factory=list)  # (bookmark title, first page)
    notes: list[str] = field(default_factory=list)  # sentences the person must read (the CLI prints them)
    smallest_pt: float = 0.0  # the smallest text size on the pages (0: nothing measured)
