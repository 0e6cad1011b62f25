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


def test_a_worker_holds_no_qt_object_and_every_result_arrives_once(qtbot):
    """What the worker thread runs holds only the function and the task's number: no Qt
    object whose last reference the worker could drop (a per-task relay freed by the worker
    crashed the main thread at random under load). 200 tasks: each callback runs once."""
    from PySide6.QtCore import QObject

    def contents(closure):
        return [cell.cell_contents for cell in closure.__closure__ or ()]

    job = tasks._job(lambda: None, 7)
    assert not any(isinstance(v, QObject) for v in contents(job)) and 7 in contents(job)
    results, errors = [], []

    def work(i):
        if i % 10 == 0:
            raise ValueError(i)
        return i

    for i in range(200):
        tasks.run_task(lambda i=i: work(i), results.append, errors.append)
    qtbot.waitUntil(lambda: len(results) + len(errors) == 200, timeout=20000)
    assert sorted(results) == [i for i in range(200) if i % 10]
    assert sorted(e.args[0] for e in errors) == list(range(0, 200, 10))
    qtbot.wait(50)
    assert len(results) + len(errors) == 200 and not tasks._pending


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


def test_the_file_dialog_speaks_japanese_all_through(qtbot, qapp):
    """Qt's own file dialog (the one the app shows where no native dialog is): its 「場所」 and
    「ファイルの種類」 labels are Japanese like its buttons, not "Look in:" and "Files of type:"."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    assert install_qt_translator("ja")
    try:
        dialog = QFileDialog(None, "", "", "つながりノートのファイル (*.tsunagari)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(dialog)
        texts = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
        assert texts["lookInLabel"] == "場所(&L):" and texts["fileTypeLabel"] == "ファイルの種類(&T):"
        assert not any("Look in" in t or "Files of" in t for t in texts.values())
    finally:
        install_qt_translator("ja")
