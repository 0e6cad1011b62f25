"""The ファイル menu's work: backup, restore from a backup, change the password, about.

Backup and restore run through desktop.tasks behind a delayed progress dialog, so the window
never freezes. Restore closes the file, replaces it with a checked copy (the replaced file is
kept aside by db.backup.restore_file) and opens it again.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from db import backup as backups
from db.database import MIN_PASSWORD_LENGTH, CorruptDatabase, StoreError, change_password, is_cut_short
from db.store import Store, StoreLock
from desktop import APP_DISPLAY_NAME, __version__
from desktop.context import AppContext
from desktop.i18n import _
from desktop.messages import backup_when, damaged_backup, older_password_hint
from desktop.logging_setup import describe
from ui import dialogs
from ui.open_flow import WaitCursor, describe_backup, describe_people, explain
from ui.progress import run_with_progress
from ui.style import field_label, set_role

log = logging.getLogger(__name__)


class ChangePasswordDialog(QDialog):
    """The current password, then the new one twice."""

    def __init__(self, parent: QWidget | None, current: str):
        super().__init__(parent)
        self._current = current
        self.setWindowTitle(_("Change the password"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(set_role(QLabel(_("Change the password")), "title"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.old_edit, self.new_edit, self.again_edit = (QLineEdit() for _i in range(3))
        for edit in (self.old_edit, self.new_edit, self.again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(field_label(_("The password you use now")), self.old_edit)
        form.addRow(field_label(_("New password (at least %d characters)") % MIN_PASSWORD_LENGTH), self.new_edit)
        form.addRow(field_label(_("The same new password again")), self.again_edit)
        show = QCheckBox(_("Show the password"))
        show.toggled.connect(self._show)
        form.addRow("", show)
        layout.addLayout(form)
        self.error_label, self.ok_button = dialogs.error_and_buttons(self, layout, _("Change the password"),
                                                                     self._try_accept)

    def _show(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for edit in (self.old_edit, self.new_edit, self.again_edit):
            edit.setEchoMode(mode)

    def _try_accept(self) -> None:
        problem = ""
        if self.old_edit.text() != self._current:
            problem = _("The password you use now is not correct.")
        elif len(self.new_edit.text()) < MIN_PASSWORD_LENGTH:
            problem = _("The password needs at least %d characters.") % MIN_PASSWORD_LENGTH
        elif self.new_edit.text() != self.again_edit.text():
            problem = _("The two passwords are not the same. Please type them again.")
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, current: str) -> str | None:
        """Return the new password, or None."""
        dialog = cls(parent, current)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.new_edit.text()
        return None


class BackupPasswordDialog(QDialog):
    """The password in use on the day of a backup that the present one does not open (made
    before a password change). Checked against the backup before the dialog closes."""

    def __init__(self, parent: QWidget | None, source: Path):
        super().__init__(parent)
        self._source = Path(source)
        self.setWindowTitle(_("Restore from a backup"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(set_role(QLabel(_("The password of that day")), "title"))
        for text in (older_password_hint(self._source),
                     _("After the restore the file opens with the password you use now."),
                     _("Nothing is replaced yet: the next step shows what the backup holds.")):
            # Plain wrapped labels: a WrapLabel's rich-text line height is under-counted by
            # a dialog's layout, which then cut its last line off in large text.
            label = QLabel(text)
            label.setWordWrap(True)
            layout.addWidget(label)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(field_label(_("Password in use on %s") % backup_when(self._source)), self.password_edit)
        show = QCheckBox(_("Show the password"))
        show.toggled.connect(self._show_password)
        form.addRow("", show)
        layout.addLayout(form)
        self.error_label, self.ok_button = dialogs.error_and_buttons(self, layout, _("Use this password"),
                                                                     self._try_accept)
        self.password_edit.setFocus()

    def _show_password(self, shown: bool) -> None:
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def _try_accept(self) -> None:
        if not self.password_edit.text():
            problem = _("Please type the password.")
        elif backups.wrong_password_for(self._source, self.password_edit.text()):
            # A backup whose first page is damaged refuses every password in the same way as a
            # wrong one: say both, so nobody types passwords for ever at a broken file.
            problem = _("This password does not open the backup either. Check capital letters and that kana "
                        "input is off; if the password is surely right, the backup file is damaged and another "
                        "backup is needed.")
        else:
            self.accept()
            return
        self.error_label.setText(problem)
        self.error_label.show()
        self.adjustSize()  # room for the message; wrapped labels do not grow the dialog by themselves

    @classmethod
    def ask(cls, parent: QWidget | None, source: Path) -> str | None:
        """Return the password that opens the backup, or None."""
        dialog = cls(parent, source)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.password_edit.text()
        return None


class FileActions:
    """Menu actions on the open file. `on_reopened` runs after a restore opened the file again."""

    def __init__(self, window: QWidget, context: AppContext, on_reopened: Callable[[], None]):
        self.window = window
        self.context = context
        self.on_reopened = on_reopened
        self.busy = False

    # -- backup ---------------------------------------------------------------------------
    def make_backup(self) -> None:
        store = self.context.store
        if store is None or self.busy:
            return
        folder = dialogs.ask_folder(self.window, _("Where to put the backup"), store.backup_dir)
        if folder is None:
            return
        self.busy = True

        def done(made: Path) -> None:
            self.busy = False
            dialogs.show_info(self.window, _("The backup was made."), _("It is locked with the same password.\n%s") % made)

        def failed(exc: BaseException) -> None:
            self.busy = False
            log.error("backup failed: %s", describe(exc))
            dialogs.show_error(self.window, _("The backup could not be made."),
                               _("Check that the folder can be written to (a USB stick may be full or locked)."))

        run_with_progress(self.window, _("Making a backup…"), lambda: store.backup(folder, label="manual"), done, failed)

    # -- restore --------------------------------------------------------------------------
    def restore_backup(self) -> None:
        store = self.context.store
        if store is None or self.busy:
            return
        found = backups.list_backups(store.backup_dir, store.path.stem)
        items = [describe_backup(p) for p in found] + [_("A backup file somewhere else…")]
        index = dialogs.ask_choice(self.window, _("Restore from a backup"), _("Which backup?"), items)
        if index is None:
            return
        if index < len(found):
            source = found[index]
        else:
            source = dialogs.ask_open_file(self.window, _("Choose a backup file"), store.backup_dir,
                                           _("Backups (*.backup.db);;All files (*)"))
            if source is None:
                return
        if is_cut_short(source):  # before any question: no password opens it
            dialogs.show_error(self.window, _("This backup cannot be used."), damaged_backup(source))
            return
        backup_password = None
        if backups.wrong_password_for(source, self.context.password):
            # Most likely made before a password change: ask for the password of its day.
            backup_password = BackupPasswordDialog.ask(self.window, source)
            if backup_password is None:
                return
        if self._unusable(source, backup_password or self.context.password):
            return
        if not self._confirm_restore(source, backup_password):
            return
        may_replace = getattr(self.window, "may_replace", None)
        if may_replace is not None and not may_replace():
            return
        self._restore(store, source, backup_password)

    def _unusable(self, source: Path, password: str) -> bool:
        """Whether the backup, which `password` opens, turns out damaged (a copy cut at a page
        boundary opens, then fails where its pages stop); if so, say it and what to do, before
        asking anything. The quick read of what it holds comes first: the full check only when
        that fails (the restore checks in full again anyway)."""
        if backups.summary(source, password) is not None:
            return False
        try:
            with WaitCursor():
                backups.verify_backup(source, password)
        except CorruptDatabase:
            dialogs.show_error(self.window, _("This backup cannot be used."), damaged_backup(source))
            return True
        except StoreError as exc:
            dialogs.show_error(self.window, _("This backup cannot be used."), explain(exc, source))
            return True
        return False

    def _confirm_restore(self, source: Path, backup_password: str | None) -> bool:
        """Ask before the restore, naming what the backup holds and what it replaces. Another
        association's backup (or another file's) gets a warning, and a re-key to the password
        in use now is said out loud."""
        now = backups.open_summary()
        then = backups.summary(source, backup_password or self.context.password)
        when = describe_backup(source)
        if then is None:  # it does not open: the restore says why, with nothing changed
            return dialogs.confirm(
                self.window, _("Put the data back as it was in the backup of %s?") % when, yes=_("Restore"),
                detail=_("Changes made after that backup will be gone. The data as it is now is kept aside as a copy."))
        # One name per line, indented under what it is: a name cut at the end of a line is
        # hard to read, and the two must be easy to compare.
        what = "\n".join((
            _("The backup:"), "\u3000" + describe_people(then),
            _("The data open now:"), "\u3000" + describe_people(now),
        ))
        keyed = _("The backup is locked with another password; after the restore it opens with the password "
                  "you use now.") if backup_password is not None else ""
        if backups.same_association(then, now):
            return dialogs.confirm(
                self.window, _("Put the data back as it was in the backup of %s?") % when, yes=_("Restore"),
                detail="\n\n".join(filter(None, (what, _(
                    "Changes made after that backup will be gone. The data as it is now is kept aside as a copy."),
                    keyed))))
        if then.name != now.name:
            text = _("The backup of %(when)s is of another association, 「%(other)s」. Put its data in place "
                     "of 「%(name)s」?") % {"when": when, "other": then.name, "name": now.name}
        else:
            text = _("The backup of %(when)s is of another file that is also called 「%(name)s」, not of the "
                     "file open now. Put its data in place of the data open now?") % {"when": when, "name": now.name}
        return dialogs.confirm(
            self.window, text, yes=_("Replace with this backup"), no=_("Cancel"), title=_("A backup of another file"),
            detail="\n\n".join(filter(None, (what, _(
                "Everything open now (%(people)d people) is replaced. It is kept aside as a copy, from which it can be "
                "restored.") % {"people": now.people}, keyed))),
            warning=True)

    def _restore(self, store: Store, source: Path, backup_password: str | None = None) -> None:
        """Restore `source`; `backup_password` opens it when the password in use now does not.
        The restored file is then re-keyed to the password in use now."""
        path, password = store.path, self.context.password
        backup_dir = store.backup_dir
        self.busy = True
        store.close(auto_backup=False)
        self.context.store = None

        def work():
            lock = StoreLock(path).acquire()
            try:
                if backup_password is None:
                    safety = backups.restore_file(path, source, password)
                else:
                    safety = backups.restore_file(path, source, backup_password, live_password=password)
                # What the file holds now, and what the copy of the replaced file holds (as
                # `tsunagari restore` reports them).
                return (backups.summary(path, password), safety,
                        backups.summary(safety, password) if safety else None)
            finally:
                lock.release()

        def reopen(exc: BaseException | None, result=None) -> None:
            self.busy = False
            try:
                self.context.store = Store.open(path, password)
            except (StoreError, Exception) as again:  # noqa: BLE001 - tell the person, keep the window
                log.exception("could not reopen %s after restore", path)
                dialogs.show_error(self.window, explain(again, path))
                return
            self.on_reopened()
            if exc is None:
                dialogs.show_info(self.window, _("The data was restored from the backup of %s.") % describe_backup(source),
                                  self._restored_detail(*result, rekeyed=backup_password is not None,
                                                        listed_in=backup_dir))
            else:
                log.error("restore failed: %s", describe(exc))
                detail = (damaged_backup(source) if isinstance(exc, CorruptDatabase)
                          else explain(exc, source) if isinstance(exc, StoreError) else str(exc))
                dialogs.show_error(self.window, _("The backup was not restored; nothing was changed."), detail)

        run_with_progress(self.window, _("Restoring from the backup…"), work, lambda r: reopen(None, r), reopen)

    @staticmethod
    def _restored_detail(now: backups.Summary | None, safety: Path | None, before: backups.Summary | None, *,
                         rekeyed: bool, listed_in: Path) -> str:
        """What the file holds now, and where the data it replaced was kept (to get it back: in
        the list of backups, when the copy is in `listed_in`, the folder that list shows)."""
        parts = []
        if now is not None:
            parts.append(_("It now holds 「%(name)s」, %(people)d people.") % {"name": now.name, "people": now.people})
        if rekeyed:
            parts.append(_("It opens with the password you use now."))
        if safety is not None:
            kept = (_("The data it replaced, 「%(name)s」 with %(people)d people, was kept as a copy:")
                    % {"name": before.name, "people": before.people} if before is not None
                    else _("The data it replaced was kept as a copy:"))
            parts.append(kept + "\n" + str(safety))
            if safety.parent.resolve() == Path(listed_in).resolve():
                # the menu's name as it shows, without its shortcut mark: "ファイル(&F)" → "ファイル"
                menu = "%s → %s" % (re.sub(r"\(&\w\)|&", "", _("&File")), _("Restore from a backup…"))
                parts.append(_("To get it back, choose 「%(copy)s」 in %(menu)s.")
                             % {"copy": describe_backup(safety), "menu": menu})
            else:
                parts.append(_("To get it back, restore that copy."))
        return "\n\n".join(parts)

    # -- password -------------------------------------------------------------------------
    def change_password(self) -> None:
        store = self.context.store
        if store is None or self.busy:
            return
        new = ChangePasswordDialog.ask(self.window, self.context.password)
        if new is None:
            return
        try:
            # Re-keying rewrites the file on this thread's connection: keep it on the main
            # thread (a worker's connection would hold the old key). Quick for our sizes.
            store.backup(label="before-password-change")
            change_password(new)
        except Exception as exc:  # noqa: BLE001
            log.exception("password change failed")
            dialogs.show_error(self.window, _("The password was not changed."), explain(exc, store.path))
            return
        self.context.password = new
        dialogs.show_info(self.window, _("The password was changed. Use the new one from now on."),
                          _("Backups made before this change still open with the old password."))

    def about(self) -> None:
        dialogs.show_info(
            self.window,
            _("%(app)s version %(version)s") % {"app": APP_DISPLAY_NAME, "version": __version__},
            _("The roster, support register and print tool of a neighbourhood association. "
              "It works without the internet; your data stays on this computer, locked with your password.\n\n"
              "Fonts: BIZ UDGothic (SIL Open Font License), IPAmj明朝 (IPA Font License)."),
            title=_("About つながりノート"),
        )
