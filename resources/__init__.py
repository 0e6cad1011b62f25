"""Plain resource files (fonts, translations, catalogues, demo data) and one way to find them.

Qt-free: reportlab needs real file paths, so resources are files on disk rather than a .qrc.
Works from a source tree, an installed wheel and a PyInstaller folder alike.
"""
from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent
if getattr(sys, "frozen", False):  # PyInstaller puts data beside the executable's _internal dir
    _ROOT = Path(getattr(sys, "_MEIPASS", _ROOT.parent)) / "resources"


def path(*parts: str) -> Path:
    """Return the absolute path of a bundled resource, e.g. path("fonts", "BIZUDGothic-Regular.ttf")."""
    return _ROOT.joinpath(*parts)
