"""The wrapping button row: no button narrower than its label, the row taller when it wraps."""
from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ui.widgets.flow_layout import FlowLayout


def test_buttons_wrap_instead_of_being_cut(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    column = QVBoxLayout(host)
    row = FlowLayout()
    column.addLayout(row)
    buttons = [QPushButton(text) for text in ("人を追加（Ctrl+N）", "同じ世帯に追加", "開く（Enter）", "世帯…",
                                             "要支援者に登録…", "ごみ箱に入れる")]
    for b in buttons:
        row.addWidget(b)
    column.addStretch(1)
    one_line = row.sizeHint().width()
    host.resize(one_line + 60, 300)  # the column has margins
    host.show()
    qtbot.waitExposed(host)
    assert len({b.y() for b in buttons}) == 1  # room enough: one line
    host.resize(one_line // 2, 300)
    qtbot.wait(50)
    assert len({b.y() for b in buttons}) >= 2  # narrow: more lines
    assert all(b.width() >= b.sizeHint().width() for b in buttons)  # no label cut
    assert all(b.geometry().right() <= host.width() for b in buttons)
    assert row.heightForWidth(one_line // 2) > row.heightForWidth(one_line)
    left = buttons[0].x()
    buttons[0].hide()
    qtbot.wait(50)
    assert buttons[1].x() == left  # a hidden button takes no room
