"""The print page on a copy of the demo association (300 people, 8 blocks, call trees)."""
from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest
from PySide6.QtCore import Qt

from desktop import settings as options
from desktop import tasks
from desktop.context import AppContext
from ui.printing.custody_dialog import CustodyAnswer, CustodyDialog

TODAY = dt.date(2026, 11, 28)
PREVIEW_TIMEOUT = 20000


@pytest.fixture(autouse=True)
def _drain_tasks():
    """A background job must not outlive the test's file (the store fixture closes it)."""
    yield
    tasks.wait_for_tasks()


@pytest.fixture
def demo_context(demo_store, settings, password):
    settings.set(options.OPERATOR_NAME, "テスト係")
    return AppContext(store=demo_store, settings=settings, clock=lambda: TODAY, password=password)


@pytest.fixture
def page(qtbot, demo_context):
    from ui.printing.page import PrintingPage

    p = PrintingPage(demo_context)
    qtbot.addWidget(p)
    p.resize(1300, 860)
    p.show()
    qtbot.waitUntil(p.preview_ready, timeout=PREVIEW_TIMEOUT)
    return p


@pytest.fixture
def wait_preview(qtbot):
    def wait(page):
        qtbot.waitUntil(lambda: not page.preview_ready(), timeout=2000) if page.preview_ready() else None
        qtbot.waitUntil(page.preview_ready, timeout=PREVIEW_TIMEOUT)

    return wait


@pytest.fixture
def custody_answer(monkeypatch):
    """Answer 「誰に渡しますか」 like a person who accepts the defaults (and record the question)."""
    asked = []

    def ask(parent, what, recipient, copies, destroy_by, today, date_style="wareki", saving=False):
        asked.append({"what": what, "recipient": recipient, "copies": copies, "destroy_by": destroy_by})
        return CustodyAnswer(recipient, copies, destroy_by)

    monkeypatch.setattr(CustodyDialog, "ask", staticmethod(ask))
    return asked


@pytest.fixture
def save_to(qtbot, monkeypatch):
    """Save the current print as PDF into `path` through the page's buttons; wait until done."""

    def save(page, path):
        monkeypatch.setattr(page, "ask_save_path", lambda suggested: path)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert page.output_job is not None
        with qtbot.waitSignal(page.output_job.done, timeout=PREVIEW_TIMEOUT):
            pass
        return path

    return save


def pdf_text(path) -> str:
    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdf_pages(path) -> int:
    with pdfplumber.open(str(path)) as pdf:
        return len(pdf.pages)
