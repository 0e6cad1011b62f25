"""Next year's roster in the wizard: the duplicates step, the import step and the result say
that 2班 gets the new 班長 and who of the roster is not in the file; undo puts the 班長 back."""
from __future__ import annotations

from collections import Counter

import openpyxl
import pytest
from PySide6.QtCore import Qt

from db import models as m
from desktop.services import exporter
from ui.transfer.pages_duplicates import DuplicatePage
from ui.transfer.pages_finish import ResultPage

NEW_FAMILY = (("2班", 900, "新井 健一", "あらい けんいち", "本人", "○", "昭和50年4月1日", "男", "105-0022",
               "東京都港区海岸1丁目7-8", None, None, None, None, "会員", None, "班長"),
              ("2班", 900, "新井 由紀", "あらい ゆき", "妻", None, "H2.3.3", "女", "105-0022",
               "東京都港区海岸1丁目7-8", None, None, None, None, "会員", None, None))


@pytest.fixture
def store(demo_store):
    """The wizard on the demo association (300 people, 8 班, their 班長 and call trees)."""
    return demo_store


def _next_year(tmp_path, old: str) -> tuple:
    """Exported, then edited: 2班's 班長 mark moved to a new family, 2 rows deleted."""
    export = tmp_path / "export.xlsx"
    exporter.export(export)
    wb = openpyxl.load_workbook(export)
    ws = wb["名簿"]
    col = {c.value: i + 1 for i, c in enumerate(ws[2])}
    rows = list(range(3, ws.max_row + 1))
    name = {r: ws.cell(r, col["氏名"]).value for r in rows}
    leader = next(r for r in rows if name[r] == old)
    ws.cell(leader, col["役割"]).value = None
    count = Counter(name.values())
    gone = [r for r in reversed(rows) if not ws.cell(r, col["役割"]).value and count[name[r]] == 1][:2]
    for r in gone:
        ws.delete_rows(r)
    for values in NEW_FAMILY:
        ws.append(values)
    out = tmp_path / "roster_R9.xlsx"
    wb.save(out)
    return out, [name[r] for r in gone]


def test_the_wizard_says_the_new_班長_takes_over_and_who_is_not_in_the_file(wizard, walk, qtbot, monkeypatch,
                                                                           tmp_path):
    """Before: the duplicates step and the import step; after: the result. Undo: the old 班長 leads again."""
    block = m.Block.get(m.Block.name == "2班")
    old = block.leader.full_name
    path, gone = _next_year(tmp_path, old)
    walk.choose(wizard, path)
    walk.next(wizard, 4)
    page = wizard.current
    assert isinstance(page, DuplicatePage)
    before = f"2班の班長は{old}さんから新井 健一さんに替わります。連絡網も新井 健一さんから始まります。"
    notice = page.roster_label
    assert notice.isVisible() and before in notice.text()
    assert "名簿にいて、このファイルにいない人が 2 人います（" in notice.text()
    assert all(f"{n}さん" in notice.text() for n in gone)
    assert "取り込みでは消しません。転出や死亡は名簿で変えてください。" in notice.text()
    walk.next(wizard)
    assert before in wizard.run_page.details.text()
    walk.run(wizard)
    assert isinstance(wizard.current, ResultPage), wizard.run_page.error_label.text()
    result = wizard.result_page.details.text()
    assert f"2班の班長を{old}さんから新井 健一さんに替えました。連絡網も新井 健一さんから始まります。" in result
    assert "名簿にいて、このファイルにいない人が 2 人います（" in result
    assert m.Block.get_by_id(block.id).leader.full_name == "新井 健一"
    monkeypatch.setattr(ResultPage, "confirm_undo", lambda self: True)
    qtbot.mouseClick(wizard.result_page.undo_button, Qt.MouseButton.LeftButton)
    assert m.Block.get_by_id(block.id).leader.full_name == old
    assert "block_leader" in m.Block.get_by_id(block.id).leader.roles
