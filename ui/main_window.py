"""The window: menus, the left navigation and a stack of pages. Nothing else lives here.

Each page is built by its own package (ui/<feature>/page.py) from the AppContext. Closing
the window makes the automatic backup in the background, then closes the file.
"""
from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db import backup as backups
from desktop import APP_DISPLAY_NAME
from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _, N_, set_language
from desktop.messages import explain_write_error
from desktop.qt_i18n import install_qt_translator
from desktop.logging_setup import describe
from ui import style
from ui.file_actions import FileActions
from ui.open_flow import remove_demo_folder
from ui.progress import run_with_progress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    key: str
    label: str  # English msgid, translated when shown
    factory: str  # "module:Class", imported when the window is built


PAGES = (
    PageSpec("home", N_("Home"), "ui.home.page:HomePage"),
    PageSpec("roster", N_("Roster"), "ui.roster.page:RosterPage"),
    PageSpec("register", N_("Need help"), "ui.register.page:RegisterPage"),
    PageSpec("salon", N_("Salons"), "ui.salon.page:SalonPage"),
    PageSpec("contacts", N_("Contact records"), "ui.contacts.page:ContactsPage"),
    PageSpec("printing", N_("Print"), "ui.printing.page:PrintingPage"),
    PageSpec("settings", N_("Settings"), "ui.settings.page:SettingsPage"),
)


