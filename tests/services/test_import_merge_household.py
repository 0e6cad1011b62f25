"""Next year's roster merged into this year's: the file's 班 and status (転出, 死亡) reach the
roster only when ticked, through the roster's services; a household change names the others
who live there; what the roster keeps is listed; undo puts it all back."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from desktop.services import import_choices, importer, roster, tabular

TODAY = dt.date(2026, 11, 28)
HEADER = "氏名,フリガナ,生年月日,班,郵便番号,住所,状態\n"
SUMIKO_MOVED = "山田 澄子,ヤマダ スミコ,S13.1.17,2班,1050022,東京都港区海岸9丁目9-9,転出\n"


def make_yamada():
    """山田 修 and 山田 澄子, one household in 1班 (芝公園, phone 03-3433-1111); 2班 exists too."""
    one = roster.create_block("1班")
    roster.create_block("2班")
    home, _e = roster.save_household({"postal_code": "1050011", "address1": "東京都港区芝公園",
                                      "address2": "1丁目15-4", "landline": "0334331111", "block": one.id})
    osamu, _e = roster.save_person({"household": home.id, "family_name": "山田", "given_name": "修",
                                    "family_reading": "やまだ", "given_reading": "おさむ", "birth_date": "1936/5/5",
                                    "is_head": True, "roles": ["head"]})
    sumiko, _e = roster.save_person({"household": home.id, "family_name": "山田", "given_name": "澄子",
                                     "family_reading": "やまだ", "given_reading": "すみこ", "birth_date": "1938/1/17",
                                     "household_order": 1})
    return osamu, sumiko


@pytest.fixture
def yamada(store):
    return make_yamada()


def _plan(tmp_path, rows, header=HEADER):
    path = tmp_path / "next.csv"
    path.write_text(header + rows, encoding="utf-8")
    return importer.plan_import(tabular.read_table(path), today=TODAY)


def _merge(plan, sumiko, replace):
    (dup,) = plan.duplicates
    return import_choices.commit_with_choices(plan, import_choices.Choices(merges={dup.row: (sumiko.id, set(replace))}),
                                              source="next.csv", actor="tester")


def _now(person):
    p = m.Person.get_by_id(person.id)
    return p, p.household, (p.household.block.name if p.household.block_id else "")


def test_ticked_block_and_status_reach_the_roster(yamada, tmp_path, monkeypatch):
    """置き換える on 班 and 状態: the household moves to 2班 (修 with it), 澄子 is 転出 through roster.set_status."""
    osamu, sumiko = yamada
    calls = []
    real = roster.set_status
    monkeypatch.setattr(roster, "set_status", lambda p, s, actor="": calls.append((p.id, s)) or real(p, s, actor))
    _result, extra = _merge(_plan(tmp_path, SUMIKO_MOVED), sumiko, {"block", "status"})
    p, household, block = _now(sumiko)
    assert (p.status, block) == (m.STATUS_MOVED, "2班")
    assert household.address1 == "東京都港区芝公園"  # not ticked: the household stays where it is
    assert calls == [(sumiko.id, m.STATUS_MOVED)]
    o, _h, o_block = _now(osamu)
    assert (o.status, o_block) == (m.STATUS_MEMBER, "2班")  # 班 is the household's
    fields = {(a.table, a.field) for a in m.AuditLog.select().where(m.AuditLog.actor == "tester")}
    assert {("person", "status"), ("household", "block")} <= fields
    (line,) = extra["merge_lines"]
    assert "班（1班 → 2班）" in line and "状態（会員 → 転出）" in line and "山田 修さん" in line
    # the new address was not ticked: the roster keeps the old one, and the summary says so
    assert extra["difference_lines"][1:] == ["・山田 澄子さん（2行目）：住所「東京都港区海岸9丁目9-9」"]


def test_replacing_the_address_names_the_household(yamada, tmp_path):
    """The address is the household's: the sentence before and after the import names 修."""
    osamu, sumiko = yamada
    plan = _plan(tmp_path, SUMIKO_MOVED)
    choices = import_choices.Choices(merges={plan.duplicates[0].row: (sumiko.id, {"address"})})
    (before,) = import_choices.merge_lines(plan, choices)
    assert before == "・山田 澄子さん：住所が変わります。同じ世帯の山田 修さんも、住所が変わります。"
    _result, extra = _merge(plan, sumiko, {"address"})
    assert extra["merge_lines"] == ["・山田 澄子さん：住所を変えました。同じ世帯の山田 修さんも、住所が変わりました。"]
    assert _now(osamu)[1].address2 == "9丁目9-9"


def test_left_out_rows_with_another_block_or_status_are_listed(yamada, tmp_path):
    """不取り込み (the default): the roster keeps 1班 and 会員, and the summary says so, by name."""
    _osamu, sumiko = yamada
    plan = _plan(tmp_path, SUMIKO_MOVED)
    (diff,) = import_choices.left_differences(plan, import_choices.Choices())
    assert (diff.block, diff.status) == (("1班", "2班"), (m.STATUS_MEMBER, m.STATUS_MOVED))
    assert diff.address == ("東京都港区芝公園1丁目15-4", "東京都港区海岸9丁目9-9")
    lines = import_choices.difference_lines([diff])
    assert lines[0] == "ファイルの 1 人は、住所・電話・班・状態のどれかが名簿と違います。名簿はいまのままです："
    assert lines[1] == "・山田 澄子さん（2行目）：住所「東京都港区海岸9丁目9-9」、班 1班 → 2班、状態 会員 → 転出"
    _result, extra = import_choices.commit_with_choices(plan, import_choices.Choices())
    assert "山田 澄子さん（2行目）" in extra["difference_lines"][1]
    p, _h, block = _now(sumiko)
    assert (p.status, block) == (m.STATUS_MEMBER, "1班")


