"""The wizard's finer choices: fixing a row, splitting a household, merging a duplicate,
workbooks with sheets, hidden columns and a header picked by hand; the models."""
from __future__ import annotations

import datetime as dt

import openpyxl
from PySide6.QtCore import Qt

from db import models as m
from tests.ui.transfer.conftest import BAD_PHONE_ROW, DUPLICATE_ROW
from ui.transfer.pages_duplicates import DuplicatePage


def test_fix_a_value_in_place_imports_the_row(wizard, walk, messy_csv, store, qtbot, type_text):
    """直す: a corrected phone is checked again and the row is imported."""
    walk.choose(wizard, messy_csv)
    walk.next(wizard, 3)
    check = wizard.current
    check.select_row(BAD_PHONE_ROW)
    assert check.choice_panel.isVisible() and check.skip_radio.isChecked()
    qtbot.mouseClick(check.fix_radio, Qt.MouseButton.LeftButton)
    assert check.fix_edit.isEnabled()
    check.fix_edit.clear()
    type_text(check.fix_edit, "0123")  # still wrong
    qtbot.mouseClick(check.fix_button, Qt.MouseButton.LeftButton)
    assert "まだ直っていません" in check.fix_hint.text()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current is check and str(BAD_PHONE_ROW) in check.error_label.text()  # chose 直す, not fixed
    check.select_row(BAD_PHONE_ROW)
    check.fix_edit.clear()
    type_text(check.fix_edit, "03-5555-7777")
    qtbot.mouseClick(check.fix_button, Qt.MouseButton.LeftButton)
    assert not wizard.state.error_rows() and "直りました" in check.counts_label.text()
    walk.next(wizard, 2)
    walk.run(wizard)
    jiro = m.Person.get(m.Person.given_name == "次郎")
    assert jiro.household.landline == "0355557777"
    assert m.Person.select().count() == 4  # no one in the store before: 鈴木 is not a duplicate here


def test_split_a_person_into_their_own_household(wizard, walk, messy_csv, store, qtbot):
    """別の世帯にする: 山田 花子 gets a household of her own, as head."""
    walk.choose(wizard, messy_csv)
    walk.next(wizard, 3)
    check = wizard.current
    qtbot.mouseClick(check.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=check.tabs.tabBar().tabRect(1).center())
    assert check.tabs.currentIndex() == 1 and check.tree.topLevelItemCount() == 2  # 佐藤 (bad phone) is left out
    check.select_person(4)
    assert check.split_button.isEnabled()
    qtbot.mouseClick(check.split_button, Qt.MouseButton.LeftButton)
    assert check.tree.topLevelItemCount() == 3 and not check.split_button.isEnabled()
    walk.next(wizard)
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)  # back and forth keeps the split
    assert wizard.current.tree.topLevelItemCount() == 3
    walk.next(wizard, 2)
    walk.run(wizard)
    taro, hanako = m.Person.get(m.Person.given_name == "太郎"), m.Person.get(m.Person.given_name == "花子")
    assert taro.household_id != hanako.household_id and hanako.is_head and taro.is_head


def test_merge_fills_empty_fields_and_only_picked_ones(wizard, walk, messy_csv, suzuki, qtbot):
    """統合する: the phone and mobile missing in the roster come in; the address only when ticked."""
    walk.choose(wizard, messy_csv)
    walk.next(wizard, 4)
    page = wizard.current
    assert isinstance(page, DuplicatePage)
    page.select(DUPLICATE_ROW)
    assert not page.replace_boxes["address"].isVisible()
    qtbot.mouseClick(page.radios["merge"], Qt.MouseButton.LeftButton)
    assert page.model.data(page.model.index(0, 4)) == "統合する"
    assert page.replace_boxes["address"].isVisible() and not page.replace_boxes["landline"].isVisible()
    walk.next(wizard)
    assert "統合" in wizard.run_page.details.text()
    walk.run(wizard)
    suzuki = m.Person.get_by_id(suzuki.id)
    assert suzuki.household.landline == "0355556666"  # was empty: filled
    assert suzuki.household.address2 == "3-3-3"  # differs, not ticked: kept
    assert m.Person.select().where(m.Person.family_name == "鈴木").count() == 1
    assert m.AuditLog.select().where(m.AuditLog.action == "merge_import_row").count() == 1
    # undo puts the merged person back as they were
    wizard.result_page.confirm_undo = lambda: True
    qtbot.mouseClick(wizard.result_page.undo_button, Qt.MouseButton.LeftButton)
    assert m.Person.get_by_id(suzuki.id).household.landline == ""


