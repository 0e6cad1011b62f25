"""The 要支援者 page: adding from the roster, editing a record, the filters and the review date."""
from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QRadioButton

from db import models as m
from db.queries import register as reg
from desktop.services import register as svc
from ui import dialogs
from ui.register import actions
from ui.register.new_person_dialog import NewPersonDialog
from ui.register.pick_person_dialog import PickPersonDialog
from ui.register.record_dialog import RecordDialog

TODAY = dt.date(2026, 11, 28)  # the context fixture's clock

LEFT = Qt.MouseButton.LeftButton


def _click(qtbot, widget):
    """Click like a person: on the box of a check box or radio (its row may be wider than its text)."""
    if isinstance(widget, (QCheckBox, QRadioButton)):
        qtbot.mouseClick(widget, LEFT, pos=QPoint(12, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, LEFT)


def _pick(qtbot, type_text, reading):
    """Steps for the person picker: type a reading, press 選ぶ."""

    def steps(dialog):
        type_text(dialog.search, reading)
        assert dialog.list.count() >= 1
        _click(qtbot, dialog.choose_button)

    return steps


def test_empty_page_says_what_to_do(page):
    """With nobody registered the page says to press 「名簿から追加」 and hides the empty table."""
    assert "名簿から追加" in page.empty_label.text()
    assert page.add_button.text() == "名簿から追加"
    assert not page.table.isVisible() and not page.open_button.isEnabled()
    assert "見てよい人" in page.banner_label.text()


def test_add_to_register_from_the_roster(qtbot, page, people, drive_dialog, type_text):
    """名簿から追加: search やまだ はなこ, choose, tick reasons and 同意, save → the record is in the table and the db."""
    drive_dialog(PickPersonDialog, _pick(qtbot, type_text, "やまだ はなこ"))

    def fill(dialog):
        assert dialog.person_tab.values["name"].text() == "山田 花子"
        assert "港区港南" in dialog.person_tab.values["address"].text()
        _click(qtbot, dialog.reasons_tab.boxes["elderly_only"])
        _click(qtbot, dialog.reasons_tab.boxes["care_level"])
        dialog.reasons_tab.care_level.setCurrentText("要介護3")
        _click(qtbot, dialog.consent_tab.radios[m.CONSENT_YES])
        type_text(dialog.consent_tab.date, "R8.4.1")
        _click(qtbot, dialog.save_button)

    drive_dialog(RecordDialog, fill)
    _click(qtbot, page.add_button)
    assert [r.name for r in page.model.rows] == ["山田 花子"]
    assert page.current_row().name == "山田 花子"  # the new record is selected, so it is seen
    row = reg.all_records()[0]
    assert row.reasons == ("care_level", "elderly_only") and row.care_level == "要介護3"
    assert row.consent == m.CONSENT_YES and row.consent_date == dt.date(2026, 4, 1)
    assert page.model.data(page.model.index(0, 3)) == "同意：平常時も共有可"
    assert [r.name for r in reg.register_rows()] == ["山田 花子"]
    assert m.AuditLog.select().where((m.AuditLog.action == "create") & (m.AuditLog.table == "support_record")).count() == 1


def test_cancelling_the_new_record_saves_nothing(qtbot, page, people, drive_dialog, type_text):
    """Closing the record dialog without 保存 leaves the person off the register."""
    drive_dialog(PickPersonDialog, _pick(qtbot, type_text, "さとう"))
    drive_dialog(RecordDialog, lambda d: (_click(qtbot, d.reasons_tab.boxes["visual"]), _click(qtbot, d.cancel_button)))
    _click(qtbot, page.add_button)
    assert m.SupportRecord.select().count() == 0 and page.model.rowCount() == 0


def test_edit_reasons_contacts_and_supporters(qtbot, page, people, drive_dialog, type_text):
    """Open a record, change reasons, add two ordered contacts and a roster + an outside supporter, reorder, save."""
    svc.add_to_register(people["佐藤 次郎"], {"reasons": ["visual"], "consent": m.CONSENT_YES})
    page.refresh()
    page.table.selectRow(0)
    supporter_id = people["田中 支援"].id
    drive_dialog(PickPersonDialog, _pick(qtbot, type_text, "たなか"))

    def edit(dialog):
        _click(qtbot, dialog.reasons_tab.boxes["visual"])  # untick
        _click(qtbot, dialog.reasons_tab.boxes["hearing"])
        contacts = dialog.contacts_tab
        for name, relation, phone in (("佐藤 一", "長男", "090-2222-3333"), ("佐藤 二", "長女", "")):
            _click(qtbot, contacts.add_button)
            type_text(contacts.edits["name"], name)
            type_text(contacts.edits["relation"], relation)
            type_text(contacts.edits["phone"], phone)
        _click(qtbot, contacts.up_button)  # 長女 first
        sup = dialog.supporters_tab
        _click(qtbot, sup.add_button)
        type_text(sup.edits["name"], "民生委員 森")
        type_text(sup.edits["phone"], "07033330000")
        _click(qtbot, sup.pick_button)  # 田中 支援 from the roster, added second
        assert sup.edits["name"].isReadOnly() and sup.edits["name"].text() == "田中 支援"
        type_text(sup.edits["note"], "班長")
        _click(qtbot, sup.up_button)  # the roster neighbour becomes the main supporter
        assert sup.list.item(0).text().startswith("1. 主: 田中 支援")
        _click(qtbot, dialog.save_button)

    drive_dialog(RecordDialog, edit)
    _click(qtbot, page.open_button)
    row = reg.all_records()[0]
    assert row.reasons == ("hearing",)
    assert [(c.name, c.relation, c.phone) for c in row.emergency_contacts] == [
        ("佐藤 二", "長女", ""), ("佐藤 一", "長男", "09022223333")]
    assert [(s.name, s.phone) for s in row.supporters] == [("田中 支援", "08011112222"), ("民生委員 森", "07033330000")]
    first = m.Supporter.get(m.Supporter.position == 0)
    assert first.person_id == supporter_id and first.note == "班長" and first.name == ""
    fields = {e.field for e in m.AuditLog.select().where(m.AuditLog.action == "update")}
    assert {"reasons", "emergency_contacts", "supporters"} <= fields
    assert "田中 支援" in page.model.data(page.model.index(0, 4))


def test_a_failed_save_saves_nothing_and_keeps_the_dialog_open(qtbot, page, people, drive_dialog, type_text, monkeypatch):
    """If one part of the save fails, no part is written and the dialog shows what happened."""
    record = svc.add_to_register(people["鈴木 三郎"], {"reasons": ["infant"]})
    page.refresh()
    page.table.selectRow(0)

    def boom(*args, **kwargs):
        raise svc.RegisterError("supporter_name")

    monkeypatch.setattr(svc, "set_supporters", boom)
    seen = drive_dialog(RecordDialog, lambda d: (_click(qtbot, d.reasons_tab.boxes["dialysis"]),
                                                 _click(qtbot, d.consent_tab.radios[m.CONSENT_YES]),
                                                 _click(qtbot, d.save_button)))
    _click(qtbot, page.open_button)
    assert "支援者には名前が必要です" in seen[0].error.text()
    record = m.SupportRecord.get_by_id(record.id)
    assert record.reasons == ["infant"] and record.consent == m.CONSENT_UNKNOWN


def test_a_full_disk_keeps_the_dialog_open_with_what_was_typed(qtbot, page, people, drive_dialog, type_text,
                                                                 full_disk):
    """The file may not grow (a real SQLITE_FULL): the dialog says so and stays open with the
    ticks made; nothing is written."""
    record = svc.add_to_register(people["鈴木 三郎"], {"reasons": ["infant"]})
    page.refresh()
    page.table.selectRow(0)

    def edit(d):
        _click(qtbot, d.reasons_tab.boxes["dialysis"])
        _click(qtbot, d.consent_tab.radios[m.CONSENT_YES])
        type_text(d.consent_tab.note, "本人と長女に説明済み" * 300)  # enough to need a new page
        full_disk.fill()
        _click(qtbot, d.save_button)
        full_disk.free()

    seen = drive_dialog(RecordDialog, edit)
    _click(qtbot, page.open_button)
    dialog = seen[0]
    assert "ディスクの空き" in dialog.error.text()
    assert dialog.reasons_tab.boxes["dialysis"].isChecked() and dialog.consent_tab.radios[m.CONSENT_YES].isChecked()
    record = m.SupportRecord.get_by_id(record.id)
    assert record.reasons == ["infant"] and record.consent == m.CONSENT_UNKNOWN


def test_an_unreadable_date_is_explained_and_nothing_is_saved(qtbot, page, people, drive_dialog, type_text):
    """A consent date like 2026/13/40 shows a message on the 同意 tab; the record is unchanged."""
    svc.add_to_register(people["鈴木 三郎"], {})
    page.refresh()
    page.table.selectRow(0)

    def steps(dialog):
        type_text(dialog.consent_tab.date, "2026/13/40")
        _click(qtbot, dialog.consent_tab.radios[m.CONSENT_NO])
        _click(qtbot, dialog.save_button)
        assert dialog.isVisible() and "回答日" in dialog.error.text()
        assert dialog.tabs.currentIndex() == 2

    drive_dialog(RecordDialog, steps)
    _click(qtbot, page.open_button)
    assert m.SupportRecord.get().consent == m.CONSENT_UNKNOWN


def test_consent_filter(qtbot, page, people):
    """The consent filter shows only the chosen answer; the print rule still returns consented only."""
    svc.add_to_register(people["山田 花子"], {"consent": m.CONSENT_YES})
    svc.add_to_register(people["佐藤 次郎"], {"consent": m.CONSENT_NO})
    svc.add_to_register(people["鈴木 三郎"], {})
    page.refresh()
    assert page.model.rowCount() == 3
    combo = page.consent_combo
    combo.setCurrentIndex(combo.findData(m.CONSENT_NO))
    assert [r.name for r in page.model.rows] == ["佐藤 次郎"]
    combo.setCurrentIndex(combo.findData(m.CONSENT_UNKNOWN))
    assert [r.name for r in page.model.rows] == ["鈴木 三郎"]
    assert page.model.data(page.model.index(0, 3)) == "未回答：災害時のみ"
    _click(qtbot, page.clear_button)
    assert page.model.rowCount() == 3
    assert [r.name for r in reg.register_rows()] == ["山田 花子"]
    assert "3人・同意 1人" in page.summary_label.text()


def test_block_reason_and_search_filters(qtbot, page, people, type_text):
    """Block, reason and a reading search narrow the list; no match says how to see everyone."""
    svc.add_to_register(people["山田 花子"], {"reasons": ["visual"]})
    svc.add_to_register(people["佐藤 次郎"], {"reasons": ["dialysis"]})
    svc.add_to_register(people["鈴木 三郎"], {"reasons": ["visual", "wheelchair"]})
    page.refresh()
    page.block_combo.setCurrentIndex(page.block_combo.findText("2班"))
    assert [r.name for r in page.model.rows] == ["佐藤 次郎", "鈴木 三郎"]
    page.reason_combo.setCurrentIndex(page.reason_combo.findData("visual"))
    assert [r.name for r in page.model.rows] == ["鈴木 三郎"]
    _click(qtbot, page.clear_button)
    type_text(page.search_edit, "ヤマダ")
    assert [r.name for r in page.model.rows] == ["山田 花子"]
    type_text(page.search_edit, "xyz")
    assert page.model.rowCount() == 0 and "すべて表示" in page.empty_label.text()


def test_review_due_feeds_the_home_page(qtbot, page, people, drive_dialog):
    """Records made on the page are due for review until checked; 「今日見直した」 takes them off reviews_due."""
    svc.add_to_register(people["山田 花子"], {"last_reviewed": dt.date(2025, 1, 10)})
    svc.add_to_register(people["佐藤 次郎"], {"last_reviewed": dt.date(2026, 6, 1)})
    svc.add_to_register(people["鈴木 三郎"], {})
    page.refresh()
    assert [r.name for r in reg.reviews_due(TODAY)] == ["鈴木 三郎", "山田 花子"]
    _click(qtbot, page.due_check)
    assert [r.name for r in page.model.rows] == ["鈴木 三郎", "山田 花子"]  # 五十音: す before や
    assert "見直し時期" in page.model.data(page.model.index(1, 6))
    page.select_record(reg.all_records()[2].record_id)
    assert page.current_row().name == "山田 花子"
    _click(qtbot, page.reviewed_button)  # 山田 checked today
    assert [r.name for r in reg.reviews_due(TODAY)] == ["鈴木 三郎"]

    def steps(dialog):
        dialog.tabs.setCurrentIndex(7)
        _click(qtbot, dialog.review_tab.today_button)
        assert "令和9年11月28日" in dialog.review_tab.next_label.text()
        _click(qtbot, dialog.save_button)

    drive_dialog(RecordDialog, steps)
    page.table.selectRow(0)
    _click(qtbot, page.open_button)
    assert reg.reviews_due(TODAY) == [] and page.model.rowCount() == 0
    assert {r.name: r.last_reviewed for r in reg.all_records()}["鈴木 三郎"] == TODAY


def test_take_off_the_register_asks_first_and_can_come_back(qtbot, page, people, monkeypatch, drive_dialog):
    """「要支援者から外す」 names the person; the record is hidden, and adding them again restores it."""
    svc.add_to_register(people["佐藤 次郎"], {"reasons": ["visual"]})
    page.refresh()
    page.table.selectRow(0)
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, yes, **kw: asked.append(text) or True)
    _click(qtbot, page.remove_button)
    assert "佐藤 次郎" in asked[0] and page.model.rowCount() == 0 and reg.all_records() == []
    drive_dialog(RecordDialog, lambda d: (assert_reason(d), _click(qtbot, d.save_button)))
    assert actions.add_person_to_register(page, page.context, people["佐藤 次郎"].id)
    assert reg.all_records()[0].reasons == ("visual",)


