"""Step 5: この人だけ引っ越し, chosen with the mouse. The page says in one sentence who gets a new
household and who stays; the run and result pages say it again; undo puts the son back."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import models as m
from tests.services.test_import_move_alone import HEADER, ICHIRO_FLAT, make_yamadas
from ui.transfer.pages_duplicates import DuplicatePage


@pytest.fixture
def yamadas(store):
    """山田 太郎 (head), 花子 and 一郎, one household in 1班."""
    return make_yamadas()


def _to_duplicates(wizard, walk, tmp_path, rows) -> DuplicatePage:
    path = tmp_path / "令和9年度名簿.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    walk.choose(wizard, path)
    walk.next(wizard, 4)
    page = wizard.current
    assert isinstance(page, DuplicatePage)
    return page


def test_choosing_only_this_person_moved_by_clicking(wizard, walk, yamadas, tmp_path, qtbot):
    """一郎 gets a household of his own at the file's address in 2班; 太郎 and 花子 stay; undo brings him back."""
    ichiro = yamadas["一郎"]
    home = ichiro.household_id
    page = _to_duplicates(wizard, walk, tmp_path, ICHIRO_FLAT)
    move = page.radios["move"]
    assert move.isVisible() and move.text() == "この人だけ引っ越し"
    qtbot.mouseClick(move, Qt.MouseButton.LeftButton)
    assert move.isChecked() and page.model.data(page.model.index(0, 4)) == "この人だけ引っ越し"
    assert page.choice_hint.text().startswith(
        "山田 一郎さんだけが新しい住所（東京都港区芝3丁目5-1 芝ハイツ201、2班）の世帯になります。"
        "山田 太郎さん、山田 花子さんはいまの住所のままです。")
    for key in ("address", "landline", "block"):  # the new household takes the file's: nothing to tick
        assert not page.replace_boxes[key].isVisible() and not page.notes[key].isVisible(), key
    wizard.scroll.ensureWidgetVisible(page.db_cells["status"])  # a person scrolls down the comparison
    assert wizard.scroll.verticalScrollBar().value() > 0
    walk.next(wizard)
    assert wizard.scroll.verticalScrollBar().value() == 0  # the next step is seen from its top
    details = wizard.run_page.details.text()
    assert "名簿にいる1人を、新しい世帯にします。" in details
    assert "・山田 一郎さんだけが新しい住所（東京都港区芝3丁目5-1 芝ハイツ201、2班）の世帯になります。" in details
    walk.run(wizard)
    result = wizard.result_page.details.text()
    assert "名簿にいる1人を、新しい世帯にしました。" in result
    assert "山田 太郎さん、山田 花子さんはもとの住所のままです。" in result
    now = m.Person.get_by_id(ichiro.id)
    assert (now.household.address2, now.household.block.name, now.is_head) == ("3丁目5-1 芝ハイツ201", "2班", True)
    assert [p.given_name for p in m.Person.select().where(m.Person.household == home)] == ["太郎", "花子"]
    wizard.result_page.confirm_undo = lambda: True
    qtbot.mouseClick(wizard.result_page.undo_button, Qt.MouseButton.LeftButton)
    assert "新しい世帯にした1人も、もとの世帯に戻しました。" in wizard.result_page.undo_label.text()
    back = m.Person.get_by_id(ichiro.id)
    assert (back.household_id, back.is_head, back.household_order, back.relation) == (home, False, 2, "長男")
    assert m.Household.select().count() == 1


def test_not_offered_for_the_same_home(wizard, walk, yamadas, tmp_path, qtbot):
    """The file puts 一郎 at home, in 1班: merging does it, the page offers nothing new."""
    page = _to_duplicates(wizard, walk, tmp_path,
                          "山田 一郎,ヤマダ イチロウ,1970/8/1,1班,1050011,東京都港区芝公園1丁目15-4,,090-1111-2222,\n")
    assert not page.radios["move"].isVisible()
    qtbot.mouseClick(page.radios["merge"], Qt.MouseButton.LeftButton)
    assert "この人だけ引っ越し" not in page.choice_hint.text()


def test_merge_points_to_the_new_choice(wizard, walk, yamadas, tmp_path, qtbot):
    """統合する on a row at another address: the hint names the choice that keeps the others at home."""
    page = _to_duplicates(wizard, walk, tmp_path, ICHIRO_FLAT)
    qtbot.mouseClick(page.radios["merge"], Qt.MouseButton.LeftButton)
    assert "山田 一郎さんだけが引っ越して、ほかの人がいまの住所に残るときは、「この人だけ引っ越し」を選んでください。" in (
        page.choice_hint.text())
