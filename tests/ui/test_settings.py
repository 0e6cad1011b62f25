"""Settings: the typed registry over a temp .ini, and the settings page that writes it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from desktop import settings as options
from desktop.settings import Option, Settings


def test_defaults_are_declared_once(settings):
    """A fresh file gives the declared defaults."""
    assert settings.get(options.LANGUAGE) == "ja"
    assert settings.get(options.LARGE_TEXT) is False
    assert settings.get(options.DATE_STYLE) == options.DATE_WAREKI
    assert settings.get(options.OPERATOR_NAME) == ""
    assert settings.get(options.FOLLOW_UP_DAYS) == 30
    assert settings.get(options.LAST_DB) == ""


def test_values_persist_in_the_temp_ini(settings, _isolated_user_dirs):
    """What is set is read back, typed, by a new Settings on the same .ini."""
    settings.set(options.LARGE_TEXT, True)
    settings.set(options.FOLLOW_UP_DAYS, 45)
    settings.set(options.OPERATOR_NAME, "山田 花子")
    settings.sync()
    again = Settings()
    assert again.get(options.LARGE_TEXT) is True
    assert again.get(options.FOLLOW_UP_DAYS) == 45
    assert again.get(options.OPERATOR_NAME) == "山田 花子"
    assert (_isolated_user_dirs / "settings.ini").exists()


def test_bad_values_fall_back_to_the_default(tmp_path):
    """A hand-edited .ini with nonsense gives the defaults, not a crash."""
    q = QSettings(str(tmp_path / "odd.ini"), QSettings.Format.IniFormat)
    q.setValue("contacts/follow_up_days", "many")
    q.setValue("ui/language", "klingon")
    q.setValue("ui/large_text", "true")
    s = Settings(q)
    assert s.get(options.FOLLOW_UP_DAYS) == 30
    assert s.get(options.LANGUAGE) == "ja"
    assert s.get(options.LARGE_TEXT) is True


def test_undeclared_options_are_refused(settings):
    """A typo in a key fails loudly instead of writing a stray setting."""
    with pytest.raises(KeyError):
        settings.get(Option("ui/languag", "ja"))


def test_settings_page_saves_each_change(qtbot, main_window, type_text):
    """Large text, date style, the operator's name and follow-up days are saved at once."""
    main_window.show_page("settings")
    page = main_window.pages["settings"]
    page.large_check.click()
    assert Settings().get(options.LARGE_TEXT) is True
    assert QApplication.font().pointSize() >= 16
    assert main_window.large_text_action.isChecked()
    page.date_buttons[options.DATE_SEIREKI].click()
    assert Settings().get(options.DATE_STYLE) == options.DATE_SEIREKI
    main_window.show_page("home")
    assert "2026年11月28日" in main_window.pages["home"].today_label.text()
    main_window.show_page("settings")
    page.operator_edit.clear()
    type_text(page.operator_edit, "山田 花子")
    assert Settings().get(options.OPERATOR_NAME) == "山田 花子"
    assert main_window.context.operator_name == "山田 花子"
    page.follow_up_spin.setValue(60)
    assert Settings().get(options.FOLLOW_UP_DAYS) == 60
    assert main_window.context.follow_up_days == 60
    page.large_check.click()
    assert QApplication.font().pointSize() == 12


def test_settings_page_says_a_restart_may_be_needed(main_window):
    """The language choice tells the person that some text changes after a restart."""
    assert "起動し直す" in main_window.pages["settings"].language_note.text()


def _retype(qtbot, type_text, edit, text):
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def test_association_details_are_saved_with_the_save_button(qtbot, main_window, type_text):
    """設定 → 町会の情報: nothing changes while typing; 保存 writes it, and the title, home page and prints follow."""
    from db import models as m
    from db.queries.print_sources import sender

    w = main_window
    w.show_page("settings")
    form = w.pages["settings"].association
    assert form.name_edit.text() == "テスト町会"
    assert not form.save_button.isEnabled()
    _retype(qtbot, type_text, form.name_edit, "港南三丁目町会")
    type_text(form.leader_edit, "佐藤 一郎")
    type_text(form.postal_edit, "108-0075")
    type_text(form.address_edit, "東京都港区港南9丁目1-1")
    type_text(form.phone_edit.edit, "03-5471-0000")
    form.year_spin.setValue(2026)
    assert form.year_note.text() == "令和8年度"
    assert m.Association.get().name == "テスト町会"  # not saved on every keystroke
    assert "テスト町会" in w.windowTitle()
    assert form.status_label.isVisible() and "まだ保存していません" in form.status_label.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    a = m.Association.get()
    assert (a.name, a.leader_name, a.postal_code, a.address, a.phone, a.fiscal_year) == (
        "港南三丁目町会", "佐藤 一郎", "1080075", "東京都港区港南9丁目1-1", "0354710000", 2026)
    assert w.windowTitle().startswith("港南三丁目町会")
    assert w.pages["home"].name_label.text() == "港南三丁目町会"
    assert sender().names == ("港南三丁目町会", "会長 佐藤 一郎")
    assert form.status_label.text() == "保存しました。" and not form.save_button.isEnabled()
    assert m.AuditLog.select().where((m.AuditLog.table == "association") & (m.AuditLog.field == "name")).exists()


def test_association_without_a_name_is_not_saved(qtbot, main_window, type_text):
    """An emptied name is refused with a message by the box; 保存した内容に戻す brings the name back."""
    from db import models as m

    w = main_window
    w.show_page("settings")
    form = w.pages["settings"].association
    _retype(qtbot, type_text, form.name_edit, "  ")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_label.isVisible() and "名前" in form.error_label.text()
    assert m.Association.get().name == "テスト町会"
    assert "テスト町会" in w.windowTitle()
    qtbot.mouseClick(form.revert_button, Qt.MouseButton.LeftButton)
    assert form.name_edit.text() == "テスト町会" and not form.error_label.isVisible()


def _association_rows():
    """What the file holds for the association: its values and its audit rows."""
    from db import models as m
    from desktop.services import association as svc

    audit = m.AuditLog.select().where(m.AuditLog.table == "association").count()
    return svc.details(), audit


def test_leaving_settings_with_typed_details_asks(qtbot, main_window, type_text, _discard_answers):
    """設定 → 町会の情報 typed, then another page clicked: the window asks. 「入力を続ける」 stays
    on 設定 with the typing; leaving without saving writes nothing and shows the saved values
    on return."""
    w = main_window
    click = lambda key: qtbot.mouseClick(w.nav_buttons[key], Qt.MouseButton.LeftButton)  # noqa: E731
    click("settings")
    form = w.pages["settings"].association
    before = _association_rows()
    click("roster")  # nothing typed: no question
    assert w.current_page_key() == "roster" and _discard_answers["asked"] == 0
    click("settings")
    _retype(qtbot, type_text, form.name_edit, "港南三丁目町会")
    type_text(form.leader_edit, "佐藤 一郎")

    _discard_answers["next"].append(False)  # 入力を続ける
    click("roster")
    assert _discard_answers["asked"] == 1
    text, discard, _detail = _discard_answers["texts"][-1]
    assert "町会の情報" in text and "ほかのページ" in text and discard == "保存せずに移る"
    assert w.current_page_key() == "settings"
    assert w.nav_buttons["settings"].isChecked() and not w.nav_buttons["roster"].isChecked()
    assert (form.name_edit.text(), form.leader_edit.text()) == ("港南三丁目町会", "佐藤 一郎")
    assert form.save_button.isEnabled()

    click("roster")  # this time: 保存せずに移る
    assert _discard_answers["asked"] == 2
    assert w.current_page_key() == "roster" and w.nav_buttons["roster"].isChecked()
    assert _association_rows() == before
    assert "テスト町会" in w.windowTitle()
    click("settings")
    assert (form.name_edit.text(), form.leader_edit.text()) == ("テスト町会", "")
    assert not form.save_button.isEnabled() and not form.status_label.isVisible()
    click("home")  # the saved values shown again: nothing to ask
    assert w.current_page_key() == "home" and _discard_answers["asked"] == 2


def test_closing_the_window_with_typed_details_asks(qtbot, add_window, db_path, password, settings, type_text,
                                                    close_and_wait, _discard_answers):
    """Closing the window with typed 町会の情報 asks too: 「入力を続ける」 keeps the window open
    on 設定 with the typing; closing without saving leaves the file as it was."""
    from db.store import Store
    from desktop.context import AppContext
    from ui.main_window import MainWindow

    store = Store.open(db_path, password, create=True, name="テスト町会")
    before = _association_rows()
    w = add_window(MainWindow(AppContext(store=store, settings=settings, password=password)))
    w.show()
    qtbot.waitExposed(w)
    qtbot.mouseClick(w.nav_buttons["settings"], Qt.MouseButton.LeftButton)
    form = w.pages["settings"].association
    _retype(qtbot, type_text, form.name_edit, "港南三丁目町会")

    _discard_answers["next"].append(False)
    w.close()
    assert _discard_answers["asked"] == 1
    text, discard, _detail = _discard_answers["texts"][-1]
    assert "町会の情報" in text and "閉じますか" in text and discard == "保存せずに閉じる"
    assert w.isVisible() and not w.closed and w.context.store is store
    assert w.current_page_key() == "settings" and form.name_edit.text() == "港南三丁目町会"

    close_and_wait(w)
    assert _discard_answers["asked"] == 2 and w.context.store is None
    reopened = Store.open(db_path, password)
    try:
        assert _association_rows() == before
    finally:
        reopened.close(auto_backup=False)


def test_operator_name_is_kept_when_the_window_closes_at_once(qtbot, add_window, db_path, password, settings,
                                                             type_text, close_and_wait, _discard_answers):
    """「あなたの名前」 is saved as it is typed: closing the window straight after keeps it, and
    nothing is asked (it is not a form with a 「保存」 button)."""
    from db.store import Store
    from desktop.context import AppContext
    from ui.main_window import MainWindow

    Store.open(db_path, password, create=True, name="テスト町会").close(auto_backup=False)
    store = Store.open(db_path, password)  # nothing written since opening: the window closes at once
    w = add_window(MainWindow(AppContext(store=store, settings=settings, password=password)))
    w.show()
    qtbot.waitExposed(w)
    qtbot.mouseClick(w.nav_buttons["settings"], Qt.MouseButton.LeftButton)
    type_text(w.pages["settings"].operator_edit, "山田 花子")
    close_and_wait(w)
    assert Settings().get(options.OPERATOR_NAME) == "山田 花子"
    assert _discard_answers["asked"] == 0


def test_an_import_keeps_typed_details_and_a_restore_asks_first(qtbot, main_window, type_text, _discard_answers,
                                                                 monkeypatch, tmp_path, messages):
    """町会の情報 typed and not saved: an import (which changes people, never these) leaves
    the typing as it is; a restore asks first — 「入力を続ける」 restores nothing and shows the
    form, going on restores and shows the backup's details."""
    from db import models as m
    from desktop.services import importer, tabular
    from ui import dialogs
    from ui.transfer import actions

    w = main_window
    backup = w.context.store.backup(tmp_path / "usb", label="manual")
    qtbot.mouseClick(w.nav_buttons["settings"], Qt.MouseButton.LeftButton)
    form = w.pages["settings"].association
    _retype(qtbot, type_text, form.name_edit, "港南三丁目町会")

    csv = tmp_path / "roster.csv"
    csv.write_text("氏名,ふりがな,住所\n山田 花子,やまだ はなこ,東京都港区港南1-2-3\n", encoding="utf-8")

    def wizard(parent, context):
        importer.commit(importer.plan_import(tabular.read_table(csv)))
        return True

    monkeypatch.setattr(actions, "open_import_wizard", wizard)
    w.import_file()
    assert m.Person.select().where(m.Person.family_name == "山田").count() == 1
    assert form.name_edit.text() == "港南三丁目町会" and form.save_button.isEnabled()
    assert _discard_answers["asked"] == 0

    monkeypatch.setattr(dialogs, "ask_choice", lambda parent, title, label, items: len(items) - 1)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: backup)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    _discard_answers["next"].append(False)  # 入力を続ける
    w.actions_.restore_backup()
    assert _discard_answers["asked"] == 1
    text, discard, _detail = _discard_answers["texts"][-1]
    assert "町会の情報" in text and "バックアップ" in text and discard == "保存せずに復元する"
    assert w.current_page_key() == "settings" and form.name_edit.text() == "港南三丁目町会"
    assert not messages and m.Person.select().where(m.Person.family_name == "山田").count() == 1

    w.actions_.restore_backup()  # this time: go on without saving
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert _discard_answers["asked"] == 2
    assert m.Person.select().where(m.Person.family_name == "山田").count() == 0  # as in the backup
    assert form.name_edit.text() == "テスト町会" and not form.save_button.isEnabled()
