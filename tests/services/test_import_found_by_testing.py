"""Import messes a tester found in real-looking files: each was wrong before, silently or with a traceback."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import openpyxl
import pytest

from db import models as m
from desktop.services import importer, tabular
from desktop.services.import_messages import problem_text, table_error_text

TODAY = dt.date(2026, 11, 28)


def _csv(tmp_path, text, name="roster.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _plan(path, **kw):
    return importer.plan_import(tabular.read_table(path), today=TODAY, **kw)


def _codes(plan):
    return {(p.row, p.code) for p in plan.problems}


def _cli(*args, password="test-password-1"):
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)
    return subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", *args], capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.fixture
def empty_file(db_path, password):
    from db.store import Store

    Store.open(db_path, password, create=True, name="町会").close(auto_backup=False)
    return db_path


def test_household_numbers_restart_in_each_block(store, tmp_path):
    """世帯番号 1 in 1班 and 世帯番号 1 in 2班 are two households, each with its own address and 班."""
    plan = _plan(_csv(tmp_path, "世帯番号,氏名,ふりがな,住所,電話,班\n"
                                "1,山田 太郎,やまだ たろう,東京都港区芝1-1-1,03-1111-1111,1班\n"
                                "1,山田 花子,やまだ はなこ,,,\n"
                                "1,鈴木 一郎,すずき いちろう,東京都港区芝2-2-2,03-2222-2222,2班\n"))
    assert [[p.name for p in h] for h in plan.households] == [["山田 太郎", "山田 花子"], ["鈴木 一郎"]]
    importer.commit(plan)
    suzuki = m.Person.get(m.Person.family_name == "鈴木")
    assert (suzuki.household.address1 + suzuki.household.address2, suzuki.household.landline) == ("東京都港区芝2-2-2", "0322222222")
    assert suzuki.household.block.name == "2班"


def test_same_number_different_address_is_split_with_a_note(store, tmp_path):
    """Two homes under one number (a typing slip) are not merged: the second keeps its address, with a note."""
    plan = _plan(_csv(tmp_path, "世帯番号,氏名,ふりがな,住所\n"
                                "5,佐藤 一,さとう はじめ,東京都港区芝1-1-1\n"
                                "5,加藤 二,かとう じ,東京都港区芝9-9-9\n"))
    assert len(plan.households) == 2
    assert (3, "household_split") in _codes(plan)
    assert problem_text(next(p for p in plan.problems if p.code == "household_split")) != "household_split"


def test_full_and_half_width_household_numbers_are_one_household(store, tmp_path):
    plan = _plan(_csv(tmp_path, "世帯,氏名,ふりがな\n1,青木 一,あおき はじめ\n１,青木 二,あおき じ\n"))
    assert len(plan.households) == 1


@pytest.mark.parametrize("headers", [("電話番号(自宅)", "電話番号(携帯)"), ("電話(携帯)", "電話(自宅)")])
def test_home_and_mobile_columns_both_import(store, tmp_path, headers):
    """Two phone columns named 電話…(自宅) and 電話…(携帯), in either order, fill landline and mobile."""
    home_first = "自宅" in headers[0]
    home, mobile = "03-5471-1234", "090-1111-2222"
    cells = (home, mobile) if home_first else (mobile, home)
    plan = _plan(_csv(tmp_path, f"氏名,ふりがな,{headers[0]},{headers[1]}\n山田 太郎,やまだ たろう,{cells[0]},{cells[1]}\n"))
    p = plan.people[0]
    assert (p.landline, p.mobile) == ("0354711234", "09011112222")


def test_a_third_phone_column_is_named_not_dropped_silently(store, tmp_path):
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,電話(自宅),電話(勤務先)\n山田 太郎,やまだ たろう,03-5471-1234,03-5555-6666\n"))
    taken = [p for p in plan.problems if p.code == "column_taken"]
    assert [p.column for p in taken] == ["電話(勤務先)"] and "--mapping" in problem_text(taken[0])


def test_a_two_row_header_is_one_header(store, tmp_path):
    """氏名 merged down two rows, 連絡先 over 自宅 | 携帯: no person called 氏名, both phones read."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["氏名", "ふりがな", "住所", "連絡先", None])
    ws.append([None, None, None, "自宅", "携帯"])
    ws.append(["山田 太郎", "やまだ たろう", "東京都港区芝1-1-1", "03-5471-1234", "090-1111-2222"])
    for col in "ABC":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("D1:E1")
    path = tmp_path / "twotier.xlsx"
    wb.save(path)
    plan = _plan(path)
    assert [p.name for p in plan.people] == ["山田 太郎"]
    assert (plan.people[0].landline, plan.people[0].mobile) == ("0354711234", "09011112222")
    assert plan.people[0].row == 3  # rows are still numbered as in the workbook


