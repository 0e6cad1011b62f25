"""The export dialog on the demo association and on a small store: the consent rule in the
register sheet, disaster mode, Shift_JIS problems named, custody recorded; import history."""
from __future__ import annotations

import csv

import openpyxl
import pytest
from PySide6.QtCore import Qt

from db import models as m
from desktop.context import AppContext
from desktop.services import roster
from tests.ui.conftest import TODAY
from ui.transfer.export_dialog import ExportDialog


@pytest.fixture
def demo_context(demo_store, settings, password):
    return AppContext(store=demo_store, settings=settings, clock=lambda: TODAY, password=password)


def _dialog(qtbot, context, monkeypatch, path):
    monkeypatch.setattr(ExportDialog, "ask_path", lambda self: path)
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _export(qtbot, dialog):
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)


def _refused():
    return (m.Person.select().join(m.SupportRecord)
            .where(m.SupportRecord.consent == m.CONSENT_NO, m.SupportRecord.deleted_at.is_null(),
                   m.Person.deleted_at.is_null()).first())


def test_normal_export_leaves_non_consenting_people_out_of_the_register(qtbot, demo_context, monkeypatch, tmp_path):
    """Excel, normal times: the 要支援者 sheet lacks a person who refused; the export is in the ledger."""
    refused = _refused()
    assert refused is not None
    dialog = _dialog(qtbot, demo_context, monkeypatch, tmp_path / "書き出し")
    assert dialog.findChild(object, "privacy_warning").isVisible()
    assert not dialog.export_button.isEnabled()  # no place chosen yet
    qtbot.mouseClick(dialog.path_button, Qt.MouseButton.LeftButton)
    assert dialog.path.name == "書き出し.xlsx" and dialog.export_button.isEnabled()
    qtbot.keyClicks(dialog.recipient_edit, "minsei")
    _export(qtbot, dialog)
    assert dialog.result is not None, dialog.message.text()
    wb = openpyxl.load_workbook(dialog.path)
    assert wb.sheetnames == ["名簿", "要支援者", "連絡記録"]
    register_names = [row[0] for row in wb["要支援者"].iter_rows(min_row=3, values_only=True)]
    roster_names = {row[2] for row in wb["名簿"].iter_rows(min_row=3, values_only=True)}
    assert refused.full_name in roster_names and refused.full_name not in register_names
    assert len(register_names) == dialog.result.register > 0
    custody = m.PrintCustody.get_by_id(dialog.result.custody_id)
    assert custody.recipient == "minsei" and custody.scope == "全体" and "災害時" not in custody.title
    assert "個人情報" in dialog.done_label.text() and dialog.close_button.text() == "閉じる"


def test_disaster_mode_needs_confirmation_and_includes_everyone(qtbot, demo_context, monkeypatch, tmp_path):
    """Disaster mode: cancelled confirmation goes back to normal; confirmed, the refusing person is in."""
    refused = _refused()
    dialog = _dialog(qtbot, demo_context, monkeypatch, tmp_path / "災害.xlsx")
    monkeypatch.setattr(ExportDialog, "ask_disaster", lambda self: None)
    qtbot.mouseClick(dialog.disaster_radio, Qt.MouseButton.LeftButton)
    assert dialog.normal_radio.isChecked() and dialog.mode == "normal"
    monkeypatch.setattr(ExportDialog, "ask_disaster", lambda self: (True, "震度6弱 安否確認"))
    qtbot.mouseClick(dialog.disaster_radio, Qt.MouseButton.LeftButton)
    assert dialog.mode == "disaster" and "震度6弱" in dialog.mode_label.text()
    qtbot.mouseClick(dialog.path_button, Qt.MouseButton.LeftButton)
    _export(qtbot, dialog)
    wb = openpyxl.load_workbook(dialog.path)
    names = {row[0] for row in wb["要支援者"].iter_rows(min_row=3, values_only=True)}
    assert refused.full_name in names
    assert m.AuditLog.select().where(m.AuditLog.reason.contains("震度6弱")).exists()


