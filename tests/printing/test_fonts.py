"""Fonts: registration, fallback for 𠮷, missing-glyph detection, the ToUnicode fix."""
from __future__ import annotations

import pdfplumber
import pypdf
from reportlab.pdfgen import canvas

from desktop.printing import fonts


def _pdf_with(tmp_path, text, name=fonts.GOTHIC):
    out = tmp_path / "t.pdf"
    c = canvas.Canvas(str(out))
    fonts.draw_string(c, 50, 700, text, name, 14)
    c.showPage()
    c.save()
    return out


def test_register_is_idempotent():
    """Registering twice keeps one font object."""
    from reportlab.pdfbase import pdfmetrics

    fonts.register(fonts.GOTHIC)
    first = pdfmetrics.getFont(fonts.GOTHIC)
    fonts.register(fonts.GOTHIC)
    assert pdfmetrics.getFont(fonts.GOTHIC) is first


def test_non_bmp_text_extracts_correctly(tmp_path):
    """𠮷 (fallback face) and 𡈽 (in BIZ UD) extract as themselves, not ₻ / ℣."""
    out = _pdf_with(tmp_path, "𠮷田 𡈽子 様")
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "𠮷田" in text and "𡈽子" in text
    assert "₻" not in text and "℣" not in text
    assert "𠮷田" in pypdf.PdfReader(out).pages[0].extract_text().replace("\n", "")


def test_fallback_runs_use_ipamj_for_missing_characters():
    """BIZ UDGothic lacks 𠮷; the run splits into the fallback face just for it."""
    assert fonts.runs("𠮷田", fonts.GOTHIC) == [(fonts.FALLBACK, "𠮷"), (fonts.GOTHIC, "田")]
    assert fonts.fallback_chars("𠮷田", fonts.GOTHIC) == ["𠮷"]
    assert fonts.missing_chars("𠮷田") == []


def test_fallback_glyph_is_embedded(tmp_path):
    """The PDF embeds IPAmj for 𠮷, so it is printed, not dropped."""
    out = _pdf_with(tmp_path, "𠮷")
    with pdfplumber.open(out) as pdf:
        chars = pdf.pages[0].chars
    assert [c["text"] for c in chars] == ["𠮷"]
    assert "IPAmj" in chars[0]["fontname"]


def test_characters_no_font_has_are_listed_and_marked(tmp_path):
    """An emoji and a private-use character are reported and drawn as 〓."""
    assert fonts.missing_chars("山田\U0001F600\ue000") == ["\U0001F600", "\ue000"]
    out = _pdf_with(tmp_path, "田\U0001F600")
    with pdfplumber.open(out) as pdf:
        assert pdf.pages[0].extract_text() == "田〓"


def test_string_width_counts_fallback_characters():
    """A fallback character is measured in the face that draws it (1 em)."""
    assert abs(fonts.string_width("𠮷田", fonts.GOTHIC, 10) - 20) < 0.01


def test_invisible_characters_and_decomposed_kana_print_cleanly(tmp_path):
    """葛 + an IVS selector, 邉 + FE00 and a zero-width space print their base characters (no 〓,
    no warning); ハ + combining ゚ (a Mac file) prints as one パ; compatibility kanji stay."""
    text = "葛\U000E0100城 渡邉\ufe00 田中\u200b花子 ハ\u309aク シ\u3099ヨン 大\ufa10"
    assert fonts.missing_chars(text) == [] and fonts.MISSING_MARK not in "".join(p for _f, p in fonts.runs(text))
    out = _pdf_with(tmp_path, text)
    with pdfplumber.open(out) as pdf:
        extracted = pdf.pages[0].extract_text()
    assert "葛城 渡邉 田中花子 パク ジヨン 大\ufa10" in extracted and "〓" not in extracted
    assert fonts.string_width(text, fonts.GOTHIC, 10) == fonts.string_width("葛城 渡邉 田中花子 パク ジヨン 大\ufa10",
                                                                        fonts.GOTHIC, 10)


def test_names_are_stored_with_kana_composed_and_kanji_as_typed(store):
    from desktop.services import roster

    p, _ = roster.save_person({"family_name": "ハ\u309aク", "given_name": "大\ufa10", "family_reading": "はく"})
    assert (p.family_name, p.given_name) == ("パク", "大\ufa10")
