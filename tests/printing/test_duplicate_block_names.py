"""Files made before block names had to differ may hold two blocks of one name: a print then
chooses the block by id (print page) or refuses the ambiguous name (command line); no household
is silently left out."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from db import models as m
from db.store import Store
from desktop.app import main
from desktop.printing import jobs

TODAY = dt.date(2026, 11, 28)


def _make_duplicate(moved: m.Household | None = None):
    """A second block named like the first, holding one household of the first (its first
    household unless `moved` is given); returns (first, duplicate, the moved household)."""
    first = m.Block.select().order_by(m.Block.position).first()
    dup = m.Block.create(name=first.name, position=99)
    moved = moved or (m.Household.select().where(m.Household.block == first.id, m.Household.deleted_at.is_null())
                      .order_by(m.Household.id).first())
    m.Household.update(block=dup.id).where(m.Household.id == moved.id).execute()
    return first, dup, moved


def _household_ids(prepared) -> set[int]:
    return {h.household_id for b in prepared.data for h in b.households}


def test_safety_sheet_of_each_same_named_block(demo_store):
    """Chosen by id, each 1班 prints its own households: the moved one is on the second's sheet."""
    first, dup, moved = _make_duplicate()
    of_dup = jobs.prepare(jobs.JobRequest("safety", block=dup.name, block_id=dup.id), today=TODAY)
    of_first = jobs.prepare(jobs.JobRequest("safety", block=first.name, block_id=first.id), today=TODAY)
    assert _household_ids(of_dup) == {moved.id}
    assert moved.id not in _household_ids(of_first) and len(_household_ids(of_first)) > 0


def test_labels_of_the_second_block_by_id(demo_store):
    """Address labels by id hold exactly the households of that block."""
    first, dup, moved = _make_duplicate()
    rows, _sender = jobs.prepare(jobs.JobRequest("labels", block=dup.name, block_id=dup.id), today=TODAY).data
    assert len(rows) == 1 and rows[0].address2 == moved.address2


def test_an_ambiguous_name_is_refused_and_both_are_listed(demo_store):
    """By name alone (the command line), two blocks of the name stop the print and are listed."""
    first, dup, _moved = _make_duplicate()
    with pytest.raises(jobs.JobError) as caught:
        jobs.prepare(jobs.JobRequest("safety", block=first.name), today=TODAY)
    text = str(caught.value)
    assert f"id {first.id}" in text and f"id {dup.id}" in text and "統合" in text


def test_a_merged_block_chosen_before_is_a_sentence(demo_store):
    """The page chose a block that was merged away since: a sentence, not a crash."""
    from desktop.services import blocks

    first, dup, _moved = _make_duplicate()
    blocks.merge_blocks(dup, first)
    with pytest.raises(jobs.JobError, match="統合"):
        jobs.prepare(jobs.JobRequest("safety", block=dup.name, block_id=dup.id), today=TODAY)


@pytest.fixture
def dup_file(demo_template, tmp_path, monkeypatch, password):
    path = tmp_path / "cli.tsunagari"
    shutil.copyfile(demo_template, path)
    monkeypatch.setenv("TSUNAGARI_PASSWORD", password)
    s = Store.open(path, password)
    try:
        first, dup, moved = _make_duplicate()
        second = m.Block.select().order_by(m.Block.position).offset(1).first().name
    finally:
        s.close(auto_backup=False)
    return path, first.name, second


@pytest.mark.parametrize("kind", [["safety"], ["labels", "--sheet", "hisago-elm008"], ["directory"]])
def test_cli_refuses_an_ambiguous_block_name(dup_file, tmp_path, capsys, password, kind):
    """--block 1班 with two 1班: exit 2, both listed with ids, no PDF, no ledger line."""
    path, name, _second = dup_file
    out = tmp_path / "x.pdf"
    assert main(["print", *kind, "--db", str(path), "--out", str(out), "--block", name]) == 2
    err = capsys.readouterr().err
    assert err.count(name) >= 3 and "id " in err and "Traceback" not in err and not out.exists()
    s = Store.open(path, password)
    try:
        assert m.PrintCustody.select().count() == 0
    finally:
        s.close(auto_backup=False)


def test_cli_a_unique_name_prints_as_before_also_in_full_width(dup_file, tmp_path, password):
    """A name only one block has still prints; 「２班」 typed in full width finds 2班 (the ledger
    line names the block as it is written)."""
    path, _name, second = dup_file
    out = tmp_path / "s.pdf"
    wide = second.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert wide != second
    assert main(["print", "safety", "--db", str(path), "--out", str(out), "--block", wide]) == 0
    assert out.exists()
    s = Store.open(path, password)
    try:
        assert [e.scope for e in m.PrintCustody.select()] == [second]
    finally:
        s.close(auto_backup=False)


def test_follow_up_print_of_one_of_two_same_named_blocks(demo_store):
    """The follow-up list for one 1班 lists the people of that block only (it matched by name,
    so it listed both blocks' people)."""
    from db.queries.followup import follow_up_list

    first = m.Block.select().order_by(m.Block.position).first()
    due = [r.person_id for r in follow_up_list(TODAY, days=30) if r.block_id == first.id]
    first, dup, moved = _make_duplicate(m.Person.get_by_id(due[0]).household)  # someone there is due a call
    everyone = follow_up_list(TODAY, days=30)
    in_moved = {r.person_id for r in everyone if r.block_id == dup.id}
    assert in_moved
    rows, _note = jobs.prepare(jobs.JobRequest("followup", block=first.name, block_id=first.id, days=30),
                               today=TODAY).data
    listed = {r.person_id for r in rows}
    assert listed and not listed & in_moved


@pytest.mark.parametrize("kind", [["safety"], ["labels", "--sheet", "hisago-elm008"]])
def test_cli_block_id_prints_one_of_two_same_named_blocks(dup_file, tmp_path, capsys, password, kind):
    """The refusal says --block-id; with it the second 1班 prints its own household."""
    import pdfplumber

    path, name, _second = dup_file
    s = Store.open(path, password)
    try:
        dup_id = m.Block.select().where(m.Block.name == name).order_by(m.Block.id.desc()).first().id
        moved_address = m.Household.get(m.Household.block == dup_id).address2
    finally:
        s.close(auto_backup=False)
    out = tmp_path / "x.pdf"
    assert main(["print", *kind, "--db", str(path), "--out", str(out), "--block", name]) == 2
    assert "--block-id" in capsys.readouterr().err
    assert main(["print", *kind, "--db", str(path), "--out", str(out), "--block-id", str(dup_id)]) == 0
    with pdfplumber.open(out) as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages).replace(" ", "")
    assert moved_address.replace(" ", "") in text.replace("−", "-")
    assert main(["print", *kind, "--db", str(path), "--out", str(out), "--block-id", "99999"]) == 2