def test_shift_jis_error_names_the_person_and_suggests_utf8(qtbot, context, monkeypatch, tmp_path):
    """A name with 𠮷 cannot go into Shift_JIS: the message names them; UTF-8 then works."""
    roster.save_person({"family_name": "𠮷田", "given_name": "花", "family_reading": "よしだ"})
    roster.save_person({"family_name": "田中", "given_name": "一", "family_reading": "たなか"})
    dialog = _dialog(qtbot, context, monkeypatch, tmp_path / "名簿.csv")
    qtbot.mouseClick(dialog.csv_radio, Qt.MouseButton.LeftButton)
    assert dialog.utf8_radio.isVisible() and not dialog.disaster_radio.isVisible()
    qtbot.mouseClick(dialog.sjis_radio, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.path_button, Qt.MouseButton.LeftButton)
    _export(qtbot, dialog)
    text = dialog.message.text()
    assert dialog.result is None and "𠮷田 花" in text and "UTF-8" in text and "田中" not in text
    assert not (tmp_path / "名簿.csv").exists()
    qtbot.mouseClick(dialog.utf8_radio, Qt.MouseButton.LeftButton)
    _export(qtbot, dialog)
    assert dialog.result.people == 2 and not dialog.message.isVisible()
    with open(tmp_path / "名簿.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert "個人情報" in rows[0][0] and any("𠮷田 花" in r for r in rows)


def test_switching_format_changes_the_suffix(qtbot, context, monkeypatch, tmp_path):
    """A chosen .xlsx path becomes .csv when CSV is picked (and back)."""
    dialog = _dialog(qtbot, context, monkeypatch, tmp_path / "a.xlsx")
    qtbot.mouseClick(dialog.path_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.csv_radio, Qt.MouseButton.LeftButton)
    assert dialog.path.suffix == ".csv" and dialog.path_label.text().endswith("a.csv")
    qtbot.mouseClick(dialog.xlsx_radio, Qt.MouseButton.LeftButton)
    assert dialog.path.suffix == ".xlsx"


def test_import_history_lists_and_undoes(qtbot, context, monkeypatch, tmp_path, qtmodeltester):
    """The history lists each import; 取り消す removes the selected one and marks it undone."""
    from desktop.services import importer, tabular
    from tests.ui.transfer.conftest import HEADER, ROWS
    from ui.transfer.history_dialog import ImportHistoryDialog

    path = tmp_path / "a.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    plan = importer.plan_import(tabular.read_table(path), today=TODAY)
    importer.commit(plan, source="a.csv", skip_rows=set(plan.error_rows))
    dialog = ImportHistoryDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1 and dialog.model.data(dialog.model.index(0, 1)) == "a.csv"
    assert dialog.model.data(dialog.model.index(0, 2)) == "3"
    monkeypatch.setattr(ImportHistoryDialog, "confirm_undo", lambda self, row: True)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert m.Person.select().count() == 0 and dialog.undone_any
    assert dialog.model.data(dialog.model.index(0, 4)) == "取り消し済み" and not dialog.undo_button.isEnabled()


def test_actions_entry_points(qtbot, context, monkeypatch):
    """The menu entry points open the dialogs through their ask() and report the outcome."""
    from ui.transfer import actions
    from ui.transfer.history_dialog import ImportHistoryDialog
    from ui.transfer.import_wizard import ImportWizard

    monkeypatch.setattr(ImportWizard, "exec", lambda self: 0)
    assert actions.open_import_wizard(None, context) is False
    monkeypatch.setattr(ImportHistoryDialog, "exec", lambda self: 0)
    assert actions.open_import_history(None, context) is False
    monkeypatch.setattr(ExportDialog, "exec", lambda self: 0)
    assert actions.open_export_dialog(None, context) is None


def test_undo_is_refused_when_later_work_hangs_on_the_import(qtbot, context, monkeypatch, tmp_path):
    """A contact logged and a register record made for an imported person since: 取り消す
    explains what would be lost and removes nothing."""
    from desktop.services import contacts, importer, tabular
    from desktop.services import register as reg
    from tests.ui.transfer.conftest import HEADER, ROWS
    from ui import dialogs
    from ui.transfer.history_dialog import ImportHistoryDialog

    path = tmp_path / "a.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    plan = importer.plan_import(tabular.read_table(path), today=TODAY)
    importer.commit(plan, source="a.csv", skip_rows=set(plan.error_rows))
    person = m.Person.select().first()
    contacts.quick_log(person.id, "called")
    reg.add_to_register(person, {"reasons": ["infant"]})
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, detail="", title="": errors.append(detail))
    monkeypatch.setattr(ImportHistoryDialog, "confirm_undo", lambda self, row: True)
    dialog = ImportHistoryDialog(context)
    qtbot.addWidget(dialog)
    before = m.Person.select().count()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert m.Person.select().count() == before and not dialog.undone_any
    assert len(errors) == 1 and "連絡記録 1 件" in errors[0] and "要支援者の記録 1 件" in errors[0]
    assert m.SupportRecord.select().count() == 1 and m.ContactLog.select().count() == 1


def test_back_to_normal_times_after_choosing_disaster_leaves_refusers_out(qtbot, demo_context, monkeypatch, tmp_path):
    """災害時 confirmed, then 平常時 clicked again: the notice, the file and the ledger are all
    平常時 (the mode stayed 災害時 and everyone was exported)."""
    refused = _refused()
    dialog = _dialog(qtbot, demo_context, monkeypatch, tmp_path / "平常時.xlsx")
    monkeypatch.setattr(ExportDialog, "ask_disaster", lambda self: (True, "訓練"))
    qtbot.mouseClick(dialog.disaster_radio, Qt.MouseButton.LeftButton)
    assert dialog.mode == "disaster"
    qtbot.mouseClick(dialog.normal_radio, Qt.MouseButton.LeftButton)
    assert dialog.mode == "normal" and "訓練" not in dialog.mode_label.text()
    qtbot.mouseClick(dialog.path_button, Qt.MouseButton.LeftButton)
    _export(qtbot, dialog)
    wb = openpyxl.load_workbook(dialog.path)
    names = {row[0] for row in wb["要支援者"].iter_rows(min_row=3, values_only=True)}
    assert refused.full_name not in names and "災害時" not in wb["要支援者"]["A1"].value
    assert "災害時" not in m.PrintCustody.get_by_id(dialog.result.custody_id).title  # the ledger says normal too
