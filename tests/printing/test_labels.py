"""Mailing labels rendered to real PDFs and read back with pdfplumber."""
from __future__ import annotations

import re

import pdfplumber
import pytest

from desktop.printing import labels, sheets, textfit
from desktop.printing.rows import AddressRow, NameEntry
from desktop.printing.sheets import MM

from .conftest import sample_rows


def _render(tmp_path, rows, sheet_id="hisago-elm008", **kw):
    out = tmp_path / "labels.pdf"
    sheet = sheets.get_sheet(sheet_id)
    opts = labels.LabelOptions(offset_mm=(0, 0), **kw)
    result = labels.render_labels(rows, str(out), sheet, opts)
    return out, sheet, result


def _label_of(sheet, char):
    """The slot whose rectangle holds the character's centre (pdfplumber: top-left origin, pt)."""
    cx, cy = (char["x0"] + char["x1"]) / 2 / MM, (char["top"] + char["bottom"]) / 2 / MM
    for slot in range(sheet.per_page):
        x, y, w, h = sheet.label_rect(slot)
        if x <= cx <= x + w and y <= cy <= y + h:
            return slot, (x, y, w, h)
    return None, None


@pytest.mark.parametrize("sheet", sheets.catalogue(), ids=lambda s: s.id)
def test_every_character_stays_inside_its_label(tmp_path, sheet):
    """On every catalogue sheet, each character's box lies inside one label rectangle."""
    rows = sample_rows() * 3
    out, sheet, result = _render(tmp_path, rows, sheet.id)
    eps = 0.05  # mm: float rounding in the PDF
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == result.pages
        for page in pdf.pages:
            assert page.chars
            for ch in page.chars:
                slot, rect = _label_of(sheet, ch)
                assert slot is not None, ch["text"]
                x, y, w, h = rect
                assert ch["x0"] / MM >= x - eps and ch["x1"] / MM <= x + w + eps, (sheet.id, ch["text"])
                assert ch["top"] / MM >= y - eps and ch["bottom"] / MM <= y + h + eps, (sheet.id, ch["text"])


def test_text_is_extractable_and_correct(tmp_path, rows):
    """Postal code, address, names and 様 read back as written (𠮷 included)."""
    out, _sheet, _r = _render(tmp_path, rows)
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    for expected in ("〒105-0011", "東京都港区芝公園4丁目2-8", "山田 太郎 様", "花子 様", "〒106-0032",
                     "𠮷田 𡈽子 様", "佐々木家 御一同様", "六本木テストレジデンスB棟 2305号室"):
        assert expected in text


def test_start_position_skips_used_labels(tmp_path, rows):
    """--start 5 on a 12-up sheet: the first label lands in slot 4 (row 3, left)."""
    out, sheet, result = _render(tmp_path, rows[:1], start=5)
    with pdfplumber.open(out) as pdf:
        slots = {_label_of(sheet, ch)[0] for ch in pdf.pages[0].chars}
    assert slots == {4}
    assert result.pages == 1


@pytest.mark.parametrize("count,start,pages", [(12, 1, 1), (13, 1, 2), (12, 2, 2), (24, 1, 2), (1, 12, 1), (30, 7, 3)])
def test_page_counts(tmp_path, count, start, pages):
    """Pages = ceil((start - 1 + labels) / 12) on a 12-up sheet."""
    rows = [AddressRow("1000001", "東京都千代田区千代田", f"{i}-1", "", (NameEntry("試験", f"{i}号"),)) for i in range(count)]
    out, _s, result = _render(tmp_path, rows, start=start)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == pages == result.pages


def test_joint_names_align_given_names_and_honorifics(tmp_path, rows):
    """連名: given names start at one x, every person has their own 様 at one x."""
    out, _s, _r = _render(tmp_path, rows[:1])
    with pdfplumber.open(out) as pdf:
        chars = pdf.pages[0].chars
    first = {c["text"]: c for c in chars if c["size"] > 12}
    sama = sorted((c for c in chars if c["text"] == "様"), key=lambda c: c["top"])
    assert len(sama) == 3
    assert max(c["x0"] for c in sama) - min(c["x0"] for c in sama) < 0.01
    assert abs(first["太"]["x0"] - first["花"]["x0"]) < 0.01 and abs(first["花"]["x0"] - first["一"]["x0"]) < 0.01
    assert sum(1 for c in chars if c["text"] == "山") == 1  # the surname only once


