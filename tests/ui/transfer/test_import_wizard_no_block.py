"""Rows the import leaves in no 班: the check step says so, and a sheet named like a block
(5班) puts everyone in it with one click (a tester's 93-year-old living alone was in no 班
after such a file, and so on no call list or safety sheet)."""
from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt

from db import models as m

ROWS = (
    ("川口　義雄", "カワグチ ヨシオ", "105-0014", "東京都港区芝３丁目１－２", "03-5111-0001", "昭和25年1月2日", "班長"),
    ("川口　春子", "カワグチ ハルコ", "〃", "〃", "〃", "昭和27年3月4日", ""),
    ("大塚　トメ", "オオツカ トメ", "105-0014", "東京都港区芝3丁目4-1", "なし", "大正15年2月3日", "一人暮らし"),
)


@pytest.fixture
def block_sheet(tmp_path):
    """A workbook whose one sheet is called ５班 and that has no 班 column (title, blank, header on row 3)."""
    path = tmp_path / "5班名簿.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "５班"
    ws["A1"] = "令和９年度　５班　会員名簿"
    for c, h in enumerate(("氏名", "フリガナ", "郵便番号", "住所", "電話番号", "生年月日", "備考"), 1):
        ws.cell(3, c, h)
    for r, row in enumerate(ROWS, 4):
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v)
    wb.save(path)
    return path


def test_sheet_named_like_a_block_puts_everyone_in_it_with_one_click(wizard, walk, block_sheet, store, qtbot):
    """Step 4 says 3 people will be in no 班 (no 班 column) and offers 「全員をシート名の「5班」に入れる」;
    one click puts them in 5班, steps 6 and 7 say so, and the roster has every household in 5班."""
    walk.choose(wizard, block_sheet)
    walk.next(wizard, 3)
    check = wizard.current
    assert check.block_panel.isVisible()
    assert "班の列がないので、3 人はどの班にも入りません。" in check.block_label.text()
    assert check.block_button.isVisible() and check.block_button.text() == "全員をシート名の「5班」に入れる"
    qtbot.mouseClick(check.block_button, Qt.MouseButton.LeftButton)
    assert "班のない 3 人は「5班」に入ります。" in check.block_label.text()
    assert "どの班にも入りません" not in check.block_label.text()
    assert check.block_button.text() == "班に入れないでおく"  # the choice can be taken back
    walk.next(wizard, 2)
    assert "班のない 3 人は「5班」に入ります。" in wizard.run_page.details.text()
    walk.run(wizard)
    assert "班のない 3 人を「5班」に入れました。" in wizard.result_page.details.text()
    block = m.Block.get(m.Block.name == "5班")
    households = m.Household.select()
    assert households.count() == 2 and all(h.block_id == block.id for h in households)


def test_without_the_choice_the_steps_say_who_is_in_no_block(wizard, walk, block_sheet, store, qtbot):
    """Not clicking: step 6 warns before the import, step 7 says how to put them in a 班 later."""
    walk.choose(wizard, block_sheet)
    walk.next(wizard, 3)
    check = wizard.current
    qtbot.mouseClick(check.block_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(check.block_button, Qt.MouseButton.LeftButton)  # and back: no block after all
    assert "班の列がないので、3 人はどの班にも入りません。" in check.block_label.text()
    walk.next(wizard, 2)
    assert "班の列がないので、3 人はどの班にも入りません。" in wizard.run_page.details.text()
    walk.run(wizard)
    text = wizard.result_page.details.text()
    assert "3 人はどの班にも入っていません" in text and "（班なし）" in text and "世帯を開く…" in text
    assert m.Household.select().where(m.Household.block.is_null(False)).count() == 0
