"""Fixtures for the window tests: settings in a temp ini, a context with a fixed date,
a main window on a real file, and a clean slate (language, style) after each test."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop.context import AppContext
from desktop.i18n import set_language

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _reset_language_and_style(qapp):
    """Language and the app font are process-wide: start from the defaults, put them back after."""
    from ui import style

    set_language("ja")
    style.apply(qapp, False)
    yield
    set_language("ja")
    style.apply(qapp, False)


@pytest.fixture
def settings(_isolated_user_dirs):
    """Settings in a temp .ini (TSUNAGARI_DATA_DIR points to a fresh folder per test)."""
    from desktop.settings import Settings

    s = Settings()
    assert str(_isolated_user_dirs) in s.file_name
    return s


@pytest.fixture
def context(store, settings, password):
    return AppContext(store=store, settings=settings, clock=lambda: TODAY, password=password)


@pytest.fixture
def main_window(qtbot, context, add_window):
    """The window on the `store` fixture's file; the store fixture closes the file."""
    from ui.main_window import MainWindow

    window = MainWindow(context)
    add_window(window, close_store=False)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def add_window(qtbot):
    """qtbot.addWidget for a MainWindow: when pytest-qt closes it at teardown, the file is
    closed first without the background backup (which would outlive the test)."""

    def add(window, close_store: bool = True):
        def before_close(w):
            store, w.context.store = w.context.store, None
            if store is not None and close_store:
                store.close(auto_backup=False)

        qtbot.addWidget(window, before_close_func=before_close)
        return window

    return add


@pytest.fixture
def close_and_wait(qtbot):
    """Close a window and wait for its background backup and the file to close."""

    def close(window, timeout=10000):
        window.close()
        qtbot.waitUntil(lambda: window.closed, timeout=timeout)

    return close


@pytest.fixture
def type_text(qtbot):
    """Type like a person: ASCII with key clicks, Japanese as an IME commit.

    QTest.keyClicks asserts on non-ASCII characters (qasciikey.cpp), and a Japanese user
    types kanji through an input method anyway, so that is what we send.
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def type_(widget, text: str) -> None:
        widget.setFocus()
        chunk = ""
        for ch in text + "\0":
            if ch != "\0" and ch.isascii() == (chunk[:1].isascii() if chunk else ch.isascii()):
                chunk += ch
                continue
            if chunk.isascii():
                qtbot.keyClicks(widget, chunk)
            else:
                event = QInputMethodEvent()
                event.setCommitString(chunk)
                QApplication.sendEvent(widget, event)
            chunk = ch if ch != "\0" else ""

    return type_


@pytest.fixture(autouse=True)
def _discard_answers(monkeypatch):
    """Closing a form with typed changes asks first (ui.dialogs.DiscardGuard, and the 設定
    page's 町会の情報 before the window leaves the page or closes). A modal box would block
    the test, so the answer is recorded here: tests append False to keep the form open, and
    read `asked` to see that the question came and `texts` for what it said."""
    from ui import dialogs

    answers = {"asked": 0, "next": [], "texts": []}

    def confirm_discard(parent, text="", discard="", detail=""):
        answers["asked"] += 1
        answers["texts"].append((text, discard, detail))
        return answers["next"].pop(0) if answers["next"] else True

    monkeypatch.setattr(dialogs, "confirm_discard", confirm_discard)
    return answers


@pytest.fixture
def messages(monkeypatch):
    """Record show_error/show_info as ("error"|"info", text, detail) instead of opening modal boxes."""
    from ui import dialogs

    seen = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, detail="", title="": seen.append(("error", text, detail)))
    monkeypatch.setattr(dialogs, "show_info", lambda parent, text, detail="", title="": seen.append(("info", text, detail)))
    return seen


@pytest.fixture
def start(add_window):
    """Start the app as `tsunagari` does with `argv` (the welcome flow included); the window,
    if one opens, is closed at the end of the test. Returns (window, context)."""
    from desktop.gui import build_app

    def start_(argv):
        _app, window, context = build_app(argv, install_hook=False)
        if window is not None:
            add_window(window)
        return window, context

    return start_