def assert_reason(dialog):
    assert dialog.reasons_tab.boxes["visual"].isChecked()


def test_add_person_to_register_opens_an_existing_record(qtbot, page, people, drive_dialog):
    """The roster page's entry point opens the record of someone already registered instead of failing."""
    svc.add_to_register(people["山田 一郎"], {"details": "階段不可"})
    seen = drive_dialog(RecordDialog, lambda d: None)
    assert actions.add_person_to_register(page, page.context, people["山田 一郎"].id) is None
    assert seen[0].reasons_tab.details.toPlainText() == "階段不可"
    assert m.SupportRecord.select().count() == 1


def test_someone_not_in_the_roster_is_added_to_both(qtbot, page, people, drive_dialog, type_text):
    """「名簿にいない人を新しく登録」: the roster form, then the record; both saved together."""
    drive_dialog(PickPersonDialog, lambda d: _click(qtbot, d.new_button))

    def new_person(dialog):
        type_text(dialog.family, "小林")
        type_text(dialog.given, "ハナ")
        type_text(dialog.family_reading, "こばやし")
        type_text(dialog.birth, "S5.2.2")
        type_text(dialog.postal, "108-0075")
        dialog.postal.editingFinished.emit()
        assert dialog.address1.text().startswith("東京都港区")
        type_text(dialog.address2, "9-9")
        _click(qtbot, dialog.ok_button)

    drive_dialog(NewPersonDialog, new_person)

    def record(dialog):
        assert dialog.person_tab.values["name"].text() == "小林 ハナ"
        _click(qtbot, dialog.reasons_tab.boxes["elderly_alone"])
        _click(qtbot, dialog.save_button)

    drive_dialog(RecordDialog, record)
    _click(qtbot, page.add_button)
    row = reg.all_records()[0]
    assert row.name == "小林 ハナ" and row.birth_date == dt.date(1930, 2, 2) and row.address.endswith("9-9")
    assert row.reasons == ("elderly_alone",) and page.model.rowCount() == 1


