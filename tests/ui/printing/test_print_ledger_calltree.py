"""持ち出し記録 (custody ledger) and 連絡網の編集 (call-tree editor), opened from the print page."""
from __future__ import annotations

from PySide6.QtCore import Qt

from db import models as m
from desktop.services import calltree as svc
from tests.ui.printing.conftest import pdf_pages

LEFT = Qt.MouseButton.LeftButton


def test_ledger_marks_an_entry_returned(qtbot, page, custody_answer, save_to, tmp_path, qtmodeltester):
    """After a save, the ledger lists it; 返却された closes it in the database."""
    save_to(page, tmp_path / "labels.pdf")
    qtbot.mouseClick(page.ledger_button, LEFT)
    ledger = page.ledger_dialog
    assert ledger.isVisible() and ledger.model.rowCount() == 1
    qtmodeltester.check(ledger.model)
    assert not ledger.returned_button.isEnabled()
    ledger.table.selectRow(0)
    assert ledger.returned_button.text() == "返却された" and ledger.returned_button.isEnabled()
    qtbot.mouseClick(ledger.returned_button, LEFT)
    entry = m.PrintCustody.get()
    assert entry.returned == 1 and entry.closed_at is not None
    assert ledger.model.data(ledger.model.index(0, 8)) == "すべて返却・廃棄済み"
    assert not ledger.returned_button.isEnabled()


def test_ledger_destroyed_asks_how_many(qtbot, page, custody_answer, monkeypatch, save_to, tmp_path):
    """Three copies: the PDF holds 「3部のうち1…3」; 廃棄した asks how many, and two leave one still out."""
    from ui.printing.custody_dialog import CustodyAnswer, CustodyDialog
    from ui.printing.ledger_dialog import LedgerDialog

    monkeypatch.setattr(CustodyDialog, "ask", staticmethod(lambda p, what, rec, c, d, *a, **k: CustodyAnswer(rec, 3, d)))
    monkeypatch.setattr(LedgerDialog, "ask_count", lambda self, row, what: 2)
    page.options.set_kind("directory")
    qtbot.waitUntil(page.preview_ready, timeout=20000)
    preview_pages = page.preview.document.pageCount()
    path = save_to(page, tmp_path / "dir.pdf")
    assert pdf_pages(path) == 3 * preview_pages  # three numbered copies in one PDF
    from tests.ui.printing.conftest import pdf_text

    text = pdf_text(path)
    assert "3部のうち1" in text and "3部のうち3" in text
    qtbot.mouseClick(page.ledger_button, LEFT)
    ledger = page.ledger_dialog
    ledger.table.selectRow(0)
    qtbot.mouseClick(ledger.destroyed_button, LEFT)
    entry = m.PrintCustody.get()
    assert entry.destroyed == 2 and entry.closed_at is None and entry.copies == 3
    assert "1部" in ledger.model.data(ledger.model.index(0, 8))


def test_ledger_empty_state_and_print(qtbot, page, monkeypatch, tmp_path):
    """An empty ledger says what to do; 持ち出し記録を印刷 sends the ledger to the printer."""
    from PySide6.QtPrintSupport import QPrinter

    qtbot.mouseClick(page.ledger_button, LEFT)
    ledger = page.ledger_dialog
    assert ledger.empty_label.isVisible() and "印刷" in ledger.empty_label.text()
    out = tmp_path / "ledger.pdf"

    def printer(copies=1):
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return p

    monkeypatch.setattr(page, "ask_printer", printer)
    qtbot.mouseClick(ledger.print_button, LEFT)
    assert out.exists() and pdf_pages(out) == 1


def _editor(qtbot, page, block="1班"):
    qtbot.mouseClick(page.calltree_button, LEFT)
    editor = page.calltree_editor
    assert editor.isVisible()
    editor.set_block(block)
    return editor


def _chains(block="1班"):
    tree = svc.trees(m.Block.get(m.Block.name == block))[0]
    return svc.call_order(tree)


def test_calltree_editor_moves_a_person_down(qtbot, page):
    """Select the first person of line 1, press 下へ: the database has them one step later."""
    editor = _editor(qtbot, page)
    _root, chains = _chains()
    first, second = chains[0][0], chains[0][1]
    top = editor.tree.topLevelItem(0)
    item = top.child(0)
    assert item.text(0).startswith("1系列-1")
    editor.tree.setCurrentItem(item)
    assert editor.down_button.isEnabled() and editor.down_button.text() == "下へ"
    qtbot.mouseClick(editor.down_button, LEFT)
    _root, after = _chains()
    assert after[0][:2] == [second, first]
    assert editor.tree.currentItem().text(0).startswith("1系列-2")  # the selection follows the person
    assert m.AuditLog.select().where(m.AuditLog.table == "call_tree_node").count() >= 1


