"""User settings: a typed registry over QSettings (QtCore only, so it works headless).

Every option is declared once below with its key and default. The file is an .ini in
desktop.paths.data_dir(), so TSUNAGARI_DATA_DIR moves it for tests, and the organisation
and application names are set before the first QSettings is made (desktop.gui.build_app).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QSettings

from desktop import paths

T = TypeVar("T")

DATE_WAREKI = "wareki"  # 令和8年11月28日
DATE_SEIREKI = "seireki"  # 2026年11月28日


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T
    choices: tuple = ()

    def coerce(self, raw: Any) -> T:
        """Turn what the .ini gives back (often a string) into the declared type."""
        if raw is None:
            return self.default
        kind = type(self.default)
        try:
            if kind is bool:
                value = raw if isinstance(raw, bool) else str(raw).strip().lower() in ("1", "true", "yes", "on")
            elif kind is int:
                value = int(raw)
            else:
                value = kind(raw)
        except (TypeError, ValueError):
            return self.default
        if self.choices and value not in self.choices:
            return self.default
        return value


LANGUAGE = Option("ui/language", "ja", ("ja", "en"))
LARGE_TEXT = Option("ui/large_text", False)
DATE_STYLE = Option("ui/date_style", DATE_WAREKI, (DATE_WAREKI, DATE_SEIREKI))
OPERATOR_NAME = Option("user/operator_name", "")
FOLLOW_UP_DAYS = Option("contacts/follow_up_days", 30)
FOLLOW_UP_MISSED = Option("contacts/follow_up_missed", 2)  # salon sessions missed in a row
LAST_DB = Option("files/last_db", "")

ALL_OPTIONS = (LANGUAGE, LARGE_TEXT, DATE_STYLE, OPERATOR_NAME, FOLLOW_UP_DAYS, FOLLOW_UP_MISSED, LAST_DB)

FILE_NAME = "settings.ini"


def settings_file() -> Path:
    return paths.data_dir() / FILE_NAME


class Settings:
    """Read and write the declared options. Unknown keys are refused, so typos fail loudly."""

    def __init__(self, qsettings: QSettings | None = None):
        if qsettings is None:
            path = settings_file()
            path.parent.mkdir(parents=True, exist_ok=True)
            qsettings = QSettings(str(path), QSettings.Format.IniFormat)
        self._q = qsettings

    @property
    def file_name(self) -> str:
        return self._q.fileName()

    def get(self, option: Option[T]) -> T:
        self._check(option)
        return option.coerce(self._q.value(option.key, option.default))

    def set(self, option: Option[T], value: T) -> None:
        self._check(option)
        self._q.setValue(option.key, option.coerce(value))

    def reset(self, option: Option) -> None:
        self._check(option)
        self._q.remove(option.key)

    def sync(self) -> None:
        self._q.sync()

    @staticmethod
    def _check(option: Option) -> None:
        if option not in ALL_OPTIONS:
            raise KeyError(f"undeclared setting {option.key!r}")
