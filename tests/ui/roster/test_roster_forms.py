"""Adding and correcting people and households through the real forms; undo; trash."""
from __future__ import annotations

from PySide6.QtCore import Qt

from db import models as m
from ui import dialogs
from ui.roster.household_dialog import HouseholdDialog
from ui.roster.person_dialog import PersonDialog
from ui.roster.trash_dialog import TrashDialog

OPERATOR = "テスト班長"  # as tests/ui/roster/conftest.py sets it


def _drive_person(monkeypatch, qtbot, fill):
    """Replace PersonDialog.ask: build the real dialog, let `fill` type into it, press 保存."""
    seen = {}

    def ask(cls, parent, **kwargs):
        dialog = cls(parent=None, **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        seen["dialog"] = dialog
        fill(dialog)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result_form() if dialog.result() == PersonDialog.DialogCode.Accepted else None

    monkeypatch.setattr(PersonDialog, "ask", classmethod(ask))
    return seen


def test_add_a_person_with_a_new_household(demo_page, shown, qtbot, monkeypatch, type_text):
    """The form fills the address from the postal code and the reading from the name; the new
    person is in the database, in the audit log, and in the table at the right 五十音 place."""
    def fill(d):
        assert d.household.currentData() == -1  # new household by default
        type_text(d.household_form.postal, "108-0075")
        assert d.household_form.address1.text() == "東京都港区港南"
        type_text(d.household_form.address2, "3丁目5-1")
        type_text(d.household_form.landline.edit, "0354711234")
        type_text(d.family_name, "河野")
        type_text(d.given_name, "和子")
        qtbot.mouseClick(d.suggest_button, Qt.MouseButton.LeftButton)
        assert d.family_reading.text() and d.given_reading.text() == "かずこ"
        d.family_reading.setText("こうの")  # the user corrects the suggestion
        type_text(d.birth.edit, "S23.4.5")
        assert "78" in d.birth.message.text() and "昭和23年4月5日" in d.birth.message.text()
        type_text(d.mobile.edit, "090-1111-2222")

    _drive_person(monkeypatch, qtbot, fill)
    qtbot.mouseClick(demo_page.add_button, Qt.MouseButton.LeftButton)
    person = m.Person.get(m.Person.family_name == "河野", m.Person.given_name == "和子")
    assert person.family_reading == "こうの" and person.birth_date.isoformat() == "1948-04-05"
    assert person.mobile == "09011112222"
    assert person.household.postal_code == "1080075" and person.household.address2 == "3丁目5-1"
    assert person.household.landline == "0354711234"
    assert m.AuditLog.select().where(m.AuditLog.row_uuid == person.uuid, m.AuditLog.actor == OPERATOR).exists()
    row = demo_page.selected_row()
    assert row is not None and row.id == person.id
    rows = shown()
    at = rows.index(row)
    assert (at == 0 or rows[at - 1].sort_key <= row.sort_key) and (at == len(rows) - 1 or row.sort_key <= rows[at + 1].sort_key)
    assert demo_page.model.data(demo_page.model.index(at, 5)) == "090-1111-2222"


def test_reading_is_required_and_bad_mobile_is_refused(demo_page, qtbot, monkeypatch, type_text):
    """Without a reading, or with an impossible mobile number, the form says what to fix."""
    messages = []

    def fill(d):
        d.set_household(demo_page.rows[0].household_id)
        type_text(d.family_name, "Smith")
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
        messages.append(d.error.text())
        assert d.isVisible()
        type_text(d.family_reading, "すみす")
        type_text(d.mobile.edit, "090123")
        d.mobile._tidy()  # leaving the field
        assert d.mobile.message.isVisibleTo(d)
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
        messages.append(d.error.text())
        assert d.isVisible()  # the final 保存 press of the driver is refused the same way

    before = m.Person.select().count()
    _drive_person(monkeypatch, qtbot, fill)
    qtbot.mouseClick(demo_page.add_button, Qt.MouseButton.LeftButton)
    assert "読み" in messages[0]
    assert "携帯" in messages[1]
    assert m.Person.select().count() == before


def test_postal_code_with_several_areas_asks_which(qtbot, monkeypatch, type_text):
    """A code covering several towns asks which one, then fills that one in."""
    from ui.roster.household_dialog import HouseholdForm

    asked = []
    monkeypatch.setattr(dialogs, "ask_choice", lambda parent, title, label, items: asked.append(items) or 1)
    form = HouseholdForm([])
    qtbot.addWidget(form)
    type_text(form.postal, "1900100")
    assert len(asked[0]) >= 2
    assert form.address1.text() == asked[0][1]
    form.postal.setText("999-9999")
    qtbot.mouseClick(form.fill_button, Qt.MouseButton.LeftButton)
    assert "郵便番号" in form.postal_message.text()


def test_edit_then_undo(demo_page, qtbot, monkeypatch, type_text):
    """Correcting a name saves it; 元に戻す (Ctrl+Z) puts the old name back in the file and the table."""
    demo_page.table.selectRow(0)
    row = demo_page.selected_row()

    def fill(d):
        assert d.family_name.text() == row.family_name
        d.given_name.clear()
        type_text(d.given_name, "改名")

    _drive_person(monkeypatch, qtbot, fill)
    qtbot.keyClick(demo_page.table, Qt.Key.Key_Return)
    assert m.Person.get_by_id(row.id).given_name == "改名"
    assert demo_page.selected_row().given_name == "改名"
    assert demo_page.undo_button.isEnabled()
    demo_page.activateWindow()
    qtbot.keyClick(demo_page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert m.Person.get_by_id(row.id).given_name == row.given_name
    assert demo_page.model.row_at(demo_page.model.row_of_person(row.id)).given_name == row.given_name
    assert not demo_page.undo_button.isEnabled()


def test_undo_of_an_added_person_removes_them(demo_page, qtbot, monkeypatch, type_text):
    """Undoing an addition takes the person (and their new household) out of the roster."""
    def fill(d):
        type_text(d.family_name, "新井")
        type_text(d.family_reading, "あらい")

    _drive_person(monkeypatch, qtbot, fill)
    qtbot.mouseClick(demo_page.add_button, Qt.MouseButton.LeftButton)
    person = m.Person.get(m.Person.family_name == "新井", m.Person.family_reading == "あらい")
    assert demo_page.model.row_of_person(person.id) >= 0
    qtbot.mouseClick(demo_page.undo_button, Qt.MouseButton.LeftButton)
    assert m.Person.get_by_id(person.id).deleted_at is not None
    assert demo_page.model.row_of_person(person.id) == -1


def test_trash_and_restore(demo_page, qtbot, monkeypatch):
    """ごみ箱に入れる asks first, hides the person; the trash brings them back."""
    demo_page.table.selectRow(5)
    row = demo_page.selected_row()
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, yes, no="", detail="", title="": asked.append(text) or True)
    qtbot.mouseClick(demo_page.trash_button, Qt.MouseButton.LeftButton)
    assert row.name in asked[0]
    assert m.Person.get_by_id(row.id).deleted_at is not None
    assert demo_page.model.row_of_person(row.id) == -1

    def ask(cls, parent, editor):
        dialog = cls(editor)
        qtbot.addWidget(dialog)
        assert row.name in dialog.list.item(0).text()
        dialog.list.setCurrentRow(0)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.list.count() == 0 and dialog.empty.isVisibleTo(dialog)
        return dialog.restored

    monkeypatch.setattr(TrashDialog, "ask", classmethod(ask))
    qtbot.mouseClick(demo_page.trash_view_button, Qt.MouseButton.LeftButton)
    assert m.Person.get_by_id(row.id).deleted_at is None
    assert demo_page.selected_row().id == row.id
    actions = {a.action for a in m.AuditLog.select().where(m.AuditLog.row_uuid == row.uuid)}
    assert {"delete", "restore"} <= actions


def test_move_a_household_to_another_block(demo_page, qtbot, monkeypatch):
    """The household form moves the family to another block; the table and the audit log follow."""
    demo_page.table.selectRow(0)
    row = demo_page.selected_row()
    target = next((bid, name) for bid, name in demo_page.block_choices() if bid != row.block_id)

    def ask(cls, parent, blocks, household=None, members=""):
        dialog = cls(blocks, household, members)
        qtbot.addWidget(dialog)
        assert row.name in members
        dialog.form.set_block(target[0])
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.values()

    monkeypatch.setattr(HouseholdDialog, "ask", classmethod(ask))
    qtbot.mouseClick(demo_page.household_button, Qt.MouseButton.LeftButton)
    assert m.Household.get_by_id(row.household_id).block_id == target[0]
    assert demo_page.selected_row().block_name == target[1]
    assert m.AuditLog.select().where(m.AuditLog.field == "block", m.AuditLog.actor == OPERATOR).exists()


def test_status_moved_out_hides_the_person(demo_page, qtbot, monkeypatch):
    """Marking someone 転出 keeps them in the file but hides them from the default list."""
    demo_page.table.selectRow(2)
    row = demo_page.selected_row()

    def fill(d):
        d.status.setCurrentIndex(d.status.findData(m.STATUS_MOVED))

    _drive_person(monkeypatch, qtbot, fill)
    qtbot.mouseClick(demo_page.open_button, Qt.MouseButton.LeftButton)
    assert m.Person.get_by_id(row.id).status == m.STATUS_MOVED
    assert demo_page.model.row_of_person(row.id) == -1
    assert "転出" in demo_page.message.text() or "絞り込み" in demo_page.message.text()


def test_blocks_create_rename_reorder_and_leader(demo_page, qtbot, monkeypatch, type_text):
    """The blocks window adds, renames, moves a block up and sets its leader."""
    from ui.roster.blocks_dialog import BlocksDialog

    monkeypatch.setattr(dialogs, "ask_choice", lambda parent, title, label, items: 1)
    dialog = BlocksDialog(OPERATOR, demo_page.rows)
    qtbot.addWidget(dialog)
    type_text(dialog.new_name, "新しい班")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert m.Block.get(m.Block.name == "新しい班")
    dialog.name.setText("九班")
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    names = [b.name for b in m.Block.select().order_by(m.Block.position)]
    assert names[-2] == "九班"
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.leader_button, Qt.MouseButton.LeftButton)
    first = m.Block.select().order_by(m.Block.position).first()
    assert first.leader_id is not None and "block_leader" in first.leader.roles
    assert dialog.changed


