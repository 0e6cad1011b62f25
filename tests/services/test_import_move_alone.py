"""この人だけ引っ越し: next year's roster has one person of a household at another address. They
get a household of their own (the file's address, phone and 班), the others stay, a stand-in
head is made where the head left, and undo puts every row back as it was."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from db.queries import print_lists
from desktop.services import calltree, import_choices, import_move, importer, roster, tabular
from desktop.services.import_merge import existing_people

TODAY = dt.date(2027, 4, 1)
HEADER = "氏名,フリガナ,生年月日,班,郵便番号,住所,電話,携帯,続柄\n"
# 一郎 (the son) now in a flat of his own in 2班, with a mobile the roster did not have
ICHIRO_FLAT = "山田 一郎,ヤマダ イチロウ,1970/8/1,2班,1050014,東京都港区芝3丁目5-1 芝ハイツ201,03-5555-0001,090-1111-2222,\n"
# 太郎 (the head) moved in near his daughter, in a 班 the roster does not have yet
TARO_NEW_BLOCK = "山田 太郎,ヤマダ タロウ,1940/2/3,新3班,1050011,東京都港区芝公園4丁目1-1,,,\n"


def make_yamadas():
    """山田 太郎 (head), 花子 (wife), 一郎 (son) in 1班 at 芝公園1丁目15-4; 2班 exists, empty."""
    one = roster.create_block("1班")
    roster.create_block("2班")
    home, _e = roster.save_household({"postal_code": "1050011", "address1": "東京都港区芝公園",
                                      "address2": "1丁目15-4", "landline": "0334331111", "block": one.id})
    people = {}
    for order, (given, reading, born, relation) in enumerate((("太郎", "たろう", "1940/2/3", "本人"),
                                                             ("花子", "はなこ", "1942/3/4", "妻"),
                                                             ("一郎", "いちろう", "1970/8/1", "長男"))):
        people[given], _e = roster.save_person({
            "household": home.id, "family_name": "山田", "given_name": given, "family_reading": "やまだ",
            "given_reading": reading, "birth_date": born, "relation": relation, "is_head": order == 0,
            "roles": ["head"] if order == 0 else [], "household_order": order})
    return people


@pytest.fixture
def yamadas(store):
    return make_yamadas()


def _plan(tmp_path, rows, header=HEADER):
    path = tmp_path / "令和9年度.csv"
    path.write_text(header + rows, encoding="utf-8")
    return importer.plan_import(tabular.read_table(path), today=TODAY)


def _row_of(plan, name):
    return next(d.row for d in plan.duplicates if d.name == name)


def _move(plan, person, replace=()):
    choices = import_choices.Choices(moves={_row_of(plan, person.full_name): (person.id, set(replace))})
    return import_choices.commit_with_choices(plan, choices, source="令和9年度.csv", actor="tester")


def _rows(model):
    """Every row of a table as stored, but the time of the last save."""
    return {r["id"]: {k: v for k, v in r.items() if k != "updated_at"} for r in model.select().dicts()}


def _tables():
    return {model.__name__: _rows(model) for model in (m.Person, m.Household, m.Block, m.CallTree, m.CallTreeNode)}


def test_the_son_gets_a_household_of_his_own_and_undo_puts_every_row_back(yamadas, tmp_path):
    """一郎 heads a new household at the file's address, phone and 2班; 太郎 and 花子 stay; undo is exact."""
    before = _tables()
    plan = _plan(tmp_path, ICHIRO_FLAT)
    result, extra = _move(plan, yamadas["一郎"])
    ichiro = m.Person.get_by_id(yamadas["一郎"].id)
    new = ichiro.household
    assert (new.postal_code, new.address1, new.address2) == ("1050014", "東京都港区芝", "3丁目5-1 芝ハイツ201")
    assert (new.landline, new.block.name, new.import_batch_id) == ("0355550001", "2班", result.batch_id)
    assert (ichiro.is_head, ichiro.household_order, ichiro.relation, ichiro.roles) == (True, 0, "本人", ["head"])
    assert ichiro.mobile == "09011112222"  # an empty field filled, as 統合する fills it
    assert "0355550001" in ichiro.search_text
    old = m.Household.get_by_id(yamadas["太郎"].household_id)
    assert before["Household"][old.id] == _rows(m.Household)[old.id]  # the household they left is not touched
    stay = [(p.given_name, p.is_head) for p in m.Person.select().where(m.Person.household == old.id)
            .order_by(m.Person.household_order)]
    assert stay == [("太郎", True), ("花子", False)]
    assert (result.people, result.households, extra["moved"], extra["duplicates_left_out"]) == (0, 0, 1, 0)
    assert extra["merge_lines"] == [
        "・山田 一郎さんだけが新しい住所（東京都港区芝3丁目5-1 芝ハイツ201、2班）の世帯になりました。"
        "山田 太郎さん、山田 花子さんはもとの住所のままです。",
        "・山田 一郎さん：携帯を変えました。"]
    audited = {(a.action, a.table, a.field) for a in m.AuditLog.select().where(m.AuditLog.actor == "tester")}
    assert {("create", "household", ""), ("update", "person", "household"), ("update", "person", "is_head"),
            ("move_import_row", "person", "")} <= audited
    removed = import_choices.undo_batch(result.batch_id, "tester")
    assert (removed["moved"], removed["households"], removed["people"]) == (1, 0, 0)
    assert _tables() == before


