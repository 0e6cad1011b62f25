"""Next year's file in the wizard: a new grandchild joins the household already in the roster,
the steps say so, and a 役割 column gives the 班 its 班長."""
from __future__ import annotations

from PySide6.QtCore import Qt

from db import models as m
from desktop.services import importer, tabular
from ui.transfer.pages_check import CheckPage
from ui.transfer.pages_finish import ResultPage

HEADER = "班,氏名,ふりがな,続柄,生年月日,住所,電話,役割\n"
FAMILY = ("2班,鈴木 一郎,すずき いちろう,本人,1940/1/2,東京都港区港南3丁目3-3,03-5471-9999,班長\n"
          "2班,鈴木 和子,すずき かずこ,妻,1942/2/3,〃,〃,\n")
GRANDCHILD = "2班,鈴木 翔,すずき しょう,孫,2023/8/1,〃,〃,\n"


def _file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_grandchild_joins_the_household_in_the_roster(wizard, walk, qtbot, monkeypatch, store, tmp_path):
    """The 世帯 tab and the import step name the household 翔 joins; one household, undo keeps it."""
    importer.commit(importer.plan_import(tabular.read_table(_file(tmp_path, "2026.csv", HEADER + FAMILY))))
    ichiro = m.Person.get(m.Person.given_name == "一郎")
    walk.choose(wizard, _file(tmp_path, "2027.csv", HEADER + FAMILY + GRANDCHILD))
    walk.next(wizard, 3)
    check = wizard.current
    assert isinstance(check, CheckPage)
    top = check.tree.topLevelItem(0)
    assert check.tree.topLevelItemCount() == 1 and "名簿の鈴木 一郎さんの世帯に加わります" in top.text(0)
    assert "名簿にあります" in top.child(0).text(0) and "名簿にあります" not in top.child(2).text(0)
    assert check.tabs.tabText(1) == "世帯（0）"  # no new household
    walk.next(wizard, 2)  # the duplicates step: both left out (the default)
    run = wizard.run_page
    assert "1人を、名簿にある世帯に加えます" in run.summary.text()
    assert "鈴木 翔さんは、名簿の鈴木 一郎さんの世帯に加わります。" in run.details.text()
    walk.run(wizard)
    assert isinstance(wizard.current, ResultPage), run.error_label.text()
    assert "鈴木 翔さんを、名簿の鈴木 一郎さんの世帯に加えました。" in wizard.result_page.details.text()
    sho = m.Person.get(m.Person.given_name == "翔")
    assert sho.household_id == ichiro.household_id and not sho.is_head
    assert m.Household.select().count() == 1
    monkeypatch.setattr(ResultPage, "confirm_undo", lambda self: True)
    qtbot.mouseClick(wizard.result_page.undo_button, Qt.MouseButton.LeftButton)
    assert not m.Person.select().where(m.Person.given_name == "翔").exists()
    assert m.Household.select().count() == 1 and m.Household.get().deleted_at is None
    assert [p.given_name for p in m.Person.select().order_by(m.Person.id)] == ["一郎", "和子"]


def test_roles_column_makes_the_block_leader(wizard, walk, store, tmp_path):
    """A file with 役割 「班長」 into an empty roster: the column is mapped, and 鈴木 一郎 leads 2班."""
    walk.choose(wizard, _file(tmp_path, "roles.csv", HEADER + FAMILY))
    walk.next(wizard, 2)
    assert wizard.state.mapping[7] == "roles"
    walk.next(wizard, 3)
    walk.run(wizard)
    assert isinstance(wizard.current, ResultPage), wizard.run_page.error_label.text()
    assert m.Block.get(m.Block.name == "2班").leader.full_name == "鈴木 一郎"
    assert "block_leader" in m.Person.get(m.Person.given_name == "一郎").roles


SATO = "世帯No,班,氏名,ふりがな,生年月日,住所,電話,続柄\n"
SATO_CHILDREN = ("4,5班,佐藤 二郎,さとう じろう,平成2年2月2日,東京都港区赤坂3丁目1-1,03-6508-0779,子\n"
                 "4,5班,佐藤 三郎,さとう さぶろう,平成3年3月3日,東京都港区赤坂3丁目1-1,03-6508-0779,子\n")


def test_the_head_left_out_is_named_and_takes_over_from_the_corrected_file(wizard, walk, qtbot, context, store,
                                                                            tmp_path):
    """The head's row has a bad date (skipped, the default): the import step and the result
    name who is made the head instead. The corrected file makes 一郎 the head, and says so."""
    from ui.transfer.import_wizard import ImportWizard

    head = "4,5班,佐藤 一郎,さとう いちろう,{},東京都港区赤坂3丁目1-1,03-6508-0779,世帯主\n"
    walk.choose(wizard, _file(tmp_path, "next.csv", SATO + head.format("平成1年1月1日") + SATO_CHILDREN))
    walk.next(wizard, 5)
    assert "佐藤 二郎さんを仮に世帯主にします" in wizard.run_page.details.text()
    walk.run(wizard)
    assert "佐藤 二郎さんを仮に世帯主にしました" in wizard.result_page.details.text()
    assert m.Person.get(m.Person.is_head).given_name == "二郎"
    wizard.close()
    wizard = ImportWizard(context)  # next year: the wizard opened again
    qtbot.addWidget(wizard)
    wizard.show()
    walk.choose(wizard, _file(tmp_path, "fixed.csv", SATO + head.format("昭和64年1月1日") + SATO_CHILDREN))
    walk.next(wizard, 5)
    assert "佐藤 一郎さんを世帯主にします。" in wizard.run_page.details.text()
    walk.run(wizard)
    assert "佐藤 一郎さんを世帯主にしました。" in wizard.result_page.details.text()
    assert [p.given_name for p in m.Person.select().where(m.Person.is_head)] == ["一郎"]