def test_more_than_three_people_become_one_family_line(rows):
    """Four people: 「佐々木家 御一同様」, or the head and ご家族様 by setting."""
    assert textfit.name_lines(rows[2]) == [textfit.NameLine("佐々木家", "", "御一同様")]
    lines = textfit.name_lines(rows[2], family_style="gokazoku")
    assert lines[0] == textfit.NameLine("佐々木", "健一郎", "様") and lines[1].given == "ご家族様"


def test_per_person_prints_one_label_each(tmp_path, rows):
    """per=person: a household of three gives three labels, each full name with 様."""
    out, _s, result = _render(tmp_path, rows[:1], per="person")
    assert result.items == 3
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "山田 花子 様" in text and "山田 一 様" in text


def test_sorting(rows):
    """Postal, block and reading orders."""
    assert [r.key for r in labels.sort_rows(rows, "postal")] == ["h4", "h5", "h1", "h2", "h3"]
    assert [r.key for r in labels.sort_rows(rows, "block")][:2] == ["h1", "h3"]
    assert [r.key for r in labels.sort_rows(rows, "reading")][0] == "h3"


def test_long_address_wraps_at_boundaries_never_inside_a_number():
    """A line break falls between chunks or atoms, never inside 1234-5678-9012."""
    chunks = textfit.natural_chunks("北海道札幌市中央区北一条西", "1234-5678-9012")
    assert chunks == ["北海道", "札幌市中央区", "北一条西", "1234-5678-9012"]
    from desktop.printing import fonts

    fonts.register(fonts.GOTHIC)
    lines, ok = textfit.wrap_address(chunks, 60 * MM * 0.5, fonts.GOTHIC, 10)
    assert ok and "".join(lines) == "".join(chunks)
    assert any(line.endswith("1234-5678-9012") or line == "1234-5678-9012" for line in lines)


def test_offset_moves_the_print(tmp_path, rows):
    """A calibration offset of +2/+3 mm moves every character right and down by that much."""
    def first(offset):
        out = tmp_path / f"o{offset}.pdf"
        labels.render_labels(rows[:1], str(out), sheets.get_sheet("hisago-elm008"), labels.LabelOptions(offset_mm=offset))
        with pdfplumber.open(out) as pdf:
            c = pdf.pages[0].chars[0]
        return c["x0"] / MM, c["top"] / MM

    (x0, y0), (x1, y1) = first((0, 0)), first((2, 3))
    assert abs(x1 - x0 - 2) < 0.01 and abs(y1 - y0 - 3) < 0.01


def test_missing_glyph_is_reported_with_the_name(tmp_path):
    """A character no font has is named in the preflight with the person, and printed as 〓."""
    row = AddressRow("1000001", "東京都千代田区千代田", "1-1", "", (NameEntry("試験", "花\ue000"),), key="hx")
    problems = labels.preflight([row])
    assert len(problems) == 1 and problems[0].missing and problems[0].who == "試験 花\ue000"
    out, _s, result = _render(tmp_path, [row])
    assert result.problems == problems
    with pdfplumber.open(out) as pdf:
        assert "花〓 様" in pdf.pages[0].extract_text()


def test_calibration_page(tmp_path):
    """The calibration page draws the sheet and says how to read it."""
    out = tmp_path / "cal.pdf"
    labels.render_calibration(str(out), sheets.get_sheet("hisago-elm022"), (1.0, -0.5))
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 1
        assert len(pdf.pages[0].rects) >= 44
        assert "ELM022" in pdf.pages[0].extract_text()


def test_name_spacing_never_leaks_into_the_next_label(tmp_path, rows):
    """After a 連名 label, the spaces of the next address are ordinary spaces (no leftover Tw)."""
    out, _s, _r = _render(tmp_path, [rows[0], rows[1], rows[0], rows[1]])
    with pdfplumber.open(out) as pdf:
        chars = pdf.pages[0].chars
    chars = [c for c in chars if c["text"] != " "]
    gaps = [chars[i + 1]["x0"] - c["x1"] for i, c in enumerate(chars[:-1]) if c["text"] == "棟"]
    assert len(gaps) == 2 and all(g < chars[0]["size"] * 1.2 for g in gaps)  # one half-width space


