"""Block names are unique (folded), empty blocks can be deleted, a block can be merged into another,
and an import puts people into the existing block of the same (folded) name."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from desktop.services import blocks as block_svc
from desktop.services import importer, tabular
from desktop.services import roster as svc


def _household(block, address2="1-1"):
    return svc.save_household({"postal_code": "1080075", "address1": "東京都港区港南", "address2": address2,
                               "block": block.id})[0]


def _person(household, family="山田"):
    return svc.save_person({"family_name": family, "family_reading": "やまだ", "household": household.id})[0]


@pytest.mark.parametrize("typed", ["1班", "１班", " 1班 ", "1 班", "１　班"])
def test_create_refuses_a_name_another_block_has(store, typed):
    """「１班」, 「1 班」 and the like are the name 「1班」 has already: refused, nothing made."""
    svc.create_block("1班")
    with pytest.raises(svc.BlockNameTaken) as caught:
        svc.create_block(typed)
    assert caught.value.name == "1班"
    assert [b.name for b in m.Block.select()] == ["1班"]


def test_rename_refuses_another_blocks_name_but_not_its_own(store):
    """Renaming 2班 to 「１班」 is refused; 1班 may be rewritten as 「１班」 (it is still itself)."""
    one, two = svc.create_block("1班"), svc.create_block("2班")
    with pytest.raises(svc.BlockNameTaken):
        svc.rename_block(two, "１班")
    assert m.Block.get_by_id(two.id).name == "2班"
    svc.rename_block(one, "１班")
    assert m.Block.get_by_id(one.id).name == "１班"


def test_delete_an_empty_block_is_audited(store):
    """A block without households or call trees goes, with an audit line that names it."""
    svc.create_block("1班")
    extra = svc.create_block("予備")
    block_svc.delete_block(extra, actor="係")
    assert [b.name for b in m.Block.select()] == ["1班"]
    entry = m.AuditLog.get(m.AuditLog.action == "delete", m.AuditLog.table == "block")
    assert entry.old == "予備" and entry.actor == "係" and entry.row_uuid == extra.uuid


def test_delete_refuses_a_block_with_households_also_in_the_trash(store):
    """A household (even one in the trash) keeps its block from being deleted; so does a call tree."""
    one, two = svc.create_block("1班"), svc.create_block("2班")
    hh = _household(one)
    hh.deleted_at = dt.datetime(2026, 1, 1)
    hh.save()
    with pytest.raises(block_svc.BlockInUse) as caught:
        block_svc.delete_block(one)
    assert (caught.value.use.households, caught.value.use.trashed) == (0, 1)
    m.CallTree.create(name="2班 連絡網", block=two)
    with pytest.raises(block_svc.BlockInUse):
        block_svc.delete_block(two)
    assert m.Block.select().count() == 2


def test_merge_moves_households_trees_and_leader(store):
    """Merging the second 1班 into the first: its households (the trashed one too) and its call
    tree move, its leader leads the merged block, the block is gone, every move is audited."""
    first = svc.create_block("1班")
    second = m.Block.create(name="1班", position=5)  # a duplicate from a file made before names had to differ
    keep = _household(first, "1-1")
    moved = [_household(second, "2-2"), _household(second, "3-3")]
    moved[1].deleted_at = dt.datetime(2026, 1, 1)
    moved[1].save()
    leader = _person(moved[0])
    second.leader = leader
    second.save()
    tree = m.CallTree.create(name="1班 連絡網", block=second)

    use = block_svc.merge_blocks(second, first, actor="係")

    assert (use.households, use.trashed, use.call_trees) == (1, 1, 1)
    assert m.Block.get_or_none(m.Block.id == second.id) is None
    assert {h.block_id for h in m.Household.select()} == {first.id}
    assert m.Household.get_by_id(keep.id).block_id == first.id
    assert m.CallTree.get_by_id(tree.id).block_id == first.id
    assert m.Block.get_by_id(first.id).leader_id == leader.id
    moves = m.AuditLog.select().where(m.AuditLog.field == "block", m.AuditLog.action == "update")
    assert {e.row_uuid for e in moves} == {moved[0].uuid, moved[1].uuid, tree.uuid}
    assert all(e.old == str(second.id) and e.new == str(first.id) and e.actor == "係" for e in moves)
    assert m.AuditLog.get(m.AuditLog.action == "merge").reason == "households=2 call_trees=1"


def test_merge_keeps_the_targets_own_leader(store):
    """The block merged into keeps its leader."""
    a, b = svc.create_block("1班"), svc.create_block("2班")
    la, lb = _person(_household(a)), _person(_household(b, "2-2"), "鈴木")
    a.leader, b.leader = la, lb
    a.save()
    b.save()
    block_svc.merge_blocks(b, a)
    assert m.Block.get_by_id(a.id).leader_id == la.id


def test_merge_carries_only_a_leader_who_still_leads(store):
    """2班's 班長 died: merged into 1班 (no leader), 1班 gets none from 2班. 3班's 班長 lives
    and 1班's leader moved out: merged, 1班 takes 3班's 班長."""
    a, b, c = svc.create_block("1班"), svc.create_block("2班"), svc.create_block("3班")
    la, lb, lc = _person(_household(a)), _person(_household(b, "2-2"), "鈴木"), _person(_household(c, "3-3"), "佐藤")
    b.leader = lb
    b.save()
    svc.set_status(lb, m.STATUS_DECEASED)
    block_svc.merge_blocks(m.Block.get_by_id(b.id), m.Block.get_by_id(a.id))
    assert m.Block.get_by_id(a.id).leader_id is None
    a = m.Block.get_by_id(a.id)
    a.leader, c.leader = la, lc
    a.save()
    c.save()
    svc.set_status(la, m.STATUS_MOVED)
    block_svc.merge_blocks(m.Block.get_by_id(c.id), m.Block.get_by_id(a.id))
    assert m.Block.get_by_id(a.id).leader_id == lc.id


def test_merge_into_itself_is_refused(store):
    block = svc.create_block("1班")
    with pytest.raises(svc.RosterError):
        block_svc.merge_blocks(block, block)
    assert m.Block.select().count() == 1


@pytest.mark.parametrize("cell", ["1班", "1 班", "１班"])
def test_import_uses_the_existing_block_of_the_folded_name(store, tmp_path, cell):
    """A file's 「1班」 goes into the 「１班」 the leader typed by hand, not into a new block next to it."""
    existing = svc.create_block("１班")
    path = tmp_path / "roster.csv"
    path.write_text("氏名,ふりがな,住所,班\n山田 太郎,やまだ たろう,東京都港区港南2丁目3-4," + cell + "\n", encoding="utf-8")
    plan = importer.plan_import(tabular.read_table(path), today=dt.date(2026, 11, 28))
    result = importer.commit(plan)
    assert result.blocks == 0
    assert [b.name for b in m.Block.select()] == ["１班"]
    assert {h.block_id for h in m.Household.select()} == {existing.id}


