"""Start-up: welcome → create, the password prompt, and the plain messages when a file cannot be opened."""
from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from db.database import SQLITE_PLAIN_HEADER, WrongPassword
from db.store import Store
from desktop import settings as options
from desktop.settings import Settings
from ui import dialogs
from ui.welcome import CreateDialog, PasswordAnswer, PasswordDialog, WelcomeDialog



def _drive_create(qtbot, type_text, dialog, name, password, again, path):
    qtbot.addWidget(dialog)
    type_text(dialog.name_edit, name)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClicks(dialog.again_edit, again)
    dialog.path_edit.clear()
    type_text(dialog.path_edit, str(path))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_welcome_create_opens_the_main_window(qtbot, start, type_text, monkeypatch, tmp_path, close_and_wait):
    """Welcome → create (typed into the real dialog) makes an encrypted file and shows its name."""
    path = tmp_path / "sub" / "minato"
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None: WelcomeDialog.CREATE))

    def fake_create(cls, parent=None, default_path=None):
        dialog = CreateDialog(parent, default_path)
        assert default_path is not None and str(default_path).endswith(".tsunagari")
        _drive_create(qtbot, type_text, dialog, "みなと三丁目町会", "secret-pass-1", "secret-pass-1", path)
        assert dialog.result() == CreateDialog.DialogCode.Accepted
        return dialog.answer()

    monkeypatch.setattr(CreateDialog, "ask", classmethod(fake_create))
    window, context = start([])
    made = tmp_path / "sub" / "minato.tsunagari"
    assert made.exists()
    assert made.read_bytes()[:16] != SQLITE_PLAIN_HEADER
    assert b"\xe3\x81\xbf\xe3\x81\xaa\xe3\x81\xa8" not in made.read_bytes()  # "みなと" is not readable
    assert window.pages["home"].name_label.text() == "みなと三丁目町会"
    assert "みなと三丁目町会" in window.windowTitle() and "つながりノート" in window.windowTitle()
    assert Settings().get(options.LAST_DB) == str(made)
    close_and_wait(window)
    with pytest.raises(WrongPassword):
        Store.open(made, "not-the-password")


@pytest.mark.parametrize(
    "password, again, expected",
    [("short", "short", "8"), ("long-enough-1", "long-enough-2", "同じ")],
)
def test_create_dialog_says_what_is_wrong(qtbot, type_text, tmp_path, password, again, expected):
    """A too-short or mistyped password keeps the dialog open with a plain reason."""
    dialog = CreateDialog(None, tmp_path / "a.tsunagari")
    _drive_create(qtbot, type_text, dialog, "町会", password, again, tmp_path / "a.tsunagari")
    assert dialog.result() != CreateDialog.DialogCode.Accepted
    assert dialog.error_label.isVisibleTo(dialog)
    assert expected in dialog.error_label.text()
    assert not (tmp_path / "a.tsunagari").exists()


@pytest.mark.parametrize("typed", ["as saved", "without .tsunagari"])
def test_create_dialog_refuses_an_existing_file(qtbot, type_text, store, typed):
    """Creating over a file that exists is refused, also when the name is typed without
    .tsunagari (the check looked at 「town」, then town.tsunagari was opened)."""
    dialog = CreateDialog(None)
    path = store.path if typed == "as saved" else store.path.with_suffix("")
    _drive_create(qtbot, type_text, dialog, "町会", "long-enough-1", "long-enough-1", path)
    assert dialog.answer() is None
    assert "すでに" in dialog.error_label.text()


def test_wrong_password_says_so_and_retry_works(qtbot, start, monkeypatch, db_path, password, close_and_wait):
    """A wrong password gets a Japanese message in the prompt, the file is untouched, and the right one opens."""
    Store.open(db_path, password, create=True, name="テスト町会").close(auto_backup=False)
    before = db_path.read_bytes()
    calls = []

    def fake_ask(cls, parent, path, error="", allow_other=True):
        calls.append(error)
        if len(calls) == 1:
            assert error == ""
            return PasswordAnswer(PasswordDialog.OPEN, "wrong-password")
        dialog = PasswordDialog(parent, path, error)  # the real prompt shows the reason
        qtbot.addWidget(dialog)
        assert dialog.error_label.isVisibleTo(dialog) and "パスワードが違います" in dialog.error_label.text()
        assert db_path.read_bytes() == before  # nothing written by the failed try
        qtbot.keyClicks(dialog.password_edit, password)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.answer()

    monkeypatch.setattr(PasswordDialog, "ask", classmethod(fake_ask))
    window, context = start(["--db", str(db_path)])
    assert len(calls) == 2
    assert window.pages["home"].name_label.text() == "テスト町会"
    close_and_wait(window)


def test_last_file_asks_its_password_and_can_choose_another(qtbot, start, monkeypatch, db_path, password):
    """Next start goes to the password of the last file; "choose another file" leads to the welcome dialog."""
    Store.open(db_path, password, create=True, name="テスト町会").close(auto_backup=False)
    s = Settings()
    s.set(options.LAST_DB, str(db_path))
    s.sync()
    asked, welcomed = [], []
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, parent, path, error="", allow_other=True: asked.append(path) or PasswordAnswer(PasswordDialog.OTHER)))
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None: welcomed.append(1)))
    window, context = start([])
    assert asked == [db_path] and welcomed == [1]
    assert window is None and context is None


