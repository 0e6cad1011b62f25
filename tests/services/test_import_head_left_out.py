"""The head's row left out of an import (a bad value, or skipped): who is made the head instead
is said before and after the import; the corrected file later makes the real head the head,
and says so; undoing that puts the earlier head back."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from db import models as m
from db.queries.print_lists import safety_blocks
from desktop.services import import_choices, importer, tabular

TODAY = dt.date(2026, 11, 29)
HEADER = "世帯No,班,氏名,ふりがな,生年月日,住所,電話,続柄\n"
HEAD_BAD = "4,5班,佐藤 一郎,さとう いちろう,平成1年1月1日,東京都港区赤坂3丁目1-1,03-6508-0779,世帯主\n"
HEAD_FIXED = "4,5班,佐藤 一郎,さとう いちろう,昭和64年1月1日,東京都港区赤坂3丁目1-1,03-6508-0779,世帯主\n"
CHILDREN = ("4,5班,佐藤 二郎,さとう じろう,平成2年2月2日,東京都港区赤坂3丁目1-1,03-6508-0779,子\n"
            "4,5班,佐藤 三郎,さとう さぶろう,平成3年3月3日,東京都港区赤坂3丁目1-1,03-6508-0779,子\n")
MADE_HEAD = ("ファイルでは佐藤 一郎さん（2 行目）が世帯主ですが、その行は取り込んでいないため、佐藤 二郎さんを仮に"
             "世帯主にしました。あとで佐藤 一郎さんを取り込むと、佐藤 一郎さんが世帯主になります。")


def _plan(tmp_path, rows, name="roster.csv"):
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return importer.plan_import(tabular.read_table(path), today=TODAY)


def _heads() -> list[str]:
    return [p.full_name for p in m.Person.select().where(m.Person.is_head).order_by(m.Person.id)]


def test_a_head_whose_row_has_a_bad_date_is_named_with_who_is_made_head(store, tmp_path):
    """一郎's date cannot be read; 二郎 (子) is made the head, and the lines before and after the
    import say who, why, and what happens later."""
    plan = _plan(tmp_path, HEAD_BAD + CHILDREN)
    assert plan.error_rows == [2]
    assert importer.household_notes(plan, set(plan.error_rows)) == [MADE_HEAD.replace("取り込んでいないため", "取り込まないため")
                                                                    .replace("世帯主にしました", "世帯主にします")]
    result = importer.commit(plan, skip_rows=set(plan.error_rows))
    assert importer.result_notes(result) == [MADE_HEAD] and _heads() == ["佐藤 二郎"]
    summary = json.loads(m.ImportBatch.get_by_id(result.batch_id).summary)
    jiro = m.Person.get(m.Person.given_name == "二郎")
    assert summary["stand_in_heads"] == [{"person": jiro.id, "household": jiro.household_id, "head": "佐藤 一郎",
                                          "row": 2}]


def test_the_corrected_file_makes_the_real_head_the_head(store, tmp_path):
    """Next, the corrected file: 一郎 joins the household and becomes its head in place of 二郎
    (roles too), the lines say so, and the safety sheet lists him first. Undoing that import
    makes 二郎 the head again."""
    first = _plan(tmp_path, HEAD_BAD + CHILDREN)
    importer.commit(first, skip_rows=set(first.error_rows))
    plan = _plan(tmp_path, HEAD_FIXED + CHILDREN, "fixed.csv")
    before = importer.household_notes(plan, {d.row for d in plan.duplicates})
    assert before[-1] == ("佐藤 一郎さんを世帯主にします。佐藤 二郎さんは、前の取り込みで世帯主の行が取り込まれなかったため、"
                          "仮に世帯主になっている人です。")
    result = importer.commit(plan)
    ichiro, jiro = (m.Person.get(m.Person.given_name == n) for n in ("一郎", "二郎"))
    assert ichiro.household_id == jiro.household_id and _heads() == ["佐藤 一郎"]
    assert "head" in ichiro.roles and "head" not in jiro.roles
    assert importer.result_notes(result) == [
        "佐藤 一郎さんを、名簿の佐藤 二郎さんの世帯に加えました。",
        "佐藤 一郎さんを世帯主にしました。佐藤 二郎さんは、前の取り込みで世帯主の行が取り込まれなかったため、"
        "仮に世帯主になっていた人です。"]
    (block,) = safety_blocks(m.Block.get(m.Block.name == "5班"))
    assert block.households[0].members[0].name == "佐藤 一郎"  # the safety sheet: head first
    importer.undo_import(m.ImportBatch.get_by_id(result.batch_id))
    assert _heads() == ["佐藤 二郎"] and "head" in m.Person.get(m.Person.given_name == "二郎").roles


def test_a_head_set_by_hand_is_not_replaced(store, tmp_path):
    """A household whose head was in the file (not made in anyone's place): a later file
    that marks someone else keeps the roster's head, as before, and says so."""
    importer.commit(_plan(tmp_path, HEAD_FIXED + CHILDREN))
    rows = HEAD_FIXED.replace("世帯主\n", "父\n") + CHILDREN + \
        "4,5班,佐藤 四郎,さとう しろう,平成4年4月4日,東京都港区赤坂3丁目1-1,03-6508-0779,世帯主\n"
    result = importer.commit(_plan(tmp_path, rows, "next.csv"))
    assert _heads() == ["佐藤 一郎"]
    assert "名簿の世帯主は変えていません" in importer.result_notes(result)[-1]


def test_a_head_skipped_in_the_wizard_is_named_too(store, tmp_path):
    """The head's row is fine but the person leaves it out in the wizard: same line."""
    plan = _plan(tmp_path, HEAD_FIXED + CHILDREN)
    result, _extra = import_choices.commit_with_choices(plan, import_choices.Choices(skip_rows={2}))
    assert importer.result_notes(result) == [MADE_HEAD] and _heads() == ["佐藤 二郎"]


def test_no_line_when_the_file_names_no_head(store, tmp_path):
    """A file without 続柄: each household's first row is the head, as always, with no line
    (leaving that row out names nobody either)."""
    rows = "".join(",".join(r.split(",")[:7]) + "\n" for r in (HEAD_FIXED + CHILDREN).splitlines())
    path = tmp_path / "plain.csv"
    path.write_text(HEADER.rsplit(",", 1)[0] + "\n" + rows, encoding="utf-8")
    plan = importer.plan_import(tabular.read_table(path), today=TODAY)
    assert importer.household_notes(plan, set()) == [] and importer.household_notes(plan, {2}) == []


def test_the_command_line_prints_who_is_made_head(db_path, password, tmp_path):
    """tsunagari import --skip-invalid says who was made the head (and --json gives the lines)."""
    from db.store import Store

    Store.open(db_path, password, create=True, name="町会").close(auto_backup=False)
    path = tmp_path / "next.csv"
    path.write_text(HEADER + HEAD_BAD + CHILDREN, encoding="utf-8")
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)
    r = subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", "import", str(path), "--db", str(db_path),
                        "--skip-invalid", "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["household_notes"] == [
        "In the file, 佐藤 一郎 (row 2) is the head of the household, but that row was not imported: 佐藤 二郎 was made "
        "the head for now. When 佐藤 一郎 is imported later, 佐藤 一郎 becomes the head."]
