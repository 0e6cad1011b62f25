"""Undoing an import and the call trees: places the app made by itself (a tree made at the
first print, a household put at the end) go with the imported people; places a person may
have set still stop the undo; no empty 班 the import made is left printing a page."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from db.database import now
from desktop.services import calltree, importer, tabular
from desktop.services import roster as rs

TODAY = dt.date(2026, 11, 29)
HEADER = "班,氏名,ふりがな,住所,電話\n"


def _import(tmp_path, rows: str, name="roster.csv"):
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    plan = importer.plan_import(tabular.read_table(path), today=TODAY)
    result = importer.commit(plan, source=name, skip_rows=set(plan.error_rows))
    return m.ImportBatch.get_by_id(result.batch_id)


def _household(block, family, reading, address):
    h, _edit = rs.save_household({"address1": "東京都港区芝", "address2": address, "block": block.id})
    p, _edit = rs.save_person({"household": h.id, "family_name": family, "given_name": "一",
                               "family_reading": reading, "given_reading": "いち", "is_head": True})
    return p


def _names(block) -> list[str]:
    """Who the block's call tree calls, in order, as printed."""
    (doc,) = calltree.print_docs(block)
    return [n.name for n in doc.root.walk()]


def _pages() -> list[str]:
    return [doc.name for doc in calltree.print_docs(None)]


NEW_BLOCK = ("新9班,長井 一郎,ながい いちろう,東京都港区芝3丁目1-1,03-1234-5678\n"
             "新9班,長井 二郎,ながい じろう,東京都港区芝3丁目2-2,03-1234-5679\n")


def test_printing_after_an_import_does_not_block_its_undo(store, tmp_path):
    """The tester's case: the import makes 新9班, printing makes its call tree; undo is not
    refused, and afterwards no print has a page for 新9班."""
    batch = _import(tmp_path, NEW_BLOCK)
    assert _pages() == ["新9班 連絡網"]  # made by printing
    assert importer.later_work(batch) == {}
    removed = importer.undo_import(batch)
    assert removed["people"] == 2 and removed["blocks"] == 1 and removed["call_trees"] == 1
    assert m.CallTree.select().count() == 0 and m.CallTreeNode.select().count() == 0
    assert _pages() == []


def test_a_tree_made_by_the_app_in_an_existing_block_is_made_again_without_the_imported(store, tmp_path):
    """1班 had households and no tree; the import adds one, printing makes the tree with
    all three. Undo takes the tree away (nobody set it); the next print makes it again with
    the two households that were there before."""
    block = rs.create_block("1班")
    _household(block, "青木", "あおき", "1丁目1-1")
    _household(block, "井上", "いのうえ", "1丁目2-2")
    batch = _import(tmp_path, "1班,相田 三,あいだ さん,東京都港区芝5丁目1-1,03-5555-0000\n")
    assert "相田 三" in _names(block)
    importer.undo_import(batch)
    assert _names(block) == ["青木 一", "井上 一"] and m.CallTree.select().count() == 1


def test_places_a_person_arranged_still_block_the_undo(store, tmp_path):
    """An order changed in the editor after the import: the imported people's places in it
    are later work, as before; the undo says so and removes nothing."""
    block = rs.create_block("1班")
    _household(block, "青木", "あおき", "1丁目1-1")
    batch = _import(tmp_path, "1班,相田 三,あいだ さん,東京都港区芝5丁目1-1,03-5555-0000\n"
                              "1班,上田 四,うえだ よん,東京都港区芝6丁目1-1,03-6666-0000\n")
    tree = calltree.ensure_tree(block)
    _root, chains = calltree.call_order(tree)
    last = m.CallTreeNode.get(m.CallTreeNode.person == chains[-1][-1])
    calltree.move_up(last)  # by hand
    assert m.CallTree.get_by_id(tree.id).arranged_at is not None
    assert importer.later_work(batch) == {"call_trees": 2}
    with pytest.raises(importer.UndoBlocked):
        importer.undo_import(batch)
    assert m.Person.select().count() == 3 and m.CallTreeNode.select().count() == 3


def test_forced_undo_keeps_the_others_in_a_tree_set_by_hand(store, tmp_path):
    """Forced, the imported people leave the arranged tree; those they called move up into
    their place instead of dropping out with them."""
    block = rs.create_block("1班")
    aoki = _household(block, "青木", "あおき", "1丁目1-1")
    batch = _import(tmp_path, "1班,井上 三,いのうえ さん,東京都港区芝5丁目1-1,03-5555-0000\n")
    ueda = _household(block, "上田", "うえだ", "1丁目3-3")
    tree = calltree.build_for_block(block, 1)  # by hand: 青木 → 井上 → 上田
    assert _names(block) == ["青木 一", "井上 三", "上田 一"]
    importer.undo_import(batch, force=True)
    assert _names(block) == ["青木 一", "上田 一"]
    assert calltree.call_order(tree) == (aoki.id, [[ueda.id]])


def test_forced_undo_leaves_no_page_for_the_block_it_made(store, tmp_path):
    """A tree of the new 班 set by hand, then the undo forced: the 班 goes, and its tree with
    it (left without its 班 it printed as a page saying there is nobody)."""
    batch = _import(tmp_path, NEW_BLOCK)
    block = m.Block.get(m.Block.name == "新9班")
    tree = calltree.ensure_tree(block)
    calltree.set_branching(tree, 1)  # by hand
    assert importer.later_work(batch) == {"call_trees": 2}
    importer.undo_import(batch, force=True)
    assert m.Block.select().count() == 0 and m.CallTree.select().count() == 0 and _pages() == []


def test_households_put_at_the_end_of_a_tree_set_by_hand_go_with_the_undo(store, tmp_path):
    """A tree arranged by hand before the import; opening the editor puts the imported
    household at the end of the last line (the app does it). Undo is not refused, takes
    that place out, and leaves the order the person set."""
    block = rs.create_block("1班")
    people = [_household(block, fam, reading, f"1丁目{i}-1")
              for i, (fam, reading) in enumerate((("青木", "あおき"), ("井上", "いのうえ"), ("上田", "うえだ")), 1)]
    tree = calltree.build_for_block(block, 1)
    calltree.move_up(m.CallTreeNode.get(m.CallTreeNode.person == people[2].id))
    arranged = calltree.call_order(tree)
    yesterday = now() - dt.timedelta(days=1)  # arranged before the import (timestamps are to the second)
    m.CallTree.update(arranged_at=yesterday).where(m.CallTree.id == tree.id).execute()
    m.CallTreeNode.update(created_at=yesterday).where(m.CallTreeNode.tree == tree.id).execute()
    batch = _import(tmp_path, "1班,相田 三,あいだ さん,東京都港区芝5丁目1-1,03-5555-0000\n")
    assert [p.full_name for p in calltree.add_missing(tree)] == ["相田 三"]  # what opening the editor does
    assert importer.later_work(batch) == {}
    importer.undo_import(batch)
    assert calltree.call_order(tree) == arranged


def test_moving_nobody_does_not_count_as_arranging(store):
    """上へ on the first person changes nothing, so the tree stays the app's own."""
    block = rs.create_block("1班")
    first = _household(block, "青木", "あおき", "1丁目1-1")
    _household(block, "井上", "いのうえ", "1丁目2-2")
    tree = calltree.ensure_tree(block)
    root, _chains = calltree.call_order(tree)
    calltree.move_up(m.CallTreeNode.get(m.CallTreeNode.person == root))
    assert root == first.id and m.CallTree.get_by_id(tree.id).arranged_at is None
