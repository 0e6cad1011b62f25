"""The disaster-mode question, the person picker and the ordered-list editor."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from db import models as m
from db.queries import register as reg
from db.queries import roster as roster_q
from desktop.services import register as svc
from ui.register.disaster_mode_dialog import DisasterModeDialog
from ui.register.pick_person_dialog import PickPersonDialog
from ui.register.supporters import ContactList

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def registered(people):
    svc.add_to_register(people["山田 花子"], {"consent": m.CONSENT_YES})
    svc.add_to_register(people["佐藤 次郎"], {"consent": m.CONSENT_NO})
    svc.add_to_register(people["鈴木 三郎"], {})
    return people


def _tick(qtbot, box):
    qtbot.mouseClick(box, LEFT, pos=QPoint(12, box.height() // 2))


def test_disaster_mode_needs_the_tick_and_a_reason(qtbot, type_text):
    """「全員を含める」 stays disabled until the box is ticked and a reason is written; Cancel is the default."""
    dialog = DisasterModeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled() and dialog.cancel_button.isDefault()
    _tick(qtbot, dialog.confirm_box)
    assert not dialog.ok_button.isEnabled() and "理由" in dialog.hint.text()
    type_text(dialog.reason_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    type_text(dialog.reason_edit, "震度6弱")
    assert dialog.ok_button.isEnabled()


def test_disaster_mode_answer_feeds_register_rows_and_the_audit_log(qtbot, registered, drive_dialog, type_text):
    """A confirmed answer gives everyone from register_rows and leaves who/why in the audit log."""
    def steps(dialog):
        _tick(qtbot, dialog.confirm_box)
        type_text(dialog.reason_edit, "震度6弱の地震、安否確認")
        qtbot.mouseClick(dialog.ok_button, LEFT)

    drive_dialog(DisasterModeDialog, steps)
    answer = DisasterModeDialog.ask(None)
    assert answer == (True, "震度6弱の地震、安否確認")
    confirmed, reason = answer
    rows = reg.register_rows(reg.MODE_DISASTER, confirmed=confirmed, reason=reason, actor="会長")
    assert len(rows) == 3
    entry = m.AuditLog.get(m.AuditLog.action == "disaster_mode")
    assert entry.reason == "震度6弱の地震、安否確認" and entry.actor == "会長"


def test_disaster_mode_cancelled_keeps_normal_rules(qtbot, registered, drive_dialog, type_text):
    """Cancelling (even with a reason typed) returns None: prints stay consent-only, nothing is logged."""
    def steps(dialog):
        type_text(dialog.reason_edit, "訓練")
        qtbot.mouseClick(dialog.cancel_button, LEFT)

    drive_dialog(DisasterModeDialog, steps)
    assert DisasterModeDialog.ask(None) is None
    assert [r.name for r in reg.register_rows()] == ["山田 花子"]
    assert m.AuditLog.select().where(m.AuditLog.action == "disaster_mode").count() == 0


def test_picker_searches_by_reading_and_marks_registered(qtbot, registered, type_text):
    """Typing やまだ (or ヤマダ) finds both 山田; the registered one is marked; 選ぶ returns the id."""
    dialog = PickPersonDialog(roster_q.load_rows(), "名簿から追加", mark_registered=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.count() == 5
    type_text(dialog.search, "ヤマダ")
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(texts) == 2 and any("登録済み" in t for t in texts) and all("山田" in t for t in texts)
    dialog.search.clear()
    type_text(dialog.search, "いちろう")
    assert dialog.list.count() == 1
    qtbot.mouseClick(dialog.choose_button, LEFT)
    assert dialog.chosen == registered["山田 一郎"].id and dialog.result() == 1


def test_picker_says_what_to_do_when_nothing_matches(qtbot, people, type_text):
    """No match: the 選ぶ button is off and the hint suggests typing the reading in hiragana."""
    dialog = PickPersonDialog(roster_q.load_rows(), "…")
    qtbot.addWidget(dialog)
    type_text(dialog.search, "zzz")
    assert dialog.list.count() == 0 and not dialog.choose_button.isEnabled()
    assert "ひらがな" in dialog.status.text()


def test_contact_list_orders_and_removes(qtbot, type_text):
    """追加/上へ/下へ/削除 keep the order the user sets; empty state shows when the list is empty."""
    editor = ContactList()
    qtbot.addWidget(editor)
    editor.show()
    assert editor.empty_label.isVisible() and not editor.edits["name"].isEnabled()
    for name in ("一", "二", "三"):
        qtbot.mouseClick(editor.add_button, LEFT)
        type_text(editor.edits["name"], name)
    assert not editor.down_button.isEnabled()
    qtbot.mouseClick(editor.up_button, LEFT)
    qtbot.mouseClick(editor.up_button, LEFT)
    assert [e["name"] for e in editor.entries()] == ["三", "一", "二"]
    assert not editor.up_button.isEnabled()
    qtbot.mouseClick(editor.down_button, LEFT)
    qtbot.mouseClick(editor.remove_button, LEFT)
    assert [e["name"] for e in editor.entries()] == ["一", "二"]
    assert editor.list.item(0).text().startswith("1. 一")
    assert not editor.empty_label.isVisible()


@pytest.mark.parametrize("how,words", [("trash", "ごみ箱"), ("deceased", "死亡"), ("moved", "転出")])
def test_supporter_who_left_the_roster_is_flagged_in_the_record(qtbot, registered, how, words):
    """A roster supporter who went to the trash, died or moved: the record's supporter line
    says so and asks for another supporter (the prints leave their name out)."""
    from db.queries import register as reg_q
    from desktop.services import trash
    from ui.register.supporters import SupporterList

    record = svc.add_to_register(registered["山田 一郎"], {"consent": m.CONSENT_YES})
    helper = registered["田中 支援"]
    svc.set_supporters(record, [{"person": helper.id, "name": "", "phone": "", "note": "隣"}])
    if how == "trash":
        trash.trash_person(helper)
    else:
        helper.status = how
        helper.save()
    editor = SupporterList(lambda: None)
    qtbot.addWidget(editor)
    editor.load(reg_q.record_form(record.id))
    line = editor.list.item(0).text()
    assert words in line and "別の支援者を選んで" in line


def test_record_window_title_holds_no_name(qtbot, registered):
    """The window title goes to the task bar and screen sharing: no name in it; the name is
    the heading inside the dialog."""
    from ui.register.record_dialog import RecordDialog

    record = reg.record_of_person(registered["山田 花子"].id)
    dialog = RecordDialog(reg.record_form(record), lambda form: None, lambda: None, dt.date(2026, 11, 28))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "要支援者の記録" and "山田" not in dialog.windowTitle()
    from PySide6.QtWidgets import QLabel

    assert any(label.text() == "山田 花子" for label in dialog.findChildren(QLabel))