def test_full_disk_keeps_what_was_typed(demo_page, qtbot, monkeypatch, type_text, full_disk):
    """Saving fails for want of space (a real SQLITE_FULL): the person is told why, nothing
    is written, and the form comes back with everything typed; after space is freed the
    same values save."""
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, detail="", title="": errors.append(detail))
    full_disk.fill()
    rounds = []

    def fill(d):
        rounds.append(d)
        if len(rounds) == 1:
            type_text(d.household_form.postal, "108-0075")
            type_text(d.household_form.address2, "9丁目9-9")
            type_text(d.family_name, "河野")
            type_text(d.given_name, "和子")
            d.family_reading.setText("こうの")
            d.given_reading.setText("かずこ")
            type_text(d.birth.edit, "S23.4.5")
            type_text(d.notes, "耳が遠いので大きな声で" * 200)  # enough to need a new page
        else:  # the form came back as it was typed; space has been freed
            assert (d.family_name.text(), d.given_name.text(), d.family_reading.text()) == ("河野", "和子", "こうの")
            assert d.household.currentData() == -1 and d.household_form.address2.text() == "9丁目9-9"
            assert d.birth.date() == __import__("datetime").date(1948, 4, 5)
            assert d.notes.toPlainText().startswith("耳が遠いので")
            full_disk.free()

    _drive_person(monkeypatch, qtbot, fill)
    before = m.Person.select().count()
    qtbot.mouseClick(demo_page.add_button, Qt.MouseButton.LeftButton)
    assert len(rounds) == 2 and len(errors) == 1 and "空き" in errors[0]
    assert m.Person.select().count() == before + 1
    saved = m.Person.get(m.Person.family_name == "河野", m.Person.given_name == "和子")
    assert saved.household.address2 == "9丁目9-9" and saved.notes.startswith("耳が遠いので")


