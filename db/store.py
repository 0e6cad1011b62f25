"""Opening and closing an association file: lock, key, integrity, migrate, backup.

`Store` is the handle that the app context and the command line hold while a file is open.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from db import backup as backups
from db import migrations
from db.database import (
    CorruptDatabase,
    DatabaseMissing,
    FileInUse,
    NotOurFile,
    StoreError,
    close_database,
    db,
    integrity_problems,
    is_other_document,
    is_truncated,
    open_database,
    TruncatedFile,
)
from db.models import Association

log = logging.getLogger(__name__)


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


class StoreLock:
    """The <file>.lock beside an association file, held while a window or command uses it.

    The lock file is removed again when it was made here: a failed open (a wrong password, a
    damaged file) or a finished one leaves nothing next to the person's file. One that was
    there before is left alone: another instance may hold it, or have made it. It is removed
    while still held, so no other instance can hold it at that moment (on Windows that fails
    and filelock removes it on release itself)."""

    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._lock = filelock.FileLock(str(self.path), timeout=0, thread_local=False)
        self._made = False

    def acquire(self) -> "StoreLock":
        """Take the lock now, or raise FileInUse."""
        made = not self.path.exists()
        try:
            self._lock.acquire()
        except filelock.Timeout as exc:
            raise FileInUse(str(self.db_path)) from exc
        self._made = made
        return self

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        if self._made:
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._lock.release()

    def __enter__(self) -> "StoreLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


@dataclass
class Store:
    path: Path
    backup_dir: Path
    _lock: StoreLock | None = field(default=None, repr=False)
    migrated: list[int] = field(default_factory=list)
    _opened_mark: tuple | None = field(default=None, repr=False)
    auto_backup_error: Exception | None = field(default=None, repr=False)

    @classmethod
    def open(
        cls,
        path: Path | str,
        password: str,
        *,
        create: bool = False,
        name: str | None = None,
        backup_dir: Path | str | None = None,
        check: bool = True,
    ) -> "Store":
        """Open (or create) the file; raise a StoreError the caller can explain to a person."""
        path = Path(path).expanduser().resolve()
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        # These before taking the lock: they need no lock, and they are what open_database()
        # would say too.
        elif not path.exists():
            raise DatabaseMissing(str(path))
        if path.is_dir():  # SQLite's "unable to open database file" is no sentence for a person
            raise StoreError(str(path))
        if path.is_file() and path.stat().st_size and is_other_document(path):
            raise NotOurFile(str(path))
        if is_truncated(path):  # even with create=True: never write into a file that is there
            raise TruncatedFile(str(path))
        lock = StoreLock(path).acquire()
        store = cls(path=path, backup_dir=Path(backup_dir) if backup_dir else backups.default_backup_dir(path), _lock=lock)
        try:
            open_database(path, password, create=create)
            new_schema = migrations.schema_version() == 0
            if check and migrations.schema_version() > 0:
                problems = integrity_problems()
                if problems:
                    close_database()
                    raise CorruptDatabase("; ".join(problems[:5]))
            store.migrated = migrations.upgrade(
                before_backup=lambda v: store.backup(label=f"before-migration-v{v}")
            )
            if create and not Association.select().exists():
                Association.create(name=name or "")
            # A new schema or a migration is a change that _write_mark() cannot see (DDL and
            # PRAGMA user_version do not count in total_changes): always back those up.
            store._opened_mark = None if new_schema or store.migrated else _write_mark()
        except BaseException:
            close_database()
            lock.release()  # and its lock file, if made here: a failed open leaves nothing beside the file
            raise
        return store

    def backup(self, to_dir: Path | str | None = None, *, label: str = "") -> Path:
        """A verified copy in to_dir (default: the backup folder). An automatic one ("auto",
        "before-…") in the backup folder makes the oldest of its kind beyond the limit go;
        a "manual" one, the person's own, is never deleted by the app (backups.prune)."""
        made = backups.backup_to(to_dir or self.backup_dir, label=label)
        if to_dir is None and backups.prune_kind(label) is not None:
            try:
                backups.prune(self.backup_dir, self.path.stem)
            except OSError as exc:  # the copy is made; an old one that stays is no harm
                log.warning("could not prune old backups: %s", type(exc).__name__)
        return made

    def changed_since_open(self) -> bool:
        """Whether anything may have been written to the file since it was opened.

        Errs towards True: when it cannot tell (another thread asks, the connection was
        replaced), or when a write was rolled back, it says changed.
        """
        if self._opened_mark is None or db.is_closed():
            return True
        return _write_mark() != self._opened_mark

    def close(self, *, auto_backup: bool = True, keep: int = backups.DEFAULT_KEEP) -> Path | None:
        """Close the file, first taking an automatic backup (the last `keep` are kept).

        The backup is skipped when nothing was written since the file was opened: a dry-run
        import, a refused import or a read-only command would otherwise add a copy identical
        to the last one each time, and pruning to `keep` would push real older backups out.
        """
        made = None
        try:
            if auto_backup and not db.is_closed() and self.changed_since_open():
                made = backups.backup_to(self.backup_dir, label=backups.AUTO_LABEL)
                backups.prune(self.backup_dir, self.path.stem, keep=keep)
        except Exception as exc:  # a failed backup must not stop the file from closing
            self.auto_backup_error = exc  # the caller tells the person (the window, the command line)
            log.warning("automatic backup failed: %s", type(exc).__name__)
        finally:
            close_database()
            self._opened_mark = None  # drops the reference to the closed connection
            if self._lock is not None:
                self._lock.release()
                self._lock = None
        return made

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close(auto_backup=False)


def _write_mark() -> tuple:
    """What changes when the open file is written to, on any connection of this process.

    - `total_changes` of this thread's connection: rows inserted, updated or deleted through
      it, triggers included (rolled-back writes still count, so a doubt means "changed").
    - `PRAGMA data_version` on the same connection: changes whenever another connection
      (a worker thread's, or another process) commits to the file.
    - The connection itself: if it was closed and reopened the counters restart, so the
      marks differ and the caller backs up.
    - A digest of the key: a password change rewrites every page without touching a row,
      and the next backup should open with the new password.
    Opening writes nothing of its own (no last-opened stamp; the pragmas set on open do not
    count), so an open followed by a close compares equal.
    """
    conn = db.connection()
    data_version = db.execute_sql("PRAGMA data_version").fetchone()[0]
    key = hashlib.sha256(db.connect_params.get("passphrase", "").encode()).hexdigest()
    return conn, conn.total_changes, data_version, key
