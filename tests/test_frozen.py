"""The PyInstaller folder works without Python beside it (issue: packaging).

Skipped unless dist/tsunagari exists (build it with `pyinstaller build.spec`; .ci/run does).
The frozen programs run with a scrubbed environment: no PYTHONPATH, no venv on PATH.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "tsunagari"
CLI = DIST / ("tsunagari-cli.exe" if os.name == "nt" else "tsunagari-cli")
GUI = DIST / ("tsunagari.exe" if os.name == "nt" else "tsunagari")

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(not CLI.exists(), reason="no frozen build (run: pyinstaller build.spec)"),
]


def _env(tmp_path, **extra):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8", "TSUNAGARI_DATA_DIR": str(tmp_path / "data"),
           "TSUNAGARI_PASSWORD": "frozen-password-1", "QT_QPA_PLATFORM": "offscreen"}
    env.update(extra)
    return env


def _run(args, tmp_path, exe=CLI, timeout=180, **extra):
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=_env(tmp_path, **extra),
                          cwd=tmp_path, timeout=timeout)


def test_version(tmp_path):
    """--version answers with the name and version of pyproject.toml."""
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    r = _run(["--version"], tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == f"tsunagari {version}"


def test_demo_labels_and_pack(tmp_path):
    """demo, check, labels and the emergency pack run from the frozen folder."""
    db = tmp_path / "demo.tsunagari"
    r = _run(["demo", "--db", str(db), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["people"] == 300
    r = _run(["check", "--db", str(db), "--json"], tmp_path)
    assert r.returncode == 0 and json.loads(r.stdout)["ok"]
    labels = tmp_path / "labels.pdf"
    r = _run(["print", "labels", "--db", str(db), "--out", str(labels), "--sheet", "a-one-72212",
              "--allow-missing-glyphs"], tmp_path)
    assert r.returncode == 0, r.stderr
    with pdfplumber.open(labels) as pdf:
        assert len(pdf.pages) >= 1 and "様" in pdf.pages[0].extract_text()
    pack = tmp_path / "pack.pdf"
    r = _run(["print", "pack", "--db", str(db), "--out", str(pack), "--block", "1班"], tmp_path)
    assert r.returncode == 0, r.stderr
    with pdfplumber.open(pack) as pdf:
        assert len(pdf.pages) >= 3
        assert "取扱注意" in pdf.pages[0].extract_text()


def test_gui_opens_and_quits(tmp_path):
    """The window opens offscreen on the demo and quits cleanly by itself."""
    r = _run(["--demo", "--smoke-test"], tmp_path, exe=GUI, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "main window shown" in (tmp_path / "data" / "logs" / "tsunagari.log").read_text(encoding="utf-8")
