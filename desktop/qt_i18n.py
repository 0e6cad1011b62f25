"""Qt's own strings (standard buttons, file dialogs) through the qtbase_<lang> translator.

Our strings use gettext (desktop.i18n); this only covers what Qt draws itself. PyInstaller
ships qtbase_*.qm but not qt_*.qm (pyinstaller #7682), so we load qtbase_ only.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

_installed: QTranslator | None = None


def translation_dirs() -> list[Path]:
    """Where qtbase_<lang>.qm may be: Qt's own folder, then a frozen bundle's copies."""
    found = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        base = Path(bundle)
        found += [base / "PySide6" / "Qt" / "translations", base / "PySide6" / "translations", base / "translations"]
    return found


def install_qt_translator(language: str) -> bool:
    """Replace the qtbase translator by the one for `language`; True if one was loaded."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    QLocale.setDefault(QLocale(QLocale.Language.Japanese if language == "ja" else QLocale.Language.English))
    translator = QTranslator(app)
    for folder in translation_dirs():
        if translator.load(f"qtbase_{language}", str(folder)):
            app.installTranslator(translator)
            _installed = translator
            return True
    log.info("no qtbase_%s.qm found in %s", language, [str(p) for p in translation_dirs()])
    return False
