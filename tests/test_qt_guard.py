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
