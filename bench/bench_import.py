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


# Synthetic, but shaped like a real roster: households of 1-4 sharing a surname, address and
# landline; ~600 surnames (a town of 20,000 has thousands; the demo pool has 55), given names
# from the demo pool; dates in 西暦 and 和暦 as people type them; some cells left blank.
_FAMILY_HEAD = [("山", "やま"), ("川", "かわ"), ("中", "なか"), ("小", "こ"), ("大", "おお"), ("石", "いし"),
                ("高", "たか"), ("松", "まつ"), ("竹", "たけ"), ("森", "もり"), ("岡", "おか"), ("村", "むら"),
                ("木", "き"), ("井", "い"), ("藤", "ふじ"), ("吉", "よし"), ("西", "にし"), ("東", "ひがし"),
                ("北", "きた"), ("南", "みなみ"), ("上", "うえ"), ("今", "いま"), ("長", "なが"), ("福", "ふく"),
                ("野", "の"), ("原", "はら"), ("宮", "みや"), ("池", "いけ"), ("菊", "きく"), ("桜", "さくら")]
_FAMILY_TAIL = [("田", "だ"), ("川", "かわ"), ("本", "もと"), ("村", "むら"), ("井", "い"), ("野", "の"),
                ("山", "やま"), ("口", "ぐち"), ("島", "しま"), ("崎", "ざき"), ("沢", "さわ"), ("原", "はら"),
                ("谷", "たに"), ("部", "べ"), ("内", "うち"), ("尾", "お"), ("木", "き"), ("橋", "はし"),
                ("藤", "ふじ"), ("岡", "おか")]


def _make_csv(path):
    import random

    from desktop.services import demo

    rng = random.Random(8)
    given = demo.FEMALE_GIVEN + demo.MALE_GIVEN
    lines = ["氏名,ふりがな,〒,住所,電話,携帯,生年月日,班,世帯主\n"]
    n = household = 0
    while n < ROWS:
        household += 1
        (h1, r1), (h2, r2) = rng.choice(_FAMILY_HEAD), rng.choice(_FAMILY_TAIL)
        postal, town = rng.choice(demo.TOWNS)
        address = f"{town}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
        if rng.random() < 0.3:
            address += f" {rng.choice(demo.BUILDINGS)}{rng.randint(1, 12)}0{rng.randint(1, 9)}"
        landline = f"03-{rng.randint(5000, 6999)}-{rng.randint(0, 9999):04d}" if rng.random() < 0.7 else ""
        block = f"{rng.randint(1, 40)}班"
        size = min(rng.choice((1, 1, 2, 2, 2, 3, 3, 4)), ROWS - n)
        for k, (g, gr) in enumerate(rng.sample(given, size)):
            mobile = f"0{rng.choice('987')}0-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}" if rng.random() < 0.6 else ""
            born = dt.date(1925, 1, 1) + dt.timedelta(days=rng.randint(0, 34000))
            style = rng.random()
            if style < 0.6:
                birth = f"{born:%Y/%m/%d}"
            elif style < 0.8 and born.year >= 1927 and born < dt.date(1989, 1, 7):
                birth = f"S{born.year - 1925}.{born.month}.{born.day}"
            elif style < 0.9:
                birth = f"{born.year}年{born.month}月{born.day}日"
            else:
                birth = ""
            lines.append(f"{h1}{h2} {g},{r1}{r2} {gr},{postal[:3]}-{postal[3:]},{address},{landline},{mobile},"
                         f"{birth},{block},{'○' if k == 0 else ''}\n")
            n += 1
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


_HOUSEHOLD_COLS = ("id, uuid, created_at, updated_at, postal_code, address1, address2, address3, landline,"
                   " block_id, notes, import_batch_id")
_PERSON_COLS = ("uuid, created_at, updated_at, household_id, family_name, given_name, family_reading, given_reading,"
                " birth_date, sex, mobile, email, relation, is_head, household_order, roles, status, notes, sort_key,"
                " search_text, import_batch_id")


def _ours(path, written: dict | None = None) -> float:
    from db.database import db
    from desktop.services import importer, tabular

    from desktop import jtext

    store = _fresh("import-ours.tsunagari")
    try:
        jtext.clear_caches()  # every run starts cold, as a person's first import does
        t = time.perf_counter()
        plan = importer.plan_import(tabular.read_table(path))
        importer.commit(plan)
        elapsed = time.perf_counter() - t
        if written is not None:  # what the import wrote, for the floor measurement
            written["household"] = db.execute_sql(f"SELECT {_HOUSEHOLD_COLS} FROM household").fetchall()
            written["person"] = db.execute_sql(f"SELECT {_PERSON_COLS} FROM person").fetchall()
            written["blocks"] = db.execute_sql("SELECT id, name, position FROM block").fetchall()
        return elapsed
    finally:
        store.close(auto_backup=False)