def test_merge_with_replace_ticked(wizard, walk, messy_csv, suzuki, qtbot):
    """A ticked 置き換える overwrites that group (the address) with the file's value."""
    walk.choose(wizard, messy_csv)
    walk.next(wizard, 4)
    page = wizard.current
    qtbot.mouseClick(page.radios["merge"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.replace_boxes["address"], Qt.MouseButton.LeftButton)
    walk.next(wizard)
    walk.run(wizard)
    household = m.Person.get_by_id(suzuki.id).household
    assert (household.address1, household.address2) == ("東京都港区高輪", "3丁目3-3")


def test_keep_both_imports_the_duplicate(wizard, walk, messy_csv, suzuki, qtbot):
    """両方残す for all: the duplicate row becomes a second person."""
    walk.choose(wizard, messy_csv)
    walk.next(wizard, 4)
    qtbot.mouseClick(wizard.current.all_both, Qt.MouseButton.LeftButton)
    assert wizard.current.radios["both"].isChecked()
    walk.next(wizard)
    walk.run(wizard)
    assert m.Person.select().where(m.Person.family_name == "鈴木").count() == 2


def _workbook(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "メモ"
    ws.append(["これは名簿ではありません"])
    ws.append(["ただのメモ"])
    roster = wb.create_sheet("会員名簿")
    roster.append(["会員名簿（令和8年）"])
    roster.append(["番号", "名前", "よみ", "住所", "班", "内部メモ"])
    roster.append([1, "高橋 一郎", "たかはし いちろう", "東京都港区港南3丁目1-1", "3班", "秘密"])
    roster.append([2, "高橋 和子", "たかはし かずこ", "東京都港区港南3丁目1-1", "3班", ""])
    roster.column_dimensions["F"].hidden = True
    register = wb.create_sheet("要支援者")
    register.append(["氏名", "ふりがな", "生年月日", "理由", "同意"])
    register.append(["高橋 一郎", "たかはし いちろう", dt.date(1940, 2, 3), "高齢", "同意"])
    wb.active = 0
    path = tmp_path / "名簿.xlsx"
    wb.save(path)
    return path


def test_workbook_sheet_header_hidden_columns_and_register(wizard, walk, tmp_path, store, qtbot):
    """Choose the sheet, click the header row, use a hidden column; the register sheet is attached."""
    walk.choose(wizard, _workbook(tmp_path))
    walk.next(wizard)
    page = wizard.current
    assert page.sheet_combo.isVisible() and wizard.state.table.sheet == "メモ"
    assert wizard.state.header_index is None and not wizard.next_button.isEnabled()
    page.sheet_combo.setCurrentIndex(page.sheet_combo.findText("会員名簿"))
    page.sheet_combo.activated.emit(page.sheet_combo.currentIndex())
    assert wizard.state.table.sheet == "会員名簿" and wizard.state.header_index == 1
    assert "要支援者" in page.register_label.text() and page.register_label.isVisible()
    # clicking the title row makes it the header; clicking the real one puts it back
    view = page.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(page.model.index(0, 0)).center())
    assert wizard.state.header_index == 0 and "1行目" in page.header_label.text()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(page.model.index(1, 1)).center())
    assert wizard.state.header_index == 1
    assert "F（内部メモ）" in page.hidden_label.text() and not page.hidden_box.isChecked()
    qtbot.mouseClick(page.hidden_box, Qt.MouseButton.LeftButton)
    walk.next(wizard)
    mapping = wizard.current
    assert wizard.state.mapping == {1: "full_name", 2: "full_reading", 3: "address", 4: "block"}
    combo = mapping.combo_for(5)
    combo.setCurrentIndex(combo.findData("notes"))
    walk.next(wizard, 3)
    assert "要支援者" in wizard.run_page.details.text()
    walk.run(wizard)
    ichiro = m.Person.get(m.Person.given_name == "一郎")
    assert ichiro.notes == "秘密"
    assert m.SupportRecord.get(m.SupportRecord.person == ichiro).consent == m.CONSENT_YES
    assert "要支援者名簿に加えました" in wizard.result_page.details.text()


def test_models_pass_the_model_tester(wizard, walk, messy_csv, suzuki, qtmodeltester):
    """Preview, mapping, problem and duplicate models are well-behaved Qt models."""
    walk.choose(wizard, messy_csv)
    walk.next(wizard)
    qtmodeltester.check(wizard.current.model)
    walk.next(wizard)
    qtmodeltester.check(wizard.current.model)
    walk.next(wizard)
    qtmodeltester.check(wizard.current.model)
    walk.next(wizard)
    qtmodeltester.check(wizard.current.model)
