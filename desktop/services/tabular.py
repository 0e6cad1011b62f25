"""Read the tables leaders keep: .xlsx workbooks and .csv/.txt files, whatever Excel did to them.

A `Table` is a list of rows of cell values (str, int, float, date, datetime or None), with
the 1-based line/row number of each row in the file, so every message can say where.
Encodings: UTF-8 with or without BOM, UTF-16 (BOM), cp932 (Shift_JIS as Japanese Excel
saves it). Delimiters: comma or tab. Merged cells in a workbook are filled from their
top-left cell (household blocks are often merged down the rows).
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024  # a roster is a few MB; refuse what is surely not one


class TableError(Exception):
    """The file cannot be read as a table; `code` is stable, args carry the details."""

    def __init__(self, code: str, **details):
        super().__init__(code, details)
        self.code = code
        self.details = details


@dataclass
class Table:
    rows: list[list] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)  # 1-based, per row
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)  # 0-based
    hidden_rows: set[int] = field(default_factory=set)  # line numbers of rows hidden (filtered out) in Excel
    encoding: str = ""
    delimiter: str = ""


def read_table(path: Path | str, sheet: str | None = None) -> Table:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableError("unreadable", path=str(path), reason=str(exc)) from exc
    if path.is_dir():
        raise TableError("not_a_file", path=str(path))
    if size == 0:
        raise TableError("empty", path=str(path))
    if size > MAX_BYTES:
        raise TableError("too_big", path=str(path), size=size)
    suffix = path.suffix.lower()
    with open(path, "rb") as fh:
        head = fh.read(16)
    kind = not_a_table(head, suffix)
    if kind:
        raise TableError(kind, path=str(path))
    if suffix in (".xlsx", ".xlsm"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            # An OLE file under an .xlsx name: Excel writes password-protected workbooks this
            # way, and an old .xls renamed looks the same.
            raise TableError("protected", path=str(path))
        if not head.startswith(b"PK"):
            with open(path, "rb") as fh:
                start = fh.read(65536)
            if b"\x00" in start or start.lstrip().startswith(b"<"):  # binary, or HTML/XML saved as .xlsx
                raise TableError("bad_workbook", path=str(path), reason="not a zip file")
            try:  # a CSV saved with an .xlsx name: read it as what it is
                return _read_text(path)
            except TableError:
                raise TableError("bad_workbook", path=str(path), reason="not a zip file") from None
        return _read_xlsx(path, sheet)
    if suffix == ".xls":
        raise TableError("xls", path=str(path))
    return _read_text(path)


# What people pick by mistake in the file window: a photo or a scan of the paper list, a PDF,
# a Word file. Read as text, a picture gave "line 1 holds bytes that are not valid text (89)".
# Signatures are the files' own first bytes (PNG, JPEG, GIF, TIFF, WebP, HEIC/HEIF, BMP, PDF).
_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".heif"}
_DOCUMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".ppt", ".pptx", ".odt", ".zip", ".exe", ".lnk"}
_IMAGE_HEADS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")


def not_a_table(head: bytes, suffix: str) -> str:
    """"image", "pdf" or "not_a_table" when the file's first bytes or its name say it is no
    table file; "" when it may be one (reading it decides)."""
    if (head.startswith(_IMAGE_HEADS) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
            or (head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS)
            or (suffix == ".bmp" and head.startswith(b"BM")) or suffix in _IMAGE_SUFFIXES):
        return "image"
    if head.startswith(b"%PDF-") or suffix == ".pdf":
        return "pdf"
    if suffix in _DOCUMENT_SUFFIXES:
        return "not_a_table"
    return ""


# -- text -----------------------------------------------------------------------------------

def detect_encoding(data: bytes) -> tuple[str, str]:
    """(encoding, text). Tries BOMs, then strict UTF-8, then strict cp932."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", data.decode("utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return "utf-16", data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _bad_bytes(data, exc, "utf-16") from exc
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return "cp932", data.decode("cp932")
        except UnicodeDecodeError as exc:
            # Report where UTF-8 failed if most of the file is UTF-8, else where cp932 failed.
            first = utf8_error if utf8_error.start > exc.start else exc
            raise _bad_bytes(data, first, "utf-8" if first is utf8_error else "cp932") from exc


def _bad_bytes(data: bytes, exc: UnicodeDecodeError, encoding: str) -> TableError:
    """Where the file stops being text: the line, and the words just before the place (a
    person finds 「山田 太」 in Excel; a byte in hex means nothing to them)."""
    line = data.count(b"\n", 0, exc.start) + 1
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    before = data[line_start:exc.start].decode(encoding if encoding != "utf-16" else "utf-8", errors="replace")
    before = before.replace("\ufffd", "").strip()[-12:]
    return TableError("bad_bytes" if before else "bad_bytes_at_start", line=line, encoding=encoding, byte=exc.start,
                      before=before)


_ESCAPED_FORMULA = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def _sniff_delimiter(text: str) -> str:
    sample = [line for line in text.splitlines()[:30] if line.strip()]
    tabs = sum(line.count("\t") for line in sample)
    commas = sum(line.count(",") for line in sample)
    return "\t" if tabs > commas else ","


def _read_text(path: Path) -> Table:
    data = path.read_bytes()
    encoding, text = detect_encoding(data)
    if not text.strip():
        raise TableError("empty", path=str(path))
    delimiter = _sniff_delimiter(text)
    table = Table(encoding=encoding, delimiter=delimiter, sheet=path.name, sheets=[path.name])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1  # the line where the row being read begins: where an unclosed quote opened
    rows, lines = table.rows, table.line_numbers
    try:
        for row in reader:
            rows.append([cell.strip() or None for cell in row])
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableError("broken_quotes", line=start, reason=str(exc)) from exc
    if any(mark in text for mark in _ESCAPED_FORMULA):
        # Our CSV export writes '=… so that Excel shows text, not a formula (exporter.py); undo it.
        for values in rows:
            for i, value in enumerate(values):
                if value is not None and value[:2] in _ESCAPED_FORMULA:
                    values[i] = value[1:]
    # An unbalanced quote can swallow the rest of the file into one cell without an error, or
    # a stray pair of quotes can swallow the next row: a cell running over many lines, or a
    # line inside a cell that reads like a whole row (a cell for every column, one of them a
    # bare phone number, postal code or date), is a row that got lost. A note listing
    # "長男 090-…, 長女 …" has commas but no bare number between them.
    width = max((len(r) for r in rows[:30]), default=0)
    for values, line in zip(table.rows, table.line_numbers):
        for value in values:
            if isinstance(value, str) and "\n" in value and (
                    value.count("\n") > 5 or any(_reads_like_a_row(part, delimiter, width)
                                                  for part in value.split("\n")[1:])):
                raise TableError("broken_quotes", line=line, reason="a quoted cell holds what looks like another row")
    return table


_BARE_VALUE = re.compile(r"\d{2,5}-\d{1,4}-\d{3,4}|\d{3}-\d{4}|\d{4}/\d{1,2}/\d{1,2}|[MTSHRmtshr]\d{1,2}\.\d{1,2}\.\d{1,2}")


def _reads_like_a_row(text: str, delimiter: str, width: int) -> bool:
    cells = [c.strip() for c in text.split(delimiter)]
    return width >= 3 and len(cells) >= width - 1 and any(_BARE_VALUE.fullmatch(c) for c in cells)


# -- workbook -------------------------------------------------------------------------------

def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import openpyxl
    from openpyxl.utils import column_index_from_string

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise TableError("bad_workbook", path=str(path), reason=str(exc)) from exc
    names = wb.sheetnames
    if sheet is not None and sheet not in names:
        raise TableError("no_sheet", sheet=sheet, sheets=names)
    ws = wb[sheet] if sheet else _best_sheet(wb)
    table = Table(sheet=ws.title, sheets=names)
    for letter, dim in ws.column_dimensions.items():
        if dim.hidden:
            first = column_index_from_string(letter)
            last = max(first, dim.max or first) if dim.min else first
            for col in range(first, last + 1):
                table.hidden_columns.add(col - 1)
    table.hidden_rows = {i for i, dim in ws.row_dimensions.items() if dim.hidden}
    merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    for (r0, c0, r1, c1) in merged:
        top_left = grid[r0 - 1][c0 - 1] if r0 - 1 < len(grid) else None
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = top_left
    for i, values in enumerate(grid, start=1):
        cleaned = [(v.strip() or None) if isinstance(v, str) else v for v in values]
        if any(v is not None for v in cleaned):
            table.rows.append(cleaned)
            table.line_numbers.append(i)
    if not table.rows:
        raise TableError("empty", path=str(path), sheet=ws.title)
    return table


def _best_sheet(wb):
    """The active sheet unless it is empty; then the first sheet with data."""
    if wb.active is not None and wb.active.max_row > 1:
        return wb.active
    for ws in wb.worksheets:
        if ws.max_row > 1:
            return ws
    return wb.worksheets[0]


def cell_text(value) -> str:
    """A cell as text; whole floats lose their '.0' (Excel stores 3 as 3.0)."""
    if value is None:
        return ""
    if value.__class__ is str:  # the common case, first: CSV cells are already stripped
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
