"""Small modal helpers: messages, confirmations and file choosers, and the layout that keeps a
form dialog's buttons on a small screen.

Everything modal goes through a function here (or a dialog's `ask` classmethod), so tests
replace it with monkeypatch and never block on exec() (STYLE.md 5). Buttons say what they
do ("元に戻す", "やめる") rather than Yes/No.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFrame, QInputDialog, QMessageBox, QScrollArea, QVBoxLayout,
                               QWidget)

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


def confirm(parent: QWidget | None, text: str, yes: str, no: str = "", detail: str = "", title: str = "",
            warning: bool = False) -> bool:
    """Ask before something that matters; `yes` names the action (e.g. "元に戻す"). The default
    button (Enter) is always the one that does nothing; `warning` shows the warning sign, for a
    step that is likely a mistake."""
    box = _box(parent, QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question, title, text, detail)
    if warning:  # the question itself stands out from the details under it
        box.setStyleSheet("QLabel#qt_msgbox_label { font-weight: bold; }")
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


def confirm_discard(parent: QWidget | None, text: str = "", discard: str = "", detail: str = "") -> bool:
    """Asked when a form with typed changes is closed without saving; True = close anyway.

    A form on a page (not a dialog) says what is not saved and what leaving does: `text` is
    the question, `discard` the button that throws the typing away. The other button is
    always 「入力を続ける」."""
    return confirm(parent, text or _("Close without saving what you typed?"), discard or _("Close without saving"),
                   _("Keep typing"), detail)


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


# --- Dialogs that fit a small screen ---------------------------------------------------------
# A laptop with 1024×700 free pixels in large-text mode is the case to serve: a form taller than
# the screen would put its 保存 button below the edge, out of reach.

FRAME_ROOM = QSize(16, 48)  # what the window manager adds around a dialog: borders, the title bar


def screen_room(widget: QWidget) -> QRect:
    """The free area (without the taskbar) of the screen the widget opens on."""
    owner = widget.parentWidget() or widget
    screen = owner.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(dialog: QWidget, width: int = 0, height: int = 0) -> None:
    """Size the dialog to width×height (0: what its content asks for), but never larger than the
    screen's free area, frame included; the part that does not fit scrolls (see scroll_form)."""
    room = screen_room(dialog)
    hint = dialog.sizeHint()
    w = min(width or hint.width(), room.width() - FRAME_ROOM.width())
    h = min(height or hint.height(), room.height() - FRAME_ROOM.height())
    dialog.resize(max(w, dialog.minimumWidth()), max(h, dialog.minimumHeight()))


class FormScroll(QScrollArea):
    """A frameless scroll area for a form. It asks for the whole form's size (Qt caps a scroll
    area's wish at 24 lines), so a form that fits the screen opens without a scroll bar."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop (see ui.style.scroll_page)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        body = self.widget()
        if body is None:
            return super().sizeHint()
        hint = body.sizeHint()
        # room for a vertical scroll bar, so a screen that cuts the height never cuts the width
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())


def error_and_buttons(dialog: QDialog, layout, ok_text: str, on_accept: Callable[[], None]):
    """The end of a form dialog: a hidden error line, then 「ok_text」 and 「キャンセル」.
    Returns (error label, ok button); `on_accept` checks the form and accepts it."""
    from ui.style import WrapLabel

    error_label = WrapLabel("", "error")
    error_label.hide()
    layout.addWidget(error_label)
    buttons = QDialogButtonBox()
    ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error_label, ok_button


def scroll_form(dialog: QWidget, margins: tuple[int, int, int, int] = (20, 16, 20, 12),
                spacing: int = 6) -> tuple[QVBoxLayout, QVBoxLayout]:
    """Lay the dialog out as a scrolling form above a fixed footer; return (form, footer).

    The fields go into `form`; the error line and the buttons into `footer`, which stays
    below the scroll area, so the buttons show however tall the form is. Call
    fit_to_screen() once the form is filled."""
    left, top, right, bottom = margins
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    scroll = FormScroll()
    scroll.setObjectName("form_scroll")
    body = QWidget()
    scroll.setWidget(body)
    outer.addWidget(scroll, 1)
    form = QVBoxLayout(body)
    form.setContentsMargins(left, top, right, 8)
    form.setSpacing(spacing)
    footer = QVBoxLayout()
    footer.setContentsMargins(left, 8, right, bottom)
    footer.setSpacing(6)
    outer.addLayout(footer)
    return form, footer


def show_field(widget: QWidget, focus: bool = True) -> None:
    """Put the cursor in `widget` (unless `focus` is False) and scroll the form around it so
    the field shows (Tab does that by itself; a check that points at a field lower in a
    scrolled form must)."""
    if focus:
        widget.setFocus()
    outer = widget.parentWidget()
    while outer is not None:
        if isinstance(outer, QScrollArea):
            outer.ensureWidgetVisible(widget, 16, 24)
        outer = outer.parentWidget()
