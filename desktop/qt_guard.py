"""Guard against reference leaks on None (and True/False) in PySide6 6.12.0 under Python 3.11.

Observed here (PySide6-Essentials 6.12.0, CPython 3.11.7): every Qt method that returns
None (setText, setEnabled, addItem, setObjectName, ...) drops one reference to None.
After a few thousand calls — minutes of normal use, or filling one big combo box —
CPython frees None and aborts with "Fatal Python error: none_dealloc". PySide6-Pdf, which
the print preview needs, exists only for 6.12, so we cannot step back to an older
PySide6. Python 3.12+ makes None immortal and is not affected.

The guard measures the leak at start-up (a probe of 64 calls) and, only when it is there,
adds a very large number to None's reference count so it can never reach zero in the life
of the process. It changes nothing else. Remove it when PySide6 fixes the leak.
"""
from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_PINNED = False
_RESERVE = 1 << 40  # ~10^12 leaked calls before it could matter


def leaks_none(calls: int = 64) -> int:
    """How many references to None `calls` None-returning Qt calls lose (0 when healthy)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("probe")
    return max(0, before - sys.getrefcount(None))


def guard_none_refcount() -> bool:
    """Pin None's reference count if this PySide6 leaks it; True if the guard was applied."""
    global _PINNED
    if _PINNED or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _PINNED
    lost = leaks_none()
    if lost:
        # ob_refcnt is the first field of every CPython object (Include/object.h).
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
        _PINNED = True
        log.warning("PySide6 leaks references to None (%d per 64 calls); None/True/False were pinned", lost)
    return _PINNED