def test_file_in_use_gets_a_plain_message(qtbot, start, monkeypatch, store, password, messages):
    """A file open elsewhere is not opened; the message says to close it there."""
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, parent, path, error="", allow_other=True: PasswordAnswer(PasswordDialog.OPEN, password)))
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None: None))
    window, _context = start(["--db", str(store.path)])
    assert window is None
    assert messages and messages[0][0] == "error" and "別の" in messages[0][1]


def test_plain_sqlite_file_is_refused(qtbot, start, monkeypatch, tmp_path, messages):
    """An unencrypted file gets a plain message and is left as it was."""
    path = tmp_path / "plain.tsunagari"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, parent, path, error="", allow_other=True: PasswordAnswer(PasswordDialog.OPEN, "whatever-123")))
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None: None))
    window, _context = start(["--db", str(path)])
    assert window is None and path.read_bytes() == before
    assert "暗号" in messages[0][1] or "鍵" in messages[0][1]


def test_damaged_file_is_restored_from_the_newest_backup(qtbot, start, monkeypatch, db_path, password, messages, close_and_wait):
    """A damaged file offers the newest good backup; accepting restores it and opens the window."""
    from db import models as m

    s = Store.open(db_path, password, create=True, name="町会")
    for i in range(200):
        m.Person.create(family_name=f"人{i}", notes="x" * 200)
    s.backup(label="manual")
    s.close(auto_backup=False)
    data = bytearray(db_path.read_bytes())
    for off in range(4096 * 5 + 100, 4096 * 5 + 140):
        data[off] ^= 0xFF
    db_path.write_bytes(bytes(data))
    asked = []
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, parent, path, error="", allow_other=True: PasswordAnswer(PasswordDialog.OPEN, password)))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, yes, no="", detail="", title="": asked.append(text) or True)
    window, context = start(["--db", str(db_path)])
    assert asked and "壊れて" in asked[0]
    assert messages[-1][0] == "info"
    assert window.pages["home"].count_labels["people"].text() == "200"
    close_and_wait(window)


def test_cancel_at_welcome_leaves_without_a_window(qtbot, start, monkeypatch):
    """Quitting the welcome dialog returns no window and no file."""
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None: None))
    window, context = start([])
    assert window is None and context is None


def test_welcome_dialog_buttons(qtbot):
    """The real welcome dialog answers "create" and "open" from its two big buttons."""
    for button_name, expected in (("create_button", "create"), ("open_button", "open")):
        dialog = WelcomeDialog()
        qtbot.addWidget(dialog)
        qtbot.mouseClick(getattr(dialog, button_name), Qt.MouseButton.LeftButton)
        assert dialog.answer() == expected


def _emptied_with_backup(db_path, password):
    """A file with 20 people and a manual backup that then lost its content (0 bytes)."""
    from db import models as m

    s = Store.open(db_path, password, create=True, name="町会")
    for i in range(20):
        m.Person.create(family_name=f"人{i}")
    s.backup(label="manual")
    s.close(auto_backup=False)
    db_path.write_bytes(b"")


def test_empty_file_is_damaged_and_a_mistyped_password_is_asked_again(qtbot, start, monkeypatch, db_path, password,
                                                                      messages, close_and_wait):
    """A 0-byte file is never opened as a blank association: it is damaged, a password that opens
    no backup is asked again, and the right one restores the newest backup."""
    _emptied_with_backup(db_path, password)
    typed, errors, asked = iter(["typo-typo-typo", password, password]), [], []

    def fake_ask(cls, parent, path, error="", allow_other=True):
        errors.append(error)
        if len(errors) <= 2:  # the third try is on the restored file
            assert db_path.read_bytes() == b""  # nothing written while the password was unproven
        return PasswordAnswer(PasswordDialog.OPEN, next(typed))

    monkeypatch.setattr(PasswordDialog, "ask", classmethod(fake_ask))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, yes, no="", detail="", title="": asked.append(text) or True)
    window, context = start(["--db", str(db_path)])
    assert len(asked) == 2 and "壊れて" in asked[0]
    assert errors[0] == "" and "パスワードが違います" in errors[1]
    assert messages[-1][0] == "info"
    assert window.pages["home"].name_label.text() == "町会"
    assert window.pages["home"].count_labels["people"].text() == "20"
    close_and_wait(window)


def test_empty_file_without_backup_is_not_opened(qtbot, start, monkeypatch, db_path, messages):
    """With no backup to offer, a 0-byte file gets the damaged message and stays as it was."""
    db_path.write_bytes(b"")
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, parent, path, error="", allow_other=True: PasswordAnswer(PasswordDialog.OPEN, "whatever-123")))
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, parent=None: None))
    window, _context = start(["--db", str(db_path)])
    assert window is None
    assert messages[0][0] == "error" and "壊れて" in messages[0][1]
    assert db_path.read_bytes() == b"" and sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
