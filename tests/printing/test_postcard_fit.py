"""Postcards and envelopes with long addresses: every character stays on the card, building
names wrap at natural points, text does not shrink below SMALL_PT without a note."""
from __future__ import annotations

import pdfplumber
import pytest

from desktop.printing import postcards
from desktop.printing.labels import SMALL_PT
from desktop.printing.rows import AddressRow, NameEntry, Sender
from desktop.printing.sheets import MM

N = NameEntry
# Synthetic households with the long building names real files have (a tester's cases).
LONG = [
    AddressRow("2330003", "神奈川県横浜市港南区港南", "1丁目2-3", "リバーシティ港南グランドレジデンス イースト棟 1503号室",
               (N("山田", "太郎"), N("山田", "花子")), key="k1"),
    AddressRow("1066108", "東京都港区六本木", "６丁目１０番１号",
               "六本木ヒルズレジデンスＢ棟 ザ・パークハウスグラン 特別室２０３号室（管理人室経由）",
               (N("山崎", "徳太郎"), N("山崎", "良子")), key="k2"),
    AddressRow("1080023", "東京都港区芝浦", "4-20-2", "ベイサイドコート芝浦ウォーターフロントタワーＡ棟 2105",
               (N("高橋", "一郎"), N("高橋", "花子"), N("高橋", "次郎")), key="k3"),
    AddressRow("1070052", "東京都港区赤坂", "9丁目7番1号",
               "ミッドタウン・レジデンシィズ・イーストウイング・ガーデンテラス・サービスアパートメント棟"
               "北側エレベーターホール奥3512号室", (N("佐藤", "一"), N("佐藤", "二"), N("佐藤", "三")), key="k4"),
    AddressRow("1050011", "東京都港区芝公園", "4丁目2-8", "", (N("鈴木", "一"),), key="k5"),
]
SENDER = Sender("1080075", "東京都港区港南9丁目", "1-1", "町会会館", ("港南みらい町会（デモ）", "会長 佐藤 一郎"))
LONG_SENDER = Sender("2340054", "神奈川県横浜市港南区港南台ひまわりが丘", "12丁目34番56号",
                     "港南台ひまわりが丘コミュニティセンター 2階 自治会事務室",
                     ("港南台ひまわりが丘第三町内会", "会長 長谷川 左衛門三郎"))
SPECS = pytest.mark.parametrize("spec", [postcards.POSTCARD, postcards.ENVELOPE], ids=["postcard", "envelope"])
WRITING = pytest.mark.parametrize("horizontal", [False, True], ids=["vertical", "horizontal"])


def _render(tmp_path, rows, spec=postcards.POSTCARD, sender=SENDER, **opts):
    out = tmp_path / "c.pdf"
    result = postcards.render_cards(rows, str(out), spec, sender, postcards.CardOptions(**opts))
    with pdfplumber.open(out) as pdf:
        pages = [(p.width, p.height, p.chars) for p in pdf.pages]
    return result, pages


def _front(pages, spec, i):
    return pages[i * 2 if spec.sender_on_back else i]


@SPECS
@WRITING
@pytest.mark.parametrize("sender", [SENDER, LONG_SENDER], ids=["sender", "long-sender"])
def test_every_character_stays_on_the_card(tmp_path, spec, horizontal, sender):
    """Long buildings, 連名 and a long sender: no character's box leaves the card (the old
    horizontal card drew them out to x = 186 mm on a 100 mm card)."""
    _result, pages = _render(tmp_path, LONG, spec, sender, horizontal=horizontal)
    for width, height, chars in pages:
        assert round(width / MM) == spec.size_mm[0] and round(height / MM) == spec.size_mm[1]
        outside = [c["text"] for c in chars
                   if c["x0"] < 0 or c["x1"] > width + 0.01 or c["top"] < 0 or c["bottom"] > height + 0.01]
        assert not outside


