"""Next year's roster, exported from the app and edited in Excel: the 班長 mark moved to someone
else makes them the 班長 (with the call tree), or the import says why not; rows deleted in
Excel are named, never deleted; undo puts everything back as it was."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from db import models as m
from desktop.services import calltree, exporter, import_leaders, importer, tabular

TODAY = dt.date(2026, 11, 29)
# A family that moved into 2班, its head marked 班長 (as the tester's file has it).
NEW_FAMILY = (
    {"氏名": "新井 健一", "ふりがな": "あらい けんいち", "続柄": "本人", "世帯主": "○", "生年月日": "昭和50年4月1日",
     "役割": "班長"},
    {"氏名": "新井 由紀", "ふりがな": "あらい ゆき", "続柄": "妻", "生年月日": "H2.3.3"},
    {"氏名": "新井 陽太", "ふりがな": "あらい ようた", "続柄": "長男", "生年月日": "令和3年5月5日"},
)
NEW_HOME = {"班": "2班", "世帯番号": 900, "郵便番号": "105-0022", "住所": "東京都港区海岸1丁目7-8", "状態": "会員"}


def snapshot() -> dict:
    """Every row of the tables an import and its undo touch (updated_at aside)."""
    out = {}
    for model in (m.Person, m.Household, m.Block, m.CallTree, m.CallTreeNode, m.SupportRecord):
        out[model.__name__] = [{k: v for k, v in r.items() if k != "updated_at"}
                               for r in model.select().order_by(model.id).dicts()]
    return out


def next_year(tmp_path, *, unmark=(), mark=(), delete=(), family=True, keep_only=None):
    """The roster exported, then edited as a leader does in Excel; the edited workbook's path."""
    src = tmp_path / "export.xlsx"
    exporter.export(src)
    wb = openpyxl.load_workbook(src)
    ws = wb["名簿"]
    col = {c.value: i + 1 for i, c in enumerate(ws[2])}

    def row_of(name):
        return next(r for r in range(3, ws.max_row + 1) if ws.cell(r, col["氏名"]).value == name)

    for name in unmark:
        ws.cell(row_of(name), col["役割"]).value = None
    for name in mark:
        ws.cell(row_of(name), col["役割"]).value = "班長"
    for name in delete:
        ws.delete_rows(row_of(name))
    if keep_only is not None:
        for r in range(ws.max_row, 2, -1):
            if ws.cell(r, col["氏名"]).value not in keep_only:
                ws.delete_rows(r)
    if family:
        for person in NEW_FAMILY:
            r = ws.max_row + 1
            for header, value in {**NEW_HOME, **person}.items():
                ws.cell(r, col[header]).value = value
    out = tmp_path / "roster_R9.xlsx"
    wb.save(out)
    return out


def plan_of(path):
    return importer.plan_import(tabular.read_table(path, "名簿"), today=TODAY)


def do_import(path):
    plan = plan_of(path)
    result = importer.commit(plan, source=path.name, skip_rows=set(plan.error_rows))
    return result, m.ImportBatch.get_by_id(result.batch_id)


def printed_tree(block) -> list[str]:
    (doc,) = calltree.print_docs(block)
    return [n.name for n in doc.root.walk()]


@pytest.fixture
def block2(demo_store):
    return m.Block.get(m.Block.name == "2班")


def _unique_names(n: int, exclude: set[int]) -> list[str]:
    """n active people whose name nobody else has (a deleted row is matched by name too)."""
    people = list(m.Person.select().where(m.Person.deleted_at.is_null(), m.Person.status.in_(m.ACTIVE_STATUSES))
                  .order_by(m.Person.id.desc()))
    count: dict[str, int] = {}
    for p in m.Person.select():
        count[p.full_name] = count.get(p.full_name, 0) + 1
    return [p.full_name for p in people if count[p.full_name] == 1 and p.id not in exclude][:n]


