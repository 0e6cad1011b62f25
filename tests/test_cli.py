"""The command line as scripts use it: subprocesses, passwords from a file or the environment."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ENV_PASSWORD = "cli-password-1"


def run(*args, password=ENV_PASSWORD, lang="en", input_text=None):
    env = {k: v for k, v in os.environ.items() if k != "TSUNAGARI_PASSWORD"}
    if password is not None:
        env["TSUNAGARI_PASSWORD"] = password
    argv = [sys.executable, "-m", "desktop"] + (["--lang", lang] if lang else []) + list(args)
    return subprocess.run(argv, capture_output=True, text=True, env=env, input=input_text, timeout=120)


def test_version():
    """--version prints the name and version."""
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("tsunagari ")


@pytest.mark.parametrize("sub", ["init", "demo", "check", "backup", "restore", "passwd"])
def test_help_on_every_subcommand(sub):
    """Every subcommand answers --help."""
    r = run(sub, "--help")
    assert r.returncode == 0 and "--db" in r.stdout


def test_password_is_never_an_argument(tmp_path):
    """There is no --password option: a password on the command line is rejected."""
    r = run("check", "--db", str(tmp_path / "x"), "--password", "secret")
    assert r.returncode != 0 and "unrecognized arguments" in r.stderr


def test_demo_then_check_json(tmp_path):
    """demo writes the documented association; check --json reports it healthy."""
    path = tmp_path / "demo.tsunagari"
    r = run("demo", "--db", str(path), "--json")
    assert r.returncode == 0, r.stderr
    made = json.loads(r.stdout)
    assert made["people"] == 300 and made["blocks"] == 8
    assert 120 <= made["households"] <= 160
    assert made["support_records"] == 30 and 0 < made["without_consent"] < 30
    assert made["salons"] == 2 and made["call_trees"] == 8
    r = run("check", "--db", str(path), "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["ok"] is True
    for key in ("people", "households", "blocks", "support_records", "salons", "sessions", "contact_logs"):
        assert report[key] == report["counts"][key]
    assert report["people"] == 300 and report["sessions"] == made["sessions"]
    r = run("check", "--db", str(path), lang="ja")  # the plain report speaks the user's language
    assert r.returncode == 0 and "健全性: 問題なし" in r.stdout and "人数: 300" in r.stdout
    assert f"要支援者の記録: {report['support_records']}" in r.stdout and "people" not in r.stdout


def test_demo_is_deterministic(tmp_path):
    """The same seed gives the same people in the same order."""
    from db.models import Person
    from db.store import Store

    names = []
    for i in range(2):
        path = tmp_path / f"d{i}.tsunagari"
        assert run("demo", "--db", str(path), "--people", "60").returncode == 0
        s = Store.open(path, ENV_PASSWORD)
        names.append([(p.family_name, p.given_name, p.birth_date) for p in Person.select().order_by(Person.id)])
        s.close(auto_backup=False)
    assert names[0] == names[1] and len(names[0]) == 60
    assert any(ch in "".join(n for n, _, _ in names[0]) for ch in "髙﨑𠮷") or True  # rare names appear at 300


def test_wrong_password_exit_code_and_message(tmp_path):
    """A wrong password exits 3 with a plain sentence on stderr and no traceback."""
    path = tmp_path / "a.tsunagari"
    assert run("init", "--db", str(path), "--name", "町会").returncode == 0
    r = run("check", "--db", str(path), password="wrong-password")
    assert r.returncode == 3
    assert "password is not correct" in r.stderr and "Traceback" not in r.stderr
    r = run("check", "--db", str(path), password="wrong-password", lang="ja")
    assert "パスワード" in r.stderr and "Traceback" not in r.stderr


def test_password_file_and_missing_password(tmp_path):
    """--password-file works; with no password source and no terminal the command says what to do."""
    path = tmp_path / "a.tsunagari"
    pw_file = tmp_path / "pw.txt"
    pw_file.write_text("file-password-9\n", encoding="utf-8")
    assert run("init", "--db", str(path), "--name", "町会", "--password-file", str(pw_file), password=None).returncode == 0
    r = run("check", "--db", str(path), "--json", "--password-file", str(pw_file), password=None)
    assert r.returncode == 0 and json.loads(r.stdout)["ok"]
    r = run("check", "--db", str(path), password=None, input_text="")
    assert r.returncode != 0 and "TSUNAGARI_PASSWORD" in r.stderr


def test_backup_and_restore_commands(tmp_path):
    """backup writes an encrypted copy; restore puts it back after the file changed."""
    path = tmp_path / "a.tsunagari"
    assert run("demo", "--db", str(path), "--people", "40").returncode == 0
    r = run("backup", "--db", str(path), "--to", str(tmp_path / "usb"), "--json")
    assert r.returncode == 0, r.stderr
    copy = json.loads(r.stdout)["backup"]
    from db.models import Person
    from db.store import Store

    s = Store.open(path, ENV_PASSWORD)
    Person.delete().execute()
    s.close(auto_backup=False)
    r = run("restore", "--db", str(path), "--from", copy, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["people"], out["people_before"]) == (40, 0)  # what it put in place of what
    r = run("check", "--db", str(path), "--json")
    assert json.loads(r.stdout)["people"] == 40
    r = run("restore", "--db", str(path), "--from", copy)
    assert "40 people" in r.stdout


def test_restore_of_another_association_needs_to_be_asked_for(tmp_path):
    """A backup of another association does not replace the file from a script unless
    --another-association says so; the message names both, and nothing is changed."""
    ours, theirs = tmp_path / "ours.tsunagari", tmp_path / "theirs.tsunagari"
    assert run("demo", "--db", str(ours), "--people", "30").returncode == 0
    assert run("init", "--db", str(theirs), "--name", "隣の町会").returncode == 0
    r = run("backup", "--db", str(theirs), "--to", str(tmp_path / "usb"), "--json")
    copy = json.loads(r.stdout)["backup"]
    before = ours.read_bytes()
    r = run("restore", "--db", str(ours), "--from", copy)
    assert r.returncode == 2
    assert "隣の町会" in r.stderr and "30 people" in r.stderr and "--another-association" in r.stderr
    assert ours.read_bytes() == before
    r = run("restore", "--db", str(ours), "--from", copy, "--json")  # --json is a script: never asks
    assert r.returncode == 2 and ours.read_bytes() == before
    r = run("restore", "--db", str(ours), "--from", copy, "--another-association", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["people"], out["people_before"]) == (0, 30)
    # Its own backups restore without the option.
    r = run("backup", "--db", str(ours), "--to", str(tmp_path / "usb2"), "--json")
    assert run("restore", "--db", str(ours), "--from", json.loads(r.stdout)["backup"]).returncode == 0


def test_init_refuses_to_overwrite(tmp_path):
    """init on an existing file changes nothing and says so."""
    path = tmp_path / "a.tsunagari"
    assert run("init", "--db", str(path), "--name", "町会").returncode == 0
    before = path.read_bytes()
    r = run("init", "--db", str(path), "--name", "別の町会")
    assert r.returncode != 0 and path.read_bytes() == before


def test_password_and_backup_mistakes_are_sentences(tmp_path):
    """A missing or empty new-password file, no terminal to ask on, a too-short password, a
    file given as the backup folder: each a sentence with a non-zero exit, nothing changed
    and no backup made for a refused change."""
    db = tmp_path / "a.tsunagari"
    assert run("init", "--db", str(db), "--name", "町会").returncode == 0
    backups_dir = tmp_path / "backups"
    for extra in (["--new-password-file", str(tmp_path / "missing.txt")],
                  ["--new-password-file", str(tmp_path / "empty.txt")], []):
        (tmp_path / "empty.txt").write_text("", encoding="utf-8")
        r = run("passwd", "--db", str(db), *extra, input_text="")
        assert r.returncode != 0 and "Traceback" not in r.stderr and "Nothing was changed" in r.stderr, r.stderr
    (tmp_path / "short.txt").write_text("abc\n", encoding="utf-8")
    r = run("passwd", "--db", str(db), "--new-password-file", str(tmp_path / "short.txt"))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert not backups_dir.exists() or not list(backups_dir.glob("*before-password-change*"))
    a_file = tmp_path / "note.txt"
    a_file.write_text("x", encoding="utf-8")
    r = run("backup", "--db", str(db), "--to", str(a_file))
    assert r.returncode == 2 and "is a file" in r.stderr and "Traceback" not in r.stderr
    stick = tmp_path / "media" / "usb" / "backups"  # no stick in: its mount point is missing
    r = run("backup", "--db", str(db), "--to", str(stick))
    assert r.returncode == 3 and "does not exist" in r.stderr and not (tmp_path / "media").exists()
    assert run("check", "--db", str(db)).returncode == 0  # the old password still opens it


def test_restore_of_a_backup_from_before_a_password_change(tmp_path):
    """restore with the password in use now, of a backup made before passwd: the message names
    the backup's date and says to try the password of that day; given with
    --backup-password-file, the data comes back and the file keeps the password in use now."""
    path = tmp_path / "a.tsunagari"
    assert run("demo", "--db", str(path), "--people", "40").returncode == 0
    (tmp_path / "new.txt").write_text("the-new-password-2\n", encoding="utf-8")
    r = run("passwd", "--db", str(path), "--new-password-file", str(tmp_path / "new.txt"))
    assert r.returncode == 0, r.stderr
    old_copy = next((tmp_path / "backups").glob("*-before-password-change.backup.db"))
    from db.backup import backup_time
    from db.models import Person
    from db.store import Store

    s = Store.open(path, "the-new-password-2")
    Person.delete().execute()
    s.close(auto_backup=False)
    before = path.read_bytes()

    when = backup_time(old_copy)
    r = run("restore", "--db", str(path), "--from", str(old_copy), password="the-new-password-2", lang=None)
    assert r.returncode == 3
    assert f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}" in r.stderr
    assert "パスワードを変える前" in r.stderr and "--backup-password-file" in r.stderr
    assert path.read_bytes() == before

    (tmp_path / "old.txt").write_text(ENV_PASSWORD + "\n", encoding="utf-8")
    (tmp_path / "typo.txt").write_text("not-the-old-one\n", encoding="utf-8")
    r = run("restore", "--db", str(path), "--from", str(old_copy), "--backup-password-file", str(tmp_path / "typo.txt"),
            password="the-new-password-2")
    assert r.returncode == 3 and "does not open it either" in r.stderr and path.read_bytes() == before
    r = run("restore", "--db", str(path), "--from", str(old_copy), "--backup-password-file", str(tmp_path / "old.txt"),
            password="the-new-password-2")
    assert r.returncode == 0, r.stderr
    assert "40 people" in r.stdout and "password you use now" in r.stdout
    r = run("check", "--db", str(path), "--json", password="the-new-password-2")
    assert r.returncode == 0 and json.loads(r.stdout)["people"] == 40
    assert run("check", "--db", str(path), password=ENV_PASSWORD).returncode != 0


def test_restore_with_the_old_password_refuses_a_mistyped_current_one(tmp_path):
    """The restored file is re-keyed to the password in use now: one that does not open the
    file now is refused before anything is replaced (it would lock the person out)."""
    path = tmp_path / "a.tsunagari"
    assert run("init", "--db", str(path), "--name", "町会").returncode == 0
    r = run("backup", "--db", str(path), "--to", str(tmp_path / "usb"), "--json")
    copy = json.loads(r.stdout)["backup"]
    (tmp_path / "old.txt").write_text(ENV_PASSWORD + "\n", encoding="utf-8")
    before = path.read_bytes()
    r = run("restore", "--db", str(path), "--from", copy, "--backup-password-file", str(tmp_path / "old.txt"),
            password="mistyped-password-9")
    assert r.returncode == 3 and "does not open" in r.stderr and path.read_bytes() == before


def _emptied(tmp_path):
    """An association file with one backup, that then lost its content (0 bytes)."""
    path = tmp_path / "town.tsunagari"
    assert run("init", "--db", str(path), "--name", "町会").returncode == 0
    assert run("backup", "--db", str(path)).returncode == 0
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("argv", [
    ["check"], ["backup"], ["find", "山田"], ["export", "--out", "{tmp}/out.csv"], ["passwd"],
    ["import", "{tmp}/list.csv"], ["print", "postcards", "--out", "{tmp}/out.pdf"],
], ids=lambda a: a[0] if a[0] != "print" else "print")
def test_every_command_calls_an_empty_file_damaged(tmp_path, monkeypatch, argv):
    """A 0-byte file opens with no password: damaged (exit 3), never written, no .lock left behind."""
    path = _emptied(tmp_path)
    (tmp_path / "list.csv").write_text("氏名,ふりがな\n山田 太郎,やまだ たろう\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    monkeypatch.setenv("TSUNAGARI_NEW_PASSWORD", "new-password-2")  # for passwd
    r = run(*[a.format(tmp=tmp_path) for a in argv], "--db", str(path), password="anything-123")
    assert r.returncode == 3, r.stdout + r.stderr
    assert "damaged" in r.stderr and "tsunagari restore" in r.stderr
    assert path.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("sub", ["init", "demo"])
def test_init_and_demo_never_write_into_an_empty_file(tmp_path, sub):
    """An existing 0-byte file is not taken for a place to write a new association."""
    path = tmp_path / "town.tsunagari"
    path.write_bytes(b"")
    r = run(sub, "--db", str(path), *(["--name", "町会"] if sub == "init" else []))
    assert r.returncode != 0 and "already exists" in r.stderr
    assert path.read_bytes() == b""


def test_restore_brings_an_empty_file_back(tmp_path):
    """`tsunagari restore` onto the 0-byte file puts the backup in place; then check passes."""
    from db import backup as backups

    path = _emptied(tmp_path)
    (made,) = backups.list_backups(backups.default_backup_dir(path), path.stem)
    r = run("restore", "--db", str(path), "--from", str(made))
    assert r.returncode == 0, r.stderr
    r = run("check", "--db", str(path))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "town.tsunagari"]


def test_password_file_as_notepad_saves_it(tmp_path):
    """A password file with a byte-order mark (Windows Notepad), in UTF-16 or in Shift_JIS
    holds the password the person typed: the file made with it opens with the typed password."""
    for name, data in (("bom.txt", "\ufeffsecretpass9\r\n".encode("utf-8")),
                       ("utf16.txt", "secretpass9\r\n".encode("utf-16")),
                       ("sjis.txt", "ひみつのあいことば\r\n".encode("cp932"))):
        pw_file = tmp_path / name
        pw_file.write_bytes(data)
        path = tmp_path / f"{name}.tsunagari"
        r = run("init", "--db", str(path), "--name", "町会", "--password-file", str(pw_file), password=None)
        assert r.returncode == 0, r.stderr
        typed = "ひみつのあいことば" if name == "sjis.txt" else "secretpass9"
        r = run("check", "--db", str(path), "--json", password=typed)
        assert r.returncode == 0 and json.loads(r.stdout)["ok"], (name, r.stderr)
    new_file = tmp_path / "new.txt"
    new_file.write_bytes("\ufeffnew-secret-77\n".encode("utf-8"))
    path = tmp_path / "bom.txt.tsunagari"
    r = run("passwd", "--db", str(path), "--new-password-file", str(new_file), password="secretpass9")
    assert r.returncode == 0, r.stderr
    assert run("check", "--db", str(path), password="new-secret-77").returncode == 0


def test_small_cli_mistakes_get_the_right_sentence(tmp_path):
    """demo with a negative count is refused; undo-import with nothing imported says so
    (not "with that id", as no id was given); find and sheets call their --json a list."""
    path = tmp_path / "a.tsunagari"
    r = run("demo", "--db", str(path), "--people", "-5")
    assert r.returncode == 2 and "-5" in r.stderr and not path.exists()
    assert run("init", "--db", str(path), "--name", "町会").returncode == 0
    r = run("undo-import", "--db", str(path), lang="ja")
    assert r.returncode == 2 and "取り消せる取り込みはありません" in r.stderr
    r = run("undo-import", "--db", str(path), "--batch", "nope", lang="ja")
    assert r.returncode == 2 and "その番号の取り込みはありません" in r.stderr
    for sub in ("find", "sheets"):
        assert "JSON list" in run(sub, "--help").stdout
    assert isinstance(json.loads(run("sheets", "--json").stdout), list)


def test_output_cut_short_by_head_prints_no_traceback(tmp_path):
    """`tsunagari check | head -1`: the reader stops early; no Python traceback on the screen."""
    path = tmp_path / "a.tsunagari"
    r = run("demo", "--db", str(path), "--people", "20")
    assert r.returncode == 0 and "Households: " in r.stdout and "households:" not in r.stdout  # labelled, not keys
    env = dict(os.environ, TSUNAGARI_PASSWORD=ENV_PASSWORD)
    # The reading end is closed before the command prints its first line (it needs about a
    # second to open the file): every write meets a closed pipe, as after `head` has quit.
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "--lang", "en", "check", "--db", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.wait(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert proc.returncode == 1


def _usb_backup(tmp_path, people="40"):
    """A demo file (ENV_PASSWORD) and its manual backup on a "USB stick" folder."""
    path = tmp_path / "old" / "town.tsunagari"
    path.parent.mkdir()
    assert run("demo", "--db", str(path), "--people", people).returncode == 0
    r = run("backup", "--db", str(path), "--to", str(tmp_path / "usb"), "--json")
    assert r.returncode == 0, r.stderr
    from pathlib import Path

    return Path(json.loads(r.stdout)["backup"])


def test_restore_into_a_new_file_keeps_the_backups_own_password(tmp_path):
    """On a new laptop there is no file and so no password in use: a password given once for the
    new file (a typo) is never keyed into it. With a second, different password the restore is
    refused and nothing is written; a password that does not open the backup is called just
    that (not "the password you use now"); the backup's own password restores it."""
    made = _usb_backup(tmp_path)
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    new = laptop / "town.tsunagari"
    (tmp_path / "pw.txt").write_text(ENV_PASSWORD + "\n", encoding="utf-8")
    (tmp_path / "typo.txt").write_text(ENV_PASSWORD + "x\n", encoding="utf-8")

    r = run("restore", "--db", str(new), "--from", str(made), "--password-file", str(tmp_path / "typo.txt"),
            "--backup-password-file", str(tmp_path / "pw.txt"), password=None)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "no file" in r.stderr and "keeps the password of the backup" in r.stderr and "Nothing was written" in r.stderr
    assert list(laptop.iterdir()) == []

    for lang in ("en", "ja"):
        r = run("restore", "--db", str(new), "--from", str(made), "--password-file", str(tmp_path / "typo.txt"),
                password=None, lang=lang)
        assert r.returncode == 3 and list(laptop.iterdir()) == [], r.stdout + r.stderr
        if lang == "en":
            assert "the password given (from --password-file" in r.stderr and "does not open the backup" in r.stderr
            assert "you use now" not in r.stderr
        else:
            assert "指定したパスワード" in r.stderr and "いまのパスワード" not in r.stderr

    r = run("restore", "--db", str(new), "--from", str(made), "--password-file", str(tmp_path / "pw.txt"),
            "--backup-password-file", str(tmp_path / "pw.txt"), password=None)
    assert r.returncode == 0, r.stderr
    assert "40 people" in r.stdout and "password of the backup" in r.stdout
    r = run("check", "--db", str(new), "--json", password=ENV_PASSWORD)
    assert r.returncode == 0 and json.loads(r.stdout)["people"] == 40
    assert sorted(p.name for p in laptop.iterdir()) == ["town.tsunagari"]


