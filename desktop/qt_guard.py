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


# -- the cyclic garbage collector runs on the GUI thread only ---------------------------------

_collector = None


def collect_garbage_on_main_thread(interval_ms: int = 200) -> bool:
    """Turn off automatic cyclic GC and run it from a timer on the GUI thread instead.

    CPython starts a collection in whichever thread happens to allocate. When that is the
    worker thread (reading a workbook, writing a PDF) and the garbage holds Qt wrappers (a
    closed dialog and the lambdas connected to it), Qt objects are destroyed off the GUI
    thread and the process crashes (seen: a segfault while openpyxl parsed in the worker).
    Collecting only here keeps every Qt deletion on the GUI thread. Returns True when installed (once per process; needs a QApplication).
    """
    global _collector
    if _collector is not None:
        return True
    import gc
    import time

    from PySide6.QtCore import QCoreApplication, QTimer

    app = QCoreApplication.instance()
    if app is None:
        return False
    threshold = gc.get_threshold()
    last_full = [time.monotonic()]

    def check() -> None:
        # Each tick collects the young generation (cheap: only objects made since the last
        # tick), the middle one every threshold[1] ticks, and the whole heap at most once a
        # minute, as CPython's own schedule would with steady allocation.
        count0, count1, count2 = gc.get_count()
        if count2 > threshold[2] and time.monotonic() - last_full[0] > 60:
            gc.collect(2)
            last_full[0] = time.monotonic()
        elif count1 > threshold[1]:
            gc.collect(1)
        elif count0 > 0:
            gc.collect(0)

    gc.disable()
    timer = QTimer(app)
    timer.timeout.connect(check)
    timer.start(interval_ms)
    _collector = timer
    return True


# -- windows are deleted before PySide6's own clean-up at exit ---------------------------------

_TEARDOWN_REGISTERED = False


def delete_windows() -> int:
    """Delete every window Python owns, each with everything in it; return how many.

    At interpreter exit PySide6 deletes the Qt objects Python still owns one by one, in the
    order of an address hash, children before parents as likely as not. When a child's
    deletion frees a lambda that held the last reference to a window (a dialog after its
    exec(), which PySide6 hands to Python), that window is deleted from inside the child's
    destructor and deletes the child a second time: "QObject: shared QObject was deleted
    directly" and a segfault. Deleting whole windows first, parents before children as Qt
    does, leaves nothing for that sweep to get wrong.
    """
    import shiboken6
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return 0
    deleted = 0
    for widget in QApplication.topLevelWidgets():  # a list: holds each wrapper while we go
        # Windows Qt made itself (tooltips, popups) are Qt's to delete; a dialog with a parent
        # goes with that parent.
        if (shiboken6.isValid(widget) and shiboken6.ownedByPython(widget)
                and widget.parentWidget() is None):
            shiboken6.delete(widget)
            deleted += 1
    return deleted


def delete_windows_at_exit() -> bool:
    """Run delete_windows() at interpreter exit, before PySide6's clean-up (once per process).

    atexit calls the last registered first, and PySide6 registers its clean-up when QtCore is
    imported, so this has to be called after that import (build_app does)."""
    global _TEARDOWN_REGISTERED
    if not _TEARDOWN_REGISTERED:
        import atexit
        import importlib

        importlib.import_module("PySide6.QtCore")  # PySide6's clean-up is registered first
        atexit.register(delete_windows)
        _TEARDOWN_REGISTERED = True
    return _TEARDOWN_REGISTERED
