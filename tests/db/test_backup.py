"""Encrypted backups, pruning and restore."""
from __future__ import annotations

from pathlib import Path

import pytest

from db import backup as backups
from db import models as m
from db.database import CorruptDatabase, WrongPassword
from db.store import Store


BEFORE = "前川テスト用暗号化確認氏名"


def test_backup_and_restore_round_trip(db_path, password, tmp_path):
    """Restore brings back the data as it was at backup time; the replaced file is kept."""
    s = Store.open(db_path, password, create=True, name="町会")
    m.Person.create(family_name=BEFORE)
    made = s.backup(tmp_path / "usb")
    m.Person.create(family_name="後")
    s.close(auto_backup=False)
    assert not made.read_bytes().startswith(b"SQLite format 3")
    # a long name: three bytes of one kanji turn up in random ciphertext now and then (a flaky test)
    assert BEFORE.encode() not in made.read_bytes()

    safety = backups.restore_file(db_path, made, password)
    assert safety is not None and safety.exists()
    s = Store.open(db_path, password)
    try:
        assert [p.family_name for p in m.Person.select()] == [BEFORE]
    finally:
        s.close(auto_backup=False)


def test_automatic_backup_on_close_keeps_the_last_ten(db_path, password):
    """Each close writes an automatic backup; only the newest ten automatic ones stay."""
    for i in range(12):
        s = Store.open(db_path, password, create=(i == 0), name="町会")
        m.Person.create(family_name=f"人{i}")
        s.close()
    autos = backups.list_backups(db_path.parent / "backups", db_path.stem)
    assert len(autos) == 10
    s = Store.open(autos[0], password)  # the newest holds all twelve people
    try:
        assert m.Person.select().count() == 12
    finally:
        s.close(auto_backup=False)


def test_restore_refuses_a_bad_backup_and_keeps_the_file(db_path, password, tmp_path):
    """A damaged or wrongly keyed backup is refused before the live file is touched."""
    s = Store.open(db_path, password, create=True, name="町会")
    m.Person.create(family_name="残る人")
    good = s.backup(tmp_path / "b")
    s.close(auto_backup=False)
    before = db_path.read_bytes()

    broken = tmp_path / "broken.backup.db"
    data = bytearray(good.read_bytes())
    for off in range(5000, 5100):
        data[off] ^= 0x55
    broken.write_bytes(bytes(data))
    with pytest.raises((CorruptDatabase, WrongPassword)):
        backups.restore_file(db_path, broken, password)
    with pytest.raises(WrongPassword):
        backups.restore_file(db_path, good, "another-password")
    assert db_path.read_bytes() == before


def test_backups_of_a_file_are_not_those_of_a_file_with_a_longer_name(db_path, password):
    """town.tsunagari and town-old.tsunagari share a folder: pruning town's automatic backups
    never deletes town's newest one for town-old's, nor town-old's at all."""
    other = db_path.with_name(db_path.stem + "-old.tsunagari")
    for path in (other, db_path):
        s = Store.open(path, password, create=True, name="町会")
        for i in range(12):
            m.Block.create(name=f"{i}班")
            s.backup(label="auto")
            backups.prune(s.backup_dir, path.stem)
        s.close(auto_backup=False)
    folder = backups.default_backup_dir(db_path)
    mine = backups.list_backups(folder, db_path.stem)
    theirs = backups.list_backups(folder, other.stem)
    assert len(mine) == 10 and len(theirs) == 10 and not set(mine) & set(theirs)


