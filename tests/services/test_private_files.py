"""Exports and saved PDFs hold personal data outside the encrypted file: owner-only from
their first byte, never left half-written under a readable name, and what a killed run left
is cleared by the next one."""
from __future__ import annotations

import datetime as dt
import os
import stat
import time

import pytest

from desktop import private_files
from desktop.printing import jobs
from desktop.services import exporter, roster

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def someone(store):
    h, _ = roster.save_household({"address1": "東京都港区芝1-1-1", "landline": "0354710001"})
    roster.save_person({"household": h.id, "family_name": "漏洩", "given_name": "太郎", "family_reading": "ろうえい"})


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_is_owner_only_while_it_is_written(someone, tmp_path, monkeypatch, suffix):
    """Killed mid-write, the half-written file must not be readable by others: it is 0600
    from the start (it was made 0644 and chmod-ed only at the end), and openpyxl's sheet
    files sit in a 0700 folder of ours."""
    os.umask(0o022)
    seen = {}
    if suffix == ".csv":
        real = exporter._write_csv

        def spy(path, rows, encoding):
            seen["part"] = (path.name, _mode(path))
            return real(path, rows, encoding)

        monkeypatch.setattr(exporter, "_write_csv", spy)
    else:
        from openpyxl.worksheet import _writer

        real = _writer.create_temporary_file

        def spy(*a, **k):
            name = real(*a, **k)
            folder = os.path.dirname(name)
            seen["part"] = (os.path.basename(folder), stat.S_IMODE(os.stat(folder).st_mode))
            return name

        monkeypatch.setattr(_writer, "create_temporary_file", spy)
    folder = tmp_path / "usb"
    folder.mkdir()
    out = exporter.export(folder / f"roster{suffix}").path
    name, mode = seen["part"]
    assert name.startswith((".roster", private_files.TEMP_PREFIX))
    assert mode in (0o600, 0o700)
    assert _mode(out) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == [f"roster{suffix}"]  # nothing else left


def test_a_saved_pdf_is_owner_only(demo_store, tmp_path):
    """The register saved as PDF (names, health reasons) is 0600 like an export (it was 0644)."""
    os.umask(0o022)
    job = jobs.prepare(jobs.JobRequest("register"), today=dt.date(2026, 11, 28))
    (tmp_path / "pdf").mkdir()
    out = tmp_path / "pdf" / "register.pdf"
    jobs.output(job, out, today=dt.date(2026, 11, 28))
    assert out.read_bytes().startswith(b"%PDF") and _mode(out) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == ["register.pdf"]


def test_what_a_killed_run_left_is_cleared_and_nothing_else(someone, tmp_path):
    """A stale hidden part file and private temp folder of ours go at the next export to that
    folder; a young one (a run in progress), and files that are not ours, stay."""
    tmp_path = tmp_path / "usb"
    tmp_path.mkdir()
    old = time.time() - 2 * private_files.STALE_AFTER_S
    stale_part = tmp_path / f".roster.csv{private_files.PART_SUFFIX}"
    stale_dir = tmp_path / f"{private_files.TEMP_PREFIX}abc"
    young_part = tmp_path / f".other.xlsx{private_files.PART_SUFFIX}"
    theirs = [tmp_path / "download.xlsx.part", tmp_path / "notes.txt"]
    stale_dir.mkdir()
    (stale_dir / "openpyxl.xyz").write_text("<sheet>漏洩</sheet>")
    for p in (stale_part, young_part, *theirs):
        p.write_text("x")
    for p in (stale_part, stale_dir, *theirs):
        os.utime(p, (old, old))
    exporter.export(tmp_path / "roster.csv")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["roster.csv", young_part.name, "download.xlsx.part", "notes.txt"])
