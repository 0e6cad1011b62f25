"""The date field and its reading line (the day in the other calendar) never overlap,
in normal and large text, even in a window shorter than its wrapped text needs."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QVBoxLayout

from ui import style
from ui.printing.custody_dialog import CustodyDialog
from ui.style import WrapLabel
from ui.widgets.date_edit import DateEdit

TODAY = dt.date(2026, 11, 28)


def _apart(edit: DateEdit) -> None:
    field, line = edit.edit.geometry(), edit.message.geometry()
    assert field.bottom() < line.top(), (field, line)
    assert line.height() >= edit.message.heightForWidth(line.width()), line
    assert edit.height() >= edit.needed_height()


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("saving", [False, True])
def test_custody_dialog_keeps_the_reading_line_below_the_date(qtbot, qapp, large, saving):
    """「廃棄期限」: the field, its reading line and the explanation above all fit, as opened and narrowed."""
    style.apply(qapp, large)
    dialog = CustodyDialog("名簿", "1班 班長", 1, TODAY + dt.timedelta(days=30), TODAY, saving=saving)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for width in (600, 380):
        dialog.resize(width, 300)  # as short as the person drags it
        qtbot.wait(20)
        _apart(dialog.destroy_edit)
        assert dialog.height() >= dialog.heightForWidth(dialog.width())


@pytest.mark.parametrize("large", [False, True])
def test_date_edit_holds_its_height_in_a_short_window(qtbot, qapp, large):
    """Any dialog: a long wrapped text above makes the window too short; the field still does not cover its line."""
    style.apply(qapp, large)
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    layout.addWidget(WrapLabel("説明の文です。" * 30))
    edit = DateEdit(TODAY, "wareki", with_age=False)
    edit.set_date(TODAY)
    layout.addWidget(edit)
    qtbot.addWidget(dialog)
    dialog.resize(420, 200)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(20)
    _apart(edit)
    edit.edit.setText("R8.13.45")  # an error: a longer, wrapped line
    edit.edit.clearFocus()
    qtbot.wait(20)
    _apart(edit)
