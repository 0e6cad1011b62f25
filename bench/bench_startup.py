"""Cold start: process launch → main window shown, on a 20,000-person file.

Baseline: a bare PySide6 QMainWindow shown by a fresh process in the same run. Both are
timed by this parent from Popen() until the child prints SHOWN after the first event
loop pass, so interpreter start-up and imports count for both.
"""
from __future__ import annotations

import subprocess
import sys
import time

from common import PASSWORD, ROOT, demo_db, env, median

NAME = "startup"
TITLE = "Start-up: main window on a 20,000-person file vs a bare PySide6 window"
RUNS = 5

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1100, 750); w.show()
app.processEvents()
print("SHOWN", flush=True)
"""

APP = """
import sys
from ui.welcome import PasswordDialog
class _Answer:
    action = PasswordDialog.OPEN
    password = {password!r}
PasswordDialog.ask = classmethod(lambda cls, *a, **k: _Answer())
from desktop.gui import build_app
app, window, ctx = build_app(["--db", {path!r}], install_hook=False)
assert window is not None
app.processEvents()
print("SHOWN", flush=True)
ctx.store.close(auto_backup=False)
"""


def _time(code: str) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env(), stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.startswith("SHOWN"):
            elapsed = time.perf_counter() - start
            break
    else:
        proc.wait()
        raise RuntimeError("child did not show a window")
    proc.wait(timeout=120)
    return elapsed


def run() -> list[dict]:
    path = demo_db(20000)
    app_code = APP.format(password=PASSWORD, path=str(path))
    _time(BARE)  # warm the OS file cache for both
    _time(app_code)
    bare = [_time(BARE) for _ in range(RUNS)]
    ours = [_time(app_code) for _ in range(RUNS)]
    b, o = median(bare), median(ours)
    return [
        {"metric": "bare PySide6 window (median of 5)", "value": b, "unit": "s"},
        {"metric": "つながりノート main window, 20,000 people (median of 5)", "value": o, "unit": "s",
         "baseline": b, "ratio": o / b, "target": "reported", "ok": None},
    ]

NOTES = """
What the start-up spends (cProfile, 20,000 people): key derivation + SQLCipher HMAC and
SQLite integrity checks ~0.4 s, building the pages ~1.1 s (the roster's one query of all
people ~0.3 s, the register page ~0.3 s, the home page's follow-up list ~0.2 s), imports
~0.2 s. It was 2.8 s until the register rows were read as tuples instead of peewee model
graphs, the home page stopped reading everything twice, and the register table sized its
columns from its first 60 rows. Next: build the pages that are not shown on first use.
"""
