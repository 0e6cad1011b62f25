"""Text that looks like a formula is exported as text: literal strings in .xlsx, a leading ' in CSV."""
from __future__ import annotations

import csv
import datetime as dt
import zipfile

import openpyxl
import pytest

from desktop.services import exporter, importer, tabular
from desktop.services import roster as svc

NAME = '=HYPERLINK("http://example.com","押して")'
RELATION = "-妻"
ADDRESS = "+1丁目"
NOTES = "@SUM(A1:A9)"
TAB_NOTES = "\t=1+1"
ERROR_LOOKING = "#N/A"
BIRTH = dt.date(1950, 1, 2)

# ROSTER_HEADERS columns
NAME_COL, HNO_COL, RELATION_COL, BIRTH_COL, ADDRESS_COL, NOTES_COL = 2, 1, 4, 6, 9, 15


@pytest.fixture
def risky(store):
    """Three people whose text fields start like formulas (and one plain person)."""
    h, _ = svc.save_household({"postal_code": "108-0075", "address1": ADDRESS, "address2": ""})
    svc.save_person({"household": h.id, "family_name": NAME, "relation": RELATION, "notes": NOTES,
                     "birth_date": BIRTH, "is_head": True})
    svc.save_person({"household": h.id, "family_name": "山田", "given_name": "花子", "notes": TAB_NOTES})
    svc.save_person({"household": h.id, "family_name": "-1", "notes": ERROR_LOOKING})
    svc.save_person({"household": h.id, "family_name": "鈴木", "given_name": "一郎"})
    return store


def _roster_rows(path):
    ws = openpyxl.load_workbook(path)["名簿"]
    return ws, list(ws.iter_rows(min_row=3))


def test_xlsx_writes_formula_like_text_as_literal_strings(risky, tmp_path):
    """Names, relations, addresses and notes starting with = + - @ tab or # come back as the exact text, not formulas."""
    out = tmp_path / "export.xlsx"
    exporter.export(out, record_custody=False)
    _, rows = _roster_rows(out)
    by_name = {row[NAME_COL].value: row for row in rows}
    assert set(by_name) == {NAME, "山田 花子", "-1", "鈴木 一郎"}
    first = by_name[NAME]
    for col, text in ((NAME_COL, NAME), (RELATION_COL, RELATION), (ADDRESS_COL, ADDRESS), (NOTES_COL, NOTES)):
        assert first[col].value == text and first[col].data_type == "s", col
    assert by_name["山田 花子"][NOTES_COL].value == TAB_NOTES and by_name["山田 花子"][NOTES_COL].data_type == "s"
    assert by_name["-1"][NAME_COL].data_type == "s"
    assert by_name["-1"][NOTES_COL].value == ERROR_LOOKING and by_name["-1"][NOTES_COL].data_type == "s"
    # numbers and dates keep their types
    assert first[HNO_COL].value == 1 and first[HNO_COL].data_type == "n"
    assert first[BIRTH_COL].value.date() == BIRTH and first[BIRTH_COL].is_date
    # what Excel and LibreOffice read: no formula element anywhere, the text as an inline string
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(z.read(n).decode("utf-8") for n in sheets)
    assert "<f>" not in xml and "<f " not in xml
    assert '<c r="C3" t="inlineStr"><is><t>' + NAME + "</t></is></c>" in xml


def test_xlsx_with_formula_like_names_imports_again(risky, tmp_path):
    """Re-importing the exported .xlsx keeps the formula-like name as a person, with no row in error."""
    out = tmp_path / "export.xlsx"
    exporter.export(out, record_custody=False)
    plan = importer.plan_import(tabular.read_table(out, "名簿"))
    assert not plan.error_rows
    assert NAME in [p.name for p in plan.people]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_csv_prefixes_formula_like_text_with_a_quote(risky, tmp_path, encoding):
    """In CSV, text starting with = + - @ or a tab gets a leading ' (OWASP); other text, numbers and dates do not."""
    out = tmp_path / "export.csv"
    exporter.export(out, encoding=encoding, record_custody=False)
    with open(out, encoding=encoding, newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == exporter.ROSTER_HEADERS
    by_name = {row[NAME_COL]: row for row in rows[2:]}
    assert set(by_name) == {"'" + NAME, "山田 花子", "'-1", "鈴木 一郎"}
    first = by_name["'" + NAME]
    assert first[RELATION_COL] == "'" + RELATION
    assert first[ADDRESS_COL] == "'" + ADDRESS
    assert first[NOTES_COL] == "'" + NOTES
    assert by_name["山田 花子"][NOTES_COL] == "'" + TAB_NOTES
    assert by_name["'-1"][NOTES_COL] == ERROR_LOOKING  # not a formula start in CSV
    assert first[HNO_COL] == "1" and first[BIRTH_COL] == "1950/1/2"
    assert by_name["鈴木 一郎"][NAME_COL] == "鈴木 一郎" and by_name["鈴木 一郎"][NOTES_COL] == ""


def test_a_failed_export_leaves_no_list_of_names_behind(store, tmp_path, monkeypatch):
    """An export that fails half-way (here the CSV writer raises, as Ctrl-C would) removes
    its .part file; openpyxl's temporary sheet files go beside the export, not to /tmp."""
    import tempfile

    from desktop.services import exporter, roster

    h, _ = roster.save_household({"address1": "東京都港区芝1-1-1"})
    roster.save_person({"household": h.id, "family_name": "漏洩", "family_reading": "ろうえい"})

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(exporter.csv, "writer", boom)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(KeyboardInterrupt):
        exporter.export(out / "x.csv")
    assert list(out.iterdir()) == []

    from openpyxl.worksheet import _writer

    seen = []
    real = _writer.create_temporary_file

    def spy(*a, **k):
        name = real(*a, **k)
        seen.append(name)
        return name

    monkeypatch.setattr(_writer, "create_temporary_file", spy)
    exporter.export(out / "x.xlsx")
    assert seen and all(name.startswith(str(out)) for name in seen)
    assert tempfile.tempdir != str(out)  # put back afterwards


@pytest.mark.skipif(__import__("os").name != "posix", reason="file modes are POSIX")
def test_exports_are_readable_by_this_user_only(store, tmp_path):
    from desktop.services import exporter

    out = exporter.export(tmp_path / "x.csv").path
    assert out.stat().st_mode & 0o777 == 0o600
