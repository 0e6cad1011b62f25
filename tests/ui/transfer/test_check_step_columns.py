"""Step 4 (確認) in large text on a small laptop: what is wrong with a row stays readable."""
from __future__ import annotations

import pytest

from tests.ui.transfer.conftest import HEADER, TITLE
from ui.transfer.pages_check import CHOICE, PROBLEM

LONG_PHONE_ROW = "佐藤 次郎,さとう じろう,108-0074,東京都港区高輪1丁目1-1,123456789012345,S30.1.2,2班,○\n"


@pytest.fixture
def large_text(qapp):
    from ui import style

    style.apply(qapp, True)


@pytest.mark.parametrize("size", [(1008, 652), (1100, 752)])  # the wizard on 1024×700 and on 1280×800
def test_problem_text_keeps_a_readable_width(large_text, wizard, walk, tmp_path, qtbot, size):
    """何が問題か is at least 10 characters wide; every column can be reached (it fits, or scrolls)."""
    path = tmp_path / "名簿.csv"
    path.write_bytes((TITLE + HEADER + LONG_PHONE_ROW).encode("utf-8-sig"))
    wizard.resize(*size)
    walk.choose(wizard, path)
    walk.next(wizard, 3)
    view = wizard.current.view
    qtbot.waitUntil(lambda: view.columnWidth(PROBLEM) > 0)  # fitted once the page has its size
    em = view.fontMetrics().horizontalAdvance("あ")
    assert em >= 20  # large text is on
    assert view.columnWidth(PROBLEM) >= 10 * em

    def reachable():  # the scroll bar's range follows the columns on the next pass of the event loop
        last = view.columnViewportPosition(CHOICE) + view.columnWidth(CHOICE)
        assert last <= view.viewport().width() + view.horizontalScrollBar().maximum()

    qtbot.waitUntil(reachable, timeout=3000)
