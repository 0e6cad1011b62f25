"""Call list, member directory, attendance sheet and follow-up list on real PDFs."""
from __future__ import annotations

import datetime as dt

import pdfplumber

from db import models as m
from db.queries import print_lists as pl
from db.queries.followup import follow_up_list
from desktop.printing import attendance, lists
from desktop.printing.document import PrintOptions


def page_texts(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return ["".join(ch["text"] for ch in p.chars).replace(" ", "") for p in pdf.pages]


def test_call_list_has_everyone_with_tick_and_time(demo_store, tmp_path):
    """Every person of the tree is a row with their numbers; ✓ and 時刻 columns on each page."""
    doc = pl.call_tree(pl.call_trees()[0])
    rows = lists.call_list_rows(doc)
    assert len(rows) == len(doc.people())
    assert rows[0][0] == "発信者" and all(r[3] for r in rows)
    out = tmp_path / "calllist.pdf"
    lists.render_call_lists([doc], out, PrintOptions())
    pages = page_texts(out)
    text = "".join(pages)
    assert all("✓" in p and "時刻" in p for p in pages)
    for node in doc.people():
        assert node.name.replace(" ", "") in text
        assert all(ph.number in text for ph in node.phones)


def test_directory_sorted_by_reading_without_sensitive_fields(demo_store, tmp_path):
    """名簿: 五十音 order, index headings, no mobile numbers or birth dates."""
    rows = pl.directory_rows()
    assert [r.sort_key for r in rows] == sorted(r.sort_key for r in rows)
    out = tmp_path / "dir.pdf"
    result = lists.render_directory(rows, out, PrintOptions())
    text = "".join(page_texts(out))
    assert result.items == len(rows) and [s[0] for s in result.sections][:2] == ["あ", "か"]
    mobiles = [p.mobile for p in m.Person.select().where(m.Person.mobile != "")]
    from desktop import jtext

    assert mobiles and not any(jtext.format_phone(x) in text for x in mobiles[:50])
    assert "昭和" not in text.split("ページ")[0]  # no birth dates (the page date is 令和)
    positions = [text.find(r.name.replace(" ", "")) for r in rows[:30]]
    assert all(p >= 0 for p in positions)


def test_attendance_month_grid(demo_store, tmp_path):
    """The month's session dates are columns; every regular is a row; blank rows follow."""
    salon = pl.salon_by_name(None)
    session = salon.sessions.order_by(m.SalonSession.date.desc()).first()
    sheet = pl.attendance_sheet(salon, session.date.year, session.date.month)
    assert session.date in sheet.dates and sheet.people
    out = tmp_path / "att.pdf"
    attendance.render_attendance([sheet], out, PrintOptions())
    text = "".join(page_texts(out))
    assert f"{session.date.month}/{session.date.day}" in text and "出席者数" in text
    assert all(name.replace(" ", "") in text for name, _r in sheet.people)


def _gray(color) -> float | None:
    """pdfplumber gives a grey fill as 0.85 or (0.85,) depending on the version."""
    if isinstance(color, (tuple, list)):
        return color[0] if len(color) == 1 else None
    return color


def test_attendance_cancelled_session_says_so(demo_store, tmp_path):
    """A month whose only session was cancelled: its column says 中止 (head and count row) and
    is greyed, not an unexplained blank; an extra session that month is a normal column."""
    from desktop.services import salon as svc

    salon = pl.salon_by_name(None)
    session = salon.sessions.order_by(m.SalonSession.date.desc()).first()
    d = session.date
    svc.cancel_session(session)
    sheet = pl.attendance_sheet(salon, d.year, d.month)
    assert sheet.dates == (d,) and sheet.cancelled == (d,)
    out = tmp_path / "att.pdf"
    attendance.render_attendance([sheet], out, PrintOptions())
    pages = page_texts(out)
    assert all(f"{d.month}/{d.day}中止" in p for p in pages)  # the head on every page
    assert "出席者数中止" in pages[-1] and "".join(pages).count("中止") == len(pages) + 1  # and the count row
    grey = rows = 0
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            head = next(w for w in page.extract_words() if w["text"].startswith(f"{d.month}/{d.day}"))
            grey += len([r for r in page.rects if _gray(r.get("non_stroking_color")) == 0.85
                         and r["x0"] <= head["x0"] <= r["x1"]])
            rows = max([rows] + [int(w["text"]) for w in page.extract_words() if w["text"].isdigit() and w["x0"] < 60])
    assert rows >= len(sheet.people) + attendance.BLANK_ROWS
    assert grey == rows + 1  # every cell of the column is greyed, the count row's too
    extra = svc.add_session(salon, d.replace(day=28 if d.day < 20 else 3))
    sheet = pl.attendance_sheet(salon, d.year, d.month)
    assert set(sheet.dates) == {d, extra.date} and sheet.cancelled == (d,)
    attendance.render_attendance([sheet], out, PrintOptions())
    text = "".join(page_texts(out))
    weekday = attendance.WEEKDAYS[extra.date.weekday()]
    assert f"{extra.date.month}/{extra.date.day}({weekday})" in text and f"{d.month}/{d.day}中止" in text


def test_attendance_from_the_schedule_when_no_sessions(demo_store):
    """A month without saved sessions takes the dates the schedule gives."""
    salon = pl.salon_by_name(None)
    sheet = pl.attendance_sheet(salon, 2040, 5)
    assert sheet.dates and all(d.month == 5 and d.year == 2040 for d in sheet.dates)


def test_followup_print_leaves_out_refusing_register_people(demo_store, tmp_path):
    """On paper the follow-up list shows no register flag and drops people who refused."""
    today = dt.date.today()
    rows = follow_up_list(today, days=30)
    kept, left_off = pl.followup_consented(rows)
    refused = {r.person_id for r in m.SupportRecord.select().where(m.SupportRecord.consent != m.CONSENT_YES)}
    assert not ({r.person_id for r in kept} & refused)
    assert left_off == len(rows) - len(kept)
    out = tmp_path / "fu.pdf"
    result = lists.render_followup(kept, out, today, PrintOptions())
    text = "".join(page_texts(out))
    assert result.items == len(kept) and all(r.name.replace(" ", "") in text for r in kept)
    assert "要支援" not in text
