"""A 班長 who died, moved out (転出) or was put in the trash is printed as nobody's 班長 (found
by testing: the safety sheet still said 「班長：前田 正雄」 after 転出), on real PDFs."""
from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest

from db import models as m
from db.queries import print_lists as pl
from db.queries import roster as rq
from desktop.printing import jobs
from desktop.services import calltree as svc
from desktop.services import roster, trash

TODAY = dt.date(2026, 11, 28)


def _pdf_lines(path) -> list[str]:
    with pdfplumber.open(str(path)) as pdf:
        return [line.replace(" ", "") for p in pdf.pages for line in (p.extract_text() or "").splitlines()]


def _make_gone(person: m.Person, how: str) -> None:
    if how == "trash":
        trash.trash_person(person)
    else:
        roster.set_status(person, how)


def _bring_back(person: m.Person, how: str) -> None:
    if how == "trash":
        trash.restore_person(m.Person.get_by_id(person.id))
    else:
        roster.set_status(m.Person.get_by_id(person.id), m.STATUS_MEMBER)


def _print(kind: str, block: m.Block, out) -> list[str]:
    job = jobs.prepare(jobs.JobRequest(kind, block=block.name, block_id=block.id), today=TODAY, actor="t")
    jobs.output(job, out, today=TODAY, recipient=jobs.default_recipient(job.request))
    return _pdf_lines(out)


@pytest.mark.parametrize("how", [m.STATUS_MOVED, m.STATUS_DECEASED, "trash"])
def test_a_gone_leader_is_not_printed_as_the_blocks_leader(demo_store, tmp_path, how):
    """The safety sheet says 「班長：—」 (as for a block without a 班長), the HQ tally leaves the
    班長 blank, the ledger's default recipient names nobody; bringing them back prints them again."""
    block = m.Block.get(m.Block.name == "4班")
    leader = m.Person.get_by_id(block.leader_id)
    name = leader.full_name.replace(" ", "")
    request = jobs.JobRequest("safety", block=block.name, block_id=block.id)
    sheet = _print("safety", block, tmp_path / "before.pdf")
    assert any(f"班長：{name}" in line for line in sheet)  # the test can see a printed 班長
    assert jobs.default_recipient(request) == f"4班 班長 {leader.full_name}"

    _make_gone(leader, how)
    sheet = _print("safety", block, tmp_path / "safety.pdf")
    heads = [line for line in sheet if line.startswith("班：4班")]
    assert heads and all("班長：—" in line for line in heads), heads
    assert not any(f"班長：{name}" in line for line in sheet)
    tally = _print("tally", block, tmp_path / "tally.pdf")
    row = next(line for line in tally if line.startswith("4班"))
    assert name not in row
    assert jobs.default_recipient(request) == "4班"
    assert pl.safety_blocks(block)[0].leader == ""
    assert m.Block.get_by_id(block.id).leader_id == leader.id  # the setting is kept

    _bring_back(leader, how)
    sheet = _print("safety", block, tmp_path / "after.pdf")
    assert any(f"班長：{name}" in line for line in sheet)


def test_the_whole_association_tally_leaves_only_the_gone_leader_blank(demo_store, tmp_path):
    """The HQ tally of every block: the block whose 班長 died has no name, the others keep theirs."""
    blocks = list(m.Block.select().order_by(m.Block.position))
    dead = m.Person.get_by_id(blocks[2].leader_id)
    roster.set_status(dead, m.STATUS_DECEASED)
    job = jobs.prepare(jobs.JobRequest("tally"), today=TODAY, actor="t")
    jobs.output(job, tmp_path / "tally.pdf", today=TODAY, recipient="会長")
    lines = _pdf_lines(tmp_path / "tally.pdf")
    for b in blocks:
        row = next(line for line in lines if line.startswith(b.name))
        leader = m.Person.get_by_id(b.leader_id).full_name.replace(" ", "")
        assert (leader in row) == (b.id != blocks[2].id), row


def test_a_new_call_tree_does_not_start_with_a_leader_who_died(demo_store):
    """Rebuilding the tree of a block whose 班長 died: the originator is someone who can call."""
    block = m.Block.get(m.Block.name == "2班")
    roster.set_status(m.Person.get_by_id(block.leader_id), m.STATUS_DECEASED)
    assert rq.current_leader_id(block) is None
    tree = svc.build_for_block(block, 2)
    stored_root = m.CallTreeNode.get((m.CallTreeNode.tree == tree) & m.CallTreeNode.parent.is_null())
    assert stored_root.person_id != block.leader_id
    assert stored_root.person_id in {p.id for p in svc.household_callees(block)}
