"""Schema versions as numbered steps on PRAGMA user_version.

A new file gets the current schema at once. An older file is backed up, then upgraded
step by step inside one transaction: either every step lands or none does.
"""
from __future__ import annotations

from collections.abc import Callable

from playhouse.migrate import SqliteMigrator, migrate  # noqa: F401  (used by later steps)

from db.database import StoreError, db
from db.models import ALL_MODELS


class NewerSchema(StoreError):
    """The file was written by a newer つながりノート."""


def _step_1() -> None:
    # Version 1 is the first release: a file that has it was created whole. Kept so the
    # numbering is complete; upgrade() never runs it on an existing file.
    raise RuntimeError("schema v1 is created, not migrated to")


def _step_2() -> None:
    """Import batches (so "undo this import" removes exactly what one import added), and a
    covering index for the follow-up list."""
    from db.models import Household, ImportBatch, Person

    db.create_tables([ImportBatch])
    migrator = SqliteMigrator(db)
    migrate(
        migrator.add_column("household", "import_batch_id", Household.import_batch),
        migrator.add_column("person", "import_batch_id", Person.import_batch),
    )
    # The follow-up list reads "last attended" per person; this index covers it (bench/).
    db.execute_sql("DROP INDEX IF EXISTS attendance_person_id_session_id")
    db.execute_sql("CREATE INDEX attendance_person_id_state_session_id ON attendance (person_id, state, session_id)")


def _step_3() -> None:
    """person_touch: last contact / last attendance kept by triggers (the follow-up list)."""
    from db import touch

    touch.create()


def _step_4() -> None:
    """Covering indexes for the follow-up list: follow-ups due, and each salon's latest sessions."""
    from db.models import ContactLog, SalonSession

    db.execute_sql("DROP INDEX IF EXISTS contact_log_follow_up_on")  # replaced by the partial covering one
    ContactLog._schema.create_indexes(safe=True)
    SalonSession._schema.create_indexes(safe=True)


def _step_5() -> None:
    """call_tree.arranged_at: when a person last changed the tree by hand. Nobody can tell
    whether a tree stored before this was changed by hand, so every one counts as changed
    now: its places stay later work for an undo of an import, as they were before."""
    from db.database import now
    from db.models import CallTree

    migrate(SqliteMigrator(db).add_column("call_tree", "arranged_at", CallTree.arranged_at))
    CallTree.update(arranged_at=now()).execute()


def _step_6() -> None:
    """salon_member.joined_on: the day someone became a regular, so sessions held before it
    are not counted as missed. Existing regulars get the day their row was made."""
    import peewee as pw

    migrator = SqliteMigrator(db)
    migrate(migrator.add_column("salon_member", "joined_on", pw.DateField(null=True)))
    db.execute_sql("UPDATE salon_member SET joined_on = substr(created_at, 1, 10)")
    migrate(migrator.add_not_null("salon_member", "joined_on"))


# Each step takes the schema from version n-1 to n.
STEPS: dict[int, Callable[[], None]] = {
    1: _step_1,
    2: _step_2,
    3: _step_3,
    4: _step_4,
    5: _step_5,
    6: _step_6,
}
SCHEMA_VERSION = max(STEPS)


def schema_version() -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def needs_migration() -> bool:
    return 0 < schema_version() < SCHEMA_VERSION


def create_schema() -> None:
    from db import touch

    with db.atomic():
        db.create_tables(ALL_MODELS)
        touch.create()
        db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def upgrade(before_backup: Callable[[int], object] | None = None) -> list[int]:
    """Bring the open database to SCHEMA_VERSION; return the steps that ran."""
    current = schema_version()
    if current > SCHEMA_VERSION:
        raise NewerSchema(current)
    if current == 0:
        create_schema()
        return []
    if current == SCHEMA_VERSION:
        return []
    if before_backup is not None:
        before_backup(current)
    ran = []
    with db.atomic():
        for version in range(current + 1, SCHEMA_VERSION + 1):
            STEPS[version]()
            ran.append(version)
        db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return ran
