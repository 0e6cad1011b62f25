"""The import wizard, driven with the mouse through real files on a real encrypted store."""
from __future__ import annotations

from PySide6.QtCore import Qt

from db import models as m
from desktop.services import importer
from tests.ui.transfer.conftest import BAD_PHONE_ROW, DUPLICATE_ROW
from ui.transfer.pages_check import CheckPage
from ui.transfer.pages_duplicates import DuplicatePage
from ui.transfer.pages_file import SheetPage
from ui.transfer.pages_finish import ResultPage
from ui.transfer.pages_mapping import MappingPage


def _names():
    return sorted(p.full_name for p in m.Person.select().where(m.Person.deleted_at.is_null()))


def test_messy_csv_skip_bad_row_keep_duplicate_out(wizard, walk, messy_csv, suzuki, qtbot):
    """cp932 CSV with a title row, a bad phone and a known person: 2 new people, nothing else."""
    walk.choose(wizard, messy_csv)
    assert "名簿.csv" in wizard.file_page.file_label.text() and "Shift_JIS" in wizard.file_page.detail_label.text()
    walk.next(wizard)
    sheet = wizard.current
    assert isinstance(sheet, SheetPage) and wizard.state.header_index == 1  # the title row is skipped
    assert "氏名" in sheet.header_label.text()
    walk.next(wizard)
    assert isinstance(wizard.current, MappingPage)
    assert wizard.state.mapping[4] == "landline" and wizard.state.mapping[0] == "full_name"
    walk.next(wizard)
    check = wizard.current
    assert isinstance(check, CheckPage)
    errors = [p for p in check.model.problems if p.severity == importer.ERROR]
    assert [(p.row, p.column, p.value) for p in errors] == [(BAD_PHONE_ROW, "電話", "12345")]
    assert check.model.data(check.model.index(0, 5)) == "この行を飛ばす"
    assert "2人" in check.counts_label.text() and "1行" in check.counts_label.text()
    walk.next(wizard)
    dups = wizard.current
    assert isinstance(dups, DuplicatePage) and [d.row for d in dups.model.duplicates] == [DUPLICATE_ROW]
    assert dups.radios["out"].isChecked()  # the default: not imported
    assert dups.file_cells["birth_date"].text() == dups.db_cells["birth_date"].text()
    walk.next(wizard)
    walk.run(wizard)
    assert isinstance(wizard.current, ResultPage), wizard.run_page.error_label.text()
    assert _names() == ["山田 太郎", "山田 花子", "鈴木 一郎"]
    taro = m.Person.get(m.Person.given_name == "太郎")
    assert taro.is_head and taro.household.landline == "0354711234" and taro.household.block.name == "1班"
    assert m.Person.get(m.Person.given_name == "花子").household_id == taro.household_id
    assert m.Person.get(m.Person.given_name == "一郎").import_batch_id is None  # untouched
    assert wizard.imported
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # 閉じる
    assert not wizard.isVisible()


def test_mapping_dropdown_changes_what_is_imported(wizard, walk, messy_csv, store, qtbot):
    """Setting the 電話 column to 携帯 puts the numbers on the people, not the household."""
    walk.choose(wizard, messy_csv)
    walk.next(wizard, 2)
    page = wizard.current
    combo = page.combo_for(4)
    assert combo.currentData() == "landline" and combo.currentText() == "電話"
    combo.setCurrentIndex(combo.findData("mobile"))
    assert page.model.mapping[4] == "mobile" and wizard.state.mapping[4] == "mobile"
    # the 氏名 column set to 使わない: no name, no way on
    name_combo = page.combo_for(0)
    name_combo.setCurrentIndex(name_combo.findData(""))
    assert not wizard.next_button.isEnabled() and page.error_label.isVisible()
    name_combo.setCurrentIndex(name_combo.findData("full_name"))
    walk.next(wizard, 3)
    walk.run(wizard)
    taro = m.Person.get(m.Person.given_name == "太郎")
    assert taro.mobile == "0354711234" and taro.household.landline == ""


