"""One background helper: run_task(fn, on_done, on_error) on a one-thread writer pool.

`fn` runs in the worker thread and must not touch widgets; its result (or exception) is
signalled back and the callbacks run in the main thread. A single thread serialises writes
to the SQLCipher file (STYLE.md 11). Keep quick queries synchronous; use this for backup,
restore, import and PDF work.
"""
from __future__ import annotations

import itertools
import logging
from desktop.logging_setup import describe
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

_pool: QThreadPool | None = None
_hub: "_Hub | None" = None
_pending: dict[int, tuple[Callable | None, Callable | None]] = {}  # token -> (on_done, on_error)
_tokens = itertools.count(1)


def writer_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class _Hub(QObject):
    """One object for the life of the process, in the main thread: workers emit results to
    it (queued) with the task's token, and it calls that task's callbacks.

    There is no object per task on purpose. A per-task relay was referenced by the worker's
    closure, so the worker thread could drop the last reference and free a QObject that the
    main thread was still handling (intermittent "pure virtual method called", segfaults
    and bus errors in tests under load). Workers now hold only an int."""

    done = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self):
        super().__init__()
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    @Slot(int, object)
    def _deliver_done(self, token, result):
        on_done, _on_error = _pending.pop(token, (None, None))
        if on_done is not None:
            on_done(result)

    @Slot(int, object)
    def _deliver_failed(self, token, exc):
        _on_done, on_error = _pending.pop(token, (None, None))
        if on_error is not None:
            on_error(exc)
        else:
            log.error("background task failed", exc_info=exc)


def _get_hub() -> _Hub:
    global _hub
    if _hub is None:
        _hub = _Hub()  # created by the first run_task, i.e. in the main thread
    return _hub


def _job(fn, token: int):
    """The callable the pool runs. A plain function rather than a QRunnable subclass: Qt
    then owns and deletes its own wrapper, so no Python-owned runnable can be freed by the
    main thread's GC while the pool thread still touches it (seen as random crashes). It
    holds no Qt object of its own: only `fn` and the task's number."""

    def run() -> None:
        try:
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - everything goes back to the caller
                # With the traceback (frames, no messages: logging_setup), so a failure is
                # found from the log alone; it held only "ImportError" before.
                log.warning("background task raised %s", describe(exc), exc_info=exc)
                _hub.failed.emit(token, exc)
            else:
                _hub.done.emit(token, result)
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
    _get_hub()
    token = next(_tokens)
    _pending[token] = (on_done, on_error)
    (pool or writer_pool()).start(_job(fn, token))


def wait_for_tasks(msecs: int = 30000) -> bool:
    """Block until queued tasks have finished (used at exit and in tests)."""
    return writer_pool().waitForDone(msecs)
