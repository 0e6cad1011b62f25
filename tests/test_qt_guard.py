"""The None-refcount guard keeps a long Qt session alive (desktop/qt_guard.py)."""
from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
from desktop.qt_guard import guard_none_refcount, leaks_none
guarded = guard_none_refcount()
label = QLabel()
for i in range(20000):   # far more than None's natural reference count
    label.setText(str(i))
print("alive", guarded, leaks_none(), sys.getrefcount(True) > 1 << 39 if guarded else "-")
"""


def test_many_qt_calls_do_not_abort_the_process():
    """20,000 None-returning Qt calls in one process finish normally with the guard on."""
    r = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120,
                       env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, cwd=str(__import__("pathlib").Path(__file__).parents[1]))
    assert r.returncode == 0, r.stderr[-1000:]
    assert r.stdout.startswith("alive")


GC_CODE = """
import gc, sys, threading, weakref
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.qt_guard import collect_garbage_on_main_thread
assert collect_garbage_on_main_thread() and not gc.isenabled()
collected_in = []

class Holder(QObject):
    def __del__(self):
        collected_in.append(threading.current_thread() is threading.main_thread())

def make_garbage():
    h = Holder()
    h.me = h  # a cycle: only the cyclic collector frees it
    return weakref.ref(h)

refs = [make_garbage() for _ in range(50)]

def worker():  # allocates far past the gen-0 threshold, as openpyxl does
    junk = [[i] * 3 for i in range(300000)]
    return len(junk)

t = threading.Thread(target=worker)
t.start(); t.join()
before = sum(r() is None for r in refs)
QTimer.singleShot(700, app.quit)
app.exec()
after = sum(r() is None for r in refs)
print("result", before, after, all(collected_in), len(collected_in))
"""


def test_cyclic_garbage_is_collected_on_the_gui_thread_only():
    """With the collector installed, a worker thread's allocations do not collect (and so do
    not destroy Qt objects there); the GUI thread's timer collects them soon after."""
    r = subprocess.run([sys.executable, "-c", GC_CODE], capture_output=True, text=True, timeout=120,
                       env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, cwd=str(__import__("pathlib").Path(__file__).parents[1]))
    assert r.returncode == 0, r.stderr[-1000:]
    _word, before, after, on_main, count = r.stdout.split()
    assert before == "0"  # the worker allocated 300,000 lists and collected nothing
    assert after == "50" and on_main == "True" and count == "50"


EXIT_CODE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QMainWindow, QPushButton, QVBoxLayout
app = QApplication([])
from desktop.qt_guard import delete_windows_at_exit
assert delete_windows_at_exit()
window = QMainWindow()

class Form(QDialog):
    def __init__(self, parent):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        row = QHBoxLayout()               # a row filled before it joins the dialog:
        self.button = QPushButton("OK")   # PySide6 leaves the button owned by Python
        row.addWidget(self.button)
        outer.addLayout(row)
        self.button.clicked.connect(lambda: self.accept())  # the lambda holds the dialog

for _ in range(20):
    form = Form(window)
    QTimer.singleShot(0, form.accept)
    form.exec()                           # PySide6 hands the dialog to Python here
del form                                  # each form lives on through its lambda
print("quitting", flush=True)
"""


def test_windows_go_before_pyside_cleans_up_at_exit():
    """Dialogs kept alive by a lambda after exec() are deleted with their window, parents first,
    before PySide6's own clean-up (which, without this, segfaults at exit: 10 runs in 10)."""
    r = subprocess.run([sys.executable, "-c", EXIT_CODE], capture_output=True, text=True, timeout=120,
                       env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, cwd=str(__import__("pathlib").Path(__file__).parents[1]))
    assert r.stdout.strip() == "quitting", r.stderr[-1000:]
    assert "shared QObject" not in r.stderr, r.stderr[-1000:]
    assert r.returncode == 0, r.stderr[-1000:]
