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
