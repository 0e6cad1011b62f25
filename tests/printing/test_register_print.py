"""The consent rule on paper: register, plans and the pack through the command line.

Normal times → a person who did not consent is on no register or plan page, and nothing of
their record is printed anywhere; disaster mode → they are included and an audit entry holds
the reason (災害対策基本法 art. 49-11)."""
from __future__ import annotations

import shutil

import pdfplumber
import pytest

from db import models as m
from db.store import Store
from desktop.app import main

SECRET = "テスト用の秘密メモ記号"  # a details text only the refusing person's record holds
NAME = ("試験", "非同意")


def page_texts(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return ["".join(ch["text"] for ch in p.chars).replace(" ", "") for p in pdf.pages]


@pytest.fixture
def cli_file(demo_template, tmp_path, monkeypatch, password):
    """A demo copy where one refusing person has a unique name and a unique detail."""
    path = tmp_path / "consent.tsunagari"
    shutil.copyfile(demo_template, path)
    s = Store.open(path, password)
    rec = (m.SupportRecord.select().join(m.Person).join(m.Household)
           .where(m.SupportRecord.consent == m.CONSENT_NO, m.Household.block.is_null(False),
                  m.Person.status.in_(m.ACTIVE_STATUSES)).first())
    m.Person.update(family_name=NAME[0], given_name=NAME[1]).where(m.Person.id == rec.person_id).execute()
    m.SupportRecord.update(details=SECRET).where(m.SupportRecord.id == rec.id).execute()
    block = rec.person.household.block.name
    s.close(auto_backup=False)
    monkeypatch.setenv("TSUNAGARI_PASSWORD", password)
    return path, block


def _print(path, kind, out, *extra) -> int:
    return main(["print", kind, "--db", str(path), "--out", str(out), *extra])


def _name() -> str:
    return "".join(NAME)


def _register_pages(pages: list[str]) -> list[str]:
    """Register and plan pages (the title is drawn last, with the furniture); not the cover."""
    return [p for p in pages if ("避難行動要支援者名簿" in p or "個別避難計画" in p) and "目次" not in p]


@pytest.mark.parametrize("kind", ["register", "plan", "pack"])
@pytest.mark.parametrize("whole", [False, True])
def test_normal_times_leave_out_a_refusing_person(cli_file, tmp_path, kind, whole):
    """Normal mode: the name is on no register/plan page and the record's details nowhere."""
    path, block = cli_file
    out = tmp_path / f"{kind}.pdf"
    assert _print(path, kind, out, *([] if whole else ["--block", block])) == 0
    pages = page_texts(out)
    text = "".join(pages)
    assert SECRET not in text
    reg_pages = _register_pages(pages)
    assert reg_pages and all(_name() not in p for p in reg_pages)
    if kind != "pack":
        assert _name() not in text
    else:  # on the safety sheet they are a resident like any other, never marked 要支援
        safety = [p for p in pages if "安否確認表" in p and "目次" not in p and _name() in p]
        assert len(safety) == 1
        after = safety[0].split(_name(), 1)[1]
        assert "★" not in after[:8]  # relation, then the mark if there were one
    assert all("平常時" in p for p in pages)


@pytest.mark.parametrize("kind", ["register", "plan", "pack"])
def test_disaster_mode_includes_everyone_and_audits(cli_file, tmp_path, password, kind):
    """Disaster mode: the person is printed, the banner gives the reason, the audit log has it."""
    path, block = cli_file
    out = tmp_path / f"{kind}.pdf"
    reason = "震度6弱の地震（テスト）"
    assert _print(path, kind, out, "--block", block, "--mode", "disaster", "--reason", reason) == 0
    pages = page_texts(out)
    assert any(_name() in p for p in _register_pages(pages))
    assert all("災害時モード" in p and reason.replace(" ", "") in p for p in pages)
    s = Store.open(path, password)
    try:
        entries = list(m.AuditLog.select().where(m.AuditLog.action == "disaster_mode"))
        assert len(entries) == 1 and entries[0].reason == reason
        assert m.PrintCustody.select().where(m.PrintCustody.kind == kind).count() == 1
    finally:
        s.close(auto_backup=False)


def test_disaster_mode_without_reason_is_refused(cli_file, tmp_path, password, capsys):
    """No --reason: a clear message, no PDF, no audit entry, no ledger line."""
    path, _block = cli_file
    out = tmp_path / "r.pdf"
    assert _print(path, "register", out, "--mode", "disaster") == 2
    assert "--reason" in capsys.readouterr().err
    assert not out.exists()
    s = Store.open(path, password)
    try:
        assert not m.AuditLog.select().where(m.AuditLog.action == "disaster_mode").exists()
        assert not m.PrintCustody.select().exists()
    finally:
        s.close(auto_backup=False)


def test_plans_one_a4_each(cli_file, tmp_path, password):
    """One portrait A4 page per consenting person, with name, supporters and destination."""
    path, block = cli_file
    out = tmp_path / "plans.pdf"
    assert _print(path, "plan", out) == 0
    s = Store.open(path, password)
    try:
        from db.queries.register import register_rows

        rows = register_rows("normal")
    finally:
        s.close(auto_backup=False)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == len(rows)
        assert all(abs(float(p.width) - 595.3) < 1 and abs(float(p.height) - 841.9) < 1 for p in pdf.pages)
    pages = page_texts(out)
    for r, page in zip(rows, pages):
        assert r.name.replace(" ", "") in page and "避難支援者" in page and "避難先" in page
        if r.destination:
            assert r.destination in page


@pytest.fixture
def gone_supporters(demo_template, tmp_path, monkeypatch, password):
    """A demo copy where three consenting records each have a roster supporter with a unique
    name: one then goes to the trash, one is marked 死亡, one 転出."""
    from desktop.services import trash

    path = tmp_path / "supporters.tsunagari"
    shutil.copyfile(demo_template, path)
    s = Store.open(path, password)
    records = (m.SupportRecord.select().join(m.Person)
               .where(m.SupportRecord.consent == m.CONSENT_YES, m.SupportRecord.deleted_at.is_null(),
                      m.Person.status.in_(m.ACTIVE_STATUSES)).limit(3))
    helpers = (m.Person.select().where(m.Person.status.in_(m.ACTIVE_STATUSES), m.Person.deleted_at.is_null(),
                                       m.Person.id.not_in([r.person_id for r in records]),
                                       ~fn_has_record()).limit(3))
    names = []
    for i, (rec, helper, how) in enumerate(zip(records, helpers, ("trash", "deceased", "moved"))):
        helper.family_name, helper.given_name, helper.mobile = "支援", f"去人{'一二三'[i]}", f"0901111000{i}"
        helper.save()
        m.Supporter.create(record=rec, position=0, person=helper)
        if how == "trash":
            trash.trash_person(helper)
        else:
            helper.status = how
            helper.save()
        names.append((helper.family_name + helper.given_name, helper.mobile))
    s.close(auto_backup=False)
    monkeypatch.setenv("TSUNAGARI_PASSWORD", password)
    return path, names


def fn_has_record():
    return m.Person.id.in_(m.SupportRecord.select(m.SupportRecord.person))


@pytest.mark.parametrize("kind", ["register", "plan"])
def test_a_supporter_who_left_the_roster_is_not_printed(gone_supporters, tmp_path, kind):
    """A roster supporter who went to the trash, died or moved away: neither name nor phone on
    paper, and each of the three records says the supporter must be chosen again."""
    path, names = gone_supporters
    out = tmp_path / f"{kind}.pdf"
    assert _print(path, kind, out) == 0
    text = "".join(page_texts(out))
    for name, phone in names:
        assert name not in text
        assert phone not in text.replace("-", "")
    assert text.count("選び直") >= 3
