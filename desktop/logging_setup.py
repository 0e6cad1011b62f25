"""Logging to a rotating file in the user log dir, and a crash hook that never blocks.

TSUNAGARI_LOG_STDOUT=1 mirrors the log to stdout. The excepthook logs the traceback and
shows a plain Japanese message with the log's location; it never calls input() (a windowed
build has no console) and sends nothing anywhere.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from desktop import paths

LOG_FILE_NAME = "tsunagari.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("tsunagari")


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach our handlers to the root logger once; return the log file's path."""
    path = log_file()
    root = logging.getLogger()
    if any(getattr(h, "_tsunagari", False) and getattr(h, "baseFilename", "") == str(path) for h in root.handlers):
        return path
    for handler in [h for h in root.handlers if getattr(h, "_tsunagari", False)]:
        root.removeHandler(handler)  # a test moved the data dir: follow it
        handler.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    ]
    if os.environ.get("TSUNAGARI_LOG_STDOUT") == "1" and sys.stdout is not None:
        handlers.append(logging.StreamHandler(sys.stdout))
    for handler in handlers:
        handler._tsunagari = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path


def install_excepthook(show: Callable[[str, BaseException], None] | None = None) -> None:
    """Log uncaught exceptions (main and worker threads) and tell the person.

    `show(log_path, exc)` displays the message; it must not block (use QMessageBox.show()).
    A previous custom hook (pytest-qt's, a debugger's) is still called afterwards.
    """
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            return
        log.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        if show is not None:
            try:
                show(str(log_file()), exc)
            except Exception:  # the crash dialog itself must never crash the app
                log.exception("could not show the crash message")
        if previous not in (sys.__excepthook__, hook):
            previous(exc_type, exc, tb)

    def thread_hook(args):
        log.critical("uncaught exception in thread %s", args.thread, exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = hook
    threading.excepthook = thread_hook
