"""A drop-down narrower than its text ends it with 「…」, says the whole text in a tooltip, and
opens its list wide enough for every item."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from ui.widgets.eliding_combo import ElidingComboBox

LONG = "令和8年11月10日（火） 13:30  季節の便り  [対面]"


def test_a_narrow_combo_elides_and_its_list_shows_everything(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    row = QHBoxLayout(host)
    combo = ElidingComboBox(min_chars=8)
    combo.addItems([LONG, "短い"])
    row.addWidget(combo, 1)
    host.resize(combo.minimumSizeHint().width() + 40, 60)
    host.show()
    qtbot.waitExposed(host)
    assert combo.width() < combo.fontMetrics().horizontalAdvance(LONG)  # it did not insist on its text
    shown = combo.shown_text()
    assert shown.endswith("…") and LONG.startswith(shown[:-1]) and len(shown) > 2
    assert combo.toolTip() == LONG
    combo.setCurrentIndex(1)
    assert combo.shown_text() == "短い" and combo.toolTip() == ""
    combo.showPopup()
    qtbot.waitUntil(lambda: combo.view().isVisible())
    view = combo.view()
    assert view.viewport().width() >= view.sizeHintForColumn(0)
    combo.hidePopup()
    host.resize(combo.fontMetrics().horizontalAdvance(LONG) + 200, 60)
    combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: combo.shown_text() == LONG)
    assert combo.toolTip() == ""