def test_new_person_needs_a_family_name(qtbot, page, drive_dialog):
    """Without a family name the new-person form says so and stays open."""
    def steps(dialog):
        _click(qtbot, dialog.ok_button)
        assert dialog.isVisible() and "姓を入れてください" in dialog.error.text()

    drive_dialog(NewPersonDialog, steps)
    assert NewPersonDialog.ask(page, [], TODAY, "wareki") is None


def test_model_passes_the_model_tester(qtmodeltester, page, people):
    """The register table model is a well-behaved Qt model."""
    svc.add_to_register(people["山田 花子"], {"reasons": ["visual"], "consent": m.CONSENT_YES})
    svc.add_to_register(people["佐藤 次郎"], {})
    page.refresh()
    qtmodeltester.check(page.model)


def test_buttons_are_large_enough(qtbot, page, people):
    """Every button on the page has a text label and is at least 32 px high."""
    from PySide6.QtWidgets import QPushButton

    svc.add_to_register(people["山田 花子"], {})
    page.refresh()
    for button in page.findChildren(QPushButton):
        assert button.text() and button.sizeHint().height() >= 32
    assert page.table.verticalHeader().defaultSectionSize() >= 32


def test_saving_an_unchanged_record_logs_nothing(qtbot, page, people, drive_dialog):
    """Open and 保存 without changes: no audit entries (reason order, phones and roster supporters kept)."""
    record = svc.add_to_register(people["佐藤 次郎"], {"reasons": ["wheelchair", "visual"], "consent": m.CONSENT_YES,
                                                      "consent_date": dt.date(2026, 4, 1), "last_reviewed": TODAY})
    svc.save_record_form(record, {"record": {}, "contacts": [{"name": "佐藤 一", "phone": "090-2222-3333"}],
                                  "supporters": [{"person": people["田中 支援"].id, "note": "班長"}],
                                  "plan": {"when_to_leave": "レベル3"}})
    page.refresh()
    page.table.selectRow(0)
    before = m.AuditLog.select().count()
    drive_dialog(RecordDialog, lambda d: _click(qtbot, d.save_button))
    _click(qtbot, page.open_button)
    assert m.AuditLog.select().count() == before


