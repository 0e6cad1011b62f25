"""Keyboard-only use: Tab moves through a form's notes boxes as through every other field
(a tab typed into the notes left 保存 out of reach for someone who does not use the mouse)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import TODAY


def _tab_out_of(qtbot, dialog, box):
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.insertPlainText("鍵は隣")  # (QTest cannot type kanji)
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.toPlainText() == "鍵は隣"  # no tab typed into the notes
    assert not box.hasFocus() and dialog.focusWidget() is not None


def _person_dialog(new_household: bool):
    from ui.roster.person_dialog import PersonDialog

    kwargs = {} if new_household else {"household_id": 1}
    return PersonDialog(today=TODAY, date_style="wareki", households=[(1, "東京都港区港南2-3-4")],
                        blocks=[(1, "1班")], **kwargs)


@pytest.mark.parametrize("which", ["person", "household in 人を追加", "household", "contact"])
def test_tab_leaves_every_notes_box(qtbot, context, which):
    """人・世帯・連絡の記録 のメモ欄: Tab moves on to the next field."""
    from ui.roster.household_dialog import HouseholdDialog
    from ui.widgets.quick_contact import ContactDialog

    if which == "person":
        dialog = _person_dialog(False)
        box = dialog.notes
    elif which == "household in 人を追加":
        dialog = _person_dialog(True)
        box = dialog.household_form.notes
    elif which == "household":
        dialog = HouseholdDialog([(1, "1班")], members="山田 太郎")
        box = dialog.form.notes
    else:
        dialog = ContactDialog(context, "石田 花子")
        box = dialog.note_edit
    _tab_out_of(qtbot, dialog, box)


# -- Tab round each main page --------------------------------------------------------------------

def _tab_stops(page):
    """What Tab must reach on the page as shown: every visible, enabled control that takes Tab
    focus (of a group of radio buttons, the checked one; not the parts inside a spin box or a
    drop-down, which the control itself stands for)."""
    from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QComboBox, QRadioButton,
                                   QScrollArea, QWidget)

    stops = []
    for widget in page.findChildren(QWidget):
        if not (widget.isVisible() and widget.isEnabled()) or widget.focusProxy() is not None:
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or isinstance(widget, QScrollArea):
            continue
        if isinstance(widget, QRadioButton) and widget.autoExclusive() and not widget.isChecked():
            continue
        parent = widget.parentWidget()
        while parent is not None and parent is not page:
            if isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView)):
                break
            parent = parent.parentWidget()
        else:
            stops.append(widget)
    return stops


def _tab_round(qtbot, start, key):
    """Press `key` (Tab or Backtab) from `start` until focus comes back to it; the widgets passed."""
    from PySide6.QtWidgets import QApplication

    passed = []
    focus = start
    for _ in range(150):
        qtbot.keyClick(focus, key)
        focus = QApplication.focusWidget()
        assert focus is not None, f"focus was lost after {passed[-3:]}"  # (a key sent to None aborts Qt)
        if focus is start:
            return passed
        passed.append(focus)
    raise AssertionError(f"focus never came back to the side menu; it stayed in {passed[-3:]}")


def _page_states(page):
    """Each tab of each tab widget on the page, shown in turn (the page as a person finds it first)."""
    from PySide6.QtWidgets import QTabWidget

    yield "as opened"
    for tabs in page.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(1, tabs.count()):
            tabs.setCurrentIndex(index)
            yield tabs.tabText(index)
        tabs.setCurrentIndex(0)


def test_tab_goes_round_every_page_and_back_to_the_side_menu(qtbot, add_window, demo_store, settings, password):
    """Every main page (and each of its tabs): Tab and Shift+Tab from the side menu pass each table
    once, reach every button and field, never stop on a scroll area, and come back to the menu."""
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QScrollArea

    from desktop.context import AppContext
    from ui.main_window import MainWindow

    window = MainWindow(AppContext(store=demo_store, settings=settings, password=password, clock=lambda: TODAY))
    add_window(window, close_store=False)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    for key, nav in window.nav_buttons.items():
        window.show_page(key)
        page = window.pages[key]
        for state in _page_states(page):
            where = f"{key} ({state})"
            nav.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(nav.hasFocus)
            forward = _tab_round(qtbot, nav, Qt.Key.Key_Tab)
            backward = _tab_round(qtbot, nav, Qt.Key.Key_Backtab)
            for passed in (forward, backward):
                tables = [w for w in passed if isinstance(w, QAbstractItemView)]
                assert len(tables) == len(set(tables)), f"{where}: Tab stayed inside a list"
                assert not [w for w in passed if isinstance(w, QScrollArea)], f"{where}: a scroll area took focus"
            missed = [w for w in _tab_stops(page) if w not in forward]
            assert not missed, f"{where}: Tab never reached {missed}"
            assert set(backward) == set(forward), where
    assert QApplication.focusWidget() in window.nav_buttons.values()


def test_page_down_on_a_button_still_scrolls_the_page(qtbot, add_window, demo_store, settings, password):
    """The page's scroll area is no Tab stop any more; Page Down/Up typed while a button on the
    page has focus still scroll it (large text in a small window, the home page)."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    from desktop.context import AppContext
    from ui.main_window import MainWindow

    window = MainWindow(AppContext(store=demo_store, settings=settings, password=password, clock=lambda: TODAY))
    add_window(window, close_store=False)
    try:
        window.set_large_text(True)
        window.resize(1000, 650)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        bar = window.pages["home"].findChild(QScrollArea).verticalScrollBar()
        nav = window.nav_buttons["home"]
        nav.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(nav.hasFocus)
        qtbot.keyClick(nav, Qt.Key.Key_Tab)  # the list of people to call
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # 電話した
        button = QApplication.focusWidget()
        assert button in window.pages["home"].followup.quick.buttons.values()
        before = bar.value()
        qtbot.keyClick(button, Qt.Key.Key_PageDown)
        assert bar.value() > before
        qtbot.keyClick(button, Qt.Key.Key_PageUp)
        assert bar.value() < bar.maximum()
    finally:
        window.set_large_text(False)
