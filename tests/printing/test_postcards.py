"""Postcards and 長形3号 envelopes: postal boxes, vertical rules and joint names."""
from __future__ import annotations

import pdfplumber
import pytest

from desktop.printing import postcards, vertical
from desktop.printing.sheets import MM


def _chars(out, page=0):
    with pdfplumber.open(out) as pdf:
        return pdf.pages[page].chars, len(pdf.pages)


@pytest.mark.parametrize("spec", [postcards.POSTCARD, postcards.ENVELOPE], ids=["postcard", "envelope"])
@pytest.mark.parametrize("horizontal", [False, True], ids=["vertical", "horizontal"])
def test_postal_digits_sit_inside_their_boxes(tmp_path, rows, sender, spec, horizontal):
    """Each of the 7 digits is inside its Japan Post box (x from the reference table, y 12–20)."""
    out = tmp_path / "c.pdf"
    postcards.render_cards(rows[:1], str(out), spec, sender, postcards.CardOptions(horizontal=horizontal))
    chars, _n = _chars(out)
    digits = [c for c in chars if c["text"].isdigit() and c["top"] / MM < 25]
    assert "".join(c["text"] for c in sorted(digits, key=lambda c: c["x0"])) == "1050011"
    for c, left in zip(sorted(digits, key=lambda c: c["x0"]), spec.zip_x):
        assert left < c["x0"] / MM and c["x1"] / MM < left + 5.7
        assert 12.0 < c["top"] / MM and c["bottom"] / MM < 20.0


def test_box_positions_follow_japan_post():
    """Postcard boxes: right side of box 7 at 92.0 (8.0 from the right edge); envelope +20."""
    assert round(postcards.POSTCARD.zip_x[-1] + 5.7, 6) == 92.0
    assert postcards.ENVELOPE.zip_x[0] == pytest.approx(64.3)


def test_sender_digits_inside_sender_boxes(tmp_path, rows, sender):
    """The sender's postal code goes in the lower-left boxes (4.0 × 6.5, top 122.5)."""
    out = tmp_path / "c.pdf"
    postcards.render_postcards(rows[:1], str(out), sender)
    chars, _n = _chars(out)
    digits = sorted((c for c in chars if c["text"].isdigit() and c["top"] / MM > 120), key=lambda c: c["x0"])
    assert "".join(c["text"] for c in digits) == "1080073"
    for c, left in zip(digits, postcards.POSTCARD_SENDER_ZIP_X):
        assert left < c["x0"] / MM and c["x1"] / MM < left + 4.0
        assert 122.5 < c["top"] / MM and c["bottom"] / MM < 129.0


def test_vertical_joint_names_align(tmp_path, rows, sender):
    """Vertical 連名: head rightmost; given names begin on one line and the 様 share one line."""
    out = tmp_path / "c.pdf"
    postcards.render_postcards(rows[:1], str(out), sender)
    chars, _n = _chars(out)
    big = [c for c in chars if c["size"] > 16]
    by = {c["text"]: c for c in big}
    assert by["太"]["x0"] > by["花"]["x0"] > by["一"]["x0"]  # head rightmost
    assert abs(by["太"]["top"] - by["花"]["top"]) < 0.01 and abs(by["花"]["top"] - by["一"]["top"]) < 0.01
    sama = [c for c in big if c["text"] == "様"]
    assert len(sama) == 3 and max(c["top"] for c in sama) - min(c["top"] for c in sama) < 0.01
    assert sum(1 for c in big if c["text"] == "山") == 1


def test_everything_stays_on_the_card(tmp_path, rows, sender):
    """No character of any card leaves the 100×148 page."""
    out = tmp_path / "c.pdf"
    postcards.render_postcards(rows, str(out), sender)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == len(rows)
        for page in pdf.pages:
            for c in page.chars:
                assert 0 <= c["x0"] and c["x1"] <= page.width and 0 <= c["top"] and c["bottom"] <= page.height


def test_vertical_address_text(tmp_path, rows, sender):
    """The address reads top to bottom with kanji numerals and a vertical ー."""
    out = tmp_path / "c.pdf"
    postcards.render_postcards(rows[:1], str(out), sender)
    chars, _n = _chars(out)
    column = sorted((c for c in chars if abs(c["x0"] / MM - 85) < 3 and c["top"] / MM > 25), key=lambda c: c["top"])
    assert "".join(c["text"] for c in column) == "東京都港区芝公園四丁目二ー八"


def test_envelope_has_a_back_page_for_the_sender(tmp_path, rows, sender):
    """長形3号 with a sender: front then back for each envelope."""
    out = tmp_path / "e.pdf"
    result = postcards.render_envelopes(rows[:2], str(out), sender)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == result.pages == 4
        assert round(pdf.pages[0].width / MM) == 120 and round(pdf.pages[0].height / MM) == 235
        assert "みなと町会" in "".join(c["text"] for c in pdf.pages[1].chars)