def test_the_head_moves_to_a_new_block_and_the_next_member_becomes_head(yamadas, tmp_path):
    """太郎 leaves: 花子 is made the head (audited); 新3班 is made; undo reverts both and removes the 班."""
    hanako = yamadas["花子"]
    before = _tables()
    plan = _plan(tmp_path, TARO_NEW_BLOCK)
    assert import_choices.merge_lines(plan, import_choices.Choices(
        moves={_row_of(plan, "山田 太郎"): (yamadas["太郎"].id, set())})) == [
        "・山田 太郎さんだけが新しい住所（東京都港区芝公園4丁目1-1、新3班）の世帯になります。"
        "山田 花子さん、山田 一郎さんはいまの住所のままです。いまの住所の世帯主は山田 花子さんになります。"
        "班「新3班」は新しく作ります。"]
    result, extra = _move(plan, yamadas["太郎"])
    assert "もとの住所の世帯主は山田 花子さんになりました。" in extra["merge_lines"][0]
    taro = m.Person.get_by_id(yamadas["太郎"].id)
    assert (taro.household.block.name, taro.is_head, taro.relation) == ("新3班", True, "本人")
    hanako_now = m.Person.get_by_id(hanako.id)
    assert (hanako_now.is_head, hanako_now.roles) == (True, ["head"])
    assert m.AuditLog.select().where(m.AuditLog.row_uuid == hanako.uuid, m.AuditLog.field == "is_head").exists()
    assert result.blocks == 1
    (doc,) = calltree.print_docs(m.Block.get(m.Block.name == "新3班"))  # printed: its tree is made
    assert doc.root.name == "山田 太郎"
    removed = import_choices.undo_batch(result.batch_id, "tester")
    assert (removed["moved"], removed["blocks"]) == (1, 1)
    assert _tables() == before  # the 班, its tree and the new household are gone


def test_a_dead_member_is_not_made_the_head(yamadas, tmp_path):
    """The next *active* member stands in: 花子 died, so 一郎 becomes the head."""
    roster.set_status(m.Person.get_by_id(yamadas["花子"].id), m.STATUS_DECEASED)
    result, _extra = _move(_plan(tmp_path, TARO_NEW_BLOCK), yamadas["太郎"])
    assert m.Person.get_by_id(yamadas["一郎"].id).is_head and not m.Person.get_by_id(yamadas["花子"].id).is_head
    import_choices.undo_batch(result.batch_id)
    assert [p.is_head for p in (m.Person.get_by_id(yamadas[g].id) for g in ("太郎", "花子", "一郎"))] == [
        True, False, False]


