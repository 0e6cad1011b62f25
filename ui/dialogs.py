"""Small modal helpers: messages, confirmations and file choosers.

Everything modal goes through a function here (or a dialog's `ask` classmethod), so tests
replace it with monkeypatch and never block on exec() (STYLE.md 5). Buttons say what they
do ("元に戻す", "やめる") rather than Yes/No.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from desktop import APP_DISPLAY_NAME
from desktop.i18n import _
from desktop.messages import explain_write_error, is_write_failure

T = TypeVar("T")


def file_filter() -> str:
    return _("つながりノート files (*.tsunagari);;All files (*)")


def _box(parent, icon, title: str, text: str, detail: str = "") -> QMessageBox:
    box = QMessageBox(icon, title or APP_DISPLAY_NAME, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    return box


def show_error(parent: QWidget | None, text: str, detail: str = "", title: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title or _("Something went wrong"), text, detail)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def show_info(parent: QWidget | None, text: str, detail: str = "", title: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text, detail)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(parent: QWidget | None, text: str, yes: str, no: str = "", detail: str = "", title: str = "") -> bool:
    """Ask before something that matters; `yes` names the action (e.g. "元に戻す")."""
    box = _box(parent, QMessageBox.Icon.Question, title, text, detail)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no or _("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def ask_open_file(parent: QWidget | None, title: str, start: Path | str = "", filter_: str = "") -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(parent, title, str(start), filter_ or file_filter())
    return Path(name) if name else None


def ask_save_file(parent: QWidget | None, title: str, start: Path | str = "", filter_: str = "") -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, title, str(start), filter_ or file_filter())
    return Path(name) if name else None


def ask_folder(parent: QWidget | None, title: str, start: Path | str = "") -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(name) if name else None


def ask_choice(parent: QWidget | None, title: str, label: str, items: list[str]) -> int | None:
    """Pick one of `items`; return its index, or None if cancelled."""
    if not items:
        return None
    text, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return items.index(text) if ok and text in items else None


def save_or_ask_again(parent: QWidget | None, values: Any, save: Callable[[Any], T],
                      ask_again: Callable[[Any], Any], failed: str) -> T | None:
    """save(values); when the disk refuses the write (full, removed), say why and open the form
    again filled with what was typed, until it is saved or the person cancels (→ None).

    Nothing is written when SQLite reports a full disk, so trying again is safe; other errors
    go on to the caller (or the crash dialog)."""
    while True:
        try:
            return save(values)
        except Exception as exc:
            if not is_write_failure(exc):
                raise
            show_error(parent, failed, explain_write_error(exc))
            values = ask_again(values)
            if values is None:
                return None


def confirm_discard(parent: QWidget | None) -> bool:
    """Asked when a form with typed changes is closed without saving; True = close anyway."""
    return confirm(parent, _("Close without saving what you typed?"), _("Close without saving"),
                   _("Keep typing"))


class DiscardGuard:
    """Mix into a form dialog (before QDialog): Esc, the cancel button or the window's ×
    ask before throwing away what was typed. The dialog calls remember_loaded() once it is
    filled and defines snapshot() — its current values, in any comparable form."""

    _loaded: object = None

    def snapshot(self):  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def _current(self) -> object:
        try:
            return repr(self.snapshot())
        except Exception:  # noqa: BLE001 - a half-typed date cannot be read: that is a change
            return object()

    def remember_loaded(self) -> None:
        self._loaded = self._current()

    def has_typed_changes(self) -> bool:
        return self._loaded is not None and self._current() != self._loaded

    def reject(self) -> None:
        if self.has_typed_changes() and not confirm_discard(self):
            return  # keep the form open (QDialog's close event then stays ignored)
        super().reject()
