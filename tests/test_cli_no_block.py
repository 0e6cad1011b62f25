"""`tsunagari import` says who will be in no 班 and offers --block (a sheet named 5班 with no
班 column left a tester's people on no print); the whole association's prints say where they are."""
from __future__ import annotations

import json

import openpyxl
import pdfplumber
import pytest

from tests.test_cli import run

ROWS = (
    ("川口　義雄", "カワグチ ヨシオ", "東京都港区芝3丁目1-2", "03-5111-0001"),
    ("川口　春子", "カワグチ ハルコ", "〃", "〃"),
    ("大塚　トメ", "オオツカ トメ", "東京都港区芝3丁目4-1", "なし"),
)


@pytest.fixture
def files(tmp_path):
    """A new association file and a workbook whose sheet is 「５班」, without a 班 column."""
    db = tmp_path / "town.tsunagari"
    assert run("init", "--db", str(db), "--name", "町会").returncode == 0
    book = tmp_path / "roster.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "５班"
    ws.append(["氏名", "フリガナ", "住所", "電話"])
    for row in ROWS:
        ws.append(list(row))
    wb.save(book)
    return db, book


def test_dry_run_says_who_is_in_no_block_and_names_the_option(files):
    """Text: 「班の列がないので、3 人はどの班にも入りません。」 and --block 5班; JSON: new keys."""
    db, book = files
    r = run("import", str(book), "--db", str(db), "--dry-run", lang="ja")
    assert r.returncode == 0, r.stderr
    assert "班の列がないので、3 人はどの班にも入りません。" in r.stdout
    assert "--block 5班" in r.stdout and "「５班」" in r.stdout
    r = run("import", str(book), "--db", str(db), "--dry-run", "--json")
    data = json.loads(r.stdout)
    assert data["no_block"] == 3 and data["no_block_reason"] == "no_column" and data["sheet_block"] == "5班"
    assert data["into_block"] == 0 and data["block"] is None and data["people"] == 3  # old keys kept


def test_block_option_puts_every_row_without_one_in_it(files, tmp_path):
    """--block 5班: everyone goes into 5班 (made), nobody is in no block, the prints need no note."""
    db, book = files
    r = run("import", str(book), "--db", str(db), "--block", "5班", "--json")
    data = json.loads(r.stdout)
    assert data["imported"] and data["into_block"] == 3 and data["no_block"] == 0 and data["blocks"] == 1
    out = tmp_path / "safety.pdf"
    r = run("print", "safety", "--db", str(db), "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["notes"] == []
    with pdfplumber.open(out) as pdf:
        text = "".join(c["text"] for p in pdf.pages for c in p.chars)
    assert "大塚" in text and "班が決まっていない世帯" not in text


def test_import_without_block_then_prints_say_where_they_are(files, tmp_path):
    """Imported in no block: the import says how to fix it; 連絡表 lists them in the last
    section and the command says so."""
    db, book = files
    r = run("import", str(book), "--db", str(db), lang="ja")
    assert r.returncode == 0, r.stderr
    assert "3 人はどの班にも入っていません" in r.stdout and "--block 5班" in r.stdout
    out = tmp_path / "calllist.pdf"
    r = run("print", "calllist", "--db", str(db), "--out", str(out), lang="ja")
    assert r.returncode == 0, r.stderr
    assert "2 世帯（3 人）は班が決まっていません" in r.stderr
    with pdfplumber.open(out) as pdf:
        last = pdf.pages[-1]
        text = "".join(c["text"] for c in last.chars)
        assert "班が決まっていない世帯" in text and "大塚" in text and "電話なし" in text
        assert all(0 <= c["x0"] and c["x1"] <= last.width and c["bottom"] <= last.height for c in last.chars)
