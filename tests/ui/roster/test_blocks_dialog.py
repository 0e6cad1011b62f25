"""The 班… window: no duplicate block by accident, deleting an empty block, merging two blocks."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import models as m
from tests.ui.roster.conftest import OPERATOR
from ui import dialogs

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def blocks_dialog(demo_page, qtbot):
    from ui.roster.blocks_dialog import BlocksDialog

    dialog = BlocksDialog(OPERATOR, demo_page.rows)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def answers(monkeypatch):
    """Record the questions asked; say yes (and choose `choice`) unless told otherwise."""
    asked = {"confirm": [], "choice": [], "yes": True, "pick": 0}

    def confirm(parent, text, yes, no="", detail="", title=""):
        asked["confirm"].append((text, detail))
        return asked["yes"]

    def choose(parent, title, label, items):
        asked["choice"].append((label, items))
        return asked["pick"]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "ask_choice", choose)
    return asked


def _names():
    return [b.name for b in m.Block.select().order_by(m.Block.position, m.Block.id)]


def test_add_at_once_makes_no_second_block_of_the_chosen_name(blocks_dialog, qtbot):
    """The first block is chosen and its name shows; pressing 「新しい班として追加」 at once adds
    nothing (the new block's box is empty) and says to write a name."""
    before = _names()
    first = blocks_dialog.current_block()
    assert blocks_dialog.name.text() == first.name and blocks_dialog.new_name.text() == ""
    qtbot.mouseClick(blocks_dialog.add_button, LEFT)
    assert _names() == before
    assert "名前" in blocks_dialog.message.text()
    assert not blocks_dialog.changed


def test_adding_a_name_that_exists_in_full_width_is_refused(blocks_dialog, qtbot, type_text):
    """「１班」 typed for a new block is 1班 again: refused, with a message naming 1班."""
    before = _names()
    type_text(blocks_dialog.new_name, "１班")
    qtbot.mouseClick(blocks_dialog.add_button, LEFT)
    assert _names() == before
    assert "1班" in blocks_dialog.message.text() and "既に" in blocks_dialog.message.text()
    type_text(blocks_dialog.new_name, "9班")  # the box still holds the typing, selected: typing replaces it
    qtbot.mouseClick(blocks_dialog.add_button, LEFT)
    assert _names() == before + ["9班"] and blocks_dialog.current_block().name == "9班"
    assert blocks_dialog.new_name.text() == ""


def test_renaming_to_another_blocks_name_is_refused(blocks_dialog, qtbot, type_text):
    """Renaming 2班 to 「1班」 leaves it 2班 and says why."""
    blocks_dialog.list.setCurrentRow(1)
    second_id, second_name = blocks_dialog.current_block().id, blocks_dialog.current_block().name
    blocks_dialog.name.clear()
    type_text(blocks_dialog.name, "1班")
    qtbot.mouseClick(blocks_dialog.rename_button, LEFT)
    assert m.Block.get_by_id(second_id).name == second_name
    assert "1班" in blocks_dialog.message.text() and "既に" in blocks_dialog.message.text()


def test_delete_an_empty_block_after_asking(blocks_dialog, qtbot, type_text, answers):
    """A block nobody lives in is deleted after a question that names it; No keeps it."""
    type_text(blocks_dialog.new_name, "予備の班")
    qtbot.mouseClick(blocks_dialog.add_button, LEFT)
    answers["yes"] = False
    qtbot.mouseClick(blocks_dialog.delete_button, LEFT)
    assert "予備の班" in answers["confirm"][-1][0] and "予備の班" in _names()
    answers["yes"] = True
    qtbot.mouseClick(blocks_dialog.delete_button, LEFT)
    assert "予備の班" not in _names()
    assert m.AuditLog.get(m.AuditLog.action == "delete", m.AuditLog.table == "block").actor == OPERATOR


def test_a_block_with_households_is_not_deleted(blocks_dialog, qtbot, answers):
    """Delete on 1班 (it has households) asks nothing, deletes nothing, and points to merging."""
    before = _names()
    qtbot.mouseClick(blocks_dialog.delete_button, LEFT)
    assert _names() == before and not answers["confirm"]
    assert "統合" in blocks_dialog.message.text() or "まとめ" in blocks_dialog.message.text()


def test_merge_the_second_of_two_same_named_blocks(blocks_dialog, qtbot, answers):
    """A file with two 1班 (made before names had to differ): merge the second into the first
    after a question with the counts; every household is then in the one 1班."""
    first = m.Block.select().order_by(m.Block.position).first()
    dup = m.Block.create(name=first.name, position=99)
    moved = m.Household.select().where(m.Household.block == first.id).first()
    moved.block = dup
    moved.save()
    in_first = m.Household.select().where(m.Household.block == first.id).count()
    blocks_dialog.fill(dup.id)
    answers["pick"] = 0  # the first of the other blocks: the original 1班
    qtbot.mouseClick(blocks_dialog.merge_button, LEFT)
    label, items = answers["choice"][-1]
    assert first.name in label and items[0] == first.name
    text, detail = answers["confirm"][-1]
    assert first.name in text and "1" in detail and "元に戻せません" in detail
    assert m.Block.get_or_none(m.Block.id == dup.id) is None
    assert m.Household.select().where(m.Household.block == first.id).count() == in_first + 1
    assert blocks_dialog.current_block().id == first.id and blocks_dialog.changed
    assert _names().count(first.name) == 1


def test_a_full_disk_while_merging_is_a_sentence_and_changes_nothing(qtbot, store, monkeypatch, full_disk):
    """Merging on a full disk: the dialog says why, both blocks are still there (it went to
    the crash dialog)."""
    from desktop.services import blocks as block_svc
    from desktop.services import roster as svc
    from ui.roster.blocks_dialog import BlocksDialog

    one, two = svc.create_block("1班"), svc.create_block("2班")
    for i, block in enumerate((one, two)):
        for k in range(30):
            svc.save_household({"address1": "東京都港区港南", "address2": f"{i}-{k}", "block": block.id})
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, detail="", title="": errors.append(text + detail))
    dialog = BlocksDialog(OPERATOR, [])
    qtbot.addWidget(dialog)
    full_disk.fill()
    done = dialog._write(lambda: block_svc.merge_blocks(m.Block.get_by_id(two.id), m.Block.get_by_id(one.id)))
    full_disk.free()
    assert not done and errors and "何も変更していません" in errors[0]
    assert m.Block.select().count() == 2
    assert m.Household.select().where(m.Household.block == two.id).count() == 30