def test_the_new_班長_takes_over_with_the_call_tree_and_undo_puts_everything_back(block2, tmp_path):
    """The tester's file: 2班's 班長 mark moved from the old leader to a new family's head, 4 rows
    deleted. The new 班長 leads 2班, the old one loses the role, the printed tree starts from
    the new 班長 (the old one at the end); the 4 are named, not deleted. Undo: exactly as before."""
    old = block2.leader
    leaders = {b.leader_id for b in m.Block.select()}
    gone = _unique_names(4, leaders)
    path = next_year(tmp_path, unmark=[old.full_name], delete=gone)
    before = snapshot()
    tree_before = printed_tree(block2)
    assert tree_before[0] == old.full_name

    plan = plan_of(path)
    left_out = set(plan.error_rows) | {d.row for d in plan.duplicates}
    assert import_leaders.leader_lines(import_leaders.planned_changes(plan, left_out)) == [
        f"2班の班長は{old.full_name}さんから新井 健一さんに替わります。連絡網も新井 健一さんから始まります。"]
    result, batch = do_import(path)

    new = m.Person.get(m.Person.family_name == "新井", m.Person.given_name == "健一")
    assert m.Block.get_by_id(block2.id).leader_id == new.id and result.leaders == 1
    assert "block_leader" not in m.Person.get_by_id(old.id).roles
    in_block = m.Person.select().join(m.Household).where(m.Household.block == block2.id)
    assert [p.full_name for p in in_block if "block_leader" in p.roles] == ["新井 健一"]
    assert printed_tree(block2) == ["新井 健一"] + tree_before[1:] + [old.full_name]
    assert importer.later_work(batch) == {}
    reason = f"import:{batch.uuid}"
    audited = {(a.table, a.field) for a in m.AuditLog.select().where(m.AuditLog.reason == reason)}
    assert {("block", "leader"), ("person", "roles"), ("call_tree", "originator")} <= audited
    assert import_leaders.leader_lines(result.leader_changes, done=True) == [
        f"2班の班長を{old.full_name}さんから新井 健一さんに替えました。連絡網も新井 健一さんから始まります。"
        f"{old.full_name}さんは連絡網の最後の列の終わりに入れました。順番を直すには、印刷 →「連絡網の編集」。"]
    # The rows deleted in Excel: named, still in the roster.
    assert sorted(result.not_in_file) == sorted(gone)
    (line,) = import_leaders.not_in_file_line(result.not_in_file)
    assert line.startswith("名簿にいて、このファイルにいない人が 4 人います（") and "取り込みでは消しません。" in line
    still = {p.full_name for p in m.Person.select().where(m.Person.deleted_at.is_null(),
                                                         m.Person.status.in_(m.ACTIVE_STATUSES))}
    assert set(gone) <= still

    importer.undo_import(batch)
    assert snapshot() == before
    assert printed_tree(block2) == tree_before


def test_the_leader_stays_when_still_marked_and_the_import_says_so(block2, tmp_path):
    """The old leader's row keeps its 班長 mark: they stay, the sentence names both."""
    old = block2.leader
    tree_before = printed_tree(block2)
    result, _batch = do_import(next_year(tmp_path))
    sentence = f"2班の班長は{old.full_name}さんのままです（ファイルでは新井 健一さんにも班長の印があります）。"
    assert import_leaders.leader_lines(result.leader_changes, done=True) == [sentence]
    assert m.Block.get_by_id(block2.id).leader_id == old.id and result.leaders == 0
    assert "block_leader" in m.Person.get_by_id(old.id).roles
    assert printed_tree(block2)[0] == old.full_name == tree_before[0]
    assert result.not_in_file == []  # every roster person is in the file


def test_the_leader_stays_when_their_row_is_not_in_the_file(block2, tmp_path):
    """The old leader's row is gone from the file: nothing shows they stopped; they stay, and
    they are named among the people not in the file."""
    old = block2.leader
    path = next_year(tmp_path, delete=[old.full_name])
    plan = plan_of(path)
    left_out = set(plan.error_rows) | {d.row for d in plan.duplicates}
    sentence = f"2班の班長は{old.full_name}さんのままです（ファイルでは新井 健一さんにも班長の印があります）。"
    assert import_leaders.leader_lines(import_leaders.planned_changes(plan, left_out)) == [sentence]
    result, _batch = do_import(path)
    assert m.Block.get_by_id(block2.id).leader_id == old.id
    assert result.not_in_file == [old.full_name]