def test_his_wife_new_in_the_file_joins_his_new_household(yamadas, tmp_path):
    """New rows of the mover's household in the file (his wife) join the new household, not his parents'."""
    plan = _plan(tmp_path, ICHIRO_FLAT.replace(",\n", ",本人\n")
                 + "山田 美咲,ヤマダ ミサキ,1975/5/5,2班,1050014,東京都港区芝3丁目5-1 芝ハイツ201,03-5555-0001,,妻\n")
    result, _extra = _move(plan, yamadas["一郎"])
    ichiro = m.Person.get_by_id(yamadas["一郎"].id)
    misaki = m.Person.get(m.Person.given_name == "美咲")
    assert misaki.household_id == ichiro.household_id and (misaki.is_head, misaki.household_order) == (False, 1)
    assert (result.people, result.households, result.joined) == (1, 0, 1)
    assert import_choices.undo_batch(result.batch_id)["people"] == 1
    assert not m.Person.select().where(m.Person.given_name == "美咲").exists()
    assert m.Person.get_by_id(ichiro.id).household_id == yamadas["太郎"].household_id


def test_offered_only_where_the_file_says_another_home_and_others_stay(yamadas, tmp_path):
    """Another address or 班, others active at home, not 転出: offered; otherwise 統合する does it."""
    ichiro = yamadas["一郎"]
    e = existing_people([ichiro.id])[ichiro.id]

    def offered(row, header=HEADER):
        plan = _plan(tmp_path, row, header)
        return import_move.move_offered(next(p for p in plan.people), e)

    same = "山田 一郎,ヤマダ イチロウ,1970/8/1,1班,1050011,東京都港区芝公園1丁目15-4,,,\n"
    assert offered(ICHIRO_FLAT) and not offered(same)
    assert offered(same.replace("1班", "2班"))  # another 班 only
    assert offered(same.replace("15-4", "15-4 3F"))  # another flat of the same house
    assert not offered("山田 一郎,ヤマダ イチロウ,1970/8/1\n", "氏名,フリガナ,生年月日\n")  # the file says nothing
    assert not offered(ICHIRO_FLAT.strip() + ",転出\n", HEADER.strip() + ",状態\n")
    for given in ("太郎", "花子"):  # alone at home: merging the address moves nobody else
        roster.set_status(m.Person.get_by_id(yamadas[given].id), m.STATUS_MOVED)
    assert not import_move.move_offered(next(p for p in _plan(tmp_path, ICHIRO_FLAT).people),
                                        existing_people([ichiro.id])[ichiro.id])


def test_later_work_rules(yamadas, tmp_path):
    """The mover in the new household is not later work; someone added there by hand is."""
    result, _extra = _move(_plan(tmp_path, ICHIRO_FLAT), yamadas["一郎"])
    batch = m.ImportBatch.get_by_id(result.batch_id)
    assert importer.later_work(batch) == {}
    new = m.Person.get_by_id(yamadas["一郎"].id).household_id
    roster.save_person({"household": new, "family_name": "山田", "given_name": "翔"})
    assert importer.later_work(batch) == {"people_added": 1}
    with pytest.raises(importer.UndoBlocked):
        import_choices.undo_batch(batch.id)
    assert m.Person.get_by_id(yamadas["一郎"].id).household_id == new


def test_moved_again_by_hand_stays_where_he_is(yamadas, tmp_path):
    """After the import 一郎 moved by hand into another household: undo leaves him there and says so."""
    from desktop.services import import_messages

    result, _extra = _move(_plan(tmp_path, TARO_NEW_BLOCK), yamadas["太郎"])
    other, _e = roster.save_household({"address1": "東京都港区芝", "address2": "9-9"})
    roster.save_person({"household": other.id, "family_name": "山田"}, m.Person.get_by_id(yamadas["太郎"].id))
    removed = import_choices.undo_batch(result.batch_id)
    assert (removed["moved"], removed["moved_left"]) == (0, 1)
    assert m.Person.get_by_id(yamadas["太郎"].id).household_id == other.id
    assert m.Person.get_by_id(yamadas["花子"].id).is_head  # the stand-in stays: the head did not come back
    assert "いまの世帯のままにしました" in import_messages.undone_text(removed)