@SPECS
@WRITING
@pytest.mark.parametrize("sender", [SENDER, LONG_SENDER], ids=["sender", "long-sender"])
def test_text_below_the_floor_only_with_a_note(tmp_path, spec, horizontal, sender):
    """No character smaller than SMALL_PT unless the result has a note naming the person (or
    the sender); smallest_pt is the smallest size really printed."""
    result, pages = _render(tmp_path, LONG, spec, sender, horizontal=horizontal)
    printed = min(c["size"] for _w, _h, chars in pages for c in chars)
    assert result.smallest_pt == pytest.approx(printed, abs=0.05)
    for i, row in enumerate(LONG):
        smallest = min(c["size"] for c in _front(pages, spec, i)[2])
        named = [n for n in result.notes if row.names[0].full in n]
        assert smallest >= SMALL_PT - 0.05 or named, row.address3
    assert all(c["size"] >= SMALL_PT - 0.05 for _w, _h, chars in pages for c in chars) or result.notes


def test_an_absurd_building_name_gets_a_note_not_ink_off_the_card(tmp_path):
    """A building of 150 characters cannot fit at SMALL_PT: it goes smaller, stays on the card,
    and the result says whose card it is and how small (preview, CLI text and --json show it)."""
    row = AddressRow("1000001", "東京都千代田区千代田", "1-1", "あいうえおかきくけこ" * 15, (N("田中", "一郎"),))
    for horizontal in (False, True):
        result, pages = _render(tmp_path, [row], horizontal=horizontal)
        width, height, chars = pages[0]
        assert all(0 <= c["x0"] and c["x1"] <= width + 0.01 and c["bottom"] <= height + 0.01 for c in chars)
        assert "".join(c["text"] for c in chars).count("あ") == 15
        if not horizontal:
            assert result.smallest_pt < SMALL_PT
            assert len(result.notes) == 1 and "田中 一郎" in result.notes[0]
            assert "%.1f" % result.smallest_pt in result.notes[0]


def _columns(chars, size_range, x_range=(0, 1000)):
    """Vertical columns of characters in a size range: [(x centre mm, text top-down)] right to
    left. The postal codes (ASCII digits in their boxes) are left out."""
    picked = [c for c in chars if size_range[0] <= c["size"] <= size_range[1] and not c["text"].isascii()
              and x_range[0] <= (c["x0"] + c["x1"]) / 2 / MM <= x_range[1]]
    cols: dict[float, list] = {}
    for c in picked:
        x = round((c["x0"] + c["x1"]) / 2 / MM)
        key = next((k for k in cols if abs(k - x) <= 1), x)
        cols.setdefault(key, []).append(c)
    return [(x, "".join(c["text"] for c in sorted(cs, key=lambda c: c["top"]))) for x, cs in
            sorted(cols.items(), reverse=True)]


def test_vertical_building_wraps_into_columns_at_natural_points(tmp_path):
    """The building name gets a second or third column, broken at a space or where katakana
    meets kanji, never inside 一五〇三; the address keeps 15 pt (the old card shrank it and the
    building to 6 pt and less)."""
    _result, pages = _render(tmp_path, LONG[:3])
    expected = [
        ["リバーシティ港南グランドレジデンス", "イースト棟一五〇三号室"],
        ["六本木ヒルズレジデンスＢ棟", "ザ・パークハウスグラン", "特別室二〇三号室（管理人室経由）"],
        ["ベイサイドコート芝浦", "ウォーターフロントタワーＡ棟二一〇五"],
    ]
    for (_w, _h, chars), building in zip(pages, expected):
        address = [c for c in chars if c["top"] / MM > 25 and c["x0"] / MM > 84]
        assert {round(c["size"], 1) for c in address} == {15.0}
        cols = [text for _x, text in _columns(chars, (SMALL_PT, 16), (55, 84))]
        assert cols == building
        drawn = [c for c in chars if c["text"] in "".join(building) and 55 < c["x0"] / MM < 84]
        assert min(c["size"] for c in drawn) >= 12


