"""Call trees are made per block automatically (DESIGN.md): a block's first call-tree or call-list
print makes its tree; trees set by hand are never remade; an empty print says what to do."""
from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest

from db import models as m
from db.queries import print_lists as pl
from desktop.app import main
from desktop.printing import jobs
from desktop.services import calltree as svc
from desktop.services import roster as rs

TODAY = dt.date(2026, 11, 29)


def pdf_text(path_or_bytes) -> str:
    import io

    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    with pdfplumber.open(src) as pdf:
        return "\n".join((p.extract_text() or "") for p in pdf.pages).replace(" ", "").replace("\n", "")


def add_household(block, *people, land="0354711234"):
    """A household (in `block`, or none) with people (family, given, reading); the first is the head."""
    h, _edit = rs.save_household({"address1": "東京都港区港南", "address2": "3丁目5-1", "landline": land,
                                  "block": block.id if block else None})
    out = []
    for i, (fam, giv, reading) in enumerate(people):
        p, _edit = rs.save_person({"household": h.id, "family_name": fam, "given_name": giv,
                                   "family_reading": reading, "given_reading": "", "is_head": i == 0})
        out.append(p)
    return h, out


def printed(kind: str, block=None) -> str:
    job = jobs.prepare(jobs.JobRequest(kind, block=block.name if block else None,
                                       block_id=block.id if block else None), today=TODAY, actor="tester")
    _result, data = jobs.render_bytes(job, today=TODAY)
    return pdf_text(data)


def builds() -> int:
    return m.AuditLog.select().where(m.AuditLog.action == "build").count()


@pytest.mark.parametrize("kind", ["calllist", "calltree"])
def test_first_print_of_a_block_makes_its_tree(store, kind):
    """The first day: a block with two households and no tree prints everybody; the tree is
    stored (one per block) and its making is in the audit log."""
    block = rs.create_block("1班")
    add_household(block, ("河野", "和子", "こうの"), ("河野", "一郎", "こうの"))
    add_household(block, ("佐藤", "トメ", "さとう"), land="0354715555")
    text = printed(kind)
    assert "河野和子" in text and "佐藤トメ" in text and "河野一郎" not in text  # one call per household
    assert m.CallTree.select().count() == 1 and builds() == 1
    assert m.AuditLog.get(m.AuditLog.action == "build").actor == "tester"
    printed(kind, block)  # printing again, for the block: the same tree, not made again
    assert m.CallTree.select().count() == 1 and builds() == 1


def test_a_tree_set_by_hand_is_never_remade(store):
    """An order changed in the editor survives printing."""
    block = rs.create_block("1班")
    for fam, reading in (("青木", "あおき"), ("井上", "いのうえ"), ("上田", "うえだ"), ("江藤", "えとう")):
        add_household(block, (fam, "一", reading))
    tree = svc.build_for_block(block, 1)
    _root, (chain,) = svc.call_order(tree)
    svc.move_up(m.CallTreeNode.get(m.CallTreeNode.person == chain[2]))
    before = svc.call_order(tree)
    printed("calllist")
    assert svc.call_order(tree) == before and builds() == 1


def test_a_household_that_joined_later_is_printed_at_the_end_with_a_note(store):
    """A household put in the block after the tree was made is printed after the last
    person of the last line, and the page says so; the stored tree stays as it was until the
    editor adds it for good."""
    block = rs.create_block("1班")
    add_household(block, ("青木", "一", "あおき"))
    add_household(block, ("井上", "二", "いのうえ"))
    tree = svc.build_for_block(block, 2)
    stored = svc.call_order(tree)
    _h, (late,) = add_household(block, ("相田", "三", "あいだ"))  # あ: first in 五十音, yet last here
    docs = svc.print_docs(block, actor="tester")
    (doc,) = docs
    assert [n.name for n in doc.root.children[-1].walk()][-1] == "相田 三"
    assert "相田 三" in doc.note and svc.call_order(tree) == stored and builds() == 1
    for kind in ("calllist", "calltree"):
        text = printed(kind, block)
        assert "相田三" in text and "最後の列の終わり" in text and "連絡網の編集" in text
    assert svc.add_missing(tree, actor="tester") == [late]  # what the editor does on opening
    root, chains = svc.call_order(tree)
    assert chains[-1][-1] == late.id and [p for c in chains for p in c][:-1] == [p for c in stored[1] for p in c]
    assert svc.print_docs(block)[0].note == "" and svc.add_missing(tree) == []


