"""The register table model and filters on the 300-person demo association."""
from __future__ import annotations

import datetime as dt

from db import models as m
from db.queries import register as reg
from ui.register.model import COLUMNS, RegisterFilter, RegisterModel, filter_register

TODAY = dt.date(2026, 11, 28)


def test_model_on_the_demo_passes_the_tester(qtmodeltester, demo_store):
    """Every demo record is a row; the model passes qtmodeltester."""
    model = RegisterModel()
    rows = reg.all_records()
    model.set_rows(rows, TODAY)
    assert model.rowCount() == len(rows) > 0 and model.columnCount() == len(COLUMNS)
    qtmodeltester.check(model)


def test_filters_combine_on_the_demo(demo_store):
    """Consent, review-due and block filters each keep only matching rows and combine with AND."""
    rows = reg.all_records()
    no = filter_register(rows, RegisterFilter(consent=m.CONSENT_NO), TODAY)
    assert no and all(r.consent == m.CONSENT_NO for r in no)
    due = filter_register(rows, RegisterFilter(review_due=True), TODAY)
    assert [r.record_id for r in due] == [r.record_id for r in rows if r.review_due(TODAY)]
    assert {r.record_id for r in reg.reviews_due(TODAY)} == {r.record_id for r in due}
    block = next(r.block_id for r in rows if r.block_id)
    both = filter_register(rows, RegisterFilter(block_id=block, consent=m.CONSENT_YES), TODAY)
    assert all(r.block_id == block and r.consent == m.CONSENT_YES for r in both)
    assert filter_register(rows, RegisterFilter(), TODAY) == rows
