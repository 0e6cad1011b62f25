"""Rows for the list prints: call trees, safety sheets, the directory, attendance sheets and the
custody ledger. One joined query each; trash, moved-out and deceased people are skipped, and a
block's call tree skips people whose household moved to another block.

Register data (who needs support) is never read here: `support_ids(mode, ...)` takes it from
db.queries.register.register_rows, the one function that applies the consent rule
(災害対策基本法 art. 49-11).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import peewee as pw

from db import models as m
from db.queries.roster import block_leaders
from desktop import jtext
from desktop.i18n import _
from desktop.printing.list_rows import (
    NO_BLOCK,
    AttendanceSheet,
    CallNode,
    CallTreeDoc,
    CustodyRow,
    DirectoryRow,
    Phone,
    SafetyBlock,
    SafetyHousehold,
    SafetyMember,
    Unassigned,
)

_ACTIVE = m.Person.deleted_at.is_null() & m.Person.status.in_(m.ACTIVE_STATUSES)


def phones(landline: str, mobile: str) -> tuple[Phone, ...]:
    """The numbers in the order to try: landline first, then mobile (the issue's rule)."""
    out = []
    if landline:
        out.append(Phone("landline", jtext.format_phone(landline)))
    if mobile:
        out.append(Phone("mobile", jtext.format_phone(mobile)))
    return tuple(out)


class AmbiguousBlock(LookupError):
    """More than one block has the name (files made before names had to differ)."""

    def __init__(self, name: str, found: list[m.Block]):
        self.name, self.found = name, found
        super().__init__(f"{name}: " + "、".join(f"{b.name} (id {b.id})" for b in found))

    def counted(self) -> list[tuple[m.Block, int]]:
        """(block, households not in the trash) for each block of the name."""
        H = m.Household
        counts = dict(H.select(H.block, pw.fn.COUNT(H.id))
                      .where(H.block.in_([b.id for b in self.found]), H.deleted_at.is_null())
                      .group_by(H.block).tuples())
        return [(b, counts.get(b.id, 0)) for b in self.found]


def block_by_name(name: str | None) -> m.Block | None:
    """The block called `name` (「１班」 finds 「1班」); None for the whole association.

    LookupError if no block has the name, AmbiguousBlock if several do: a print must never
    take one of them and silently leave out the households of the other."""
    if not name:
        return None
    key = jtext.block_key(name)
    found = [b for b in m.Block.select().order_by(m.Block.position, m.Block.id) if jtext.block_key(b.name) == key]
    if len(found) > 1:
        raise AmbiguousBlock(name, found)
    if not found:
        known = "、".join(b.name for b in m.Block.select().order_by(m.Block.position))
        raise LookupError(f"{name} ({known})")
    return found[0]


def block_by_id(block_id: int | None) -> m.Block | None:
    """The block the print page chose (by id: two blocks may share a name); LookupError if it
    was deleted or merged since."""
    if block_id is None:
        return None
    block = m.Block.get_or_none(m.Block.id == block_id)
    if block is None:
        raise LookupError(str(block_id))
    return block


def block_choices() -> list[tuple[int, str, int | None]]:
    """(id, name, households) per block in print order, for a block chooser; households (not in
    the trash) only for blocks whose name another block shares, None for the others."""
    found = list(m.Block.select(m.Block.id, m.Block.name).order_by(m.Block.position, m.Block.id).tuples())
    keys = [jtext.block_key(name) for _bid, name in found]
    shared = {k for k in keys if keys.count(k) > 1}
    counts = {}
    if shared:
        H = m.Household
        counts = dict(H.select(H.block, pw.fn.COUNT(H.id)).where(H.deleted_at.is_null()).group_by(H.block).tuples())
    return [(bid, name, counts.get(bid, 0) if key in shared else None) for (bid, name), key in zip(found, keys)]


def blocks(block: m.Block | None = None) -> list[m.Block]:
    if block is not None:
        return [block]
    return list(m.Block.select().order_by(m.Block.position, m.Block.id))


def association_name() -> str:
    a = m.Association.select().first()
    return a.name if a else ""


def association_leader() -> str:
    a = m.Association.select().first()
    return a.leader_name if a else ""


def _address(a1: str, a2: str, a3: str) -> str:
    return f"{a1 or ''}{a2 or ''}{(' ' + a3) if a3 else ''}"


# -- call trees ----------------------------------------------------------------------------------
def call_trees(block: m.Block | None = None) -> list[m.CallTree]:
    """The trees of one block, or every tree (block order, then the association-wide ones)."""
    q = m.CallTree.select(m.CallTree).join(m.Block, pw.JOIN.LEFT_OUTER, on=(m.CallTree.block == m.Block.id))
    if block is not None:
        q = q.where(m.CallTree.block == block.id)
    return list(q.order_by(m.Block.position.is_null(), m.Block.position, m.CallTree.id))


@dataclass(frozen=True)
class _Place:
    """One stored place of a call tree and whether it is shown."""
    node_id: int
    parent: int | None
    person_id: int
    name: str
    reading: str
    phones: tuple[Phone, ...]
    household_id: int | None
    hidden: str  # "" shown; HIDDEN_GONE or HIDDEN_OTHER_BLOCK
    block_name: str  # the block the person's household is in now
    block_id: int | None = None
    stands_for: str = ""  # the name stored at this place, when another of the household is called there


HIDDEN_GONE = "gone"  # in the trash, moved out (転出) or died
HIDDEN_OTHER_BLOCK = "other_block"  # the household is in another block now (or in none)


def _places(tree: m.CallTree) -> list[_Place]:
    """Every stored place of the tree in (position, id) order, by one query.

    A place is hidden when its person is in the trash, moved out or died, or when the tree
    belongs to a block and the person's household is no longer in it (moved to another 班):
    a block's tree holds that block's households only. The block's current 班長 kept as the
    originator is not hidden for where they live (rebuild keeps them there too)."""
    N, P, H, B = m.CallTreeNode, m.Person, m.Household, m.Block
    q = (N.select(N.id, N.parent, N.position, P.id, P.family_name, P.given_name, P.family_reading,
                  P.given_reading, P.mobile, P.deleted_at, P.status, H.id, H.landline, H.block, B.name)
         .join(P, on=(N.person == P.id))
         .join(H, pw.JOIN.LEFT_OUTER, on=(P.household == H.id))
         .join(B, pw.JOIN.LEFT_OUTER, on=(H.block == B.id))
         .where(N.tree == tree.id).order_by(N.position, N.id).tuples())
    leader = None
    if tree.block_id is not None:
        found = block_leaders(tree.block_id).get(tree.block_id)
        leader = found.person_id if found is not None and found.current else None
    out = []
    for nid, parent, _pos, pid, fam, giv, fr, gr, mobile, deleted, status, hid, land, bid, bname in q:
        if deleted is not None or status not in m.ACTIVE_STATUSES:
            hidden = HIDDEN_GONE
        elif tree.block_id is not None and bid != tree.block_id and not (parent is None and pid == leader):
            hidden = HIDDEN_OTHER_BLOCK
        else:
            hidden = ""
        out.append(_Place(nid, parent, pid, f"{fam} {giv}".strip(), f"{fr} {gr}".strip(),
                          phones(land or "", mobile or ""), hid, hidden, bname or "", bid))
    return _households_keep_places(tree, out)


def _households_keep_places(tree: m.CallTree, places: list[_Place]) -> list[_Place]:
    """A household keeps its place in the tree when the person called there died or moved
    out and somebody of the household still lives there (the widow of the head who died is
    called where he was, not put at the end as a household that joined later). The one
    called instead is the household's callee (the head, else the first active member), shown
    in the stored place; the stored person is not changed. Not for the originator (a 班長's
    widow does not become the 班長), nor for a household already shown elsewhere in the tree."""
    shown = {p.household_id for p in places if not p.hidden}
    wanted = {p.household_id for p in places
              if p.hidden == HIDDEN_GONE and p.parent is not None and p.household_id is not None
              and p.household_id not in shown and (tree.block_id is None or p.block_id == tree.block_id)}
    if not wanted:
        return places
    P, H = m.Person, m.Household
    q = (P.select(P.id, P.family_name, P.given_name, P.family_reading, P.given_reading, P.mobile, H.id, H.landline)
         .join(H, on=(P.household == H.id))
         .where(_ACTIVE & H.deleted_at.is_null() & H.id.in_(sorted(wanted)))
         .order_by(H.id, P.is_head.desc(), P.household_order, P.id).tuples())
    callee: dict[int, tuple] = {}
    for row in q:
        callee.setdefault(row[6], row)
    out = []
    for p in places:
        row = callee.pop(p.household_id, None) if p.hidden == HIDDEN_GONE and p.household_id in wanted else None
        if row is None:
            out.append(p)
            continue
        pid, fam, giv, fr, gr, mobile, hid, land = row
        out.append(replace(p, person_id=pid, name=f"{fam} {giv}".strip(), reading=f"{fr} {gr}".strip(),
                                       phones=phones(land or "", mobile or ""), hidden="", stands_for=p.name))
    return out


def shown_node_ids(tree: m.CallTree | int) -> set[int]:
    """The places of the tree that call_tree shows (the editor counts positions by these)."""
    tree = tree if isinstance(tree, m.CallTree) else m.CallTree.get_by_id(tree)
    return {p.node_id for p in _places(tree) if not p.hidden}


def gone_from_households(tree: m.CallTree | int) -> dict[int, str]:
    """household id → name of a person stored in the tree who died or moved out (the 班長 at
    the top of it, say) and whose household nobody else of stands for in the tree."""
    tree = tree if isinstance(tree, m.CallTree) else m.CallTree.get_by_id(tree)
    out: dict[int, str] = {}
    for p in _places(tree):
        if p.hidden == HIDDEN_GONE and p.household_id is not None:
            out.setdefault(p.household_id, p.name)
    return out


def moved_to_other_blocks(tree: m.CallTree | int) -> list[tuple[str, str]]:
    """(name, block now; "" for none) of the people the tree leaves out because their household
    moved to another block, in call order as stored. Their places are kept (moving back brings
    them back to where they were)."""
    tree = tree if isinstance(tree, m.CallTree) else m.CallTree.get_by_id(tree)
    places = _places(tree)
    kids: dict[int | None, list[_Place]] = {}
    for p in places:
        kids.setdefault(p.parent, []).append(p)
    out: list[tuple[str, str]] = []

    def walk(parent: int | None) -> None:
        for p in kids.get(parent, []):
            if p.hidden == HIDDEN_OTHER_BLOCK:
                out.append((p.name, p.block_name))
            walk(p.node_id)

    walk(None)
    return out


def call_tree(tree: m.CallTree | int) -> CallTreeDoc:
    """One tree as nested CallNode rows, children in position order (one query).

    Hidden places (see _places: deleted, moved out, died, or now in another block) are
    skipped; their callees move up to the skipped node's caller so the chain never breaks on
    paper. The stored places stay as they are."""
    tree = tree if isinstance(tree, m.CallTree) else m.CallTree.get_by_id(tree)
    info, kids = {}, {}
    roots = []
    for p in _places(tree):
        info[p.node_id] = p
        (kids.setdefault(p.parent, []) if p.parent else roots).append(p.node_id)

    def build(nid) -> list[CallNode]:
        p = info[nid]
        children = tuple(c for k in kids.get(nid, []) for c in build(k))
        if p.hidden:
            return list(children)  # lift the callees to this node's caller
        return [CallNode(p.person_id, p.name, p.reading, p.phones, children, nid, p.household_id)]

    built = [c for r in roots for c in build(r)]
    root = built[0] if built else None
    if root is not None and len(built) > 1:  # a hidden root: the first survivor calls the rest
        root = CallNode(root.person_id, root.name, root.reading, root.phones, root.children + tuple(built[1:]),
                        root.node_id, root.household_id)
    block = m.Block.get_or_none(m.Block.id == tree.block_id) if tree.block_id else None
    return CallTreeDoc(tree.id, tree.name, block.name if block else "", root)


# -- safety sheets -------------------------------------------------------------------------------
_NUM = re.compile(r"(\d+)")


def _natural(text: str) -> tuple:
    """1丁目2-10 after 1丁目2-9: the walking order of house numbers."""
    return tuple(int(p) if p.isdigit() else p for p in _NUM.split(jtext.nfkc(text or "")))


def safety_blocks(block: m.Block | None = None, support_ids: frozenset[int] = frozenset()) -> list[SafetyBlock]:
    """Every active household of each block with its active members, head first.

    Households are in address order (a round of the street), not in the 五十音 order of
    every other list (DESIGN.md): after a disaster the checker walks the block door to door
    (print-formats.md §4: 春日井市 — each 組長 makes rounds of the own 組's houses and rings
    where no card shows), so the sheet follows the houses and no one jumps back and forth
    between pages. The sheet's header says so. `support_ids` are the people to mark 要支援 —
    pass `support_ids()` from register_rows, never a query of your own.
    For the whole association (block None) the households in no 班 follow as a last
    SafetyBlock with block_id None, named NO_BLOCK: on the day nobody is missing from paper."""
    P, H = m.Person, m.Household
    q = (P.select(P.id, P.family_name, P.given_name, P.family_reading, P.given_reading, P.relation, P.is_head,
                  H.id, H.address1, H.address2, H.address3, H.landline, H.block)
         .join(H, on=(P.household == H.id))
         .where(_ACTIVE & H.deleted_at.is_null())
         .order_by(H.id, P.is_head.desc(), P.household_order, P.sort_key).tuples())
    if block is not None:
        q = q.where(H.block == block.id)
    households: dict[int, dict] = {}
    for pid, fam, giv, fr, gr, rel, head, hid, a1, a2, a3, land, bid in q:
        h = households.setdefault(hid, {"block": bid, "a": (a1, a2, a3), "land": land, "members": []})
        h["members"].append(SafetyMember(pid, f"{fam} {giv}".strip(), f"{fr} {gr}".strip(), rel or "", bool(head),
                                         pid in support_ids))
    by_block: dict[int, list[tuple]] = {}
    for hid, h in households.items():
        a1, a2, a3 = h["a"]
        key = (_natural(a1), _natural(a2), _natural(a3), hid)
        row = SafetyHousehold(hid, _address(a1, a2, a3), jtext.format_phone(h["land"]) if h["land"] else "",
                              tuple(h["members"]))
        by_block.setdefault(h["block"], []).append((key, row))
    out = []
    # A 班長 who died, moved out or is in the trash is not printed: the sheet says 「班長：—」
    # as for a block without one (db.queries.roster.BlockLeader).
    leaders = {bid: leader.name for bid, leader in block_leaders(block.id if block is not None else None).items()
               if leader.current}
    for b in blocks(block):
        rows = [r for _k, r in sorted(by_block.get(b.id, []), key=lambda kr: kr[0])]
        out.append(SafetyBlock(b.id, b.name, leaders.get(b.id, ""), tuple(rows)))
    if block is None and by_block.get(None):
        rows = [r for _k, r in sorted(by_block[None], key=lambda kr: kr[0])]
        out.append(SafetyBlock(None, _(NO_BLOCK), "", tuple(rows)))
    return out


def unassigned() -> Unassigned:
    """The active households in no 班, for the whole association's call tree and call list:
    one person to call per household (the head, else the first active member; 五十音, as a
    block's call tree orders them) with the numbers to try, and the people living there."""
    P, H = m.Person, m.Household
    q = (P.select(P.id, P.family_name, P.given_name, P.family_reading, P.given_reading, P.mobile, P.sort_key,
                  H.id, H.landline)
         .join(H, on=(P.household == H.id))
         .where(_ACTIVE & H.deleted_at.is_null() & H.block.is_null())
         .order_by(H.id, P.is_head.desc(), P.household_order, P.id).tuples())
    first: dict[int, tuple] = {}
    people = 0
    for row in q:
        people += 1
        first.setdefault(row[7], row)
    rows = sorted(first.values(), key=lambda r: (r[6] or "", r[0]))
    callees = tuple(CallNode(pid, f"{fam} {giv}".strip(), f"{fr} {gr}".strip(), phones(land or "", mobile or ""),
                             (), 0, hid) for pid, fam, giv, fr, gr, mobile, _key, hid, land in rows)
    return Unassigned(len(first), people, callees)


def support_ids(register_rows) -> frozenset[int]:
    """Person ids to mark 要支援, from rows that register_rows(mode, …) returned."""
    return frozenset(r.person_id for r in register_rows)


# -- directory ----------------------------------------------------------------------------------
def directory_rows(block: m.Block | None = None) -> list[DirectoryRow]:
    """名簿 in 五十音 order: name, reading, block, address and the household phone only.

    Left off on purpose: birth date, mobile, e-mail, notes, roles and anything of the
    register (要配慮個人情報; desktop.services.register.SENSITIVE_*)."""
    from db.queries.roster import load_rows

    out = []
    for r in load_rows():
        if r.status not in m.ACTIVE_STATUSES or (block is not None and r.block_id != block.id):
            continue
        out.append(DirectoryRow(r.name, r.reading, r.block_name, r.address,
                                jtext.format_phone(r.landline) if r.landline else "", r.index_label, r.sort_key))
    return out


# -- attendance -----------------------------------------------------------------------------------
def attendance_sheet(salon: m.Salon, year: int, month: int) -> AttendanceSheet:
    """Regulars (and anyone marked this month) with the month's session dates and the marks
    already recorded on them (a month partly or wholly past prints what was taken).

    A cancelled session keeps its column, marked 中止 on the sheet, as the app shows it.
    No sessions saved for the month: the dates the schedule gives."""
    from desktop.services import salon as salon_service

    sessions, people = salon_service.month_grid(salon, year, month)
    dates = [s.date for s in sessions]
    cancelled = tuple(s.date for s in sessions if s.cancelled)
    start_time = next((s.start_time for s in sessions if s.start_time), "")
    if not sessions and salon.schedule:
        try:
            sched = salon_service.parse_schedule(salon.schedule)
            first = dt.date(year, month, 1)
            last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            dates = salon_service.schedule_dates(sched, first, last)
            start_time = sched.time
        except salon_service.ScheduleError:
            dates = []
    listed = [(p, marks) for p, marks in people if p.status in m.ACTIVE_STATUSES]
    active = [(p.full_name, p.full_reading) for p, _marks in listed]
    # The marks already recorded (a month partly or wholly past); a cancelled session has none to show.
    states = [tuple(None if s.cancelled else marks.get(s.id) for s in sessions) for _p, marks in listed]
    return AttendanceSheet(salon.name, salon.venue, year, month, tuple(dates), tuple(active), start_time, cancelled,
                           tuple(states))


def salon_by_name(name: str | None) -> m.Salon:
    """The salon called `name`, or the first active salon; LookupError if none."""
    q = m.Salon.select().order_by(m.Salon.active.desc(), m.Salon.id)
    salon = (q.where(m.Salon.name == name).first() if name else q.first())
    if salon is None:
        raise LookupError(name or "")
    return salon


# -- custody ledger ---------------------------------------------------------------------------------
def custody_rows(open_only: bool = False) -> list[CustodyRow]:
    C = m.PrintCustody
    q = C.select().order_by(C.printed_at.desc(), C.id.desc())
    if open_only:
        q = q.where(C.closed_at.is_null())
    return [CustodyRow(c.id, c.printed_at, c.kind, *_export_title_scope(c), c.recipient, c.copies, c.destroy_by,
                       c.returned, c.destroyed, c.closed_at, c.note) for c in q]


def _export_title_scope(c: m.PrintCustody) -> tuple[str, str]:
    """Exports written before 2026-11-29 stored their mode (normal/disaster) as the scope and
    the bare file name as the title: shown as every other line is, (災害時) in the title."""
    if c.kind == "export" and c.scope in ("normal", "disaster"):
        return c.title + ("（災害時）" if c.scope == "disaster" else ""), "全体"
    return c.title, c.scope


# -- emergency pack ---------------------------------------------------------------------------------
def pack_data(block: m.Block | None, mode: str, *, reason: str = "", actor: str = "", confirmed: bool = False,
              recipient: str = "", destroy_by: dt.date | None = None):
    """Everything the pack prints. The register rows (and with them the 要支援 marks) come
    from one register_rows call: one audit entry in disaster mode."""
    from db.queries.register import register_rows
    from desktop.printing.pack import PackData

    reg = register_rows(mode, reason=reason, actor=actor, confirmed=confirmed,
                        block_id=block.id if block is not None else None, purpose="pack")
    return PackData(
        association=association_name(),
        scope=block.name if block is not None else "全体",
        trees=[call_tree(t) for t in call_trees(block)],
        blocks=safety_blocks(block, support_ids(reg)),
        register=reg,
        whole=block is None,
        recipient=recipient,
        destroy_by=destroy_by,
    )


def followup_consented(rows):
    """Follow-up rows fit for a normal-times print, and how many were left off.

    The follow-up list watches everyone on the support register; a person who did not
    consent must not turn up on paper because of it (art. 49-11). Being on the register is
    read through register_rows("normal") only."""
    from db.queries.register import register_rows

    consented = support_ids(register_rows("normal", purpose="followup"))
    kept = [r for r in rows if not r.on_register or r.person_id in consented]
    return kept, len(rows) - len(kept)