@pytest.mark.parametrize("text,style,hyphen,expected", [
    ("4丁目2-8", "digits", "bar", "四丁目二ー八"),
    ("188番地", "digits", "bar", "一八八番地"),
    ("10-3", "digits", "no", "一〇の三"),
    ("31-10", "ten", "bar", "三十一ー十"),
    ("２３０５号室", "digits", "bar", "二三〇五号室"),
    ("A棟", "digits", "bar", "Ａ棟"),
    ("203号室(管理人室経由)", "digits", "bar", "二〇三号室（管理人室経由）"),
])
def test_vertical_numerals(text, style, hyphen, expected):
    """Digit by digit with 〇, 十 as an option, hyphen as ー or の (reference §3)."""
    assert vertical.to_vertical(text, style, hyphen) == expected


def test_orientation_rules():
    """ー and brackets rotate, 、。 shift, small kana nudge, kanji stay upright."""
    assert vertical.orientation("ー") == "rotate" and vertical.orientation("（") == "rotate"
    assert vertical.orientation("。") == "punct" and vertical.orientation("っ") == "small"
    assert vertical.orientation("様") == "upright"


def test_rotated_long_vowel_is_drawn_rotated(tmp_path):
    """ー in a vertical column comes out with a rotated text matrix."""
    from reportlab.pdfgen import canvas

    from desktop.printing import fonts

    fonts.register(fonts.MINCHO)
    out = tmp_path / "v.pdf"
    c = canvas.Canvas(str(out))
    vertical.draw_column(c, 100, 700, "タワー", fonts.MINCHO, 20)
    c.save()
    chars, _n = _chars(out)
    assert [ch["text"] for ch in chars] == ["タ", "ワ", "ー"]
    assert chars[0]["upright"] and not chars[2]["upright"]
    assert chars[0]["top"] < chars[1]["top"] < chars[2]["top"]


def test_latin_names_lie_on_their_side_and_half_width_kana_stand_full(tmp_path):
    """In a vertical column a Latin name is one sideways run (readable, in order), ﾔﾏﾀﾞ is
    drawn as ヤマダ (three cells, not ﾞ in a cell of its own), and a single letter stands."""
    from reportlab.pdfgen import canvas

    from desktop.printing import fonts

    out = tmp_path / "v.pdf"
    c = canvas.Canvas(str(out))
    vertical.draw_column(c, 100, 780, "Smith John", fonts.MINCHO, 20)
    vertical.draw_column(c, 200, 780, "ﾔﾏﾀﾞ ﾊﾅｺ", fonts.MINCHO, 20)
    vertical.draw_column(c, 300, 780, "Ａ棟", fonts.MINCHO, 20)
    c.save()
    chars, _n = _chars(out)
    latin = [ch for ch in chars if ch["x0"] < 150]
    assert "".join(ch["text"] for ch in latin) == "Smith John" and not any(ch["upright"] for ch in latin)
    assert [ch["top"] for ch in latin] == sorted(ch["top"] for ch in latin)  # reads downwards
    kana = [ch for ch in chars if 150 < ch["x0"] < 250]
    assert "".join(ch["text"] for ch in kana) == "ヤマダハナコ" and all(ch["upright"] for ch in kana)
    assert all(ch["upright"] for ch in chars if ch["x0"] > 250)
    assert vertical.column_length("Smith John", 20) < 10 * 20  # shorter than ten upright cells


def test_sapporo_addresses_keep_the_direction_with_the_number():
    from desktop.services.importer import _split_address

    assert _split_address("北海道札幌市中央区北1条西2丁目1-10") == ("北海道札幌市中央区", "北1条西2丁目1-10")
    assert _split_address("東京都港区西新橋1-1-1") == ("東京都港区西新橋", "1-1-1")


def test_accented_latin_names_lie_on_their_side_whole_and_measure_as_drawn(tmp_path):
    """José, Nguyễn, Trần Văn An are one sideways run each; with tracking the measured length
    equals the drawn length."""
    from reportlab.pdfgen import canvas

    from desktop.printing import fonts

    assert vertical._pieces("José") == ["José"] and vertical._pieces("Trần Văn An") == ["Trần Văn An"]
    c = canvas.Canvas(str(tmp_path / "t.pdf"))
    for text in ("Smith", "山田 太郎", "Nguyễn 様"):
        for tracking in (0.0, 0.5):
            bottom = vertical.draw_column(c, 100, 700, text, fonts.MINCHO, 20, tracking)
            assert abs((700 - bottom) - vertical.column_length(text, 20, tracking, font=fonts.MINCHO)) < 0.01


@pytest.mark.parametrize("spec", [postcards.POSTCARD, postcards.ENVELOPE], ids=["postcard", "envelope"])
def test_copies_repeat_the_whole_set(tmp_path, rows, sender, spec):
    """Two copies: every card of the set (and an envelope's back) once, then the set again."""
    import pypdf

    out = tmp_path / "c.pdf"
    one = postcards.render_cards(rows, str(tmp_path / "one.pdf"), spec, sender)
    result = postcards.render_cards(rows, str(out), spec, sender, postcards.CardOptions(copies=2))
    texts = [p.extract_text() for p in pypdf.PdfReader(str(out)).pages]
    assert len(texts) == result.pages == 2 * one.pages
    assert texts[:one.pages] == texts[one.pages:]
    assert result.items == len(rows)