def _floor(path, written: dict) -> float:
    """csv.reader plus one executemany each of the exact household and person rows the import
    writes (already built): what any import of this file pays before checking a single value."""
    from db import models as m
    from db.database import db

    store = _fresh("import-baseline.tsunagari")
    try:
        m.ImportBatch.create(source="bench")
        for bid, name, position in written["blocks"]:
            m.Block.create(id=bid, name=name, position=position)
        t = time.perf_counter()
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))[1:]
        with db.atomic():
            cursor = db.cursor()
            cursor.executemany(f"INSERT INTO household ({_HOUSEHOLD_COLS}) VALUES ({','.join('?' * 12)})",
                               written["household"])
            cursor.executemany(f"INSERT INTO person ({_PERSON_COLS}) VALUES ({','.join('?' * 21)})",
                               written["person"])
        elapsed = time.perf_counter() - t
        return elapsed
    finally:
        store.close(auto_backup=False)


def run() -> list[dict]:
    OUT.mkdir(exist_ok=True)
    path = OUT / "import-20000.csv"
    _make_csv(path)
    written: dict = {}
    base = [_baseline(path) for _ in range(3)]
    ours = [_ours(path, written) for _ in range(3)]
    floor = [_floor(path, written) for _ in range(3)]
    b, o, f = median(base), median(ours), median(floor)
    return [
        {"metric": "csv.reader + executemany, 20,000 rows (median of 3)", "value": b, "unit": "s"},
        {"metric": f"floor: csv.reader + executemany of the {len(written['household'])} household and "
                   f"{len(written['person'])} person rows the import writes, prebuilt (median of 3)",
         "value": f, "unit": "s", "baseline": b, "ratio": f / b},
        {"metric": "tsunagari import (read, check, households, duplicates, write), 20,000 rows (median of 3)",
         "value": o, "unit": "s", "baseline": b, "ratio": o / b, "target": "≤ 2×", "ok": o / b <= 2},
    ]



NOTES = """
Not met: about 7× against a target of 2×, and the floor row shows why 2× cannot be
reached with checks written in Python. Writing the very rows the import produces (8,855
households and 20,000 people with their uuids, 五十音 keys and search text, prebuilt),
after csv.reader, already takes 1.8–2× the baseline: the baseline writes one narrower table
with placeholder keys and no households. That leaves ~0.02 s, about 1 µs a row, for reading
every value, splitting names and addresses, the reading in hiragana, two phone numbers by
the area-code plan, the postal code, 西暦/和暦 dates, duplicates and households.

History (this machine): 6.8 s at first; ~1.0 s with ids allocated in the transaction and
two executemany calls; ~0.74 s on 2026-11-28 on the file below, every run starting with empty caches
(1.03 s for the previous code on the same file, whose phone cache stayed warm between the
three runs): a fast path for phone numbers written as digits and hyphens, memoised
per-value rules (readings, 五十音 keys, folding, postal codes, addresses), UUIDs made
without building a uuid.UUID, no second phone parse for search text, and the cyclic
garbage collector paused while rows are checked and written (it walked the 20,000 rows
again and again: ~0.1 s). On 2026-11-29 the checks that testing showed real rosters need
(〃 and なし marks, family rows joining the household above, 班-scoped household numbers,
section titles and totals, status words, kana composition, reading and birth-year checks)
added ~0.15 s: ~0.9 s. Later on 2026-11-29 (roles, households joining the roster's, register
records noted in the batch, blocks matched by folded name): 0.81-0.84 s, 7.2-7.4x. In the
afternoon session: all UUIDs from one os.urandom call and 五十音 keys memoised per reading
(-8% of the import), while merges taking 班/status, stand-in heads and new-班長 rules were
added: 0.83 s, 7.1x. A line profile puts the rest in the per-row checks (~12 µs a row, the
phone rules the largest at ~2.5 µs) and ~0.2 s of Python building and writing rows; no
single step is large enough that removing it would approach 2x. In the evening session
(next year's 班長 taking over, roster people missing from the file, rows in no 班, new
addresses and phones flagged, one person moving out): 0.82 s, 7.2x, the same as before.

The CSV is synthetic but shaped like a real roster: households of 1-4 sharing surname,
address and landline; ~600 surnames; given names from the demo pool; dates in 西暦 and
和暦 as people type them; blanks. (Until 2026-11-28 every row had the same reading, which
would have flattered the memoised rules.)
"""