def test_titles_totals_and_repeated_headers_are_not_people(store, tmp_path):
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,住所\n【1班】,,\n山田 太郎,やまだ たろう,東京都港区芝1-1-1\n"
                                "氏名,ふりがな,住所\n■2班,,\n鈴木 一郎,すずき いちろう,東京都港区芝2-2-2\n合計,2名,\n"))
    codes = _codes(plan)
    assert {(2, "title_row"), (5, "title_row"), (7, "not_a_person"), (4, "header_repeated")} <= codes
    layout = _plan(_csv(tmp_path, "世帯,氏名,ふりがな\n【1班】,,\n1,山田 太郎,やまだ たろう\n", name="b.csv"))
    assert (2, "title_row") in _codes(layout) and not layout.error_rows  # the title in another column
    assert sorted(p.name for p in plan.people if not p.has_error) == ["山田 太郎", "鈴木 一郎"]
    result = importer.commit(plan, skip_rows=set(plan.error_rows))
    assert result.people == 2


def test_statuses_are_understood_or_refused(store, tmp_path):
    """退会 → 非会員, 逝去 → 死亡, 転居 → 転出; 物故者 / 世帯会員 are read with a note; a word
    it cannot read is an error, not 会員."""
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,状態\n青木 一,あおき はじめ,退会\n井上 二,いのうえ じ,逝去\n"
                                "上野 三,うえの さぶろう,転居\n江藤 四,えとう し,物故者\n小野 五,おの ご,世帯会員\n"
                                "加藤 六,かとう ろく,要確認\n"))
    assert [p.status for p in plan.people[:5]] == [m.STATUS_RESIDENT, m.STATUS_DECEASED, m.STATUS_MOVED,
                                                  m.STATUS_DECEASED, m.STATUS_MEMBER]
    assert {(5, "status_read_as"), (6, "status_read_as"), (7, "unknown_status")} <= _codes(plan)
    assert plan.error_rows == [7]


def test_names_keep_their_characters(store, tmp_path):
    """Compatibility kanji (U+FA10 塚, U+FA19 神) and Ⅲ stay as written; the reading is normalised."""
    plan = _plan(_csv(tmp_path, "氏名,ふりがな\n大\ufa10 一郎,ｵｵﾂｶ ｲﾁﾛｳ\n\ufa19田 Ⅲ世,かんだ さんせい\n"))
    a, b = plan.people
    assert (a.family_name, a.given_name, a.family_reading) == ("大\ufa10", "一郎", "おおつか")
    assert (b.family_name, b.given_name) == ("\ufa19田", "Ⅲ世")


def test_a_birth_date_without_a_year_is_refused(store, tmp_path):
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,生年月日\n青木 一,あおき はじめ,4/5\n井上 二,いのうえ じ,4月5日\n"))
    assert plan.error_rows == [2, 3]
    assert all("年" in p.message for p in plan.problems if p.code == "bad_date")


def test_placeholders_are_blanks_and_ditto_marks_copy_the_row_above(store, tmp_path):
    """なし / - in a phone are empty; 〃 and 同上 copy the address above and join its household,
    as does 妻 or 長男 written with no address."""
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,〒,住所,電話,携帯,続柄\n"
                                "山田 太郎,やまだ たろう,108-0075,東京都港区港南2-3-4,03-5471-1234,なし,本人\n"
                                "山田 花子,やまだ はなこ,〃,〃,,-,妻\n"
                                "山田 一郎,やまだ いちろう,,,,,長男\n"
                                "鈴木 二郎,すずき じろう,108-0074,東京都港区高輪1-1-1,03-5555-6666,,本人\n"
                                "鈴木 春,すずき はる,,同上,,,\n"))
    assert not plan.error_rows
    hanako = plan.people[1]
    assert (hanako.postal_code, hanako.address1 + hanako.address2, hanako.mobile) == ("1080075", "東京都港区港南2-3-4", "")
    assert [[p.given_name for p in h] for h in plan.households] == [["太郎", "花子", "一郎"], ["二郎", "春"]]


def test_a_stray_quote_pair_that_swallows_a_row_is_refused(store, tmp_path):
    path = _csv(tmp_path, "氏名,ふりがな,住所,電話,備考\n"
                          '山田 太郎,やまだ たろう,東京都港区芝1-1-1,03-1111-1111,"耳が遠い\n'
                          '佐藤 花子,さとう はなこ,東京都港区芝2-2-2,03-2222-2222,"\n'
                          "鈴木 一郎,すずき いちろう,東京都港区芝3-3-3,03-3333-3333,\n")
    with pytest.raises(tabular.TableError) as err:
        tabular.read_table(path)
    assert err.value.code == "broken_quotes" and err.value.details["line"] == 2
    assert "2" in table_error_text(err.value)


def test_a_note_over_two_lines_is_still_fine(store, tmp_path):
    path = _csv(tmp_path, '氏名,ふりがな,住所,電話,備考\n山田 太郎,やまだ たろう,芝1-1,03-1111-1111,"耳が遠い\n大きな声で"\n')
    assert tabular.read_table(path).rows[1][4] == "耳が遠い\n大きな声で"


def test_escaped_formulas_from_our_csv_export_read_back_as_written(store, tmp_path):
    path = _csv(tmp_path, "氏名,ふりがな,備考\n'=山田 太郎,やまだ たろう,'-毎週訪問\n")
    row = tabular.read_table(path).rows[1]
    assert (row[0], row[2]) == ("=山田 太郎", "-毎週訪問")


