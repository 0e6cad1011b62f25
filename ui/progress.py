"""A progress dialog that appears only when work takes longer than ~600 ms.

Quick work shows nothing (no flicker); longer work shows a busy dialog that can be
cancelled when the task supports it. `run_with_progress` pairs it with desktop.tasks.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop import tasks
from desktop.i18n import _

DELAY_MS = 600


class DelayedProgress:
    """A busy indicator shown after `delay_ms`; `cancel_event` is set when the person cancels."""

    def __init__(self, parent: QWidget | None, text: str, *, cancellable: bool = False, delay_ms: int = DELAY_MS):
        self.cancel_event = threading.Event()
        self.dialog = QProgressDialog(text, _("Stop") if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(_("Please wait"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        # Our own timer decides when to show; keep Qt's built-in one from firing.
        self.dialog.setMinimumDuration(24 * 3600 * 1000)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel_event.set)
        self._timer = QTimer(self.dialog)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self.shown = False
        self._timer.start(delay_ms)

    def _show(self) -> None:
        self.shown = True
        self.dialog.show()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def finish(self) -> None:
        # The parent window may already be gone (closed while the task ran).
        if shiboken6.isValid(self._timer):
            self._timer.stop()
        if shiboken6.isValid(self.dialog):
            self.dialog.hide()
            self.dialog.deleteLater()


def run_with_progress(
    parent: QWidget | None,
    text: str,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    cancellable: bool = False,
) -> DelayedProgress:
    """Run fn in the background behind a delayed progress dialog.

    With cancellable=True, fn should look at the returned object's `cancel_event`; a
    cancelled run still reports through on_done/on_error so the caller can tidy up.
    """
    progress = DelayedProgress(parent, text, cancellable=cancellable)

    def done(result):
        progress.finish()
        if on_done is not None:
            on_done(result)

    def failed(exc):
        progress.finish()
        if on_error is not None:
            on_error(exc)

    tasks.run_task(fn, done, failed)
    return progress


def wait_with_progress(parent: QWidget | None, text: str, fn: Callable[[], Any]) -> Any:
    """Run fn on the worker thread and return its result (or raise its error) to the caller.

    For steps that must finish before the caller goes on (reading a file, checking its rows)
    yet can take seconds on a big workbook: the window keeps painting, and the delayed
    progress dialog appears after ~600 ms. Clicks and keys wait until fn is done (the local
    loop leaves user input queued), so nothing can start a second step meanwhile.
    """
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def done(result):
        outcome["result"] = result
        loop.quit()

    def failed(exc):
        outcome["error"] = exc
        loop.quit()

    run_with_progress(parent, text, fn, done, failed)
    if not outcome:  # the task reports through queued signals, so only inside the loop
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
