"""A form shown by its real ask() is deleted when ask() returns, not kept hidden until the app quits.

PySide6 hands a dialog to Python when its exec() ends, so the dialog should go with ask()'s
last reference. A lambda connected to one of its buttons (PySide6 keeps lambdas, not bound
methods, alive) held it instead: each form stayed in memory, and at exit PySide6 deleted it
in a random order with its own buttons, which segfaulted (tests/test_app_exit.py)."""
from __future__ import annotations

import datetime as dt
import gc
import weakref

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

TODAY = dt.date(2026, 11, 28)


def _welcome(parent, context, tmp_path):
    from ui.welcome import WelcomeDialog

    return WelcomeDialog.ask(parent)


def _password(parent, context, tmp_path):
    from ui.welcome import PasswordDialog

    return PasswordDialog.ask(parent, tmp_path / "assoc.tsunagari")


def _backup_password(parent, context, tmp_path):
    from ui.file_actions import BackupPasswordDialog

    return BackupPasswordDialog.ask(parent, context.store.path)


def _person(parent, context, tmp_path):
    from ui.roster.person_dialog import PersonDialog

    return PersonDialog.ask(parent, today=TODAY, date_style="wareki", households=[(1, "東京都港区港南2-3-4")],
                            blocks=[(1, "1班")])


def _household(parent, context, tmp_path):
    from ui.roster.household_dialog import HouseholdDialog

    return HouseholdDialog.ask(parent, [(1, "1班")])


def _trash(parent, context, tmp_path):
    from ui.roster.editing import RosterEditor
    from ui.roster.trash_dialog import TrashDialog

    return TrashDialog.ask(parent, RosterEditor(lambda: "テスト班長"))


def _blocks(parent, context, tmp_path):
    from ui.roster.blocks_dialog import BlocksDialog

    return BlocksDialog.ask(parent, "テスト班長", [])


def _pick_person(parent, context, tmp_path):
    from ui.register.pick_person_dialog import PickPersonDialog

    return PickPersonDialog.ask(parent, [], "名簿から追加")


def _import_history(parent, context, tmp_path):
    from ui.transfer.history_dialog import ImportHistoryDialog

    return ImportHistoryDialog.ask(parent, context)


def _create(parent, context, tmp_path):
    from ui.welcome import CreateDialog

    return CreateDialog.ask(parent, tmp_path / "new.tsunagari")


def _change_password(parent, context, tmp_path):
    from ui.file_actions import ChangePasswordDialog

    return ChangePasswordDialog.ask(parent, "current-password")


def _salon(parent, context, tmp_path):
    from ui.salon.dialogs import SalonDialog

    return SalonDialog.ask(parent)


def _session(parent, context, tmp_path):
    from ui.salon.dialogs import SessionDialog

    return SessionDialog.ask(parent, TODAY)


def _plan(parent, context, tmp_path):
    from ui.salon.dialogs import PlanDialog

    return PlanDialog.ask(parent, "ふれあいサロン", [], "wareki")


def _record(parent, context, tmp_path):
    from ui.register.record_dialog import RecordDialog

    return RecordDialog.ask(parent, {"person": {"name": "山田 花子"}}, lambda form: None, lambda: None, TODAY)


def _new_person(parent, context, tmp_path):
    from ui.register.new_person_dialog import NewPersonDialog

    return NewPersonDialog.ask(parent, [(1, "1班")], TODAY, "wareki")


def _disaster_mode(parent, context, tmp_path):
    from ui.register.disaster_mode_dialog import DisasterModeDialog

    return DisasterModeDialog.ask(parent)


def _custom_sheet(parent, context, tmp_path):
    from ui.printing.sheet_dialog import CustomSheetDialog

    return CustomSheetDialog.ask(parent)


def _custody(parent, context, tmp_path):
    from ui.printing.custody_dialog import CustodyDialog

    return CustodyDialog.ask(parent, "名簿", "1班 班長", 1, TODAY, TODAY)


def _contact(parent, context, tmp_path):
    from ui.widgets.quick_contact import ContactDialog

    return ContactDialog.ask(parent, context, "山田 花子")


def _export(parent, context, tmp_path):
    from ui.transfer.export_dialog import ExportDialog

    return ExportDialog.ask(parent, context)


def _import(parent, context, tmp_path):
    from ui.transfer.import_wizard import ImportWizard

    return ImportWizard.ask(parent, context)


@pytest.mark.parametrize("ask", [_welcome, _create, _password, _change_password, _backup_password, _person, _household,
                                 _trash, _blocks, _pick_person, _import_history, _salon, _session, _plan, _record,
                                 _new_person, _disaster_mode, _custom_sheet, _custody, _contact, _export, _import])
def test_a_closed_form_is_deleted(ask, qtbot, context, tmp_path):
    """Open the form through its ask(), close it as Esc would: nothing of it is left."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    shown = []

    def close_it():
        form = QApplication.activeModalWidget()
        if form is None:
            QTimer.singleShot(20, close_it)
            return
        shown.append(weakref.ref(form))
        form.reject()

    QTimer.singleShot(0, close_it)
    ask(parent, context, tmp_path)
    assert len(shown) == 1
    gc.collect()  # a reference cycle through a Qt connection survives this
    assert shown[0]() is None
    assert parent.findChildren(QDialog) == []