def test_the_widow_of_a_head_who_died_is_called_where_he_was(store):
    """The head called in the tree dies and his wife still lives there: she is called at his
    place in the line, with no "joined later" note; the stored tree is not changed; editing
    and remaking the tree keep the household where it was."""
    block = rs.create_block("1班")
    add_household(block, ("青木", "一", "あおき"))
    _h, (husband, wife) = add_household(block, ("井上", "二郎", "いのうえ"), ("井上", "ハル", "いのうえ"))
    add_household(block, ("上田", "三", "うえだ"))
    add_household(block, ("江藤", "四", "えとう"))
    tree = svc.build_for_block(block, 1, originator=None)
    before = svc.call_order(tree)
    assert husband.id in before[1][0]
    rs.set_status(husband, m.STATUS_DECEASED, actor="tester")
    (doc,) = svc.print_docs(block, actor="tester")
    names = [n.name for n in doc.root.walk()]
    assert names.index("井上 ハル") == [p for c in before[1] for p in c].index(husband.id) + 1
    assert "井上 二郎" not in names and doc.note == ""
    assert svc.missing_callees(tree) == [] and svc.add_missing(tree) == []
    text = printed("calltree", block)
    assert "井上ハル" in text and "班に入った" not in text and "最後の列の終わり" not in text
    stored = [[n.person_id for n in c.walk()] for c in doc.root.children]
    rebuilt = svc.rebuild(tree, actor="tester")
    assert svc.call_order(rebuilt)[1] == stored  # the remade tree stores her at his place
    # When she dies too, the household drops out and the line closes up.
    rs.set_status(m.Person.get_by_id(wife.id), m.STATUS_DECEASED, actor="tester")
    (doc,) = svc.print_docs(block)
    assert "井上" not in "".join(n.name for n in doc.root.walk()) and doc.note == ""


def test_the_widow_of_the_leader_who_died_is_not_said_to_have_joined_later(store):
    """The 班長 at the top of the tree dies; his wife is not made the originator, and the note
    that puts her at the end says she is called in his place, not that she joined later."""
    block = rs.create_block("1班")
    _h, (leader, wife) = add_household(block, ("青木", "一", "あおき"), ("青木", "ミツ", "あおき"))
    add_household(block, ("井上", "二", "いのうえ"))
    add_household(block, ("上田", "三", "うえだ"))
    tree = svc.build_for_block(block, 1, originator=leader.id)
    assert svc.call_order(tree)[0] == leader.id
    rs.set_status(leader, m.STATUS_DECEASED, actor="tester")
    (doc,) = svc.print_docs(block, actor="tester")
    assert doc.root.name != "青木 ミツ" and [n.name for n in doc.root.walk()][-1] == "青木 ミツ"
    assert "青木 ミツ" in doc.note and "青木 一" in doc.note and "班に入った" not in doc.note
    text = printed("calltree", block)
    assert "青木ミツ" in text and "代わり" in text


def test_no_block_at_all_says_where_to_make_blocks(store):
    """People but no block: the page names 「班の設定…」 and 「世帯を開く…」; nothing is made."""
    add_household(None, ("佐藤", "トメ", "さとう"))
    for kind in ("calllist", "calltree"):
        text = printed(kind)
        assert "班の設定…" in text and "世帯を開く…" in text and "連絡網の画面" not in text
    assert m.CallTree.select().count() == 0 and builds() == 0


def test_a_block_without_households_says_to_put_households_in_it(store):
    block = rs.create_block("2班")
    add_household(None, ("佐藤", "トメ", "さとう"))
    text = printed("calllist", block)
    assert "世帯を開く…" in text and m.CallTree.select().count() == 0


def test_a_tree_whose_people_all_left_says_where_to_press(store):
    """A tree left with nobody to call (the only household moved to another block): the page
    says what to do and where the editor's button is."""
    block, other = rs.create_block("1班"), rs.create_block("2班")
    h, _people = add_household(block, ("青木", "一", "あおき"))
    svc.build_for_block(block, 2)
    rs.move_household(h, other)
    m.CallTreeNode.delete().execute()  # the tree of 1班 as a file from before left it: empty
    text = printed("calllist", block)
    assert "「連絡網の編集」→「自動で作り直す」" in text and "電話できる人がいません" in text


def test_the_demo_trees_print_as_stored(demo_store):
    """Every demo block has its tree: printing makes none and changes none. The one demo
    household nobody in its tree calls (its head moved out) is printed at the end of its
    block's last line, with the note."""
    trees = pl.call_trees()
    stored = [pl.call_tree(t) for t in trees]
    orders = [svc.call_order(t) for t in trees]
    before = builds()
    docs = svc.print_docs(None, actor="tester")
    assert builds() == before and [svc.call_order(t) for t in trees] == orders
    assert len(docs) == len(stored) == m.Block.select().count()
    for tree, old, new in zip(trees, stored, docs):
        added = svc.missing_callees(tree)
        if not added:
            assert new == old
            continue
        assert [n.person_id for n in new.people()] == [n.person_id for n in old.people()] + [p.id for p in added]
        assert all(p.full_name in new.note for p in added)


@pytest.fixture
def new_file(tmp_path, monkeypatch, password):
    from db.store import Store

    path = tmp_path / "first.tsunagari"
    s = Store.open(path, password, create=True, name="みなと三丁目町会")
    block = rs.create_block("1班")
    add_household(block, ("河野", "和子", "こうの"))
    add_household(block, ("佐藤", "トメ", "さとう"))
    s.close(auto_backup=False)
    monkeypatch.setenv("TSUNAGARI_PASSWORD", password)
    return path


def test_cli_print_calllist_makes_the_tree(new_file, tmp_path, password):
    """`tsunagari print calllist` on a new file: both households are on the list."""
    from db.store import Store

    out = tmp_path / "calllist.pdf"
    assert main(["print", "calllist", "--db", str(new_file), "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "河野和子" in text and "佐藤トメ" in text
    s = Store.open(new_file, password)
    try:
        assert m.CallTree.select().count() == 1 and builds() == 1
    finally:
        s.close(auto_backup=False)
