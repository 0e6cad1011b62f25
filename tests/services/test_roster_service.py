"""Roster queries and edits on a real SQLCipher file."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from db import models as m
from db.queries import roster
from desktop import jtext
from desktop.services import roster as svc


def _household(block=None, landline="03-5471-1234"):
    h, _ = svc.save_household({"postal_code": "〒108-0075", "address1": "東京都港区港南", "address2": "2丁目3-4",
                               "landline": landline, "block": block.id if block else None})
    return h


def test_search_folds_kana_width_and_phone(store):
    """やまだ, ヤマダ, ﾔﾏﾀﾞ and 山田 find the same person; a phone finds them whatever the hyphens."""
    h = _household()
    svc.save_person({"household": h.id, "family_name": "山田", "given_name": "花子",
                     "family_reading": "ヤマダ", "given_reading": "はなこ", "mobile": "０９０（１２３４）５６７８"})
    svc.save_person({"household": h.id, "family_name": "田中", "given_name": "一郎",
                     "family_reading": "たなか", "given_reading": "いちろう"})
    for q in ("やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "山田", "山田 花子", "やまだ はなこ", "090-1234-5678", "09012345678", "5471-1234"):
        names = [r.name for r in roster.search(q)]
        assert "山田 花子" in names, q
    assert [r.name for r in roster.search("たなか")] == ["田中 一郎"]
    assert roster.search("すずき") == []


def test_rows_sorted_in_gojuon_order_with_index(store):
    """Rows come in 五十音 order by reading; 濁音 after 清音; index labels group them."""
    h = _household()
    for fam, reading in [("渡辺", "わたなべ"), ("郷野", "ごうの"), ("小島", "こじま"), ("河野", "こうの"),
                         ("青木", "あおき"), ("Smith", "")]:
        svc.save_person({"household": h.id, "family_name": fam, "family_reading": reading})
    rows = roster.load_rows()
    # こうの < ごうの (same base kana: 清音 before 濁音) < こじま (う < し at the second kana)
    assert [r.family_name for r in rows] == ["青木", "河野", "郷野", "小島", "渡辺", "Smith"]
    assert [r.index_label for r in rows] == ["あ", "か", "か", "か", "わ", "他"]


def test_filters_hide_moved_and_deceased_by_default(store):
    """Moved-out and deceased people are kept but hidden unless asked for; block filter works."""
    b1 = svc.create_block("1班")
    b2 = svc.create_block("2班")
    p1, _ = svc.save_person({"household": _household(b1).id, "family_name": "一", "family_reading": "いち"})
    p2, _ = svc.save_person({"household": _household(b2).id, "family_name": "二", "family_reading": "に"})
    svc.set_status(p2, m.STATUS_MOVED)
    rows = roster.load_rows()
    assert [r.family_name for r in roster.filter_rows(rows, roster.RosterFilter())] == ["一"]
    assert len(roster.filter_rows(rows, roster.RosterFilter(statuses=m.STATUSES))) == 2
    assert [r.family_name for r in roster.filter_rows(rows, roster.RosterFilter(block_id=b1.id))] == ["一"]
    assert m.Person.select().count() == 2


def test_edit_is_audited_and_undone(store):
    """An edit writes one audit entry per changed field; undo puts the old values back."""
    p, _ = svc.save_person({"family_name": "佐藤", "given_name": "一郎", "family_reading": "さとう"}, actor="班長A")
    p, edit = svc.save_person({"family_name": "佐藤", "given_name": "次郎", "mobile": "09011112222"}, p, actor="班長A")
    entries = list(m.AuditLog.select().where(m.AuditLog.action == "update"))
    assert {(e.field, e.old, e.new) for e in entries} == {("given_name", "一郎", "次郎"), ("mobile", "", "09011112222")}
    assert all(e.actor == "班長A" for e in entries)
    svc.undo(edit, actor="班長A")
    p = m.Person.get_by_id(p.id)
    assert p.given_name == "一郎" and p.mobile == ""
    assert [r.name for r in roster.search("じろう")] == []


def test_blocks_create_rename_reorder_leader(store):
    """Blocks can be created, renamed, reordered and given a leader (who gets the role)."""
    a, b, c = svc.create_block("1班"), svc.create_block("2班"), svc.create_block("3班")
    svc.rename_block(b, "2組")
    svc.reorder_blocks([c.id, a.id, b.id])
    assert [x.name for x in roster.blocks()] == ["3班", "1班", "2組"]
    p, _ = svc.save_person({"family_name": "班長", "family_reading": "はんちょう"})
    svc.set_block_leader(m.Block.get_by_id(a.id), p)
    assert m.Block.get_by_id(a.id).leader_id == p.id
    assert "block_leader" in m.Person.get_by_id(p.id).roles
    with pytest.raises(svc.RosterError):
        svc.create_block("  ")


def test_find_command_json(demo_template, tmp_path):
    """`tsunagari find やまだ --json` lists the demo's 山田 family in 五十音 order."""
    import shutil

    path = tmp_path / "demo.tsunagari"
    shutil.copyfile(demo_template, path)
    env = dict(os.environ, TSUNAGARI_PASSWORD="test-password-1")
    r = subprocess.run([sys.executable, "-m", "desktop", "find", "やまだ", "--db", str(path), "--json"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert found and all("山田" in f["name"] for f in found)
    for key in ("id", "name", "reading", "block", "phone"):
        assert key in found[0]
    readings = [f["reading"] for f in found]
    assert readings == sorted(readings, key=lambda x: x)  # same family: ordered by given reading


def test_a_failed_save_leaves_the_objects_as_loaded(store, full_disk):
    """A write refused by a full disk (real SQLITE_FULL) leaves household, person and salon
    objects as they were, so saving them again records the true 'before' for undo and audit."""
    from db import models as m
    from desktop.services import roster
    from desktop.services import salon as salons

    h, _ = roster.save_household({"address1": "東京都港区芝1-1-1", "landline": "0311112222"})
    p, _ = roster.save_person({"household": h.id, "family_name": "山田", "given_name": "太郎",
                               "family_reading": "やまだ", "given_reading": "たろう"})
    s = salons.save_salon(None, {"name": "いきいき"})
    long = "長い備考" * 3000  # needs new pages
    attempts = [
        (h, lambda: roster.save_household({"address1": "東京都港区芝9-9-9", "landline": "0399998888", "notes": long}, h),
         ("address1", "landline")),
        (p, lambda: roster.save_person({"family_name": "鈴木", "notes": long}, p), ("family_name", "search_text")),
        (s, lambda: salons.save_salon(s, {"name": "ふれあい", "venue": long}), ("name", "venue")),
    ]
    for row, save, fields in attempts:
        loaded = {f: getattr(row, f) for f in fields}
        full_disk.fill()
        with pytest.raises(Exception, match="full"):
            save()
        full_disk.free()
        assert {f: getattr(row, f) for f in fields} == loaded
    _h, edit = roster.save_household({"address1": "東京都港区芝9-9-9", "landline": "0399998888"}, h)
    assert edit.changes[0][2]["address1"] == "東京都港区芝1-1-1"  # what undo puts back
    assert m.AuditLog.select().where(m.AuditLog.field == "landline", m.AuditLog.old == "0311112222").exists()
    assert "0399998888" in m.Person.get_by_id(p.id).search_text


def test_a_typed_address_is_normalised_like_an_imported_one_and_names_are_not(store):
    """Half-width katakana and mixed-width digits in the address lines are stored in NFKC
    (as the importer stores them); the person's name keeps its compatibility kanji as typed."""
    h, _ = svc.save_household({"address1": "東京都港区港南 ", "address2": "２丁目3－4", "address3": "ﾊｲﾂﾐﾄﾞﾘ　１０１号"})
    h = m.Household.get_by_id(h.id)
    assert (h.address1, h.address2, h.address3) == ("東京都港区港南", "2丁目3-4", "ハイツミドリ 101号")
    h, _ = svc.save_household({"address3": "ｺｰﾎﾟ３"}, h)
    assert m.Household.get_by_id(h.id).address3 == "コーポ3"
    p, _ = svc.save_person({"household": h.id, "family_name": "\ufa10本", "given_name": "ｶﾂﾞ子",
                            "family_reading": "つかもと", "given_reading": "かづこ"})
    p = m.Person.get_by_id(p.id)
    assert p.family_name == "\ufa10本" and p.given_name == "ｶﾂﾞ子"


def test_an_address_keeps_its_compatibility_kanji_typed_or_imported(store, tmp_path):
    """飯塚 written with U+FA10 (a compatibility kanji) stays so in the address, typed or
    imported, while its full-width digits are normalised; search finds it by the usual 塚."""
    from desktop.services import importer, tabular

    h, _ = svc.save_household({"address1": "福岡県飯\ufa10市", "address2": "本町１－２"})
    h = m.Household.get_by_id(h.id)
    assert (h.address1, h.address2) == ("福岡県飯\ufa10市", "本町1-2")
    path = tmp_path / "r.csv"
    path.write_text("氏名,ふりがな,住所\n筑紫 花子,ちくし はなこ,福岡県飯\ufa10市本町３－４\n", encoding="utf-8")
    importer.commit(importer.plan_import(tabular.read_table(path)))
    imported = m.Person.get(m.Person.given_name == "花子").household
    assert (imported.address1, imported.address2) == ("福岡県飯\ufa10市本町", "3-4")
    assert jtext.fold("飯\ufa10") == jtext.fold("飯塚")  # the search folds both to one


def test_undoing_a_landline_change_puts_the_members_search_text_back(store):
    """Undo a household's 固定電話 change: its members are found by the old number again,
    not by the undone one (the household went back after the members were re-indexed)."""
    h = _household(landline="0354711234")
    p, _ = svc.save_person({"household": h.id, "family_name": "山田", "family_reading": "やまだ"})
    _h, edit = svc.save_household({"landline": "0312345678"}, h)
    assert [r.id for r in roster.search("0312345678")] == [p.id]
    svc.undo(edit)
    assert m.Household.get_by_id(h.id).landline == "0354711234"
    assert roster.search("0312345678") == []
    assert [r.id for r in roster.search("5471-1234")] == [p.id]


def test_undo_refuses_a_row_changed_since_and_changes_nothing(store):
    """An edit, then another change to the same person outside that edit (another page, an
    import): undo says so (UndoConflict) instead of writing the old values over the new ones."""
    p, _ = svc.save_person({"family_name": "佐藤", "given_name": "一郎", "family_reading": "さとう"})
    p, edit = svc.save_person({"family_name": "佐藤", "given_name": "次郎"}, p)
    m.Person.update(mobile="09011112222").where(m.Person.id == p.id).execute()  # not through this edit
    with pytest.raises(svc.UndoConflict) as caught:
        svc.undo(edit)
    assert [r.id for r in caught.value.rows] == [p.id]
    p = m.Person.get_by_id(p.id)
    assert (p.given_name, p.mobile) == ("次郎", "09011112222")
    assert not m.AuditLog.select().where(m.AuditLog.action == "undo").exists()


def test_undo_of_an_addition_never_trashes_whoever_has_the_id_now(store):
    """The added person is gone (an undone import deletes rows) and SQLite gives their id to
    someone new: undoing the addition leaves the new person alone."""
    p, edit = svc.save_person({"family_name": "山田", "family_reading": "やまだ"})
    m.Person.delete().where(m.Person.id == p.id).execute()
    other, _ = svc.save_person({"family_name": "佐藤", "family_reading": "さとう"})
    assert other.id == p.id  # the id is handed out again
    with pytest.raises(svc.UndoConflict):
        svc.undo(edit)
    assert m.Person.get_by_id(other.id).deleted_at is None


def test_a_new_block_leader_takes_the_role_from_the_previous_one(store):
    """A, then B, then （班長なし）: neither keeps 班長; the change is audited and undoable.
    Someone who still leads another block keeps the role."""
    b1, b2 = svc.create_block("1班"), svc.create_block("2班")
    a, _ = svc.save_person({"family_name": "青木", "family_reading": "あおき", "roles": ["officer"]})
    b, _ = svc.save_person({"family_name": "馬場", "family_reading": "ばば"})
    svc.set_block_leader(b1, a, actor="班長A")
    to_b = svc.set_block_leader(m.Block.get_by_id(b1.id), b, actor="班長A")
    assert m.Person.get_by_id(a.id).roles == ["officer"]
    assert "block_leader" in m.Person.get_by_id(b.id).roles
    assert m.AuditLog.select().where(m.AuditLog.row_uuid == a.uuid, m.AuditLog.field == "roles",
                                     m.AuditLog.actor == "班長A").exists()
    svc.set_block_leader(m.Block.get_by_id(b1.id), None)
    assert "block_leader" not in m.Person.get_by_id(b.id).roles
    assert m.Block.get_by_id(b1.id).leader_id is None
    # leading two blocks, giving up one: still 班長
    svc.set_block_leader(m.Block.get_by_id(b1.id), a)
    svc.set_block_leader(m.Block.get_by_id(b2.id), a)
    svc.set_block_leader(m.Block.get_by_id(b1.id), None)
    assert "block_leader" in m.Person.get_by_id(a.id).roles
    # undo of a leader change (once the later ones are undone or absent) puts both back
    svc.set_block_leader(m.Block.get_by_id(b2.id), None)
    again = svc.set_block_leader(m.Block.get_by_id(b1.id), b)
    svc.undo(again)
    assert m.Block.get_by_id(b1.id).leader_id is None
    assert "block_leader" not in m.Person.get_by_id(b.id).roles
    assert to_b.changes  # an Edit, like the other roster changes
