"""desktop/printing/jobs.py without a window: the ledger line and the file go together or not at all."""
from __future__ import annotations

import pytest

from db import models as m
from desktop.printing import jobs
from tests.ui.printing.conftest import TODAY, pdf_pages


def test_output_cancelled_leaves_nothing(demo_store, tmp_path):
    """A job stopped before the end writes no file and rolls its ledger line back."""
    job = jobs.prepare(jobs.JobRequest("directory", block="1班"), today=TODAY, actor="t")
    with pytest.raises(jobs.JobCancelled):
        jobs.output(job, tmp_path / "x.pdf", today=TODAY, recipient="会長", cancelled=lambda: True)
    assert not (tmp_path / "x.pdf").exists() and m.PrintCustody.select().count() == 0


def test_output_unwritable_path_leaves_no_ledger_line(demo_store, tmp_path):
    """Saving into a folder that does not exist fails with OSError and records nothing."""
    job = jobs.prepare(jobs.JobRequest("calllist", block="2班"), today=TODAY, actor="t")
    with pytest.raises(OSError):
        jobs.output(job, tmp_path / "missing" / "x.pdf", today=TODAY, recipient="会長")
    assert m.PrintCustody.select().count() == 0


def test_output_writes_copies_and_ledger(demo_store, tmp_path):
    """Two copies of the safety sheet: twice the pages, one ledger line with the recipient."""
    job = jobs.prepare(jobs.JobRequest("safety", block="3班"), today=TODAY, actor="t")
    preview, _data = jobs.render_bytes(job, today=TODAY)
    result, entry, _data = jobs.output(job, tmp_path / "s.pdf", today=TODAY, recipient="3班 班長", copies=2)
    assert pdf_pages(tmp_path / "s.pdf") == result.pages == 2 * preview.pages
    assert entry.copies == 2 and entry.recipient == "3班 班長" and entry.scope == "3班"


def test_disaster_mode_without_reason_is_refused(demo_store):
    """prepare refuses disaster mode without a reason and writes no audit entry."""
    with pytest.raises(jobs.JobError):
        jobs.prepare(jobs.JobRequest("register", mode="disaster", reason=" "), today=TODAY, actor="t")
    assert m.AuditLog.select().where(m.AuditLog.action == "disaster_mode").count() == 0


@pytest.mark.parametrize("kind", ["labels", "postcards", "envelopes"])
def test_saved_address_print_holds_every_copy_the_ledger_counts(demo_store, tmp_path, kind):
    """Three copies of an address print saved as PDF: three whole sets in the file, 3 in the ledger."""
    import pypdf

    job = jobs.prepare(jobs.JobRequest(kind, block="2班", sheet_id="hisago-elm008"), today=TODAY, actor="t")
    preview, _data = jobs.render_bytes(job, today=TODAY)
    result, entry, _data = jobs.output(job, tmp_path / "a.pdf", today=TODAY, recipient="2班 班長", copies=3)
    texts = [p.extract_text() for p in pypdf.PdfReader(str(tmp_path / "a.pdf")).pages]
    n = preview.pages
    assert len(texts) == result.pages == 3 * n and entry.copies == 3
    assert texts[:n] == texts[n:2 * n] == texts[2 * n:]
