"""The main window: navigation, title, home counts, large text, language, menus and closing."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from db import backup as backups
from db import models as m
from db.store import Store
from desktop import settings as options
from desktop.context import AppContext
from ui import dialogs
from ui.file_actions import ChangePasswordDialog
from ui.main_window import PAGES, MainWindow



def test_navigation_clicks_switch_pages(qtbot, main_window):
    """Clicking each label in the left navigation shows its page."""
    assert main_window.current_page_key() == "home"
    for spec in reversed(PAGES):
        qtbot.mouseClick(main_window.nav_buttons[spec.key], Qt.MouseButton.LeftButton)
        assert main_window.stack.currentWidget() is main_window.pages[spec.key]
        assert main_window.nav_buttons[spec.key].isChecked()


def test_navigation_labels_are_japanese_words(main_window):
    """The navigation speaks plain Japanese, in the order of DESIGN.md."""
    labels = [main_window.nav_buttons[s.key].text() for s in PAGES]
    assert labels == ["ホーム", "名簿", "要支援者", "サロン", "連絡記録", "印刷", "設定"]


def test_shell_pages_say_what_comes_and_what_to_do(main_window):
    """Every page that is not built yet explains itself in Japanese (real pages replace them)."""
    from ui.placeholder import ShellPage

    for page in main_window.pages.values():
        if isinstance(page, ShellPage):
            assert page.title_label.text() and "準備中" in page.next_label.text()
            assert page.what_label.text()


def test_title_and_home_show_the_association(main_window):
    """The window title and the home page show the association's name."""
    assert main_window.windowTitle() == "テスト町会 — つながりノート"
    home = main_window.pages["home"]
    assert home.name_label.text() == "テスト町会"
    assert home.count_labels["people"].text() == "0"
    assert "令和8年11月28日（土）" in home.today_label.text()


def test_home_counts_on_the_demo(qtbot, add_window, demo_store, settings, password):
    """On the demo the home page counts the 300 people less those moved out or deceased."""
    from db import models as m

    active = m.Person.select().where(m.Person.status.in_(m.ACTIVE_STATUSES)).count()
    assert 280 < active < 300
    context = AppContext(store=demo_store, settings=settings, password=password)
    window = MainWindow(context)
    add_window(window, close_store=False)  # demo_store closes its own file
    home = window.pages["home"]
    assert home.count_labels["people"].text() == str(active)
    assert int(home.count_labels["households"].text()) > 50
    assert int(home.count_labels["support_records"].text()) > 0


def test_large_text_makes_everything_bigger(qtbot, main_window):
    """The View menu's large text raises the font from 12 to 16 pt, live, and keeps targets ≥ 32 px."""
    title = main_window.pages["home"].today_label
    before = title.fontInfo().pointSizeF()
    assert QApplication.font().pointSize() == 12
    main_window.large_text_action.trigger()
    qtbot.waitUntil(lambda: title.fontInfo().pointSizeF() > before)
    assert QApplication.font().pointSize() >= 16
    assert main_window.context.settings.get(options.LARGE_TEXT) is True
    assert main_window.pages["settings"].large_check.isChecked()
    for button in main_window.nav_buttons.values():
        assert button.height() >= 32
    main_window.large_text_action.trigger()
    assert QApplication.font().pointSize() == 12


@pytest.mark.parametrize("language", ["ja", "en"])
def test_large_text_window_fits_a_1024_px_screen(qtbot, add_window, demo_store, settings, password, language):
    """In large text on the demo the window needed 1106 px (the 名簿 filters in one row, the
    print preview's bar): it must fit a 1024-px laptop screen with its frame."""
    from desktop.i18n import set_language

    set_language(language)
    window = None
    try:
        window = MainWindow(AppContext(store=demo_store, settings=settings, password=password))
        add_window(window, close_store=False)
        window.set_large_text(True)
        window.show()
        qtbot.waitExposed(window)
        assert QApplication.font().pointSize() >= 16
        assert window.minimumSizeHint().width() <= 1024 - 16
    finally:
        set_language("ja")
        if window is not None:
            window.set_large_text(False)


def test_click_targets_are_at_least_32_px(main_window):
    """Navigation buttons and the settings' controls are at least 32 px high."""
    main_window.show_page("settings")
    page = main_window.pages["settings"]
    for widget in [*main_window.nav_buttons.values(), page.language_combo, page.operator_edit, page.follow_up_spin]:
        assert widget.sizeHint().height() >= 32 or widget.height() >= 32, widget


def test_language_switch_to_english_changes_our_strings(qtbot, main_window):
    """Choosing English rebuilds menus, navigation and pages in English."""
    main_window.show_page("settings")
    combo = main_window.pages["settings"].language_combo
    combo.setCurrentIndex(combo.findData("en"))
    qtbot.waitUntil(lambda: main_window.nav_buttons["roster"].text() == "Roster", timeout=20000)
    assert main_window.current_page_key() == "settings"
    assert [a.text() for a in main_window.menuBar().actions()] == ["&File", "&View", "&Help"]
    assert main_window.pages["home"].today_label.text().startswith("Today is")
    assert main_window.context.settings.get(options.LANGUAGE) == "en"
    combo = main_window.pages["settings"].language_combo
    combo.setCurrentIndex(combo.findData("ja"))
    qtbot.waitUntil(lambda: main_window.nav_buttons["roster"].text() == "名簿", timeout=20000)


def test_menus_are_in_japanese(main_window):
    """File, View and Help menus carry the actions of the brief."""
    menus = {a.text(): [x.text() for x in a.menu().actions() if x.text()] for a in main_window.menuBar().actions()}
    assert menus["ファイル(&F)"] == ["バックアップを作成…", "バックアップから復元…", "パスワードを変更…",
                                    "Excel・CSV から取り込む…", "Excel・CSV に書き出す…", "取り込みの履歴…", "終了"]
    assert menus["表示(&V)"] == ["大きな文字"]
    assert menus["ヘルプ(&H)"] == ["つながりノートについて"]


def _show_and_close(qtbot, add_window, close_and_wait, store, settings, password) -> AppContext:
    """Open the main window on `store`, close it as a person would, wait until it is gone."""
    context = AppContext(store=store, settings=settings, password=password)
    window = MainWindow(context)
    add_window(window)
    window.show()
    close_and_wait(window)
    qtbot.waitUntil(lambda: not window.isVisible() and context.store is None)
    return context


def test_closing_makes_an_automatic_backup(qtbot, add_window, db_path, password, settings, close_and_wait):
    """Closing the window backs the file up in the background, then closes it."""
    store = Store.open(db_path, password, create=True, name="町会")
    context = _show_and_close(qtbot, add_window, close_and_wait, store, settings, password)
    assert context.store is None
    found = backups.list_backups(store.backup_dir, db_path.stem)
    assert len(found) == 1 and found[0].name.endswith("-auto.backup.db")
    Store.open(db_path, password).close(auto_backup=False)  # the lock was released


def test_closing_after_only_looking_makes_no_backup(qtbot, add_window, db_path, password, settings, close_and_wait):
    """Opening a file and closing it without a change adds no copy (it would push an older
    backup out); after a change, closing backs up again."""
    Store.open(db_path, password, create=True, name="町会").close(auto_backup=False)

    def session(change):
        store = Store.open(db_path, password)
        change()
        _show_and_close(qtbot, add_window, close_and_wait, store, settings, password)
        return backups.list_backups(store.backup_dir, db_path.stem)

    assert session(lambda: None) == []
    assert len(session(lambda: m.Block.create(name="1班"))) == 1


def test_closing_when_the_backup_cannot_be_made_says_so(qtbot, add_window, db_path, password, settings,
                                                        close_and_wait, messages):
    """If the automatic backup fails (here its folder is blocked by a file), the window says
    so in plain words, still closes, and the file itself is untouched."""
    store = Store.open(db_path, password, create=True, name="町会")
    m.Block.create(name="1班")
    store.backup_dir.parent.mkdir(parents=True, exist_ok=True)
    store.backup_dir.write_text("not a folder")
    context = _show_and_close(qtbot, add_window, close_and_wait, store, settings, password)
    assert len(messages) == 1 and messages[0][0] == "error"
    assert "自動バックアップを作れませんでした" in messages[0][1] and "無事" in messages[0][1]
    assert context.store is None
    reopened = Store.open(db_path, password)
    try:
        assert [b.name for b in m.Block.select()] == ["1班"]
    finally:
        reopened.close(auto_backup=False)


def test_backup_from_the_menu(qtbot, monkeypatch, main_window, tmp_path, messages):
    """ファイル → バックアップを作成… writes a checked copy to the chosen folder."""
    target = tmp_path / "usb"
    target.mkdir()
    monkeypatch.setattr(dialogs, "ask_folder", lambda parent, title, start="": target)
    main_window.actions_.make_backup()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert messages[0][0] == "info"
    assert len(list(target.glob("*-manual.backup.db"))) == 1


def test_restore_from_the_menu(qtbot, add_window, monkeypatch, db_path, password, settings, messages, close_and_wait):
    """ファイル → バックアップから復元… puts the data back and the home page follows."""
    store = Store.open(db_path, password, create=True, name="元の名前")
    store.backup(label="manual")
    m.Association.update(name="変えた名前").execute()
    context = AppContext(store=store, settings=settings, password=password)
    window = MainWindow(context)
    add_window(window)
    assert window.pages["home"].name_label.text() == "変えた名前"
    monkeypatch.setattr(dialogs, "ask_choice", lambda parent, title, label, items: 0)
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, yes, no="", detail="", title="": True)
    window.actions_.restore_backup()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert messages[0][0] == "info", messages
    assert window.pages["home"].name_label.text() == "元の名前"
    assert "元の名前" in window.windowTitle()
    close_and_wait(window)


def test_restore_of_a_backup_from_before_a_password_change(qtbot, add_window, monkeypatch, db_path, password,
                                                          settings, messages, close_and_wait):
    """A backup keyed with the password of its day: the window asks for that password (saying
    the backup's date), refuses a wrong one in the dialog, restores with the right one, and
    the file goes on opening with the password in use now."""
    from PySide6.QtCore import QTimer

    from db.backup import backup_time
    from db.database import change_password
    from ui.file_actions import BackupPasswordDialog

    store = Store.open(db_path, password, create=True, name="元の名前")
    old_copy = store.backup(label="manual")
    change_password("the-new-password-2")
    m.Association.update(name="変えた名前").execute()
    context = AppContext(store=store, settings=settings, password="the-new-password-2")
    window = MainWindow(context)
    add_window(window)
    monkeypatch.setattr(dialogs, "ask_choice", lambda parent, title, label, items: 0)
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, yes, no="", detail="", title="": True)
    seen = {}

    def type_in_the_dialog():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, BackupPasswordDialog):
            QTimer.singleShot(20, type_in_the_dialog)
            return
        seen["text"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        qtbot.keyClicks(dialog.password_edit, "not-the-old-one")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["error"] = dialog.error_label.text() if dialog.error_label.isVisible() else ""
        dialog.password_edit.clear()
        qtbot.keyClicks(dialog.password_edit, password)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, type_in_the_dialog)
    window.actions_.restore_backup()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    when = backup_time(old_copy)
    assert f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}" in seen["text"]
    assert "パスワードを変える前" in seen["text"]
    assert "開けません" in seen["error"]
    assert messages[0][0] == "info", messages
    assert window.pages["home"].name_label.text() == "元の名前"
    close_and_wait(window)
    Store.open(db_path, "the-new-password-2").close(auto_backup=False)


def test_change_password_from_the_menu(qtbot, add_window, monkeypatch, db_path, password, settings, messages, close_and_wait):
    """ファイル → パスワードを変更… re-keys the file; the new password opens it."""
    store = Store.open(db_path, password, create=True, name="町会")
    context = AppContext(store=store, settings=settings, password=password)
    window = MainWindow(context)
    add_window(window)
    monkeypatch.setattr(ChangePasswordDialog, "ask", classmethod(lambda cls, parent, current: "a-new-password-2"))
    window.actions_.change_password()
    assert messages[0][0] == "info" and context.password == "a-new-password-2"
    close_and_wait(window)
    Store.open(db_path, "a-new-password-2").close(auto_backup=False)


def test_change_password_dialog_checks_the_current_one(qtbot, password):
    """The real dialog refuses a wrong current password with a plain message."""
    dialog = ChangePasswordDialog(None, password)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.old_edit, "not-it-at-all")
    qtbot.keyClicks(dialog.new_edit, "long-enough-9")
    qtbot.keyClicks(dialog.again_edit, "long-enough-9")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != ChangePasswordDialog.DialogCode.Accepted
    assert "違います" in dialog.error_label.text()
