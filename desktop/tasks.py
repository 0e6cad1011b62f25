"""One background helper: run_task(fn, on_done, on_error) on a one-thread writer pool.

`fn` runs in the worker thread and must not touch widgets; its result (or exception) is
signalled back and the callbacks run in the main thread. A single thread serialises writes
to the SQLCipher file (STYLE.md 11). Keep quick queries synchronous; use this for backup,
restore, import and PDF work.
"""
from __future__ import annotations

import logging
from desktop.logging_setup import describe
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

_pool: QThreadPool | None = None
_live: set["_Relay"] = set()  # keep relays alive until their result is delivered


def writer_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class _Relay(QObject):
    """Lives in the main thread; signals emitted by the worker are queued to it.

    Owned by the application object, not by Python: the worker's closure holds a Python
    reference too, and when the worker let go of the last one after delivery, the QObject
    was deleted in the worker thread while the main thread could still be inside its event
    handling (intermittent "pure virtual method called" / segfaults under load). Now only
    deleteLater(), run by the main thread after delivery, frees it."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done, on_error):
        super().__init__(QCoreApplication.instance())
        self._on_done, self._on_error = on_done, on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    def _release(self) -> None:
        _live.discard(self)
        if self.parent() is not None:
            self.deleteLater()

    @Slot(object)
    def _deliver_done(self, result):
        self._release()
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _deliver_failed(self, exc):
        self._release()
        if self._on_error is not None:
            self._on_error(exc)
        else:
            log.error("background task failed", exc_info=exc)


def _job(fn, relay: "_Relay"):
    """The callable the pool runs. A plain function rather than a QRunnable subclass: Qt
    then owns and deletes its own wrapper, so no Python-owned runnable can be freed by the
    main thread's GC while the pool thread still touches it (seen as random crashes)."""

    def run() -> None:
        try:
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - everything goes back to the caller
                log.warning("background task raised %s", describe(exc))
                relay.failed.emit(exc)
            else:
                relay.done.emit(result)
        except RuntimeError:  # the receiver is gone (the app is shutting down)
            log.warning("a background task finished after its receiver was deleted")
        finally:
            _close_thread_connection()

    return run


def _close_thread_connection() -> None:
    # peewee keeps one connection per thread; close the worker's so no handle on the
    # file outlives the task (a restore replaces the file, a close releases its lock).
    from db.database import db

    if not db.is_closed():
        db.close()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    pool: QThreadPool | None = None,
) -> None:
    """Run fn() in the background; call on_done(result) or on_error(exc) in the main thread."""
    relay = _Relay(on_done, on_error)
    _live.add(relay)
    (pool or writer_pool()).start(_job(fn, relay))


def wait_for_tasks(msecs: int = 30000) -> bool:
    """Block until queued tasks have finished (used at exit and in tests)."""
    return writer_pool().waitForDone(msecs)
