"""Call trees: the service that builds and edits them, and the tree diagram PDF."""
from __future__ import annotations

import pdfplumber
import pytest

from db import models as m
from db.queries import print_lists as pl
from desktop.printing import calltree
from desktop.printing.document import PrintOptions
from desktop.printing.list_rows import CallNode, CallTreeDoc, Phone
from desktop.services import calltree as svc


def page_texts(path) -> list[str]:
    """Each page's characters in drawing order, spaces dropped (names are drawn in one run)."""
    with pdfplumber.open(path) as pdf:
        return ["".join(ch["text"] for ch in p.chars).replace(" ", "") for p in pdf.pages]


def _block(n: int = 0) -> m.Block:
    return m.Block.select().order_by(m.Block.position)[n]


def test_build_for_block_one_person_per_household(demo_store):
    """The 班長 is the originator; every household of the block is called exactly once."""
    block = _block(1)
    tree = svc.build_for_block(block, branching=3)
    root, chains = svc.call_order(tree)
    assert root == block.leader_id and len(chains) == 3
    called = [p for c in chains for p in c]
    households = {p.household_id for p in svc.household_callees(block)}
    people = m.Person.select().where(m.Person.id.in_(called))
    assert len(called) == len(set(called)) and {p.household_id for p in people} | {block.leader.household_id} == households
    assert abs(len(chains[0]) - len(chains[-1])) <= 1  # nearly equal chains
    assert m.CallTree.select().where(m.CallTree.block == block.id).count() == 1  # rebuilt in place


def test_set_branching_keeps_the_order(demo_store):
    """Re-splitting into 2 chains keeps the call order the user set."""
    tree = svc.build_for_block(_block(0), branching=3)
    _root, before = svc.call_order(tree)
    svc.set_branching(tree, 2)
    _root, after = svc.call_order(tree)
    assert len(after) == 2 and [p for c in after for p in c] == [p for c in before for p in c]


def test_move_up_and_down_in_a_chain(demo_store):
    """Up swaps a person with their caller; down swaps back; the originator never moves."""
    tree = svc.build_for_block(_block(0), branching=1)
    _root, (chain,) = svc.call_order(tree)
    node = m.CallTreeNode.get((m.CallTreeNode.tree == tree) & (m.CallTreeNode.person == chain[2]))
    moved_to = svc.move_up(node)
    assert svc.call_order(tree)[1][0][:3] == [chain[0], chain[2], chain[1]]
    svc.move_down(moved_to)
    assert svc.call_order(tree)[1][0] == chain
    root = m.CallTreeNode.get((m.CallTreeNode.tree == tree) & m.CallTreeNode.parent.is_null())
    assert svc.move_up(root) == root.id


def test_move_branch_heads_and_reparent(demo_store):
    """Branch heads swap places with up/down; reparenting moves a subtree and refuses cycles."""
    tree = svc.build_for_block(_block(0), branching=2)
    _root, (a, b) = svc.call_order(tree)
    head_b = m.CallTreeNode.get((m.CallTreeNode.tree == tree) & (m.CallTreeNode.person == b[0]))
    svc.move_up(head_b)
    assert svc.call_order(tree)[1] == [b, a]
    head_a = m.CallTreeNode.get((m.CallTreeNode.tree == tree) & (m.CallTreeNode.person == a[0]))
    last_b = m.CallTreeNode.get((m.CallTreeNode.tree == tree) & (m.CallTreeNode.person == b[-1]))
    svc.reparent(head_a, last_b)  # chain a now follows the end of chain b
    assert svc.call_order(tree)[1] == [b + a]
    with pytest.raises(svc.CallTreeError):
        svc.reparent(head_a.id, m.CallTreeNode.get((m.CallTreeNode.tree == tree) & (m.CallTreeNode.person == a[-1])))


def test_rebuild_drops_people_who_left(demo_store):
    """A person who moved out drops from the tree; the rest keep their order."""
    tree = svc.build_for_block(_block(2), branching=2)
    _root, chains = svc.call_order(tree)
    order = [p for c in chains for p in c]
    gone = order[1]
    m.Person.update(status=m.STATUS_MOVED).where(m.Person.id == gone).execute()
    assert gone not in [n.person_id for n in pl.call_tree(tree).people()]  # skipped on paper at once
    svc.rebuild(tree)
    _root, chains = svc.call_order(tree)
    assert [p for c in chains for p in c] == [p for p in order if p != gone]


def _at(tree, person_id) -> m.CallTreeNode:
    return m.CallTreeNode.get((m.CallTreeNode.tree == tree) & (m.CallTreeNode.person == person_id))


