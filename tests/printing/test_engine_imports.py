"""A print job imports nothing for the first time on the worker thread: import_engine() on the
main thread has loaded it all (a module imported by two threads at once was once handed half
made to the emergency pack's job: a bare ImportError, a preview that never came)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import datetime as dt, sys
from db.store import Store
from desktop.printing import jobs

store = Store.open(sys.argv[1], sys.argv[2])
today = dt.date(2026, 11, 28)
jobs.import_engine()
before = set(sys.modules)
for kind in jobs.KINDS + ("ledger",):
    extra = {"sheet_id": "a-one-75210"} if kind == "labels" else {}
    job = jobs.prepare(jobs.JobRequest(kind, **extra), today=today, actor="test")
    jobs.render_bytes(job, today=today)
    if kind in ("labels", "pack"):
        jobs.output(job, sys.argv[3] + "/" + kind + ".pdf", today=today, recipient="会長", actor="test")
store.close(auto_backup=False)
print(sorted(set(sys.modules) - before))
"""


def test_every_print_kind_finds_its_modules_already_imported(demo_template, tmp_path):
    """After import_engine(), preparing, rendering and saving each kind imports no new module
    (a module added to the engine later must be added to jobs.ENGINE_MODULES)."""
    db = tmp_path / "demo.tsunagari"
    shutil.copyfile(demo_template, db)
    r = subprocess.run([sys.executable, "-c", CODE, str(db), TEST_PASSWORD, str(tmp_path)], cwd=ROOT,
                       capture_output=True, text=True, timeout=300, env={**__import__("os").environ,
                                                                        "TSUNAGARI_DATA_DIR": str(tmp_path)})
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout
