"""Deciding which association file to open at start-up, and opening it safely.

The order: --demo → a fresh demo in a temp folder; --db PATH → its password; the file
used last time → its password (with "choose another file"); otherwise the welcome dialog.
A wrong password is said plainly and can be retried; nothing is written to the file
until the password is proven right (db.database.open_database). A backup chosen at the
welcome is not opened where it lies: a checked copy in the data folder is (OpenFlow.copy_in).
"""
from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from db import backup as backups
from db.database import (
    CorruptDatabase,
    FileInUse,
    StoreError,
    TruncatedFile,
    WrongPassword,
    is_cut_short,
)
from db.migrations import NewerSchema
from db.store import Store, StoreLock
from desktop import paths
from desktop import settings as options
from desktop.i18n import _
from desktop.messages import damaged_backup, password_or_damaged
from desktop.messages import explain_store_error as explain
from desktop.settings import Settings
from desktop.logging_setup import describe
from ui import dialogs
from ui.welcome import CreateDialog, PasswordDialog, WelcomeDialog

log = logging.getLogger(__name__)

# The demo is synthetic data in a throw-away folder; a fixed password keeps it simple.
DEMO_PREFIX = "tsunagari-demo-"
DEMO_SEED = 20261128
DEMO_PEOPLE = 300
_OTHER, _CANCEL = "other", "cancel"


@dataclass
class Opened:
    store: Store
    password: str = field(repr=False)
    is_demo: bool = False
    temp_dir: Path | None = None


class WaitCursor:
    def __enter__(self):
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()


class OpenFlow:
    """Runs the start-up dialogs; returns an Opened store or None when the person quits."""

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        self.settings = settings
        self.parent = parent

    def start(self, args) -> Opened | None:
        if getattr(args, "demo", False):
            return self.open_demo()
        first = getattr(args, "gui_db", None)
        remembered = not first
        if not first:
            last = self.settings.get(options.LAST_DB)
            first = last if last and Path(last).exists() else None
        if first:
            # A backup remembered as the last file (older versions opened one where it lay, on
            # the USB stick) is copied in now; one named with --db is opened as asked.
            in_place = not (remembered and backups.is_backup_file(first))
            result = self.unlock(Path(first)) if in_place else self.copy_in(Path(first))
            if isinstance(result, Opened) or result == _CANCEL:
                return result if isinstance(result, Opened) else None
        return self.welcome()

    def welcome(self) -> Opened | None:
        while True:
            choice = WelcomeDialog.ask(self.parent)
            if choice is None:
                return None
            if choice == WelcomeDialog.CREATE:
                opened = self.create()
            else:
                chosen = dialogs.ask_open_file(self.parent, _("Open an association file"), paths.data_dir(),
                                               open_filter())
                if not chosen:
                    opened = None
                elif backups.is_backup_file(chosen):
                    opened = self.copy_in(chosen)
                else:
                    opened = self.unlock(chosen)
            if isinstance(opened, Opened):
                return opened
            if opened == _CANCEL:
                return None

    def create(self) -> Opened | None:
        request = CreateDialog.ask(self.parent, paths.default_db_path())
        if request is None:
            return None
        try:
            with WaitCursor():
                store = Store.open(request.path, request.password, create=True, name=request.name)
        except (StoreError, NewerSchema, OSError) as exc:
            log.warning("could not create %s: %s", request.path, describe(exc))
            dialogs.show_error(self.parent, _("The file could not be made."), explain(exc, request.path)
                               if not isinstance(exc, OSError) else str(exc))
            return None
        self._remember(store.path)
        return Opened(store, request.password)

    def unlock(self, path: Path) -> Opened | str:
        """Ask the password until it opens `path`; return Opened, "other" or "cancel"."""
        error = ""
        while True:
            answer = PasswordDialog.ask(self.parent, path, error)
            if answer.action != PasswordDialog.OPEN:
                return _OTHER if answer.action == PasswordDialog.OTHER else _CANCEL
            try:
                with WaitCursor():
                    store = Store.open(path, answer.password)
            except WrongPassword:
                log.info("wrong password for %s", path)
                error = explain(WrongPassword())
                continue
            except CorruptDatabase as exc:
                log.error("damaged file %s: %s", path, describe(exc))
                restored = self.offer_restore(path, answer.password, unchecked=isinstance(exc, TruncatedFile))
                if restored is None:  # the password opens none of the backups: mistyped
                    error = explain(WrongPassword())
                    continue
                if restored:
                    continue  # try again on the restored file
                return _OTHER
            except (StoreError, NewerSchema) as exc:
                log.warning("could not open %s: %s", path, describe(exc))
                dialogs.show_error(self.parent, explain(exc, path))
                return _OTHER
            self._remember(store.path)
            return Opened(store, answer.password)

    def copy_in(self, source: Path) -> Opened | str:
        """A backup chosen at the welcome (from a USB stick, on a new laptop) is never opened
        where it lies: edits would change the backup, and the automatic backups would go onto
        the stick. It is restored, checked, into the data folder (db.backup.restore_file, as
        `tsunagari restore` does into a new file), and that file is opened. It keeps the backup's
        password: there is no other password in use on this computer. Returns Opened, "other"
        (back to the welcome) or "cancel"."""
        source = Path(source)
        if is_cut_short(source):  # before the password: no password opens it
            dialogs.show_error(self.parent, _("This backup cannot be used."), damaged_backup(source))
            return _OTHER
        target = backups.restore_target(source, paths.data_dir().expanduser().resolve())
        note = _("This is a backup. It will be copied onto this computer, to %s; the backup itself is left as it is.") % target
        error = ""
        while True:
            answer = PasswordDialog.ask(self.parent, source, error, note=note)
            if answer.action != PasswordDialog.OPEN:
                return _OTHER if answer.action == PasswordDialog.OTHER else _CANCEL
            with WaitCursor():
                wrong = backups.wrong_password_for(source, answer.password)
            if not wrong:
                break
            log.info("the password does not open the backup %s", source.name)
            error = password_or_damaged()
        password = answer.password
        if target.exists() and not self._may_replace(target, source, password):
            return _OTHER
        lock = StoreLock(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)  # a new laptop may have no data folder yet
            lock.acquire()
        except FileInUse:
            dialogs.show_error(self.parent, explain(FileInUse(), target))
            return _OTHER
        except OSError as exc:
            dialogs.show_error(self.parent, _("The backup could not be copied onto this computer."), str(exc))
            return _OTHER
        try:
            with WaitCursor():
                safety = backups.restore_file(target, source, password)
        except CorruptDatabase as exc:
            log.error("damaged backup %s: %s", source.name, describe(exc))
            dialogs.show_error(self.parent, _("This backup cannot be used."), damaged_backup(source))
            return _OTHER
        except (StoreError, NewerSchema, OSError) as exc:
            log.warning("could not copy in %s: %s", source.name, describe(exc))
            dialogs.show_error(self.parent, _("The backup could not be copied onto this computer."),
                               explain(exc, source) if not isinstance(exc, OSError) else str(exc))
            return _OTHER
        finally:
            lock.release()
        log.info("copied the backup %s in as %s", source.name, target)
        try:
            with WaitCursor():
                store = Store.open(target, password)
        except (StoreError, NewerSchema) as exc:
            log.warning("could not open %s: %s", target, describe(exc))
            dialogs.show_error(self.parent, explain(exc, target))
            return _OTHER
        self._remember(store.path)
        dialogs.show_info(
            self.parent,
            _("From now on the data is kept on this computer, in %(file)s; the backup you chose (%(source)s) was "
              "left as it was.") % {"file": store.path, "source": source},
            _("The file that was there before is kept as a copy:\n%s") % safety if safety else "")
        return Opened(store, password)

    def _may_replace(self, target: Path, source: Path, password: str) -> bool:
        """A file is already where the backup would go: never overwritten unasked. The question
        names both when the password opens both; the file there is kept aside as a copy."""
        now, then = backups.summary(target, password), backups.summary(source, password)
        lines = []
        if then is not None:
            lines += [_("The backup:"), "\u3000" + describe_people(then)]
        if now is not None:
            lines += [_("The file there now:"), "\u3000" + describe_people(now)]
        detail = "\n".join(lines)
        kept = _("The file there now is kept aside as a copy (in the backups folder beside it), from which it can be "
                 "restored.")
        return dialogs.confirm(
            self.parent,
            _("There is already a file 「%(name)s」 in %(folder)s. Put the backup's data in its place?")
            % {"name": target.name, "folder": target.parent},
            yes=_("Replace it with the backup"), no=_("Cancel"),
            detail="\n\n".join(filter(None, (detail, kept))),
            warning=now is None or then is None or not backups.same_association(then, now))

    def offer_restore(self, path: Path, password: str, unchecked: bool = False) -> bool | None:
        """Offer the newest good backup of a damaged file; True if the file was replaced.

        `unchecked`: the file could not check the password (it is empty). Then None when the
        password opens none of the backups, so it is asked again instead of "no backup usable"."""
        found = backups.list_backups(backups.default_backup_dir(path), Path(path).stem)
        if not found:
            dialogs.show_error(self.parent, explain(CorruptDatabase(), path),
                               _("No backup of this file was found. Please ask for help before changing the file."))
            return False
        if not dialogs.confirm(
            self.parent,
            explain(CorruptDatabase(), path),
            yes=_("Restore from the newest backup"),
            no=_("Do not restore"),
            detail=_("The newest good backup will replace the damaged file. The damaged file is kept aside as a copy."),
        ):
            return False
        if unchecked and all(backups.wrong_password_for(candidate, password) for candidate in found):
            return None
        lock = StoreLock(Path(path).resolve())
        try:
            lock.acquire()
        except FileInUse:
            dialogs.show_error(self.parent, explain(FileInUse(), path))
            return False
        try:
            with WaitCursor():
                for candidate in found:
                    try:
                        backups.restore_file(path, candidate, password)
                    except (StoreError, OSError) as exc:
                        log.warning("backup %s not usable: %s", candidate.name, describe(exc))
                        continue
                    log.info("restored %s from %s", path, candidate.name)
                    dialogs.show_info(self.parent, _("The file was restored from the backup of %s.") % describe_backup(candidate))
                    return True
        finally:
            lock.release()
        dialogs.show_error(self.parent, _("None of the backups could be used. Please ask for help before changing the file."))
        return False

    def open_demo(self) -> Opened:
        remove_stale_demo_folders()
        temp_dir = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))
        path = temp_dir / "demo.tsunagari"
        try:
            from desktop.services import demo
        except ImportError:  # the demo generator is not there yet: an empty association
            log.warning("desktop.services.demo is missing; the demo has no people")
            demo = None
        name = getattr(demo, "ASSOCIATION_NAME", None) or _("Demo association")
        with WaitCursor():
            # A password of this session only: someone may try an import of their real roster
            # on the demo, and a demo folder a killed session left behind must not open with
            # a password written in our source.
            password = secrets.token_urlsafe(24)
            store = Store.open(path, password, create=True, name=name)
            if demo is not None:
                demo.generate(people=DEMO_PEOPLE, seed=DEMO_SEED)
        return Opened(store, password, is_demo=True, temp_dir=temp_dir)

    def _remember(self, path: Path) -> None:
        self.settings.set(options.LAST_DB, str(path))
        self.settings.sync()


