"""ファイル → バックアップから復元… with a damaged backup: said to be damaged, with what to do,
before any question (no password loop, no "put the data back?" for a file that cannot be used)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import models as m
from db.store import Store
from desktop.context import AppContext
from ui import dialogs
from ui.file_actions import BackupPasswordDialog
from ui.main_window import MainWindow

PAGE_SIZE = 4096  # SQLCipher 4 (db.database.PAGE_SIZE)


@pytest.fixture
def usb_backup(demo_store, tmp_path):
    """A manual backup of the demo file (300 people) on a "USB stick" folder; the demo file is
    closed meanwhile (the window opens it)."""
    made = demo_store.backup(tmp_path / "usb", label="manual")
    demo_store.close(auto_backup=False)
    return made


@pytest.fixture
def window(demo_store, usb_backup, add_window, settings, password):
    store = Store.open(demo_store.path, password)
    window = MainWindow(AppContext(store=store, settings=settings, password=password))
    add_window(window)
    window.show()
    return window


def _broken(made, how):
    data = made.read_bytes()
    broken = made.with_name(f"{how}.backup.db")
    if how == "first-1000-bytes":
        broken.write_bytes(data[:1000])
    elif how == "cut-mid-page":
        broken.write_bytes(data[:400_000])
    elif how == "cut-at-a-page":
        broken.write_bytes(data[:(len(data) // 2 // PAGE_SIZE) * PAGE_SIZE])
    else:  # the first page overwritten in place: to SQLCipher, the same as a wrong password
        broken.write_bytes(data[:16] + bytes(200) + data[216:])
    return broken


@pytest.mark.parametrize("how", ["first-1000-bytes", "cut-mid-page", "cut-at-a-page"])
def test_a_damaged_backup_is_said_before_any_question(qtbot, monkeypatch, window, usb_backup, messages, how):
    """A backup cut short: no password dialog, no confirmation; the message says it is damaged
    and to choose another or copy it again; the open data stays as it was."""
    broken = _broken(usb_backup, how)
    monkeypatch.setattr(dialogs, "ask_choice", lambda parent, title, label, items: len(items) - 1)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: broken)
    asked = []
    monkeypatch.setattr(BackupPasswordDialog, "ask", classmethod(lambda cls, parent, source: asked.append("pw")))
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: asked.append("confirm") or False)
    window.actions_.restore_backup()
    assert not asked
    assert len(messages) == 1, messages
    kind, _text, detail = messages[0]
    assert kind == "error" and "壊れて" in detail and "別のバックアップ" in detail and "もう一度コピー" in detail
    assert m.Person.select().count() == 300


def test_the_password_of_that_day_says_a_damaged_file_is_possible(qtbot, password, usb_backup, tmp_path):
    """A backup whose first page is damaged refuses every password, like a wrong one: the
    dialog's answer to a refused password also says the file may be damaged."""
    broken = _broken(usb_backup, "first-page-overwritten")
    dialog = BackupPasswordDialog(None, broken)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != BackupPasswordDialog.DialogCode.Accepted
    text = dialog.error_label.text()
    assert "開けません" in text and "壊れて" in text and "別のバックアップ" in text
