"""「ほかに来た人」: someone not in the roster is added right there, with the roster's own form,
and marked present at the session; Cancel changes nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from db import models as m
from desktop.services import roster
from desktop.services import salon as svc
from ui.roster.person_dialog import NEW_HOUSEHOLD, PersonDialog


@pytest.fixture
def session(store):
    """いきいきサロン with one regular and a session on 2026-11-26."""
    salon = svc.save_salon(None, {"name": "いきいきサロン", "venue": "町会会館", "schedule": "毎月第4木曜 10:00"})
    h, _ = roster.save_household({"address1": "東京都港区港南"})
    p, _ = roster.save_person({"household": h.id, "family_name": "青木", "given_name": "花子",
                               "family_reading": "あおき", "given_reading": "はなこ"})
    svc.add_regular(salon, p, since=dt.date(2026, 10, 1))
    return svc.add_session(salon, dt.date(2026, 11, 26), theme="防災の話")


@pytest.fixture
def page(page, session):
    page.refresh()  # the session made after the page was built
    return page


@pytest.fixture
def drive_person_dialog(drive_dialog):
    return lambda steps: drive_dialog(PersonDialog, steps)


def _counts():
    return m.Person.select().count(), m.Household.select().count(), m.Attendance.select().count()


def test_someone_new_is_added_and_marked_present(qtbot, page, session, type_text, drive_person_dialog):
    """よしだ finds nobody; 「名簿に新しく加える」 opens the roster's form with the reading filled
    in and a new household chosen; typing the name and 保存 adds 吉田 髙子 to the roster (no
    address needed) and marks her 出席 at 11/26, listed as a walk-in."""
    panel = page.session_panel
    type_text(panel.walk_in.edit, "よしだ")
    assert panel.walk_in.matches == []
    assert "名簿に新しく加える" in panel.walk_in.hint.text()
    assert panel.walk_in.add_button.isVisible() and panel.walk_in.add_button.text() == "名簿に新しく加える"
    opened = {}

    def steps(dialog):
        opened["reading"] = dialog.family_reading.text()
        opened["household"] = dialog.household.currentData()
        opened["intro"] = any("出席" in label.text() and "11月26日" in label.text()
                              for label in dialog.findChildren(type(dialog.error)))
        type_text(dialog.family_name, "吉田")
        type_text(dialog.given_name, "髙子")
        dialog.given_reading.clear()  # a suggested reading, if any, is replaced
        type_text(dialog.given_reading, "たかこ")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    drive_person_dialog(steps)
    qtbot.mouseClick(panel.walk_in.add_button, Qt.MouseButton.LeftButton)
    assert opened == {"reading": "よしだ", "household": NEW_HOUSEHOLD, "intro": True}
    person = m.Person.get((m.Person.family_name == "吉田") & (m.Person.given_name == "髙子"))
    assert (person.family_reading, person.given_reading) == ("よしだ", "たかこ")
    assert person.household is not None and person.household.address1 == ""
    attendance = m.Attendance.get((m.Attendance.session == session) & (m.Attendance.person == person))
    assert attendance.state == "attended"
    row = panel.model.rows[panel.model.row_of(person.id)]
    assert (row.name, row.state, row.regular) == ("吉田 髙子", "attended", False)
    assert panel.view.currentIndex().row() == panel.model.row_of(person.id)
    assert panel.walk_in.edit.text() == "" and "吉田 髙子" in panel.walk_in.hint.text()
    # she is found next time (the search read the roster again)
    type_text(panel.walk_in.edit, "よしだ")
    assert [r.id for r in panel.walk_in.matches] == [person.id]


def test_a_name_in_kanji_fills_the_name(qtbot, page, session, type_text, drive_person_dialog):
    """A name typed in kanji goes into the name fields (the reading is suggested)."""
    panel = page.session_panel
    type_text(panel.walk_in.edit, "山本 一郎")
    seen = drive_person_dialog(lambda dialog: None)
    qtbot.mouseClick(panel.walk_in.add_button, Qt.MouseButton.LeftButton)
    assert (seen[0].family_name.text(), seen[0].given_name.text()) == ("山本", "一郎")
    assert seen[0].family_reading.text() == "やまもと"
    # names first (what the person came to type), then the household, in Tab order too
    dialog = seen[0]
    y = {w: w.mapTo(dialog, w.rect().topLeft()).y() for w in (dialog.family_name, dialog.household)}
    assert y[dialog.family_name] < y[dialog.household]
    chain, w = [], dialog.family_name
    for _ in range(40):
        w = w.nextInFocusChain()
        chain.append(w)
    assert chain.index(dialog.given_reading) < chain.index(dialog.household.lineEdit() if dialog.household.lineEdit() in chain
                                                            else dialog.household)


def test_cancel_changes_nothing(qtbot, page, session, type_text, drive_person_dialog, _discard_answers):
    """Cancel right away: no question, no person, no household, no mark; the typing stays."""
    panel = page.session_panel
    before = _counts()
    type_text(panel.walk_in.edit, "よしだ")
    drive_person_dialog(lambda dialog: qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(panel.walk_in.add_button, Qt.MouseButton.LeftButton)
    assert _counts() == before and _discard_answers["asked"] == 0
    assert [r.name for r in panel.model.rows] == ["青木 花子"]
    assert panel.walk_in.edit.text() == "よしだ"


def test_if_the_mark_fails_the_person_is_not_saved_either(qtbot, page, session, type_text, drive_person_dialog,
                                                          monkeypatch):
    """The person and the mark are saved together or not at all."""
    panel = page.session_panel
    before = _counts()
    type_text(panel.walk_in.edit, "よしだ")

    def steps(dialog):
        type_text(dialog.family_name, "吉田")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    def broken(*_a, **_k):
        raise RuntimeError("disk trouble")

    drive_person_dialog(steps)
    monkeypatch.setattr(svc, "add_walk_in", broken)
    with pytest.raises(RuntimeError):
        panel.add_new_walk_in("よしだ")
    assert _counts() == before