def test_vertical_names_stay_aligned_beside_three_building_columns(tmp_path):
    """With the building in three columns the names keep the rules: head rightmost, given
    names start on one line, every 様 on one line, nothing touches the address or the sender."""
    _result, pages = _render(tmp_path, [LONG[3]])
    _w, _h, chars = pages[0]
    big = [c for c in chars if c["size"] > 18]
    head = [c for c in big if c["text"] in "佐藤"]
    given = {c["text"]: c for c in big if c["text"] in "一二三"}
    sama = [c for c in big if c["text"] == "様"]
    assert len(head) == 2 and len(given) == 3 and len(sama) == 3
    assert given["一"]["x0"] > given["二"]["x0"] > given["三"]["x0"]
    assert max(c["top"] for c in given.values()) - min(c["top"] for c in given.values()) < 0.01
    assert max(c["top"] for c in sama) - min(c["top"] for c in sama) < 0.01
    building = [c for c in chars if SMALL_PT <= c["size"] < 16 and c["top"] / MM > 25 and c["x0"] / MM > 40]
    assert len(_columns(building, (0, 99))) >= 4  # the address and a building of two or three columns
    assert max(c["x1"] for c in big) < min(c["x0"] for c in building)
    sender = [c for c in chars if c["top"] / MM > 60 and c["x1"] / MM < 33 and c["size"] < 12]
    assert sender and min(c["x0"] for c in big) > max(c["x1"] for c in sender)


def _lines(chars, size_range):
    rows: dict[float, list] = {}
    for c in chars:
        if size_range[0] <= c["size"] <= size_range[1]:
            key = next((k for k in rows if abs(k - c["top"]) < 1), c["top"])
            rows.setdefault(key, []).append(c)
    return ["".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])) for _k, cs in sorted(rows.items())]


def test_horizontal_long_addresses_wrap_at_natural_points(tmp_path):
    """横書き: the building goes on lines of its own, broken at a space or a katakana/kanji
    boundary, the room number whole; at 13 pt, left of the right margin."""
    _result, pages = _render(tmp_path, LONG[:3], horizontal=True)
    expected = [
        ["神奈川県横浜市港南区港南1丁目2-3", "リバーシティ港南グランドレジデンス", "イースト棟 1503号室"],
        ["東京都港区六本木６丁目１０番１号", "六本木ヒルズレジデンスＢ棟", "ザ・パークハウスグラン", "特別室２０３号室（管理人室経由）"],
        ["東京都港区芝浦4-20-2", "ベイサイドコート芝浦", "ウォーターフロントタワーＡ棟 2105"],
    ]
    for (width, _h, chars), lines in zip(pages, expected):
        address = [c for c in chars if 25 < c["top"] / MM < 60 and c["size"] < 14]
        assert _lines(address, (12.9, 13.1)) == lines
        assert max(c["x1"] for c in address) <= width - 8 * MM + 0.01


def test_sender_block_wraps_and_keeps_names_whole(tmp_path):
    """A long sender is wrapped at natural points, not shrunk to 5 pt in one line; the
    association's name stays whole on one line (horizontal) or in one column (vertical)."""
    for horizontal in (False, True):
        result, pages = _render(tmp_path, LONG[4:], sender=LONG_SENDER, horizontal=horizontal)
        _w, _h, chars = pages[0]
        sender = [c for c in chars if 60 < c["top"] / MM < 121 and c["size"] < 12 and c["x0"] / MM < 50]
        assert min(c["size"] for c in sender) >= SMALL_PT and not result.notes
        pieces = _lines(sender, (0, 12)) if horizontal else [t for _x, t in _columns(sender, (0, 12))]
        assert "港南台ひまわりが丘第三町内会" in pieces


def test_cards_report_their_smallest_text(tmp_path):
    """smallest_pt is measured for postcards and envelopes as for labels (it said 0.0)."""
    for spec in (postcards.POSTCARD, postcards.ENVELOPE):
        result, pages = _render(tmp_path, LONG[4:], spec)
        printed = min(c["size"] for _w, _h, chars in pages for c in chars)
        assert result.smallest_pt == pytest.approx(printed, abs=0.05) and result.smallest_pt >= SMALL_PT
