"""The 要支援者 sheet of an import: it adds records for people not on the register, never
changes one that is there (an old file must not bring back a withdrawn consent), says which
rows it left out and why, and undoing the import removes exactly the records it made."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from db import models as m
from desktop.services import import_choices, importer, register, tabular

TODAY = dt.date(2026, 11, 28)
ROSTER = [["氏名", "ふりがな", "住所", "生年月日"],
          ["鈴木 一郎", "すずき いちろう", "東京都港区港南1-2-3", "S15.3.3"],
          ["佐藤 花子", "さとう はなこ", "東京都港区港南4-5-6", "S20.5.5"],
          ["田中 次郎", "たなか じろう", "東京都港区芝1-1-1", "S25.1.1"]]
REGISTER = [["氏名", "ふりがな", "生年月日", "理由", "同意", "緊急連絡先1氏名", "緊急連絡先1電話"],
            ["鈴木 一郎", "すずき いちろう", "S15.3.3", "一人暮らし高齢者", "同意", "鈴木 太郎", "09011112222"],
            ["佐藤 花子", "さとう はなこ", "S20.2.30", "車いす", "同意", "", ""],  # no such date
            ["山本 三郎", "やまもと さぶろう", "", "視覚障害", "同意", "", ""]]  # not in the roster


def _book(path, roster=ROSTER, reg_rows=REGISTER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名簿"
    for row in roster:
        ws.append(row)
    ws2 = wb.create_sheet("要支援者")
    for row in reg_rows:
        ws2.append(row)
    wb.save(path)
    return path


def _import(path):
    plan = importer.plan_import(tabular.read_table(path, "名簿"), today=TODAY)
    items = importer.plan_register(tabular.read_table(path, "要支援者"), today=TODAY)
    return import_choices.commit_with_choices(plan, import_choices.Choices(), source=path.name, register_items=items)


def test_rows_left_out_are_named_with_the_reason(store, tmp_path):
    """A bad date and a person not in the roster: each row is reported, none silently dropped."""
    result, extra = _import(_book(tmp_path / "a.xlsx"))
    assert extra["register"] == 1
    assert [(r["row"], r["name"]) for r in extra["register_skipped_rows"]] == [(3, "佐藤 花子")]
    assert [(r["row"], r["name"]) for r in extra["register_unmatched_rows"]] == [(4, "山本 三郎")]
    from desktop.services.import_messages import register_report

    text = "\n".join(register_report(extra))
    assert "3 行目" in text and "S20.2.30" in text and "4 行目" in text and "山本 三郎" in text


def test_importing_an_old_file_again_keeps_a_withdrawn_consent(store, tmp_path):
    """After the import, 鈴木さん withdraws consent and the contact's phone changes in the app.
    The same old file imported again leaves his record exactly as it is, and undoing that
    second import changes nothing of it either."""
    path = _book(tmp_path / "a.xlsx")
    _import(path)
    suzuki = m.Person.get(m.Person.family_name == "鈴木")
    record = m.SupportRecord.get(m.SupportRecord.person == suzuki)
    register.update_record(record, {"consent": m.CONSENT_NO})
    register.set_emergency_contacts(record, [{"name": "鈴木 太郎", "relation": "", "phone": "08099998888",
                                              "lives_where": ""}])
    result, extra = _import(path)
    assert extra["register"] == 0 and [r["name"] for r in extra["register_kept_rows"]] == ["鈴木 一郎"]
    record = m.SupportRecord.get_by_id(record.id)
    assert record.consent == m.CONSENT_NO
    assert [c.phone for c in record.emergency_contacts] == ["08099998888"]
    import_choices.undo_batch(result.batch_id)
    record = m.SupportRecord.get_by_id(record.id)
    assert record.consent == m.CONSENT_NO and record.deleted_at is None


def test_an_import_with_a_register_sheet_can_be_undone_at_once(store, tmp_path):
    """The records the import made are its own: undo removes them with the people (it was
    refused as 'later work')."""
    result, extra = _import(_book(tmp_path / "a.xlsx"))
    assert extra["register"] == 1
    removed = import_choices.undo_batch(result.batch_id)
    assert removed["register"] == 1 and removed["people"] == 3
    assert m.SupportRecord.select().count() == 0 and m.EmergencyContact.select().count() == 0


def test_a_record_edited_after_the_import_is_later_work(store, tmp_path):
    """Once a made record is edited, undo is refused with what would be lost."""
    result, _extra = _import(_book(tmp_path / "a.xlsx"))
    record = m.SupportRecord.get()
    record.details = "階段は無理"
    record.updated_at = dt.datetime.now() + dt.timedelta(seconds=5)
    m.SupportRecord.update(details="階段は無理", updated_at=record.updated_at).where(m.SupportRecord.id == record.id).execute()
    with pytest.raises(importer.UndoBlocked) as blocked:
        import_choices.undo_batch(result.batch_id)
    assert blocked.value.counts == {"register": 1}


def test_a_register_sheet_without_readings_matches_by_name(store, tmp_path):
    """Many lists have 氏名 / 理由 / 同意 only: the name alone matches (the birth date too when
    given); two people of one name are reported, not guessed."""
    _import(_book(tmp_path / "roster.xlsx", reg_rows=[["氏名", "理由", "同意"]]))
    twin = m.Person.create(family_name="田中", given_name="次郎", family_reading="たなか", given_reading="じろう",
                           household=m.Household.select().first())
    path = tmp_path / "reg.xlsx"
    _book(path, reg_rows=[["氏名", "理由", "同意"], ["鈴木 一郎", "一人暮らし高齢者", "同意"],
                          ["田中 次郎", "車いす", "同意"]])
    items = importer.plan_register(tabular.read_table(path, "要支援者"), today=TODAY)
    extra = importer.commit_register(items, source="reg.xlsx")
    assert extra["register"] == 1 and m.SupportRecord.get().person.family_name == "鈴木"
    assert extra["register_unmatched_rows"] == [{"row": 3, "name": "田中 次郎", "several": True}]
    assert twin.id  # two 田中 次郎 now
    batch = m.ImportBatch.get_by_id(extra["register_batch"])  # a register-only import is undoable too
    assert importer.undo_import(batch)["register"] == 1


def test_cli_a_register_row_error_does_not_skip_the_roster_row_of_that_number(db_path, password, tmp_path,
                                                                             monkeypatch, capsys):
    """Row 3 of the 要支援者 sheet has a bad date; with --skip-invalid, row 3 of the roster
    sheet (佐藤 花子) is still imported: the sheets number their rows apart."""
    from db.store import Store
    from desktop.app import main

    Store.open(db_path, password, create=True, name="町会").close(auto_backup=False)
    monkeypatch.setenv("TSUNAGARI_PASSWORD", password)
    path = _book(tmp_path / "a.xlsx")
    assert main(["import", str(path), "--db", str(db_path), "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "3 行目" in out and "S20.2.30" in out and "山本 三郎" in out
    s = Store.open(db_path, password)
    try:
        assert sorted(p.family_name for p in m.Person.select()) == ["佐藤", "田中", "鈴木"]
    finally:
        s.close(auto_backup=False)


@pytest.mark.parametrize("word,code", [("ひとり暮らし高齢者", "elderly_alone"), ("独居", "elderly_alone"),
                                       ("車椅子", "wheelchair"), ("透析", "dialysis"), ("高齢者世帯", "elderly_only")])
def test_reasons_written_in_other_words_are_understood(store, tmp_path, word, code):
    """Rosters write the same reason in other words: ひとり暮らし高齢者 is 一人暮らし高齢者 (it
    went to 詳細 with no reason and only a note)."""
    path = _book(tmp_path / "a.xlsx", reg_rows=[["氏名", "ふりがな", "理由", "同意"],
                                                ["鈴木 一郎", "すずき いちろう", word, "同意"]])
    items = importer.plan_register(tabular.read_table(path, "要支援者"), today=TODAY)
    assert items[0].values["reasons"] == [code] and not items[0].problems


def _forecast_then_commit(path, choices_for=lambda plan: import_choices.Choices()):
    """(what forecast_register says before, what commit_with_choices does) for one file."""
    plan = importer.plan_import(tabular.read_table(path, "名簿"), today=TODAY)
    items = importer.plan_register(tabular.read_table(path, "要支援者"), today=TODAY)
    choices = choices_for(plan)
    dup_rows = {d.row for d in plan.duplicates}
    left_out = set(choices.skip_rows) | (dup_rows - choices.keep_rows) | set(choices.merges)
    before = importer.forecast_register(items, plan, left_out, choices.merges)
    _result, extra = import_choices.commit_with_choices(plan, choices, source=path.name, register_items=items)
    return before, extra


def _register_keys(summary):
    return {k: v for k, v in summary.items() if k.startswith("register") and k != "register_batch"}


def test_the_forecast_is_what_the_import_does(store, tmp_path):
    """Added with the roster, unreadable, not in the roster, then the same file again (all
    kept): before and after say the same, row by row."""
    path = _book(tmp_path / "a.xlsx")
    before, after = _forecast_then_commit(path)
    assert _register_keys(before) == _register_keys(after) and after["register"] == 1
    assert after["register_sheet"] == "要支援者"
    before, after = _forecast_then_commit(path)
    assert _register_keys(before) == _register_keys(after)
    assert (after["register"], after["register_kept"]) == (0, 1)


def test_a_person_twice_on_the_sheet_gets_one_record(store, tmp_path):
    """The second row of the same person finds the record the first made (it was kept, and
    is said so before the import too)."""
    path = _book(tmp_path / "a.xlsx", reg_rows=REGISTER[:2] + [REGISTER[1]])
    before, after = _forecast_then_commit(path)
    assert _register_keys(before) == _register_keys(after)
    assert (after["register"], after["register_kept"]) == (1, 1)


@pytest.mark.parametrize("replace,added", [({"name"}, 1), (set(), 0)])
def test_a_merge_that_renames_someone_is_foreseen(store, tmp_path, replace, added):
    """The file writes 鈴木 一朗 for the roster's 鈴木 一郎 (same reading and birth date) and the
    register sheet too: merged with 「名前」 ticked, the register row finds him; not ticked, it
    does not. The forecast says which, as the import then does."""
    _import(_book(tmp_path / "first.xlsx", reg_rows=[REGISTER[0]]))
    roster = [ROSTER[0], ["鈴木 一朗", "すずき いちろう", "東京都港区港南1-2-3", "S15.3.3"]]
    reg_rows = [REGISTER[0], ["鈴木 一朗", "すずき いちろう", "S15.3.3", "一人暮らし高齢者", "同意", "", ""]]
    path = _book(tmp_path / "next.xlsx", roster=roster, reg_rows=reg_rows)

    def merge(plan):
        (dup,) = plan.duplicates
        return import_choices.Choices(merges={dup.row: (int(dup.other[3:]), set(replace))})

    before, after = _forecast_then_commit(path, merge)
    assert _register_keys(before) == _register_keys(after)
    assert after["register"] == added and after["register_unmatched"] == 1 - added


def test_register_problems_say_what_happens_to_each_row(store, tmp_path):
    """Each row left out has a problem named by its sheet, in a sentence, with an action that
    is not 「imported as is」; a row left as it is drops its notes (nothing of it is used)."""
    from desktop.services.import_messages import action_text, problem_text

    path = _book(tmp_path / "a.xlsx")
    _import(path)
    items = importer.plan_register(tabular.read_table(path, "要支援者"), today=TODAY)
    items[0].problems.append(importer.Problem(2, "理由", "猫", "unknown_reason", importer.NOTE, sheet="要支援者"))
    plan = importer.plan_import(tabular.read_table(path, "名簿"), today=TODAY)
    forecast = importer.forecast_register(items, plan, {d.row for d in plan.duplicates})
    problems = importer.register_problems(items, forecast)
    assert [(p.row, p.code) for p in problems] == [(2, "already_registered"), (3, "bad_date"), (4, "not_in_roster")]
    for p in problems:
        assert p.sheet == "要支援者" and problem_text(p) != p.code
        assert action_text(p) != "そのまま取り込みます"
    assert action_text(problems[0]) == "登録はそのままにします"


@pytest.mark.parametrize("code", ["title_row", "header_repeated", "hidden_column", "column_taken"])
def test_what_is_left_out_is_not_said_to_be_imported(code):
    """A row or column the import leaves out never reads 「そのまま取り込みます」 beside it."""
    from desktop.services.import_messages import action_text

    assert "取り込みません" in action_text(importer.Problem(3, "", "合計　5名", code, importer.NOTE))