@pytest.mark.parametrize("how", ["moved", "deceased", "trash"])
def test_a_block_whose_leader_is_gone_shows_no_leader_now(qtbot, demo_store, answers, how):
    """1班's 班長 moved out, died or went to the trash: the list says 1班 has no leader now and
    why, and 「班長を選ぶ」 offers only people who live in 1班 now."""
    from db.queries import roster as queries
    from desktop.services import roster as svc
    from desktop.services import trash
    from ui.roster.blocks_dialog import BlocksDialog

    block = m.Block.select().order_by(m.Block.position).first()
    leader = m.Person.get_by_id(block.leader_id)
    gone = (m.Person.select().join(m.Household).where(m.Household.block == block.id, m.Person.id != leader.id,
                                                      m.Person.status == m.STATUS_MEMBER).first())
    svc.set_status(gone, m.STATUS_DECEASED)
    if how == "trash":
        trash.trash_person(leader)
    else:
        svc.set_status(leader, how)
    dialog = BlocksDialog(OPERATOR, queries.load_rows())
    qtbot.addWidget(dialog)
    text = dialog.list.item(0).text()
    why = {"moved": "転出", "deceased": "死亡", "trash": "ごみ箱"}[how]
    assert "班長：なし" in text and leader.full_name in text and why in text, text
    other = dialog.list.item(1).text()
    assert "班長：" in other and "なし" not in other
    answers["pick"] = None
    qtbot.mouseClick(dialog.leader_button, LEFT)
    _label, items = answers["choice"][-1]
    here = [r for r in queries.load_rows() if r.block_id == block.id and r.status in m.ACTIVE_STATUSES]
    assert leader.id not in {r.id for r in here} and gone.id not in {r.id for r in here}
    assert items == ["（班長なし）"] + [f"{r.name}（{r.reading}）" for r in here]