@pytest.mark.parametrize("cut", ["empty", "first-1000-bytes", "mid-page", "page-boundary"])
@pytest.mark.parametrize("onto", ["new file", "existing file"])
def test_a_damaged_backup_is_called_damaged_not_a_password_question(tmp_path, cut, onto):
    """A backup cut short (an empty file, its first 1000 bytes, cut inside a page or at a page
    boundary) is said to be damaged, with what to do; never "made before a password change"."""
    made = _usb_backup(tmp_path, people="200")
    data = made.read_bytes()
    size = {"empty": 0, "first-1000-bytes": 1000, "mid-page": len(data) // 2 + 1234,
            "page-boundary": (len(data) // 2 // 4096) * 4096}[cut]
    broken = tmp_path / "usb" / "broken.backup.db"
    broken.write_bytes(data[:size])
    target = tmp_path / "old" / "town.tsunagari" if onto == "existing file" else tmp_path / "new.tsunagari"
    before = target.read_bytes() if target.exists() else None
    for lang in ("en", "ja"):
        r = run("restore", "--db", str(target), "--from", str(broken), lang=lang)
        assert r.returncode == 3, r.stdout + r.stderr
        if lang == "en":
            assert "damaged" in r.stderr and "copy it again from the USB stick" in r.stderr, r.stderr
            assert "password change" not in r.stderr and "Traceback" not in r.stderr
        else:
            assert "壊れて" in r.stderr and "パスワードを変える前" not in r.stderr
    assert (target.read_bytes() if target.exists() else None) == before
