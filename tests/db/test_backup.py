"""Encrypted backups, pruning and restore."""
from __future__ import annotations

import pytest

from db import backup as backups
from db import models as m
from db.database import CorruptDatabase, WrongPassword
from db.store import Store


def test_backup_and_restore_round_trip(db_path, password, tmp_path):
    """Restore brings back the data as it was at backup time; the replaced file is kept."""
    s = Store.open(db_path, password, create=True, name="町会")
    m.Person.create(family_name="前")
    made = s.backup(tmp_path / "usb")
    m.Person.create(family_name="後")
    s.close(auto_backup=False)
    assert not made.read_bytes().startswith(b"SQLite format 3")
    assert "前".encode() not in made.read_bytes()

    safety = backups.restore_file(db_path, made, password)
    assert safety is not None and safety.exists()
    s = Store.open(db_path, password)
    try:
        assert [p.family_name for p in m.Person.select()] == ["前"]
    finally:
        s.close(auto_backup=False)


def test_automatic_backup_on_close_keeps_the_last_ten(db_path, password):
    """Each close writes an automatic backup; only the newest ten automatic ones stay."""
    for i in range(12):
        s = Store.open(db_path, password, create=(i == 0), name="町会")
        m.Person.create(family_name=f"人{i}")
        s.close()
    autos = backups.list_backups(db_path.parent / "backups", db_path.stem)
    assert len(autos) == 10
    s = Store.open(autos[0], password)  # the newest holds all twelve people
    try:
        assert m.Person.select().count() == 12
    finally:
        s.close(auto_backup=False)


def test_restore_refuses_a_bad_backup_and_keeps_the_file(db_path, password, tmp_path):
    """A damaged or wrongly keyed backup is refused before the live file is touched."""
    s = Store.open(db_path, password, create=True, name="町会")
    m.Person.create(family_name="残る人")
    good = s.backup(tmp_path / "b")
    s.close(auto_backup=False)
    before = db_path.read_bytes()

    broken = tmp_path / "broken.backup.db"
    data = bytearray(good.read_bytes())
    for off in range(5000, 5100):
        data[off] ^= 0x55
    broken.write_bytes(bytes(data))
    with pytest.raises((CorruptDatabase, WrongPassword)):
        backups.restore_file(db_path, broken, password)
    with pytest.raises(WrongPassword):
        backups.restore_file(db_path, good, "another-password")
    assert db_path.read_bytes() == before
