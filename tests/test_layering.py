"""The Qt-free core imports without PySide6 (STYLE.md practice 1)."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_FREE_PACKAGES = ["db", "resources", "desktop.services", "desktop.printing", "desktop.commands"]
QT_FREE_MODULES = ["desktop.i18n", "desktop.paths", "desktop.jtext", "desktop.jbase", "desktop.jdates", "desktop.jnumbers", "desktop.messages", "desktop.cli", "desktop.app", "desktop.postal"]


def _modules() -> list[str]:
    found = list(QT_FREE_MODULES)
    for pkg in QT_FREE_PACKAGES:
        folder = ROOT.joinpath(*pkg.split("."))
        found.append(pkg)
        found += [f"{pkg}.{m.name}" for m in pkgutil.walk_packages([str(folder)]) if not m.ispkg or True]
    return [m for m in found if (ROOT.joinpath(*m.split(".")).with_suffix(".py").exists() or ROOT.joinpath(*m.split(".")).is_dir())]


def test_core_imports_without_pyside6():
    """Importing every Qt-free module in a fresh interpreter loads no PySide6 module."""
    modules = _modules()
    assert "db.models" in modules and "desktop.services.demo" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def test_cli_subcommand_does_not_load_qt():
    """A subcommand run (check --help) never imports Qt."""
    code = (
        "import sys\n"
        "from desktop.app import main\n"
        "try:\n    main(['check', '--help'])\nexcept SystemExit:\n    pass\n"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