def test_calltree_editor_says_when_nothing_moved(qtbot, page):
    """上へ on the first person of line 1 changes nothing: the editor says so and does not
    claim 保存しました (nor make the print page redo its preview)."""
    editor = _editor(qtbot, page)
    _root, before = _chains()
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0).child(0))
    saved = []
    editor.saved.connect(lambda: saved.append(1))
    qtbot.mouseClick(editor.up_button, LEFT)
    assert _chains()[1] == before and not saved
    assert "いちばん前" in editor.status_label.text() and "保存" not in editor.status_label.text()


def test_calltree_editor_moves_a_person_to_another_line(qtbot, page, monkeypatch):
    """別の人から連絡してもらう: the last person of line 1 is called by the head of line 2 instead."""
    editor = _editor(qtbot, page)
    _root, chains = _chains()
    moving = chains[0][-1]
    last = next(it for it in editor.items() if it.parent() is not None and it.childCount() == 0
                and it.text(0).startswith("1系列"))
    editor.tree.setCurrentItem(last)
    last_id = last.data(0, Qt.ItemDataRole.UserRole)
    head2 = editor.tree.topLevelItem(0).child(1).data(0, Qt.ItemDataRole.UserRole)
    seen = []
    monkeypatch.setattr(editor, "ask_new_caller", lambda choices: seen.append(choices) or head2)
    qtbot.mouseClick(editor.move_button, LEFT)
    _root, after = _chains()
    assert moving not in after[0] and moving in after[1]
    assert all(node_id != last_id for node_id, _t in seen[0])  # nobody is offered as their own caller
    assert editor.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == last_id


def test_calltree_editor_rebuilds_with_three_lines(qtbot, page, monkeypatch):
    """自動で作り直す with 3 lines: the block's tree has three chains and the change is audited."""
    editor = _editor(qtbot, page, "2班")
    monkeypatch.setattr(editor, "ask_rebuild", lambda name, n: True)
    editor.branch_spin.setValue(3)
    qtbot.mouseClick(editor.rebuild_button, LEFT)
    _root, chains = _chains("2班")
    assert len(chains) == 3
    assert editor.tree.topLevelItem(0).childCount() == 3
    assert m.AuditLog.select().where((m.AuditLog.action == "build") & (m.AuditLog.actor == "テスト係")).count() == 1


def test_calltree_editor_makes_the_tree_of_a_block_that_has_none(qtbot, page):
    """A block with households and no tree (a new file's first 班): choosing it in the editor
    makes its tree, audited under the operator's name, and says so."""
    block = m.Block.get(m.Block.name == "2班")
    tree = svc.trees(block)[0]
    m.CallTreeNode.delete().where(m.CallTreeNode.tree == tree).execute()
    tree.delete_instance()
    editor = _editor(qtbot, page, "2班")
    assert editor.tree.isVisible() and not editor.empty_label.isVisible()
    _root, chains = _chains("2班")
    assert len(chains) == svc.DEFAULT_BRANCHING and editor.tree.topLevelItem(0).childCount() == 2
    assert "自動で作りました" in editor.status_label.text()
    assert m.AuditLog.select().where((m.AuditLog.action == "build") & (m.AuditLog.actor == "テスト係")).count() == 1


def test_calltree_editor_adds_a_household_that_joined_later(qtbot, page):
    """A household moved into 1班 after its tree was made goes to the end of the last line when
    the editor shows 1班; the order set before is kept."""
    from desktop.services import roster as rs

    block = m.Block.get(m.Block.name == "1班")
    _root, before = _chains()
    inside = {m.Person.get_by_id(p).household_id for c in before for p in c}
    h = (m.Household.select().where(m.Household.block != block.id, m.Household.deleted_at.is_null(),
                                    m.Household.id.not_in(list(inside))).first())
    rs.move_household(h, block)
    new = [p for p in svc.household_callees(block) if p.household_id == h.id][0]
    editor = _editor(qtbot, page, "1班")
    _root, after = _chains()
    assert after[-1][-1] == new.id and [p for c in after for p in c][:-1] == [p for c in before for p in c]
    assert new.full_name in editor.status_label.text()


def test_calltree_editor_says_who_moved_to_another_block(qtbot, page):
    """A household of 1班's tree moved to 2班: the 1班 editor no longer lists them and says they
    moved to 2班; the 2班 editor has them at the end of its last line."""
    from desktop.services import roster as rs

    root, chains = _chains()
    mover = m.Person.get_by_id(chains[0][1])
    rs.move_household(mover.household, m.Block.get(m.Block.name == "2班"))
    editor = _editor(qtbot, page, "1班")
    assert not any(mover.full_name in it.text(0) for it in editor.items())
    assert editor.moved_label.isVisible()
    assert mover.full_name in editor.moved_label.text() and "2班" in editor.moved_label.text()
    assert "別の班" in editor.moved_label.text()
    editor.set_block("2班")
    assert not editor.moved_label.isVisible()
    assert mover.full_name in editor.items()[-1].text(0)
    assert _chains("2班")[1][-1][-1] == mover.id
