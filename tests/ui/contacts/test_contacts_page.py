"""The 連絡記録 page, the follow-up list (つながりチェック) and the quick-contact buttons."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from db import models as m
from desktop import settings as options
from desktop.services import contacts, roster
from desktop.services import salon as svc
from ui.contacts.followup_widget import FollowUpList
from ui.contacts.page import ContactsPage
from ui.widgets.quick_contact import ContactDialog, QuickContactBar


def _person(family, reading, given="花子"):
    h, _ = roster.save_household({"address1": "東京都港区港南", "landline": "0354712222"})
    p, _ = roster.save_person({"household": h.id, "family_name": family, "given_name": given,
                               "family_reading": reading, "given_reading": "はなこ"})
    return p


class Clock:
    """A clock the test moves forward (AppContext.clock)."""

    def __init__(self, day):
        self.day = day

    def __call__(self):
        return self.day


@pytest.fixture
def clock(context):
    c = Clock(dt.date(2026, 10, 20))
    context.clock = c
    return c


@pytest.fixture
def watched(store):
    """Two salon regulars: 石田 last called on 2026-10-01, 上田 called recently."""
    salon = svc.save_salon(None, {"name": "いきいき", "schedule": "毎月第2火曜"})
    a, b = _person("石田", "いしだ"), _person("上田", "うえだ")
    for p in (a, b):
        svc.add_regular(salon, p)
    contacts.log_contact(a, when=dt.datetime(2026, 10, 1, 10, 0))
    contacts.log_contact(b, when=dt.datetime(2026, 10, 30, 10, 0))
    return a, b


def _entries(person):
    return list(m.ContactLog.select().where(m.ContactLog.person == person).order_by(m.ContactLog.contacted_at))


def test_quick_contact_logs_a_call_from_a_person_row(qtbot, context, watched):
    """電話した on the reusable widget (as a roster row uses it) writes phone/talked today, by the operator."""
    context.settings.set(options.OPERATOR_NAME, "佐藤")
    a, _b = watched
    bar = QuickContactBar(context)
    qtbot.addWidget(bar)
    assert not bar.buttons["called"].isEnabled()
    bar.set_person(a.id, a.full_name)
    with qtbot.waitSignal(bar.logged) as blocker:
        qtbot.mouseClick(bar.buttons["called"], Qt.MouseButton.LeftButton)
    assert blocker.args == [a.id]
    last = _entries(a)[-1]
    assert (last.method, last.outcome, last.made_by) == ("phone", "talked", "佐藤")
    assert last.contacted_at.date() == context.today()
    assert "電話した" in bar.done_label.text()
    qtbot.mouseClick(bar.buttons["letter_sent"], Qt.MouseButton.LeftButton)
    assert (_entries(a)[-1].method, _entries(a)[-1].outcome) == ("letter", "letter_sent")


def test_take_back_a_slip(qtbot, context, watched):
    """取り消す removes the entry just written, and nothing else."""
    a, _b = watched
    bar = QuickContactBar(context)
    qtbot.addWidget(bar)
    bar.set_person(a.id, a.full_name)
    qtbot.mouseClick(bar.buttons["called"], Qt.MouseButton.LeftButton)
    assert len(_entries(a)) == 2 and not bar.undo_button.isHidden()
    qtbot.mouseClick(bar.undo_button, Qt.MouseButton.LeftButton)
    assert len(_entries(a)) == 1 and bar.undo_button.isHidden()


def test_person_appears_after_n_days_and_leaves_when_called(qtbot, context, clock, watched, qtmodeltester):
    """石田 is listed once 30 days pass without contact, and leaves the list when a call is logged."""
    a, b = watched
    widget = FollowUpList(context)
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.listed_ids() == [] and not widget.empty_label.isHidden()
    assert "30" in widget.empty_label.text()
    clock.day = dt.date(2026, 11, 5)  # 35 days after the last call
    widget.refresh()
    assert widget.listed_ids() == [a.id]
    qtmodeltester.check(widget.model)
    why = widget.model.data(widget.model.index(0, 4))
    assert "35" in why
    assert widget.select_person(a.id) and widget.quick.person_id == a.id
    qtbot.mouseClick(widget.quick.buttons["called"], Qt.MouseButton.LeftButton)
    assert widget.listed_ids() == []
    assert _entries(a)[-1].contacted_at.date() == dt.date(2026, 11, 5)
    # the slip can still be taken back after the row left the list
    qtbot.mouseClick(widget.quick.undo_button, Qt.MouseButton.LeftButton)
    assert widget.listed_ids() == [a.id]


def test_days_setting_changes_the_list(qtbot, context, clock, watched):
    """Lowering N to 10 days lists 上田 too, and the setting is kept."""
    a, b = watched
    clock.day = dt.date(2026, 11, 20)
    widget = FollowUpList(context)
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.listed_ids() == [a.id]
    widget.days_spin.setValue(10)
    assert set(widget.listed_ids()) == {a.id, b.id}
    assert context.settings.get(options.FOLLOW_UP_DAYS) == 10


def test_missed_sessions_reason_and_home_limit(qtbot, context, watched):
    """Missing the last two sessions is given as the reason; a limited list says how many more."""
    a, b = watched
    salon = m.Salon.get(m.Salon.name == "いきいき")
    # both after 上田's call of 10/30 (a call made after the absences began answers them)
    for day in (dt.date(2026, 11, 3), dt.date(2026, 11, 17)):
        s = svc.add_session(salon, day)
        svc.set_attendance(s, b, "absent")
    widget = FollowUpList(context, limit=1)
    qtbot.addWidget(widget)
    widget.refresh()
    assert set(widget.listed_ids()) == {a.id, b.id}
    assert widget.model.rowCount() == 1 and not widget.settings_box.isVisibleTo(widget)
    assert "1" in widget.more_label.text() and not widget.more_label.isHidden()
    full = FollowUpList(context)
    qtbot.addWidget(full)
    full.refresh()
    row = [r for r in full.model.rows if r.person_id == b.id][0]
    text = full.model.data(full.model.index(full.model.rows.index(row), 4))
    assert "いきいき" in text and "2" in text


def test_detailed_record_through_the_dialog(qtbot, context, watched, monkeypatch):
    """詳しく記録… writes the method, outcome, note and follow-up date chosen in the dialog."""
    a, _b = watched
    values = {"method": "visit", "outcome": "message", "when": dt.datetime(2026, 11, 27, 14, 0),
              "made_by": "鈴木", "note": "ポストに伝言", "follow_up_on": dt.date(2026, 12, 5)}
    monkeypatch.setattr(ContactDialog, "ask", classmethod(lambda cls, parent, ctx, name, *a: dict(values)))
    bar = QuickContactBar(context)
    qtbot.addWidget(bar)
    bar.set_person(a.id, a.full_name)
    qtbot.mouseClick(bar.more_button, Qt.MouseButton.LeftButton)
    e = _entries(a)[-1]
    assert (e.method, e.outcome, e.made_by, e.note, e.follow_up_on) == ("visit", "message", "鈴木", "ポストに伝言", dt.date(2026, 12, 5))
    assert "訪問" in bar.done_label.text() and "伝言" in bar.done_label.text()


def test_contact_dialog_checks_dates(qtbot, context):
    """A follow-up date before the contact is refused with a message; the choices come back as codes."""
    dialog = ContactDialog(context, "石田 花子", method="letter", outcome="letter_sent")
    qtbot.addWidget(dialog)
    dialog.follow_check.setChecked(True)
    dialog.follow_edit.setDate(dialog.date_edit.date().addDays(-1))
    dialog._accept()
    assert dialog.result() == 0 and dialog.error_label.text()
    dialog.follow_edit.setDate(dialog.date_edit.date().addDays(7))
    dialog.outcome_buttons["reply"].click()
    v = dialog.values()
    assert (v["method"], v["outcome"], v["follow_up_on"]) == ("letter", "reply", context.today() + dt.timedelta(days=7))
    dialog._accept()
    assert dialog.result() == 1


def test_contacts_page_log_for_one_person(qtbot, context, watched, type_text, monkeypatch, qtmodeltester):
    """The 記録 tab shows everyone, then one person found by kana; a record can be deleted after asking."""
    from ui import dialogs

    a, b = watched
    page = ContactsPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(1)
    assert [r.person_id for r in page.log_model.rows] == [b.id, a.id]
    qtmodeltester.check(page.log_model)
    type_text(page.search.edit, "いし")
    qtbot.keyClick(page.search.edit, Qt.Key.Key_Return)
    assert [r.person_id for r in page.log_model.rows] == [a.id]
    assert "石田" in page.showing_label.text() and page.quick.person_id == a.id
    qtbot.mouseClick(page.quick.buttons["letter_sent"], Qt.MouseButton.LeftButton)
    assert [r.method for r in page.log_model.rows] == ["letter", "phone"]
    assert page.log_model.data(page.log_model.index(0, 2)) == "手紙"
    page.log_view.selectRow(0)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert [e.method for e in _entries(a)] == ["phone"]
    qtbot.mouseClick(page.everyone_button, Qt.MouseButton.LeftButton)
    assert len(page.log_model.rows) == 2


def test_page_in_the_main_window(qtbot, main_window):
    """The navigation opens the real pages, not the shells."""
    main_window.show_page("contacts")
    assert type(main_window.pages["contacts"]).__name__ == "ContactsPage"
    main_window.show_page("salon")
    assert type(main_window.pages["salon"]).__name__ == "SalonPage"


def test_contact_dialog_comes_back_as_it_was_filled(qtbot, context):
    """A dialog opened with what was chosen before (after a failed save) shows exactly that."""
    draft = {"method": "visit", "outcome": "no_answer", "when": dt.datetime(2026, 11, 26, 9, 45),
             "made_by": "鈴木", "note": "新聞がたまっていた", "follow_up_on": dt.date(2026, 11, 30)}
    dialog = ContactDialog(context, "石田 花子", draft=draft)
    qtbot.addWidget(dialog)
    assert dialog.values() == draft
    plain = ContactDialog(context, "石田 花子", draft={**draft, "follow_up_on": None})
    qtbot.addWidget(plain)
    assert plain.values()["follow_up_on"] is None and not plain.follow_edit.isEnabled()


def test_full_disk_keeps_the_detailed_record(qtbot, context, watched, monkeypatch, full_disk):
    """詳しく記録… on a full disk (a real SQLITE_FULL): told why, nothing written, the dialog
    comes back with the note and dates; after space is freed the same record saves."""
    from ui import dialogs

    a, _b = watched
    errors, rounds = [], []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, detail="", title="": errors.append((text, detail)))
    note = "電話口で体調がすぐれないと話していた。" * 300  # enough to need a new page
    values = {"method": "phone", "outcome": "talked", "when": dt.datetime(2026, 11, 27, 14, 0),
              "made_by": "鈴木", "note": note, "follow_up_on": dt.date(2026, 12, 5)}

    def ask(cls, parent, ctx, name, method="phone", outcome="talked", draft=None):
        rounds.append(draft)
        if draft is None:
            full_disk.fill()
            return dict(values)
        dialog = cls(ctx, name, draft=draft)  # the real dialog, filled from the draft
        qtbot.addWidget(dialog)
        full_disk.free()
        return dialog.values()

    monkeypatch.setattr(ContactDialog, "ask", classmethod(ask))
    bar = QuickContactBar(context)
    qtbot.addWidget(bar)
    bar.set_person(a.id, a.full_name)
    count = len(_entries(a))
    qtbot.mouseClick(bar.more_button, Qt.MouseButton.LeftButton)
    assert rounds == [None, values] and len(errors) == 1 and "空き" in errors[0][1]
    entries = _entries(a)
    assert len(entries) == count + 1
    assert (entries[-1].note, entries[-1].follow_up_on) == (note, dt.date(2026, 12, 5))


def test_one_click_on_a_full_disk_says_so(qtbot, context, watched, monkeypatch, full_disk):
    """電話した when the file cannot grow: a message instead of the crash dialog, no record,
    and no 取り消す for a record that does not exist."""
    from ui import dialogs

    a, _b = watched
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, detail="", title="": errors.append((text, detail)))
    full_disk.fill()
    # Use up the room left in the pages the file has, until a call record no longer fits.
    for _ in range(5000):
        try:
            contacts.quick_log(a, "called", when=dt.datetime(2026, 11, 27, 10, 0))
        except Exception as exc:
            assert "full" in str(exc)
            break
    else:
        pytest.fail("the file never filled up")
    count = len(_entries(a))
    bar = QuickContactBar(context)
    qtbot.addWidget(bar)
    bar.set_person(a.id, a.full_name)
    qtbot.mouseClick(bar.buttons["called"], Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "空き" in errors[0][1]
    assert len(_entries(a)) == count and bar.undo_button.isHidden()


def test_contact_dialog_asks_before_dropping_a_note(qtbot, context, _discard_answers):
    dialog = ContactDialog(context, "石田 花子")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.note_edit.setPlainText("来週また電話")
    _discard_answers["next"].append(False)
    dialog.reject()
    assert _discard_answers["asked"] == 1 and dialog.isVisible()


@pytest.mark.parametrize("style, shown", [("wareki", "令和8年11月28日"), ("seireki", "2026年11月28日")])
def test_contact_dialog_dates_follow_the_date_setting(qtbot, context, style, shown):
    """「いつ」 and 「次に連絡する日」 show 和暦 or 西暦 as chosen in 設定; a day picked in the calendar follows."""
    context.settings.set(options.DATE_STYLE, style)
    dialog = ContactDialog(context, "石田 花子")
    qtbot.addWidget(dialog)
    assert dialog.date_edit.text() == shown
    calendar = dialog.date_edit.calendarWidget()
    calendar.setSelectedDate(QDate(2019, 4, 30))
    calendar.clicked.emit(QDate(2019, 4, 30))  # a click on the day in the pop-up
    assert dialog.date_edit.text() == ("平成31年4月30日" if style == "wareki" else "2019年4月30日")
    assert dialog.values()["when"].date() == dt.date(2019, 4, 30)
    dialog.follow_check.setChecked(True)
    assert dialog.follow_edit.text() == ("令和8年12月12日" if style == "wareki" else "2026年12月12日")


def test_time_field_is_as_tall_as_the_other_fields_in_large_text(qtbot, qapp, context):
    """In large text the contact's time field was left small: every spin-box kind of field
    (date, time, number) gets the large click-target height."""
    from ui import style
    from ui.widgets.quick_contact import ContactDialog

    style.apply(qapp, True)
    try:
        dialog = ContactDialog(context, "石田 花子")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.time_edit.height() >= 44
    finally:
        style.apply(qapp, False)


def test_a_deleted_record_can_be_put_back(qtbot, main_window, watched, monkeypatch):
    """全ての記録 → 消す → 「元に戻す」: the record is back as it was and 上田 leaves つながりチェック again."""
    from ui import dialogs

    a, b = watched
    w = main_window
    w.show_page("contacts")
    page = w.pages["contacts"]
    page.tabs.setCurrentIndex(1)
    before = [dict(e.__data__) for e in m.ContactLog.select().order_by(m.ContactLog.id)]
    assert b.id not in page.followup.listed_ids()
    assert not page.undo_delete_button.isVisible()
    page.log_view.selectRow(0)  # 上田, the newest
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **k: True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert _entries(b) == []
    assert b.id in page.followup.listed_ids()  # nobody reached 上田 for 30 days now
    assert page.deleted_label.isVisible() and "上田" in page.deleted_label.text()
    assert "消しました" in page.deleted_label.text()
    assert page.undo_delete_button.isVisible() and page.undo_delete_button.text() == "元に戻す"
    qtbot.mouseClick(page.undo_delete_button, Qt.MouseButton.LeftButton)
    assert [dict(e.__data__) for e in m.ContactLog.select().order_by(m.ContactLog.id)] == before
    assert b.id not in page.followup.listed_ids()
    assert [r.person_id for r in page.log_model.rows] == [b.id, a.id]
    assert page.log_model.row_at(page.log_view.currentIndex()).person_id == b.id  # shown where it was
    assert not page.undo_delete_button.isVisible()
    assert page.deleted_label.text() == "記録を元に戻しました。"
    w.show_page("home")
    assert b.id not in w.pages["home"].followup.listed_ids()