@pytest.mark.parametrize("who", ["brought back", "already registered"])
def test_the_record_just_saved_is_selected(qtbot, page, people, drive_dialog, type_text, who):
    """Adding back someone taken off the register (their old, lower record id comes back), or
    choosing someone already on it: their row is selected, not the newest record's."""
    svc.register_person(people["山田 花子"].id, {"record": {"consent": "yes"}})
    svc.register_person(people["佐藤 次郎"].id, {"record": {"consent": "yes"}})
    if who == "brought back":
        svc.remove_from_register(m.SupportRecord.get(m.SupportRecord.person == people["山田 花子"].id))
    page.refresh()
    page.select_record(m.SupportRecord.get(m.SupportRecord.person == people["佐藤 次郎"].id).id)

    _add_hanako_from_roster(qtbot, page, drive_dialog, type_text)
    assert page.current_row().name == "山田 花子"


def test_records_of_people_marked_deceased_or_moved_are_offered_for_removal(qtbot, page, people, monkeypatch):
    """A registered person marked 死亡 or 転出 in the roster drops out of the list and the
    prints; the page says so, names them, and takes their records off after asking."""
    for name in ("山田 花子", "佐藤 次郎", "鈴木 三郎"):
        svc.register_person(people[name].id, {"record": {"consent": "yes"}})
    for name, status in (("山田 花子", m.STATUS_DECEASED), ("佐藤 次郎", m.STATUS_MOVED)):
        people[name].status = status
        people[name].save()
    page.refresh()
    assert page.gone_label.isVisible() and "山田 花子" in page.gone_label.text() and "2" in page.gone_label.text()
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, yes, no="", detail="", title="": asked.append(detail) or True)
    qtbot.mouseClick(page.gone_button, LEFT)
    assert "山田 花子（死亡）" in asked[0] and "佐藤 次郎（転出）" in asked[0]
    live = m.SupportRecord.select().join(m.Person).where(m.SupportRecord.deleted_at.is_null())
    assert [r.person.full_name for r in live] == ["鈴木 三郎"]
    assert not page.gone_label.isVisible() and not page.gone_button.isVisible()


