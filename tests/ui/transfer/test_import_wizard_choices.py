"""The wizard's Qt-free choices (desktop/services/import_choices.py) against a real store."""
from __future__ import annotations

import pytest

from db import models as m
from desktop.services import import_choices, importer, tabular
from tests.ui.conftest import TODAY
from tests.ui.transfer.conftest import DUPLICATE_ROW, HEADER, ROWS


@pytest.fixture
def plan(tmp_path, suzuki):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return importer.plan_import(tabular.read_table(path), today=TODAY)


def test_merge_fills_only_empty_fields_in_one_audited_step(plan, suzuki):
    """A merge fills the empty phone, keeps the differing address, and writes the audit log."""
    row = DUPLICATE_ROW - 1  # no title row in this file
    person_in = next(p for p in plan.people if p.row == row)
    before = import_choices.merge_into(suzuki, person_in, set(), actor="tester")
    household = m.Person.get_by_id(suzuki.id).household
    assert household.landline == "0355556666" and household.address2 == "3-3-3"
    assert before["household_values"]["landline"] == ""
    actions = {a.action for a in m.AuditLog.select().where(m.AuditLog.actor == "tester")}
    assert {"update", "merge_import_row"} <= actions


def test_commit_with_choices_and_undo_restore_everything(plan, suzuki):
    """Skip, keep out, merge in one transaction; undo removes the new people and the merge."""
    row = DUPLICATE_ROW - 1
    choices = import_choices.Choices(skip_rows=set(plan.error_rows), merges={row: (suzuki.id, {"address"})})
    result, extra = import_choices.commit_with_choices(plan, choices, source="a.csv", actor="tester")
    assert (result.people, extra["merged"], result.skipped) == (2, 1, 1)
    assert m.Person.get_by_id(suzuki.id).household.address2 == "3丁目3-3"
    batch = m.ImportBatch.get_by_id(result.batch_id)
    import_choices.undo_batch(batch.id)
    suzuki_now = m.Person.get_by_id(suzuki.id)
    assert m.Person.select().count() == 1 and suzuki_now.household.address2 == "3-3-3"
    assert suzuki_now.household.landline == "" and suzuki_now.search_text
    assert import_choices.import_history()[0].undone_at is not None


def test_undo_keeps_what_was_changed_after_the_import(plan, suzuki):
    """Undo puts back only what the merge changed, and only where nobody changed it since: a
    note and a building typed after the import, and a landline changed again, stay; the
    address the merge replaced and the landline it filled (untouched since) go back."""
    from desktop.services import import_messages, roster

    row = DUPLICATE_ROW - 1
    choices = import_choices.Choices(skip_rows=set(plan.error_rows), merges={row: (suzuki.id, {"address"})})
    result, _extra = import_choices.commit_with_choices(plan, choices, source="a.csv", actor="tester")
    person = m.Person.get_by_id(suzuki.id)
    assert person.household.landline == "0355556666" and person.household.address2 == "3丁目3-3"
    # After the import, the leader edits him the ordinary way.
    roster.save_person({"family_name": person.family_name, "notes": "2026/12 入院、連絡は妻へ",
                        "mobile": "09011112222"}, person, actor="leader")
    roster.save_household({"address3": "ハイツ芝201"}, person.household, actor="leader")
    removed = import_choices.undo_batch(result.batch_id, actor="tester")
    now = m.Person.get_by_id(suzuki.id)
    assert (now.notes, now.mobile) == ("2026/12 入院、連絡は妻へ", "09011112222")  # never part of the merge
    assert now.household.address3 == "ハイツ芝201"
    assert now.household.address2 == "3-3-3" and now.household.landline == ""  # the merge's own changes go back
    assert removed["merged"] == 1 and removed["kept_since"] == []
    assert "1" in import_messages.undo_question_detail(1)


def test_undo_says_which_merged_values_it_kept(plan, suzuki):
    """A field the merge wrote and somebody changed again after the import is kept as it is
    now, and the undo names the person and the field."""
    from desktop.services import import_messages, roster

    row = DUPLICATE_ROW - 1
    choices = import_choices.Choices(skip_rows=set(plan.error_rows), merges={row: (suzuki.id, {"address"})})
    result, _extra = import_choices.commit_with_choices(plan, choices, source="a.csv", actor="tester")
    person = m.Person.get_by_id(suzuki.id)
    roster.save_household({"landline": "0354719999"}, person.household, actor="leader")
    removed = import_choices.undo_batch(result.batch_id, actor="tester")
    now = m.Person.get_by_id(suzuki.id)
    assert now.household.landline == "0354719999" and now.household.address2 == "3-3-3"
    assert removed["kept_since"] == ["鈴木 一郎（電話）"]
    assert "鈴木 一郎（電話）" in import_messages.undone_text(removed)


def test_failed_commit_leaves_nothing(plan, suzuki, monkeypatch):
    """If the merge fails after the people are written, the whole import is rolled back."""
    row = DUPLICATE_ROW - 1

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(import_choices, "merge_into", boom)
    choices = import_choices.Choices(skip_rows=set(plan.error_rows), merges={row: (suzuki.id, set())})
    with pytest.raises(OSError):
        import_choices.commit_with_choices(plan, choices)
    assert m.Person.select().count() == 1 and m.ImportBatch.select().count() == 0


def test_set_cell_and_split(plan):
    """A corrected cell clears the row's error on replan; split_out makes a one-person household."""
    bad = plan.error_rows[0]
    assert import_choices.set_cell(plan, bad, "電話", "03-1111-2222")
    assert not import_choices.set_cell(plan, bad, "ない列", "x")
    again = import_choices.replan(plan, TODAY, {3})
    assert not again.error_rows
    sizes = sorted(len(h) for h in again.households)
    assert sizes == [1, 1, 1, 1]  # 山田 花子 (row 3) split from 太郎
    hanako = next(p for p in again.people if p.row == 3)
    assert hanako.is_head
