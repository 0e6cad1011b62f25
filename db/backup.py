"""Encrypted, timestamped backups through the SQLite online-backup API, and restore.

A backup is keyed with the same password as the live file, so it is as safe on a USB
stick as the original. Restore replaces the live file only after the copy has been opened
and checked, and keeps a copy of what it replaced.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
from glob import escape as glob_escape
from pathlib import Path
from typing import NamedTuple

from sqlcipher3 import dbapi2 as sqlcipher

from db.database import CorruptDatabase, StoreError, WrongPassword, db

log = logging.getLogger(__name__)

SUFFIX = ".backup.db"
DEFAULT_KEEP = 10  # automatic backups of each kind kept in the app's backup folder
AUTO_LABEL = "auto"  # the regular copy taken when a changed file is closed
MANUAL_LABEL = "manual"  # `tsunagari backup`, ファイル → バックアップ: the person's own, never deleted


class NoFileToKeepPasswordOf(StoreError):
    """A restore into a new file was given a password to re-key it to: there is no file whose
    password is in use, so the restored file keeps the backup's own password."""


def default_backup_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def _key(conn, password: str) -> None:
    # A wrong key makes SQLCipher log every failed page to stderr; it gets a sentence of its own.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key='%s'" % password.replace("'", "''"))


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]


def backup_to(dest_dir: Path | str, *, label: str = "") -> Path:
    """Copy the open database to dest_dir/<stem>-<timestamp>[-label].backup.db and verify it."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    stem = Path(db.database).stem
    # Half-copies left by a killed or failed backup of this file (we hold its lock, so none is
    # being written now): full-size encrypted files that would only pile up.
    for stale in dest_dir.glob(f"{glob_escape(stem)}-*{SUFFIX}.part*"):
        if _name_pattern(stem).fullmatch(stale.name.split(".part")[0]):
            stale.unlink(missing_ok=True)
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
    from db.database import NotOurFile, is_cut_short, is_other_document

    if is_other_document(Path(path)):  # a CSV or workbook chosen by mistake: not "a wrong password"
        raise NotOurFile(str(path))
    if is_cut_short(Path(path)):  # no key can open it; said before any key is tried
        raise CorruptDatabase(str(path))
    conn = sqlcipher.connect(str(path))
    try:
        _key(conn, password)
        try:
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        except sqlcipher.DatabaseError as exc:
            if "malformed" in str(exc):  # the key is right, the copy is cut short
                raise CorruptDatabase(str(path)) from exc
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


def wrong_password_for(path: Path | str, password: str) -> bool:
    """Whether `password` fails to open the backup at `path`, a file that looks like ours
    (read up to its first page only, so quick enough to ask before a restore). A damaged copy
    or another document is not a question of the password: False, and verify_backup says what.
    A copy cut short is told by its size (is_cut_short); one cut at a page boundary opens with
    the right key and fails on a later page ("malformed"). Only a first page damaged in place
    looks the same as a wrong key: then True, and the caller says both."""
    from db.database import is_cut_short, is_other_document

    if not Path(path).is_file() or is_other_document(Path(path)) or is_cut_short(Path(path)):
        return False
    conn = sqlcipher.connect(str(path))
    try:
        _key(conn, password)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return False
    except sqlcipher.DatabaseError as exc:
        return "malformed" not in str(exc)
    finally:
        conn.close()


def is_backup_file(path: Path | str) -> bool:
    """Whether `path` is a backup rather than an association file to work in: its name ends in
    .backup.db (what every backup the app writes is called), or it lies in a folder called
    "backups" (where the app puts them, whatever a copy was renamed to). A backup is never
    opened where it lies: it is restored into a file of its own (see restore_target)."""
    path = Path(path)
    return path.name.lower().endswith(SUFFIX) or path.parent.name.lower() == "backups"


def restore_target(source: Path | str, folder: Path | str) -> Path:
    """The association file a backup becomes in `folder`: town-20261128-140501-123-manual.backup.db
    is town.tsunagari again (its later backups then carry the same name); a renamed copy keeps
    its name without .backup.db."""
    name = Path(source).name
    match = re.fullmatch(rf"(.+?)-\d{{8}}-\d{{6}}-\d{{3}}(?:-[a-z][a-z0-9-]*)?{re.escape(SUFFIX)}", name, re.IGNORECASE)
    if match:
        stem = match.group(1)
    elif name.lower().endswith(SUFFIX):
        stem = name[: -len(SUFFIX)]
    else:
        stem = Path(name).stem
    return Path(folder) / f"{stem.strip() or 'association'}.tsunagari"


def _name_pattern(stem: str) -> re.Pattern:
    """<stem>-<YYYYmmdd-HHMMSS-mmm>[-label].backup.db exactly: the backups of town.tsunagari are
    not those of town-old.tsunagari, whose names also start with "town-"."""
    # The label may hold digits: "before-migration-v3".
    return re.compile(rf"{re.escape(stem)}-\d{{8}}-\d{{6}}-\d{{3}}(?:-([a-z][a-z0-9-]*))?{re.escape(SUFFIX)}")


def backup_time(path: Path | str) -> dt.datetime:
    """When a backup was taken: the time in its name (stem-YYYYmmdd-HHMMSS-mmm[-label]), or
    for a file named otherwise (renamed on a USB stick) the time it was last written."""
    match = re.search(r"-(\d{8}-\d{6})-\d{3}(?:-[a-z][a-z0-9-]*)?" + re.escape(SUFFIX) + "$", Path(path).name)
    if match:
        try:
            return dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(Path(path).stat().st_mtime)


class Summary(NamedTuple):
    """What an association file holds, in the words a restore uses."""

    name: str  # the association's name
    people: int  # people not in the trash
    uuid: str  # the association row's UUID: the same in every backup of one file, and only there


def _read_summary(conn) -> Summary:
    row = conn.execute("SELECT name, uuid FROM association LIMIT 1").fetchone()
    people = conn.execute("SELECT count(*) FROM person WHERE deleted_at IS NULL").fetchone()[0]
    return Summary(row[0] if row else "", people, row[1] if row else "")


def summary(path: Path | str, password: str) -> Summary | None:
    """(association name, people not in the trash, association UUID) of a file, read with
    `password`; None if it does not open. Lets a restore say what it put in place of what."""
    conn = sqlcipher.connect(str(path))
    try:
        _key(conn, password)
        return _read_summary(conn)
    except sqlcipher.DatabaseError:
        return None
    finally:
        conn.close()


def open_summary() -> Summary:
    """summary() of the open database, read on its connection (no second key derivation)."""
    return _read_summary(db.connection())


def same_association(a: Summary, b: Summary) -> bool:
    """Whether two files hold the same association: one file and its backups share the
    association's UUID (a renamed association too). Without a UUID on both, by name."""
    if a.uuid and b.uuid:
        return a.uuid == b.uuid
    return a.name == b.name


def list_backups(backup_dir: Path | str, stem: str | None = None) -> list[Path]:
    """Backups in backup_dir (of the file called `stem`, if given), newest first."""
    backup_dir = Path(backup_dir)
    if not backup_dir.is_dir():
        return []
    pattern = _name_pattern(stem) if stem is not None else None
    found = [p for p in backup_dir.glob(f"*{SUFFIX}") if pattern is None or pattern.fullmatch(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def prune_kind(label: str) -> str | None:
    """The kind a backup with this label is counted under when pruning, or None if the app
    never deletes it.

    - "auto": the copy taken when a changed file is closed.
    - "before-…": the safety copies taken before a risky step (before-restore,
      before-password-change, before-migration-vN: every migration step is one kind).
    - Anything else, "manual" and no label above all, was made by the person (or by a version
      we do not know): the app never deletes it.
    """
    if label == AUTO_LABEL:
        return AUTO_LABEL
    if label.startswith("before-"):
        return re.sub(r"-v\d+$", "", label)
    return None


def prune(backup_dir: Path | str, stem: str, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Keep the newest `keep` automatic backups of `stem` of each kind (see prune_kind): the
    newest ten closes, and apart from them the newest ten of each before-… kind, so a run of
    closes never pushes out the copy from before a restore, and the folder still stops growing.

    Backups the person made by hand are never deleted, nor another file's: only names that
    are exactly `stem`-<time>-<label> count (town's backups are not town-old's). Newest is
    by the time in the name, the moment the data was copied; a copy brought back from a USB
    stick has a new mtime but still holds the old data.
    """
    by_kind: dict[str, list[Path]] = {}
    pattern = _name_pattern(stem)
    for p in list_backups(backup_dir, stem):  # newest first
        kind = prune_kind(pattern.fullmatch(p.name).group(1) or "")
        if kind is not None:
            by_kind.setdefault(kind, []).append(p)
    removed = [p for found in by_kind.values() for p in found[keep:]]
    for p in removed:
        p.unlink(missing_ok=True)
    return removed


def _copy_with_wal(source: Path, target: Path, password: str | None) -> None:
    """Copy a database file *with* what its -wal file holds, to `target` (written as
    target.part and renamed, so a copy cut short never carries the final name).

    A crash leaves committed changes in the -wal file; copying the main file alone would
    drop them. With the password the copy is checkpointed into one self-contained file;
    without (or if the password does not open it) the -wal travels with it as target-wal."""
    part = target.with_name(target.name + ".part")
    wal = Path(str(source) + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    try:
        shutil.copyfile(source, part)
        if has_wal:
            shutil.copyfile(wal, Path(str(part) + "-wal"))
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())
        if has_wal and password is not None:
            try:
                conn = sqlcipher.connect(str(part))
                try:
                    _key(conn, password)
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                finally:
                    conn.close()
                has_wal = Path(str(part) + "-wal").exists() and Path(str(part) + "-wal").stat().st_size > 0
            except sqlcipher.DatabaseError:
                pass  # another key: keep the -wal beside the copy
        for extra in ("-wal", "-shm"):
            if extra == "-wal" and has_wal:
                os.replace(str(part) + extra, str(target) + extra)
            else:
                Path(str(part) + extra).unlink(missing_ok=True)
        os.replace(part, target)
    except BaseException:
        _unlink_with_sidecars(part)
        raise


def _rekey(path: Path, old: str, new: str) -> None:
    """Re-key a closed copy from `old` to `new` (the caller verifies it with `new` after)."""
    conn = sqlcipher.connect(str(path))
    try:
        _key(conn, old)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA rekey='%s'" % new.replace("'", "''"))
    finally:
        conn.close()


def _unlink_with_sidecars(path: Path, *, keep_main: bool = False) -> None:
    """Remove a database file and its -wal and -shm (or only those, with keep_main)."""
    for p in ((() if keep_main else (path,)) + (Path(str(path) + "-wal"), Path(str(path) + "-shm"))):
        p.unlink(missing_ok=True)


def restore_file(db_path: Path | str, source: Path | str, password: str, *,
                 live_password: str | None = None) -> Path | None:
    """Replace db_path by a verified copy of `source`. The database must be closed.

    `password` opens the backup. A backup made before a password change needs the password of
    its day: then pass the password that opens db_path now as `live_password`, and the restored
    file is re-keyed to it, so the person goes on with the password they use now (not one they
    changed away from, perhaps because someone else knew it). Without a file at db_path (a new
    laptop) the copy keeps the backup's own password; another `live_password` is refused.

    Returns the path of the safety copy of the replaced file (None if there was none). The
    safety copy holds everything the replaced file held, changes still in its -wal file too.
    """
    from db.database import is_truncated, key_opens

    db_path, source = Path(db_path), Path(source)
    live = password if live_password is None else live_password
    if live != password and not db_path.exists():
        # No file yet: no password is "in use now". Keying the copy to a password typed once
        # and never checked (a typo) would lock the person out of the only copy on this disk.
        raise NoFileToKeepPasswordOf(str(db_path))
    # Re-keying to a mistyped password would lock the person out of the restored file. A file
    # that lost its content (0 bytes) cannot check the password: the person's word is taken.
    if (live_password is not None and db_path.exists() and not is_truncated(db_path)
            and not key_opens(db_path, live_password)):
        raise WrongPassword(str(db_path))
    verify_backup(source, password)
    tmp = db_path.with_name(db_path.name + ".restoring")
    try:
        _copy_with_wal(source, tmp, password)
        if live != password:
            _rekey(tmp, password, live)
        verify_backup(tmp, live)
        safety = None
        if db_path.exists() and db_path.stat().st_size:  # an empty file has nothing to keep
            safety_dir = default_backup_dir(db_path)
            safety_dir.mkdir(parents=True, exist_ok=True)
            safety = safety_dir / f"{db_path.stem}-{_stamp()}-before-restore{SUFFIX}"
            _copy_with_wal(db_path, safety, live)
        _unlink_with_sidecars(db_path, keep_main=True)
        os.replace(tmp, db_path)
    except BaseException:
        _unlink_with_sidecars(tmp)
        raise
    if safety is not None:
        # Restoring again and again (looking for the right copy) must not fill the disk; the
        # copy just made is the newest of its kind and stays. The restore itself is done.
        try:
            prune(safety.parent, db_path.stem)
        except OSError as exc:
            log.warning("could not prune old backups: %s", type(exc).__name__)
    return safety
