"""The サロン page: salons, a year of sessions, attendance by click and by key, walk-ins."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from db import models as m
from desktop import settings as options
from desktop.services import roster
from desktop.services import salon as svc
from ui.salon.attendance import STATE
from ui.salon.dialogs import PlanDialog, SalonDialog, SessionDialog
from ui.salon.page import SalonPage


def _person(family, given, reading):
    h, _ = roster.save_household({"address1": "東京都港区港南", "landline": "0354712222"})
    p, _ = roster.save_person({"household": h.id, "family_name": family, "given_name": given,
                               "family_reading": reading, "given_reading": "はなこ"})
    return p


@pytest.fixture
def salon_with_people(store):
    """A salon with three regulars (since October) and one session on 2026-11-10 (before TODAY)."""
    salon = svc.save_salon(None, {"name": "いきいきサロン", "venue": "町会会館", "schedule": "毎月第2火曜 13:30"})
    people = [_person("青木", "花子", "あおき"), _person("井上", "花子", "いのうえ"), _person("上野", "花子", "うえの")]
    for p in people:
        svc.add_regular(salon, p, since=dt.date(2026, 10, 1))
    session = svc.add_session(salon, dt.date(2026, 11, 10), theme="体操")
    return salon, people, session


def _click_cell(qtbot, view, row, col):
    index = view.model().index(row, col)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def _state(session, person):
    a = m.Attendance.get_or_none((m.Attendance.session == session) & (m.Attendance.person == person))
    return a.state if a else None


def test_empty_page_says_what_to_do(page):
    """With no salon the page says to add one."""
    assert page.empty_label.isVisible() and "サロンを追加" in page.empty_label.text()
    assert not page.tabs.isVisible()


def test_add_salon_then_plan_a_year_skipping_holidays(qtbot, page, monkeypatch):
    """毎月第2月曜 from Nov 2026: 12 dates, 成人の日 and スポーツの日 skipped, 10 sessions saved."""
    monkeypatch.setattr(SalonDialog, "ask", classmethod(lambda cls, parent, data=None: {
        "name": "月曜サロン", "venue": "集会所", "schedule": "毎月第2月曜 10:00", "organisers": "佐藤"}))
    qtbot.mouseClick(page.add_salon_button, Qt.MouseButton.LeftButton)
    salon = m.Salon.get(m.Salon.name == "月曜サロン")
    assert page.current_salon.id == salon.id and "集会所" in page.salon_info.text()
    seen = {}

    def fake_plan(cls, parent, name, planned, style):
        seen["planned"] = planned
        return {}  # skip every holiday

    monkeypatch.setattr(PlanDialog, "ask", classmethod(fake_plan))
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    holidays = {p.date: p.holiday for p in seen["planned"] if p.holiday}
    assert len(seen["planned"]) == 12
    assert holidays == {dt.date(2027, 1, 11): "成人の日", dt.date(2027, 10, 11): "スポーツの日"}
    dates = [s.date for s in salon.sessions]
    assert len(dates) == 10 and dt.date(2027, 1, 11) not in dates and dt.date(2026, 12, 14) in dates
    assert page.session_panel.session_combo.count() == 10
    assert "10" in page.message.text() and "2" in page.message.text()


def test_plan_dialog_moves_a_holiday(qtbot, store):
    """Ticking 「別の日に移す」 on a holiday returns the new date for it."""
    salon = svc.save_salon(None, {"name": "月曜サロン", "schedule": "毎月第2月曜 10:00"})
    planned = svc.plan_year(salon, dt.date(2027, 1, 1), months=1)
    dialog = PlanDialog("月曜サロン", planned, "wareki")
    qtbot.addWidget(dialog)
    check, edit = dialog.move_checks[dt.date(2027, 1, 11)]
    assert not edit.isEnabled()
    check.click()
    assert edit.isEnabled()
    assert dialog.moved() == {dt.date(2027, 1, 11): dt.date(2027, 1, 18)}
    made = svc.create_sessions(salon, planned, moved=dialog.moved())
    assert [s.date for s in made] == [dt.date(2027, 1, 18)]


def test_salon_dialog_refuses_an_unreadable_schedule(qtbot):
    """A schedule the app cannot read keeps the dialog open with a message."""
    dialog = SalonDialog({"name": "サロン", "schedule": "ときどき"})
    qtbot.addWidget(dialog)
    dialog._accept()
    assert dialog.result() == 0 and "ときどき" in dialog.error_label.text()


def test_regulars_listed_and_marked_by_click(qtbot, page, salon_with_people, qtmodeltester):
    """Opening a session lists the regulars; a click on 出欠 cycles 出席 → 欠席 and writes it."""
    salon, people, session = salon_with_people
    page.refresh()
    panel = page.session_panel
    assert panel.session.id == session.id
    assert [r.name for r in panel.model.rows] == ["青木 花子", "井上 花子", "上野 花子"]
    assert all(r.state is None and r.regular for r in panel.model.rows)
    qtmodeltester.check(panel.model)
    _click_cell(qtbot, panel.view, 1, STATE)
    assert panel.model.rows[1].state == "attended" and _state(session, people[1]) == "attended"
    _click_cell(qtbot, panel.view, 1, STATE)
    assert _state(session, people[1]) == "absent"
    assert panel.model.data(panel.model.index(1, STATE)) == "欠席"
    assert "出席 0" in panel.summary_label.text() and "欠席 1" in panel.summary_label.text()



def test_the_count_is_in_english_in_english(qtbot, context, salon_with_people):
    """With English chosen, the count under the table says attended/absent, not 出席/欠席."""
    from desktop.i18n import set_language

    _salon, people, session = salon_with_people
    svc.set_attendance(session, people[0].id, "attended", actor="")
    set_language("en")
    try:
        page = SalonPage(context)
        qtbot.addWidget(page)
        page.refresh()
        text = page.session_panel.summary_label.text()
    finally:
        set_language("ja")
    assert text == "3 people: 1 attended, 0 absent, 0 absent with word sent, 0 by letter"

def test_attendance_by_keyboard(qtbot, page, salon_with_people):
    """Space cycles; 1-4 set a state and move on; Delete clears a mark."""
    salon, people, session = salon_with_people
    page.refresh()
    view = page.session_panel.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, STATE))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert _state(session, people[0]) == "attended"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_3)  # 欠席連絡あり, then on to 上野
    assert _state(session, people[1]) == "absent_notice"
    assert view.currentIndex().row() == 2
    qtbot.keyClick(view, Qt.Key.Key_4)
    assert _state(session, people[2]) == "letter"
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert _state(session, people[1]) == "letter"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert _state(session, people[1]) is None
    assert [r.state for r in view.model().rows] == ["attended", None, "letter"]


def test_walk_in_by_typing_kana(qtbot, page, salon_with_people, type_text):
    """Typing a few kana finds a person in the roster; Enter marks them present as a walk-in."""
    salon, people, session = salon_with_people
    walk = _person("田中", "一郎", "たなか")
    page.refresh()
    panel = page.session_panel
    type_text(panel.walk_in.edit, "たな")
    assert [r.id for r in panel.walk_in.matches] == [walk.id]
    qtbot.keyClick(panel.walk_in.edit, Qt.Key.Key_Return)
    assert _state(session, walk) == "attended"
    row = panel.model.row_of(walk.id)
    assert row >= 0 and not panel.model.rows[row].regular
    assert panel.view.currentIndex().row() == row
    # make them a regular: listed on the next session too
    qtbot.mouseClick(panel.regular_button, Qt.MouseButton.LeftButton)
    assert walk.id in svc.regular_ids(salon)



def test_walk_in_search_goes_below_the_table_when_the_page_is_narrow(qtbot, qapp, page, salon_with_people, type_text):
    """Large text: beside the table on a wide page, below it on a narrow one, and it still adds
    a walk-in there; the page never needs to scroll sideways for it."""
    from ui import style

    salon, _people, session = salon_with_people
    walk = _person("田中", "一郎", "たなか")
    style.apply(qapp, True)
    page.refresh()
    panel = page.session_panel
    page.resize(1500, 900)
    qtbot.waitUntil(lambda: panel.side_box.x() > panel.view.geometry().right())
    page.resize(640, 700)
    qtbot.waitUntil(lambda: panel.side_box.y() > panel.view.geometry().bottom())
    assert panel.side_box.geometry().right() <= panel.width()
    assert panel.quick.geometry().bottom() < panel.side_box.y()  # under everything, over nothing
    type_text(panel.walk_in.edit, "たな")
    qtbot.keyClick(panel.walk_in.edit, Qt.Key.Key_Return)
    assert _state(session, walk) == "attended"
    page.resize(1500, 900)
    qtbot.waitUntil(lambda: panel.side_box.x() > panel.view.geometry().right())

def test_cancel_and_add_a_session(qtbot, page, salon_with_people, monkeypatch):
    """Cancelling asks first and locks the marks; 回を追加 adds one date with its theme and mode."""
    from ui import dialogs

    salon, people, session = salon_with_people
    page.refresh()
    panel = page.session_panel
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert m.SalonSession.get_by_id(session.id).cancelled
    assert not panel.view.isEnabled() and panel.cancelled_label.isVisible()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)  # やはり開く
    assert not m.SalonSession.get_by_id(session.id).cancelled
    monkeypatch.setattr(SessionDialog, "ask", classmethod(lambda cls, parent, day, *a, **k: {
        "date": dt.date(2026, 12, 20), "theme": "お手紙の会", "mode": "letter"}))
    qtbot.mouseClick(page.add_session_button, Qt.MouseButton.LeftButton)
    added = m.SalonSession.get((m.SalonSession.salon == salon) & (m.SalonSession.date == dt.date(2026, 12, 20)))
    assert (added.theme, added.mode) == ("お手紙の会", "letter")
    assert panel.session.id == added.id and panel.mode_buttons["letter"].isChecked()


def test_theme_and_mode_are_saved(qtbot, page, salon_with_people, type_text):
    """Editing the theme and choosing オンライン save to the session."""
    salon, people, session = salon_with_people
    page.refresh()
    panel = page.session_panel
    panel.theme_edit.clear()
    type_text(panel.theme_edit, "健康相談")
    qtbot.keyClick(panel.theme_edit, Qt.Key.Key_Return)
    panel.mode_buttons["online"].click()
    s = m.SalonSession.get_by_id(session.id)
    assert (s.theme, s.mode) == ("健康相談", "online")


def test_month_grid_shows_marks_rate_and_last_came(qtbot, page, salon_with_people, qtmodeltester):
    """The month view is people × sessions; a click cycles a mark and the rate follows."""
    salon, people, session = salon_with_people
    s2 = svc.add_session(salon, dt.date(2026, 11, 24))
    svc.set_attendance(session, people[0], "attended")
    svc.set_attendance(s2, people[0], "absent")
    page.refresh()
    page.tabs.setCurrentIndex(1)
    grid = page.month_panel
    model = grid.model
    qtmodeltester.check(model)
    assert "11月" in grid.month_label.text()
    assert model.columnCount() == 2 + 3 and model.headerData(1, Qt.Orientation.Horizontal) == "11/10"
    assert model.data(model.index(0, 1)) == "○" and model.data(model.index(0, 2)) == "×"
    assert model.data(model.index(0, 3)) == "50%"
    assert "11月10日" in model.data(model.index(0, 4))
    _click_cell(qtbot, grid.view, 1, 2)  # 井上, 11/24: → 出席
    assert _state(s2, people[1]) == "attended"
    assert model.data(model.index(1, 3)) == "50%"
    qtbot.mouseClick(grid.next_button, Qt.MouseButton.LeftButton)
    assert model.columnCount() == 3 and grid.empty_label.isVisible()


def test_full_disk_keeps_the_new_salon_as_typed(qtbot, page, monkeypatch, full_disk):
    """Adding a salon on a full disk: told why, nothing written, the form comes back as typed;
    after space is freed it saves."""
    from ui import dialogs

    errors, rounds = [], []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, detail="", title="": errors.append((text, detail)))
    typed = {"name": "ふれあい喫茶", "venue": "集会所" * 1500, "schedule": "毎月15日 10:00", "organisers": "佐藤"}

    def ask(cls, parent, data=None):
        rounds.append(data)
        dialog = cls(data)
        qtbot.addWidget(dialog)
        if data is None:
            for key, value in typed.items():
                dialog.edits[key].setText(value)
            full_disk.fill()
        else:
            full_disk.free()
        dialog._accept()
        return dialog.values()

    monkeypatch.setattr(SalonDialog, "ask", classmethod(ask))
    page.add_salon()
    assert rounds == [None, typed] and len(errors) == 1 and "空き" in errors[0][1]
    assert m.Salon.get(m.Salon.name == "ふれあい喫茶").schedule == "毎月15日 10:00"


def test_session_dialog_comes_back_as_it_was_filled(qtbot):
    """A session dialog opened with what was chosen before (after a failed save) shows exactly that."""
    from ui.salon.labels import MODE_LABELS

    draft = {"date": dt.date(2026, 12, 24), "start_time": "18:30", "theme": "クリスマス会", "mode": list(MODE_LABELS)[-1]}
    assert draft["mode"] != "in_person"  # not the default, so the draft is what set it
    dialog = SessionDialog(dt.date(2026, 11, 28), draft=draft, start_time="13:30")
    qtbot.addWidget(dialog)
    assert dialog.values() == draft


def test_stop_listing_a_regular_asks_and_can_be_undone(qtbot, page, salon_with_people, monkeypatch):
    """「いつもの参加者から外す」 names the person and asks; 「いいえ」 keeps them; after 「はい」 a line
    says what happened and 「元に戻す」 lists them again."""
    from ui import dialogs

    salon, people, session = salon_with_people
    page.refresh()
    panel = page.session_panel
    asked = []
    answer = {"yes": False}
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, *a, **k: asked.append(text) or answer["yes"])
    panel.view.setCurrentIndex(panel.model.index(1, STATE))
    qtbot.mouseClick(panel.regular_button, Qt.MouseButton.LeftButton)
    assert "井上 花子" in asked[0]
    assert people[1].id in svc.regular_ids(salon) and not panel.undo_button.isVisible()
    answer["yes"] = True
    qtbot.mouseClick(panel.regular_button, Qt.MouseButton.LeftButton)
    assert people[1].id not in svc.regular_ids(salon)
    assert [r.name for r in panel.model.rows] == ["青木 花子", "上野 花子"]
    assert panel.undo_button.isVisible() and "井上 花子" in panel.undo_label.text()
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert people[1].id in svc.regular_ids(salon)
    assert [r.name for r in panel.model.rows] == ["青木 花子", "井上 花子", "上野 花子"]
    assert not panel.undo_button.isVisible()
    # put back as they were: a regular since October, not a newcomer of today
    assert m.SalonMember.get(m.SalonMember.person == people[1]).joined_on == dt.date(2026, 10, 1)


def _walk_in_tanaka(qtbot, page, type_text):
    """田中 一郎 (not a regular) typed into 「ほかに来た人」 and added with Enter."""
    walk = _person("田中", "一郎", "たなか")
    page.refresh()
    panel = page.session_panel
    type_text(panel.walk_in.edit, "たな")
    qtbot.keyClick(panel.walk_in.edit, Qt.Key.Key_Return)
    return walk, panel


def test_a_new_regular_has_no_rate_until_a_session_is_held(qtbot, page, salon_with_people, type_text):
    """A walk-in made a regular today, mark then cleared: the month view gives no rate (not 0%)
    and says why; the regulars since October are counted over the 11/10 session."""
    salon, people, session = salon_with_people
    walk, panel = _walk_in_tanaka(qtbot, page, type_text)
    qtbot.mouseClick(panel.regular_button, Qt.MouseButton.LeftButton)
    assert m.SalonMember.get(m.SalonMember.person == walk).joined_on == page.context.today()
    row = panel.model.row_of(walk.id)
    for _ in range(4):  # 出席 → 欠席 → 欠席連絡あり → 手紙 → blank
        _click_cell(qtbot, panel.view, row, STATE)
    assert _state(session, walk) is None
    page.tabs.setCurrentIndex(1)
    model = page.month_panel.model
    names = [r.name for r in model.rows]
    rate = model.columnCount() - 2
    new, old = model.index(names.index("田中 一郎"), rate), model.index(names.index("青木 花子"), rate)
    assert model.data(new) == "—" and model.data(old) == "0%"
    assert "まだ回がありません" in model.data(new, Qt.ItemDataRole.ToolTipRole)
    assert model.data(old, Qt.ItemDataRole.ToolTipRole) == "1回のうち0回出席（令和8年10月1日からいつもの参加者）"


def test_a_walk_in_added_by_mistake_is_cleared_by_clicking(qtbot, page, salon_with_people, type_text):
    """Clicking 出欠 goes 出席 → 欠席 → 欠席連絡あり → 手紙 → blank: a mouse alone can take a
    walk-in's mark off, and on the next look they are not listed."""
    salon, people, session = salon_with_people
    walk, panel = _walk_in_tanaka(qtbot, page, type_text)
    row = panel.model.row_of(walk.id)
    for expected in ("absent", "absent_notice", "letter", None):
        _click_cell(qtbot, panel.view, row, STATE)
        assert _state(session, walk) == expected
    assert panel.model.data(panel.model.index(row, STATE)) == "（未記入）"
    page.refresh()
    assert panel.model.row_of(walk.id) == -1