def test_search_box_shows_its_whole_hint_in_large_english_text(qtbot, qapp, context):
    """In large text and English the search hint was cut to 「Search name or rea…」."""
    from desktop.i18n import set_language
    from ui import style
    from ui.register.page import RegisterPage

    style.apply(qapp, True)
    set_language("en")
    try:
        p = RegisterPage(context)
        qtbot.addWidget(p)
        p.resize(1280, 800)
        p.show()
        qtbot.waitExposed(p)
        box = p.search_edit
        assert box.placeholderText() == "Search name or reading"
        assert box.width() >= box.fontMetrics().horizontalAdvance(box.placeholderText()) + 20
    finally:
        set_language("ja")
        style.apply(qapp, False)


def test_a_record_made_by_hand_is_checked_today_not_overdue(qtbot, page, people, drive_dialog, type_text):
    """A record filled in by hand today has 見直した日 today (the person may change it): it is
    not 「1年以上見直していない」 on the home page minutes later."""
    _add_hanako_from_roster(qtbot, page, drive_dialog, type_text)
    record = m.SupportRecord.get(m.SupportRecord.person == people["山田 花子"].id)
    assert record.last_reviewed == page.context.today()
    assert not reg.reviews_due(page.context.today())


def _add_hanako_from_roster(qtbot, page, drive_dialog, type_text):
    """「名簿から追加」 → search やまだ はなこ → choose → 保存 in the record dialog."""
    def pick(dialog):
        type_text(dialog.search, "やまだ はなこ")
        qtbot.mouseClick(dialog.choose_button, LEFT)

    drive_dialog(PickPersonDialog, pick)
    drive_dialog(RecordDialog, lambda d: qtbot.mouseClick(d.save_button, LEFT))
    qtbot.mouseClick(page.add_button, LEFT)
