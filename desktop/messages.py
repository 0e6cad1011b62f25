"""Plain sentences for the ways opening or writing an association file can fail (window and command line)."""
from __future__ import annotations

import errno
from pathlib import Path

from db.database import (
    MIN_PASSWORD_LENGTH,
    CorruptDatabase,
    DatabaseMissing,
    FileInUse,
    NotEncrypted,
    NotOurFile,
    PasswordNotChanged,
    PasswordTooShort,
    WrongPassword,
)
from db.migrations import NewerSchema
from desktop.i18n import _


def explain_store_error(exc: BaseException, path: Path | str = "", *, for_cli: bool = False) -> str:
    """One sentence that says what happened and what to do; nothing technical."""
    name = Path(path).name if path else ""
    if isinstance(exc, WrongPassword):
        return _("The password is not correct. Check capital letters and that kana input is off, then type it again.")
    if isinstance(exc, FileInUse):
        return _("「%s」 is already open in another つながりノート window. Close it there first.") % name
    if isinstance(exc, NotEncrypted):
        return _("「%s」 is not a locked つながりノート file, so it was not opened.") % name
    if isinstance(exc, PasswordNotChanged):
        return _("The password was not changed: the file could not be rewritten (the disk may be full). "
                 "The old password still opens 「%s」. Free some space and try again.") % name
    if isinstance(exc, NotOurFile):
        return _("「%s」 is not a つながりノート file: it looks like a list, a workbook or another document. "
                 "To bring a list in, open your association file and use 「Import from Excel or CSV…」 in the File menu.") % name
    if isinstance(exc, DatabaseMissing):
        return _("There is no file 「%s」. It may have been moved or renamed.") % name
    if isinstance(exc, CorruptDatabase):
        text = _("「%s」 is damaged and cannot be used as it is.") % name
        if for_cli:
            text += " " + _("Restore the newest backup with `tsunagari restore`.")
        return text
    if isinstance(exc, PasswordTooShort):
        return _("The password needs at least %d characters.") % MIN_PASSWORD_LENGTH
    if isinstance(exc, NewerSchema):
        return _("「%s」 was made by a newer version of つながりノート. Please update the app to open it.") % name
    return _("「%s」 could not be opened.") % name


def backup_when(path: Path | str) -> str:
    """'2026年11月28日 14:05': when a backup was taken (the time in its name, else its mtime)."""
    from db.backup import backup_time

    t = backup_time(path)
    return _("%(y)s-%(m)s-%(d)s %(H)s:%(M)s") % {"y": t.year, "m": t.month, "d": t.day,
                                                  "H": f"{t.hour:02d}", "M": f"{t.minute:02d}"}


def older_password_hint(path: Path | str) -> str:
    """Why the password in use now may not open a backup, and which one will."""
    return _("The password you use now does not open the backup of {when}. It may have been made before "
             "a password change: try the password that was in use on that date.").format(when=backup_when(path))


def damaged_backup(path: Path | str) -> str:
    """A backup that no password can open: what it is, and what to do instead."""
    return _("「%s」 is damaged (perhaps its copy stopped part-way) and cannot be used. "
             "Choose another backup, or copy it again from the USB stick.") % Path(path).name


def password_or_damaged() -> str:
    """A password that does not open a backup, when a damaged first page would look the same."""
    return _("This password does not open the backup: check capital letters and that kana input is off, "
             "or, if the password is surely right, the file is damaged and another backup is needed.")


_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _chain(exc: BaseException | None):
    """exc and the errors it was raised from or while handling, each once."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def is_disk_full(exc: BaseException | None) -> bool:
    """True if exc (or an error behind it) says the disk, or the file size limit, is full."""
    return any((isinstance(e, OSError) and e.errno in _DISK_FULL_ERRNOS)
               or getattr(e, "sqlite_errorname", "") == "SQLITE_FULL" or "database or disk is full" in str(e)
               for e in _chain(exc))


def is_write_failure(exc: BaseException | None) -> bool:
    """A full disk, or SQLite could not write its file (SQLITE_IOERR: full, removed, failing)."""
    return is_disk_full(exc) or any(
        str(getattr(e, "sqlite_errorname", "")).startswith("SQLITE_IOERR") or "disk I/O error" in str(e)
        for e in _chain(exc))


def explain_write_error(exc: BaseException) -> str:
    """What to tell a person when saving failed; the file itself is as it was before."""
    if is_disk_full(exc):
        return _("There is not enough free space on the disk, so nothing was changed. Free some space "
                 "(for example, empty the trash or remove old files) and try again.")
    if is_write_failure(exc):
        return _("The file could not be written to the disk, so nothing was changed. The disk may be full, "
                 "or a USB stick may have been removed. Check it and try again.")
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return _("Saving failed, so nothing was changed (%s). Close other programs and try again.") % detail
