"""A household that moved to another 班 leaves the old 班's call tree (found by testing: it
stayed on the old tree, on two trees at once, and could even become the old tree's 発信者).
The place is only hidden, as for people who died or moved out: moving back brings it back."""
from __future__ import annotations

import pdfplumber
import pytest

from db import models as m
from db.queries import print_lists as pl
from desktop.printing import calltree
from desktop.printing.document import PrintOptions
from desktop.services import calltree as svc
from desktop.services import roster


def _text(docs, out) -> str:
    calltree.render_calltrees(docs, out, PrintOptions())
    with pdfplumber.open(str(out)) as pdf:
        return "".join(ch["text"] for p in pdf.pages for ch in p.chars).replace(" ", "")


def _block(name: str) -> m.Block:
    return m.Block.get(m.Block.name == name)


def _names(doc) -> list[str]:
    return [n.name for n in doc.people()]


@pytest.mark.parametrize("leader_goes", [m.STATUS_MOVED, m.STATUS_DECEASED])
def test_a_household_moved_to_another_block_is_on_the_new_tree_only(demo_store, tmp_path, leader_goes):
    """The first person the 3班 班長 calls moves to 4班, then the 班長 moves out (or dies): the
    3班 diagram names neither, its 発信者 is the next person of that line; the 4班 diagram has
    the mover once, at the end, with the note that says so."""
    old, new = _block("3班"), _block("4班")
    tree = pl.call_trees(old)[0]
    root, chains = svc.call_order(tree)
    assert root == old.leader_id and len(chains[0]) >= 2
    mover = m.Person.get_by_id(chains[0][0])
    roster.move_household(mover.household, new)
    roster.set_status(m.Person.get_by_id(root), leader_goes)

    doc = svc.print_docs(old)[0]
    people = [n.person_id for n in doc.people()]
    assert mover.id not in people and root not in people
    assert doc.root.person_id == chains[0][1]
    assert mover.full_name not in doc.note
    text = _text([doc], tmp_path / "old.pdf")
    assert f"発信者：{doc.root.name.replace(' ', '')}" in text
    assert text.count(mover.full_name.replace(" ", "")) == _names(doc).count(mover.full_name)

    new_doc = svc.print_docs(new)[0]
    assert [n.person_id for n in new_doc.people()].count(mover.id) == 1
    # At the end, after the tree as it was made; only other late additions of 4班 (a household
    # whose head died, say), named in the note as well, may come after it.
    walk = list(new_doc.root.walk())
    tail = walk[[n.person_id for n in walk].index(mover.id):]
    assert mover.full_name in new_doc.note and all(n.name in new_doc.note for n in tail)
    text = _text([new_doc], tmp_path / "new.pdf")
    assert mover.full_name.replace(" ", "") in text

    # Nothing was deleted: back in 3班 (and the 班長 back), the tree is as it was.
    assert m.CallTreeNode.select().where((m.CallTreeNode.tree == tree) & (m.CallTreeNode.person == mover.id)).exists()
    roster.move_household(m.Household.get_by_id(mover.household_id), old)
    roster.set_status(m.Person.get_by_id(root), m.STATUS_MEMBER)
    assert svc.call_order(tree) == (root, chains)


def test_moved_household_is_named_for_the_editor_and_dropped_by_rebuild(demo_store):
    """The old tree says who left for which 班 (the editor shows it); a rebuild keeps the
    order of the others and leaves the mover out; a household moved to no block says so."""
    old, new = _block("2班"), _block("5班")
    tree = pl.call_trees(old)[0]
    root, chains = svc.call_order(tree)
    order = [p for c in chains for p in c]
    mover, unblocked = m.Person.get_by_id(order[2]), m.Person.get_by_id(order[4])
    roster.move_household(mover.household, new)
    roster.move_household(unblocked.household, None)
    assert pl.moved_to_other_blocks(tree) == [(mover.full_name, "5班"), (unblocked.full_name, "")]
    note = svc.moved_away_note(tree)
    assert mover.full_name in note and "5班" in note and unblocked.full_name in note
    svc.rebuild(tree)
    _root, after = svc.call_order(tree)
    assert [p for c in after for p in c] == [p for p in order if p not in (mover.id, unblocked.id)]
    assert svc.moved_away_note(tree) == ""


def test_the_leader_who_lives_in_another_block_still_starts_the_tree(demo_store):
    """A 班長 set for 1班 whose own household is in 2班 is still the 1班 originator (as rebuild
    keeps them); only the people called are limited to 1班's households."""
    block = _block("1班")
    tree = pl.call_trees(block)[0]
    root, chains = svc.call_order(tree)
    roster.move_household(m.Person.get_by_id(root).household, _block("2班"))
    assert svc.call_order(tree) == (root, chains)
    assert svc.moved_away_note(tree) == ""