def test_workbook_with_empty_extra_sheets_imports(empty_file, tmp_path):
    """Sheet2 and Sheet3 left empty, as Excel makes them, do not stop the import."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名簿"
    ws.append(["氏名", "ふりがな", "住所"])
    ws.append(["山田 太郎", "やまだ たろう", "東京都港区芝1-1-1"])
    wb.create_sheet("Sheet2")
    wb.create_sheet("Sheet3")
    path = tmp_path / "book.xlsx"
    wb.save(path)
    r = _cli("import", str(path), "--db", str(empty_file), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["people"] == 1


def test_importing_the_same_file_twice(empty_file, tmp_path):
    """The second time nothing is written (no empty import for undo-import to take back), the
    dry run counts no households, and each duplicate is listed with its row and match."""
    path = _csv(tmp_path, "氏名,ふりがな,住所,生年月日\n山田 太郎,やまだ たろう,東京都港区芝1-1-1,1950/1/2\n"
                          "鈴木 一郎,すずき いちろう,東京都港区芝2-2-2,1951/3/4\n")
    assert _cli("import", str(path), "--db", str(empty_file)).returncode == 0
    dry = json.loads(_cli("import", str(path), "--db", str(empty_file), "--dry-run", "--json").stdout)
    assert (dry["people"], dry["households"], dry["duplicates"]) == (0, 0, 2)
    assert [(d["row"], d["same_as"]) for d in dry["duplicate_rows"]] == [(2, "山田 太郎"), (3, "鈴木 一郎")]
    r = _cli("import", str(path), "--db", str(empty_file))
    assert r.returncode == 0 and "row 2" in r.stdout and "山田 太郎" in r.stdout and "Nothing was imported" in r.stdout
    r = _cli("undo-import", "--db", str(empty_file), "--json")
    assert json.loads(r.stdout)["people"] == 2  # the real import, not an empty one


def test_a_successful_import_names_the_rows_it_skipped(empty_file, tmp_path):
    path = _csv(tmp_path, "氏名,ふりがな,電話\n山田 太郎,やまだ たろう,12345\n鈴木 一郎,すずき いちろう,なし\n"
                          "佐藤 花子,さとう はなこ,3-5471-1234\n")
    r = _cli("import", str(path), "--db", str(empty_file), "--skip-invalid")
    assert r.returncode == 0, r.stderr
    assert "row 2" in r.stdout and "row 4" in r.stdout  # skipped, and the 0 put back
    assert "Imported 2 people" in r.stdout  # なし is an empty phone, not a reason to skip 鈴木


@pytest.mark.parametrize("mapping", ["not json", "[1, 2]", None])
def test_a_bad_mapping_file_is_a_message(empty_file, tmp_path, mapping):
    csv_path = _csv(tmp_path, "氏名,ふりがな\n山田 太郎,やまだ たろう\n")
    preset = tmp_path / "preset.json"
    if mapping is None:
        preset = tmp_path  # a folder
    else:
        preset.write_text(mapping, encoding="utf-8")
    r = _cli("import", str(csv_path), "--db", str(empty_file), "--mapping", str(preset))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "mapping" in r.stderr


def test_a_folder_to_import_or_export_into_is_a_message(empty_file, tmp_path):
    r = _cli("import", str(tmp_path), "--db", str(empty_file))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "folder" in r.stderr
    r = _cli("export", "--db", str(empty_file), "--out", str(tmp_path / "nowhere" / "x.csv"))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "does not exist" in r.stderr


def test_postal_code_that_lost_its_zero_and_a_name_without_a_space(store, tmp_path):
    """「600001」 (Excel dropped the 0 of 060-0001) is put right with a note; 山田太郎 is kept whole, with a note."""
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,〒\n山田太郎,やまだ たろう,600001\n"))
    p = plan.people[0]
    assert (p.postal_code, p.family_name, p.given_name) == ("0600001", "山田太郎", "")
    assert {(2, "postal_zero_restored"), (2, "name_not_split")} <= _codes(plan) and not plan.error_rows


def test_when_every_row_fails_the_command_says_so(empty_file, tmp_path):
    path = _csv(tmp_path, "氏名,ふりがな,電話\n山田 太郎,やまだ たろう,12345\n")
    r = _cli("import", str(path), "--db", str(empty_file), "--skip-invalid")
    assert r.returncode == 1 and "Nothing was imported" in r.stdout


def test_a_csv_saved_with_an_xlsx_name_is_read_as_csv(store, tmp_path):
    path = _csv(tmp_path, "氏名,ふりがな\n山田 太郎,やまだ たろう\n", name="renamed.xlsx")
    assert [p.name for p in _plan(path).people] == ["山田 太郎"]


def test_a_protected_workbook_says_what_to_do(store, tmp_path):
    """Excel saves a password-protected .xlsx as an OLE file: say so, and how to remove the password."""
    path = tmp_path / "protected.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    with pytest.raises(tabular.TableError) as err:
        tabular.read_table(path)
    assert err.value.code == "protected" and "ブックの保護" in table_error_text(err.value)


def test_hidden_rows_old_dates_and_two_heads_are_noted(store, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["世帯", "氏名", "ふりがな", "生年月日", "世帯主"])
    ws.append([1, "山田 太郎", "やまだ たろう", "1950/1/2", "○"])
    ws.append([1, "山田 花子", "やまだ はなこ", "1800/1/1", "○"])
    ws.append([2, "鈴木 一郎", "すずき いちろう", "1951/3/4", ""])
    ws.row_dimensions[4].hidden = True  # filtered out in Excel
    path = tmp_path / "book.xlsx"
    wb.save(path)
    plan = _plan(path)
    codes = _codes(plan)
    assert (4, "hidden_row") in codes and (3, "old_date") in codes and plan.error_rows == [3]
    plan = _plan(_csv(tmp_path, "世帯,氏名,ふりがな,世帯主\n1,山田 太郎,やまだ たろう,○\n1,山田 花子,やまだ はなこ,○\n"))
    assert (3, "second_head") in _codes(plan)
    assert [p.is_head for p in plan.households[0]] == [True, False]


def test_a_list_given_as_the_association_file_is_named_as_such(tmp_path):
    """A CSV passed as --db is not 'a wrong password'; a missing file leaves no stray .lock behind."""
    roster = _csv(tmp_path, "氏名,ふりがな\n山田 太郎,やまだ たろう\n")
    r = _cli("check", "--db", str(roster))
    assert r.returncode == 3 and "not a つながりノート file" in r.stderr and "password" not in r.stderr
    missing = tmp_path / "nope.tsunagari"
    r = _cli("check", "--db", str(missing))
    assert r.returncode == 3 and "There is no file" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv"]


def test_a_real_association_file_is_never_taken_for_a_document(demo_template, db_path, password):
    """The check that spots a CSV or workbook passes the real files: a new one and the demo."""
    from db.database import is_other_document
    from db.store import Store

    Store.open(db_path, password, create=True, name="町会").close(auto_backup=False)
    assert not is_other_document(db_path) and not is_other_document(demo_template)


@pytest.mark.parametrize("text", ["【2班】", "■1組", "合計", "小計 12名", "4名", "12", "Total"])
def test_titles_and_counts_are_not_names(text):
    assert importer._NOT_A_NAME.match(text)


@pytest.mark.parametrize("text", ["山田", "名取", "人見", "一二三", "合田", "Smith"])
def test_real_names_are_names(text):
    assert not importer._NOT_A_NAME.match(text)


def test_documents_are_spotted_by_content_not_by_two_bytes(tmp_path):
    """A workbook is recognised; a random file that merely starts like a UTF-16 BOM (as an
    encrypted file's random salt can, 1 time in 32,768) is not taken for a document."""
    from db.database import is_other_document

    wb = openpyxl.Workbook()
    wb.active.append(["氏名"])
    book = tmp_path / "book.xlsx"
    wb.save(book)
    salt_like = tmp_path / "random.tsunagari"
    salt_like.write_bytes(b"\xff\xfe" + os.urandom(200_000))
    assert is_other_document(book) and not is_other_document(salt_like)


def test_a_backup_cut_short_without_a_zero_byte_is_not_taken_for_a_document(tmp_path):
    """The first 1000 bytes of an encrypted backup hold no zero byte 2 times in 100: that alone
    made it 「a list or a workbook」 instead of a damaged backup. Short text still is a document."""
    from db.database import is_other_document

    cut = tmp_path / "cut.backup.db"
    cut.write_bytes(bytes(b or 1 for b in os.urandom(1000)))  # random, and surely no zero byte
    csv = tmp_path / "list.csv"
    csv.write_bytes("氏名,電話\n山田 花子,03-1234-5678\n".encode("cp932"))
    assert not is_other_document(cut) and is_other_document(csv)


# -- cases from the review of the rules above -----------------------------------------------

def _homes(plan):
    return [[p.row for p in h] for h in plan.households]


def test_ditto_address_of_a_neighbour_keeps_their_own_room(store, tmp_path):
    """Two 本人 rows, the second 〃 for the building but its own room: two homes, each its room."""
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,〒,住所,方書,続柄\n"
                                "山田 太郎,やまだ たろう,150-0001,東京都渋谷区神宮前1-2-3,コーポ桜 101,本人\n"
                                "鈴木 花子,すずき はなこ,〃,〃,コーポ桜 202,本人\n"))
    assert _homes(plan) == [[2], [3]]
    assert plan.people[1].address3 == "コーポ桜 202" and plan.people[1].address2 == plan.people[0].address2


