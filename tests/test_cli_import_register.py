"""`tsunagari import --dry-run` says what the real import does with a 要支援者 sheet: the same
counts and keys, the same problems, each register problem named by its sheet and said in a
sentence whose action matches what happens. Run as scripts run it: in a subprocess."""
from __future__ import annotations

import json

import openpyxl

from tests.test_cli import ENV_PASSWORD, run

ROSTER = [["氏名", "ふりがな", "住所", "生年月日"],
          ["鈴木 一郎", "すずき いちろう", "東京都港区港南1-2-3", "S15.3.3"],
          ["佐藤 花子", "さとう はなこ", "東京都港区港南4-5-6", "S20.5.5"],
          ["高橋 和子", "たかはし かずこ", "東京都港区芝2-2-2", "S22.2.2"],
          ["田中 次郎", "たなか じろう", "東京都港区芝1-1-1", "S25.1.1"]]
REGISTER_HEAD = ["氏名", "ふりがな", "生年月日", "理由", "同意"]
FIRST_REGISTER = [REGISTER_HEAD,
                  ["鈴木 一郎", "すずき いちろう", "S15.3.3", "一人暮らし高齢者", "同意"],
                  ["佐藤 花子", "さとう はなこ", "S20.5.5", "車いす", "同意"],
                  ["高橋 和子", "たかはし かずこ", "S22.2.2", "視覚障害", "同意"]]
# Next year's file: one new person in the roster (and on the register sheet), a total row.
NEXT_ROSTER = ROSTER + [["山田 太郎", "やまだ たろう", "東京都港区高輪3-3-3", "S18.8.8"], ["合計　5名"]]
NEXT_REGISTER = [REGISTER_HEAD,
                 ["鈴木 一郎", "すずき いちろう", "S15.3.3", "一人暮らし高齢者", "不同意"],  # row 2: on it (kept)
                 ["佐藤 花子", "さとう はなこ", "S20.5.5", "車いす", "同意"],  # row 3: on it (kept)
                 ["高橋 和子", "たかはし かずこ", "S22.2.2", "視覚障害", "同意"],  # row 4: taken off since
                 ["山田 太郎", "やまだ たろう", "S18.8.8", "一人暮らし高齢者", "同意"],  # row 5: new with the roster
                 ["山本 三郎", "やまもと さぶろう", "", "視覚障害", "同意"],  # row 6: not in the roster
                 ["田中 次郎", "たなか じろう", "S25.2.30", "車いす", "同意"]]  # row 7: no such date
REGISTER_KEYS = ("register", "register_kept", "register_unmatched", "register_skipped", "register_kept_rows",
                 "register_unmatched_rows", "register_skipped_rows", "register_sheet")


def _book(path, roster, register):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名簿"
    for row in roster:
        ws.append(row)
    reg = wb.create_sheet("要支援者")
    for row in register:
        reg.append(row)
    wb.save(path)
    return path


def _file_with_last_year_imported(tmp_path):
    """An association file with last year's roster and register imported; 高橋さん was taken
    off the register since."""
    db = tmp_path / "a.tsunagari"
    assert run("init", "--db", str(db), "--name", "町会").returncode == 0
    r = run("import", str(_book(tmp_path / "r8.xlsx", ROSTER, FIRST_REGISTER)), "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["register"] == 3
    from db import models as m
    from db.store import Store
    from desktop.services import register

    s = Store.open(db, ENV_PASSWORD)
    try:
        takahashi = m.Person.get(m.Person.family_name == "高橋")
        register.remove_from_register(m.SupportRecord.get(m.SupportRecord.person == takahashi))
    finally:
        s.close(auto_backup=False)
    return db


def test_dry_run_predicts_the_register_sheet_as_the_import_does_it(tmp_path):
    """Kept, taken off, added with the roster, not in the roster, unreadable: the dry run's
    counts, rows, keys and problems are the real import's (it said "register": 5 and the
    real one 0 added, 3 kept)."""
    db = _file_with_last_year_imported(tmp_path)
    book = _book(tmp_path / "r9.xlsx", NEXT_ROSTER, NEXT_REGISTER)
    args = ("import", str(book), "--db", str(db), "--json", "--skip-invalid")
    dry = run(*args, "--dry-run", lang="ja")
    assert dry.returncode == 0, dry.stderr
    real = run(*args, lang="ja")
    assert real.returncode == 0, real.stderr
    dry, real = json.loads(dry.stdout), json.loads(real.stdout)
    assert (real["register"], real["register_kept"], real["register_unmatched"], real["register_skipped"]) == (1, 3, 1, 1)
    for key in REGISTER_KEYS:
        assert dry[key] == real[key], key
    assert set(dry) == set(real)
    assert dry["problems"] == real["problems"]
    assert dry["people"] == real["people"] == 1


def test_register_problems_name_their_sheet_in_a_sentence_that_says_what_happens(tmp_path):
    """Each problem of the 要支援者 sheet has "sheet": "要支援者", a sentence (not a code) and
    an action that matches it; the roster's total row is said not to be imported."""
    db = _file_with_last_year_imported(tmp_path)
    book = _book(tmp_path / "r9.xlsx", NEXT_ROSTER, NEXT_REGISTER)
    r = run("import", str(book), "--db", str(db), "--json", "--skip-invalid", lang="ja")
    assert r.returncode == 0, r.stderr
    problems = json.loads(r.stdout)["problems"]
    register = {p["row"]: p for p in problems if p["sheet"] == "要支援者"}
    assert sorted(register) == [2, 3, 4, 6, 7]  # 山田さん (row 5) is added without a word
    for p in problems:
        assert p["message"] and p["message"] != p["code"]
        assert {"row", "column", "value", "code", "severity", "message", "action", "sheet"} <= set(p)
    assert register[2]["code"] == "already_registered" and register[2]["action"] == "登録はそのままにします"
    assert "すでに要支援者名簿に登録" in register[2]["message"]
    assert register[4]["code"] == "register_removed_kept" and "取り込みます" not in register[4]["action"]
    assert register[6]["code"] == "not_in_roster" and "加えません" in register[6]["action"]
    assert register[7]["code"] == "bad_date" and "加えません" in register[7]["action"]
    total = next(p for p in problems if p["code"] == "title_row")
    assert total["sheet"] == "名簿" and total["action"] == "取り込みません"


def test_dry_run_text_names_the_register_sheet_rows(tmp_path):
    """Without --json the dry run says what happens to the register sheet, its rows as
    「要支援者」シートの N 行目 (not a bare 「6 行目」 that reads as the roster's row 6)."""
    db = _file_with_last_year_imported(tmp_path)
    book = _book(tmp_path / "r9.xlsx", NEXT_ROSTER, NEXT_REGISTER)
    r = run("import", str(book), "--db", str(db), "--dry-run", "--skip-invalid", lang="ja")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "「要支援者」シートの 6 行目" in out and "山本 三郎" in out
    assert "「要支援者」シートの 7 行目" in out and "S25.2.30" in out
    assert "1人を要支援者名簿に加えます" in out
    assert "2人はすでに要支援者名簿に登録されています（鈴木 一郎、佐藤 花子）" in out
    assert "「要支援者」シートの 4 行目：高橋 和子 さんは前に要支援者名簿から外されている" in out
    assert "そのまま取り込みます)" not in out.split("合計")[1].splitlines()[0]  # the total row is not imported