@pytest.mark.parametrize("how", ["moved_out", "other_block"])
@pytest.mark.parametrize("press", ["up", "down", "reparent"])
def test_one_press_moves_past_a_place_of_someone_who_left(demo_store, press, how):
    """Someone in a chain moved away (転出, or their household to another 班; the editor no
    longer shows them): 上へ on the person shown after them, 下へ on the one shown before them,
    and a drag each take effect at once, as the screen shows the chain."""
    from desktop.services import roster

    tree = svc.build_for_block(_block(0), branching=1)
    _root, (chain,) = svc.call_order(tree)
    a, gone, b, c = chain[:4]
    if how == "moved_out":  # the whole household (one who stays would be called at its place)
        household = m.Person.get_by_id(gone).household_id
        m.Person.update(status=m.STATUS_MOVED).where(m.Person.household == household).execute()
    else:
        roster.move_household(m.Person.get_by_id(gone).household, _block(1))
    if press == "up":
        svc.move_up(_at(tree, b))
        expected = [b, a, c]
    elif press == "down":
        svc.move_down(_at(tree, a))
        expected = [b, a, c]
    else:  # drag c (and those after c) to be called by a, before b: b is called last
        svc.reparent(_at(tree, c), _at(tree, a), position=0)
        expected = [a, c]
    _root, chains = svc.call_order(tree)
    order = [p for ch in chains for p in ch]
    assert order[:len(expected)] == expected
    if press == "reparent":
        assert order[-1] == b and len(order) == len(chain) - 1
    assert gone not in [n.person_id for n in pl.call_tree(tree).people()]
    assert _at(tree, gone)  # the place is kept
    assert m.Person.get_by_id(gone).status == (m.STATUS_MOVED if how == "moved_out" else m.STATUS_MEMBER)


def test_an_edit_never_deletes_the_place_of_someone_only_hidden(demo_store):
    """The 班長 (originator) put in the trash by mistake, then another person moved in the
    editor, then the 班長 restored: they are the originator again (the edit had deleted the
    places of hidden people, so a restored person came back at the end, 'joined later')."""
    from desktop.services import trash

    tree = svc.build_for_block(_block(0), branching=2)
    root, (a, b) = svc.call_order(tree)
    trash.trash_person(m.Person.get_by_id(root))
    svc.move_down(_at(tree, b[0]))
    trash.restore_person(m.Person.get_by_id(root))
    new_root, chains = svc.call_order(tree)
    assert new_root == root and sorted(p for c in chains for p in c) == sorted(a + b)
    assert not svc.print_docs(_block(0))[0].note


def test_originator_who_left_is_replaced_by_the_first_person_they_called(demo_store):
    """A dead originator: before an edit, the first person they called leads (as printed)."""
    tree = svc.build_for_block(_block(0), branching=2)
    root, (a, b) = svc.call_order(tree)
    m.Person.update(status=m.STATUS_DECEASED).where(m.Person.id == root).execute()
    shown = pl.call_tree(tree)
    svc.move_down(_at(tree, b[0]))
    assert pl.call_tree(tree).root.person_id == shown.root.person_id == a[0]
    assert root not in [n.person_id for n in pl.call_tree(tree).people()]


def test_tree_rows_nested(demo_store):
    """tree_rows gives the originator with the branch heads as children, phones in order."""
    tree = pl.call_trees(_block(0))[0]
    root = svc.tree_rows(tree)
    assert root.children and all(isinstance(c, CallNode) for c in root.children)
    for node in root.walk():
        kinds = [p.kind for p in node.phones]
        assert kinds in ([], ["landline"], ["mobile"], ["landline", "mobile"])


def test_every_person_once_with_phone(demo_store, tmp_path):
    """On the diagram every callee's name appears once, with each of their numbers."""
    docs = [pl.call_tree(t) for t in pl.call_trees()]
    out = tmp_path / "tree.pdf"
    result = calltree.render_calltrees(docs, out, PrintOptions())
    pages = page_texts(out)
    assert result.pages == len(pages) >= len(docs)
    starts = [page for _title, page in result.sections] + [len(pages) + 1]
    for i, doc in enumerate(docs):
        text = "".join(pages[starts[i] - 1:starts[i + 1] - 1])  # this tree's pages
        root_name = doc.root.name.replace(" ", "")
        for node in doc.people():
            name = node.name.replace(" ", "")
            if root_name in name or name in root_name:
                continue  # the originator's name is repeated in the "report to" notes
            same = sum(1 for n in doc.people() if n.name.replace(" ", "") == name)
            assert text.count(name) == same, node.name
            for phone in node.phones:
                assert phone.number in text


def test_long_chain_continues_on_the_next_page(tmp_path):
    """A 40-person chain does not squeeze below a readable box: it continues on page 2."""
    chain = None
    for i in range(40, 0, -1):
        chain = CallNode(i, f"テスト 人{i}", phones=(Phone("landline", f"03-5000-{i:04d}"),),
                         children=(chain,) if chain else ())
    doc = CallTreeDoc(1, "テスト連絡網", "1班", CallNode(99, "班長 太郎", children=(chain,)))
    out = tmp_path / "long.pdf"
    result = calltree.render_calltrees([doc], out)
    text = "".join(page_texts(out))
    assert result.pages >= 3
    assert all(f"03-5000-{i:04d}" in text for i in range(1, 41))


def test_a_person_without_a_phone_in_the_middle_of_a_chain_says_how_it_goes_on():
    """The chain would stop at someone with no phone: the box says to visit and call on."""
    from desktop.printing import calltree
    from desktop.printing.list_rows import CallNode

    last = CallNode(3, "上野 三郎")
    middle = CallNode(2, "井上 二郎", children=(last,))
    assert "訪ね" in calltree.phone_text(middle) or "visit" in calltree.phone_text(middle)
    assert calltree.phone_text(last) != calltree.phone_text(middle)