def test_full_disk_keeps_the_household_as_typed(demo_page, qtbot, monkeypatch, type_text, full_disk):
    """Editing a household on a full disk: told why, nothing written, the form comes back with
    the new address, phone and note; after space is freed the same values save."""
    demo_page.table.selectRow(0)
    row = demo_page.selected_row()
    before = m.Household.get_by_id(row.household_id)
    errors, rounds = [], []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, detail="", title="": errors.append((text, detail)))
    note = "門の鍵は隣家に預けてある。" * 300  # enough to need a new page

    def ask(cls, parent, blocks, household=None, members="", draft=None):
        dialog = cls(blocks, household, members, draft=draft)
        qtbot.addWidget(dialog)
        rounds.append(draft)
        if draft is None:
            dialog.form.address2.setText("")
            type_text(dialog.form.address2, "8丁目8-8")
            dialog.form.landline.set_text("03-5471-9999")
            dialog.form.notes.setPlainText(note)
            full_disk.fill()
        else:  # the form came back as it was typed; space has been freed
            assert dialog.form.address2.text() == "8丁目8-8"
            assert dialog.form.landline.text() == "03-5471-9999"
            assert dialog.form.notes.toPlainText() == note
            assert dialog.form.block.currentData() == before.block_id
            full_disk.free()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.values()

    monkeypatch.setattr(HouseholdDialog, "ask", classmethod(ask))
    qtbot.mouseClick(demo_page.household_button, Qt.MouseButton.LeftButton)
    assert len(rounds) == 2 and len(errors) == 1
    assert "世帯" in errors[0][0] and "空き" in errors[0][1]
    after = m.Household.get_by_id(row.household_id)
    assert (after.address2, after.landline, after.notes) == ("8丁目8-8", "0354719999", note)
    assert "保存しました" in demo_page.message.text()


