"""Fixtures for the roster page: a page on an empty file and one on the 300-person demo."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop import settings as options
from desktop.context import AppContext

OPERATOR = "テスト班長"
TODAY = dt.date(2026, 11, 28)  # as tests/ui/conftest.py


@pytest.fixture
def make_page(qtbot, settings, password):
    """Build a shown RosterPage on a store, with an operator name for the audit log."""
    from ui.roster.page import RosterPage

    def make(store):
        settings.set(options.OPERATOR_NAME, OPERATOR)
        context = AppContext(store=store, settings=settings, clock=lambda: TODAY, password=password)
        page = RosterPage(context)
        qtbot.addWidget(page)
        page.resize(1100, 760)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


@pytest.fixture
def demo_page(make_page, demo_store):
    return make_page(demo_store)


@pytest.fixture
def empty_page(make_page, store):
    return make_page(store)


@pytest.fixture
def shown(demo_page):
    """The rows the table shows now, as RosterRow objects."""

    def rows(page=None):
        page = page or demo_page
        return [page.model.row_at(i) for i in range(page.model.rowCount())]

    return rows
