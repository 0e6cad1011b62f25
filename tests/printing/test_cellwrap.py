"""Line breaks in table cells (desktop/printing/cellwrap.py) on hand-made strings."""
from __future__ import annotations

import pytest

from desktop.printing import cellwrap, fonts
from desktop.printing.document import fit
from desktop.printing.furniture import MM

G = fonts.GOTHIC


def lines(text: str, width_mm: float, size: float, loose: bool = False) -> list[str]:
    fonts.register_all()
    return cellwrap.wrap(text, width_mm * MM, G, size, loose)


@pytest.mark.parametrize("text, width_mm, size, expected", [
    # the tester's cells, at the widths they had
    ("昭和22年1月24日 (79歳)", 20, 8.5, ["昭和22年1月24日", "(79歳)"]),
    ("一人暮らし高齢者、聴覚障害", 36, 8, ["一人暮らし高齢者、", "聴覚障害"]),
    ("高齢者のみ世帯、身体障害 階段の昇り降りに介助が必要", 36, 8,
     ["高齢者のみ世帯、身体障害", "階段の昇り降りに介助が", "必要"]),
    ("東京都港区六本木1丁目7-14 コーポ白金105", 44, 7, ["東京都港区六本木1丁目7-14", "コーポ白金105"]),
    ("5班 班長 青木 翔太", 28, 9.5, ["5班 班長", "青木 翔太"]),
    ("固 03-6508-0779  携 070-8054-7704", 44, 8.5, ["固 03-6508-0779", "携 070-8054-7704"]),
    # a building name stays whole; if it must, it breaks before its number
    ("パークサイド高輪808", 26, 8.5, ["パークサイド高輪", "808"]),
    # names joined by ・ break after the ・, never inside a name
    ("上野 茂・岡田 茂・岡本 進", 31, 9, ["上野 茂・岡田 茂・", "岡本 進"]),
    # a name followed by a particle is still a name
    ("最後の列の終わり（森 恵子 の次）に入れました", 62, 10, ["最後の列の終わり（森 恵子 の次）", "に入れました"]),
])
def test_breaks_fall_at_sensible_places(text, width_mm, size, expected):
    """Dates, numbers with units, phones with their mark, short words and names stay whole;
    a line ends at a space, after 、・, before （, or between a name and its number."""
    assert lines(text, width_mm, size) == expected


def test_a_unit_wider_than_the_line_stays_whole_until_loose():
    """Strict: the date overflows (the caller shrinks); loose: it breaks after 年, never
    inside the digits; a short word breaks only loose."""
    assert lines("昭和22年11月24日", 15, 8.5) == ["昭和22年11月24日"]
    assert lines("昭和22年11月24日", 15, 8.5, loose=True) == ["昭和22年", "11月24日"]
    assert lines("一部損壊", 8, 8.5) == ["一部損壊"]
    assert lines("03-6508-0779", 10, 9, loose=True) == ["03-6508-0779"]
    assert lines("Originator", 8, 8, loose=True) == ["Originator"]


def test_no_line_starts_with_a_closing_mark_and_nothing_is_lost():
    """行頭禁則 on many widths, and every character other than the spaces at breaks survives."""
    text = "要介護3、在宅酸素（ボンベ予備1本）。階段の昇り降りに介助が必要・車いす ザ・タワー港南 1203号室"
    for width in range(8, 80, 3):
        for loose in (False, True):
            got = lines(text, width, 8, loose)
            assert "".join(got).replace(" ", "") == text.replace(" ", "")
            assert not any(line[:1] in cellwrap.NO_START for line in got[1:]), (width, got)
            assert not any(line[-1:] in cellwrap.NO_END for line in got[:-1]), (width, got)


def test_fit_keeps_words_whole_down_to_the_minimum_size():
    """fit shrinks a heading to keep 「一部損壊」 on one line while the minimum allows, and
    breaks it only below that."""
    fonts.register_all()
    got, size = fit("一部損壊", 11 * MM, 10 * MM, G, 8.5, min_size=7)
    assert got == ["一部損壊"] and 7 <= size < 8.5
    got, size = fit("一部損壊", 8 * MM, 10 * MM, G, 8.5, min_size=7)
    assert size == 7 and got == ["一部損", "壊"]
