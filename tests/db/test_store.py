"""Opening, encryption, password and lock behaviour of a real SQLCipher file."""
from __future__ import annotations

import sqlite3

import pytest

from db import models as m
from db.database import (
    CorruptDatabase,
    FileInUse,
    NotEncrypted,
    PasswordTooShort,
    WrongPassword,
    change_password,
    db,
)
from db.store import Store


def _add_family(name="山田", given="花子"):
    b = m.Block.create(name="1班", position=0)
    h = m.Household.create(postal_code="1080075", address1="東京都港区港南", address2="9丁目1-1", block=b, landline="0354710000")
    p = m.Person.create(household=h, family_name=name, given_name=given, family_reading="やまだ", given_reading="はなこ", is_head=True)
    return b, h, p


def test_create_then_reopen_keeps_rows(db_path, password):
    """A created file reopens with the same password and shows its rows."""
    s = Store.open(db_path, password, create=True, name="港南町会")
    _add_family()
    s.close(auto_backup=False)
    s = Store.open(db_path, password)
    try:
        assert m.Association.get().name == "港南町会"
        assert m.Person.get().full_name == "山田 花子"
        assert m.Person.get().household.block.name == "1班"
    finally:
        s.close(auto_backup=False)


def test_wrong_password_is_refused_and_writes_nothing(db_path, password):
    """A wrong password raises WrongPassword and leaves the bytes and folder untouched."""
    s = Store.open(db_path, password, create=True, name="町会")
    _add_family()
    s.close(auto_backup=False)
    before = db_path.read_bytes()
    listing = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(WrongPassword):
        Store.open(db_path, "not-the-password")
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing
    # and the right one still works afterwards (the lock was released)
    Store.open(db_path, password).close(auto_backup=False)


def test_file_holds_no_plaintext_and_is_not_plain_sqlite(demo_store):
    """No name of the data appears in the file's bytes; plain SQLite cannot read it.

    Full names (2+ characters, 6+ bytes) are looked for: a 3-byte single kanji such as 林
    turns up by chance in 300 KB of ciphertext about once in fifty files, which proves nothing.
    """
    names = [p.family_name + p.given_name for p in m.Person.select()] + [p.full_name for p in m.Person.select()]
    demo_store.close(auto_backup=False)
    raw = demo_store.path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    for name in set(names) | {"港南みらい町会", "いきいきサロン", "東京都港区"}:
        assert len(name.encode("utf-8")) >= 6  # 2^48 values: no chance match in 300 KB
        assert name.encode("utf-8") not in raw
    conn = sqlite3.connect(demo_store.path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    Store.open(demo_store.path, "test-password-1")  # reopen so the fixture can close it


def test_change_password(db_path, password):
    """After a password change the old password fails and the new one opens the data."""
    s = Store.open(db_path, password, create=True, name="町会")
    _add_family()
    change_password("a-new-password")
    s.close(auto_backup=False)
    with pytest.raises(WrongPassword):
        Store.open(db_path, password)
    s = Store.open(db_path, "a-new-password")
    assert m.Person.select().count() == 1
    s.close(auto_backup=False)


def test_short_password_is_refused(db_path):
    """Creating a file with a too-short password is refused before anything is written."""
    with pytest.raises(PasswordTooShort):
        Store.open(db_path, "short", create=True)
    assert not db_path.exists()


def test_second_open_is_told_the_file_is_in_use(store, password):
    """While one store holds the file, a second open gets FileInUse."""
    with pytest.raises(FileInUse):
        Store.open(store.path, password)
    assert not db.is_closed()  # the first holder is undisturbed
    assert m.Association.get().name == "テスト町会"


def test_plain_sqlite_file_is_not_opened(tmp_path, password):
    """An unencrypted SQLite file gets NotEncrypted, and is left as it was."""
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotEncrypted):
        Store.open(path, password)
    assert path.read_bytes() == before


def test_damaged_file_fails_the_integrity_check(db_path, password):
    """Flipped bytes inside a data page are caught on open as CorruptDatabase."""
    s = Store.open(db_path, password, create=True, name="町会")
    for i in range(200):
        m.Person.create(family_name=f"人{i}", notes="x" * 200)
    s.close(auto_backup=False)
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > page * 6
    for off in range(page * 5 + 100, page * 5 + 140):
        data[off] ^= 0xFF
    db_path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabase):
        Store.open(db_path, password)


def test_crud_and_timestamps(store):
    """Rows get a UUID and times; an update moves updated_at; cascades follow the model."""
    _, h, p = _add_family()
    assert len(p.uuid) == 36 and p.created_at is not None
    rec = m.SupportRecord.create(person=p, reasons=["elderly_alone", "visual"], consent=m.CONSENT_NO)
    m.EmergencyContact.create(record=rec, position=0, name="山田 一郎", relation="長男", phone="09011112222")
    m.Supporter.create(record=rec, position=0, person=p)
    assert m.SupportRecord.get().reasons == ["elderly_alone", "visual"]
    first = p.updated_at
    import time

    time.sleep(1.05)
    p.given_name = "春子"
    p.save()
    assert m.Person.get_by_id(p.id).updated_at > first
    rec.delete_instance()
    assert m.EmergencyContact.select().count() == 0  # ON DELETE CASCADE is on (foreign_keys=1)


def test_trash_and_restore(store):
    """A trashed household hides its members; restore brings both back and is audited."""
    from desktop.services import trash

    _, h, p = _add_family()
    m.Person.create(household=h, family_name="山田", given_name="次郎")
    assert trash.trash_household(h, actor="佐藤") == 2
    assert m.Person.select().where(m.Person.deleted_at.is_null()).count() == 0
    assert len(trash.trashed_people()) == 2
    assert trash.restore_household(m.Household.get_by_id(h.id), actor="佐藤") == 2
    assert m.Person.select().where(m.Person.deleted_at.is_null()).count() == 2
    actions = [a.action for a in m.AuditLog.select().order_by(m.AuditLog.id)]
    assert actions.count("delete") == 3 and actions.count("restore") == 3
    assert {a.actor for a in m.AuditLog.select()} == {"佐藤"}


def test_new_uuid_is_a_random_rfc4122_uuid():
    """new_uuid() and new_uuids() build the text themselves; it must read back as a version-4
    RFC 4122 UUID, and one batch never repeats one."""
    import uuid

    from db.database import new_uuid, new_uuids

    made = [new_uuid() for _ in range(2500)] + list(new_uuids(2500))
    assert len(set(made)) == len(made)
    for text in made:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    assert {text[19] for text in made} == set("89ab")  # all four variant digits occur


def test_a_copy_cut_short_is_named_damaged_not_a_crash(db_path, password, tmp_path):
    """The first 100 KB of a real file (a copy interrupted by a kill or a full disk) is
    reported as damaged, not with a traceback and not as a wrong password."""
    from db import models as m
    from db.database import CorruptDatabase

    s = Store.open(db_path, password, create=True, name="町会")
    m.Block.insert_many([{"name": f"{i}班" + "あ" * 200} for i in range(3000)]).execute()
    s.close(auto_backup=False)
    cut = tmp_path / "cut.tsunagari"
    cut.write_bytes(db_path.read_bytes()[:100_000])
    with pytest.raises(CorruptDatabase):
        Store.open(cut, password)
