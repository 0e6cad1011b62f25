"""What the window and its pages share: the open file, the settings and a clock.

Built once by desktop.gui.build_app and handed to each page; there is no global instance
and no QApplication subclass (STYLE.md 2). Tests build their own with a fixed clock.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from db.store import Store
from desktop import settings as options
from desktop.settings import Settings


@dataclass
class AppContext:
    store: Store | None
    settings: Settings
    clock: Callable[[], dt.date] = dt.date.today
    # Kept for restore and password change, which must reopen or re-key the file; the
    # database connection holds it in memory anyway. Never logged or shown.
    password: str = field(default="", repr=False)
    is_demo: bool = False
    temp_dir: Path | None = None  # the demo's folder, removed on exit

    @property
    def operator_name(self) -> str:
        """入力者: written to the audit log with every change."""
        return self.settings.get(options.OPERATOR_NAME)

    @property
    def follow_up_days(self) -> int:
        return self.settings.get(options.FOLLOW_UP_DAYS)

    @property
    def follow_up_missed(self) -> int:
        return self.settings.get(options.FOLLOW_UP_MISSED)

    @property
    def db_path(self) -> Path | None:
        return self.store.path if self.store else None

    def today(self) -> dt.date:
        return self.clock()
