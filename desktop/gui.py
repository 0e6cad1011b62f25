"""The window's start-up: `run_gui(args) -> int` and `build_app(args, exec_=False)`.

Order (STYLE.md 7): logging → excepthook → organisation/app names (before any QSettings) →
QApplication, fonts and style → translators → open + migrate the file (the file lock in
db.store.Store keeps one window per file: FileInUse) → main window.
Translators come before the file here, not after: the welcome and password dialogs are
the first thing a person reads and must already speak their language.
"""
from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_DISPLAY_NAME, APP_NAME, ORG_NAME, __version__, tasks
from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _, set_language
from desktop.logging_setup import install_excepthook, setup_logging
from desktop.qt_i18n import install_qt_translator
from desktop.settings import Settings

log = logging.getLogger(__name__)

_crash_boxes: list[QMessageBox] = []


def _show_crash(log_path: str, exc: BaseException | None = None) -> None:
    """Tell the person plainly; non-blocking (show, not exec) so it can never hang the app."""
    if QApplication.instance() is None:
        return
    from desktop.messages import explain_write_error, is_write_failure

    if exc is not None and is_write_failure(exc):
        # Not a bug: the disk is full or gone. SQLite kept the file as it was before the change.
        text = explain_write_error(exc)
    else:
        text = _("Sorry, something unexpected went wrong. Your data is safe up to the last change you saw saved.")
    box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME, text)
    box.setInformativeText(_(
        "If it happens again, please pass on this file to whoever helps you with the app:\n%s"
    ) % log_path)
    _crash_boxes.append(box)
    box.finished.connect(lambda _r, b=box: _crash_boxes.remove(b) if b in _crash_boxes else None)
    box.show()


def _parse(argv_args) -> argparse.Namespace:
    if isinstance(argv_args, argparse.Namespace):
        return argv_args
    from desktop import cli

    return cli.parse(list(argv_args or []))


def build_app(argv_args=None, *, exec_: bool = False, install_hook: bool = True):
    """Build the application and window without entering the event loop.

    Returns (QApplication, MainWindow | None, AppContext | None); the window is None when
    the person closed the start-up dialogs. With exec_=True, runs the event loop and
    returns its exit code instead.
    """
    args = _parse(argv_args)
    log_path = setup_logging()
    log.info("starting tsunagari %s (python %s)", __version__, sys.version.split()[0])
    if install_hook:
        install_excepthook(show=_show_crash)
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    from desktop.qt_guard import collect_garbage_on_main_thread, delete_windows_at_exit, guard_none_refcount

    guard_none_refcount()  # before any widget: PySide6 6.12 on Python 3.11 leaks None
    collect_garbage_on_main_thread()  # Qt objects must never be freed by a worker thread's GC
    delete_windows_at_exit()  # windows go parents first at exit, not in PySide6's random order

    from ui import style  # Qt widgets are importable only now that the app exists

    settings = Settings()
    language = set_language(getattr(args, "lang", None) or settings.get(options.LANGUAGE))
    install_qt_translator(language)
    style.apply(app, settings.get(options.LARGE_TEXT))
    from ui.widgets import one_click

    one_click.install(app)  # a double-clicked button acts once
    log.info("settings %s, log %s, language %s", settings.file_name, log_path, language)

    from ui.open_flow import OpenFlow

    opened = OpenFlow(settings).start(args)
    if opened is None:
        log.info("no file opened; leaving")
        return 0 if exec_ else (app, None, None)
    context = AppContext(
        store=opened.store, settings=settings, password=opened.password,
        is_demo=opened.is_demo, temp_dir=opened.temp_dir,
    )
    from ui.main_window import MainWindow

    window = MainWindow(context)
    window.show()
    log.info("main window shown")
    if getattr(args, "smoke_test", False):
        # Packaging check: open, let the first events run, then close the normal way.
        from PySide6.QtCore import QTimer

        QTimer.singleShot(1500, window.close)
    if not exec_:
        return app, window, context
    code = app.exec()
    tasks.wait_for_tasks()
    if context.store is not None:  # the loop ended without the window's own close
        context.store.close(auto_backup=not context.is_demo)
    return code


def run_gui(args) -> int:
    """Called by desktop.app.main when no subcommand is given."""
    return build_app(args, exec_=True)
