"""The wizard says before the import what it will do, as it will do it: step 4 lists and
counts a total row that is not imported, step 6 says who of the 要支援者 sheet is added, who
is on the register already (left as they are) and which rows are left out, by sheet and row."""
from __future__ import annotations

import datetime as dt

import openpyxl

from db import models as m
from desktop.services import register, roster
from ui.transfer.pages_check import CheckPage, HAPPENS


def _ichiro_on_the_register():
    """高橋 一郎, in the roster and on the register (consent given), as after last year's import."""
    household, _e = roster.save_household({"postal_code": "1080075", "address1": "東京都港区港南",
                                           "address2": "3-1-1"})
    person, _e = roster.save_person({"household": household.id, "family_name": "高橋", "given_name": "一郎",
                                     "family_reading": "たかはし", "given_reading": "いちろう",
                                     "birth_date": "1940/2/3"})
    register.add_to_register(person, {"consent": m.CONSENT_YES})
    return person


def _workbook(tmp_path, total_row=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名簿"
    ws.append(["氏名", "ふりがな", "住所", "生年月日"])
    ws.append(["高橋 一郎", "たかはし いちろう", "東京都港区港南3丁目1-1", dt.date(1940, 2, 3)])
    ws.append(["高橋 和子", "たかはし かずこ", "東京都港区港南3丁目1-1", dt.date(1942, 5, 6)])
    if total_row:
        ws.append(["合計　2名"])
    reg = wb.create_sheet("要支援者")
    reg.append(["氏名", "ふりがな", "生年月日", "理由", "同意"])
    reg.append(["高橋 一郎", "たかはし いちろう", dt.date(1940, 2, 3), "一人暮らし高齢者", "不同意"])  # row 2: on it
    reg.append(["山本 三郎", "やまもと さぶろう", None, "視覚障害", "同意"])  # row 3: not in the roster
    reg.append(["高橋 和子", "たかはし かずこ", dt.date(1942, 5, 6), "車いす", "同意"])  # row 4: new this year
    path = tmp_path / "名簿R9.xlsx"
    wb.save(path)
    return path


def test_step4_lists_and_counts_a_total_row_that_is_not_imported(wizard, walk, tmp_path, store):
    """「合計 2名」 is on the list the tab counts, and said not to be imported (it read 「問題のある
    行（0）」 above 「そのまま取り込みます」)."""
    walk.choose(wizard, _workbook(tmp_path, total_row=True))
    walk.next(wizard, 3)
    check = wizard.current
    assert isinstance(check, CheckPage)
    rows = [p.row for p in check.model.problems]
    assert rows == [4] and check.model.problems[0].code == "title_row"
    assert check.tabs.tabText(0) == "確かめる行（1）"
    assert check.model.data(check.model.index(0, HAPPENS)) == "取り込みません"
    assert "合計" in check.model.data(check.model.index(0, HAPPENS - 1))
    assert "人ではない行（見出しや合計）1行は取り込みません。" in check.counts_label.text()
    walk.next(wizard, 2)
    assert "人ではない行（見出しや合計）1行は取り込みません。" in wizard.run_page.details.text()


def test_step6_says_what_the_import_does_with_the_register_sheet(wizard, walk, tmp_path, store):
    """One person already on the register (left as he is, consent included), one added with
    the roster, one not in the roster (named by sheet and row): step 6 says it before, the
    result says the same after, and the record is unchanged."""
    ichiro = _ichiro_on_the_register()
    walk.choose(wizard, _workbook(tmp_path))
    walk.next(wizard, 5)
    assert wizard.current is wizard.run_page
    before = wizard.run_page.details.text()
    assert "結びつけます" not in before
    assert "「要支援者」シートの1人を要支援者名簿に加えます。" in before
    assert "1人はすでに要支援者名簿に登録されています（高橋 一郎）。記録は同意も含めてそのままにします。" in before
    assert "「要支援者」シートの 3 行目：山本 三郎 さんは名簿にいないため、加えません。" in before
    walk.run(wizard)
    extra = wizard.state.extra
    assert (extra["register"], extra["register_kept"], extra["register_unmatched"]) == (1, 1, 1)
    after = wizard.result_page.details.text()
    assert "「要支援者」シートの1人を要支援者名簿に加えました。" in after
    assert "記録は同意も含めてそのままにしました。" in after
    assert "「要支援者」シートの 3 行目：山本 三郎" in after
    assert m.SupportRecord.get(m.SupportRecord.person == ichiro).consent == m.CONSENT_YES
    kazuko = m.Person.get(m.Person.given_name == "和子")
    assert m.SupportRecord.get(m.SupportRecord.person == kazuko).consent == m.CONSENT_YES
