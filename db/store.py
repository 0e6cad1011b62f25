"""Opening and closing an association file: lock, key, integrity, migrate, backup.

`Store` is the handle that the app context and the command line hold while a file is open.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from db import backup as backups
from db import migrations
from db.database import (
    CorruptDatabase,
    FileInUse,
    close_database,
    db,
    integrity_problems,
    open_database,
)
from db.models import Association

log = logging.getLogger(__name__)


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


@dataclass
class Store:
    path: Path
    backup_dir: Path
    _lock: filelock.BaseFileLock | None = field(default=None, repr=False)
    migrated: list[int] = field(default_factory=list)

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
        lock = filelock.FileLock(str(lock_path(path)), timeout=0)
        try:
            lock.acquire()
        except filelock.Timeout as exc:
            raise FileInUse(str(path)) from exc
        store = cls(path=path, backup_dir=Path(backup_dir) if backup_dir else backups.default_backup_dir(path), _lock=lock)
        try:
            open_database(path, password, create=create)
            if check and migrations.schema_version() > 0:
                problems = integrity_problems()
                if problems:
                    close_database()
                    raise CorruptDatabase("; ".join(problems[:5]))
            store.migrated = migrations.upgrade(
                before_backup=lambda v: backups.backup_to(store.backup_dir, label=f"before-migration-v{v}")
            )
            if create and not Association.select().exists():
                Association.create(name=name or "")
        except Exception:
            close_database()
            lock.release()
            raise
        return store

    def backup(self, to_dir: Path | str | None = None, *, label: str = "") -> Path:
        return backups.backup_to(to_dir or self.backup_dir, label=label)

    def close(self, *, auto_backup: bool = True, keep: int = backups.DEFAULT_KEEP) -> Path | None:
        """Close the file, first taking an automatic backup (the last `keep` are kept)."""
        made = None
        try:
            if auto_backup and not db.is_closed():
                made = backups.backup_to(self.backup_dir, label="auto")
                backups.prune(self.backup_dir, self.path.stem, keep=keep)
        except Exception:  # a failed backup must not stop the file from closing
            log.exception("automatic backup failed")
        finally:
            close_database()
            if self._lock is not None:
                self._lock.release()
                self._lock = None
        return made

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close(auto_backup=False)
