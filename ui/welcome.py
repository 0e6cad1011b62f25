"""The first dialogs: welcome, create a new association file, and the password prompt.

Each dialog is shown through its `ask(...)` classmethod, which tests replace; the dialogs
themselves are plain widgets that tests can drive with qtbot (type, click OK, read answer()).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.database import MIN_PASSWORD_LENGTH
from desktop import APP_DISPLAY_NAME
from desktop.i18n import _
from ui import dialogs
from ui.style import WrapLabel, field_label, set_role

SUFFIX = ".tsunagari"


def _label(text: str, role: str = "") -> QLabel:
    return WrapLabel(text, role)


def _plain_label(text: str, role: str = "") -> QLabel:
    """A plain word-wrapped label, for texts that can run to several lines in a dialog: a
    WrapLabel's rich-text line height is under-counted by a dialog's layout, which then cut
    the last lines off in large text (as in ui/file_actions.BackupPasswordDialog)."""
    label = QLabel(text)
    label.setWordWrap(True)
    return set_role(label, role) if role else label


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(320)
    return edit


class WelcomeDialog(QDialog):
    """First start: make a new association file or open one that exists."""

    CREATE, OPEN = "create", "open"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(_label(_("Welcome to つながりノート"), "title"))
        # Plain wrapped labels (see _plain_label): in large text a WrapLabel's height was
        # under-counted here and the dialog cut the texts under the buttons in half.
        layout.addWidget(_plain_label(_(
            "Keep your association's members, the people who need help in a disaster, the salons "
            "and your phone calls and letters — on this computer only. The file is locked with a password."
        )))
        self.create_button = QPushButton(_("Create a new association"))
        self.open_button = QPushButton(_("Open an existing file"))
        for button, hint in (
            (self.create_button, _("Choose this the first time you use the app.")),
            (self.open_button, _("Open a file (.tsunagari) made earlier, or a backup (.backup.db), for example "
                                 "on a USB stick: a backup is copied onto this computer and left as it is.")),
        ):
            set_role(button, "big")
            layout.addSpacing(6)
            layout.addWidget(button)
            layout.addWidget(_plain_label(hint, "hint"))
        self.create_button.clicked.connect(self._choose_create)
        self.open_button.clicked.connect(self._choose_open)
        buttons = QDialogButtonBox()
        self.quit_button = buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.create_button.setFocus()

    def _choose_create(self) -> None:
        self._choose(self.CREATE)

    def _choose_open(self) -> None:
        self._choose(self.OPEN)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def answer(self) -> str | None:
        return self.choice if self.result() == QDialog.DialogCode.Accepted else None

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> str | None:
        """Return "create", "open", or None when the person quits."""
        dialog = cls(parent)
        dialog.exec()
        return dialog.answer()


@dataclass(frozen=True)
class CreateRequest:
    name: str
    password: str
    path: Path


def validate_create(name: str, password: str, again: str, path_text: str) -> str:
    """Return what is wrong in plain words, or "" when the form can be used."""
    if not name.strip():
        return _("Please type the name of the association.")
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password needs at least %d characters.") % MIN_PASSWORD_LENGTH
    if password != again:
        return _("The two passwords are not the same. Please type them again.")
    if not path_text.strip():
        return _("Please choose where to keep the file.")
    path = with_suffix(Path(path_text.strip()).expanduser())
    if path.exists():  # the name as it will be saved: 「town」 is town.tsunagari
        return _("A file with this name is already there. Choose another name or place.")
    return ""


def with_suffix(path: Path) -> Path:
    """The file name as it is saved: .tsunagari added when it is missing."""
    return path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)


class CreateDialog(QDialog):
    """Name, password twice, and where to keep the file."""

    def __init__(self, parent: QWidget | None = None, default_path: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Create a new association"))
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(_label(_("Create a new association"), "title"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(6)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("e.g. みなと三丁目町会"))
        self.password_edit = _password_edit()
        self.again_edit = _password_edit()
        self.show_check = QCheckBox(_("Show the password"))
        self.show_check.toggled.connect(self._show_password)
        self.path_edit = QLineEdit(str(default_path or ""))
        self.browse_button = QPushButton(_("Browse…"))
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form.addRow(field_label(_("Name of the association")), self.name_edit)
        form.addRow(field_label(_("Password (at least %d characters)") % MIN_PASSWORD_LENGTH), self.password_edit)
        form.addRow(field_label(_("The same password again")), self.again_edit)
        form.addRow("", self.show_check)
        layout.addLayout(form)
        layout.addWidget(_label(_(
            "Without this password nobody can open the file — not even you. "
            "Write it on paper and keep it in a safe place."
        ), "notice"))
        form2 = QFormLayout()
        form2.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form2.addRow(field_label(_("Where to keep the file")), path_row)
        layout.addLayout(form2)
        self.error_label = _label("", "error")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Create"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(_("Back"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_password(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password_edit.setEchoMode(mode)
        self.again_edit.setEchoMode(mode)

    def _browse(self) -> None:
        chosen = dialogs.ask_save_file(self, _("Where to keep the file"), self.path_edit.text())
        if chosen is not None:
            self.path_edit.setText(str(with_suffix(chosen)))

    def _try_accept(self) -> None:
        problem = validate_create(
            self.name_edit.text(), self.password_edit.text(), self.again_edit.text(), self.path_edit.text()
        )
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        self.accept()

    def answer(self) -> CreateRequest | None:
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        path = with_suffix(Path(self.path_edit.text().strip()).expanduser())
        return CreateRequest(self.name_edit.text().strip(), self.password_edit.text(), path)

    @classmethod
    def ask(cls, parent: QWidget | None = None, default_path: Path | None = None) -> CreateRequest | None:
        dialog = cls(parent, default_path)
        dialog.exec()
        return dialog.answer()


@dataclass(frozen=True)
class PasswordAnswer:
    action: str  # "open", "other" (choose another file) or "cancel"
    password: str = ""


class PasswordDialog(QDialog):
    """Ask the password of one file; can show why the last try failed."""

    OPEN, OTHER, CANCEL = "open", "other", "cancel"

    def __init__(self, parent: QWidget | None, path: Path, error: str = "", allow_other: bool = True,
                 note: str = ""):
        super().__init__(parent)
        self._action = self.CANCEL
        self.setWindowTitle(_("Open %s") % Path(path).name)
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(_label(_("Please type the password"), "title"))
        file_label = _label(_("File: %(name)s\nFolder: %(folder)s") % {"name": Path(path).name, "folder": Path(path).parent})
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(file_label)
        self.note_label = _plain_label(note)  # what opening this file will do (a backup is copied in)
        self.note_label.setVisible(bool(note))
        layout.addWidget(self.note_label)
        self.password_edit = _password_edit()
        layout.addWidget(self.password_edit)
        self.show_check = QCheckBox(_("Show the password"))
        self.show_check.toggled.connect(self._show_password)
        layout.addWidget(self.show_check)
        self.error_label = _plain_label(error, "error")
        self.error_label.setVisible(bool(error))
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.other_button = buttons.addButton(_("Choose another file…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.other_button.setVisible(allow_other)
        self.cancel_button = buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self._open)
        buttons.rejected.connect(self.reject)
        self.other_button.clicked.connect(self._other)
        layout.addWidget(buttons)
        self.password_edit.setFocus()

    def _show_password(self, shown: bool) -> None:
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def _open(self) -> None:
        if not self.password_edit.text():
            self.error_label.setText(_("Please type the password."))
            self.error_label.show()
            return
        self._action = self.OPEN
        self.accept()

    def _other(self) -> None:
        self._action = self.OTHER
        self.accept()

    def answer(self) -> PasswordAnswer:
        if self.result() != QDialog.DialogCode.Accepted:
            return PasswordAnswer(self.CANCEL)
        if self._action == self.OPEN:
            return PasswordAnswer(self.OPEN, self.password_edit.text())
        return PasswordAnswer(self._action)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, error: str = "", allow_other: bool = True,
            note: str = "") -> PasswordAnswer:
        dialog = cls(parent, path, error, allow_other, note)
        dialog.exec()
        return dialog.answer()
