"""部数 on the 印刷 page: the paper that leaves the printer, or a saved PDF printed once, holds
exactly the copies the custody ledger (持ち出し記録) counts, for every kind of print."""
from __future__ import annotations

import re

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from db import models as m
from tests.ui.printing.conftest import PREVIEW_TIMEOUT
from ui.printing.custody_dialog import CustodyAnswer, CustodyDialog

LEFT = Qt.MouseButton.LeftButton
COPY_MARK = re.compile(r"\d+部のうち\d+")  # list prints number their copies; the rest is equal


def _answer_copies(monkeypatch, copies: int) -> None:
    """「誰に渡しますか」 answered with the default recipient and `copies` 部."""
    monkeypatch.setattr(CustodyDialog, "ask",
                        staticmethod(lambda parent, what, rec, c, d, *a, **k: CustodyAnswer(rec, copies, d)))


def _choose(page, wait_preview, kind: str, block: str = "2班") -> int:
    page.options.set_kind(kind)
    combo = page.options.block_combo
    combo.setCurrentIndex(combo.findText(block))
    wait_preview(page)
    assert page.runner.last.request.kind == kind
    return page.preview.document.pageCount()


def _sets(path, copies: int) -> list[list[str]]:
    """The PDF's page texts cut into `copies` equal sets (fails when the pages do not divide)."""
    texts = [COPY_MARK.sub("", p.extract_text()) for p in pypdf.PdfReader(str(path)).pages]
    assert len(texts) % copies == 0, len(texts)
    n = len(texts) // copies
    return [texts[i * n:(i + 1) * n] for i in range(copies)]


@pytest.mark.parametrize("kind", ["labels", "postcards", "envelopes", "calllist", "safety", "register"])
def test_saved_pdf_holds_the_copies_in_the_ledger(qtbot, page, wait_preview, monkeypatch, save_to, tmp_path, kind):
    """3部 and 保存: the PDF holds three whole sets, set after set, and the ledger line says 3."""
    one_set = _choose(page, wait_preview, kind)
    _answer_copies(monkeypatch, 3)
    path = save_to(page, tmp_path / f"{kind}.pdf")
    sets = _sets(path, 3)
    assert len(sets[0]) == one_set
    assert sets[0] == sets[1] == sets[2]
    entry = m.PrintCustody.get()
    assert (entry.kind, entry.copies, entry.scope) == (kind, 3, "2班")


def _pdf_printer(path, asked: list):
    """What ask_printer returns when the person presses 印刷 in the printer window: a printer
    set to the copies the page proposed (here writing a PDF instead of paper)."""

    def ask(copies=1):
        asked.append(copies)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setCopyCount(copies)
        return printer

    return ask


@pytest.mark.parametrize("kind", ["labels", "postcards", "safety"])
def test_printer_gets_every_copy_in_one_run(qtbot, page, wait_preview, monkeypatch, tmp_path, kind):
    """3部 and 印刷: the printer is sent the three sets once (copy count 1, so a printer that
    ignores copy counts still prints all three), the same pages a saved PDF would hold."""
    one_set = _choose(page, wait_preview, kind)
    _answer_copies(monkeypatch, 3)
    out, asked = tmp_path / "printed.pdf", []
    monkeypatch.setattr(page, "ask_printer", _pdf_printer(out, asked))
    qtbot.mouseClick(page.print_button, LEFT)
    qtbot.waitUntil(lambda: page.output_job is None and out.exists(), timeout=PREVIEW_TIMEOUT)
    assert asked == [1]
    assert len(pypdf.PdfReader(str(out)).pages) == 3 * one_set
    assert "プリンター" in page.preview.status_label.text()
    assert m.PrintCustody.get().copies == 3


def test_copies_raised_in_the_printer_window_print_nothing(qtbot, page, wait_preview, monkeypatch, tmp_path):
    """Raising 部数 in the printer's own window would put more paper out than the ledger counts:
    nothing is printed or recorded, and the message says where to choose the copies."""
    _choose(page, wait_preview, "labels")
    _answer_copies(monkeypatch, 2)
    out, asked, errors = tmp_path / "printed.pdf", [], []
    ask = _pdf_printer(out, asked)
    monkeypatch.setattr(page, "ask_printer", lambda copies=1: ask(copies + 1))  # the person typed one more
    monkeypatch.setattr(page, "show_error", lambda text, detail="": errors.append((text, detail)))
    qtbot.mouseClick(page.print_button, LEFT)
    assert page.output_job is None
    assert not out.exists() and m.PrintCustody.select().count() == 0
    assert len(errors) == 1 and "だれに渡しますか" in errors[0][0] + errors[0][1]
