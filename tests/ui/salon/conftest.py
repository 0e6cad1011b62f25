"""Fixtures shared by the salon page's tests: the page, shown, and a modal dialog driven by
steps done like a person instead of exec()'s event loop."""
from __future__ import annotations

import pytest

from ui.salon.page import SalonPage


@pytest.fixture
def page(qtbot, context):
    w = SalonPage(context)
    qtbot.addWidget(w)
    w.resize(1180, 780)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def drive_dialog(qtbot, monkeypatch):
    """drive_dialog(cls, steps, activate=False): the real cls.ask runs; its exec() shows the
    dialog and runs `steps(dialog)`, then rejects it if still open. `activate` makes it the
    active window first (for key presses). Returns the list of dialogs seen."""

    def install(cls, steps, activate: bool = False):
        seen = []

        def run(self):
            qtbot.addWidget(self)
            self.show()
            qtbot.waitExposed(self)
            if activate:  # keys go where the focus is, as on a desktop
                self.activateWindow()
                qtbot.waitUntil(self.isActiveWindow, timeout=2000)
            seen.append(self)
            steps(self)
            if self.isVisible():
                self.reject()
            return self.result()

        monkeypatch.setattr(cls, "exec", run)
        return seen

    return install
