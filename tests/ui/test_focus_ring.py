"""The focus ring: where Tab has put the keyboard shows as a thick dark ring around the control
(it used to be a slightly lighter inside of the side-menu button, or a thin blue line)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from tests.ui.conftest import TODAY


@pytest.fixture
def window(qtbot, add_window, demo_store, settings, password):
    from desktop.context import AppContext
    from ui.main_window import MainWindow

    w = MainWindow(AppContext(store=demo_store, settings=settings, password=password, clock=lambda: TODAY))
    add_window(w, close_store=False)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    w.set_large_text(False)


def _tab_to(qtbot, window, start, wanted):
    """Press Tab from `start` until `wanted(focus widget)`; the widget."""
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    focus = start
    for _ in range(40):
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if wanted(focus):
            return focus
    raise AssertionError("Tab never reached the control")


def _dark_around(window, widget, distance: int) -> list[bool]:
    """Is the window dark `distance` px outside the middle of each side of `widget`?"""
    image = window.grab().toImage()
    top_left = widget.mapTo(window, QPoint(0, 0))
    x0, y0, w, h = top_left.x(), top_left.y(), widget.width(), widget.height()
    points = [(x0 + w // 2, y0 - distance), (x0 + w // 2, y0 + h - 1 + distance),
              (x0 - distance, y0 + h // 2), (x0 + w - 1 + distance, y0 + h // 2)]
    ratio = image.devicePixelRatio()
    return [QColor(image.pixel(int(x * ratio), int(y * ratio))).lightness() < 80 for x, y in points]


def _assert_ring(qtbot, window, widget, width, name):
    from ui.focus_ring import GAP

    assert QApplication.focusWidget() is widget, name
    qtbot.wait(50)
    for distance in (GAP + 1, GAP + width):  # the ring's inner and outer pixel
        assert all(_dark_around(window, widget, distance)), (name, distance)
    assert not any(_dark_around(window, widget, GAP + width + 2)), name  # and no wider


@pytest.mark.parametrize("large", [False, True])
def test_tab_puts_a_dark_ring_round_each_kind_of_control(qtbot, window, large):
    """List, side-menu button (the chosen, dark blue one), drop-down and text field: after Tab
    or Shift+Tab a dark ring 3 px thick (4 px in large text) runs round all four sides, outside."""
    from ui import style

    window.set_large_text(large)
    qtbot.wait(300)  # the home page's list fits its columns and rows to the text size
    width = style.FOCUS_RING_PX[large]
    home = window.nav_buttons["home"]
    table = _tab_to(qtbot, window, home, lambda w: w is window.pages["home"].followup.view)
    _assert_ring(qtbot, window, table, width, "list")
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    _assert_ring(qtbot, window, home, width, "side menu")
    window.show_page("salon")
    combo = _tab_to(qtbot, window, window.nav_buttons["salon"], lambda w: isinstance(w, QComboBox))
    _assert_ring(qtbot, window, combo, width, "drop-down")
    window.show_page("settings")
    edit = _tab_to(qtbot, window, window.nav_buttons["settings"], lambda w: isinstance(w, QLineEdit))
    _assert_ring(qtbot, window, edit, width, "text field")


def test_a_mouse_click_on_a_button_shows_no_ring_but_a_text_field_has_one(qtbot, window):
    """After a click the chosen side-menu button has no ring (it would sit there all day); a
    field clicked to type in shows the ring, as does Tab again."""
    from ui.focus_ring import GAP

    roster = window.nav_buttons["roster"]
    qtbot.mouseClick(roster, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is roster
    qtbot.wait(50)
    assert not any(_dark_around(window, roster, GAP + 1))
    window.show_page("settings")
    edit = next(e for e in window.pages["settings"].findChildren(QLineEdit) if e.isVisible())
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert edit.hasFocus()
    qtbot.wait(50)
    assert all(_dark_around(window, edit, GAP + 1))
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    qtbot.wait(50)
    assert all(_dark_around(window, after, GAP + 1)), after


def test_on_a_tab_bar_the_ring_marks_the_current_tab_and_follows_the_arrows(qtbot, window):
    """連絡記録's tabs sit flush on the page: the ring goes just inside the current tab (not over
    the page's first line), and moves with → to the next tab."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QTabBar

    from ui.focus_ring import FocusRings

    window.show_page("contacts")
    bar = _tab_to(qtbot, window, window.nav_buttons["contacts"], lambda w: isinstance(w, QTabBar))
    ring = QApplication.instance().findChild(FocusRings, "focus_rings").ring

    def ring_in_bar() -> QRect:
        return QRect(bar.mapFrom(ring.parentWidget(), ring.pos()), ring.size())

    assert ring.isVisible() and ring_in_bar() == bar.tabRect(bar.currentIndex())
    qtbot.keyClick(bar, Qt.Key.Key_Right)
    assert bar.currentIndex() == 1 and ring_in_bar() == bar.tabRect(1)
