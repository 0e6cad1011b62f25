"""Logging to a rotating file in the user log dir, and a crash hook that never blocks.

TSUNAGARI_LOG_STDOUT=1 mirrors the log to stdout. The excepthook logs the traceback and
shows a plain Japanese message with the log's location; it never calls input() (a windowed
build has no console) and sends nothing anywhere.

The log is outside the encrypted file and the crash message asks people to hand it to whoever
helps them, so it holds no personal data: exceptions are logged by type, short code and
traceback, never by their message (an export's refusal lists names, an import error a cell's
value); code logs an exception with describe(exc), not %r. The log is readable by its owner only.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from desktop import paths

LOG_FILE_NAME = "tsunagari.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("tsunagari")


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE_NAME


def describe(exc: BaseException) -> str:
    """An exception for the log without its message: its type and short code (ExportError(not_in_cp932)).

    An ImportError keeps its message: Python writes it from module names (a file's name at most,
    never its folder here), not from anyone's data, and without it the log only said
    "ImportError" when a print job failed."""
    code = getattr(exc, "code", None)
    name = type(exc).__name__
    if isinstance(exc, ImportError):
        return f"{name}: {_import_message(exc)}"
    return f"{name}({code})" if isinstance(code, (str, int)) and not isinstance(code, bool) else name


def _import_message(exc: ImportError) -> str:
    text = str(exc.msg if getattr(exc, "msg", None) else exc)
    where = getattr(exc, "path", None)
    if where:  # the folder may hold a user name (C:\Users\…): the file's name is enough
        text = text.replace(str(where), os.path.basename(str(where)))
    return text


def _unlogged(exc: BaseException) -> str:
    """What a traceback says in place of the message that is not logged."""
    return describe(exc) if isinstance(exc, ImportError) else f"{describe(exc)} (message not logged)"


class PrivateFormatter(logging.Formatter):
    """Tracebacks with every frame but without exception messages (see the module doc)."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the full traceback text on the record: ignore it.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        _type, exc, _tb = ei
        chain: list[BaseException] = []
        while exc is not None and all(exc is not seen for seen in chain):
            chain.append(exc)
            exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        parts = []
        for e in reversed(chain):
            parts.append("Traceback (most recent call last):\n" + "".join(traceback.format_tb(e.__traceback__))
                         + _unlogged(e))
        return "\n\nwhile handling that, another exception:\n\n".join(parts)


class _OwnerOnlyFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file (and its rotated copies) readable by its owner only."""

    def _open(self):
        stream = super()._open()
        try:
            os.chmod(self.baseFilename, 0o600)
        except OSError:
            pass
        return stream


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
    try:
        os.chmod(path.parent, 0o700)
    except OSError:
        pass
    handlers: list[logging.Handler] = [_OwnerOnlyFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")]
    if os.environ.get("TSUNAGARI_LOG_STDOUT") == "1" and sys.stdout is not None:
        handlers.append(logging.StreamHandler(sys.stdout))
    for handler in handlers:
        handler._tsunagari = True  # type: ignore[attr-defined]
        handler.setFormatter(PrivateFormatter(_FORMAT))
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