def test_a_family_row_does_not_cross_a_section_title_or_another_block(store, tmp_path):
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,住所,続柄,班\n伊藤 一郎,いとう いちろう,東京都港区芝1-1-1,本人,1班\n"
                                "【2班】,,,,\n渡辺 花子,わたなべ はなこ,,妻,2班\n"))
    assert _homes(plan) == [[2], [4]] and plan.people[1].block == "2班"
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,住所,続柄,班\n伊藤 一郎,いとう いちろう,東京都港区芝1-1-1,本人,1班\n"
                                "渡辺 花子,わたなべ はなこ,,妻,2班\n", name="b.csv"))
    assert _homes(plan) == [[2], [3]]


def test_family_of_a_row_with_a_problem_shares_it(store, tmp_path):
    """If the household's first row cannot be imported, its 妻 and 長男 are not imported as a
    household of their own with no address: they carry an error too (fix or skip together)."""
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,住所,生年月日,続柄\n佐藤 一郎,さとう いちろう,東京都港区芝1-1-1,1950/13/40,本人\n"
                                "佐藤 良子,さとう りょうこ,,1952/1/1,妻\n佐藤 次郎,さとう じろう,,1980/1/1,長男\n"))
    assert plan.error_rows == [2, 3, 4]
    assert "2" in problem_text(next(p for p in plan.problems if p.code == "household_row_has_error"))


def test_ditto_copies_the_household_values_and_never_an_error_as_good(store, tmp_path):
    plan = _plan(_csv(tmp_path, "氏名,ふりがな,〒,住所,携帯,続柄\n田中 一郎,たなか いちろう,150-0001,東京都渋谷区神宮前1-2-3,090-12,本人\n"
                                "田中 花子,たなか はなこ,,,〃,妻\n木村 三郎,きむら さぶろう,〃,東京都渋谷区神宮前1-2-9,,本人\n"))
    assert (4, "ditto_of_error") not in _codes(plan) and (3, "ditto_of_error") in _codes(plan)
    assert plan.people[2].postal_code == "1500001"  # the 〒 of 田中's household, filled for 花子 first


