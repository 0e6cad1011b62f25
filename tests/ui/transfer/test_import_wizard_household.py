"""Step 5 with next year's roster: the 班 and status a file row says, the others in the
household a change reaches, and what the roster keeps, said before and after the import."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import models as m
from desktop.services import roster
from tests.services.test_import_merge_household import HEADER, SUMIKO_MOVED, make_yamada
from ui.transfer.pages_duplicates import DuplicatePage


@pytest.fixture
def yamada(store):
    """山田 修 and 澄子, one household in 1班."""
    return make_yamada()


@pytest.fixture
def next_year(tmp_path):
    path = tmp_path / "令和9年度名簿.csv"
    path.write_text(HEADER + SUMIKO_MOVED, encoding="utf-8")
    return path


def _to_duplicates(wizard, walk, path) -> DuplicatePage:
    walk.choose(wizard, path)
    walk.next(wizard, 4)
    page = wizard.current
    assert isinstance(page, DuplicatePage)
    return page


def test_grid_shows_block_and_status_and_names_the_household(wizard, walk, next_year, yamada, qtbot):
    """班 and 状態 are compared and can be replaced; the notes under the address and 班 name 修."""
    osamu, sumiko = yamada
    page = _to_duplicates(wizard, walk, next_year)
    assert page.differ_label.isVisible() and "1 行" in page.differ_label.text()
    assert page.model.data(page.model.index(0, 3)).endswith("住所・班・状態が違う")
    assert (page.file_cells["block"].text(), page.db_cells["block"].text()) == ("2班", "1班")
    assert (page.file_cells["status"].text(), page.db_cells["status"].text()) == ("転出", "会員")
    assert not page.notes["address"].isVisible()  # nothing is merged yet
    qtbot.mouseClick(page.radios["merge"], Qt.MouseButton.LeftButton)
    for key in ("address", "block", "status"):
        assert page.replace_boxes[key].isVisible(), key
    assert page.notes["address"].text() == "置き換えると、世帯全員（山田 修さん）の住所が変わります。"
    assert page.notes["block"].text() == "置き換えると、世帯全員（山田 修さん）が2班に移ります。"
    # 転出 is a status, not a new home: the roster keeps her in the household, marked moved out
    assert not page.radios["move"].isVisible() and "だけが引っ越して" not in page.choice_hint.text()
    for key in ("address", "block", "status"):
        qtbot.mouseClick(page.replace_boxes[key], Qt.MouseButton.LeftButton)
    assert page.notes["address"].text() == "世帯全員（山田 修さん）の住所が変わります。"
    assert page.notes["block"].text() == "世帯全員（山田 修さん）が2班に移ります。"
    walk.next(wizard)
    details = wizard.run_page.details.text()
    assert "山田 澄子さん：住所、班（1班 → 2班）、状態（会員 → 転出）が変わります。" in details
    assert "同じ世帯の山田 修さんも、住所、班が変わります。" in details
    walk.run(wizard)
    assert "同じ世帯の山田 修さんも、住所、班が変わりました。" in wizard.result_page.details.text()
    for person in (osamu, sumiko):
        h = m.Person.get_by_id(person.id).household
        assert (h.address2, h.block.name) == ("9丁目9-9", "2班")
    assert [p.status for p in (m.Person.get_by_id(osamu.id), m.Person.get_by_id(sumiko.id))] == ["member", "moved"]
    wizard.result_page.confirm_undo = lambda: True
    qtbot.mouseClick(wizard.result_page.undo_button, Qt.MouseButton.LeftButton)
    assert "統合した1人も、取り込む前の内容に戻しました。" in wizard.result_page.undo_label.text()
    h = m.Person.get_by_id(sumiko.id).household
    assert (h.address2, h.block.name, m.Person.get_by_id(sumiko.id).status) == ("1丁目15-4", "1班", "member")


def test_left_out_rows_with_news_are_listed_before_and_after(wizard, walk, next_year, yamada, qtbot):
    """取り込まない (the default): the run page and the result both name 澄子 and what the roster keeps."""
    _osamu, sumiko = yamada
    _to_duplicates(wizard, walk, next_year)
    walk.next(wizard)
    details = wizard.run_page.details.text()
    assert "ファイルの 1 人は、住所・電話・班・状態のどれかが名簿と違います。名簿はいまのままです：" in details
    assert "山田 澄子さん（2行目）：住所「東京都港区海岸9丁目9-9」、班 1班 → 2班、状態 会員 → 転出" in details
    walk.run(wizard)
    assert "山田 澄子さん（2行目）：住所「東京都港区海岸9丁目9-9」、班 1班 → 2班、状態 会員 → 転出" in wizard.result_page.details.text()
    assert m.Person.get_by_id(sumiko.id).status == m.STATUS_MEMBER


def test_household_alone_gets_no_household_note(wizard, walk, next_year, yamada, qtbot):
    """澄子 living alone: replacing her address reaches nobody else, so no note; a new 班 is still said."""
    osamu, sumiko = yamada
    own, _e = roster.save_household({"address1": "東京都港区芝公園", "address2": "1丁目15-4", "block": None})
    roster.save_person({"household": own.id, "family_name": "山田"}, m.Person.get_by_id(sumiko.id))
    next_year.write_text(HEADER + SUMIKO_MOVED.replace("2班", "新9班"), encoding="utf-8")
    page = _to_duplicates(wizard, walk, next_year)
    qtbot.mouseClick(page.radios["merge"], Qt.MouseButton.LeftButton)
    assert page.replace_boxes["address"].isVisible() and not page.notes["address"].isVisible()
    assert not page.replace_boxes["block"].isVisible()  # no 班 yet: filled, nothing to replace
    assert page.notes["block"].text() == "「新9班」という班はまだないので、新しく作ります。"
    assert "だけが引っ越して" not in page.choice_hint.text()


def test_a_new_phone_and_an_address_written_otherwise_are_told_apart(wizard, walk, yamada, tmp_path, qtbot):
    """Next year's file: 修's row has a new landline and mobile, 澄子's the same address in
    full-width digits. Only 修's row is flagged (「電話・携帯が違う」); 「違いのある行をすべて統合
    する」 merges it with those ticked, and the import writes the new numbers."""
    osamu, sumiko = yamada
    path = tmp_path / "令和9年度名簿.csv"
    path.write_text("氏名,フリガナ,生年月日,班,郵便番号,住所,電話,携帯\n"
                    "山田 修,ヤマダ オサム,1936/5/5,1班,1050011,東京都港区芝公園1丁目15-4,03-3433-9999,090-1234-5678\n"
                    "山田 澄子,ヤマダ スミコ,S13.1.17,1班,1050011,東京都港区芝公園１丁目１５－４,03-3433-1111,\n",
                    encoding="utf-8")
    page = _to_duplicates(wizard, walk, path)
    assert set(page.differences) == {2}
    assert page.model.data(page.model.index(0, 3)).endswith("電話・携帯が違う")
    assert page.all_differing.isVisible() and "1 行" in page.differ_label.text()
    qtbot.mouseClick(page.all_differing, Qt.MouseButton.LeftButton)
    assert wizard.state.dup_choices[2] == "merge" and wizard.state.merge_fields[2] == {"landline", "mobile"}
    assert wizard.state.dup_choices.get(3, "out") == "out"  # 澄子: same address, left out as by default
    walk.next(wizard)
    walk.run(wizard)
    now = m.Person.get_by_id(osamu.id)
    assert (now.household.landline, now.mobile) == ("0334339999", "09012345678")
    assert now.household.address2 == "1丁目15-4"  # 澄子's row said the same address: nothing changed


def test_the_choice_and_the_way_back_are_in_sight_on_a_small_screen(wizard, walk, next_year, yamada, qtbot, qapp):
    """1024×768 in large text: step 5's 「どうするか」 column and its radio buttons are in sight
    without scrolling (the comparison comes after them), and after the import 「この取り込みを
    取り消す」 is above the details, however long they run."""
    from PySide6.QtCore import QPoint

    from ui import style

    style.apply(qapp, True)
    wizard.resize(1024, 700)
    page = _to_duplicates(wizard, walk, next_year)
    viewport = wizard.scroll.viewport()

    def in_sight(widget) -> bool:
        top = widget.mapTo(viewport, QPoint(0, 0)).y()
        return widget.isVisible() and 0 <= top and top + widget.height() <= viewport.height()

    assert wizard.scroll.verticalScrollBar().value() == 0
    assert in_sight(page.radios["merge"]) and in_sight(page.radios["out"])
    header = page.view.horizontalHeader()
    choice_right = header.sectionViewportPosition(4) + header.sectionSize(4)
    assert choice_right <= page.view.viewport().width()  # 「どうするか」 is not cut off the right edge
    assert page.view.model().data(page.view.model().index(0, 3), Qt.ItemDataRole.ToolTipRole)
    walk.next(wizard)
    walk.run(wizard)
    result = wizard.result_page
    assert in_sight(result.undo_button)
    assert result.undo_button.mapTo(result, QPoint(0, 0)).y() < result.details.mapTo(result, QPoint(0, 0)).y()
