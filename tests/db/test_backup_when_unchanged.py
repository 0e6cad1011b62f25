"""Closing a file makes an automatic backup only when something was written since it was opened."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from db import backup as backups
from db import models as m
from db.database import change_password, db
from db.store import Store
from desktop.services import roster as svc


def _autos(db_path):
    return backups.list_backups(db_path.parent / "backups", db_path.stem)


def _existing(db_path, password):
    """A saved file with one person, and no backups yet."""
    s = Store.open(db_path, password, create=True, name="町会")
    svc.save_person({"family_name": "山田"})
    s.close(auto_backup=False)
    assert _autos(db_path) == []


def test_open_and_close_without_changes_makes_no_backup(db_path, password):
    """Opening a file, reading it and closing it adds no backup, however often."""
    _existing(db_path, password)
    for _ in range(3):
        s = Store.open(db_path, password)
        assert [p.family_name for p in m.Person.select()] == ["山田"]
        assert not s.changed_since_open()
        assert s.close() is None
    assert _autos(db_path) == []


def test_close_after_adding_a_person_makes_one_backup(db_path, password):
    """A person added between open and close is backed up, once; the backup holds them."""
    _existing(db_path, password)
    s = Store.open(db_path, password)
    svc.save_person({"family_name": "鈴木"})
    assert s.changed_since_open()
    made = s.close()
    assert made is not None and _autos(db_path) == [made]
    s = Store.open(made, password)
    try:
        assert sorted(p.family_name for p in m.Person.select()) == ["山田", "鈴木"]
    finally:
        s.close(auto_backup=False)


def test_write_from_a_worker_thread_is_backed_up(db_path, password):
    """A write through another thread's connection (the app's background tasks) still counts."""
    _existing(db_path, password)
    s = Store.open(db_path, password)

    def work():
        try:
            m.Person.create(family_name="別スレッド")
        finally:
            db.close()

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert s.close() is not None
    assert len(_autos(db_path)) == 1


def test_password_change_is_backed_up_with_the_new_password(db_path, password):
    """Re-keying changes no row, but the next automatic backup must open with the new password."""
    _existing(db_path, password)
    s = Store.open(db_path, password)
    change_password("another-password-2")
    made = s.close()
    assert made is not None
    backups.verify_backup(made, "another-password-2")


def test_migrated_file_is_backed_up_on_close(tmp_path):
    """Opening an older file upgrades it: that is a change, so closing backs it up."""
    path = tmp_path / "old.tsunagari"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "schema_v1.tsunagari", path)
    s = Store.open(path, "fixture-password-1")
    assert s.migrated
    made = s.close()
    assert made is not None and made.name.endswith("-auto" + backups.SUFFIX)


def test_cli_dry_run_import_makes_no_backup(db_path, password, tmp_path):
    """`tsunagari import --dry-run` (and an import refused for its problems) leaves the backups alone."""
    _existing(db_path, password)
    csv_path = tmp_path / "roster.csv"
    csv_path.write_text("氏名,ふりがな,電話\n鈴木 一郎,すずき いちろう,03-5471-1234\n佐藤 次郎,さとう じろう,12345\n",
                        encoding="utf-8")
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)
    for extra in (["--dry-run", "--skip-invalid"], []):
        r = subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", "import", str(csv_path),
                            "--db", str(db_path), *extra], capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == (0 if extra else 1), r.stderr
    assert _autos(db_path) == []