def test_deceased_or_moved_regulars_are_not_listed(qtbot, page, salon_with_people):
    """A regular marked 死亡 or 転出 is not listed on a session to mark (the printed sheet leaves
    them out too), but someone with a mark on the session still shows: that is history."""
    salon, people, session = salon_with_people
    svc.set_attendance(session, people[2], "attended")
    for p, status in ((people[0], m.STATUS_DECEASED), (people[2], m.STATUS_MOVED)):
        p.status = status
        p.save()
    page.refresh()
    panel = page.session_panel
    assert [r.name for r in panel.model.rows] == ["井上 花子", "上野 花子"]
    later = svc.add_session(salon, dt.date(2026, 12, 8))
    assert [p.family_name for p, _s in svc.session_people(later)] == ["井上"]
    _sessions, grid = svc.month_grid(salon, 2026, 12)
    assert [p.family_name for p, _m in grid] == ["井上"]


@pytest.mark.parametrize("style, shown", [("wareki", "令和8年11月28日"), ("seireki", "2026年11月28日")])
def test_session_dialog_date_follows_the_date_setting(qtbot, page, salon_with_people, monkeypatch, style, shown):
    """「回を追加」 from the page: the date field shows 和暦 or 西暦 as chosen in 設定."""
    page.context.settings.set(options.DATE_STYLE, style)
    page.refresh()
    seen = []

    def ask(cls, parent, day, draft=None, **kwargs):
        dialog = cls(day, None, draft, **kwargs)
        qtbot.addWidget(dialog)
        seen.append(dialog.date_edit.text())
        dialog.date_edit.setDate(QDate(2026, 12, 20))
        return dialog.values()

    monkeypatch.setattr(SessionDialog, "ask", classmethod(ask))
    qtbot.mouseClick(page.add_session_button, Qt.MouseButton.LeftButton)
    assert seen == [shown]
    assert m.SalonSession.select().where(m.SalonSession.date == dt.date(2026, 12, 20)).exists()


def test_plan_dialog_move_to_follows_the_date_setting(qtbot):
    """The 「move to」 field of a holiday session shows 和暦 when the setting is 和暦."""
    planned = [svc.PlannedSession(dt.date(2027, 1, 11), "成人の日")]
    dialog = PlanDialog("月曜サロン", planned, "wareki")
    qtbot.addWidget(dialog)
    _check, edit = dialog.move_checks[dt.date(2027, 1, 11)]
    assert edit.text() == "令和9年1月18日"
