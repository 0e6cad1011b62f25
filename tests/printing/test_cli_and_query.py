"""`tsunagari sheets` / `tsunagari print …` and the print_sources query on the demo file."""
from __future__ import annotations

import json
import shutil

import pdfplumber
import pytest

from db import models as m
from db.queries.print_sources import label_rows, sender
from desktop.app import main


def test_sheets_json(capsys):
    """A list of objects with id, maker, product and the geometry in mm."""
    assert main(["sheets", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) >= 8
    for item in data:
        assert {"id", "maker", "product", "paper_mm", "cols", "rows", "label_mm", "margin_mm", "pitch_mm"} <= set(item)
    elm = next(d for d in data if d["id"] == "hisago-elm008")
    assert elm["label_mm"] == [86.4, 42.3] and elm["margin_mm"] == [18.6, 21.2] and elm["cols"] * elm["rows"] == 12


def test_label_rows_skip_trash_moved_and_deceased(demo_store):
    """Household rows hold only active, not-deleted people, head first; one query builds them."""
    rows = label_rows("household", None, "postal")
    active = (m.Person.select().join(m.Household)
              .where(m.Person.deleted_at.is_null(), m.Household.deleted_at.is_null(),
                     m.Person.status.in_(m.ACTIVE_STATUSES)).count())
    assert sum(len(r.names) for r in rows) == active
    assert [r.postal_digits for r in rows] == sorted(r.postal_digits for r in rows)
    people = label_rows("person", None, "reading")
    assert len(people) == active and all(len(r.names) == 1 for r in people)
    assert [r.reading for r in people] == sorted(r.reading for r in people)


def test_label_rows_for_one_block(demo_store):
    """--block keeps one 班."""
    block = m.Block.select().order_by(m.Block.position).first()
    rows = label_rows("household", block.name, "block")
    assert rows and {r.block for r in rows} == {block.name}


def test_sender_from_the_association(demo_store):
    """The association name is the sender."""
    assert sender().names[0] == m.Association.get().name


@pytest.fixture
def demo_file(demo_template, tmp_path, monkeypatch, password):
    path = tmp_path / "cli.tsunagari"
    shutil.copyfile(demo_template, path)
    monkeypatch.setenv("TSUNAGARI_PASSWORD", password)
    return path


def test_print_labels_command(demo_file, tmp_path, capsys):
    """print labels writes a PDF with the reported page count; start 3 skips two labels."""
    out = tmp_path / "l.pdf"
    code = main(["print", "labels", "--db", str(demo_file), "--out", str(out), "--sheet", "hisago-elm008",
                 "--start", "3", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == report["pages"] == -(-(report["items"] + 2) // 12)
        assert "〒" in pdf.pages[0].extract_text()


@pytest.mark.parametrize("kind", ["postcards", "envelopes"])
def test_print_cards_command(demo_file, tmp_path, capsys, kind):
    """print postcards|envelopes writes one page per household (two for envelopes)."""
    out = tmp_path / "c.pdf"
    assert main(["print", kind, "--db", str(demo_file), "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == report["pages"] == report["items"] * (2 if kind == "envelopes" else 1)


def test_print_refuses_characters_no_font_has(demo_file, tmp_path, capsys, password):
    """A name with a character no font has stops the print and names the person."""
    from db.store import Store

    s = Store.open(demo_file, password)
    person = m.Person.select().where(m.Person.deleted_at.is_null(), m.Person.status == "member",
                                     m.Person.is_head == True).first()  # noqa: E712
    m.Household.update(deleted_at=None).where(m.Household.id == person.household_id).execute()
    person.given_name = "花\ue000"
    person.save()
    who = f"{person.family_name} 花\ue000"
    s.close(auto_backup=False)
    out = tmp_path / "x.pdf"
    code = main(["print", "labels", "--db", str(demo_file), "--out", str(out), "--sheet", "hisago-elm008"])
    err = capsys.readouterr().err
    assert code == 4 and not out.exists() and who in err
    assert main(["print", "labels", "--db", str(demo_file), "--out", str(out), "--sheet", "hisago-elm008",
                 "--allow-missing-glyphs"]) == 0


def test_unknown_sheet_is_a_clear_error(demo_file, tmp_path, capsys):
    """A wrong sheet id says where the list is."""
    assert main(["print", "labels", "--db", str(demo_file), "--out", str(tmp_path / "x.pdf"), "--sheet", "nope"]) == 2
    assert "tsunagari sheets" in capsys.readouterr().err


@pytest.mark.parametrize("kind", [["labels", "--sheet", "hisago-elm008"], ["postcards"], ["safety"]])
def test_a_wrong_place_for_the_pdf_is_a_sentence(demo_file, tmp_path, capsys, kind):
    """--out naming a folder, or a file in a folder that does not exist: exit 2, no traceback."""
    for out, words in ((tmp_path, "フォルダーです"), (tmp_path / "nowhere" / "x.pdf", "がありません")):
        code = main(["print", *kind, "--db", str(demo_file), "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2 and words in err and "Traceback" not in err


@pytest.mark.parametrize("kind", [["labels", "--sheet", "hisago-elm008"], ["postcards"]])
def test_nothing_to_print_writes_no_pdf_and_no_ledger_line(demo_file, tmp_path, capsys, password, kind):
    """An empty block prints nothing: exit 2, no file, no custody ledger line; an unknown
    block is named as unknown."""
    from db.store import Store

    s = Store.open(demo_file, password)
    m.Block.create(name="空き班", position=99)
    ledger = m.PrintCustody.select().count()
    s.close(auto_backup=False)
    out = tmp_path / "x.pdf"
    assert main(["print", *kind, "--db", str(demo_file), "--out", str(out), "--block", "空き班"]) == 2
    assert "印刷するものがありません" in capsys.readouterr().err and not out.exists()
    assert main(["print", *kind, "--db", str(demo_file), "--out", str(out), "--block", "ない班"]) == 2
    assert "という班はありません" in capsys.readouterr().err and not out.exists()
    s = Store.open(demo_file, password)
    try:
        assert m.PrintCustody.select().count() == ledger
    finally:
        s.close(auto_backup=False)


def test_mail_without_an_address_is_warned_about(demo_file, tmp_path, capsys, password):
    from db.store import Store

    s = Store.open(demo_file, password)
    person = m.Person.select().where(m.Person.deleted_at.is_null(), m.Person.status == "member",
                                     m.Person.is_head == True).first()  # noqa: E712
    m.Household.update(address1="", address2="", address3="", postal_code="").where(
        m.Household.id == person.household_id).execute()
    s.close(auto_backup=False)
    assert main(["print", "labels", "--db", str(demo_file), "--out", str(tmp_path / "x.pdf"),
                 "--sheet", "hisago-elm008"]) == 0
    err = capsys.readouterr().err
    assert "住所がありません" in err and person.family_name in err


def test_negative_days_for_the_follow_up_list_is_refused(demo_file, tmp_path, capsys):
    assert main(["print", "followup", "--db", str(demo_file), "--out", str(tmp_path / "f.pdf"), "--days", "-5"]) == 2
    assert "--days" in capsys.readouterr().err and not (tmp_path / "f.pdf").exists()


def test_an_empty_list_is_still_a_print_but_an_unknown_block_is_not(demo_file, tmp_path, capsys, password):
    """A directory of an empty 班 prints its 'nobody here' page (a real print, like a blank
    attendance sheet for a new salon); a 班 that does not exist is named as unknown."""
    from db.store import Store

    s = Store.open(demo_file, password)
    m.Block.create(name="空き班", position=99)
    s.close(auto_backup=False)
    out = tmp_path / "d.pdf"
    assert main(["print", "directory", "--db", str(demo_file), "--out", str(out), "--block", "空き班"]) == 0
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 1
    out.unlink()
    assert main(["print", "directory", "--db", str(demo_file), "--out", str(out), "--block", "ない班"]) == 2
    assert "という班はありません" in capsys.readouterr().err and not out.exists()


def _long_building(demo_file, password, repeat: int) -> str:
    """Give one household of the demo a building name of 10 × `repeat` characters; returns
    the head's name as the notes write it."""
    from db.store import Store

    s = Store.open(demo_file, password)
    head = (m.Person.select().join(m.Household)
            .where(m.Person.deleted_at.is_null(), m.Person.status == "member", m.Person.is_head == True,  # noqa: E712
                   m.Household.deleted_at.is_null()).first())
    household = head.household
    household.address3 = "あいうえおかきくけこ" * repeat
    household.save()
    who = f"{head.family_name} {head.given_name}"
    s.close(auto_backup=False)
    return who


@pytest.mark.parametrize("kind", ["postcards", "envelopes"])
def test_print_cards_reports_smallest_text_and_who_is_too_long(demo_file, tmp_path, capsys, password, kind):
    """--json says how small the cards' text really is (it said 0.0) and names the household
    whose address only fits below the readable size; the text report says it on stderr."""
    out = tmp_path / "c.pdf"
    assert main(["print", kind, "--db", str(demo_file), "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    with pdfplumber.open(out) as pdf:
        printed = min(c["size"] for p in pdf.pages for c in p.chars)
    assert report["smallest_pt"] == pytest.approx(printed, abs=0.05) and report["smallest_pt"] >= 6
    assert report["notes"] == []
    who = _long_building(demo_file, password, 15 if kind == "postcards" else 30)  # too long at 6 pt
    assert main(["print", kind, "--db", str(demo_file), "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert 0 < report["smallest_pt"] < 6
    assert len(report["notes"]) == 1 and who in report["notes"][0]
    assert main(["print", kind, "--db", str(demo_file), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert who in err and "ポイント" in err