def test_restore_keeps_changes_a_crash_left_in_the_wal(db_path, password, tmp_path):
    """A process that committed and then died leaves the change in the -wal file. Restoring an
    older backup over it keeps that change in the safety copy (which then opens whole)."""
    import subprocess
    import sys

    s = Store.open(db_path, password, create=True, name="町会")
    old = s.backup(tmp_path / "older")
    s.close(auto_backup=False)
    code = (
        "import os, sys\n"
        "from db.store import Store\nfrom db import models as m\n"
        f"s = Store.open({str(db_path)!r}, {password!r})\n"
        "m.Person.create(family_name='クラッシュ', family_reading='くらっしゅ')\n"
        "os._exit(0)  # no close, no checkpoint: as if the power went\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
    assert Path(str(db_path) + "-wal").stat().st_size > 0
    Path(str(db_path) + ".lock").unlink(missing_ok=True)
    safety = backups.restore_file(db_path, old, password)
    s = Store.open(safety, password)
    try:
        assert m.Person.select().where(m.Person.family_name == "クラッシュ").exists()
    finally:
        s.close(auto_backup=False)
    assert not list(safety.parent.glob("*.part"))


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_password_change_the_disk_refuses_is_not_called_done(db_path, password, tmp_path):
    """Re-keying on a full disk (a child process that may not grow a file past 300 KB): the
    change is reported as not made, and the old password still opens the file with its data."""
    import subprocess
    import sys

    from db.database import key_opens

    s = Store.open(db_path, password, create=True, name="町会")
    m.Block.insert_many([{"name": f"{i}班" + "あ" * 200} for i in range(3000)]).execute()
    s.close(auto_backup=False)
    assert db_path.stat().st_size > 600_000
    code = (
        "import resource, signal, sys\n"
        "from db.store import Store\nfrom db.database import change_password, PasswordNotChanged\n"
        f"s = Store.open({str(db_path)!r}, {password!r})\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))\n"
        "try:\n    change_password('a-new-password-2')\nexcept Exception as exc:\n    print(type(exc).__name__)\n"
        "else:\n    print('changed')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=Path(__file__).resolve().parents[2])
    assert "changed" not in r.stdout.split(), (r.stdout, r.stderr)
    Path(str(db_path) + ".lock").unlink(missing_ok=True)
    assert key_opens(db_path, password) and not key_opens(db_path, "a-new-password-2")
    s = Store.open(db_path, password)
    try:
        assert m.Block.select().count() == 3000
    finally:
        s.close(auto_backup=False)


def test_restore_names_what_is_wrong_with_the_chosen_file(db_path, password, tmp_path):
    """A CSV chosen as the backup is 'not ours', a copy cut short is 'damaged'; neither is
    called a wrong password, and the live file is untouched."""
    from db.database import NotOurFile

    s = Store.open(db_path, password, create=True, name="町会")
    m.Block.insert_many([{"name": f"{i}班" + "あ" * 200} for i in range(3000)]).execute()
    made = s.backup(tmp_path / "usb")
    s.close(auto_backup=False)
    csv = tmp_path / "roster.csv"
    csv.write_text("氏名,ふりがな\n山田 太郎,やまだ たろう\n", encoding="utf-8")
    cut = tmp_path / "cut.backup.db"
    cut.write_bytes(made.read_bytes()[:100_000])
    with pytest.raises(NotOurFile):
        backups.restore_file(db_path, csv, password)
    with pytest.raises(CorruptDatabase):
        backups.restore_file(db_path, cut, password)
    s = Store.open(db_path, password)
    try:
        assert m.Block.select().count() == 3000
    finally:
        s.close(auto_backup=False)


def test_half_copies_left_by_a_killed_backup_are_cleared_by_the_next(db_path, password):
    s = Store.open(db_path, password, create=True, name="町会")
    folder = backups.default_backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / f"{db_path.stem}-20260101-120000-000-auto.backup.db.part"
    other = folder / f"{db_path.stem}-old-20260101-120000-000-auto.backup.db.part"  # another file's
    stale.write_bytes(b"x" * 1000)
    other.write_bytes(b"x" * 1000)
    s.backup(label="manual")
    s.close(auto_backup=False)
    assert not stale.exists() and other.exists()


def _fake_backup(folder: Path, stem: str, when, label: str) -> Path:
    """A file named like a backup taken at `when`, with that mtime: pruning reads names only."""
    import os

    path = folder / f"{stem}-{when:%Y%m%d-%H%M%S}-000{('-' + label) if label else ''}{backups.SUFFIX}"
    path.write_bytes(b"\0" * 64)
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def test_prune_keeps_the_newest_ten_of_each_automatic_kind_and_every_manual_one(tmp_path):
    """Fifteen of each kind, two days apart: the five oldest auto, before-restore,
    before-password-change and before-migration (all versions together) go; manual copies,
    unlabelled ones and town-old's files all stay."""
    import datetime as dt

    folder = tmp_path / "backups"
    folder.mkdir()
    start = dt.datetime(2025, 1, 1, 9, 0, 0)
    made: dict[str, list[Path]] = {}
    for i in range(15):
        when = start + dt.timedelta(days=2 * i, minutes=i)
        for label in ("auto", "before-restore", "before-password-change", f"before-migration-v{i % 3 + 2}",
                      "manual", ""):
            made.setdefault(label if not label.startswith("before-migration") else "before-migration", []).append(
                _fake_backup(folder, "town", when, label))
        made.setdefault("other", []).append(_fake_backup(folder, "town-old", when, "before-restore"))
        made["other"].append(_fake_backup(folder, "town-old", when, "auto"))

    removed = backups.prune(folder, "town")

    for kind in ("auto", "before-restore", "before-password-change", "before-migration"):
        oldest_first = made[kind]
        assert not any(p.exists() for p in oldest_first[:5]), kind
        assert all(p.exists() for p in oldest_first[5:]), kind
    assert sorted(removed) == sorted(p for k in ("auto", "before-restore", "before-password-change",
                                                 "before-migration") for p in made[k][:5])
    for kind in ("manual", "", "other"):
        assert all(p.exists() for p in made[kind]), kind
    assert backups.prune(folder, "town") == []  # a second prune finds nothing more to do


def test_repeated_restores_do_not_fill_the_folder(db_path, password, tmp_path):
    """Each restore keeps a before-restore copy of the file it replaced; twelve restores leave
    the newest ten of them, and the manual backup restored from is never touched."""
    s = Store.open(db_path, password, create=True, name="町会")
    made = s.backup(label="manual")
    s.close(auto_backup=False)
    for _i in range(12):
        backups.restore_file(db_path, made, password)
    folder = backups.default_backup_dir(db_path)
    assert len(list(folder.glob(f"*-before-restore{backups.SUFFIX}"))) == 10
    assert made.exists()


def test_the_password_change_copies_are_pruned_and_listed(db_path, password):
    """Backups taken before a password change (and before a migration, whose label has a
    digit) are listed for restore and kept to the newest ten."""
    s = Store.open(db_path, password, create=True, name="町会")
    try:
        for _i in range(12):
            s.backup(label="before-password-change")
        s.backup(label="before-migration-v7")
    finally:
        s.close(auto_backup=False)
    found = backups.list_backups(backups.default_backup_dir(db_path), db_path.stem)
    assert sum(p.name.endswith(f"-before-password-change{backups.SUFFIX}") for p in found) == 10
    assert any(p.name.endswith(f"-before-migration-v7{backups.SUFFIX}") for p in found)


def test_a_summary_tells_a_files_backups_from_another_files(db_path, password, tmp_path):
    """A backup holds the same association as its file, renamed or not; a file made apart,
    even under the same name, holds another (what a restore warns about)."""
    s = Store.open(db_path, password, create=True, name="町会")
    m.Person.create(family_name="山田")
    made = s.backup(tmp_path / "usb")
    m.Association.update(name="新しい名前").execute()
    now = backups.open_summary()
    s.close(auto_backup=False)
    other = Store.open(tmp_path / "other.tsunagari", password, create=True, name="新しい名前")
    other.close(auto_backup=False)

    then = backups.summary(made, password)
    assert (then.name, then.people, now.name, now.people) == ("町会", 1, "新しい名前", 1)
    assert backups.same_association(then, now)
    assert not backups.same_association(backups.summary(tmp_path / "other.tsunagari", password), now)
    assert backups.summary(made, "not-the-password") is None


def test_a_backup_cut_short_is_damaged_whatever_the_password(db_path, password, tmp_path):
    """A copy that is not a whole number of 4096-byte pages (or shorter than one) is damaged
    before any key is tried: not "a wrong password" for the right one, and no password question."""
    from db.database import PAGE_SIZE, is_cut_short

    s = Store.open(db_path, password, create=True, name="町会")
    m.Block.insert_many([{"name": f"{i}班" + "あ" * 200} for i in range(1000)]).execute()
    made = s.backup(tmp_path / "usb")
    s.close(auto_backup=False)
    data = made.read_bytes()
    assert len(data) % PAGE_SIZE == 0 and not is_cut_short(made)
    for size in (0, 1000, PAGE_SIZE - 1, len(data) - 100):
        cut = tmp_path / f"cut{size}.backup.db"
        cut.write_bytes(data[:size])
        assert is_cut_short(cut)
        for key in (password, "another-password"):
            assert not backups.wrong_password_for(cut, key)
            with pytest.raises(CorruptDatabase):
                backups.verify_backup(cut, key)


def test_a_restore_into_no_file_keeps_the_backups_password(db_path, password, tmp_path):
    """Without a file at the target there is no password in use to re-key the copy to: asked
    for one, restore_file refuses and writes nothing; without, the copy opens as the backup did."""
    from db.backup import NoFileToKeepPasswordOf

    s = Store.open(db_path, password, create=True, name="町会")
    m.Person.create(family_name="山田")
    made = s.backup(tmp_path / "usb")
    s.close(auto_backup=False)
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    with pytest.raises(NoFileToKeepPasswordOf):
        backups.restore_file(laptop / "a.tsunagari", made, password, live_password="a-typo-typo")
    assert list(laptop.iterdir()) == []
    assert backups.restore_file(laptop / "a.tsunagari", made, password) is None
    with Store.open(laptop / "a.tsunagari", password):
        assert m.Person.select().count() == 1


@pytest.mark.parametrize("name, folder, expected", [
    ("town-20261128-140501-123-manual.backup.db", "usb", "town.tsunagari"),
    ("town-old-20261128-140501-123-before-migration-v3.backup.db", "usb", "town-old.tsunagari"),
    ("TOWN.BACKUP.DB", "usb", "TOWN.tsunagari"),
    ("renamed.tsunagari", "backups", "renamed.tsunagari"),
    (".backup.db", "usb", "association.tsunagari"),
])
def test_what_counts_as_a_backup_and_the_file_it_becomes(tmp_path, name, folder, expected):
    """A name ending in .backup.db, or any file in a backups folder, is a backup; it becomes
    <its association file's name>.tsunagari in the data folder."""
    path = tmp_path / folder / name
    assert backups.is_backup_file(path)
    assert backups.restore_target(path, tmp_path / "data") == tmp_path / "data" / expected


def test_an_association_file_elsewhere_is_not_a_backup(tmp_path):
    """A .tsunagari file outside a backups folder is opened where it is (a person may keep it anywhere)."""
    assert not backups.is_backup_file(tmp_path / "usb" / "town.tsunagari")
    assert not backups.is_backup_file(tmp_path / "Documents" / "backup.tsunagari")
