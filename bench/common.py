"""Helpers the benchmarks share: demo databases cached in bench/out, timing, RSS."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PASSWORD = "bench-password-1"


def demo_db(people: int, years: int = 1) -> Path:
    """A demo association of `people`, made once and reused (delete bench/out to remake)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"demo-{people}-{years}y.tsunagari"
    if not path.exists():
        code = (
            "from db.store import Store\nfrom desktop.services import demo\n"
            f"s = Store.open({str(path)!r}, {PASSWORD!r}, create=True, name=demo.ASSOCIATION_NAME)\n"
            f"demo.generate(people={people}, seed=1, years={years})\ns.close(auto_backup=False)\n"
        )
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return path


def median(xs):
    return statistics.median(xs)


def env(**extra) -> dict:
    e = dict(os.environ)
    e.setdefault("QT_QPA_PLATFORM", "offscreen")
    e["TSUNAGARI_PASSWORD"] = PASSWORD
    e.update(extra)
    return e
