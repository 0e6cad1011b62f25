"""The one database handle, how a file is opened, and the errors a user can meet.

The file is always SQLCipher-encrypted. `db` is a deferred peewee database that
`open_database()` initialises; models bind to it through `BaseModel`.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import peewee as pw
from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import dbapi2 as sqlcipher

# Applied after the key, in this order. WAL keeps readers (the UI) going while a
# background task writes; busy_timeout lets the writer wait rather than fail.
# Not here: cipher_memory_security. It switches SQLCipher's process-wide allocator, and
# switching it on each new connection while another thread's connection was using memory
# corrupted the heap (random segfaults in tests with a worker thread). SQLCipher 4.5+ has it
# off by default, which is what we want.
PRAGMAS = (
    ("foreign_keys", 1),
    ("journal_mode", "wal"),
    ("synchronous", "normal"),
    ("busy_timeout", 10000),
    # 48 MB: the follow-up list on a 50,000-person file reads ~32 MB of pages; at a 32 MB cache a
    # few more pages made every run re-read (and decrypt) most of them (bench/RESULTS.md).
    ("cache_size", -48000),
)

MIN_PASSWORD_LENGTH = 8
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
# SQLCipher 4's page is 4096 bytes (cipher_page_size; we never change it). SQLite writes its
# file whole pages at a time (setting WAL mode on a new file writes page 1 at once; the backup
# API copies pages), so a file of ours holds at least one page, and whole pages only.
PAGE_SIZE = 4096
MIN_DATABASE_SIZE = PAGE_SIZE  # anything shorter lost its content



class _QuietSqlCipherDatabase(SqlCipherDatabase):
    """SQLCipher logs every failed page decrypt to stderr; a wrong password is an
    expected event here and gets its own message, so silence the library log first."""

    def _connect(self):
        passphrase = self.connect_params.get("passphrase", "")
        params = {k: v for k, v in self.connect_params.items() if k != "passphrase"}
        conn = sqlcipher.connect(self.database, isolation_level=None, **params)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute("PRAGMA key='%s'" % passphrase.replace("'", "''"))
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn

    # When a write fails with SQLITE_FULL or SQLITE_IOERR, SQLite rolls the whole transaction
    # back by itself. peewee would then send ROLLBACK (or ROLLBACK TO SAVEPOINT) anyway, which
    # fails with "no transaction is active" and hides the error that says what happened (a
    # full disk). Nothing is left to undo then, so skip it.
    def rollback(self):
        if not self.is_closed() and not self.connection().in_transaction:
            return
        super().rollback()

    def savepoint(self):
        return _Savepoint(self)


class _Savepoint(pw._savepoint):
    def rollback(self, begin=True):
        if not self.db.connection().in_transaction:
            return  # SQLite already rolled back the enclosing transaction
        super().rollback(begin)


db = _QuietSqlCipherDatabase(None)


class StoreError(Exception):
    """Base of the errors that are shown to a user as a plain message."""


class WrongPassword(StoreError):
    """The password does not open the file (or the file is not one of ours)."""


class NotEncrypted(StoreError):
    """The file is a plain, unencrypted SQLite database: we refuse to use it."""


class CorruptDatabase(StoreError):
    """The file opens but fails its integrity check."""


class TruncatedFile(CorruptDatabase):
    """The file is empty or shorter than one page: what it held is lost (a copy to or from a
    USB stick cut short, a full disk). SQLCipher would take an empty file for a new database
    that ANY password opens, and write a new, empty association into it; no password can be
    checked against it either."""


class FileInUse(StoreError):
    """Another つながりノート window or command already has the file open."""


class DatabaseMissing(StoreError):
    """No file at the given path."""


class PasswordTooShort(StoreError):
    pass


class NotOurFile(StoreError):
    """The file is some other document (a CSV, a workbook, a PDF), not an association file."""


@contextlib.contextmanager
def unchanged_on_failure(row: pw.Model):
    """If the block raises (a full disk, say), put the row object back as it was loaded.

    The services set the new values on the object before save(); when the write fails the
    file is unchanged, and so must the object be, or a retry would take the failed values
    for the old ones (its undo step and audit would record no change)."""
    data, dirty = dict(row.__data__), set(row._dirty)
    try:
        yield row
    except BaseException:
        row.__data__, row._dirty = data, dirty
        raise


def new_uuid() -> str:
    """A random (version 4, RFC 4122 variant) UUID as text; what str(uuid.uuid4()) gives,
    without building a UUID object (an import makes tens of thousands of these)."""
    return _uuid_text(os.urandom(16).hex())


def new_uuids(count: int):
    """`count` random UUIDs as new_uuid() makes them, from one read of the system's random
    source instead of one per row (an import of 20,000 rows makes ~29,000)."""
    data = os.urandom(16 * count).hex()
    return (_uuid_text(data[i:i + 32]) for i in range(0, 32 * count, 32))


def _uuid_text(h: str) -> str:
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


# the high two bits of the clock-sequence byte are 10 (RFC 4122 variant): keep the low two
_VARIANT = {f"{n:x}": f"{8 | (n & 3):x}" for n in range(16)}


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(pw.Model):
    """Every row has a stable UUID (for hand-over and merge) and created/updated times."""

    uuid = pw.CharField(max_length=36, unique=True, default=new_uuid)
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)

    class Meta:
        database = db
        legacy_table_names = False

    def save(self, *args, **kwargs):
        if self._pk is not None:
            self.updated_at = now()
        return super().save(*args, **kwargs)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(MIN_PASSWORD_LENGTH)


def is_plain_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_PLAIN_HEADER
    except OSError:
        return False


def is_truncated(path: Path) -> bool:
    """True if `path` is a file too short to be an association file (0 bytes, above all)."""
    try:
        return path.is_file() and path.stat().st_size < MIN_DATABASE_SIZE
    except OSError:
        return False


def is_cut_short(path: Path) -> bool:
    """True if the file at `path` cannot be a whole association file or backup: empty, shorter
    than one page, or not a whole number of pages (a copy to or from a USB stick that stopped
    part-way). Known without any password, which matters: to SQLCipher a file cut short inside
    its first page looks just like a wrong password, since every byte of it is encrypted."""
    try:
        size = path.stat().st_size if path.is_file() else None
    except OSError:
        return False
    return size is not None and (size < MIN_DATABASE_SIZE or size % PAGE_SIZE != 0)


def is_other_document(path: Path) -> bool:
    """True if the file is surely not an encrypted database: text (a CSV), an .xlsx (zip) or
    a PDF. An encrypted file is random bytes from its first byte on (the salt, then pages),
    so only tests a random file passes with negligible odds may be used here:
    - no zero byte in the first 64 KB (text): (255/256)^65536 ≈ 1e-111 for a random file;
    - a complete zip (the local-header signature at the start *and* a valid end-of-central-
      directory record) or a PDF (its header and its %%EOF trailer): ~2^-64 or less.
    A short magic number alone (a 2-byte BOM!) would refuse 1 file in 30,000 for ever."""
    import zipfile

    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
            fh.seek(max(0, path.stat().st_size - 1024))
            tail = fh.read()
    except OSError:
        return False
    if not head:
        return False
    if b"\x00" not in head:
        # A short head has no zero byte by chance too (1000 random bytes: 2%, a backup cut
        # short on a USB stick): it must also read as text, which random bytes never do.
        return len(head) >= 65536 or _reads_as_text(head)
    if head.startswith(b"PK\x03\x04") and zipfile.is_zipfile(path):
        return True
    return head.startswith(b"%PDF-") and b"%%EOF" in tail


def _reads_as_text(data: bytes) -> bool:
    """Whether bytes decode as the text files people have (UTF-8, UTF-16 with its mark,
    Shift_JIS); random bytes fail each within a few dozen bytes."""
    for encoding in ("utf-8", "utf-16", "cp932"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def open_database(path: Path | str, password: str, *, create: bool = False) -> SqlCipherDatabase:
    """Key and open `path`; raise a StoreError subclass that the UI can explain.

    Nothing is written to the file before the key has been proven right: the first
    statement after PRAGMA key is a read of sqlite_master.
    """
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseMissing(str(path))
    if path.exists() and path.stat().st_size and is_plain_sqlite(path):
        raise NotEncrypted(str(path))
    if path.exists() and path.stat().st_size and is_other_document(path):
        raise NotOurFile(str(path))
    # Even with create=True: an existing file is never overwritten by a new association.
    if is_truncated(path):
        raise TruncatedFile(str(path))
    if create:
        check_password_rules(password)
        path.parent.mkdir(parents=True, exist_ok=True)
    if not db.is_closed():
        db.close()
    db.init(str(path), pragmas=[], passphrase=password)
    try:
        db.connect()
        # Prove the key with a read before any pragma that might write (journal_mode).
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (pw.DatabaseError, sqlcipher.DatabaseError) as exc:
        db.close()
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise WrongPassword(str(path)) from exc
        if "malformed" in str(exc):  # the right key, but pages missing (a copy cut short)
            raise CorruptDatabase(str(path)) from exc
        raise
    for name, value in PRAGMAS:
        db.execute_sql(f"PRAGMA {name} = {value}")
    # Pragmas must also apply to connections opened later by other threads.
    db.connect_params["passphrase"] = password
    db._pragmas = list(PRAGMAS)  # peewee applies these on every new connection
    return db


def integrity_problems() -> list[str]:
    """Run SQLCipher's HMAC page check and SQLite's own structural check."""
    try:
        problems = [row[0] for row in db.execute_sql("PRAGMA cipher_integrity_check").fetchall()]
        rows = [row[0] for row in db.execute_sql("PRAGMA integrity_check").fetchall()]
    except (pw.DatabaseError, sqlcipher.DatabaseError) as exc:  # a damaged page can stop the check itself
        return [str(exc)]
    if rows != ["ok"]:
        problems.extend(rows)
    return problems


class PasswordNotChanged(StoreError):
    """The re-keying did not take (the disk was full): the old password still opens the file."""


def key_opens(path: Path | str, password: str) -> bool:
    """Whether `password` opens the file, tried on a connection of its own. An empty (or
    too short) file is opened by any key: that proves nothing, so False."""
    if is_truncated(Path(path)):
        return False
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA key='%s'" % password.replace("'", "''"))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()


def change_password(new_password: str) -> None:
    """Re-key the open file, then prove the new password opens it. SQLCipher's rekey can
    leave the file as it was without raising (on a full disk); the person must never be
    told "changed" and then be locked out by a password that does not open the file."""
    check_password_rules(new_password)
    old = db.connect_params["passphrase"]
    db.rekey(new_password)
    db.connect_params["passphrase"] = new_password
    if not key_opens(db.database, new_password):
        db.connect_params["passphrase"] = old
        db.close()  # the next statement reconnects with the key that still works
        raise PasswordNotChanged(str(db.database))


def close_database() -> None:
    if not db.is_closed():
        try:
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except pw.DatabaseError:
            pass
        db.close()
