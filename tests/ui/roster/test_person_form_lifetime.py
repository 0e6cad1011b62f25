"""The person form is deleted when Ctrl+N's real ask() returns, not kept hidden until the app quits.

PySide6 hands a dialog to Python when its exec() ends; a lambda that held the form kept it
alive, and at exit PySide6 deleted it in a random order with its own buttons: a segfault."""
from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from db import models as m
from ui.roster.person_dialog import PersonDialog


def test_the_person_form_is_deleted_once_saved(demo_page, qtbot, type_text):
    """Ctrl+N, type a name, 保存 (the real modal form): the person is saved and the form is gone."""
    forms = []

    def fill():
        form = QApplication.activeModalWidget()
        if not isinstance(form, PersonDialog):
            QTimer.singleShot(20, fill)
            return
        forms.append(weakref.ref(form))
        try:
            form.set_household(m.Household.select().first().id)
            type_text(form.family_name, "寿命")
            type_text(form.family_reading, "じゅみょう")
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        finally:
            if form.isVisible():
                form.reject()

    demo_page.activateWindow()
    qtbot.waitActive(demo_page)
    QTimer.singleShot(0, fill)
    qtbot.keyClick(demo_page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert m.Person.select().where(m.Person.family_name == "寿命").exists()
    assert len(forms) == 1
    gc.collect()  # a plain reference cycle would go here; one through a Qt connection does not
    assert forms[0]() is None
    assert demo_page.findChildren(PersonDialog) == []
