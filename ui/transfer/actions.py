"""Entry points for the File menu and the roster page (wired by their owners)."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.context import AppContext
from desktop.i18n import _
from ui import dialogs


def _no_file(parent: QWidget | None, context: AppContext) -> bool:
    if context.store is None:
        dialogs.show_error(parent, _("Open an association file first."))
        return True
    return False


def open_import_wizard(parent: QWidget | None, context: AppContext) -> bool:
    """The import wizard; True if something was imported (the caller refreshes its page)."""
    from ui.transfer.import_wizard import ImportWizard

    if _no_file(parent, context):
        return False
    return ImportWizard.ask(parent, context)


def open_export_dialog(parent: QWidget | None, context: AppContext) -> None:
    from ui.transfer.export_dialog import ExportDialog

    if not _no_file(parent, context):
        ExportDialog.ask(parent, context)


def open_import_history(parent: QWidget | None, context: AppContext) -> bool:
    """The list of imports with 取り消す; True if one was undone."""
    from ui.transfer.history_dialog import ImportHistoryDialog

    if _no_file(parent, context):
        return False
    return ImportHistoryDialog.ask(parent, context)
