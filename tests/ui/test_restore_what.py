"""ファイル → バックアップから復元… says what it puts in place of what: the backup's association
and people against the open file's, a warning when the backup is another file's, and after
the restore where the replaced data was kept."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from db import backup as backups
from db import models as m
from db.store import Store
from desktop.context import AppContext
from ui import dialogs
from ui.file_actions import BackupPasswordDialog
from ui.main_window import MainWindow

DEMO = "港南みらい町会（デモ）"


@pytest.fixture
def salon_backup(demo_store, tmp_path):
    """A backup (on a USB stick) of a separate file, さくらサロン with 2 people, keyed with
    `make(password)`; the demo file stays closed meanwhile and is opened again."""

    def make(password: str):
        live = demo_store.path
        demo_store.close(auto_backup=False)
        other = Store.open(tmp_path / "other" / "salon.tsunagari", password, create=True, name="さくらサロン")
        m.Person.create(family_name="桜井", family_reading="さくらい")
        m.Person.create(family_name="森", family_reading="もり")
        made = other.backup(tmp_path / "usb", label="manual")
        other.close(auto_backup=False)
        return live, made

    return make


def _window(add_window, path, settings, password):
    store = Store.open(path, password)
    window = MainWindow(AppContext(store=store, settings=settings, password=password))
    add_window(window)
    window.show()
    return window


def _choose_elsewhere(monkeypatch, source):
    """The person picks 「別の場所にあるバックアップを選ぶ…」 and then `source`."""
    monkeypatch.setattr(dialogs, "ask_choice", lambda parent, title, label, items: len(items) - 1)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: source)


def _answer(monkeypatch, answers):
    """Record each confirmation (text, detail, title, warning) and answer with answers.pop(0)."""
    asked = []

    def confirm(parent, text, yes, no="", detail="", title="", warning=False):
        asked.append({"text": text, "detail": detail, "title": title, "warning": warning, "yes": yes})
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "confirm", confirm)
    return asked


def test_another_associations_backup_is_named_and_warned_about(qtbot, add_window, monkeypatch, salon_backup, password,
                                                              settings, messages, close_and_wait):
    """Picking さくらサロン's backup while the demo is open: the question names both associations
    and their people and warns; saying no changes nothing; saying yes puts さくらサロン in and
    then says where the demo's 300 people were kept, a copy that brings them back."""
    live, made = salon_backup(password)
    window = _window(add_window, live, settings, password)
    _choose_elsewhere(monkeypatch, made)
    asked = _answer(monkeypatch, [False, True])

    window.actions_.restore_backup()  # declined
    assert asked[0]["warning"]
    assert "別の会「さくらサロン」" in asked[0]["text"] and DEMO in asked[0]["text"]
    both = f"戻すバックアップ：\n\u3000「さくらサロン」 2 人\nいま開いているデータ：\n\u3000「{DEMO}」 300 人"
    assert both in asked[0]["detail"]
    assert m.Person.select().count() == 300 and not messages
    assert not backups.list_backups(live.parent / "backups")  # nothing was even copied

    window.actions_.restore_backup()  # accepted
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    kind, _text, detail = messages[0]
    assert kind == "info", messages
    assert window.windowTitle().startswith("さくらサロン") and m.Person.select().count() == 2
    assert "いまは「さくらサロン」の 2 人分" in detail and f"「{DEMO}」の 300 人分" in detail
    (safety,) = backups.list_backups(live.parent / "backups")
    assert str(safety) in detail and "復元の前" in detail and "バックアップから復元" in detail
    assert backups.summary(safety, password)[:2] == (DEMO, 300)
    close_and_wait(window)


def test_another_associations_backup_with_its_own_password_is_not_rekeyed_unasked(
        qtbot, add_window, monkeypatch, salon_backup, password, settings, messages, close_and_wait):
    """さくらサロン's backup has its own password: once it is typed, the question still says that
    it is another association's and that it will be re-keyed to the password in use now;
    no leaves the demo as it was; yes restores it and it opens with the password of now."""
    live, made = salon_backup("salon-password-9")
    window = _window(add_window, live, settings, password)
    _choose_elsewhere(monkeypatch, made)
    monkeypatch.setattr(BackupPasswordDialog, "ask", classmethod(lambda cls, parent, source: "salon-password-9"))
    asked = _answer(monkeypatch, [False, True])

    window.actions_.restore_backup()
    assert asked[0]["warning"] and "別の会「さくらサロン」" in asked[0]["text"]
    assert "別のパスワード" in asked[0]["detail"] and "いまのパスワード" in asked[0]["detail"]
    assert m.Association.get().name == DEMO and m.Person.select().count() == 300

    window.actions_.restore_backup()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert messages[0][0] == "info", messages
    assert "いまのパスワードで開きます" in messages[0][2] and f"「{DEMO}」の 300 人分" in messages[0][2]
    close_and_wait(window)
    assert backups.summary(live, password)[:2] == ("さくらサロン", 2)


def test_the_same_files_backup_is_not_called_another_even_renamed(qtbot, add_window, monkeypatch, db_path,
                                                                   password, settings, messages, close_and_wait):
    """A backup of the open file made before the association was renamed is the same
    association (its id, not its name, says so): no warning, but both names and counts."""
    store = Store.open(db_path, password, create=True, name="元の名前")
    m.Person.create(family_name="山田", family_reading="やまだ")
    store.backup(label="manual")
    m.Association.update(name="変えた名前").execute()
    store.close(auto_backup=False)
    window = _window(add_window, db_path, settings, password)
    monkeypatch.setattr(dialogs, "ask_choice", lambda parent, title, label, items: 0)
    asked = _answer(monkeypatch, [True])
    window.actions_.restore_backup()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert not asked[0]["warning"] and "別の" not in asked[0]["text"]
    assert "「元の名前」 1 人" in asked[0]["detail"] and "「変えた名前」 1 人" in asked[0]["detail"]
    assert "「変えた名前」の 1 人分" in messages[0][2]
    close_and_wait(window)


def test_a_warning_confirmation_shows_the_sign_and_enter_cancels(qtbot):
    """The real box: the warning sign, and Enter presses やめる (the step that does nothing)."""
    seen = {}

    def press_enter():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_enter)
            return
        seen["icon"], seen["default"] = box.icon(), box.defaultButton().text()
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    assert not dialogs.confirm(None, "置き換えますか？", "置き換える", warning=True)
    assert seen == {"icon": QMessageBox.Icon.Warning, "default": "やめる"}
