"""Where the app keeps its files (platformdirs), Qt-free."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop import APP_NAME


def data_dir() -> Path:
    override = os.environ.get("TSUNAGARI_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    override = os.environ.get("TSUNAGARI_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_db_path(name: str = "association") -> Path:
    return data_dir() / f"{name}.tsunagari"
