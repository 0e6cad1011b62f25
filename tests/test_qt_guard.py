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
