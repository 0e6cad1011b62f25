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
_supplement: QTranslator | None = None

# Strings Qt 6 draws whose source text changed after qtbase_ja.qm was last translated (the
# catalogue has 「Look in:」 but Qt asks for 「&Look in:」): without these the file dialog
# says "Look in:" and "Files of type:" in English around Japanese buttons.
_MISSING_JA = {
    ("QFileDialog", "&Look in:"): "場所(&L):",
    ("QFileDialog", "Files of &type:"): "ファイルの種類(&T):",
    ("QAbstractFileIconProvider", "Folder"): "フォルダ",
    ("QAbstractFileIconProvider", "File Folder"): "ファイルフォルダ",
    ("QAbstractFileIconProvider", "Drive"): "ドライブ",
    ("QAbstractFileIconProvider", "File"): "ファイル",
}


class _Supplement(QTranslator):
    """Answers only the few strings in _MISSING_JA; everything else falls through to qtbase."""

    def __init__(self, table: dict, parent=None):
        super().__init__(parent)
        self._table = table

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401 - Qt override
        return self._table.get((context, source), "")

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return not self._table


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
    global _supplement
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if _supplement is not None:
        app.removeTranslator(_supplement)
        _supplement = None
    if language == "ja":  # installed after qtbase below: Qt asks the last installed translator first
        _supplement = _Supplement(_MISSING_JA, app)
    QLocale.setDefault(QLocale(QLocale.Language.Japanese if language == "ja" else QLocale.Language.English))
    translator = QTranslator(app)
    for folder in translation_dirs():
        if translator.load(f"qtbase_{language}", str(folder)):
            app.installTranslator(translator)
            _installed = translator
            if _supplement is not None:
                app.installTranslator(_supplement)
            return True
    log.info("no qtbase_%s.qm found in %s", language, [str(p) for p in translation_dirs()])
    return False
