"""A file that lost its content (0 bytes, cut short) is damaged, never a new association; and a
failed open leaves no .lock file beside the person's file."""
from __future__ import annotations

import os
import sqlite3

import pytest

from db import backup as backups
from db import models as m
from db.database import CorruptDatabase, FileInUse, StoreError, TruncatedFile
from db.store import Store, lock_path


def _filled(db_path, password, people=20):
    """A real association file with `people` people and a manual backup; closed."""
    s = Store.open(db_path, password, create=True, name="町会")
    for i in range(people):
        m.Person.create(family_name=f"人{i}")
    s.backup(label="manual")
    s.close(auto_backup=False)


@pytest.mark.parametrize("content", [b"", os.urandom(3000)], ids=["empty", "cut-short"])
@pytest.mark.parametrize("create", [False, True], ids=["open", "create"])
def test_a_file_without_its_content_is_damaged_for_any_password(tmp_path, password, content, create):
    """0 bytes (or less than a page) opens with no password, as damaged; nothing is written to it."""
    path = tmp_path / "assoc.tsunagari"
    path.write_bytes(content)
    for typed in ("typo-typo-typo", password):
        with pytest.raises(TruncatedFile) as caught:
            Store.open(path, typed, create=create, name="新しい町会")
        assert isinstance(caught.value, CorruptDatabase)  # the open flow offers the backup for it
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assoc.tsunagari"]


def test_a_new_file_is_still_created(tmp_path, password):
    """create=True on a path where nothing is makes the file, and leaves no .lock once closed."""
    path = tmp_path / "sub" / "new.tsunagari"
    Store.open(path, password, create=True, name="町会").close(auto_backup=False)
    with Store.open(path, password):
        assert m.Association.get().name == "町会"
    assert path.stat().st_size >= 4096
    assert sorted(p.name for p in path.parent.iterdir()) == ["new.tsunagari"]


def _plain(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", ["wrong-password", "plain-sqlite", "folder", "empty", "random", "corrupt", "missing"])
def test_a_failed_open_leaves_no_lock_file(tmp_path, password, kind):
    """Whatever made the open fail, the folder holds afterwards exactly what it held before."""
    path = tmp_path / "assoc.tsunagari"
    typed = password
    if kind == "wrong-password":
        _filled(path, password, people=1)
        typed = "wrong-password"
    elif kind == "plain-sqlite":
        _plain(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "random":
        path.write_bytes(os.urandom(8192))
    elif kind == "corrupt":
        _filled(path, password, people=200)
        data = bytearray(path.read_bytes())
        for off in range(4096 * 3 + 100, 4096 * 3 + 140):
            data[off] ^= 0xFF
        path.write_bytes(bytes(data))
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError):
        Store.open(path, typed)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not lock_path(path).exists()


def test_the_lock_of_a_running_instance_is_never_removed(db_path, password):
    """A second open of a file in use fails, and the first one's lock still holds afterwards."""
    first = Store.open(db_path, password, create=True, name="町会")
    try:
        for _ in range(2):
            with pytest.raises(FileInUse):
                Store.open(db_path, password)
            assert lock_path(db_path).exists()
    finally:
        first.close(auto_backup=False)
    assert not lock_path(db_path).exists()  # made by the first open, gone with it
    Store.open(db_path, password).close(auto_backup=False)


def test_a_lock_file_that_was_there_is_left_alone(db_path, password):
    """A .lock found beside the file (another instance may have made it) is not deleted."""
    Store.open(db_path, password, create=True, name="町会").close(auto_backup=False)
    lock_path(db_path).write_bytes(b"")
    Store.open(db_path, password).close(auto_backup=False)
    with pytest.raises(StoreError):
        Store.open(db_path, "wrong-password")
    assert lock_path(db_path).exists()


@pytest.mark.parametrize("older_password", [False, True], ids=["same-password", "older-password"])
def test_a_backup_restores_onto_an_empty_file(db_path, password, older_password):
    """Restoring the backup over a 0-byte file brings the people back; no empty 'before-restore' copy."""
    backup_password = "older-password-1" if older_password else password
    _filled(db_path, backup_password)
    (made,) = backups.list_backups(backups.default_backup_dir(db_path), db_path.stem)
    db_path.write_bytes(b"")
    live = password if older_password else None
    assert backups.restore_file(db_path, made, backup_password, live_password=live) is None
    with Store.open(db_path, password):
        assert m.Person.select().count() == 20
    assert backups.list_backups(backups.default_backup_dir(db_path), db_path.stem) == [made]
