"""The date, phone and search widgets, and the in-memory search index behind the page."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from db import models as m
from db.queries import roster
from ui.widgets.date_edit import DateEdit
from ui.widgets.phone_edit import PhoneEdit
from ui.widgets.search_box import SearchBox

TODAY = dt.date(2026, 11, 28)


def test_date_edit_reads_seireki_and_wareki(qtbot, type_text):
    """1948/4/5, S23.4.5, 昭和23年4月5日 and R1.5.1 are read; the day and the age show below."""
    edit = DateEdit(TODAY, "wareki")
    qtbot.addWidget(edit)
    for text, day in (("1948/4/5", dt.date(1948, 4, 5)), ("S23.4.5", dt.date(1948, 4, 5)),
                      ("昭和23年4月5日", dt.date(1948, 4, 5)), ("R1.5.1", dt.date(2019, 5, 1))):
        edit.edit.clear()
        type_text(edit.edit, text)
        assert edit.date() == day, text
        assert str(TODAY.year - day.year - (1 if (TODAY.month, TODAY.day) < (day.month, day.day) else 0)) in edit.message.text()
    edit.edit.setText("S70.1.1")
    assert edit.date() is None and edit.error()
    edit.edit.setText("1800/1/1")  # a typo for 1900 or 1980: a birth date says so, as the import does
    assert "1900" in edit.error()
    custody = DateEdit(TODAY, "wareki", with_age=False)  # other dates are not birth dates
    qtbot.addWidget(custody)
    custody.edit.setText("1800/1/1")
    assert custody.error() == "" and custody.date() == dt.date(1800, 1, 1)
    edit.set_date(dt.date(1948, 4, 5))
    assert edit.edit.text() == "昭和23年4月5日"
    seireki = DateEdit(TODAY, "seireki")
    qtbot.addWidget(seireki)
    seireki.set_date(dt.date(1948, 4, 5))
    assert seireki.edit.text() == "1948年4月5日"


def test_phone_edit_formats_and_flags(qtbot):
    """A valid number gets its hyphens when the field is left; an impossible one is flagged."""
    phone = PhoneEdit()
    qtbot.addWidget(phone)
    qtbot.keyClicks(phone.edit, "0354711234")
    phone.edit.editingFinished.emit()
    assert phone.edit.text() == "03-5471-1234" and phone.problem() == ""
    phone.edit.setText("12345")
    phone.edit.editingFinished.emit()
    assert phone.problem() and phone.message.isVisibleTo(phone)


def test_search_box_escape_clears(qtbot):
    """Esc empties the search box and the page is told."""
    box = SearchBox()
    qtbot.addWidget(box)
    seen = []
    box.search_changed.connect(seen.append)
    qtbot.keyClicks(box, "abc")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == "" and seen[-1] == ""


def test_index_narrowing_matches_the_plain_filter(demo_store):
    """The keystroke index (narrowing, cache, backspace) gives exactly what filter_rows gives."""
    rows = roster.load_rows()
    index = roster.RosterIndex(rows)
    for statuses in (m.ACTIVE_STATUSES, m.STATUSES):
        for text in ("や", "やま", "やまだ", "やま", "さ", "さと", "さとう", "0", "03", "035", "03", "", "山田 は", "ﾔﾏﾀﾞ"):
            flt = roster.RosterFilter(text=text, statuses=statuses)
            assert [rows[i].id for i in index.filter(flt)] == [r.id for r in roster.filter_rows(rows, flt)], text


def test_person_form_opens_with_thousands_of_households(qtbot):
    """A 30,000-household picker builds in one go (no per-item Qt calls that exhaust None)."""
    from ui.roster.person_dialog import PersonDialog

    households = [(i, f"世帯{i} 東京都港区") for i in range(1, 30001)]
    dialog = PersonDialog(today=TODAY, date_style="wareki", households=households, blocks=[(1, "1班")], household_id=29999)
    qtbot.addWidget(dialog)
    assert dialog.household.count() == 30001
    assert dialog.result_form().household_id == 29999
