"""`tsunagari import` of next year's roster (exported, edited in Excel): a new 班長 takes over
and the rows deleted in Excel are counted and named, in the text and in --json."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import openpyxl

PASSWORD = "cli-password-1"
NEW_FAMILY = (("2班", 900, "新井 健一", "あらい けんいち", "本人", "○", "昭和50年4月1日", "男", "105-0022",
               "東京都港区海岸1丁目7-8", None, None, None, None, "会員", None, "班長"),
              ("2班", 900, "新井 由紀", "あらい ゆき", "妻", None, "H2.3.3", "女", "105-0022",
               "東京都港区海岸1丁目7-8", None, None, None, None, "会員", None, None))


def run(*args, lang="en"):
    env = dict(os.environ, TSUNAGARI_PASSWORD=PASSWORD)
    return subprocess.run([sys.executable, "-m", "desktop", "--lang", lang, *args], capture_output=True, text=True,
                          env=env, timeout=300)


def _edit(export, out) -> tuple[str, list[str]]:
    """The tester's edits: the 2班 班長 mark taken off its leader and put on a new family's
    head, 4 rows deleted. Returns the old leader's name and the names deleted."""
    wb = openpyxl.load_workbook(export)
    ws = wb["名簿"]
    col = {c.value: i + 1 for i, c in enumerate(ws[2])}
    rows = list(range(3, ws.max_row + 1))
    name = {r: ws.cell(r, col["氏名"]).value for r in rows}
    marked = {r for r in rows if "班長" in (ws.cell(r, col["役割"]).value or "")}
    leader = next(r for r in sorted(marked) if ws.cell(r, col["班"]).value == "2班")
    ws.cell(leader, col["役割"]).value = None
    count = Counter(name.values())
    gone = [r for r in reversed(rows) if r not in marked and count[name[r]] == 1][:4]
    for r in gone:  # bottom up: the rows above keep their numbers
        ws.delete_rows(r)
    for values in NEW_FAMILY:
        ws.append(values)
    wb.save(out)
    return name[leader], [name[r] for r in gone]


def test_import_says_who_leads_2班_and_who_is_not_in_the_file(tmp_path):
    """Dry run and import: --json has the 班長 change and the count of roster people not in the
    file (4, by name); the text says both in Japanese; after undo-import the old 班長 leads again."""
    db = tmp_path / "year.tsunagari"
    assert run("demo", "--db", str(db)).returncode == 0
    export = tmp_path / "export.xlsx"
    r = run("export", "--db", str(db), "--out", str(export))
    assert r.returncode == 0, r.stderr
    old, gone = _edit(export, tmp_path / "roster_R9.xlsx")
    file = str(tmp_path / "roster_R9.xlsx")

    r = run("import", file, "--db", str(db), "--dry-run", "--json")
    assert r.returncode == 0, r.stderr
    dry = json.loads(r.stdout)
    change = {"block": "2班", "leader": old, "marked": "新井 健一", "takes_over": True}
    (planned,) = dry["leader_changes"]
    assert {k: planned[k] for k in change} == change
    assert dry["not_in_file"] == 4 and sorted(dry["not_in_file_names"]) == sorted(gone)
    assert dry["leader_notes"] == [f"The block leader (班長) of 2班 changes from {old} to 新井 健一; "
                                   "the call tree will start from 新井 健一."]
    assert dry["people"] == 2 and dry["duplicates"] == 296  # the keys that were there stay as they were

    r = run("import", file, "--db", str(db), lang="ja")
    assert r.returncode == 0, r.stderr
    assert f"2班の班長を{old}さんから新井 健一さんに替えました。連絡網も新井 健一さんから始まります。" in r.stdout
    assert "名簿にいて、このファイルにいない人が 4 人います（" in r.stdout
    assert all(f"{n}さん" in r.stdout for n in gone) and "取り込みでは消しません。" in r.stdout

    r = run("undo-import", "--db", str(db))
    assert r.returncode == 0, r.stderr
    again = json.loads(run("import", file, "--db", str(db), "--dry-run", "--json").stdout)
    assert again["leader_changes"] == dry["leader_changes"]  # the old 班長 leads 2班 again


def test_import_json_of_a_file_with_no_news_has_the_new_keys_empty(tmp_path):
    """The file as exported: nobody missing, no 班長 change."""
    db = tmp_path / "year.tsunagari"
    assert run("demo", "--db", str(db), "--people", "60").returncode == 0
    export = tmp_path / "export.xlsx"
    assert run("export", "--db", str(db), "--out", str(export)).returncode == 0
    r = run("import", str(export), "--db", str(db), "--json")
    out = json.loads(r.stdout)
    assert (out["leader_changes"], out["leader_notes"], out["not_in_file"], out["not_in_file_names"]) == ([], [], 0, [])
