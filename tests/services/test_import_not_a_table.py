"""A photo, a scan or a PDF chosen by mistake is named as such, not read as text with raw bytes."""
from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib

import pytest

from desktop.services import tabular
from desktop.services.import_messages import table_error_text


def _png() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) + b"\xff\xd9"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
NO_RAW_BYTES = re.compile(r"\\x[0-9a-f]{2}|0x[0-9a-f]{2}|\((?:[0-9a-f]{2} ?)+\)", re.I)


@pytest.mark.parametrize("name, data, code", [
    ("photo.jpg", JPEG, "image"),
    ("scan.png", _png(), "image"),
    ("IMG_0001.HEIC", HEIC, "image"),
    ("photo-renamed.csv", JPEG, "image"),  # the first bytes count, not only the name
    ("scan-renamed.xlsx", _png(), "image"),
    ("名簿.pdf", PDF, "pdf"),
    ("名簿.docx", b"PK\x03\x04" + b"\x00" * 40, "not_a_table"),
], ids=lambda v: v if isinstance(v, str) and "." in v else "")
def test_a_picture_or_pdf_is_named_and_the_importable_files_listed(tmp_path, name, data, code):
    """The message says what the file is and which files can be imported; no raw bytes in it."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(tabular.TableError) as info:
        tabular.read_table(path)
    assert info.value.code == code
    text = table_error_text(info.value)
    assert ".xlsx" in text and ".csv" in text and "表" in text
    assert not NO_RAW_BYTES.search(text), text
    assert {"image": "画像", "pdf": "PDF", "not_a_table": "表のファイルではありません"}[code] in text


def test_a_csv_is_still_read(tmp_path):
    """A table starting with letters that look like a signature (BM, II) is still a table."""
    path = tmp_path / "roster.csv"
    path.write_text("BMI,II\n山田 花子,やまだ はなこ\n", encoding="utf-8")
    assert tabular.read_table(path).rows[1][0] == "山田 花子"


@pytest.mark.parametrize("lang, expected", [("ja", "写真や画像のファイル"), ("en", "is a picture")], ids=["ja", "en"])
def test_cli_import_of_a_photo_says_it_is_a_picture(tmp_path, lang, expected):
    """`tsunagari import photo.jpg --db …`: exit 2, one plain sentence, nothing written."""
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(JPEG)
    db = tmp_path / "town.tsunagari"
    r = subprocess.run([sys.executable, "-m", "desktop", "--lang", lang, "import", str(photo), "--db", str(db)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert expected in r.stderr and ".xlsx" in r.stderr and "Traceback" not in r.stderr
    assert not NO_RAW_BYTES.search(r.stderr), r.stderr
    assert not db.exists()
