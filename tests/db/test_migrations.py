"""Schema upgrades from the fixture of every earlier released schema."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db import backup as backups
from db import migrations
from db import models as m
from db.database import db
from db.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_PASSWORD = "fixture-password-1"


@pytest.fixture
def v1_copy(tmp_path):
    path = tmp_path / "old.tsunagari"
    shutil.copyfile(FIXTURES / "schema_v1.tsunagari", path)
    return path


def _schema() -> set[tuple[str, str, str]]:
    rows = db.execute_sql("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    # Columns added by ALTER TABLE read differently in sqlite_master; compare tables by name,
    # indexes and triggers by their full definition.
    return {(t, n, " ".join((sql or "").split()).replace("IF NOT EXISTS ", "").replace('"', "") if t != "table" else "") for t, n, sql in rows}


def test_v1_fixture_upgrades_with_data_and_a_backup(v1_copy, tmp_path):
    """The v1 file upgrades to the current schema, keeps its rows and gets a backup first."""
    s = Store.open(v1_copy, FIXTURE_PASSWORD)
    try:
        assert s.migrated == list(range(2, migrations.SCHEMA_VERSION + 1))
        assert migrations.schema_version() == migrations.SCHEMA_VERSION
        assert m.Person.select().count() == 24
        assert m.Person.select().where(m.Person.import_batch.is_null()).count() == 24
        regulars = list(m.SalonMember.select())
        assert regulars and all(r.joined_on == r.created_at.date() for r in regulars)  # v6: joined the day added
        upgraded = _schema()
    finally:
        s.close(auto_backup=False)
    made = backups.list_backups(tmp_path / "backups")
    assert len(made) == 1 and "before-migration-v1" in made[0].name
    assert backups.verify_backup(made[0], FIXTURE_PASSWORD) > 0
    fresh = Store.open(tmp_path / "fresh.tsunagari", FIXTURE_PASSWORD, create=True)
    try:
        assert _schema() == upgraded  # same tables and indexes as a new file
    finally:
        fresh.close(auto_backup=False)


def test_failed_step_leaves_the_file_as_it_was(v1_copy, monkeypatch):
    """A step that fails rolls back every step: the file stays at v1 with its data."""
    def broken():
        db.execute_sql("CREATE TABLE half_done (x)")
        raise RuntimeError("disk full")

    monkeypatch.setitem(migrations.STEPS, migrations.SCHEMA_VERSION + 1, broken)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        Store.open(v1_copy, FIXTURE_PASSWORD)
    monkeypatch.undo()
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(v1_copy))
    conn.execute(f"PRAGMA key='{FIXTURE_PASSWORD}'")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables and "import_batch" not in tables
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 24
    conn.close()


def test_newer_schema_is_refused(db_path, password):
    """A file from a newer app version is not opened (and not changed)."""
    s = Store.open(db_path, password, create=True)
    db.execute_sql(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    s.close(auto_backup=False)
    with pytest.raises(migrations.NewerSchema):
        Store.open(db_path, password)


def test_call_trees_of_an_older_file_count_as_set_by_hand(v1_copy):
    """v5 records when a person changed a call tree; whether an older tree was changed by hand
    is unknown, so each counts as changed at the upgrade (undoing an import keeps asking)."""
    s = Store.open(v1_copy, FIXTURE_PASSWORD)
    try:
        trees = list(m.CallTree.select())
        assert trees and all(t.arranged_at is not None for t in trees)
    finally:
        s.close(auto_backup=False)
