"""The attendance sheet of a month already past prints the marks taken in the app; its last
page is never a few blank rows alone (real PDFs, read back with pdfplumber)."""
from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest

from db import models as m
from db.queries import print_lists as pl
from desktop.printing import attendance
from desktop.printing.document import PrintOptions
from desktop.services import roster
from desktop.services import salon as svc

FAMILIES = ["青木", "上野", "大野", "岡田", "小野", "加藤", "後藤", "小林", "近藤", "佐藤", "菅原", "高橋", "竹内",
            "田中", "中村", "西村", "長谷川", "林", "藤田", "松本", "村上", "森", "山崎", "山田", "吉田", "和田"]
READINGS = ["あおき", "うえの", "おおの", "おかだ", "おの", "かとう", "ごとう", "こばやし", "こんどう", "さとう",
            "すがわら", "たかはし", "たけうち", "たなか", "なかむら", "にしむら", "はせがわ", "はやし", "ふじた",
            "まつもと", "むらかみ", "もり", "やまざき", "やまだ", "よしだ", "わだ"]
STATES = ["attended", "absent", "absent_notice", "letter"]


def _people(n: int) -> list[m.Person]:
    out = []
    for family, reading in list(zip(FAMILIES, READINGS))[:n]:
        h, _ = roster.save_household({"address1": "東京都港区港南"})
        p, _ = roster.save_person({"household": h.id, "family_name": family, "given_name": "花子",
                                   "family_reading": reading, "given_reading": "はなこ"})
        out.append(p)
    return out


@pytest.fixture
def november(store):
    """26 regulars (the tester's お手紙サロン); 11/12 and 11/26 marked, 11/30 not held yet."""
    salon = svc.save_salon(None, {"name": "お手紙サロン", "schedule": "毎月第2木曜 10:00"})
    people = _people(26)
    for p in people:
        svc.add_regular(salon, p, since=dt.date(2026, 10, 1))
    sessions = [svc.add_session(salon, d) for d in (dt.date(2026, 11, 12), dt.date(2026, 11, 26), dt.date(2026, 11, 30))]
    for k, p in enumerate(people):
        svc.set_attendance(sessions[0], p, "attended")
        if k != 3:  # one person not marked on 11/26: a blank, not a guess
            svc.set_attendance(sessions[1], p, STATES[k % 4])
    return salon, people, sessions


def _cell_text(page, head: str) -> dict[str, str]:
    """Per person (family name), what is printed in the column under `head` (e.g. "11/26")."""
    words = page.extract_words()
    col = next(w for w in words if w["text"].startswith(head))
    left, right = col["x0"] - 8, col["x1"] + 8
    out = {}
    for w in words:
        if w["text"] in FAMILIES:
            # the row: from just above the name (its reading) to the row's foot
            top, bottom = w["top"] - 12, w["bottom"] + 4
            out[w["text"]] = "".join(ch["text"] for ch in page.chars
                                     if left <= (ch["x0"] + ch["x1"]) / 2 <= right and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom)
    return out


def _print(salon, tmp_path):
    sheet = pl.attendance_sheet(salon, 2026, 11)
    out = tmp_path / "att.pdf"
    attendance.render_attendance([sheet], out, PrintOptions())
    return sheet, out


def test_marked_sessions_print_their_marks(november, tmp_path):
    """11/12 prints ○ for everyone, 11/26 ○ × 連 手 as marked (a blank where nobody marked),
    11/30 (not held) stays blank; the count row gives the numbers of the marked sessions."""
    salon, people, _sessions = november
    _sheet, out = _print(salon, tmp_path)
    seen12, seen26, seen30 = {}, {}, {}
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            seen12.update(_cell_text(page, "11/12"))
            seen26.update(_cell_text(page, "11/26"))
            seen30.update(_cell_text(page, "11/30"))
        last = "".join(ch["text"] for ch in pdf.pages[-1].chars).replace(" ", "")
    assert len(seen26) == 26
    assert all(v == "○" for v in seen12.values())
    expected = {p.family_name: ("" if k == 3 else attendance.MARKS[STATES[k % 4]]) for k, p in enumerate(people)}
    assert seen26 == expected
    assert set(seen30.values()) == {""}
    # 11/12: 26 came; 11/26: 7 came (k % 4 == 0) and 5 took part by letter (k % 4 == 3 but 3)
    assert "出席者数26" in last and "7手5" in last


def test_no_last_page_of_blank_rows_alone(november, tmp_path):
    """26 people and the newcomers' rows fit on two pages; the second holds people too, and
    there are at least BLANK_ROWS blank rows after the last name."""
    salon, _people_, _sessions = november
    sheet, out = _print(salon, tmp_path)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 2
        last = pdf.pages[-1]
        assert any(w["text"] in FAMILIES for w in last.extract_words())
        numbers = [int(w["text"]) for w in last.extract_words() if w["text"].isdigit() and w["x0"] < 60]
    assert max(numbers) - len(sheet.people) >= attendance.BLANK_ROWS


@pytest.mark.parametrize("people", [0, 3, 9, 10, 13, 14, 15, 26, 27, 40])
def test_the_last_page_is_full(people):
    """Whatever the number of people: at least BLANK_ROWS blank rows, never a page more than
    the people need with rows of MIN_ROW_H, and rows never below MIN_ROW_H."""
    space = 150 * attendance.MM
    h, per_page, pages = attendance.plan_rows(people, space)
    assert h >= attendance.MIN_ROW_H - 1e-6 and h <= attendance.ROW_H
    assert pages * per_page - people >= attendance.BLANK_ROWS
    assert (pages - 1) * per_page < people + attendance.BLANK_ROWS  # the last page is needed
    assert (per_page + 1) * h <= space + 1e-6
