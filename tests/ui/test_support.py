"""Background tasks, the delayed progress dialog, date display and the Qt translator."""
from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop import tasks
from desktop.i18n import set_language
from desktop.qt_i18n import install_qt_translator
from desktop.settings import DATE_SEIREKI, DATE_WAREKI
from ui.dates import format_date
from ui.progress import DelayedProgress, run_with_progress


def test_run_task_delivers_the_result_on_the_main_thread(qtbot):
    """fn runs in a worker; on_done gets its result in the main thread."""
    main = threading.get_ident()
    seen = []
    tasks.run_task(lambda: threading.get_ident(), lambda worker: seen.append((worker, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    worker, where = seen[0]
    assert worker != main and where == main


def test_run_task_delivers_errors(qtbot):
    """An exception in fn reaches on_error, not the console."""
    errors = []

    def boom():
        raise ValueError("no")

    tasks.run_task(boom, lambda r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError)


def test_a_task_relay_is_freed_by_the_main_thread_only(qtbot, qapp):
    """The object that carries a result back belongs to the application and is deleted by
    the main thread after delivery, never by the worker letting go of its last reference
    (that deleted it under the main thread's feet: random crashes in tests under load)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    main = threading.get_ident()
    before = set(qapp.findChildren(tasks._Relay))
    deleted_in = []
    results = []
    for i in range(20):
        tasks.run_task(lambda i=i: i, results.append)
    relays = [r for r in qapp.findChildren(tasks._Relay) if r not in before]
    assert len(relays) == 20  # owned by the application, not by a Python reference
    for relay in relays:
        relay.destroyed.connect(lambda *_: deleted_in.append(threading.get_ident()))
    qtbot.waitUntil(lambda: len(results) == 20, timeout=10000)
    tasks.wait_for_tasks()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert sorted(results) == list(range(20)) and deleted_in == [main] * 20
    assert set(qapp.findChildren(tasks._Relay)) <= before


def test_writer_pool_runs_one_task_at_a_time():
    """Writes are serialised: the pool has one thread."""
    assert tasks.writer_pool().maxThreadCount() == 1


def test_progress_appears_only_after_a_delay(qtbot):
    """Quick work shows nothing; slow work shows the dialog after the delay."""
    progress = DelayedProgress(None, "…", delay_ms=200, cancellable=True)
    assert not progress.dialog.isVisible()
    qtbot.waitUntil(progress.dialog.isVisible, timeout=3000)
    assert progress.shown
    qtbot.mouseClick(progress.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert progress.cancelled
    progress.finish()


def test_run_with_progress_hides_quick_work(qtbot):
    """A task that ends before the delay never shows a dialog."""
    results = []
    progress = run_with_progress(None, "…", lambda: 42, results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert not progress.shown


def test_dates_in_wareki_and_seireki():
    """Dates read as 令和8年11月28日(土) or 2026年11月28日; the first era year is 元年."""
    day = dt.date(2026, 11, 28)
    assert format_date(day, DATE_WAREKI, weekday=True) == "令和8年11月28日（土）"
    assert format_date(day, DATE_SEIREKI) == "2026年11月28日"
    assert format_date(dt.date(2019, 5, 1), DATE_WAREKI) == "令和元年5月1日"
    assert format_date(dt.date(1948, 4, 5), DATE_WAREKI) == "昭和23年4月5日"
    set_language("en")
    assert format_date(day, DATE_SEIREKI) == "28 Nov 2026"
    set_language("ja")


def test_qt_translator_loads_qtbase(qapp):
    """qtbase_ja.qm is found in PySide6's translations folder."""
    assert install_qt_translator("ja")
    assert install_qt_translator("en") in (True, False)  # an English .qm may be absent; no error
    install_qt_translator("ja")
