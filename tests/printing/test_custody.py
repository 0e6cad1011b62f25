"""The custody ledger: recording prints, returns and destruction; the CLI writes it."""
from __future__ import annotations

import datetime as dt
import shutil

import pdfplumber
import pytest

from db import models as m
from db.store import Store
from desktop.app import main
from desktop.printing import lists
from desktop.services import custody


def test_record_print_defaults(store):
    """Recipient 会長 and +365 days by default; disaster prints must be back within 30 days."""
    today = dt.date(2026, 11, 28)
    e = custody.record_print("register", "名簿", "全体", "", 2, today=today)
    assert e.recipient == "会長" and e.destroy_by == dt.date(2027, 11, 28) and e.copies == 2
    d = custody.record_print("pack", "防災パック", "1班", "1班", 1, mode="disaster", today=today)
    assert d.destroy_by == dt.date(2026, 12, 28)
    assert m.AuditLog.select().where(m.AuditLog.action == "print").count() == 2
    with pytest.raises(custody.CustodyError):
        custody.record_print("register", "名簿", "全体", "会長", 0)


def test_return_and_destroy_close_the_entry(store):
    """An entry stays open until every copy is returned or destroyed; no more than printed."""
    e = custody.record_print("safety", "安否確認表", "1班", "1班", 3)
    custody.mark_returned(e, 1)
    custody.mark_destroyed(e.id, 1)
    assert [r.id for r in custody.open_entries()] == [e.id]
    assert custody.open_entries()[0].outstanding == 1
    with pytest.raises(custody.CustodyError):
        custody.mark_destroyed(e, 2)
    closed = custody.mark_destroyed(e, 1)
    assert closed.closed_at is not None and custody.open_entries() == []
    assert len(custody.all_entries()) == 1


def test_overdue_and_ledger_print(store, tmp_path):
    """The ledger print lists every entry and flags the overdue ones."""
    old = custody.record_print("register", "避難行動要支援者名簿 全体", "全体", "民生委員 テスト", 2,
                               dt.date(2026, 1, 1))
    today = dt.date(2026, 6, 1)
    assert custody.open_entries()[0].overdue(today)
    out = tmp_path / "ledger.pdf"
    lists.render_ledger(custody.all_entries(), out, today)
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "民生委員 テスト" in text and "期限切れ" in text and str(old.id) in text


@pytest.fixture
def demo_file(demo_template, tmp_path, monkeypatch, password):
    path = tmp_path / "custody.tsunagari"
    shutil.copyfile(demo_template, path)
    monkeypatch.setenv("TSUNAGARI_PASSWORD", password)
    return path


@pytest.mark.parametrize("kind", ["calltree", "calllist", "safety", "tally", "register", "plan", "directory",
                                  "attendance", "followup", "pack"])
def test_every_cli_print_writes_a_ledger_line(demo_file, tmp_path, password, kind):
    """Each kind records custody (the block's 班長 as default recipient) and numbers each copy's pages."""
    out = tmp_path / f"{kind}.pdf"
    assert main(["print", kind, "--db", str(demo_file), "--out", str(out), "--block", "2班", "--copies", "2"]) == 0
    s = Store.open(demo_file, password)
    try:
        (entry,) = list(m.PrintCustody.select())
        assert (entry.kind, entry.copies, entry.scope) == (kind, 2, "2班")
        assert entry.recipient.startswith("2班")  # "2班 班長 <name>" when the block has a leader
        assert entry.destroy_by == dt.date.today() + dt.timedelta(days=365)
    finally:
        s.close(auto_backup=False)
    with pdfplumber.open(out) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    half = len(texts) // 2
    assert len(texts) == 2 * half
    assert all("2部のうち1" in t for t in texts[:half]) and all("2部のうち2" in t for t in texts[half:])
    assert all(f"台帳番号 {entry.id}" in t for t in texts)


def test_cli_recipient_and_whole_association(demo_file, tmp_path, password):
    """--recipient is stored; without --block the scope is 全体 and the default recipient 会長."""
    assert main(["print", "directory", "--db", str(demo_file), "--out", str(tmp_path / "d.pdf"),
                 "--recipient", "副会長 テスト"]) == 0
    assert main(["print", "register", "--db", str(demo_file), "--out", str(tmp_path / "r.pdf")]) == 0
    assert main(["print", "ledger", "--db", str(demo_file), "--out", str(tmp_path / "l.pdf")]) == 0
    s = Store.open(demo_file, password)
    try:
        rows = [(e.kind, e.scope, e.recipient) for e in m.PrintCustody.select().order_by(m.PrintCustody.id)]
    finally:
        s.close(auto_backup=False)
    assert rows == [("directory", "全体", "副会長 テスト"), ("register", "全体", "会長")]  # the ledger itself: none
    with pdfplumber.open(tmp_path / "l.pdf") as pdf:
        assert "副会長 テスト" in pdf.pages[0].extract_text()


def test_unknown_block_is_a_clear_error(demo_file, tmp_path, capsys):
    """--block with a name that does not exist says so and lists nothing."""
    assert main(["print", "safety", "--db", str(demo_file), "--out", str(tmp_path / "x.pdf"), "--block", "99班"]) == 2
    assert "99班" in capsys.readouterr().err


@pytest.mark.parametrize("kind,extra", [("labels", ["--sheet", "a-one-72212"]), ("postcards", []), ("envelopes", [])])
def test_address_prints_write_a_ledger_line_too(demo_file, tmp_path, password, kind, extra):
    """Labels, postcards and envelopes from the command line are recorded in the ledger as well."""
    out = tmp_path / f"{kind}.pdf"
    args = ["print", kind, "--db", str(demo_file), "--out", str(out), "--block", "3班", "--allow-missing-glyphs", *extra]
    assert main(args) == 0
    s = Store.open(demo_file, password)
    try:
        (entry,) = list(m.PrintCustody.select())
        assert entry.kind == kind and entry.scope == "3班" and entry.recipient.startswith("3班")
    finally:
        s.close(auto_backup=False)
