"""Welcome → 既存のファイルを開く on a backup (a new laptop, the USB stick): the backup is copied
into the data folder after a check and the copy is opened; the stick is left as it was."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import backup as backups
from db import models as m
from db.store import Store
from desktop import paths
from desktop import settings as options
from desktop.settings import Settings
from ui import dialogs
from ui.welcome import PasswordAnswer, PasswordDialog, WelcomeDialog


@pytest.fixture
def usb_backup(tmp_path, password):
    """town.tsunagari (町会, 20 people) on the old laptop, and its manual backup on a USB stick."""
    old = Store.open(tmp_path / "old" / "town.tsunagari", password, create=True, name="町会")
    for i in range(20):
        m.Person.create(family_name=f"人{i}")
    made = old.backup(tmp_path / "usb", label="manual")
    old.close(auto_backup=False)
    return made


def _welcome(monkeypatch, answers):
    """The welcome answers from `answers` (then quits); returns how often it was shown."""
    shown = []
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(
        lambda cls, parent=None: shown.append(1) or (answers.pop(0) if answers else None)))
    return shown


def _pick(monkeypatch, path):
    """The open dialog returns `path`; records the filter it was shown with."""
    filters = []

    def ask_open_file(parent, title, start="", filter_=""):
        filters.append(filter_ or dialogs.file_filter())
        return path

    monkeypatch.setattr(dialogs, "ask_open_file", ask_open_file)
    return filters


def test_a_backup_on_the_stick_is_copied_in_and_the_copy_opened(qtbot, start, monkeypatch, usb_backup, password,
                                                               messages, close_and_wait):
    """Picking the USB backup opens a checked copy in the data folder: a mistyped password gets the
    sentence that names the backup, the right one opens the copy, settings remember the copy,
    the person is told where the data lives now, and the stick holds only its backup, unchanged."""
    stick_before = usb_backup.read_bytes()
    _welcome(monkeypatch, [WelcomeDialog.OPEN])
    filters = _pick(monkeypatch, usb_backup)
    seen = []

    def ask(cls, parent, path, error="", allow_other=True, note=""):
        dialog = PasswordDialog(parent, path, error, allow_other, **({"note": note} if note else {}))  # the real prompt
        qtbot.addWidget(dialog)
        note_label = getattr(dialog, "note_label", None)
        seen.append((error, note_label and note_label.text(), note_label and note_label.isVisibleTo(dialog)))
        qtbot.keyClicks(dialog.password_edit, "typo-typo-1" if len(seen) == 1 else password)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.answer()

    monkeypatch.setattr(PasswordDialog, "ask", classmethod(ask))
    window, context = start([])
    copy = paths.data_dir().resolve() / "town.tsunagari"
    assert context.store.path == copy and context.store.backup_dir == copy.parent / "backups"
    assert Settings().get(options.LAST_DB) == str(copy)
    assert window.pages["home"].count_labels["people"].text() == "20"
    first = filters[0].split(";;")[0]
    assert "*.tsunagari" in first and "*.backup.db" in first
    assert seen[0][0] == "" and seen[0][2] and str(copy) in seen[0][1]
    assert "バックアップを開けません" in seen[1][0] and "壊れて" in seen[1][0]
    kind, text, _detail = messages[-1]
    assert kind == "info" and str(copy) in text and str(usb_backup) in text and "そのまま" in text
    m.Person.create(family_name="新しい人")  # work on the laptop: the automatic backup stays there
    close_and_wait(window)
    assert sorted(p.name for p in usb_backup.parent.iterdir()) == [usb_backup.name]
    assert usb_backup.read_bytes() == stick_before
    assert backups.list_backups(copy.parent / "backups", "town")


@pytest.mark.parametrize("size", [0, 1000, 12345])
def test_a_damaged_backup_is_said_before_the_password(qtbot, start, monkeypatch, usb_backup, messages, size):
    """A backup cut short is called damaged, with what to do, before any password is asked;
    then the welcome comes back and nothing is in the data folder."""
    broken = usb_backup.with_name("broken.backup.db")
    broken.write_bytes(usb_backup.read_bytes()[:size])
    shown = _welcome(monkeypatch, [WelcomeDialog.OPEN])
    _pick(monkeypatch, broken)
    asked = []
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, *a, **k: asked.append(1) or PasswordAnswer(PasswordDialog.CANCEL)))
    window, _context = start([])
    assert window is None and not asked and len(shown) == 2
    kind, _text, detail = messages[0]
    assert kind == "error" and "壊れて" in detail and "もう一度コピー" in detail
    assert not (paths.data_dir() / "broken.tsunagari").exists()


def test_a_file_already_in_the_data_folder_is_replaced_only_when_asked(qtbot, start, monkeypatch, usb_backup, password,
                                                                      messages, close_and_wait):
    """The data folder already holds a town.tsunagari (another association, 3 people): the
    question names both; no leaves it as it was; yes puts the backup in, keeps the file that
    was there as a copy, and says where."""
    there = paths.data_dir().resolve() / "town.tsunagari"
    other = Store.open(there, password, create=True, name="別の会")
    for i in range(3):
        m.Person.create(family_name=f"他{i}")
    other.close(auto_backup=False)
    before = there.read_bytes()
    _welcome(monkeypatch, [WelcomeDialog.OPEN, WelcomeDialog.OPEN])
    _pick(monkeypatch, usb_backup)
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, *a, **k: PasswordAnswer(PasswordDialog.OPEN, password)))
    asked, answers = [], [False, True]

    def confirm(parent, text, yes, no="", detail="", title="", warning=False):
        asked.append((text, detail, warning))
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "confirm", confirm)
    window, context = start([])
    assert len(asked) == 2
    text, detail, warning = asked[0]
    assert "town.tsunagari" in text and warning
    assert "「町会」 20 人" in detail and "「別の会」 3 人" in detail and "控え" in detail
    assert context.store.path == there and window.pages["home"].count_labels["people"].text() == "20"
    (kept,) = backups.list_backups(there.parent / "backups", "town")
    assert "before-restore" in kept.name and kept.read_bytes() == before
    assert str(kept) in messages[-1][2]
    close_and_wait(window)


def test_a_backup_remembered_as_the_last_file_is_copied_in(qtbot, start, monkeypatch, usb_backup, password, messages,
                                                          close_and_wait):
    """Settings that remember a backup on the stick as the last file (an older version opened it
    there) lead to the copy in the data folder, which is remembered from then on."""
    s = Settings()
    s.set(options.LAST_DB, str(usb_backup))
    s.sync()
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, *a, **k: PasswordAnswer(PasswordDialog.OPEN, password)))
    window, context = start([])
    copy = paths.data_dir().resolve() / "town.tsunagari"
    assert context.store.path == copy and Settings().get(options.LAST_DB) == str(copy)
    assert messages[-1][0] == "info"
    close_and_wait(window)