def test_cancel_after_a_full_disk_writes_nothing(demo_page, qtbot, monkeypatch, full_disk):
    """If the person gives up after the full-disk message (やめる), the household is unchanged."""
    demo_page.table.selectRow(0)
    row = demo_page.selected_row()
    before = m.Household.get_by_id(row.household_id).notes
    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: None)
    answers = iter([{"postal_code": "", "address1": "東京都港区", "address2": "1-1", "address3": "",
                     "landline": "", "block": None, "notes": "長い備考" * 2000}, None])

    def ask(cls, parent, blocks, household=None, members="", draft=None):
        full_disk.fill()
        return next(answers)

    monkeypatch.setattr(HouseholdDialog, "ask", classmethod(ask))
    qtbot.mouseClick(demo_page.household_button, Qt.MouseButton.LeftButton)
    full_disk.free()
    assert m.Household.get_by_id(row.household_id).notes == before


def test_closing_a_form_with_typed_changes_asks_first(qtbot, type_text, _discard_answers):
    """Esc on the person form: no question when nothing was typed; with a typed name the
    question comes, 入力を続ける keeps the form open with the name, and 閉じる closes it."""
    dialog = PersonDialog(today=__import__("datetime").date(2026, 11, 28), date_style="wareki",
                          households=[], blocks=[])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert _discard_answers["asked"] == 0 and not dialog.isVisible()
    dialog = PersonDialog(today=__import__("datetime").date(2026, 11, 28), date_style="wareki",
                          households=[], blocks=[])
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.family_name, "河野")
    _discard_answers["next"].append(False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert _discard_answers["asked"] == 1 and dialog.isVisible() and dialog.family_name.text() == "河野"
    dialog.reject()
    assert _discard_answers["asked"] == 2 and not dialog.isVisible()


def test_the_open_buttons_say_what_they_open(demo_page, qtbot, monkeypatch):
    """「この人を開く（Enter）」 opens the chosen person's form, 「世帯を開く…」 their household's."""
    opened = []
    monkeypatch.setattr(PersonDialog, "ask", classmethod(lambda cls, parent, **kw: opened.append("person")))
    monkeypatch.setattr(HouseholdDialog, "ask", classmethod(lambda cls, parent, *a, **kw: opened.append("household")))
    demo_page.table.selectRow(0)
    assert demo_page.open_button.text() == "この人を開く（Enter）"
    assert demo_page.household_button.text() == "世帯を開く…"
    qtbot.mouseClick(demo_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(demo_page.household_button, Qt.MouseButton.LeftButton)
    assert opened == ["person", "household"]


def test_an_address_typed_in_half_width_kana_is_saved_normalised(demo_page, qtbot, monkeypatch, type_text):
    """In the person form with a new household, ﾊｲﾂ and full-width digits in the address are
    saved as ハイツ and ASCII digits (as an import saves them); the name is kept as typed,
    compatibility kanji and all."""
    def fill(d):
        type_text(d.household_form.postal, "108-0075")
        type_text(d.household_form.address2, "３丁目5－1")
        type_text(d.household_form.address3, "ﾊｲﾂｸﾞﾘｰﾝ２０１")
        type_text(d.family_name, "\ufa10本")
        type_text(d.given_name, "和子")
        type_text(d.family_reading, "つかもと")
        type_text(d.given_reading, "かずこ")

    _drive_person(monkeypatch, qtbot, fill)
    qtbot.mouseClick(demo_page.add_button, Qt.MouseButton.LeftButton)
    person = m.Person.get(m.Person.given_name == "和子", m.Person.family_reading == "つかもと")
    assert person.family_name == "\ufa10本"
    assert (person.household.address2, person.household.address3) == ("3丁目5-1", "ハイツグリーン201")


def test_the_household_form_saves_a_normalised_address(demo_page, qtbot, monkeypatch, type_text):
    """Correcting a household's building in the household form: ｺｰﾎﾟ１０１ is stored as コーポ101."""
    demo_page.table.selectRow(0)
    row = demo_page.selected_row()

    def ask(cls, parent, blocks, household=None, members="", draft=None):
        dialog = cls(blocks, household, members, draft=draft)
        qtbot.addWidget(dialog)
        dialog.form.address3.setText("")
        type_text(dialog.form.address3, "ｺｰﾎﾟ１０１")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.values()

    monkeypatch.setattr(HouseholdDialog, "ask", classmethod(ask))
    qtbot.mouseClick(demo_page.household_button, Qt.MouseButton.LeftButton)
    assert m.Household.get_by_id(row.household_id).address3 == "コーポ101"
