"""Files that hold personal data outside the encrypted database: exports and saved PDFs.

They are readable by their owner only from the moment they exist (not chmod-ed at the end,
which a killed process never reaches), are written under a temporary name that is clearly
ours, and a later run clears what a killed one left behind. Qt-free.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PART_SUFFIX = ".tsunagari-part"  # a file being written: .<name>.tsunagari-part beside the target
TEMP_PREFIX = ".tsunagari-tmp-"  # a private folder for a library's own temporary files
STALE_AFTER_S = 3600  # older than this, a temporary file of ours is left from a killed run


def part_path(target: Path) -> Path:
    """Where `target` is written before it gets its real name (hidden, and named as ours)."""
    return target.with_name(f".{target.name}{PART_SUFFIX}")


def create_private(path: Path) -> None:
    """Create (or empty) `path` with mode 0600 before any personal data goes into it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_CREAT
    finally:
        os.close(fd)


def write_private_bytes(path: Path, data: bytes) -> None:
    create_private(path)
    with open(path, "r+b") as fh:
        fh.write(data)


@contextlib.contextmanager
def private_temp_dir(folder: Path) -> Iterator[Path]:
    """A folder of our own (0700) inside `folder`, removed afterwards."""
    made = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=folder))
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)


def sweep_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove what a killed export or save left in `folder`: our hidden .tsunagari-part files
    and .tsunagari-tmp- folders older than an hour (a run in progress is younger). Names
    that are not ours are never touched. Returns what was removed."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for p in entries:
        ours = (p.name.startswith(".") and p.name.endswith(PART_SUFFIX)) or p.name.startswith(TEMP_PREFIX)
        if not ours:
            continue
        try:
            if now - p.lstat().st_mtime < STALE_AFTER_S:
                continue
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
            removed.append(p)
        except OSError:
            continue
    return removed