def test_prints_show_him_at_the_new_address_and_them_at_the_old(yamadas, tmp_path):
    """Call trees, safety sheets and the register after the import: 一郎 in 2班 with his number,
    太郎 and 花子 in 1班 at the old address."""
    from db.queries.register import all_records
    from desktop.services import register

    one = m.Block.get(m.Block.name == "1班")
    calltree.build_for_block(one)
    register.add_to_register(m.Person.get_by_id(yamadas["一郎"].id))
    register.add_to_register(m.Person.get_by_id(yamadas["花子"].id))
    _move(_plan(tmp_path, ICHIRO_FLAT), yamadas["一郎"])
    records = {r.given_name: (r.address, r.landline, r.block_name) for r in all_records()}
    assert records == {"一郎": ("東京都港区芝3丁目5-1 芝ハイツ201", "0355550001", "2班"),
                       "花子": ("東京都港区芝公園1丁目15-4", "0334331111", "1班")}
    sheets = {b.name: b for b in print_lists.safety_blocks()}
    assert [[p.name for p in h.members] for h in sheets["1班"].households] == [["山田 太郎", "山田 花子"]]
    (flat,) = sheets["2班"].households
    assert (flat.address, [p.name for p in flat.members]) == ("東京都港区芝3丁目5-1 芝ハイツ201", ["山田 一郎"])
    trees = {doc.block_name: doc for doc in calltree.print_docs()}
    assert [n.name for n in trees["1班"].root.walk()] == ["山田 太郎"]
    (ichiro,) = list(trees["2班"].root.walk())
    assert ichiro.name == "山田 一郎" and "03-5555-0001" in [p.number for p in ichiro.phones]


def test_two_of_one_household_in_the_file_move_into_one_new_household(yamadas, tmp_path):
    """一郎 and his wife 由美 (both in the roster) in one household of the file: one new household, not two."""
    yumi, _e = roster.save_person({"household": yamadas["太郎"].household_id, "family_name": "山田",
                                   "given_name": "由美", "family_reading": "やまだ", "given_reading": "ゆみ",
                                   "birth_date": "1972/9/9", "relation": "長男の妻", "household_order": 3})
    before = _tables()
    plan = _plan(tmp_path, ICHIRO_FLAT.replace(",\n", ",本人\n")
                 + "山田 由美,ヤマダ ユミ,1972/9/9,2班,1050014,東京都港区芝3丁目5-1 芝ハイツ201,03-5555-0001,,妻\n")
    moves = {_row_of(plan, "山田 一郎"): (yamadas["一郎"].id, set()), _row_of(plan, "山田 由美"): (yumi.id, set())}
    choices = import_choices.Choices(moves=moves)
    assert import_choices.merge_lines(plan, choices)[0] == (
        "・山田 一郎さん、山田 由美さんだけが新しい住所（東京都港区芝3丁目5-1 芝ハイツ201、2班）の世帯になります。"
        "山田 太郎さん、山田 花子さんはいまの住所のままです。")
    result, extra = import_choices.commit_with_choices(plan, choices)
    ichiro, yumi = m.Person.get_by_id(yamadas["一郎"].id), m.Person.get_by_id(yumi.id)
    assert ichiro.household_id == yumi.household_id != yamadas["太郎"].household_id
    assert [(p.is_head, p.household_order, p.relation) for p in (ichiro, yumi)] == [(True, 0, "本人"), (False, 1, "妻")]
    assert extra["moved"] == 2 and m.Household.select().count() == 2
    assert import_choices.undo_batch(result.batch_id)["moved"] == 2
    assert _tables() == before


def test_undo_keeps_what_was_changed_after_the_move(yamadas, tmp_path):
    """After the import 一郎's note and mobile are changed the ordinary way: undo takes him back
    home, keeps the note (never part of the move) and the newer mobile, and names the mobile."""
    plan = _plan(tmp_path, ICHIRO_FLAT)
    result, _extra = _move(plan, yamadas["一郎"])
    ichiro = m.Person.get_by_id(yamadas["一郎"].id)
    roster.save_person({"family_name": "山田", "notes": "単身赴任中、連絡は携帯へ", "mobile": "08033334444"},
                       ichiro, actor="leader")
    removed = import_choices.undo_batch(result.batch_id, "tester")
    back = m.Person.get_by_id(ichiro.id)
    assert back.household_id == yamadas["太郎"].household_id and (back.is_head, back.relation) == (False, "長男")
    assert (back.notes, back.mobile) == ("単身赴任中、連絡は携帯へ", "08033334444")
    assert removed["kept_since"] == ["山田 一郎（携帯）"]