def test_merged_without_the_tick_is_listed_too(yamada, tmp_path):
    """統合 with only the status ticked: the 班 the roster keeps is still listed."""
    _osamu, sumiko = yamada
    plan = _plan(tmp_path, SUMIKO_MOVED)
    choices = import_choices.Choices(merges={plan.duplicates[0].row: (sumiko.id, {"status"})})
    (diff,) = import_choices.left_differences(plan, choices)
    assert diff.block == ("1班", "2班") and diff.status is None


def test_no_status_column_is_no_news(yamada, tmp_path):
    """A file without 状態 says nothing about it: no difference, and a tick changes nothing."""
    _osamu, sumiko = yamada
    roster.set_status(m.Person.get_by_id(sumiko.id), m.STATUS_RESIDENT)
    plan = _plan(tmp_path, "山田 澄子,ヤマダ スミコ,S13.1.17,1班\n", header="氏名,フリガナ,生年月日,班\n")
    assert import_choices.left_differences(plan, import_choices.Choices()) == []
    _merge(plan, sumiko, {"status", "block"})
    assert _now(sumiko)[0].status == m.STATUS_RESIDENT


def test_a_new_block_is_made_and_undo_puts_everything_back(yamada, tmp_path):
    """A 班 not in the roster is made; undo brings back the address, phone, 1班 and 会員, and removes the 班."""
    osamu, sumiko = yamada
    row = "山田 澄子,ヤマダ スミコ,S13.1.17,新9班,1050022,東京都港区海岸9丁目9-9,転出,03-5555-0000\n"
    plan = _plan(tmp_path, row, header=HEADER.strip() + ",電話\n")
    result, extra = _merge(plan, sumiko, {"address", "landline", "block", "status"})
    assert result.blocks == 1 and "班「新9班」を新しく作りました。" in extra["merge_lines"][0]
    _p, household, block = _now(sumiko)
    assert (block, household.landline) == ("新9班", "0355550000")
    assert "0355550000" in m.Person.get_by_id(osamu.id).search_text  # 修 is found by the new number
    removed = import_choices.undo_batch(result.batch_id, "tester")
    assert removed["merged"] == 1 and removed["blocks"] == 1
    p, household, block = _now(sumiko)
    assert (p.status, block, household.address2, household.landline) == (m.STATUS_MEMBER, "1班", "1丁目15-4",
                                                                         "0334331111")
    assert not m.Block.select().where(m.Block.name == "新9班").exists()
    assert "0334331111" in m.Person.get_by_id(osamu.id).search_text


def test_a_household_without_a_block_takes_the_files(yamada, tmp_path):
    """An empty 班 is filled like any empty field (no tick), and the sentence says it reaches 修."""
    osamu, sumiko = yamada
    roster.move_household(m.Person.get_by_id(sumiko.id).household, None)
    plan = _plan(tmp_path, SUMIKO_MOVED)
    assert import_choices.left_differences(plan, import_choices.Choices(
        merges={plan.duplicates[0].row: (sumiko.id, set())}))[0].block is None
    _result, extra = _merge(plan, sumiko, set())
    assert _now(osamu)[2] == "2班" and _now(sumiko)[0].status == m.STATUS_MEMBER
    assert "班（なし → 2班）" in extra["merge_lines"][0] and "山田 修さん" in extra["merge_lines"][0]


def test_the_command_line_lists_them_too(db_path, password, tmp_path):
    """`tsunagari import` leaves duplicates out as the wizard does, and names the 班 and status the roster keeps."""
    import json
    import os
    import subprocess
    import sys

    from db.store import Store

    store = Store.open(db_path, password, create=True, name="町会")
    make_yamada()
    store.close(auto_backup=False)
    path = tmp_path / "next.csv"
    path.write_text(HEADER + SUMIKO_MOVED, encoding="utf-8")
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", "import", str(path), "--db", str(db_path),
                               *args], capture_output=True, text=True, env=env, timeout=300)

    dry = json.loads(cli("--dry-run", "--json").stdout)
    assert dry["differences"] == [{"row": 2, "name": "山田 澄子", "block": ["1班", "2班"], "status": ["member", "moved"],
                                   "address": ["東京都港区芝公園1丁目15-4", "東京都港区海岸9丁目9-9"],
                                   "landline": None, "mobile": None}]
    r = cli()
    assert ("山田 澄子 (row 2): address 「東京都港区海岸9丁目9-9」、block 1班 → 2班、status Member → Moved out"
            in r.stdout), r.stdout + r.stderr


def test_both_of_a_household_merged_and_undone(yamada, tmp_path):
    """修 and 澄子 both merged with the new address and 2班: undo brings the household back as it was."""
    osamu, sumiko = yamada
    plan = _plan(tmp_path, SUMIKO_MOVED.replace(",転出", ",会員")
                 + "山田 修,ヤマダ オサム,1936/5/5,2班,1050022,東京都港区海岸9丁目9-9,会員\n")
    rows = {d.name: d.row for d in plan.duplicates}
    merges = {rows["山田 澄子"]: (sumiko.id, {"address", "block"}), rows["山田 修"]: (osamu.id, {"address", "block"})}
    result, _extra = import_choices.commit_with_choices(plan, import_choices.Choices(merges=merges))
    assert (_now(osamu)[1].address2, _now(osamu)[2]) == ("9丁目9-9", "2班")
    import_choices.undo_batch(result.batch_id)
    _p, household, block = _now(osamu)
    assert (household.postal_code, household.address2, block) == ("1050011", "1丁目15-4", "1班")
