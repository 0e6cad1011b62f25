"""The log lives outside the encrypted file and people are asked to hand it to a helper: no
name, address or cell value may reach it, and only its owner may read it."""
from __future__ import annotations

import logging
import stat

from desktop import logging_setup, tasks
from desktop.services.exporter import ExportError

NAME = "テスト漏洩太郎"


def _log_text() -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return "".join(p.read_text(encoding="utf-8") for p in logging_setup.log_file().parent.glob("*.log*"))


def test_a_failed_background_export_logs_no_names(qtbot):
    """A Shift_JIS export refused for 𠮷 lists the people in its error (for the dialog): the
    log says which error, never who."""
    path = logging_setup.setup_logging()
    failures = []
    people = [f"𠮷田 {NAME}（𠮷）"]  # (the log has the traceback's source lines: keep data off them)

    def export():
        raise ExportError("not_in_cp932", people=people)

    tasks.run_task(export, on_error=failures.append)
    assert tasks.wait_for_tasks()
    qtbot.waitUntil(lambda: bool(failures))
    text = _log_text()
    assert "ExportError(not_in_cp932)" in text and NAME not in text and "𠮷" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_tracebacks_keep_their_frames_but_not_their_messages():
    """A logged traceback (the crash hook, log.exception) names the code path and the error
    type, not the message, through chained exceptions too."""
    logging_setup.setup_logging()
    log = logging.getLogger("tsunagari.test")
    cell = "bad cell 090-" + "9876-5432 " + NAME  # (a traceback shows source lines: keep data off them)
    try:
        try:
            raise ValueError(cell)
        except ValueError as inner:
            raise ExportError("write_failed", detail=str(inner)) from inner
    except ExportError:
        log.exception("export failed")
    text = _log_text()
    assert "test_tracebacks_keep_their_frames_but_not_their_messages" in text  # the frame is there
    assert "ValueError (message not logged)" in text and "ExportError(write_failed)" in text
    assert NAME not in text and "9876" not in text
