"""Encrypted, timestamped backups through the SQLite online-backup API, and restore.

A backup is keyed with the same password as the live file, so it is as safe on a USB
stick as the original. Restore replaces the live file only after the copy has been opened
and checked, and keeps a copy of what it replaced.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from db.database import CorruptDatabase, WrongPassword, db

SUFFIX = ".backup.db"
DEFAULT_KEEP = 10


def default_backup_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def _key(conn, password: str) -> None:
    conn.execute("PRAGMA key='%s'" % password.replace("'", "''"))


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]


def backup_to(dest_dir: Path | str, *, label: str = "") -> Path:
    """Copy the open database to dest_dir/<stem>-<timestamp>[-label].backup.db and verify it."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    stem = Path(db.database).stem
    name = f"{stem}-{_stamp()}{('-' + label) if label else ''}{SUFFIX}"
    target = dest_dir / name
    tmp = target.with_name(target.name + ".part")
    password = db.connect_params["passphrase"]
    try:
        dst = sqlcipher.connect(str(tmp))
        try:
            _key(dst, password)
            db.connection().backup(dst)
            dst.commit()
        finally:
            dst.close()
        verify_backup(tmp, password)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a half-written copy (full disk, unplugged stick) is no backup
        raise
    os.replace(tmp, target)
    return target


def verify_backup(path: Path | str, password: str) -> int:
    """Open a backup with the password and check it; return its number of tables."""
    conn = sqlcipher.connect(str(path))
    try:
        _key(conn, password)
        try:
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        except sqlcipher.DatabaseError as exc:
            raise WrongPassword(str(path)) from exc
        try:
            problems = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
            check = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        except sqlcipher.DatabaseError as exc:
            raise CorruptDatabase(f"{path}: {exc}") from exc
        if problems or check != ["ok"]:
            raise CorruptDatabase(str(path))
        if tables == 0:
            raise CorruptDatabase(str(path))
        return tables
    finally:
        conn.close()


def list_backups(backup_dir: Path | str, stem: str | None = None) -> list[Path]:
    """Backups in backup_dir, newest first."""
    backup_dir = Path(backup_dir)
    if not backup_dir.is_dir():
        return []
    found = [p for p in backup_dir.glob(f"*{SUFFIX}") if stem is None or p.name.startswith(stem + "-")]
    return sorted(found, key=lambda p: p.name, reverse=True)


def prune(backup_dir: Path | str, stem: str, keep: int = DEFAULT_KEEP, label: str = "auto") -> list[Path]:
    """Keep the newest `keep` automatic backups of `stem`; manual ones are never pruned."""
    autos = [p for p in list_backups(backup_dir, stem) if p.name.endswith(f"-{label}{SUFFIX}")]
    removed = autos[keep:]
    for p in removed:
        p.unlink(missing_ok=True)
    return removed


def restore_file(db_path: Path | str, source: Path | str, password: str) -> Path | None:
    """Replace db_path by a verified copy of `source`. The database must be closed.

    Returns the path of the safety copy of the replaced file (None if there was none).
    """
    db_path, source = Path(db_path), Path(source)
    verify_backup(source, password)
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(source, tmp)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    verify_backup(tmp, password)
    safety = None
    if db_path.exists():
        safety_dir = default_backup_dir(db_path)
        safety_dir.mkdir(parents=True, exist_ok=True)
        safety = safety_dir / f"{db_path.stem}-{_stamp()}-before-restore{SUFFIX}"
        shutil.copyfile(db_path, safety)
    for extra in ("-wal", "-shm"):
        Path(str(db_path) + extra).unlink(missing_ok=True)
    os.replace(tmp, db_path)
    return safety
