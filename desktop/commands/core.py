"""init, demo, check, backup, restore, passwd."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from db import backup as backups
from db.database import CorruptDatabase, StoreError, WrongPassword, change_password, integrity_problems
from db.migrations import NewerSchema, schema_version
from desktop.commands.common import (
    PASSWORD_ENV,
    CommandError,
    add_db_argument,
    add_json_argument,
    emit_json,
    explain,
    first_line,
    open_store,
    read_password,
)
from desktop.i18n import N_, _


BACKUP_PASSWORD_ENV = "TSUNAGARI_BACKUP_PASSWORD"


def _positive(text: str) -> int:
    """A whole number of 1 or more (argparse prints the message and exits 2 otherwise)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("%s is not a number of 1 or more") % text)
    return value


def register(sub) -> None:
    p = sub.add_parser("init", help=_("create an empty association file"))
    add_db_argument(p)
    p.add_argument("--name", required=True, help=_("the association's name"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help=_("write a demo association with synthetic people"))
    add_db_argument(p)
    p.add_argument("--people", type=_positive, default=300, help=_("about how many people (default 300)"))
    p.add_argument("--seed", type=int, default=20261128, help=_("random seed (same seed, same data)"))
    add_json_argument(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", help=_("check the file's integrity and count its records"))
    add_db_argument(p)
    add_json_argument(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", help=_("write an encrypted backup copy"))
    add_db_argument(p)
    p.add_argument("--to", type=Path, metavar="DIR", help=_("folder for the copy (default: backups/ beside the file)"))
    add_json_argument(p)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=_("replace the file by a backup, after checking the backup"))
    add_db_argument(p)
    p.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE", help=_("the backup file"))
    p.add_argument(
        "--backup-password-file", type=Path, metavar="FILE",
        help=_("for a backup made before a password change: read the password of its day from FILE "
               "(or set %s); the file keeps the password you use now") % BACKUP_PASSWORD_ENV,
    )
    p.add_argument(
        "--another-association", action="store_true",
        help=_("allow a backup of another association (another file) to replace this one; without it a script "
               "is refused and a person at a terminal is asked"),
    )
    add_json_argument(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("passwd", help=_("change the password of the file"))
    add_db_argument(p)
    p.add_argument(
        "--new-password-file", type=Path, metavar="FILE",
        help=_("read the new password from FILE (or set TSUNAGARI_NEW_PASSWORD)"),
    )
    p.set_defaults(func=cmd_passwd)


def cmd_init(args) -> int:
    if args.db.exists():
        raise CommandError(_("%s already exists; choose another file name.") % args.db)
    store = open_store(args, create=True, name=args.name)
    store.close(auto_backup=False)
    print(_("Created %s.") % args.db)
    return 0


def cmd_demo(args) -> int:
    from desktop.services import demo

    if args.db.exists():
        raise CommandError(_("%s already exists; the demo writes a new file.") % args.db)
    store = open_store(args, create=True, name=demo.ASSOCIATION_NAME)
    try:
        counts = demo.generate(people=args.people, seed=args.seed)
    finally:
        store.close(auto_backup=False)
    if args.json:
        emit_json({"db": str(args.db), **counts})
    else:
        print(_("Wrote a demo association to %s.") % args.db)
        labels = dict(_DEMO_LABELS)
        for key, value in counts.items():
            print(f"  {_(labels[key]) if key in labels else key}: {value}")
    return 0


def counts() -> dict[str, int]:
    from db import models as m

    return {
        "people": m.Person.select().where(m.Person.deleted_at.is_null()).count(),
        "households": m.Household.select().where(m.Household.deleted_at.is_null()).count(),
        "blocks": m.Block.select().count(),
        "support_records": m.SupportRecord.select().where(m.SupportRecord.deleted_at.is_null()).count(),
        "salons": m.Salon.select().count(),
        "sessions": m.SalonSession.select().count(),
        "contact_logs": m.ContactLog.select().count(),
        "call_trees": m.CallTree.select().count(),
        "trash": m.Person.select().where(m.Person.deleted_at.is_null(False)).count(),
    }


_COUNT_LABELS = (
    ("people", N_("People")), ("households", N_("Households")), ("blocks", N_("Blocks")),
    ("support_records", N_("Support register records")), ("salons", N_("Salons")),
    ("sessions", N_("Salon sessions")), ("contact_logs", N_("Contact log entries")),
)
# What the demo reports besides those (its --json keys stay as they are).
_DEMO_LABELS = _COUNT_LABELS + (
    ("without_consent", N_("Register records without consent")), ("attendance", N_("Attendance marks")),
    ("call_trees", N_("Call trees")), ("call_tree_nodes", N_("Places in call trees")),
)


def cmd_check(args) -> int:
    store = open_store(args, check=False)
    try:
        problems = integrity_problems()
        result = {
            "ok": not problems,
            "integrity": "ok" if not problems else "damaged",
            "problems": problems[:20],
            "schema_version": schema_version(),
            "db": str(store.path),
        }
        if not problems:
            found = counts()
            result.update(found)
            result["counts"] = found
    finally:
        store.close(auto_backup=False)
    if args.json:
        emit_json(result)
    else:
        print(_("Integrity: %s") % (_("ok") if result["ok"] else _("damaged")))
        for key, label in _COUNT_LABELS:
            if key in result:
                print(f"  {_(label)}: {result[key]}")
        for problem in result["problems"]:
            print("  ! " + problem)
    return 0 if result["ok"] else 1


def cmd_backup(args) -> int:
    if args.to is not None and args.to.exists() and not args.to.is_dir():
        raise CommandError(_("%s is a file. Give the folder to put the backup in.") % args.to)
    if args.to is not None and not args.to.exists() and not args.to.parent.is_dir():
        # /media/usb/backups with no stick in: do not quietly make the folders on this disk
        raise CommandError(_("The folder %s does not exist. Choose a folder that exists, or make it first.")
                           % args.to.parent, 3)
    store = open_store(args)
    try:
        try:
            made = store.backup(args.to, label="manual")
        except Exception as exc:
            from desktop.messages import explain_write_error, is_write_failure

            if is_write_failure(exc):  # a full disk or stick: the sentence that says so
                raise CommandError(explain_write_error(exc), 3) from exc
            if isinstance(exc, OSError) or "unable to open" in str(exc):  # no permission, a removed stick
                why = getattr(exc, "strerror", None) or exc
                raise CommandError(_("The backup could not be written to %(dir)s (%(why)s). Check the folder or the "
                                     "USB stick and try again.") % {"dir": args.to or store.backup_dir, "why": why}, 3) from exc
            raise
    finally:
        store.close(auto_backup=False)
    if args.json:
        emit_json({"backup": str(made), "bytes": made.stat().st_size})
    else:
        print(_("Backup written: %s") % made)
    return 0


def _backup_password(args) -> str | None:
    """The password a backup was made with, when it is not the one in use now."""
    if args.backup_password_file:
        try:
            line = first_line(args.backup_password_file)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("Cannot read the password file %s.") % args.backup_password_file) from exc
        if not line:
            raise CommandError(_("Cannot read the password file %s.") % args.backup_password_file)
        return line
    return os.environ.get(BACKUP_PASSWORD_ENV) or None


def _ask_backup_password(args, password: str) -> str | None:
    """When the password in use now does not open the backup: it may be from before a password
    change. At a terminal, ask for the password of its day; in a script, say how to give it."""
    import sys

    from desktop.messages import backup_when, older_password_hint

    if not backups.wrong_password_for(args.source, password):
        return None
    hint = older_password_hint(args.source)
    if not sys.stdin or not sys.stdin.isatty():
        raise CommandError(_("The backup was not restored: ") + hint + " "
                           + _("Give it with --backup-password-file FILE (or set %s); the file keeps the password "
                               "you use now. Nothing was changed.") % BACKUP_PASSWORD_ENV, 3)
    import getpass

    print(hint, file=sys.stderr)
    try:
        return getpass.getpass(_("Password in use on %s: ") % backup_when(args.source)) or None
    except EOFError:
        return None


def _check_same_association(args, password: str, backup_password: str | None) -> None:
    """A backup of another association (or of another file with the same name) replaces this
    one only when asked for: with --another-association, or a "yes" typed at a terminal. The
    window asks the same question; a script that names the wrong USB file must not wipe out
    the roster it meant to refresh."""
    import sys

    from desktop.messages import backup_when

    if args.another_association or not args.db.exists():
        return
    now = backups.summary(args.db, password)
    then = backups.summary(args.source, backup_password or password)
    if now is None or then is None or backups.same_association(then, now):
        return  # a file that does not open, or a backup that does not: the restore says why
    if then.name != now.name:
        text = _("The backup of %(when)s is of another association, 「%(other)s」 (%(other_people)d people), not of "
                 "「%(name)s」 (%(people)d people) in %(db)s.")
    else:
        text = _("The backup of %(when)s is of another file that is also called 「%(name)s」 (%(other_people)d "
                 "people), not of %(db)s (%(people)d people).")
    text %= {"when": backup_when(args.source), "other": then.name, "other_people": then.people,
             "name": now.name, "people": now.people, "db": args.db}
    if not sys.stdin or not sys.stdin.isatty() or args.json:
        raise CommandError(text + " " + _("Nothing was changed. To replace it all the same, add "
                                          "--another-association (the data replaced is kept as a copy)."), 2)
    print(text, file=sys.stderr)
    try:
        answer = input(_("Replace everything in it with this backup? The data replaced is kept as a copy. [y/N] "))
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes", "はい"):
        raise CommandError(_("The backup was not restored. Nothing was changed."), 2)


def _locked(db_path: Path):
    """The file's one-writer lock, taken; a clear message when a window or command holds it."""
    from db.database import FileInUse
    from db.store import StoreLock

    lock = StoreLock(db_path.resolve())
    try:
        lock.acquire()
    except FileInUse as exc:
        raise CommandError(_("%s is already open in another つながりノート window or command. Close it there first.")
                           % db_path, 3) from exc
    return lock


def cmd_restore(args) -> int:
    from desktop.messages import backup_when, damaged_backup, older_password_hint

    password = read_password(args)  # the password in use now: the restored file keeps it
    if not args.source.exists():
        raise CommandError(_("There is no backup file at %s.") % args.source)
    if not args.db.exists():
        return _restore_into_new_file(args, password)
    backup_password = _backup_password(args) or _ask_backup_password(args, password)
    _check_same_association(args, password, backup_password)
    lock = _locked(args.db)
    try:
        if backup_password is None or backup_password == password:
            safety = backups.restore_file(args.db, args.source, password)
        else:
            safety = backups.restore_file(args.db, args.source, backup_password, live_password=password)
    except WrongPassword as exc:
        if backup_password is not None and str(exc) == str(args.db):
            raise CommandError(_("The backup was not restored: the password you use now (from --password-file or %(env)s) "
                                 "does not open %(db)s. Check it and try again; nothing was changed.")
                               % {"env": PASSWORD_ENV, "db": args.db}, 3) from exc
        if backup_password not in (None, password):
            raise CommandError(_("The backup was not restored: the password given for the backup of %s does not open "
                                 "it either. Check it and try again; if it is surely right, the backup file is damaged "
                                 "and another backup is needed. Nothing was changed.")
                               % backup_when(args.source), 3) from exc
        raise CommandError(_("The backup was not restored: ") + older_password_hint(args.source), 3) from exc
    except CorruptDatabase as exc:
        raise CommandError(_("The backup was not restored: ") + damaged_backup(args.source) + " "
                           + _("Nothing was changed."), 3) from exc
    except (StoreError, NewerSchema) as exc:
        from desktop.messages import explain_store_error

        # Named for the backup chosen, without "restore a backup" advice: that is what failed.
        raise CommandError(_("The backup was not restored: ") + explain_store_error(exc, args.source), 3) from exc
    finally:
        lock.release()
    now = backups.summary(args.db, password)
    before = backups.summary(safety, password) if safety else None
    if args.json:
        emit_json({"restored": str(args.db), "from": str(args.source), "previous_copy": str(safety) if safety else None,
                   "people": now[1] if now else None, "people_before": before[1] if before else None})
    else:
        print(_("Restored %(db)s from %(src)s.") % {"db": args.db, "src": args.source})
        if now:
            print(_("It now holds 「%(name)s」, %(people)d people.") % {"name": now[0], "people": now[1]})
        if backup_password not in (None, password):
            print(_("It opens with the password you use now."))
        if safety:
            print(_("The replaced file was kept as %s.") % safety)
            if before and before != now:
                print(_("(It held 「%(name)s」, %(people)d people. To go back, restore that copy.)")
                      % {"name": before[0], "people": before[1]})
    return 0


def _restore_into_new_file(args, password: str) -> int:
    """--db names no file yet (a new laptop): the backup becomes that file and keeps its own
    password, which the password given must be. There is no "password in use now" to re-key it
    to; one typed once and never checked would lock the person out of the only copy."""
    from desktop.messages import backup_when, damaged_backup, explain_store_error

    other = _backup_password(args)
    if other is not None and other != password:
        raise CommandError(_("There is no file at %(db)s yet, so the restored file keeps the password of the backup "
                             "and cannot be given another one. Give the backup's password once, with --password-file "
                             "(or %(env)s), without --backup-password-file. Nothing was written.")
                           % {"db": args.db, "env": PASSWORD_ENV}, 2)
    if not args.db.parent.is_dir():
        raise CommandError(_("The folder %s does not exist. Choose a folder that exists, or make it first.")
                           % args.db.parent, 3)
    if backups.wrong_password_for(args.source, password):
        raise CommandError(_("The backup was not restored: the password given (from --password-file or %(env)s) does "
                             "not open the backup of %(when)s. Check it (if the password was changed after that day, "
                             "give the one in use on that day); if it is surely right, the file is damaged and another "
                             "backup is needed. Nothing was written.")
                           % {"env": PASSWORD_ENV, "when": backup_when(args.source)}, 3)
    lock = _locked(args.db)
    try:
        backups.restore_file(args.db, args.source, password)
    except CorruptDatabase as exc:
        raise CommandError(_("The backup was not restored: ") + damaged_backup(args.source) + " "
                           + _("Nothing was written."), 3) from exc
    except (StoreError, NewerSchema) as exc:
        raise CommandError(_("The backup was not restored: ") + explain_store_error(exc, args.source), 3) from exc
    except OSError as exc:
        raise CommandError(_("The backup was not restored: %(db)s could not be written (%(why)s). Nothing was "
                             "written.") % {"db": args.db, "why": exc.strerror or exc}, 3) from exc
    finally:
        lock.release()
    now = backups.summary(args.db, password)
    if args.json:
        emit_json({"restored": str(args.db), "from": str(args.source), "previous_copy": None,
                   "people": now.people if now else None, "people_before": None})
    else:
        print(_("Restored %(db)s from %(src)s.") % {"db": args.db, "src": args.source})
        if now:
            print(_("It now holds 「%(name)s」, %(people)d people.") % {"name": now.name, "people": now.people})
        print(_("It is a new file and opens with the password of the backup."))
    return 0


def _new_password(args) -> str:
    """The new password from --new-password-file, TSUNAGARI_NEW_PASSWORD or the terminal."""
    if args.new_password_file:
        try:
            line = first_line(args.new_password_file)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("The new password file %s cannot be read. Nothing was changed.")
                               % args.new_password_file) from exc
        if not line:
            raise CommandError(_("The new password file %s is empty. Nothing was changed.") % args.new_password_file)
        return line
    if os.environ.get("TSUNAGARI_NEW_PASSWORD"):
        return os.environ["TSUNAGARI_NEW_PASSWORD"]
    import getpass

    try:
        new = getpass.getpass(_("New password: "))
        again = getpass.getpass(_("New password again: "))
    except EOFError as exc:  # no terminal to ask on (a script)
        raise CommandError(_("Give the new password with --new-password-file or TSUNAGARI_NEW_PASSWORD. "
                             "Nothing was changed.")) from exc
    if again != new:
        raise CommandError(_("The two passwords differ. Nothing was changed."))
    return new


def cmd_passwd(args) -> int:
    from db.database import check_password_rules

    new = _new_password(args)
    try:
        check_password_rules(new)  # before anything is written: no backup for a refused change
    except StoreError as exc:
        raise CommandError(explain(exc)) from exc
    store = open_store(args)
    try:
        try:
            store.backup(label="before-password-change")
            change_password(new)
        except StoreError as exc:
            raise CommandError(explain(exc)) from exc
    finally:
        store.close(auto_backup=False)
    print(_("The password was changed. Backups made before now still open with the old password."))
    return 0
