"""Shared fixtures. Qt runs offscreen; every database is a real SQLCipher file in tmp_path."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest  # noqa: E402

from db.store import Store  # noqa: E402

TEST_PASSWORD = "test-password-1"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep settings, logs and data of every test away from the real user directories."""
    home = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("TSUNAGARI_DATA_DIR", str(home))
    monkeypatch.delenv("TSUNAGARI_PASSWORD", raising=False)
    yield home


@pytest.fixture(autouse=True, scope="session")
def _guard_pyside_none_leak():
    """The app pins None's refcount when PySide6 leaks it (desktop/qt_guard.py); tests that
    build widgets without build_app need the same guard, or a long run aborts."""
    try:
        from desktop.qt_guard import guard_none_refcount
    except ImportError:
        return
    guard_none_refcount()


@pytest.fixture(autouse=True, scope="session")
def _gc_on_the_gui_thread(qapp):
    """As in the app (desktop/gui.py): the cyclic GC runs only from a timer on the GUI thread,
    so a worker thread never frees Qt objects."""
    from desktop.qt_guard import collect_garbage_on_main_thread

    assert collect_garbage_on_main_thread()


@pytest.fixture(autouse=True)
def _quiet_teardown():
    """After each test: let background tasks finish, then collect garbage while no worker
    runs. A cyclic-GC pass that freed a previous test's Qt objects while an export ran in the
    worker thread crashed one random-order run (segfault in the main thread's GC)."""
    yield
    import gc
    import sys

    tasks = sys.modules.get("desktop.tasks")
    if tasks is not None and getattr(tasks, "_pool", None) is not None:
        tasks.wait_for_tasks(30000)
    gc.collect()


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "assoc.tsunagari"


@pytest.fixture
def store(db_path, password):
    """An empty, open association file on disk."""
    s = Store.open(db_path, password, create=True, name="テスト町会")
    yield s
    s.close(auto_backup=False)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A demo database written once per session; copy it with `demo_store`."""
    from desktop.services import demo

    path = tmp_path_factory.mktemp("demo") / "demo.tsunagari"
    s = Store.open(path, TEST_PASSWORD, create=True, name=demo.ASSOCIATION_NAME)
    demo.generate(people=300, seed=20261128)
    s.close(auto_backup=False)
    return path


@pytest.fixture
def demo_store(demo_template, tmp_path):
    """An open copy of the demo association (300 people, 8 blocks)."""
    import shutil

    path = tmp_path / "demo.tsunagari"
    shutil.copyfile(demo_template, path)
    s = Store.open(path, TEST_PASSWORD)
    yield s
    s.close(auto_backup=False)


class FullDisk:
    """The open file's disk as SQLite sees it. `fill()` stops the file from growing by one page
    (PRAGMA max_page_count), so a write that needs a new page fails with SQLITE_FULL exactly as
    on a full disk, and SQLite rolls it back; `free()` lets the file grow again."""

    UNLIMITED = 1073741823  # SQLite's default maximum

    def fill(self, spare_pages: int = 0) -> None:
        from db.database import db

        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        db.execute_sql(f"PRAGMA max_page_count = {pages + spare_pages}")

    def free(self) -> None:
        from db.database import db

        if not db.is_closed():
            db.execute_sql(f"PRAGMA max_page_count = {self.UNLIMITED}")


@pytest.fixture
def full_disk():
    """A disk the test fills and frees (see FullDisk); always freed again afterwards."""
    disk = FullDisk()
    yield disk
    disk.free()
