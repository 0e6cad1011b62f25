"""Next year's roster: new family members join the household already in the roster; roles
(班長, 役員…) and each 班's leader survive an export and an import."""
from __future__ import annotations

import datetime as dt

from db import models as m
from desktop.services import exporter, import_choices, importer, tabular, trash
from desktop.services.import_households import join_lines
from desktop.services.import_messages import problem_text

TODAY = dt.date(2026, 11, 28)
HEADER = "班,氏名,ふりがな,続柄,生年月日,住所,電話\n"
FIRST_YEAR = ("2班,鈴木 一郎,すずき いちろう,本人,1940/1/2,東京都港区港南3丁目3-3,03-5471-9999\n"
              "2班,鈴木 和子,すずき かずこ,妻,1942/2/3,〃,〃\n")
NEW_MEMBER = "2班,鈴木 翔,すずき しょう,孫,2023/8/1,〃,〃\n"


def _plan(tmp_path, text, name="roster.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return importer.plan_import(tabular.read_table(path), today=TODAY)


def _households_at(address2):
    return m.Household.select().where(m.Household.address2 == address2, m.Household.deleted_at.is_null()).count()


def import_households_lines(result):
    return join_lines(result.joins, done=True)


def test_new_family_member_joins_the_household_in_the_roster(store, tmp_path):
    """翔, new under 一郎 and 和子 (both already in the roster), joins their household: no second home, not head."""
    importer.commit(_plan(tmp_path, HEADER + FIRST_YEAR))
    plan = _plan(tmp_path, HEADER + FIRST_YEAR + NEW_MEMBER, "next.csv")
    assert [d.other[:3] for d in plan.duplicates] == ["db:", "db:"]
    result = importer.commit(plan)
    sho, ichiro = (m.Person.get(m.Person.given_name == n) for n in ("翔", "一郎"))
    assert sho.household_id == ichiro.household_id and _households_at("3丁目3-3") == 1
    assert not sho.is_head and "head" not in sho.roles and ichiro.is_head
    assert sho.household_order > max(ichiro.household_order, m.Person.get(m.Person.given_name == "和子").household_order)
    assert (result.people, result.households, result.joined) == (1, 0, 1)
    assert import_households_lines(result) == ["鈴木 翔さんを、名簿の鈴木 一郎さんの世帯に加えました。"]
    # Undo takes 翔 out again and never the household he joined.
    importer.undo_import(m.ImportBatch.get_by_id(result.batch_id))
    assert not m.Person.select().where(m.Person.given_name == "翔").exists()
    assert m.Household.get_by_id(ichiro.household_id).deleted_at is None
    assert [p.given_name for p in m.Household.get_by_id(ichiro.household_id).members.order_by(m.Person.id)] == ["一郎", "和子"]


def test_merged_duplicates_also_take_the_new_member_in(store, tmp_path):
    """With 一郎 merged (統合) instead of left out, 翔 still joins his household."""
    importer.commit(_plan(tmp_path, HEADER + FIRST_YEAR))
    plan = _plan(tmp_path, HEADER + FIRST_YEAR + NEW_MEMBER, "next.csv")
    ichiro = m.Person.get(m.Person.given_name == "一郎")
    choices = import_choices.Choices(merges={plan.duplicates[0].row: (ichiro.id, set())})
    result, _extra = import_choices.commit_with_choices(plan, choices)
    assert m.Person.get(m.Person.given_name == "翔").household_id == ichiro.household_id
    assert result.households == 0 and _households_at("3丁目3-3") == 1


def test_kept_duplicates_make_a_household_of_their_own(store, tmp_path):
    """「両方残す」 for both duplicates: the whole family is a new household, as asked (翔 with them)."""
    importer.commit(_plan(tmp_path, HEADER + FIRST_YEAR))
    plan = _plan(tmp_path, HEADER + FIRST_YEAR + NEW_MEMBER, "next.csv")
    choices = import_choices.Choices(keep_rows={d.row for d in plan.duplicates})
    result, _extra = import_choices.commit_with_choices(plan, choices)
    assert (result.households, result.joined) == (1, 0)
    sho = m.Person.get(m.Person.given_name == "翔")
    assert m.Person.select().where(m.Person.household == sho.household_id).count() == 3


def test_household_in_the_trash_gives_a_new_household_with_a_head_and_a_note(store, tmp_path):
    """If 一郎's household went to the trash, 翔 is not put into it: a new household, 翔 its head, and a note says why."""
    importer.commit(_plan(tmp_path, HEADER + FIRST_YEAR))
    plan = _plan(tmp_path, HEADER + FIRST_YEAR + NEW_MEMBER, "next.csv")  # planned while 一郎 was still there
    ichiro = m.Person.get(m.Person.given_name == "一郎")
    trash.trash_household(ichiro.household)
    result = importer.commit(plan)
    sho = m.Person.get(m.Person.given_name == "翔")
    assert sho.household_id != ichiro.household_id and sho.is_head and "head" in sho.roles
    assert (result.households, result.joined) == (1, 0)
    assert "ごみ箱" in import_households_lines(result)[0]


def test_roles_column_is_read(store, tmp_path):
    """役割 「班長、役員」 → roles; 〃 copies; an officer's title (会計) is 役員 with the title kept
    in 備考; an unknown word is a note and kept in 備考, never an error."""
    plan = _plan(tmp_path, "氏名,住所,役職,備考\n"
                           "山田 太郎,東京都港区芝1-1-1,班長・役員,\n"
                           "山田 花子,東京都港区芝1-1-2,祭り係,よく来る\n"
                           "山田 次郎,東京都港区芝1-1-3,防災部,\n"
                           "山田 三郎,東京都港区芝1-1-4,〃,\n"
                           "山田 四郎,東京都港区芝1-1-5,なし,\n"
                           "山田 五郎,東京都港区芝1-1-6,会計,\n")
    assert [p.roles for p in plan.people] == [("block_leader", "officer"), (), ("disaster_team",), ("disaster_team",), (),
                                              ("officer",)]
    assert not plan.error_rows
    note = next(p for p in plan.problems if p.code == "unknown_role")
    assert (note.row, note.severity, note.value) == (3, importer.NOTE, "祭り係") and "備考" in problem_text(note)
    assert plan.people[1].notes == "よく来る　役割：祭り係"
    assert plan.people[5].notes == "役職：会計" and not [p for p in plan.problems if p.row == 7 and p.code == "unknown_role"]
    importer.commit(plan)
    assert m.Person.get(m.Person.given_name == "太郎").roles == ["head", "block_leader", "officer"]
    assert m.Person.get(m.Person.given_name == "花子").notes == "よく来る　役割：祭り係"


def test_block_leader_is_set_only_where_the_block_has_none(store, tmp_path):
    """The first 班長 of a 班 without a leader becomes its leader (audited); a 班 that has one keeps it."""
    from desktop.services import roster

    kept = m.Block.create(name="2班", position=2)
    leader, _e = roster.save_person({"family_name": "前田", "given_name": "正雄"})
    roster.set_block_leader(kept, leader)
    plan = _plan(tmp_path, "班,氏名,住所,役割\n"
                           "1班,山田 太郎,東京都港区芝1-1-1,班長\n"
                           "1班,佐藤 次郎,東京都港区芝1-1-2,班長\n"
                           "2班,鈴木 一郎,東京都港区芝2-2-2,班長\n")
    result = importer.commit(plan, actor="会長")
    assert result.leaders == 1
    new = m.Block.get(m.Block.name == "1班")
    assert new.leader.full_name == "山田 太郎"
    assert m.Block.get_by_id(kept.id).leader_id == leader.id
    assert m.AuditLog.select().where(m.AuditLog.table == "block", m.AuditLog.field == "leader",
                                     m.AuditLog.row_uuid == new.uuid, m.AuditLog.actor == "会長").count() == 1
    importer.undo_import(m.ImportBatch.get_by_id(result.batch_id))
    assert m.Block.get_by_id(kept.id).leader_id == leader.id


def test_a_block_whose_leader_died_takes_the_new_leader_from_the_file(store, tmp_path):
    """2班's 班長 died during the year; next year's file names 鈴木 一郎 as 班長: he becomes
    the leader (the old one no longer leads anyone). Undo puts the old record back as it was."""
    from desktop.services import roster

    block = m.Block.create(name="2班", position=2)
    old, _e = roster.save_person({"family_name": "前田", "given_name": "正雄"})
    roster.set_block_leader(block, old)
    roster.set_status(old, m.STATUS_DECEASED)
    result = importer.commit(_plan(tmp_path, "班,氏名,住所,役割\n2班,鈴木 一郎,東京都港区芝2-2-2,班長\n"))
    assert result.leaders == 1
    assert m.Block.get_by_id(block.id).leader.full_name == "鈴木 一郎"
    importer.undo_import(m.ImportBatch.get_by_id(result.batch_id))
    assert m.Block.get_by_id(block.id).leader_id == old.id


def test_roster_export_writes_roles_in_words(store, tmp_path):
    """The 役割 column holds the Japanese words, 世帯主 left to its own column."""
    from desktop.services import roster

    h, _e = roster.save_household({"address1": "東京都港区芝", "address2": "1-1-1"})
    roster.save_person({"household": h.id, "family_name": "山田", "given_name": "太郎", "is_head": True,
                        "roles": ["head", "block_leader", "salon_helper"]})
    rows = exporter.roster_table()
    assert rows[0][-1] == "役割"
    assert rows[1][-1] == "班長、サロンの手伝い"


def test_two_groups_joining_one_roster_household_get_their_own_order(store, tmp_path):
    """Two groups of the file both join the same roster household (their known members were
    written under two 世帯番号): the new members are placed after each other, not both at the
    same place in the household order."""
    importer.commit(_plan(tmp_path, HEADER + FIRST_YEAR))
    text = ("班,世帯番号,氏名,ふりがな,続柄,生年月日,住所,電話\n"
            "2班,1,鈴木 一郎,すずき いちろう,本人,1940/1/2,東京都港区港南3丁目3-3,03-5471-9999\n"
            "2班,1,鈴木 翔,すずき しょう,孫,2023/8/1,東京都港区港南3丁目3-3,03-5471-9999\n"
            "2班,2,鈴木 和子,すずき かずこ,妻,1942/2/3,東京都港区港南3丁目3-3,03-5471-9999\n"
            "2班,2,鈴木 美咲,すずき みさき,孫,2024/9/9,東京都港区港南3丁目3-3,03-5471-9999\n")
    importer.commit(_plan(tmp_path, text, "next.csv"))
    ichiro = m.Person.get(m.Person.given_name == "一郎")
    members = list(m.Household.get_by_id(ichiro.household_id).members)
    assert sorted(p.given_name for p in members) == ["一郎", "和子", "美咲", "翔"]
    orders = [p.household_order for p in members]
    assert len(set(orders)) == len(orders), orders


def test_a_new_member_marked_head_joins_and_the_wizard_says_the_head_is_not_changed(store, tmp_path):
    """Next year's file marks the son as 世帯主 (the head changed): he joins the roster household,
    its head stays 一郎, and the lines shown before and after the import say so."""
    importer.commit(_plan(tmp_path, HEADER + FIRST_YEAR))
    header = "班,氏名,ふりがな,続柄,生年月日,住所,電話,世帯主\n"
    rows = ("2班,鈴木 一郎,すずき いちろう,父,1940/1/2,東京都港区港南3丁目3-3,03-5471-9999,\n"
            "2班,鈴木 和子,すずき かずこ,母,1942/2/3,〃,〃,\n"
            "2班,鈴木 健,すずき けん,長男,1970/5/6,〃,〃,○\n")
    plan = _plan(tmp_path, header + rows, "next.csv")
    result = importer.commit(plan)
    ken, ichiro = (m.Person.get(m.Person.given_name == n) for n in ("健", "一郎"))
    assert ken.household_id == ichiro.household_id and ichiro.is_head and not ken.is_head
    lines = import_households_lines(result)
    assert lines == ["鈴木 健さんを、名簿の鈴木 一郎さんの世帯に加えました。",
                     "ファイルでは鈴木 健さんが世帯主ですが、名簿の世帯主は変えていません。"
                     "世帯主が変わったときは、名簿の画面で変えてください。"]
    # A member not marked head gets no such line.
    assert len(join_lines(importer.commit(_plan(tmp_path, HEADER + FIRST_YEAR + NEW_MEMBER, "3.csv")).joins,
                          done=True)) == 1


def test_the_dry_run_counts_a_joining_member_in_no_new_household(db_path, password, tmp_path):
    """The command line's dry run says what the import then does: 翔, who joins 一郎's
    household, is one person in no new household (it said one new household)."""
    import json
    import os
    import subprocess
    import sys

    from db.store import Store

    s = Store.open(db_path, password, create=True, name="町会")
    importer.commit(_plan(tmp_path, HEADER + FIRST_YEAR))
    s.close(auto_backup=False)
    path = tmp_path / "next.csv"
    path.write_text(HEADER + FIRST_YEAR + NEW_MEMBER, encoding="utf-8")
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)

    def run(*extra):
        r = subprocess.run([sys.executable, "-m", "desktop", "import", str(path), "--db", str(db_path), "--json",
                            *extra], capture_output=True, text=True, env=env, timeout=300)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    planned, done = run("--dry-run"), run()
    assert (planned["people"], planned["households"]) == (done["people"], done["households"]) == (1, 0)