def test_tab_goes_down_the_dropdowns_and_on_out_of_the_table(wizard, walk, messy_csv, qtbot):
    """Keyboard only: Tab passes each column's drop-down once, top to bottom, then leaves the
    table for the name to save and the wizard's buttons (it used to stop on every cell of each row
    and wrap round to the first row for good); Shift+Tab goes back up."""
    from PySide6.QtWidgets import QApplication

    walk.choose(wizard, messy_csv)
    walk.next(wizard, 2)
    page = wizard.current
    combos = [page.combo_for(row) for row in range(page.model.rowCount())]
    wizard.activateWindow()
    combos[0].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(combos[0].hasFocus)
    passed = [combos[0]]
    for _i in range(len(combos)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        passed.append(QApplication.focusWidget())
        if passed[-1] in combos:  # each drop-down Tab reaches is in sight
            assert page.view.viewport().rect().intersects(passed[-1].geometry())
    assert passed == [*combos, page.preset_name]
    qtbot.keyClick(page.preset_name, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is combos[-1]
    assert page.model.mapping == wizard.state.mapping  # Tab changed no choice


def test_saved_preset_is_applied_next_time(qtbot, context, walk, messy_csv, type_text):
    """A mapping saved with a name is offered in the next import and applied with one click."""
    from ui.transfer.import_wizard import ImportWizard

    first = ImportWizard(context)
    qtbot.addWidget(first)
    walk.choose(first, messy_csv)
    walk.next(first, 2)
    page = first.current
    combo = page.combo_for(4)
    combo.setCurrentIndex(combo.findData("mobile"))
    type_text(page.preset_name, "町会名簿")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "町会名簿" in page.saved_label.text()
    assert importer.load_preset("町会名簿")["電話"] == "mobile"
    first.reject()

    second = ImportWizard(context)
    qtbot.addWidget(second)
    walk.choose(second, messy_csv)
    walk.next(second, 2)
    page = second.current
    assert second.state.mapping[4] == "landline"  # automatic guess before the preset
    assert page.preset_combo.currentText() == "町会名簿"
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert second.state.mapping[4] == "mobile" and page.combo_for(4).currentData() == "mobile"
    walk.next(second, 3)
    walk.run(second)
    assert m.Person.get(m.Person.given_name == "太郎").mobile == "0354711234"


def test_undo_from_result_page_removes_exactly_the_batch(wizard, walk, messy_csv, suzuki, qtbot, monkeypatch):
    """「この取り込みを取り消す」 removes the batch's people, households and blocks; the rest stays."""
    before = (m.Person.select().count(), m.Household.select().count(), m.Block.select().count())
    walk.choose(wizard, messy_csv)
    walk.next(wizard, 5)
    walk.run(wizard)
    assert m.Person.select().count() == before[0] + 2
    monkeypatch.setattr(ResultPage, "confirm_undo", lambda self: True)
    qtbot.mouseClick(wizard.result_page.undo_button, Qt.MouseButton.LeftButton)
    assert (m.Person.select().count(), m.Household.select().count(), m.Block.select().count()) == before
    assert m.Person.get_by_id(suzuki.id).full_name == "鈴木 一郎"
    assert m.ImportBatch.get().undone_at is not None
    assert "2" in wizard.result_page.undo_label.text() and not wizard.result_page.undo_button.isEnabled()
    assert not wizard.imported


def test_broken_quotes_file_shows_message_and_changes_nothing(wizard, walk, messy_csv, tmp_path, store):
    """A file with an unclosed quote says which line, keeps the earlier file and writes nothing."""
    walk.choose(wizard, messy_csv)
    bad = tmp_path / "壊れた.csv"
    bad.write_text('氏名,ふりがな,住所\n山田 太郎,"やまだ たろう,東京都\n' + "x,y,z\n" * 10, encoding="utf-8")
    walk.choose(wizard, bad)
    page = wizard.file_page
    assert page.error_label.isVisible()
    # tabular reports the line where the reader gave up (the end), not where the quote opened
    assert "引用符" in page.error_label.text() and "壊れた.csv" in page.error_label.text()
    assert wizard.state.path == messy_csv and "名簿.csv" in page.file_label.text()  # nothing lost
    assert m.Person.select().count() == 0 and m.ImportBatch.select().count() == 0


def test_bad_file_first_keeps_next_disabled(wizard, walk, tmp_path):
    """With only a bad file chosen (an old .xls), the message says what to do and 次へ stays off."""
    old = tmp_path / "名簿.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    walk.choose(wizard, old)
    assert "xlsx" in wizard.file_page.error_label.text()
    assert not wizard.next_button.isEnabled() and wizard.state.table is None


def test_a_photo_is_named_as_a_picture(wizard, walk, tmp_path):
    """A photo chosen by mistake: the message says it is a picture and which files can be imported."""
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    walk.choose(wizard, photo)
    text = wizard.file_page.error_label.text()
    assert "IMG_0001.jpg" in text and "写真や画像" in text and ".xlsx" in text and ".csv" in text
    assert "（e0）" not in text and "ff" not in text  # no raw bytes from reading it as text
    assert not wizard.next_button.isEnabled() and wizard.state.table is None


def test_a_big_workbook_is_read_without_freezing_the_window(wizard, walk, tmp_path, store, qtbot):
    """Reading and checking a few thousand rows happens off the window's thread: timers (and
    painting) keep running while the file is read, and the wizard goes on when it is done."""
    import openpyxl
    from PySide6.QtCore import QTimer

    path = tmp_path / "大きな名簿.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["氏名", "ふりがな", "住所", "電話", "班"])
    for i in range(6000):
        ws.append([f"港 人{i}", f"みなと ひと{i}", f"東京都港区港南1丁目{i}-1", f"03-5471-{i % 10000:04d}", f"{i % 9 + 1}班"])
    wb.save(path)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    try:
        walk.choose(wizard, path)  # returns once the workbook is read
        during_read = len(ticks)
        walk.next(wizard, 3)  # file → sheet → mapping → check: every row is checked on the way
        during_check = len(ticks) - during_read
    finally:
        timer.stop()
    assert wizard.state.table is not None and len(wizard.state.table.rows) == 6001
    assert wizard.state.plan is not None and len(wizard.state.plan.people) == 6000
    assert during_read >= 1 and during_check >= 1  # the event loop ran while the work was done (0 before)


def test_closing_after_choosing_rows_asks_first(wizard, walk, messy_csv, qtbot, _discard_answers):
    """Esc on the 重複 step after choosing what to do with a row asks before dropping it;
    入力を続ける keeps the wizard and the choice."""
    walk.choose(wizard, messy_csv)
    walk.next(wizard, 3)
    walk.next(wizard)  # the duplicates step; the default choice is already recorded
    wizard.state.dup_choices.setdefault(DUPLICATE_ROW, "both")
    _discard_answers["next"].append(False)
    wizard.reject()
    assert _discard_answers["asked"] == 1 and wizard.isVisible() and wizard.state.dup_choices
    wizard.reject()
    assert _discard_answers["asked"] == 2 and not wizard.isVisible()


def test_duplicate_birth_dates_follow_the_date_setting(context, wizard, walk, messy_csv, suzuki):
    """「重複の確認」 shows the birth dates in 西暦 when 設定 says 西暦 (it always showed 和暦)."""
    from desktop import settings as options

    context.settings.set(options.DATE_STYLE, options.DATE_SEIREKI)
    walk.choose(wizard, messy_csv)
    walk.next(wizard, 4)
    dups = wizard.current
    assert isinstance(dups, DuplicatePage)
    assert dups.db_cells["birth_date"].text() == "1950年1月2日" == dups.file_cells["birth_date"].text()


def test_the_fix_box_comes_into_sight_in_large_text(qtbot, qapp, wizard, walk, messy_csv, suzuki):
    """Large text on a small screen: the problems table filled the step and 「直す」's box was
    below the fold; choosing a row and then 直す scrolls the box into sight with the cursor in it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScrollArea

    from ui import style

    style.apply(qapp, True)
    try:
        wizard.resize(1000, 600)
        walk.choose(wizard, messy_csv)
        walk.next(wizard, 3)
        check = wizard.current
        assert isinstance(check, CheckPage)
        check.view.selectRow(0)
        qtbot.mouseClick(check.fix_radio, Qt.MouseButton.LeftButton)
        scroll = next(w for w in wizard.findChildren(QScrollArea) if w.widget() is wizard.stack)
        top = check.fix_edit.mapTo(scroll.viewport(), QPoint(0, 0)).y()
        assert 0 <= top and top + check.fix_edit.height() <= scroll.viewport().height()
        assert check.fix_edit.hasFocus() or qapp.focusWidget() is check.fix_edit
    finally:
        style.apply(qapp, False)