@pytest.mark.parametrize("how", ["merge", "delete"])
def test_a_leader_whose_block_goes_loses_the_role(store, how):
    """The merged (or deleted) block's 班長 leads nothing any more: the 班長 role goes, as when
    a leader is replaced; someone who still leads another block keeps it."""
    a, b, c = svc.create_block("1班"), svc.create_block("2班"), svc.create_block("3班")
    la = _person(_household(a))
    lb = _person(_household(c, "2-2"), "鈴木")
    svc.set_block_leader(a, la)
    svc.set_block_leader(b, lb)
    svc.set_block_leader(c, lb)  # 鈴木 leads 2班 and 3班
    if how == "merge":
        block_svc.merge_blocks(m.Block.get_by_id(b.id), m.Block.get_by_id(a.id))
        assert "block_leader" in m.Person.get_by_id(lb.id).roles  # still leads 3班
        block_svc.merge_blocks(m.Block.get_by_id(c.id), m.Block.get_by_id(a.id))
        assert "block_leader" not in m.Person.get_by_id(lb.id).roles
        assert "block_leader" in m.Person.get_by_id(la.id).roles
    else:
        block_svc.delete_block(m.Block.get_by_id(b.id))  # empty; 鈴木 still leads 3班
        assert "block_leader" in m.Person.get_by_id(lb.id).roles
        empty = svc.create_block("4班")
        svc.set_block_leader(empty, la)
        svc.set_block_leader(a, None)
        block_svc.delete_block(m.Block.get_by_id(empty.id))
        assert "block_leader" not in m.Person.get_by_id(la.id).roles


def test_merging_two_blocks_with_call_trees_makes_one_tree_with_everyone_once(store):
    """Each block had a call tree: after the merge the block has one tree, the merged block's
    people as further lines in their order, every household once (two trees printed each
    household twice, with a wrong 「後から班に入った」 note)."""
    from desktop.services import calltree

    one, two = svc.create_block("1班"), svc.create_block("2班")
    for block, a2, fam in ((one, "1-1", "山田"), (one, "1-2", "佐藤"), (two, "2-1", "鈴木"), (two, "2-2", "田中")):
        _person(_household(block, a2), fam)
    calltree.ensure_tree(one)
    _root, their_chains = calltree.call_order(calltree.ensure_tree(two))
    block_svc.merge_blocks(m.Block.get_by_id(two.id), m.Block.get_by_id(one.id))
    assert m.CallTree.select().where(m.CallTree.block == one.id).count() == 1
    docs = calltree.print_docs(m.Block.get_by_id(one.id))
    names = [n.name for d in docs for n in d.people()]
    assert sorted(names) == sorted(["山田", "佐藤", "鈴木", "田中"]) and not docs[0].note
