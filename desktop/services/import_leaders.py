"""What a file says about the roster beyond its rows: who is 班長 of each 班, and who of
the roster the file leaves out.

班長 rotate every year in most 町会, so next year's file naming a new 班長 is the normal
case. The file's 班長 of a 班 (the first row marked 班長 in it, in file order) takes over when
the 班 has no current leader (none set, or one who died, moved out or is in the trash), or
when the file shows that the current leader is no longer 班長: their own row is in the file
(a duplicate of them) and its roles column does not say 班長. Otherwise the leader stays,
and the import says so. A takeover is audited and kept in the import's summary
(`leader_changes`), so undo_import() puts the old leader, their 班長 role and the call
tree's originator back (`restore_leaders`, called before the imported people go).

A file is never a reason to delete people: the roster people it leaves out are only named
(`not_in_file`), when the file looks like the whole roster.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from db import audit
from db import models as m
from db.database import now
from db.queries.print_lists import call_tree
from db.queries.roster import current_leader_id
from desktop import jtext
from desktop.i18n import _
from desktop.services.import_households import household_joins, roster_homes, roster_ids
from desktop.services.import_merge import names_text

_LEADER = "block_leader"
_NAMES_SHOWN = 10  # people named in the 「not in this file」 sentence before 「ほか N 人」


@dataclass(frozen=True)
class Mark:
    """A row of the file marked 班長, and the 班 it is in (None: a 班 the import makes)."""

    row: int
    name: str
    block_id: int | None
    person_id: int | None  # None before the import for a new person of the file
    in_roster: bool = False  # the row is a person already in the roster (a duplicate of them)


@dataclass
class LeaderChange:
    """The file marks a new 班長 for a 班, and what the import does about it."""

    block_id: int
    block_name: str
    new: Mark
    old_id: int | None  # Block.leader before the import (a gone one too)
    old_name: str
    takes_over: bool  # False: the current leader stays
    drop_old_role: bool = False  # the old leader's row in the file does not say 班長
    made_block: bool = False  # the import made the 班 (its first 班長 comes from the file)
    old_at_end: bool = False  # done: the call tree's old originator was put at the end of its last line

    def as_dict(self) -> dict:
        """For `tsunagari import --json`."""
        return {"block": self.block_name, "leader": self.old_name or None, "marked": self.new.name,
                "row": self.new.row, "takes_over": self.takes_over}


# -- who the file marks as 班長 --------------------------------------------------------------

def _marked(p) -> bool:
    return _LEADER in p.roles


def roster_marks(plan, written: set[int]) -> list[Mark]:
    """Rows that are a person already in the roster (not written as a new one), whom the file
    marks 班長 and the roster does not (no 班長 role, leading no 班): that is news."""
    by_row = {p.row: p for p in plan.people}
    wanted = {d.row: int(d.other[3:]) for d in plan.duplicates
              if d.other.startswith("db:") and d.row not in written and d.row in by_row and _marked(by_row[d.row])}
    if not wanted:
        return []
    P, H = m.Person, m.Household
    leading = {pid for (pid,) in m.Block.select(m.Block.leader).where(m.Block.leader.is_null(False)).tuples()}
    found = {pid: (roles, bid) for pid, roles, bid in
             P.select(P.id, P.roles, H.block).join(H, on=(P.household == H.id))
             .where(P.id.in_(sorted(set(wanted.values()))), P.deleted_at.is_null(), H.deleted_at.is_null(),
                    P.status.in_(m.ACTIVE_STATUSES)).tuples()}
    out = []
    for row, pid in sorted(wanted.items()):
        roles, bid = found.get(pid, ((), None))
        if bid is not None and pid not in leading and _LEADER not in roles:
            out.append(Mark(row, by_row[row].name, bid, pid, in_roster=True))
    return out


def planned_marks(plan, left_out: set[int]) -> list[Mark]:
    """New people marked 班長, in the 班 commit() will put them: a new member of a roster
    household goes into its 班, a new household into the 班 of its first row written."""
    homes = roster_homes(roster_ids(plan.duplicates, left_out))
    joins = household_joins(plan.households, plan.duplicates, left_out, homes)
    blocks: dict[str, int] = {}
    for bid, name in m.Block.select(m.Block.id, m.Block.name).order_by(m.Block.position, m.Block.id).tuples():
        blocks.setdefault(jtext.block_key(name), bid)
    out = []
    for index, members in enumerate(plan.households):
        members = [p for p in members if p.row not in left_out]
        marked = [p for p in members if _marked(p) and p.status in m.ACTIVE_STATUSES]
        if not marked:
            continue
        join = joins.get(index)
        if join is not None and join.joins:
            bid = join.home.block_id
        else:
            bid = blocks.get(jtext.block_key(members[0].block)) if members[0].block else None
        out += [Mark(p.row, p.name, bid, None) for p in marked]
    return out


def _marked_rows_of_roster(plan) -> dict[int, bool]:
    """Roster person id → whether their row in the file says 班長 (for those with a row)."""
    by_row = {p.row: p for p in plan.people}
    out: dict[int, bool] = {}
    for d in plan.duplicates:
        if d.other.startswith("db:") and d.row in by_row:
            pid = int(d.other[3:])
            out[pid] = out.get(pid, False) or _marked(by_row[d.row])
    return out


def decide(plan, marks: list[Mark], made_blocks=frozenset()) -> list[LeaderChange]:
    """One LeaderChange per existing 班 for which the file marks someone else than its leader
    as 班長 (the first such row in file order)."""
    first: dict[int, Mark] = {}
    for mark in sorted(marks, key=lambda x: x.row):
        if mark.block_id is not None:
            first.setdefault(mark.block_id, mark)
    if not first:
        return []
    said = _marked_rows_of_roster(plan)
    out = []
    for block in m.Block.select().where(m.Block.id.in_(sorted(first))).order_by(m.Block.position, m.Block.id):
        new = first[block.id]
        if new.person_id is not None and new.person_id == block.leader_id:
            continue
        old = m.Person.get_or_none(m.Person.id == block.leader_id) if block.leader_id else None
        # The file shows the leader is 班長 no more: their own row is there, without the mark.
        unmarked = old is not None and old.id in said and not said[old.id]
        takes_over = current_leader_id(block) is None or unmarked
        out.append(LeaderChange(block.id, block.name, new, old.id if old else None, old.full_name if old else "",
                                takes_over, takes_over and unmarked, block.id in made_blocks))
    return out


def planned_changes(plan, left_out: set[int]) -> list[LeaderChange]:
    """Before the import: each 班 the file names a new 班長 for, and whether they take over."""
    marks = planned_marks(plan, left_out)
    return decide(plan, marks + roster_marks(plan, {mark.row for mark in marks}))


# -- writing, and undoing -------------------------------------------------------------------

def _set_roles(person: m.Person, roles: list[str], actor: str, reason: str) -> None:
    m.Person.update(roles=roles, updated_at=now()).where(m.Person.id == person.id).execute()
    audit.record(actor, "update", person, field="roles", old=",".join(person.roles), new=",".join(roles),
                 reason=reason)


def _leads_another(person_id: int, block_id: int | None = None) -> bool:
    """Whether the person leads a 班 (other than `block_id`)."""
    q = m.Block.select().where(m.Block.leader == person_id)
    return (q.where(m.Block.id != block_id) if block_id is not None else q).exists()


def apply_changes(changes: list[LeaderChange], actor: str, batch: m.ImportBatch) -> list[dict]:
    """Write the takeovers (inside commit()'s transaction): the 班's leader, the 班長 role of a
    roster person who becomes leader, the old leader's role if their row dropped it, and the
    call tree's originator. Returns what undo needs, one entry per 班."""
    from desktop.services import calltree

    reason = f"import:{batch.uuid}"
    entries = []
    for c in changes:
        if not c.takes_over:
            continue
        block = m.Block.get_by_id(c.block_id)
        new = m.Person.get_by_id(c.new.person_id)
        entry: dict = {"block": block.id, "old": block.leader_id, "new": new.id}
        m.Block.update(leader=new.id).where(m.Block.id == block.id).execute()
        audit.record(actor, "update", block, field="leader", old=block.leader_id, new=new.id, reason=reason)
        if c.new.in_roster and _LEADER not in new.roles:
            _set_roles(new, list(new.roles) + [_LEADER], actor, reason)
            entry["role_added"] = True
        old = m.Person.get_or_none(m.Person.id == c.old_id) if c.old_id else None
        if c.drop_old_role and old is not None and _LEADER in old.roles and not _leads_another(old.id, block.id):
            entry["old_roles"] = list(old.roles)
            _set_roles(old, [r for r in old.roles if r != _LEADER], actor, reason)
        tree = _switch_originator(block, new, actor, reason, calltree)
        if tree:
            entry["tree"] = tree
            c.old_at_end = bool(tree.get("added")) and tree["person"] == c.old_id
        entries.append(entry)
    return entries


def _switch_originator(block: m.Block, new: m.Person, actor: str, reason: str, calltree) -> dict | None:
    """The 班's stored call tree starts from the new 班長. The one it started from takes the
    place of the new 班長's household in the tree if it has one (a 班長 from the roster),
    else the end of the last line, where households that joined later go."""
    N, P = m.CallTreeNode, m.Person
    tree = m.CallTree.get_or_none(m.CallTree.block == block.id)
    root = N.get_or_none((N.tree == tree) & N.parent.is_null()) if tree is not None else None
    if root is None or root.person_id == new.id:
        return None
    was = root.person_id
    out = {"tree": tree.id, "root": root.id, "person": was}
    N.update(person=new.id).where(N.id == root.id).execute()
    home = (P.id == new.id) | (P.household == new.household_id) if new.household_id else (P.id == new.id)
    place = (N.select(N.id, N.person).join(P, on=(N.person == P.id))
             .where((N.tree == tree) & N.parent.is_null(False) & home).order_by(N.id).first())
    if place is not None:
        out.update(swapped=place.id, swapped_person=place.person_id)
        N.update(person=was).where(N.id == place.id).execute()
    else:
        gone = m.Person.get_or_none(m.Person.id == was)
        shown = {n.household_id for n in call_tree(tree).people()}
        gone_home = m.Household.get_or_none(m.Household.id == gone.household_id) if gone and gone.household_id else None
        if gone_home is not None and gone_home.block_id == block.id and gone_home.id not in shown:
            out["added"] = calltree.put_at_end(tree, was)
    audit.record(actor, "update", tree, field="originator", old=was, new=new.id, reason=reason)
    return out


def own_places(summary: dict) -> set[int]:
    """The call-tree places an import set (the originator it changed): not later work."""
    return {e["tree"]["root"] for e in summary.get("leader_changes", []) if e.get("tree")}


def restore_leaders(summary: dict, actor: str = "") -> int:
    """Undo the takeovers of an import (before its people are deleted: a tree whose originator
    is an imported person would go with them). What changed since by hand is left alone."""
    from desktop.services import calltree

    N = m.CallTreeNode
    restored = 0
    for entry in reversed(summary.get("leader_changes", [])):
        tree = entry.get("tree")
        if tree and m.CallTree.get_or_none(m.CallTree.id == tree["tree"]) is not None:
            if tree.get("added"):
                calltree.take_out(calltree.Places(set(), [tree["added"]], []), actor=actor, reason="undo_import")
            if tree.get("swapped"):
                N.update(person=tree["swapped_person"]).where(N.id == tree["swapped"], N.person == tree["person"]).execute()
            N.update(person=tree["person"]).where(N.id == tree["root"], N.person == entry["new"]).execute()
            audit.record(actor, "update", m.CallTree.get_by_id(tree["tree"]), field="originator", old=entry["new"],
                         new=tree["person"], reason="undo_import")
        block = m.Block.get_or_none(m.Block.id == entry["block"])
        if block is not None and block.leader_id == entry["new"]:
            old = entry["old"] if entry["old"] and m.Person.get_or_none(m.Person.id == entry["old"]) else None
            m.Block.update(leader=old).where(m.Block.id == block.id).execute()
            audit.record(actor, "update", block, field="leader", old=entry["new"], new=old, reason="undo_import")
            restored += 1
        new = m.Person.get_or_none(m.Person.id == entry["new"])
        if entry.get("role_added") and new is not None and _LEADER in new.roles and not _leads_another(new.id):
            _set_roles(new, [r for r in new.roles if r != _LEADER], actor, "undo_import")
        old = m.Person.get_or_none(m.Person.id == entry["old"]) if entry.get("old_roles") else None
        if old is not None and _LEADER not in old.roles:
            before = entry["old_roles"]
            same = [r for r in before if r != _LEADER] == list(old.roles)
            _set_roles(old, before if same else list(old.roles) + [_LEADER], actor, "undo_import")
    return restored


# -- what is said ---------------------------------------------------------------------------

def leader_lines(changes: list[LeaderChange], done: bool = False) -> list[str]:
    """One sentence per 班 of the roster the file names a new 班長 for (a 班 the import makes
    is only counted, by the caller)."""
    lines = []
    for c in changes:
        if c.made_block:
            continue
        values = {"block": c.block_name, "old": names_text([c.old_name]) if c.old_name else "",
                  "new": names_text([c.new.name])}
        if not c.takes_over:
            text = _("The block leader (班長) of %(block)s stays %(old)s (the file also marks %(new)s as 班長).")
        elif not c.old_name:
            text = (_("%(new)s is now the block leader (班長) of %(block)s; the call tree starts from them.") if done else
                    _("%(new)s becomes the block leader (班長) of %(block)s; the call tree will start from them."))
        else:
            text = (_("The block leader (班長) of %(block)s changed from %(old)s to %(new)s; the call tree now starts "
                      "from %(new)s.") if done else
                    _("The block leader (班長) of %(block)s changes from %(old)s to %(new)s; the call tree will start "
                      "from %(new)s."))
        if done and c.old_at_end:  # a leading space in English, none in Japanese
            text += _(" %(old)s was put at the end of the last line of the call tree. To change the order: Print → "
                      "「Edit call trees」.")
        lines.append(text % values)
    made = sum(1 for c in changes if c.made_block and c.takes_over)
    if done and made:
        lines.append(_("%d blocks (班) got their block leader (班長) from the file.") % made)
    return lines


# -- the roster people the file leaves out --------------------------------------------------

def not_in_file(plan) -> list[str]:
    """Names (五十音) of the active people of the roster the file does not have, when the file
    looks like the whole roster; [] otherwise.

    "Looks like the whole roster": at least half of the roster's active people are in it.
    A file of one 班, or of the new families only, is not meant to hold everyone, and naming
    everybody else would be noise; next year's roster edited in Excel holds nearly all of
    them, and a row deleted there is what a leader expects to be gone. A person is in the
    file when a row was matched to them as a duplicate, or a row matched to nobody has their
    name (a row with a problem is not compared as a duplicate, but the person is still
    there); a namesake matched to someone else does not count."""
    P = m.Person
    active = list(P.select(P.id, P.family_name, P.given_name)
                  .where(P.deleted_at.is_null(), P.status.in_(m.ACTIVE_STATUSES)).order_by(P.sort_key, P.id).tuples())
    if not active:
        return []
    db_rows = {d.row: int(d.other[3:]) for d in plan.duplicates if d.other.startswith("db:")}
    matched = set(db_rows.values())
    # Rows matched to nobody (a row with a problem among them): each stands for one person of that name.
    names = Counter(jtext.fold(p.family_name + p.given_name) for p in plan.people if p.row not in db_rows)
    missing = []
    for pid, fam, given in active:
        if pid in matched:
            continue
        key = jtext.fold(fam + given)
        if names[key]:
            names[key] -= 1
        else:
            missing.append(f"{fam} {given}".strip())
    if (len(active) - len(missing)) * 2 < len(active):
        return []
    return missing


def not_in_file_line(names: list[str]) -> list[str]:
    """The sentence about them (none when nobody is left out)."""
    if not names:
        return []
    return [_("%(count)d people in the roster are not in this file (%(names)s). The import does not remove them; "
              "change people who moved out or died in the roster.")
            % {"count": len(names), "names": names_text(names, _NAMES_SHOWN)}]
