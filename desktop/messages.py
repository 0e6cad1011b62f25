"""Plain sentences for the ways opening an association file can fail (window and command line)."""
from __future__ import annotations

from pathlib import Path

from db.database import (
    MIN_PASSWORD_LENGTH,
    CorruptDatabase,
    DatabaseMissing,
    FileInUse,
    NotEncrypted,
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