def test_long_building_names_break_at_words_not_inside_them():
    """A building line that must wrap breaks at a space or where katakana meets kanji, and
    never inside a room number such as 10F-1001 or a katakana word (ザ・タワー)."""
    from desktop.printing import fonts, textfit

    width = 40 * MM
    lines, ok = textfit._split_long("サンライズマンション新宿御苑前 1203号室", width, fonts.GOTHIC, 9)
    assert lines == ["サンライズマンション", "新宿御苑前 1203号室"] and ok
    lines, _ok = textfit._split_long("ザ・タワー高輪 10F-1001", 22 * MM, fonts.GOTHIC, 9)
    assert lines[0] == "ザ・タワー" and any("10F-1001" in line for line in lines)


def test_breaks_keep_line_start_rules_place_names_and_room_numbers():
    """No line starts with ） ・ ー 、; 霞ヶ関 and 自由ヶ丘 are not treated as katakana words;
    1203号室 stays whole; every character survives the wrap (checked on many strings)."""
    import random

    from desktop.printing import fonts, textfit

    lines, _ok = textfit._split_long("新宿御苑前ビル（サンライズハイツ）1203号室", 40 * MM, fonts.GOTHIC, 9)
    assert not any(line[:1] in "）・ー、" for line in lines) and any("1203号室" in line for line in lines)
    lines, _ok = textfit._split_long("東京都千代田区霞ヶ関一丁目1-1", 43.6 * MM, fonts.GOTHIC, 8.5)
    assert "霞ヶ\n関" not in "\n".join(lines)
    rng = random.Random(5)
    alphabet = ["マンション", "ハイツ", "・", "ー", "（", "）", "新宿", "霞ヶ関", "1203", "号室", "10F-1001", " ", "東", "棟", "Apt."]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _i in range(rng.randint(1, 14))).strip()
        if not text:
            continue
        lines, _ok = textfit._split_long(text, rng.uniform(15, 60) * MM, fonts.GOTHIC, 9)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), text
        assert all(line[:1] not in "）・、" for line in lines[1:]), (text, lines)


def test_tiny_labels_report_their_smallest_text(tmp_path, rows):
    """On the 65-up sheet long addresses shrink; the result says how small, so the person is
    told before printing (12-up labels stay readable and say nothing)."""
    small = labels.render_labels(rows, str(tmp_path / "s.pdf"), sheets.get_sheet("hisago-elm023"))
    large = labels.render_labels(rows, str(tmp_path / "l.pdf"), sheets.get_sheet("hisago-elm008"))
    assert 0 < small.smallest_pt < labels.SMALL_PT <= large.smallest_pt
    assert "%.1f" % small.smallest_pt in labels.small_text_note(small.smallest_pt)


def _page_texts(path) -> list[str]:
    import pypdf

    return [p.extract_text() for p in pypdf.PdfReader(str(path)).pages]


def test_copies_repeat_the_whole_set(tmp_path):
    """Three copies of 13 labels on a 12-up sheet: 2 pages a set, 6 pages; set 2 and 3 read as set 1."""
    rows = [AddressRow("1000001", "東京都千代田区千代田", f"{i}-1", "", (NameEntry("試験", f"{i}号"),)) for i in range(13)]
    out, _s, result = _render(tmp_path, rows, copies=3)
    texts = _page_texts(out)
    assert len(texts) == result.pages == 6
    assert texts[0:2] == texts[2:4] == texts[4:6]
    assert "12号" in texts[1] and result.items == 13


def test_later_copies_start_on_a_fresh_sheet(tmp_path):
    """Start 5 with 2 copies of 10 labels: set 1 fills slots 5–12 and 2 of a second sheet; set 2
    starts at the top-left of its own sheet, so no label of a fresh sheet is wasted."""
    rows = [AddressRow("1000001", "東京都千代田区千代田", f"{i}-1", "", (NameEntry("試験", f"{i}号"),)) for i in range(10)]
    out, sheet, result = _render(tmp_path, rows, start=5, copies=2)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == result.pages == 3
        slots = [{_label_of(sheet, ch)[0] for ch in page.chars} for page in pdf.pages]
        set1 = pdf.pages[0].extract_text() + pdf.pages[1].extract_text()
        set2 = pdf.pages[2].extract_text()
    assert slots == [set(range(4, 12)), {0, 1}, set(range(10))]
    numbers = [str(i) for i in range(10)]  # the labels of each set, in sheet order
    assert re.findall(r"(\d+)号", set1) == re.findall(r"(\d+)号", set2) == numbers
