"""「回を追加」 asks for the start time: the salon's usual time at first, another one typed in."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from db import models as m
from desktop.services import salon as svc
from ui.salon.dialogs import SessionDialog


@pytest.fixture
def drive_session_dialog(drive_dialog):
    return lambda steps: drive_dialog(SessionDialog, steps, activate=True)


def _press(qtbot, dialog, text):
    box = dialog.findChild(QDialogButtonBox)
    button = next(b for b in box.buttons() if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _added(salon, day):
    return m.SalonSession.get((m.SalonSession.salon == salon) & (m.SalonSession.date == day))


def test_the_usual_time_is_shown_and_another_can_be_typed(qtbot, page, drive_session_dialog):
    """The dialog opens at the usual 13:30; typing 14:00 saves 14:00, and the session list says so."""
    salon = svc.save_salon(None, {"name": "いきいきサロン", "schedule": "毎月第2火曜 13:30"})
    page.refresh()
    shown = []

    def steps(dialog):
        shown.append(dialog.time_edit.text())
        dialog.date_edit.setDate(QDate(2026, 12, 20))
        dialog.time_edit.setFocus(Qt.FocusReason.TabFocusReason)  # tabbed into: the hour is selected
        qtbot.keyClicks(dialog.time_edit, "1400")
        _press(qtbot, dialog, "追加")

    drive_session_dialog(steps)
    qtbot.mouseClick(page.add_session_button, Qt.MouseButton.LeftButton)
    assert shown == ["13:30"]
    assert _added(salon, dt.date(2026, 12, 20)).start_time == "14:00"
    assert " 14:00 " in page.session_panel.session_combo.currentText()


def test_left_alone_the_usual_time_is_saved(qtbot, page, drive_session_dialog):
    """Pressing 追加 without touching the time keeps the salon's usual time."""
    salon = svc.save_salon(None, {"name": "いきいきサロン", "schedule": "毎月第2火曜 13:30"})
    page.refresh()

    def steps(dialog):
        dialog.date_edit.setDate(QDate(2026, 12, 21))
        _press(qtbot, dialog, "追加")

    drive_session_dialog(steps)
    qtbot.mouseClick(page.add_session_button, Qt.MouseButton.LeftButton)
    assert _added(salon, dt.date(2026, 12, 21)).start_time == "13:30"


def test_a_salon_without_a_usual_time_asks_to_check_it(qtbot, page, drive_session_dialog):
    """No time in the usual day: the field shows 10:00 and the dialog says to check it; Cancel adds nothing."""
    salon = svc.save_salon(None, {"name": "ふれあい喫茶", "schedule": "毎月15日"})
    page.refresh()
    seen = drive_session_dialog(lambda dialog: _press(qtbot, dialog, "やめる"))
    qtbot.mouseClick(page.add_session_button, Qt.MouseButton.LeftButton)
    dialog = seen[0]
    assert dialog.time_edit.text() == "10:00"
    assert "確かめて" in dialog.time_hint.text()
    assert not salon.sessions.exists()


def test_a_cancelled_session_brought_back_takes_the_new_time(store):
    """Adding a session on the date of a cancelled one brings it back at the time chosen."""
    salon = svc.save_salon(None, {"name": "いきいきサロン", "schedule": "毎月第2火曜 13:30"})
    s = svc.add_session(salon, dt.date(2026, 12, 8))
    svc.cancel_session(s)
    again = svc.add_session(salon, dt.date(2026, 12, 8), start_time="15:00")
    assert again.id == s.id and m.SalonSession.get_by_id(s.id).start_time == "15:00"
