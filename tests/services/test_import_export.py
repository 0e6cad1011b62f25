"""Import and export with files the tests make: the messes leaders' files really have."""
from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time

import openpyxl
import pytest

from db import models as m
from db.queries import register as reg
from desktop.services import exporter, importer, tabular
from desktop.services.import_messages import problem_text, table_error_text

HEADER = "氏名,ふりがな,〒,住所,電話,携帯,生年月日,班,世帯主\n"
GOOD = (
    "山田 太郎,やまだ たろう,108-0075,東京都港区港南2丁目3-4,03-5471-1234,090-1111-2222,S23.4.5,1班,○\n"
    "山田 花子,ヤマダ ハナコ,108-0075,東京都港区港南2丁目3-4,03-5471-1234,,昭和25年6月7日,1班,\n"
    "鈴木 一郎,すずき いちろう,１０８－００７４,東京都港区高輪1丁目1-1,03(5555)6666,,1950/1/2,2班,○\n"
)


def _csv(tmp_path, text, encoding="utf-8", name="roster.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _plan(path, **kw):
    return importer.plan_import(tabular.read_table(path), today=dt.date(2026, 11, 28), **kw)


def _snapshot():
    return (m.Person.select().count(), m.Household.select().count(), m.Block.select().count(),
            m.SupportRecord.select().count(), m.ImportBatch.select().count())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
def test_encodings_are_detected(store, tmp_path, encoding):
    """UTF-8 with or without BOM, Shift_JIS (cp932) and UTF-16 read the same people."""
    path = _csv(tmp_path, "町会名簿 2026\n" + HEADER + GOOD, encoding)
    plan = _plan(path)
    assert [p.name for p in plan.people] == ["山田 太郎", "山田 花子", "鈴木 一郎"]
    assert plan.header_index == 1  # the title row was skipped
    assert [[p.name for p in h] for h in plan.households] == [["山田 太郎", "山田 花子"], ["鈴木 一郎"]]
    taro = plan.people[0]
    assert (taro.birth_date, taro.postal_code, taro.landline, taro.mobile) == (dt.date(1948, 4, 5), "1080075", "0354711234", "09011112222")
    assert plan.people[1].family_reading == "やまだ" and plan.people[2].postal_code == "1080074"


def test_tab_delimited_txt(store, tmp_path):
    """A tab-separated .txt works like a CSV."""
    path = _csv(tmp_path, (HEADER + GOOD).replace(",", "\t"), name="roster.txt")
    assert len(_plan(path).people) == 3


@pytest.mark.parametrize("content,code", [
    ("", "empty"),
    ("   \n\n", "empty"),
    (HEADER, "header_only"),
    ("a,b,c\n1,2,3\n", "no_header"),
    (HEADER + '山田 太郎,"やまだ たろう,108-0075\n' + "x\n" * 10, "broken_quotes"),
])
def test_bad_files_get_a_clear_message(store, tmp_path, content, code):
    """Empty, header-only, unrecognisable and broken-quote files raise a TableError with a sentence."""
    path = _csv(tmp_path, content)
    with pytest.raises(tabular.TableError) as info:
        _plan(path)
    assert info.value.code == code
    assert table_error_text(info.value) and table_error_text(info.value) != code


def test_broken_quote_names_the_line_where_it_opens(store, tmp_path):
    """An unclosed quote on line 3 is reported on line 3, not where the file ends."""
    text = HEADER + GOOD.splitlines()[0] + "\n" + '鈴木 一郎,"すずき,108-0074\n' + "x,y\n" * 10
    with pytest.raises(tabular.TableError) as info:
        tabular.read_table(_csv(tmp_path, text))
    assert info.value.code == "broken_quotes" and info.value.details["line"] == 3


def test_invalid_bytes_say_which_line(store, tmp_path):
    """Bytes valid in neither UTF-8 nor cp932 are reported with their line number."""
    data = (HEADER + GOOD).encode("utf-8") + b"\xff\xfe\xfd broken,\n"
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(tabular.TableError) as info:
        tabular.read_table(path)
    assert info.value.code == "bad_bytes_at_start" and info.value.details["line"] == 5
    assert "5" in table_error_text(info.value)


def test_invalid_bytes_are_named_by_the_words_before_them(store, tmp_path):
    """A byte that is text in no encoding, after a name: the message gives the line and the
    words just before it (to find in Excel), never the byte in hex."""
    data = (HEADER + GOOD).encode("utf-8") + "佐藤 次郎,さとう じろう,".encode("utf-8") + b"\xff\xfe rest\n"
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(tabular.TableError) as info:
        tabular.read_table(path)
    text = table_error_text(info.value)
    assert "5 行目" in text and "さとう じろう," in text and "ff" not in text.lower()


def test_row_problems_are_listed_and_nothing_lost(store, tmp_path):
    """Too many columns, no name, a bad date and an impossible phone are errors with row and column."""
    text = HEADER + GOOD + "佐藤 次郎,さとう じろう,,,03-1,,1950/1/2,2班,,EXTRA\n" + ",たなか,,,,,,,\n" + "木村 三郎,,,,,,S99.1.1,,\n"
    plan = _plan(_csv(tmp_path, text))
    errors = {(p.row, p.code) for p in plan.problems if p.severity == importer.ERROR}
    assert (5, "too_many_columns") in errors and (6, "no_name") in errors and (7, "bad_date") in errors
    assert any(p.row == 5 and p.column == "電話" for p in plan.problems)
    assert all(problem_text(p) for p in plan.problems)
    before = _snapshot()
    with pytest.raises(tabular.TableError):
        importer.commit(plan)  # unresolved errors: nothing written
    assert _snapshot() == before
    result = importer.commit(plan, skip_rows=set(plan.error_rows))
    assert result.people == 3 and result.skipped == 3


def test_excel_workbook_messes(store, tmp_path):
    """Title rows, merged household cells, hidden columns, numeric phones and real dates in .xlsx."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名簿"
    ws.append(["令和8年度 会員名簿"])
    ws.append([])
    ws.append(["世帯", "氏名", "フリガナ", "郵便番号", "住所", "TEL", "生年月日", "班", "内部メモ"])
    ws.append([1, "髙橋 一郎", "タカハシ イチロウ", 1080075, "東京都港区港南3丁目1-1", 354711111, dt.datetime(1940, 2, 3), "3班", "秘"])
    ws.append([None, "髙橋 和子", "タカハシ カズコ", None, None, None, "S17.5.6", None, "秘"])
    ws.append([2, "𠮷田 花", "よしだ はな", "108-0074", "東京都港区高輪2-2-2", "080-1234-5678", 25000, "3班", ""])
    ws.merge_cells("A4:A5")
    ws.merge_cells("D4:D5")
    ws.merge_cells("E4:E5")
    ws.merge_cells("F4:F5")
    ws.merge_cells("H4:H5")
    ws.column_dimensions["I"].hidden = True
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    table = tabular.read_table(path)
    assert 8 in table.hidden_columns
    plan = importer.plan_import(table, today=dt.date(2026, 11, 28))
    assert 8 not in plan.mapping  # hidden column ignored by choice
    p1, p2, p3 = plan.people
    assert (p1.family_reading, p1.landline, p1.birth_date) == ("たかはし", "0354711111", dt.date(1940, 2, 3))
    assert p2.block == "3班" and p2.address1 == "東京都港区港南" and p2.birth_date == dt.date(1942, 5, 6)
    assert p3.birth_date == dt.date(1968, 6, 11)  # Excel serial 25000 = 1968/6/11
    assert [[x.name for x in h] for h in plan.households] == [["髙橋 一郎", "髙橋 和子"], ["𠮷田 花"]]
    result = importer.commit(plan)
    assert (result.people, result.households, result.blocks) == (3, 2, 1)
    assert m.Person.get(m.Person.given_name == "花").family_name == "𠮷田"


def test_duplicates_are_shown_not_merged(store, tmp_path):
    """Rows matching people already there are reported and skipped unless kept; never merged."""
    path = _csv(tmp_path, HEADER + GOOD)
    importer.commit(_plan(path))
    again = _plan(_csv(tmp_path, HEADER + GOOD + "山田 太郎,やまだ たろう,,,,,,,\n", name="again.csv"))
    # row 5 has the same name but no address or birth date: not a duplicate by the rules
    assert {d.row for d in again.duplicates} == {2, 3, 4}
    assert {d.reason for d in again.duplicates} == {"reading_birth"}
    result = importer.commit(again)
    assert result.people == 1 and m.Person.select().count() == 4
    importer.commit(again, keep_duplicates=True)
    assert m.Person.select().count() == 8


def test_undo_import_removes_exactly_it(store, tmp_path):
    """Undo removes the batch's people, households and the blocks it created; earlier data stays."""
    m.Block.create(name="1班", position=0)
    keep = m.Person.create(family_name="元から", family_reading="もとから")
    result = importer.commit(_plan(_csv(tmp_path, HEADER + GOOD)))
    assert m.Person.select().count() == 4 and m.Block.select().count() == 2
    removed = importer.undo_import(m.ImportBatch.get_by_id(result.batch_id))
    assert removed == {"people": 3, "households": 2, "blocks": 1, "register": 0, "call_trees": 0, "merged": 0,
                       "kept_since": []}
    assert [p.id for p in m.Person.select()] == [keep.id]
    assert [b.name for b in m.Block.select()] == ["1班"]


def _many_rows(n: int) -> str:
    return "".join(f"港 人{i},みなと ひと{i},108-0075,東京都港区港南1丁目{i}-1,03-5471-{i % 10000:04d},,1950/1/2,1班,○\n"
                   for i in range(n))


@pytest.mark.parametrize("nested", [False, True], ids=["alone", "inside-a-transaction"])
def test_full_disk_midway_leaves_database_unchanged(store, tmp_path, nested, full_disk):
    """The file may not grow (SQLite's own limit, as a full disk behaves): the import fails
    with the disk-full error itself, not a rollback error, and the data is exactly as before;
    with room again the same plan imports."""
    from db.database import db
    from desktop.messages import explain_write_error, is_disk_full

    importer.commit(_plan(_csv(tmp_path, HEADER + GOOD)))
    before = _snapshot()
    plan = _plan(_csv(tmp_path, HEADER + _many_rows(3000), name="big.csv"))
    full_disk.fill(spare_pages=5)
    with pytest.raises(Exception) as failure:
        if nested:
            with db.atomic():  # as the command line wraps it
                importer.commit(plan)
        else:
            importer.commit(plan)
    full_disk.free()
    assert "database or disk is full" in str(failure.value) and is_disk_full(failure.value)
    assert "空き" in explain_write_error(failure.value) or "free space" in explain_write_error(failure.value)
    assert _snapshot() == before
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert importer.commit(plan).people == 3000


def _limited(limit_bytes: int):
    """preexec_fn: the child may not write past limit_bytes in any file, as on a full disk."""
    import resource

    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return apply


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_cli_import_on_a_full_disk_says_so_and_changes_nothing(db_path, password, tmp_path):
    """A real write failure in a real process: a clear sentence, exit 3, the file as before."""
    from db.store import Store

    Store.open(db_path, password, create=True, name="町会").close(auto_backup=False)
    big = _csv(tmp_path, HEADER + _many_rows(6000), name="big.csv")
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)
    r = subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", "import", str(big), "--db", str(db_path)],
                       capture_output=True, text=True, env=env, timeout=300, preexec_fn=_limited(1_500_000))
    assert r.returncode == 3, r.stderr
    # where the limit bites decides which sentence: SQLite reports a short write as "full",
    # a refused one as an I/O error; both say what to do and that nothing changed
    assert ("not enough free space" in r.stderr or "could not be written to the disk" in r.stderr), r.stderr
    assert "Traceback" not in r.stderr and "nothing was changed" in r.stderr
    checked = json.loads(_cli("check", "--db", str(db_path), "--json").stdout)
    assert checked["people"] == 0 and checked["ok"]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_cli_backup_on_a_full_disk_leaves_no_half_copy(db_path, password, tmp_path):
    """A backup that cannot be written fully is removed, not left looking like a backup."""
    from db.store import Store

    s = Store.open(db_path, password, create=True, name="町会")
    importer.commit(_plan(_csv(tmp_path, HEADER + _many_rows(4000), name="big.csv")))
    s.close(auto_backup=False)
    size = db_path.stat().st_size
    out = tmp_path / "stick"
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)
    r = subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", "backup", "--db", str(db_path), "--to", str(out)],
                       capture_output=True, text=True, env=env, timeout=300, preexec_fn=_limited(size // 2))
    assert r.returncode == 3, r.stderr
    assert ("not enough free space" in r.stderr or "could not be written to the disk" in r.stderr), r.stderr
    assert "Traceback" not in r.stderr
    assert list(out.iterdir()) == []  # no .part and no backup
    assert json.loads(_cli("check", "--db", str(db_path), "--json").stdout)["people"] == 4000


def _cli(*args, password="test-password-1"):
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)
    return subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_cli_dry_run_problems_and_skip(db_path, password, tmp_path):
    """--dry-run writes nothing; problems exit non-zero with row/column; --skip-invalid imports the rest."""
    from db.store import Store

    Store.open(db_path, password, create=True, name="町会").close(auto_backup=False)
    good = _csv(tmp_path, HEADER + GOOD)
    r = _cli("import", str(good), "--db", str(db_path), "--dry-run", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["dry_run"] and out["people"] == 3 and out["households"] == 2 and not out["imported"]
    assert json.loads(_cli("check", "--db", str(db_path), "--json").stdout)["people"] == 0
    bad = _csv(tmp_path, HEADER + GOOD + "佐藤 次郎,さとう じろう,,,12345,,,,\n", name="bad.csv")
    r = _cli("import", str(bad), "--db", str(db_path))
    assert r.returncode == 1 and "row 5" in r.stderr and "電話" in r.stderr and "Traceback" not in r.stderr
    assert json.loads(_cli("check", "--db", str(db_path), "--json").stdout)["people"] == 0
    r = _cli("import", str(bad), "--db", str(db_path), "--skip-invalid", "--json")
    out = json.loads(r.stdout)
    assert r.returncode == 0 and out["people"] == 3 and out["skipped"] == 1 and out["duplicates"] == 0
    r = _cli("undo-import", "--db", str(db_path), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["people"] == 3


def test_cli_killed_midway_keeps_the_file_whole(db_path, password, tmp_path):
    """Killing the import process mid-write leaves the file healthy with none or all of the rows."""
    from db.store import Store

    Store.open(db_path, password, create=True, name="町会").close(auto_backup=False)
    lines = [HEADER]
    for i in range(20000):
        born = dt.date(1930, 1, 1) + dt.timedelta(days=i)
        lines.append(f"人{i} 名,ひと な,108-0075,東京都港区港南1丁目{i}-1,,,{born:%Y/%m/%d},{i % 9 + 1}班,○\n")
    big = _csv(tmp_path, "".join(lines), name="big.csv")
    assert big.stat().st_size > 1_000_000
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)
    wal = db_path.with_name(db_path.name + "-wal")
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "import", str(big), "--db", str(db_path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill as soon as the import starts writing pages to the WAL (the transaction is open).
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 256 * 1024:
            break
        time.sleep(0.002)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert wal.exists()  # killed with writes in flight
    r = _cli("check", "--db", str(db_path), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["people"] in (0, 20000)


def test_round_trip_through_xlsx(demo_store, tmp_path):
    """Export → import into an empty file → same people (with their roles), households, blocks (with their 班長)
    and (consented) register."""
    from db.store import Store

    def state():
        people = sorted((p.family_name, p.given_name, p.family_reading, p.given_reading, p.birth_date, p.mobile,
                         p.status, tuple(sorted(p.roles))) for p in m.Person.select().where(m.Person.deleted_at.is_null()))
        households = sorted((h.postal_code, h.address1 + h.address2, h.address3, h.landline, h.block.name if h.block_id else "")
                            for h in m.Household.select().where(m.Household.deleted_at.is_null()))
        blocks = sorted((b.name, b.leader.full_name if b.leader_id else "") for b in m.Block.select())
        register = sorted((r.name, r.reasons, r.consent, r.consent_method, r.destination_type, r.destination,
                           tuple(c.name for c in r.emergency_contacts),
                           tuple(s.name for s in r.supporters)) for r in reg.register_rows())
        return people, households, blocks, register

    first = reg.register_rows()[0]
    m.SupportRecord.update(consent_method="書面", destination_type="relative").where(
        m.SupportRecord.id == first.record_id).execute()
    before = state()
    assert any(leader for _name, leader in before[2]) and any("officer" in p[-1] for p in before[0])
    out = tmp_path / "export.xlsx"
    result = exporter.export(out, recipient="会長")
    assert result.people == len(before[0]) and result.register == len(before[3]) > 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["名簿", "要支援者", "連絡記録"] and "個人情報" in wb["名簿"]["A1"].value
    assert m.PrintCustody.select().where(m.PrintCustody.kind == "export").count() == 1
    sheet = list(wb["要支援者"].iter_rows(min_row=2, values_only=True))
    row = dict(zip(sheet[0], next(r for r in sheet[1:] if r[0] == first.name)))
    assert (row["同意の方法"], row["避難先の種類"]) == ("書面", "親族宅")  # words, not internal codes
    demo_store.close(auto_backup=False)

    fresh = Store.open(tmp_path / "fresh.tsunagari", "test-password-1", create=True, name="新")
    try:
        plan = importer.plan_import(tabular.read_table(out, "名簿"))
        assert not plan.error_rows and not plan.duplicates
        importer.commit(plan)
        items = importer.plan_register(tabular.read_table(out, "要支援者"))
        assert importer.commit_register(items)["register_unmatched"] == 0
        after = state()
    finally:
        fresh.close(auto_backup=False)
        Store.open(demo_store.path, "test-password-1")  # so the fixture can close it
    assert after == before


def test_export_never_leaks_a_non_consenting_person(demo_store, tmp_path):
    """Normal-mode exports hold no register row of a person without consent; disaster mode does, audited."""
    no = [r for r in reg.all_records() if r.consent != m.CONSENT_YES]
    assert no
    out = tmp_path / "normal.xlsx"
    exporter.export(out)
    ws = openpyxl.load_workbook(out)["要支援者"]
    names = {row[0] for row in ws.iter_rows(min_row=3, values_only=True)}
    assert not names & {r.name for r in no}
    with pytest.raises(reg.ConsentError):
        exporter.export(tmp_path / "d.xlsx", mode=reg.MODE_DISASTER, reason="")
    exporter.export(tmp_path / "d.xlsx", mode=reg.MODE_DISASTER, reason="台風で避難指示", confirmed=True, actor="会長")
    ws = openpyxl.load_workbook(tmp_path / "d.xlsx")["要支援者"]
    names = {row[0] for row in ws.iter_rows(min_row=3, values_only=True)}
    assert {r.name for r in no} <= names
    assert m.AuditLog.get(m.AuditLog.action == "disaster_mode").reason == "台風で避難指示"


def test_a_disaster_mode_export_is_on_the_ledger_as_one(demo_store, tmp_path):
    """The ledger line of a 災害時 export says so in its title, is due back in 30 days as a
    disaster print is, keeps the reason, and has a recipient; a normal one is due in a year.
    Both cover the whole association (範囲 「全体」, not an internal word)."""
    import datetime as dt

    from db.queries import print_lists

    today = dt.date.today()
    exporter.export(tmp_path / "n.xlsx")
    exporter.export(tmp_path / "d.xlsx", mode=reg.MODE_DISASTER, reason="台風接近", confirmed=True)
    normal, disaster = m.PrintCustody.select().where(m.PrintCustody.kind == "export").order_by(m.PrintCustody.id)
    assert disaster.title == "書き出し d.xlsx （災害時）" and disaster.scope == normal.scope == "全体"
    assert disaster.destroy_by == today + dt.timedelta(days=30) and "台風接近" in disaster.note
    assert normal.destroy_by == today + dt.timedelta(days=365) and normal.title == "書き出し n.xlsx"
    assert disaster.recipient == normal.recipient == "会長"  # nobody named: the association's head, as prints do
    assert m.AuditLog.select().where(m.AuditLog.action == "print", m.AuditLog.field == "export").count() == 2
    # A line written by the old code (mode as scope, bare file name) reads like the others.
    m.PrintCustody.create(kind="export", title="old.xlsx", scope="disaster", recipient="会長", copies=1,
                          destroy_by=today, note="")
    old = next(r for r in print_lists.custody_rows() if r.title.startswith("old.xlsx"))
    assert (old.title, old.scope) == ("old.xlsx（災害時）", "全体")


def test_csv_export_encodings(demo_store, tmp_path):
    """UTF-8 with BOM holds 𠮷; cp932 refuses names it cannot hold and names them."""
    path = tmp_path / "r.csv"
    exporter.export(path, encoding="utf-8-sig")
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    if any("𠮷" in p.family_name for p in m.Person.select()):
        with pytest.raises(exporter.ExportError) as info:
            exporter.export(tmp_path / "r2.csv", encoding="cp932")
        assert any("𠮷" in x for x in info.value.details["people"])
    else:
        exporter.export(tmp_path / "r2.csv", encoding="cp932")
        (tmp_path / "r2.csv").read_bytes().decode("cp932")
    plan = importer.plan_import(tabular.read_table(path))
    assert len(plan.people) == m.Person.select().where(m.Person.deleted_at.is_null()).count()


def test_big_file_five_megabytes(store, tmp_path):
    """A 5 MB CSV is read and checked (not refused)."""
    row = "山田 太郎,やまだ たろう,108-0075,東京都港区港南2丁目3-4,03-5471-1234,090-1111-2222,S23.4.5,1班,○\n"
    n = 5 * 1024 * 1024 // len(row.encode()) + 1
    path = _csv(tmp_path, HEADER + row * n)
    assert path.stat().st_size >= 5 * 1024 * 1024
    plan = _plan(path)
    assert len(plan.people) == n


def test_gc_paused_restores_the_collector_even_after_an_error():
    """The import pauses the cyclic collector; it is back on afterwards, also when a row
    check raises, and stays off if the caller had turned it off."""
    import gc

    was_enabled = gc.isenabled()  # off in the app and tests: desktop/qt_guard.py collects on the GUI thread
    try:
        gc.enable()
        with pytest.raises(tabular.TableError):
            with importer.gc_paused():
                assert not gc.isenabled()
                raise tabular.TableError("header_only", row=1)
        assert gc.isenabled()
        gc.disable()
        with importer.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()


def test_export_leaves_out_a_supporter_who_left_the_roster(demo_store, tmp_path):
    """A roster supporter later put in the trash: the export names no one, says to choose
    again, and importing that sheet back makes no supporter of the words."""
    from desktop.services import trash

    rec = reg.register_rows()[0]
    helper = (m.Person.select().where(m.Person.id != rec.person_id, m.Person.deleted_at.is_null(),
                                      m.Person.status.in_(m.ACTIVE_STATUSES)).first())
    helper.family_name, helper.given_name = "支援", "去人"
    helper.save()
    m.Supporter.delete().where(m.Supporter.record == rec.record_id).execute()
    m.Supporter.create(record=rec.record_id, position=0, person=helper)
    trash.trash_person(helper)
    out = tmp_path / "export.xlsx"
    exporter.export(out)
    sheet = list(openpyxl.load_workbook(out)["要支援者"].iter_rows(min_row=2, values_only=True))
    row = dict(zip(sheet[0], next(r for r in sheet[1:] if r[0] == rec.name)))
    assert row["支援者1氏名"] == exporter.SUPPORTER_GONE_JA and not row["支援者1電話"]
    assert not any("去人" in str(v) for r in sheet for v in r if v)
    items = importer.plan_register(tabular.read_table(out, "要支援者"))
    item = next(i for i in items if i.name == rec.name)
    assert item.supporters == []