def _page_class(spec: PageSpec):
    module, name = spec.factory.split(":")
    return getattr(importlib.import_module(module), name)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.actions_ = FileActions(self, context, on_reopened=self.refresh)
        self._closing = self._closed = False
        self.pages: dict[str, QWidget] = {}
        self.nav_buttons: dict[str, QPushButton] = {}
        self.setMinimumSize(900, 620)
        self.resize(1180, 780)
        self._build()
        self.show_page("home")

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.navigation = QWidget()
        self.navigation.setObjectName("navigation")
        nav = QVBoxLayout(self.navigation)
        nav.setContentsMargins(10, 16, 10, 16)
        nav.setSpacing(6)
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.stack = QStackedWidget()
        for spec in PAGES:
            button = style.set_role(QPushButton(_(spec.label)), "nav")
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, key=spec.key: self.show_page(key))
            self.nav_group.addButton(button)
            self.nav_buttons[spec.key] = button
            if spec.key == "settings":
                nav.addStretch(1)
            nav.addWidget(button)
            page = _page_class(spec)(self.context)
            self.pages[spec.key] = page
            self.stack.addWidget(page)
        settings_page = self.pages["settings"]
        settings_page.large_text_changed.connect(self.set_large_text)
        settings_page.language_changed.connect(self.set_language)
        settings_page.association_changed.connect(self.association_changed)
        self.navigation.setMinimumWidth(190)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._update_title()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(_("&File"))
        self._action(file_menu, _("Make a backup…"), self.actions_.make_backup)
        self._action(file_menu, _("Restore from a backup…"), self.actions_.restore_backup)
        self._action(file_menu, _("Change the password…"), self.actions_.change_password)
        file_menu.addSeparator()
        self._action(file_menu, _("Import from Excel or CSV…"), self.import_file)
        self._action(file_menu, _("Export to Excel or CSV…"), self.export_file)
        self._action(file_menu, _("Past imports…"), self.import_history)
        file_menu.addSeparator()
        self._action(file_menu, _("Quit"), self.close, QKeySequence.StandardKey.Quit)
        view_menu = bar.addMenu(_("&View"))
        self.large_text_action = self._action(view_menu, _("Large text"), self.set_large_text)
        self.large_text_action.setCheckable(True)
        self.large_text_action.setChecked(self.context.settings.get(options.LARGE_TEXT))
        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("About つながりノート"), self.actions_.about)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _update_title(self) -> None:
        name = ""
        home = self.pages.get("home")
        if home is not None:
            name = home.name_label.text()
        self.setWindowTitle(" — ".join(p for p in (name, APP_DISPLAY_NAME) if p))

    # -- behaviour --------------------------------------------------------------------------
    def show_page(self, key: str) -> bool:
        """Show the page, unless the one on screen has typed changes that the person keeps
        (a page with `may_leave()` asks; the navigation then stays on it). True if shown."""
        page = self.pages[key]
        current = self.stack.currentWidget()
        may_leave = getattr(current, "may_leave", None)
        if current is not page and may_leave is not None and not may_leave():
            self.nav_buttons[self.current_page_key()].setChecked(True)  # the click checked the other button
            return False
        self.nav_buttons[key].setChecked(True)
        self.stack.setCurrentWidget(page)
        return True

    def may_close(self) -> bool:
        """Every page with typed changes that are not saved asks before the window closes;
        one whose person keeps typing comes to the front."""
        for key, page in self.pages.items():
            if hasattr(page, "may_leave") and not page.may_leave(closing=True):
                self.nav_buttons[key].setChecked(True)
                self.stack.setCurrentWidget(page)
                return False
        return True

    def may_replace(self) -> bool:
        """Before a restore puts other data in place: a page with typed changes that are not
        saved asks, and comes to the front when the person keeps typing."""
        for key, page in self.pages.items():
            if hasattr(page, "may_leave") and not page.may_leave(replacing=True):
                self.nav_buttons[key].setChecked(True)
                self.stack.setCurrentWidget(page)
                return False
        return True

    def current_page_key(self) -> str:
        current = self.stack.currentWidget()
        return next(k for k, p in self.pages.items() if p is current)

    def import_file(self) -> None:
        from ui.transfer.actions import open_import_wizard

        if open_import_wizard(self, self.context):
            self.refresh()

    def export_file(self) -> None:
        from ui.transfer.actions import open_export_dialog

        open_export_dialog(self, self.context)

    def import_history(self) -> None:
        from ui.transfer.actions import open_import_history

        if open_import_history(self, self.context):
            self.refresh()

    def refresh(self) -> None:
        """Reload every page from the file (after a restore, an import or its undo).

        The roster's undo history goes: its steps name rows by id, and after a restore or an
        undone import the same id may hold someone else (an import has its own undo)."""
        for page in self.pages.values():
            if hasattr(page, "forget_undo"):
                page.forget_undo()
        for page in self.pages.values():
            if hasattr(page, "refresh"):
                page.refresh()
        self._update_title()

    def association_changed(self) -> None:
        """Its name was saved on the settings page: the home page and the title show it at once."""
        home = self.pages.get("home")
        if home is not None:
            home.refresh()
        self._update_title()

    def set_large_text(self, on: bool) -> None:
        self.context.settings.set(options.LARGE_TEXT, bool(on))
        self.context.settings.sync()
        style.apply(QApplication.instance(), bool(on))
        self.large_text_action.setChecked(bool(on))
        self.pages["settings"].set_large_text(bool(on))

    def set_language(self, language: str) -> None:
        set_language(language)
        install_qt_translator(language)
        # Rebuild after the settings page's signal has returned: it is one of the pages.
        QTimer.singleShot(0, self.retranslate)

    def retranslate(self) -> None:
        """Build menus, navigation and pages again in the current language."""
        current = self.current_page_key()
        # Pages that have something worth keeping (the roster's undo history, its search
        # and filters) hand it to their rebuilt selves.
        kept = {key: page.saved_state() for key, page in self.pages.items() if hasattr(page, "saved_state")}
        old = self.takeCentralWidget()
        for button in self.nav_group.buttons():
            self.nav_group.removeButton(button)
        self.pages.clear()
        self.nav_buttons.clear()
        if old is not None:
            old.deleteLater()
        self._build()
        for key, state in kept.items():
            self.pages[key].restore_state(state)
        self.show_page(current)

    # -- closing ----------------------------------------------------------------------------
    def closeEvent(self, event):  # noqa: N802 - Qt override
        if self._closed:
            event.accept()
            return
        if self._closing or self.actions_.busy:
            event.ignore()  # a backup or restore is running: let it finish first
            return
        if not self.may_close():
            event.ignore()  # the person keeps typing
            return
        store = self.context.store
        if store is None or self.context.is_demo or not store.changed_since_open():
            # Nothing written since opening: a copy like the last backup would only push an
            # older one out (Store.close makes the same choice).
            self._release()
            event.accept()
            return
        event.ignore()
        self._closing = True
        self.setEnabled(False)
        self.statusBar().showMessage(_("Making the automatic backup…"))

        def auto_backup():
            # What Store.close(auto_backup=True) does, on the worker thread so the window
            # keeps painting; the main thread then closes the file without a second copy.
            made = store.backup(label="auto")
            backups.prune(store.backup_dir, store.path.stem)
            return made

        def finish(_result=None):
            self._release()
            self.close()  # now accepted: _closed is set

        def failed(exc):
            log.error("automatic backup failed: %s", describe(exc))
            # The file itself is intact; the person should know there is no fresh backup.
            from ui import dialogs

            dialogs.show_error(self, _("The automatic backup could not be made. Your data is safe in the file "
                                       "itself.") + " " + explain_write_error(exc))
            finish()

        run_with_progress(self, _("Making the automatic backup…"), auto_backup, finish, failed)

    def _release(self) -> None:
        """Close the file (the backup is already made) and throw away a demo's folder."""
        if self.context.store is not None:
            self.context.store.close(auto_backup=False)
            self.context.store = None
        remove_demo_folder(self.context.temp_dir)
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed
