"""The 名簿 page driven as a user does: search, filters, index buttons, empty states, keys."""
from __future__ import annotations

from PySide6.QtCore import Qt

from db import models as m
from desktop import jtext


def _block_index(page, name):
    return next(i for i in range(page.block_filter.count()) if page.block_filter.itemText(i) == name)


def test_table_is_in_gojuon_order_without_moved_or_deceased(demo_page, shown):
    """The table lists active people in 五十音 order; moved-out and deceased are hidden."""
    rows = shown()
    keys = [r.sort_key for r in rows]
    assert keys == sorted(keys)
    assert rows and all(r.status in m.ACTIVE_STATUSES for r in rows)
    hidden = m.Person.select().where(m.Person.status.in_([m.STATUS_MOVED, m.STATUS_DECEASED])).count()
    assert len(rows) == m.Person.select().where(m.Person.deleted_at.is_null()).count() - hidden


def test_search_as_you_type_folds_kana_and_width(demo_page, shown, type_text, qtbot):
    """Typing やまだ, ヤマダ, ﾔﾏﾀﾞ or 山田 shows the same 山田 people, row by row as you type."""
    yamada = m.Person.select().where(m.Person.family_name == "山田").count()
    assert yamada, "the demo should have 山田 people"
    results = {}
    for query in ("やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "山田"):
        demo_page.search.clear()
        type_text(demo_page.search, query)
        results[query] = {r.id for r in shown()}
        assert all(r.family_name == "山田" for r in shown()), query
    assert len({frozenset(v) for v in results.values()}) == 1
    demo_page.search.clear()
    type_text(demo_page.search, "や")
    wide = len(shown())
    type_text(demo_page.search, "まだ")
    assert 0 < len(shown()) < wide


def test_search_by_phone_whatever_the_hyphens(demo_page, shown, qtbot):
    """A mobile number typed with or without hyphens, or in full width, finds its person."""
    person = m.Person.select().where((m.Person.mobile != "") & (m.Person.status == m.STATUS_MEMBER)).first()
    formatted = jtext.format_phone(person.mobile)
    for query in (person.mobile, formatted, formatted.replace("-", "ー")):
        demo_page.search.clear()
        qtbot.keyClicks(demo_page.search, query) if query.isascii() else demo_page.search.setText(query)
        assert person.id in {r.id for r in shown()}, query


def test_filter_by_block_and_support(demo_page, shown, qtbot):
    """「絞り込み」 unfolds the filters; choosing a block shows only its people; 要支援だけ narrows
    to people on the register; folded again, the button still says that two filters are on."""
    assert not demo_page.filters_box.isVisible() and demo_page.filters_button.text() == "絞り込み"
    qtbot.mouseClick(demo_page.filters_button, Qt.MouseButton.LeftButton)
    assert demo_page.filters_box.isVisible() and demo_page.block_filter.isVisible()
    name = demo_page.block_filter.itemText(2)
    demo_page.block_filter.setCurrentIndex(_block_index(demo_page, name))
    rows = shown()
    assert rows and {r.block_name for r in rows} == {name}
    qtbot.mouseClick(demo_page.support_filter, Qt.MouseButton.LeftButton, pos=demo_page.support_filter.rect().center())
    assert demo_page.support_filter.isChecked()
    assert all(r.on_register for r in shown())
    qtbot.mouseClick(demo_page.filters_button, Qt.MouseButton.LeftButton)
    assert not demo_page.filters_box.isVisible() and demo_page.filters_button.text() == "絞り込み中（2）"
    qtbot.mouseClick(demo_page.filters_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(demo_page.clear_filters_button, Qt.MouseButton.LeftButton)
    assert len(shown()) > len(rows) and demo_page.filters_button.text() == "絞り込み"


def test_status_filter_shows_moved_out(demo_page, shown):
    """The status filter can show the people who moved out, who are hidden by default."""
    moved = m.Person.select().where((m.Person.status == m.STATUS_MOVED) & m.Person.deleted_at.is_null()).count()
    demo_page.status_filter.setCurrentIndex(demo_page.status_filter.findData("moved"))
    assert len(shown()) == moved
    assert all(r.status == m.STATUS_MOVED for r in shown())


def test_index_button_jumps_to_the_kana_group(demo_page, qtbot):
    """Pressing た selects the first person whose reading starts in the た group."""
    qtbot.mouseClick(demo_page.index_buttons["た"], Qt.MouseButton.LeftButton)
    row = demo_page.selected_row()
    assert row is not None and row.index_label == "た"
    index = demo_page.table.currentIndex().row() if demo_page.table.currentIndex().isValid() else demo_page.model.row_of_person(row.id)
    earlier = [demo_page.model.row_at(i) for i in range(index)]
    assert all(r.index_label in "あかさ" for r in earlier)


def test_household_view_puts_members_after_their_household(demo_page, shown, qtbot):
    """By household: each household's people are together, and finding one shows the family."""
    qtbot.mouseClick(demo_page.view_households, Qt.MouseButton.LeftButton)
    rows = shown()
    seen, last = set(), None
    for r in rows:
        if r.household_id != last:
            assert r.household_id not in seen, "a household appears twice"
            seen.add(r.household_id)
            last = r.household_id
    family = m.Person.select().where(m.Person.household == rows[0].household_id, m.Person.deleted_at.is_null(),
                                     m.Person.status.in_(m.ACTIVE_STATUSES)).count()
    demo_page.search.setText(rows[0].given_name)
    assert sum(1 for r in shown() if r.household_id == rows[0].household_id) == family


def test_no_match_says_what_to_do(demo_page, qtbot):
    """A search that finds nobody says so and offers to clear the filters."""
    qtbot.keyClicks(demo_page.search, "zzqq")
    assert demo_page.stack.currentWidget() is demo_page.empty
    assert "zzqq" in demo_page.empty_title.text()
    assert demo_page.empty_clear_button.isVisibleTo(demo_page)
    qtbot.mouseClick(demo_page.empty_clear_button, Qt.MouseButton.LeftButton)
    assert demo_page.search.text() == "" and demo_page.stack.currentWidget() is demo_page.table


def test_empty_roster_offers_add_and_import(empty_page, qtbot, monkeypatch):
    """With nobody in the file the page says so; the import button opens the import wizard,
    and the roster shows the people it brought in."""
    from db import models as m
    from ui.transfer.import_wizard import ImportWizard

    assert empty_page.stack.currentWidget() is empty_page.empty
    assert empty_page.empty_import_button.isVisibleTo(empty_page)
    opened = []

    def fake_wizard(cls, parent, context):
        opened.append(context)
        m.Person.create(family_name="取込", family_reading="とりこみ")  # what an import would add
        return True

    monkeypatch.setattr(ImportWizard, "ask", classmethod(fake_wizard))
    qtbot.mouseClick(empty_page.empty_import_button, Qt.MouseButton.LeftButton)
    assert opened and opened[0] is empty_page.context
    qtbot.waitUntil(lambda: empty_page.stack.currentWidget() is empty_page.table)


def test_ctrl_f_focuses_the_search(demo_page, qtbot):
    """Ctrl+F puts the cursor in the search box from anywhere on the page."""
    demo_page.table.setFocus()
    demo_page.activateWindow()
    qtbot.keyClick(demo_page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: demo_page.search.hasFocus(), timeout=2000)


def test_model_passes_qtmodeltester(demo_page, qtmodeltester, qtbot):
    """The table model is a well-behaved Qt model in both views."""
    qtmodeltester.check(demo_page.model)
    qtbot.mouseClick(demo_page.view_households, Qt.MouseButton.LeftButton)
    qtmodeltester.check(demo_page.model)


def test_roster_row_offers_register_and_quick_contact(demo_page, qtbot, monkeypatch):
    """Selecting a person enables 要支援者に登録 and the two-click contact buttons, which log a call."""
    from db import models as m
    from ui.register import actions as register_actions

    demo_page.table.selectRow(0)
    row = demo_page.selected_row()
    assert demo_page.register_button.isEnabled()
    asked = []
    monkeypatch.setattr(register_actions, "add_person_to_register", lambda parent, ctx, pid: asked.append(pid) or False)
    from ui.roster import actions

    actions.add_selected_to_register(demo_page)
    assert asked == [row.id]
    before = m.ContactLog.select().where(m.ContactLog.person == row.id).count()
    # (the buttons sit in the page's row of buttons, beside 要支援者に登録…)
    buttons = [b for b in demo_page.findChildren(type(demo_page.register_button)) if b.text() == "電話した"]
    assert len(buttons) == 1 and buttons[0].isEnabled() and buttons[0].isVisible()
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert m.ContactLog.select().where(m.ContactLog.person == row.id).count() == before + 1


def test_households_in_no_block_are_counted_and_found_by_the_filter(make_page, store, qtbot):
    """The count line says 「班が決まっていない世帯: 1」 and the block filter's 「（班なし）」 shows
    exactly that household's people (what the prints' note tells the person to do)."""
    from desktop.services import roster as rs

    block = rs.create_block("1班")
    placed, _e = rs.save_household({"address1": "東京都港区芝", "block": block.id})
    rs.save_person({"household": placed.id, "family_name": "青木", "given_name": "一", "family_reading": "あおき"})
    alone, _e = rs.save_household({"address1": "東京都港区芝3丁目4-1"})
    rs.save_person({"household": alone.id, "family_name": "大塚", "given_name": "トメ", "family_reading": "おおつか"})
    page = make_page(store)
    assert "班が決まっていない世帯: 1" in page.count_label.text()
    page.block_filter.setCurrentIndex(_block_index(page, "（班なし）"))
    assert [page.model.row_at(i).family_name for i in range(page.model.rowCount())] == ["大塚"]
    assert all(bid != 0 for bid, _name in page.block_choices())  # not a block to move a household to
