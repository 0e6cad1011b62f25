"""The app quits cleanly after its forms were used: the real entry point in a child process.

Seen by a tester (4 times in 4): Ctrl+N, save, close the window, and the process printed
"QObject: shared QObject was deleted directly" and segfaulted at interpreter exit, after
the automatic backup. Only a fresh process shows it: the crash is in PySide6's clean-up."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]

# Runs desktop.app.main as `tsunagari --db FILE` does, and exits through sys.exit like the
# installed command. A person works the window with the keyboard from timers.
SCRIPT = r"""
import sys
from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui import welcome

path, password = sys.argv[1], sys.argv[2]
names = [("終了", "しゅうりょう"), ("確認", "かくにん"), None]  # two saved, then one closed with Esc


def type_kana(edit, text):  # as an input method commits it (QTest.keyClicks is ASCII only)
    edit.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def form_open(entry):
    form = QApplication.activeModalWidget()
    if form is None or not hasattr(form, "family_name"):
        QTimer.singleShot(20, lambda: form_open(entry))
        return
    if entry is None:
        QTest.keyClick(form, Qt.Key.Key_Escape)  # nothing typed: closes without asking
        return
    form.set_household(form.household.itemData(1))  # an existing household
    type_kana(form.family_name, entry[0])
    type_kana(form.family_reading, entry[1])
    QTest.keyClick(form.family_reading, Qt.Key.Key_Return)  # 保存 is the default button


def work():
    from ui.main_window import MainWindow

    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    window.show_page("roster")
    window.activateWindow()  # Ctrl+N is a shortcut of the active window
    QTest.qWaitForWindowActive(window, 5000)
    page = window.pages["roster"]
    for n, entry in enumerate(names):
        QTimer.singleShot(0, lambda entry=entry: form_open(entry))
        # The form's exec() runs inside the key press or the click. After the first form the
        # offscreen platform may not give the window back its activation: click the button.
        if n == 0:
            QTest.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        else:
            QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        print("roster says:", page.message.text(), flush=True)
    window.close()  # the automatic backup, then the event loop ends


def ask(cls, parent, path, error="", allow_other=True):
    QTimer.singleShot(300, work)
    return welcome.PasswordAnswer(welcome.PasswordDialog.OPEN, password)


welcome.PasswordDialog.ask = classmethod(ask)
from desktop.app import main

sys.exit(main(["--db", path, "--lang", "ja"]))
"""


def test_quitting_after_adding_people_with_ctrl_n(tmp_path, demo_template, password):
    """Ctrl+N → 保存, 「人を追加」 → 保存, 「人を追加」 → Esc, close the window: the backup is made
    and the process ends with 0, without Qt's "shared QObject was deleted directly"."""
    path = tmp_path / "assoc.tsunagari"
    shutil.copyfile(demo_template, path)
    r = subprocess.run([sys.executable, "-X", "faulthandler", "-c", SCRIPT, str(path), password],
                       capture_output=True, text=True, timeout=180, cwd=str(ROOT))
    assert r.stdout.count("roster says:") == 3, r.stdout + r.stderr[-2000:]
    assert "終了" in r.stdout and "確認" in r.stdout  # both were added
    assert "shared QObject" not in r.stderr, r.stderr[-2000:]
    assert r.returncode == 0, r.stderr[-2000:]
    from db.store import Store

    store = Store.open(path, password)
    try:
        from db import models as m

        assert m.Person.select().where(m.Person.family_name.in_(["終了", "確認"])).count() == 2
        assert list(store.backup_dir.glob(f"{path.stem}*")), "the automatic backup was made at close"
    finally:
        store.close(auto_backup=False)
