"""build_app on a demo database: the window comes up and closes cleanly (STYLE.md 7)."""
from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import Qt

from desktop import logging_setup


def test_build_app_demo_opens_and_closes(qtbot, monkeypatch):
    """`tsunagari --demo` builds the window on 300 made-up people and closes without leftovers."""
    from desktop.gui import build_app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # build_app replaces them; put them back
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app, window, context = build_app(["--demo"])
    qtbot.addWidget(window)
    assert context.is_demo and context.temp_dir.exists()
    from db import models as m

    assert m.Person.select().count() == 300  # the demo writes 300; home counts those still living here
    active = m.Person.select().where(m.Person.status.in_(m.ACTIVE_STATUSES)).count()
    assert window.pages["home"].count_labels["people"].text() == str(active)
    assert "つながりノート" in window.windowTitle()
    assert app.organizationName() and app.applicationName() == "tsunagari"
    assert logging_setup.log_file().exists()
    window.close()
    qtbot.waitUntil(lambda: window.closed, timeout=10000)
    assert not window.isVisible()  # the close was accepted, so the app can quit
    assert context.store is None
    assert not context.temp_dir.exists()  # the demo folder is thrown away


def _double_click(button) -> None:
    """What the mouse sends for a double-click: press, release, double-click, release."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    pos = QPointF(button.rect().center())
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                 QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseButtonRelease):
        held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        QApplication.sendEvent(button, QMouseEvent(kind, pos, button.mapToGlobal(pos), Qt.MouseButton.LeftButton,
                                                   held, Qt.KeyboardModifier.NoModifier))


def test_a_double_clicked_button_acts_once(qtbot, monkeypatch):
    """「電話した」 double-clicked (as many older users click) writes one contact record, and
    取り消す then leaves none; two separate clicks still write two."""
    from db import models as m
    from desktop.gui import build_app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app, window, context = build_app(["--demo"])
    qtbot.addWidget(window)
    try:
        bar = window.pages["roster"].quick_contact
        person = m.Person.select().where(m.Person.status == m.STATUS_MEMBER).first()
        bar.set_person(person.id, person.full_name)
        logged = m.ContactLog.select().where(m.ContactLog.person == person.id)
        before = logged.count()
        _double_click(bar.buttons["called"])
        assert logged.count() == before + 1
        bar.undo()
        assert logged.count() == before
        qtbot.mouseClick(bar.buttons["called"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(bar.buttons["called"], Qt.MouseButton.LeftButton)
        assert logged.count() == before + 2
    finally:
        window.close()
        qtbot.waitUntil(lambda: window.closed, timeout=10000)


def test_build_app_on_a_file_with_db_argument(qtbot, monkeypatch, demo_store, password):
    """`tsunagari --db PATH` asks the password of that file and opens it."""
    from desktop.gui import build_app
    from ui.welcome import PasswordAnswer, PasswordDialog

    path = demo_store.path
    demo_store.close(auto_backup=False)
    monkeypatch.setattr(PasswordDialog, "ask", classmethod(
        lambda cls, parent, p, error="", allow_other=True: PasswordAnswer(PasswordDialog.OPEN, password)))
    app, window, context = build_app(["--db", str(path)], install_hook=False)
    qtbot.addWidget(window)
    assert context.store.path == path and not context.is_demo
    window.close()
    qtbot.waitUntil(lambda: window.closed, timeout=10000)
    from db.store import Store

    demo_store.__dict__.update(Store.open(path, password).__dict__)  # reopen for the fixture to close


def test_crash_hook_logs_and_does_not_block(qtbot, monkeypatch):
    """An uncaught exception is logged with its traceback and shown without blocking."""
    from desktop import gui

    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)  # as in the app: no pytest-qt hook before ours
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = logging_setup.setup_logging()
    shown = []
    logging_setup.install_excepthook(show=lambda log_path, exc: shown.append((log_path, str(exc))))
    try:
        raise RuntimeError("test crash")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert shown == [(str(path), "test crash")]
    assert "test crash" in path.read_text(encoding="utf-8")
    gui._show_crash(str(path))  # non-blocking: returns at once
    assert gui._crash_boxes and gui._crash_boxes[-1].isVisible()
    assert "思いがけない" in gui._crash_boxes[-1].text() or "unexpected" in gui._crash_boxes[-1].text()
    gui._crash_boxes[-1].close()


def test_a_full_disk_is_not_called_a_crash(qtbot, store, full_disk):
    """A write that fails for want of disk space (a real SQLITE_FULL) is explained as that."""
    from db import models as m
    from desktop import gui

    full_disk.fill()
    with pytest.raises(Exception) as failure:
        m.Block.insert_many([{"name": f"{i}班" * 40} for i in range(2000)]).execute()
    full_disk.free()
    gui._show_crash("/tmp/log.txt", failure.value)
    box = gui._crash_boxes[-1]
    assert "ディスクの空き" in box.text() or "free space" in box.text()
    box.close()


def test_demo_password_is_of_this_session_only(qtbot, monkeypatch):
    """A demo folder left by a killed session must not open with a password in our source:
    each demo has its own random password (someone may try an import of real data on it)."""
    from ui.open_flow import OpenFlow, remove_demo_folder

    flow = OpenFlow(None, None)
    first = flow.open_demo()
    first.store.close(auto_backup=False)
    second = flow.open_demo()
    second.store.close(auto_backup=False)
    try:
        assert first.password != second.password and len(first.password) >= 24
        assert first.password not in ("demo-tsunagari", "demo-password")
    finally:
        remove_demo_folder(first.temp_dir)
        remove_demo_folder(second.temp_dir)


def test_stale_demo_folders_are_removed_running_ones_kept(tmp_path):
    """Folders of killed demo sessions go at the next demo; one whose file another running
    demo holds, and one being made (no lock yet, young), stay."""
    import os
    import subprocess
    import time

    from ui.open_flow import remove_stale_demo_folders

    def folder(name, age=0.0, lock=True):
        d = tmp_path / f"tsunagari-demo-{name}"
        d.mkdir()
        (d / "demo.tsunagari").write_bytes(b"x" * 4096)
        if lock:
            (d / "demo.tsunagari.lock").write_text("")
        if age:
            os.utime(d, (time.time() - age, time.time() - age))
        return d

    killed = folder("killed", age=7200)
    running = folder("running")
    young = folder("young", lock=False)
    old_unlocked = folder("oldnolock", age=7200, lock=False)
    other = tmp_path / "someone-else"
    other.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import filelock, sys, time; l = filelock.FileLock(sys.argv[1], timeout=5); l.acquire();"
         " print('held', flush=True); time.sleep(30)", str(running / "demo.tsunagari.lock")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        removed = remove_stale_demo_folders(tmp_path)
    finally:
        holder.kill()
        holder.wait()
    assert sorted(removed) == sorted([killed, old_unlocked])
    assert running.exists() and young.exists() and other.exists()
