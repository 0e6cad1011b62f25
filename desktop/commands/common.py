"""What every subcommand shares: the password rules, opening a store, JSON and errors."""
from __future__ import annotations

import argparse
import codecs
import getpass
import json
import os
import sys
from pathlib import Path

from db.database import (
    PasswordTooShort,
    StoreError,
)
from db.migrations import NewerSchema
from db.store import Store
from desktop.i18n import _

PASSWORD_ENV = "TSUNAGARI_PASSWORD"


class CommandError(Exception):
    """A problem to print on stderr, with the exit code to return."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def add_db_argument(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--db", type=Path, required=required, metavar="PATH", help=_("the association file"))
    parser.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help=_("read the password from the first line of FILE (or set %s)") % PASSWORD_ENV,
    )


def add_json_argument(parser: argparse.ArgumentParser, *, as_list: bool = False) -> None:
    parser.add_argument("--json", action="store_true",
                        help=_("print a JSON list on stdout") if as_list else _("print one JSON object on stdout"))


def first_line(path: Path) -> str:
    """The first line of a password file, as the person typed it: a byte-order mark (Windows
    Notepad adds one) is not part of it, and a file saved as UTF-16 or Shift_JIS reads the
    same as UTF-8. Raises OSError or UnicodeDecodeError; "" for an empty file."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp932")
    lines = text.splitlines()
    return lines[0] if lines else ""


def read_password(args, *, confirm: bool = False) -> str:
    """From --password-file, then $TSUNAGARI_PASSWORD, then a prompt; never from argv."""
    if getattr(args, "password_file", None):
        try:
            return first_line(args.password_file)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("Cannot read the password file %s.") % args.password_file) from exc
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin or not sys.stdin.isatty():
        raise CommandError(
            _("No password: use --password-file FILE or set %s.") % PASSWORD_ENV
        )
    password = getpass.getpass(_("Password: "))
    if confirm and getpass.getpass(_("Password again: ")) != password:
        raise CommandError(_("The two passwords differ. Nothing was changed."))
    return password


def explain(exc: StoreError | NewerSchema) -> str:
    """The window's sentence for the error; our errors carry the file's path as their text."""
    from desktop.messages import explain_store_error

    return explain_store_error(exc, str(exc) if not isinstance(exc, PasswordTooShort) else "", for_cli=True)


def open_store(args, *, create: bool = False, name: str | None = None, check: bool = True) -> Store:
    password = read_password(args, confirm=create and not getattr(args, "password_file", None) and not os.environ.get(PASSWORD_ENV))
    try:
        return Store.open(args.db, password, create=create, name=name, check=check)
    except (StoreError, NewerSchema) as exc:
        raise CommandError(explain(exc), code=3) from exc


def emit_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