def test_ditto_and_blank_marks_in_household_block_address_and_status(store, tmp_path):
    plan = _plan(_csv(tmp_path, "世帯,班,氏名,ふりがな,住所,方書,状態\n1,1班,山田 太郎,やまだ たろう,東京都港区芝1-2-3,,会員\n"
                                "〃,〃,山田 花子,やまだ はなこ,,,-\n-,1班,鈴木 一郎,すずき いちろう,東京都港区芝5-5-5,101,\n"
                                "-,1班,高橋 三郎,たかはし さぶろう,東京都港区芝5-5-5,202,\n佐藤 次,,佐藤 次,さとう じ,なし,,\n"))
    assert _homes(plan)[:3] == [[2, 3], [4], [5]] and not plan.error_rows
    assert {p.block for p in plan.people[:4]} == {"1班"}
    assert plan.people[4].address1 == "" and plan.people[1].status == m.STATUS_MEMBER


def test_split_homes_keep_their_blank_rows_and_one_home_written_two_ways(store, tmp_path):
    plan = _plan(_csv(tmp_path, "世帯,氏名,ふりがな,住所\n5,山田 太郎,やまだ たろう,東京都港区芝1-2-3\n"
                                "5,鈴木 一郎,すずき いちろう,東京都港区芝9-9-9\n5,鈴木 花子,すずき はなこ,\n"
                                "6,高橋 一,たかはし はじめ,東京都港区芝2丁目3番4号\n6,高橋 二,たかはし じ,東京都港区芝２－３－４\n"))
    assert sorted(_homes(plan)) == [[2], [3, 4], [5, 6]]
    assert {(3, "household_split"), (4, "household_split")} <= _codes(plan)


def test_a_block_written_on_one_row_of_a_household_is_the_households(store, tmp_path):
    plan = _plan(_csv(tmp_path, "世帯,班,氏名,ふりがな\n1,1班,山田 太郎,やまだ たろう\n2,1班,鈴木 一郎,すずき いちろう\n"
                                "1,,山田 花子,やまだ はなこ\n"))
    assert _homes(plan) == [[2, 4], [3]]


def test_a_note_listing_family_phones_is_not_a_swallowed_row(store, tmp_path):
    path = _csv(tmp_path, '氏名,住所,電話,備考\n山田 太郎,東京都渋谷区神宮前1-2-3,03-1234-5678,"緊急連絡先:\n'
                          '長男 090-1111-2222, 長女 080-3333-4444, 次男 070-5555-6666, 妹"\n鈴木 花子,東京都渋谷区,03-1234-0000,\n')
    assert len(tabular.read_table(path).rows) == 3


@pytest.mark.parametrize("content", [b"\x00" * 5000, b"<html><body><table><tr><td>x</td></tr></table></body></html>"])
def test_a_workbook_that_is_neither_zip_nor_text_is_a_bad_workbook(tmp_path, content):
    path = tmp_path / "odd.xlsx"
    path.write_bytes(content)
    with pytest.raises(tabular.TableError) as err:
        tabular.read_table(path)
    assert err.value.code == "bad_workbook"


def test_rerunning_with_skip_invalid_is_not_a_failure(empty_file, tmp_path):
    """Second run of a file with a bad row: nothing new (the rest is already in), exit 0."""
    path = _csv(tmp_path, "氏名,ふりがな,生年月日,電話\n山田 太郎,やまだ たろう,1950/1/2,\n鈴木 一郎,すずき いちろう,1951/3/4,12345\n")
    assert _cli("import", str(path), "--db", str(empty_file), "--skip-invalid").returncode == 0
    r = _cli("import", str(path), "--db", str(empty_file), "--skip-invalid")
    assert r.returncode == 0 and "Nothing was imported" in r.stdout


def test_undo_import_on_the_command_line_keeps_later_work_unless_forced(empty_file, tmp_path, password):
    from db.store import Store
    from desktop.services import contacts

    path = _csv(tmp_path, "氏名,ふりがな,住所\n山田 太郎,やまだ たろう,東京都港区芝1-1-1\n")
    assert _cli("import", str(path), "--db", str(empty_file)).returncode == 0
    s = Store.open(empty_file, password)
    contacts.quick_log(m.Person.get().id, "called")
    s.close(auto_backup=False)
    r = _cli("undo-import", "--db", str(empty_file))
    assert r.returncode == 2 and "contact records" in r.stderr and "--force" in r.stderr
    assert json.loads(_cli("check", "--db", str(empty_file), "--json").stdout)["people"] == 1
    r = _cli("undo-import", "--db", str(empty_file), "--force", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["people"] == 1