def open_filter() -> str:
    """The welcome's open dialog shows both what can be opened and the backups to copy in."""
    return _("つながりノート files and backups (*.tsunagari *.backup.db);;つながりノート files (*.tsunagari);;"
             "Backups (*.backup.db);;All files (*)")


def describe_people(summary: backups.Summary) -> str:
    return _("「%(name)s」, %(people)d people") % {"name": summary.name, "people": summary.people}


def remove_demo_folder(temp_dir: Path | None) -> None:
    if temp_dir is not None and temp_dir.name.startswith(DEMO_PREFIX):
        shutil.rmtree(temp_dir, ignore_errors=True)


def remove_stale_demo_folders(temp_root: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove demo folders that killed sessions left behind (logout, a crash): ours (same
    user), and whose file nobody holds open; a folder without a lock file only when older than
    ten minutes (a demo being made has not locked its file yet). Returns what was removed."""
    import filelock

    root = Path(temp_root or tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = []
    for folder in root.glob(DEMO_PREFIX + "*"):
        try:
            if not folder.is_dir() or folder.is_symlink() or (hasattr(os, "getuid") and folder.stat().st_uid != os.getuid()):
                continue
            lock_file = folder / "demo.tsunagari.lock"
            if lock_file.exists():
                lock = filelock.FileLock(str(lock_file), timeout=0)
                try:
                    lock.acquire()
                except filelock.Timeout:
                    continue  # a running demo
                lock.release()
            elif now - folder.stat().st_mtime < 600:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except OSError:
            continue
    return removed


def describe_backup(path: Path) -> str:
    """'2026年11月28日 14:05（自動）' from stem-YYYYMMDD-HHMMSS-mmm[-label].backup.db."""
    import re

    match = re.search(r"-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-\d{3}(?:-([\w-]+))?\.backup\.db$", path.name)
    if not match:
        return path.name
    y, mo, d, h, mi, _s, label = match.groups()
    kinds = {
        "auto": _("automatic"),
        "manual": _("made by hand"),
        "before-password-change": _("before the password change"),
        "before-restore": _("before a restore"),
    }
    kind = kinds.get(label or "", _("before an update") if (label or "").startswith("before-migration") else label or "")
    when = _("%(y)s-%(m)s-%(d)s %(H)s:%(M)s") % {"y": y, "m": int(mo), "d": int(d), "H": h, "M": mi}
    return f"{when}（{kind}）" if kind else when
