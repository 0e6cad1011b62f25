"""Import of a 20,000-row CSV vs the csv module + a bulk insert of the same rows.

Both run in the same process on fresh encrypted files: the baseline parses with
csv.reader and inserts every row with one executemany (no checks, no households); ours
reads (encoding detection), finds the header, checks and normalises every value, forms
households, looks for duplicates and writes in one transaction.
"""
from __future__ import annotations

import csv
import datetime as dt
import time

from common import OUT, PASSWORD, median

NAME = "import"
TITLE = "Import: 20,000-row CSV vs csv module + bulk insert"
ROWS = 20000


def _make_csv(path):
    lines = ["氏名,ふりがな,〒,住所,電話,携帯,生年月日,班,世帯主\n"]
    for i in range(ROWS):
        born = dt.date(1930, 1, 1) + dt.timedelta(days=i)
        lines.append(f"港 人{i},みなと ひと,108-0075,東京都港区港南1丁目{i // 2}-1,03-5471-{i // 2 % 10000:04d},"
                     f"090-1111-{i % 10000:04d},{born:%Y/%m/%d},{i % 9 + 1}班,{'○' if i % 2 == 0 else ''}\n")
    path.write_text("".join(lines), encoding="utf-8")


def _fresh(name):
    from db.store import Store

    path = OUT / name
    for extra in ("", "-wal", "-shm", ".lock"):
        (OUT / (name + extra)).unlink(missing_ok=True)
    return Store.open(path, PASSWORD, create=True, name="bench")


def _baseline(path) -> float:
    from db.database import db

    store = _fresh("import-baseline.tsunagari")
    try:
        t = time.perf_counter()
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))[1:]
        with db.atomic():
            db.cursor().executemany(
                "INSERT INTO person (uuid, created_at, updated_at, family_name, given_name, family_reading, given_reading,"
                " sex, mobile, email, relation, is_head, household_order, roles, status, notes, sort_key, search_text,"
                " birth_date) VALUES (?, '2026-01-01', '2026-01-01', ?, '', ?, '', '', ?, '', '', 0, 0, '', 'member',"
                " ?, '', '', ?)",
                [(f"b{i}", r[0], r[1], r[5], r[3], r[6]) for i, r in enumerate(rows)])
        return time.perf_counter() - t
    finally:
        store.close(auto_backup=False)


def _ours(path) -> float:
    from desktop.services import importer, tabular

    store = _fresh("import-ours.tsunagari")
    try:
        t = time.perf_counter()
        plan = importer.plan_import(tabular.read_table(path))
        importer.commit(plan)
        return time.perf_counter() - t
    finally:
        store.close(auto_backup=False)


def run() -> list[dict]:
    OUT.mkdir(exist_ok=True)
    path = OUT / "import-20000.csv"
    _make_csv(path)
    base = [_baseline(path) for _ in range(3)]
    ours = [_ours(path) for _ in range(3)]
    b, o = median(base), median(ours)
    return [
        {"metric": "csv.reader + executemany, 20,000 rows (median of 3)", "value": b, "unit": "s"},
        {"metric": "tsunagari import (read, check, households, duplicates, write), 20,000 rows (median of 3)",
         "value": o, "unit": "s", "baseline": b, "ratio": o / b, "target": "≤ 2×", "ok": o / b <= 2},
    ]

NOTES = """
Not met. The checked import of 20,000 rows takes about 1 s here against ~0.15 s for the
bare csv + executemany loop. The write is two executemany calls (~0.15 s); the rest is
the per-row checks in Python that the baseline does not do: name split, reading to
hiragana, two phone numbers by the area-code plan, postal code, 和暦/西暦 date, address
split, 五十音 key, folded search text, duplicate keys, household grouping. It went from
6.8 s to ~1 s (ids allocated in the transaction; cached phone rules; per-file header
look-ups). Next: check rows in a worker process while the first ones are written, and
memoise the per-value rules that repeat across rows (postal codes, addresses, readings).
"""