def test_a_neighbour_in_the_roster_marked_班長_takes_over_and_undo_puts_it_back(block2, tmp_path):
    """The usual rotation: the mark moves to a neighbour already in the roster. They lead 2班
    and get the role; in the call tree the two change places. Undo: exactly as before."""
    old = block2.leader
    tree_before = printed_tree(block2)
    # a neighbour whose name nobody else has (the file's row is matched by name)
    unique = set(_unique_names(10_000, set()))
    at = next(i for i, name in enumerate(tree_before) if i >= 3 and name in unique)
    neighbour = tree_before[at]
    path = next_year(tmp_path, unmark=[old.full_name], mark=[neighbour], family=False)
    before = snapshot()
    result, batch = do_import(path)
    assert result.people == 0
    person = next(p for p in m.Person.select() if p.full_name == neighbour)
    assert m.Block.get_by_id(block2.id).leader_id == person.id
    assert "block_leader" in m.Person.get_by_id(person.id).roles
    assert "block_leader" not in m.Person.get_by_id(old.id).roles
    swapped = list(tree_before)
    swapped[0], swapped[at] = neighbour, old.full_name
    assert printed_tree(block2) == swapped
    assert import_leaders.leader_lines(result.leader_changes, done=True) == [
        f"2班の班長を{old.full_name}さんから{neighbour}さんに替えました。連絡網も{neighbour}さんから始まります。"]
    importer.undo_import(batch)
    assert snapshot() == before


def test_a_call_tree_arranged_by_hand_does_not_stop_the_undo(block2, tmp_path):
    """The tree was arranged by hand before: its originator the import changed is put back by
    the undo itself, not counted as later work; the rest of the order is kept."""
    tree = m.CallTree.get(m.CallTree.block == block2.id)
    calltree.set_branching(tree, 3)
    old = block2.leader
    path = next_year(tmp_path, unmark=[old.full_name])
    before = snapshot()
    tree_before = printed_tree(block2)
    _result, batch = do_import(path)
    assert printed_tree(block2)[0] == "新井 健一"
    assert importer.later_work(batch) == {}
    importer.undo_import(batch)
    assert snapshot() == before and printed_tree(block2) == tree_before


def test_a_file_of_a_few_people_names_nobody_as_missing(block2, tmp_path):
    """A file that holds less than half of the roster is not the whole roster: nobody is named."""
    old = block2.leader
    some = [p.full_name for p in m.Person.select().limit(20)]
    plan = plan_of(next_year(tmp_path, keep_only=some + [old.full_name]))
    assert import_leaders.not_in_file(plan) == []
    assert import_leaders.not_in_file_line([]) == []


def test_a_namesake_does_not_hide_a_deleted_row_and_a_row_with_a_problem_is_there(store, tmp_path):
    """Two 山田 太郎 in the roster, one deleted from the file: he is named. 佐藤's row has a bad
    phone (not compared as a duplicate): he is in the file all the same."""
    header = "氏名,ふりがな,生年月日,住所,電話\n"
    rows = {"taro1": "山田 太郎,やまだ たろう,1950/1/1,東京都港区芝1丁目1-1,03-1111-1111\n",
            "taro2": "山田 太郎,やまだ たろう,1960/2/2,東京都港区芝2丁目2-2,03-2222-2222\n",
            "sato": "佐藤 次郎,さとう じろう,1955/3/3,東京都港区芝3丁目3-3,03-3333-3333\n",
            "suzuki": "鈴木 花子,すずき はなこ,1945/4/4,東京都港区芝4丁目4-4,03-4444-4444\n"}
    first = tmp_path / "2026.csv"
    first.write_text(header + "".join(rows.values()), encoding="utf-8")
    first_import = importer.commit(importer.plan_import(tabular.read_table(first), today=TODAY))
    assert first_import.people == 4
    edited = tmp_path / "2027.csv"
    edited.write_text(header + rows["taro1"] + rows["sato"].replace("03-3333-3333", "12345") + rows["suzuki"],
                      encoding="utf-8")
    plan = importer.plan_import(tabular.read_table(edited), today=TODAY)
    assert plan.error_rows == [3]
    assert import_leaders.not_in_file(plan) == ["山田 太郎"]
