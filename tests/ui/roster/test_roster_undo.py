"""元に戻す on the roster: what it may and may not take back after other things happened
(a restore, an import, a language switch, a change made elsewhere)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import models as m
from db.store import Store
from desktop.context import AppContext
from desktop.services import register as reg_svc
from desktop.services import roster as svc
from ui import dialogs
from ui.main_window import MainWindow
from ui.roster.household_dialog import HouseholdDialog
from ui.roster.person_dialog import PersonDialog

from tests.ui.roster.conftest import TODAY



@pytest.fixture
def add_through_the_form(monkeypatch, qtbot, type_text):
    """Press 「人を追加」 on a roster page and type a name and reading into the real form."""

    def add(page, family: str, reading: str) -> m.Person:
        def ask(cls, parent, **kwargs):
            dialog = cls(parent=None, **kwargs)
            qtbot.addWidget(dialog)
            dialog.show()
            type_text(dialog.family_name, family)
            type_text(dialog.family_reading, reading)
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            return dialog.result_form() if dialog.result() == PersonDialog.DialogCode.Accepted else None

        monkeypatch.setattr(PersonDialog, "ask", classmethod(ask))
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        return m.Person.get(m.Person.family_name == family, m.Person.deleted_at.is_null())

    return add


def test_a_restore_forgets_the_roster_undo(qtbot, add_window, monkeypatch, db_path, password, settings, messages,
                                           close_and_wait, add_through_the_form):
    """Add 山田 on the roster, restore a backup made before, add 佐藤 on another page: 元に戻す
    has nothing left to undo (its step would now trash 佐藤, who got 山田's row id)."""
    store = Store.open(db_path, password, create=True, name="町会")
    store.backup(label="manual")
    window = MainWindow(AppContext(store=store, settings=settings, password=password, clock=lambda: TODAY))
    add_window(window)
    window.show()
    window.show_page("roster")
    roster = window.pages["roster"]
    yamada = add_through_the_form(roster, "山田", "やまだ")
    assert roster.undo_button.isEnabled()
    monkeypatch.setattr(dialogs, "ask_choice", lambda parent, title, label, items: 0)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    window.actions_.restore_backup()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert messages[0][0] == "info", messages
    assert not roster.undo_button.isEnabled()
    sato = reg_svc.create_person_and_register(
        {"family_name": "佐藤", "given_name": "一郎", "family_reading": "さとう", "given_reading": "いちろう"}, None).person
    assert sato.id == yamada.id  # SQLite hands the id out again
    assert not roster.message.isVisible()  # no more "press 元に戻す to take it back"
    window.activateWindow()  # from the person form
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(roster.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert m.Person.get_by_id(sato.id).deleted_at is None
    assert roster.message.text() == "元に戻せる変更はありません。"
    close_and_wait(window)


def test_an_import_forgets_the_roster_undo(main_window, monkeypatch, add_through_the_form):
    """ファイル → 取り込む… (which has its own undo under 取り込みの履歴…) clears the roster's."""
    import ui.transfer.actions as transfer_actions

    roster = main_window.pages["roster"]
    main_window.show_page("roster")
    add_through_the_form(roster, "山田", "やまだ")
    assert roster.undo_button.isEnabled()
    monkeypatch.setattr(transfer_actions, "open_import_wizard", lambda parent, context: True)
    main_window.import_file()
    assert not roster.undo_button.isEnabled()
    add_through_the_form(roster, "佐藤", "さとう")
    monkeypatch.setattr(transfer_actions, "open_import_history", lambda parent, context: True)
    main_window.import_history()  # an import was undone there
    assert not roster.undo_button.isEnabled()


def test_a_language_switch_keeps_the_undo_search_and_filters(qtbot, main_window, add_through_the_form):
    """An addition, a search and a filter on the roster, then 設定 → English: the rebuilt
    roster still shows them, and Undo still takes the addition back."""
    roster = main_window.pages["roster"]
    main_window.show_page("roster")
    person = add_through_the_form(roster, "山田", "やまだ")
    roster.search.setText("やま")
    roster.status_filter.setCurrentIndex(roster.status_filter.findData("all"))
    main_window.show_page("settings")
    combo = main_window.pages["settings"].language_combo
    combo.setCurrentIndex(combo.findData("en"))
    qtbot.waitUntil(lambda: main_window.nav_buttons["roster"].text() == "Roster", timeout=20000)
    rebuilt = main_window.pages["roster"]
    assert rebuilt is not roster
    assert rebuilt.search.text() == "やま"
    assert rebuilt.status_filter.currentData() == "all"
    assert rebuilt.model.rowCount() == 1
    assert rebuilt.undo_button.isEnabled() and "山田" in rebuilt.undo_button.toolTip()
    main_window.show_page("roster")
    qtbot.mouseClick(rebuilt.undo_button, Qt.MouseButton.LeftButton)
    assert m.Person.get_by_id(person.id).deleted_at is not None
    assert rebuilt.model.rowCount() == 0
    combo = main_window.pages["settings"].language_combo
    combo.setCurrentIndex(combo.findData("ja"))
    qtbot.waitUntil(lambda: main_window.nav_buttons["roster"].text() == "名簿", timeout=20000)


def test_undo_of_a_change_made_over_elsewhere_says_so(demo_page, qtbot, messages, add_through_the_form):
    """Add someone, then their phone is written on another page: 元に戻す does not trash
    the corrected person; it says why, and the next press reaches the step before."""
    demo_page.table.selectRow(0)
    first = demo_page.selected_row()
    person = add_through_the_form(demo_page, "新井", "あらい")
    svc.save_person({"family_name": "新井", "mobile": "09011112222"}, person)  # as the register page does
    qtbot.mouseClick(demo_page.undo_button, Qt.MouseButton.LeftButton)
    person = m.Person.get_by_id(person.id)
    assert person.deleted_at is None and person.mobile == "09011112222"
    assert messages and messages[0][0] == "error"
    assert "新井さんの追加" in messages[0][1] and "新井" in messages[0][2]
    assert not demo_page.undo_button.isEnabled()
    assert m.Person.get_by_id(first.id).deleted_at is None


def test_undoing_a_landline_change_finds_the_old_number_again(demo_page, qtbot, monkeypatch, shown):
    """世帯… → change the 固定電話 → 元に戻す: searching the old number finds the family,
    searching the undone number finds nobody of them."""
    household = next(h for h in m.Household.select().where(m.Household.landline != "")
                     if h.members.count() and all(p.status in m.ACTIVE_STATUSES and p.deleted_at is None
                                                  for p in h.members))
    old, members = household.landline, {p.id for p in household.members}
    demo_page.select_person(next(iter(members)))

    def ask(cls, parent, blocks, household=None, members="", draft=None):
        dialog = cls(blocks, household, members)
        qtbot.addWidget(dialog)
        dialog.form.landline.set_text("03-1234-5678")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.values()

    monkeypatch.setattr(HouseholdDialog, "ask", classmethod(ask))
    qtbot.mouseClick(demo_page.household_button, Qt.MouseButton.LeftButton)
    assert m.Household.get_by_id(household.id).landline == "0312345678"
    qtbot.mouseClick(demo_page.undo_button, Qt.MouseButton.LeftButton)
    assert m.Household.get_by_id(household.id).landline == old
    demo_page.search.setText("03-1234-5678")
    demo_page.apply_filter()
    assert not {r.id for r in shown()} & members
    demo_page.search.setText(old)
    demo_page.apply_filter()
    assert {r.id for r in shown()} >= members
