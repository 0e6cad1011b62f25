"""What every subcommand shares: the password rules, opening a store, JSON and errors."""
from __future__ import annotations

import argparse
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


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print one JSON object on stdout"))


def read_password(args, *, confirm: bool = False) -> str:
    """From --password-file, then $TSUNAGARI_PASSWORD, then a prompt; never from argv."""
    if getattr(args, "password_file", None):
        try:
            return args.password_file.read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError) as exc:
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
