"""Japanese text rules: folding, 五十音 keys, index tabs, phones, postal codes, dates, readings."""
from __future__ import annotations

import datetime as dt
import random
import sqlite3

import pytest

from desktop import i18n, jtext
from desktop.jtext import (
    DateError,
    PhoneNumber,
    age_on,
    era_year,
    fold,
    fold_query,
    format_date,
    format_postal,
    from_excel_serial,
    index_bounds,
    index_label,
    normalize_phone,
    normalize_postal,
    parse_date,
    person_search_text,
    person_sort_key,
    phone_digits,
    phone_problem_text,
    sort_key,
    suggest_reading,
)

D = dt.date


@pytest.fixture
def japanese():
    """Run with the Japanese catalogue and restore the previous language afterwards."""
    before = i18n.language()
    i18n.set_language("ja")
    yield
    i18n.set_language(before)


# --------------------------------------------------------------------------------- fold


@pytest.mark.parametrize("variant", ["ヤマダ", "ﾔﾏﾀﾞ", "やまだ", "ヤ マ ダ", "ﾔﾏﾀ\uff9e", "ヤマタ\u3099", "ヤマタ゛"])
def test_fold_kana_variants_equal(variant):
    """Katakana, half-width kana, hiragana and decomposed dakuten all fold to the same string."""
    assert fold(variant) == "やまだ"


@pytest.mark.parametrize("text, expected", [
    ("ＹＡＭＡＤＡ", "yamada"),
    ("Yamada", "yamada"),
    ("yamada", "yamada"),
    ("ｙａｍａｄａ　ｔａｒｏ", "yamadataro"),
    ("03-1234-5678", "0312345678"),
    ("０３－１２３４－５６７８", "0312345678"),
    ("03ー1234ー5678", "0312345678"),      # IME turned "-" into ー
    ("03‐1234−5678", "0312345678"),        # hyphen and minus sign
    ("03―1234ｰ5678", "0312345678"),        # horizontal bar and half-width ｰ
    ("(03)1234-5678", "0312345678"),
    ("（０３）１２３４", "031234"),
    ("山田　太郎", "山田太郎"),
    ("山田 太郎", "山田太郎"),
    ("ジョン・スミス", "じょんすみす"),
    ("ｼﾞｮﾝ･ｽﾐｽ", "じょんすみす"),
    ("けーき", "けき"),                     # ー is dropped: けーき and けき search alike
    ("ケーキ", "けき"),
    ("ヴァイオリン", "ゔぁいおりん"),
    ("ヶ", "ゖ"),
    ("", ""),
    ("   ", ""),
    ("髙橋", "高橋"),
    ("渡邊", "渡辺"),
    ("渡邉", "渡辺"),
    ("山﨑", "山崎"),
    ("齋藤", "斎藤"),
    ("𠮷田", "吉田"),
    ("①", "1"),
])
def test_fold_table(text, expected):
    """fold handles width, case, kana type, spaces, hyphen-like marks and variant kanji."""
    assert fold(text) == expected


def test_fold_none_is_empty():
    """fold(None) is tolerated and gives an empty string."""
    assert fold(None) == ""  # type: ignore[arg-type]


def test_fold_is_idempotent():
    """Folding twice changes nothing."""
    for text in ["ﾔﾏﾀﾞ ﾀﾛｳ", "ＹＡＭＡＤＡ", "03ー1234", "ケーキ", "渡邊"]:
        assert fold(fold(text)) == fold(text)


def test_fold_query_matches_stored_fold():
    """A query is folded exactly like the stored text."""
    assert fold_query("ﾔﾏﾀﾞ") == fold("やまだ")
    assert fold_query("ＹＡＭＡ") in fold("Yamada")


@pytest.mark.parametrize("text, digits", [
    ("03-1234-5678", "0312345678"),
    ("０３（１２３４）５６７８", "0312345678"),
    ("TEL:045-123-4567", "0451234567"),
    ("abc", ""),
    ("", ""),
])
def test_phone_digits(text, digits):
    """phone_digits keeps only ASCII digits after width folding."""
    assert phone_digits(text) == digits


def test_person_search_text_layout():
    """Folded name, folded reading and phone digits, space separated."""
    text = person_search_text("山田", "太郎", "ヤマダ", "タロウ", ["03-1234-5678", "", "090ー1234ー5678"])
    assert text == "山田太郎 やまだたろう 0312345678 09012345678"


@pytest.mark.parametrize("query", ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "山田", "山田 太郎", "たろう", "03-1234", "０３１２３４", "5678", "03ー1234", "ﾀﾛｳ"])
def test_person_search_text_found_by_query(query):
    """Every common spelling of name, reading or phone finds the person."""
    text = person_search_text("山田", "太郎", "やまだ", "たろう", ["03-1234-5678"])
    assert jtext.matches(text, query)
    if " " not in query:
        assert fold_query(query) in text


def test_person_search_text_repairs_phone_digits():
    """A phone that lost its leading 0 is stored with the 0, so the printed number is found."""
    text = person_search_text("佐藤", "花子", "さとう", "はなこ", ["3-1234-5678"])
    assert "0312345678" in text


def test_person_search_text_empty_parts():
    """Missing readings and phones leave no stray separators."""
    assert person_search_text("山田", "", "", "", []) == "山田"


def test_query_terms_and_matches():
    """Space-separated query terms must all match."""
    text = person_search_text("鈴木", "一郎", "すずき", "いちろう", ["0312345678"])
    assert jtext.query_terms("ｽｽﾞｷ  0312") == ["すずき", "0312"]
    assert jtext.matches(text, "すずき 0312")
    assert not jtext.matches(text, "すずき 0999")
    assert jtext.matches(text, "   ")


# --------------------------------------------------------------------------------- sort_key


def _is_sorted(words):
    keys = [sort_key(w) for w in words]
    return keys == sorted(keys)


@pytest.mark.parametrize("ordered", [
    ["は", "ば", "ぱ", "はあ", "ばあ", "ぱあ", "ひ"],                 # JIS X 4061 example
    ["ああく", "あーく", "ああけ"],                                 # 長音 = preceding vowel, vowel first
    ["きゃ", "きや", "きゃく", "きやく", "きゆ"],                     # small kana before large (chosen rule)
    ["あ", "い", "う", "え", "お", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ", "を", "ん"],
    ["わ", "ゐ", "ゑ", "を", "ん"],
    ["かき", "かぎ", "がき", "がぎ"],                               # voicing compared position by position
    ["つ", "っつ", "つつ"],
    ["すすき", "すずき", "すずきあ"],
    ["こうじ", "こうしゃ", "こーじ"],                               # こー = こお, after こう…
    ["まりあ", "まりああ", "まりあー", "まりあい"],
    ["う", "ゔ", "うあ", "ゔぁ", "ゔあ"],                            # ヴ = う + 濁点
    ["ん", "0", "9", "a", "z", "亜"],                               # kana < digits < latin < other
    ["やま", "やま たろう", "やまだ", "やまだ たろう"],                 # family first, then given
    ["たなか", ""],                                                  # empty sorts last
])
def test_sort_order(ordered):
    """Readings sort in 五十音 order following JIS X 4061 as described in print-formats §5."""
    assert _is_sorted(ordered), [sort_key(w) for w in ordered]


@pytest.mark.parametrize("a, b", [
    ("やまだ", "ヤマダ"),
    ("やまだ", "ﾔﾏﾀﾞ"),
    ("ヤマダ", "ﾔﾏﾀﾞ"),
    ("すずき", "ｽｽﾞｷ"),
    ("がっこう", "ガッコウ"),
    ("ゔぁ", "ヴァ"),
    ("ABC", "abc"),
    ("ＡＢＣ", "abc"),
    ("１２", "12"),
    ("みすゞ", "ミスヾ"),
    ("やま だ", "やま　だ"),
])
def test_sort_key_equal(a, b):
    """Katakana/hiragana, widths and latin case give equal keys."""
    assert sort_key(a) == sort_key(b)


@pytest.mark.parametrize("reading", ["", "   ", "　", None, "ー", "・"])
def test_sort_key_empty_last(reading):
    """Empty (or mark-only) readings get the largest key."""
    assert sort_key(reading) == jtext.EMPTY_SORT_KEY
    assert sort_key("zzz") < sort_key(reading)
    assert sort_key("𠮷") < sort_key(reading)


def test_sort_key_long_vowel_rows():
    """ー takes the vowel of the kana before it (including small kana) for the primary level."""
    assert sort_key("かー")[:2] == "かあ"
    assert sort_key("きー")[:2] == "きい"
    assert sort_key("しゅー")[:3] == "しゆう"
    assert sort_key("けー")[:2] == "けえ"
    assert sort_key("ろー")[:2] == "ろお"
    assert sort_key("ぱー")[:2] == "はあ"
    assert sort_key("んー")[:2] == "んん"


def test_sort_key_iteration_marks():
    """ゝ repeats the kana before it unvoiced and ゞ voiced, so they sort like the spelled-out form."""
    assert sort_key("みすゞ") == sort_key("みすず")
    assert sort_key("ミスヾ") == sort_key("みすず")
    assert sort_key("さゝき") == sort_key("ささき")
    assert sort_key("ぶゝ") == sort_key("ぶふ")
    assert _is_sorted(["みすす", "みすゞ", "みすずあ"])
    assert sort_key("ゝ") == jtext.EMPTY_SORT_KEY  # nothing to repeat


def test_sort_key_ignores_hyphens_and_dots():
    """Hyphens and the middle dot inside a reading do not affect order."""
    assert sort_key("じょん・すみす") == sort_key("じょんすみす")
    assert sort_key("あ-い") == sort_key("あい")


def test_sort_key_combining_mark_after_non_composable_kana():
    """A dakuten that cannot compose (あ゙) still marks the kana as voiced."""
    assert sort_key("あ\u3099") > sort_key("あ")
    assert sort_key("あ\u3099")[:1] == "あ"


def test_sort_key_is_plain_str_with_valid_code_points():
    """Keys are str that encode to UTF-8 (SQLite stores them unchanged)."""
    for word in ["やまだ", "ヴァイオリン", "abc", "", "𠮷田", "みすゞ", "けーき"]:
        key = sort_key(word)
        assert isinstance(key, str)
        key.encode("utf-8")


def test_sort_key_sqlite_binary_order_matches_python():
    """ORDER BY on the stored keys (BINARY collation) gives the same order as Python's sorted()."""
    rng = random.Random(4061)
    kana = "あいうえおかがきぎくぐけげこごさざしじすずせぜそぞただちぢつづってでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろわをんー"
    words = ["".join(rng.choice(kana) for _ in range(rng.randint(1, 6))) for _ in range(2000)]
    words += ["", "abc", "ABC", "123", "山田", "𠮷", "ヤマダ", "ｽｽﾞｷ", "やま だ"]
    conn = sqlite3.connect(":memory:")
    conn.execute("create table p (id integer, k text)")
    conn.executemany("insert into p values (?, ?)", [(i, sort_key(w)) for i, w in enumerate(words)])
    from_sql = [row[0] for row in conn.execute("select k from p order by k")]
    assert from_sql == sorted(sort_key(w) for w in words)


def test_sort_key_stable_against_reference_list():
    """A realistic list of synthetic surname readings comes out in dictionary order."""
    # Voicing is ignored until the base kana tie, so ががわ (かかわ) comes before かとう.
    expected = ["あおき", "あべ", "いとう", "いのうえ", "うえだ", "えんどう", "おおの", "おおはし",
                "ががわ", "かとう", "きむら", "くどう", "ぐんじ", "ごとう", "こばやし", "ざいつ",
                "さいとう", "しみず", "じんぼ", "すずき", "たかはし", "だて", "ちば", "つじ", "てらだ",
                "どい", "なかむら", "にしだ", "ぱく", "はしもと", "ばば", "はやし", "ひらの", "ふじた",
                "ほんだ", "まえだ", "みうら", "むらかみ", "もり", "やまだ", "ゆあさ", "よしだ", "りゅう",
                "わたなべ", "をかだ", "んどう"]
    shuffled = expected[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == expected


def test_person_sort_key_family_then_given():
    """Family reading decides first (はら before ばら even if the given name says otherwise)."""
    people = [("ばら", "あきら"), ("はら", "たろう"), ("はら", "あきこ"), ("", "あい"), ("はら", "")]
    ordered = sorted(people, key=lambda p: person_sort_key(*p))
    assert ordered == [("はら", ""), ("はら", "あきこ"), ("はら", "たろう"), ("ばら", "あきら"), ("", "あい")]


def test_person_sort_key_matches_spaced_sort_key():
    """person_sort_key(f, g) equals sort_key("f g")."""
    assert person_sort_key("やまだ", "たろう") == sort_key("やまだ たろう")
    assert person_sort_key("ヤマダ", "") == sort_key("やまだ")


# fold + sort_key speed over 50,000 readings: bench/bench_text.py.


# --------------------------------------------------------------------------------- index tabs


@pytest.mark.parametrize("reading, label", [
    ("あおき", "あ"), ("いとう", "あ"), ("ゔぃおら", "あ"), ("ヴァン", "あ"), ("ぁ", "あ"),
    ("かとう", "か"), ("がもう", "か"), ("ごとう", "か"), ("ｶﾞﾓｳ", "か"),
    ("さとう", "さ"), ("ざま", "さ"), ("じんぼ", "さ"),
    ("たなか", "た"), ("だて", "た"), ("ぢ", "た"), ("っ", "た"),
    ("なかむら", "な"), ("のむら", "な"),
    ("はやし", "は"), ("ばば", "は"), ("ぱく", "は"), ("ほんだ", "は"), ("ポール", "は"),
    ("まえだ", "ま"), ("もり", "ま"),
    ("やまだ", "や"), ("ゆあさ", "や"), ("よしだ", "や"), ("ゃ", "や"), ("ヤマダ", "や"),
    ("らん", "ら"), ("ろっく", "ら"),
    ("わたなべ", "わ"), ("ゐ", "わ"), ("を", "わ"), ("ん", "わ"), ("ゎ", "わ"),
    ("", "他"), ("  ", "他"), ("smith", "他"), ("Smith", "他"), ("123", "他"), ("山田", "他"), ("ー", "他"),
    ("ーあ", "あ"),
])
def test_index_label(reading, label):
    """Index tabs group by the folded first kana; empty and non-kana go to 他."""
    assert index_label(reading) == label


def test_index_labels_constant():
    """The labels are the ten rows plus 他, in button order."""
    assert jtext.INDEX_LABELS == ("あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ", "他")


@pytest.mark.parametrize("reading", ["あおき", "がもう", "ぱく", "ん", "を", "よしだ", "ろっく", "", "smith", "山田", "ヴァン", "わ"])
def test_index_bounds_agree_with_index_label(reading):
    """index_bounds(label) selects exactly the keys whose index_label is that label (for SQL)."""
    key = sort_key(reading)
    for label in jtext.INDEX_LABELS:
        low, high = index_bounds(label)
        inside = key >= low and (high is None or key < high)
        assert inside == (index_label(reading) == label), (reading, label)


def test_index_bounds_unknown_label():
    """An unknown label is a programming error."""
    with pytest.raises(ValueError):
        index_bounds("ぱ")


# --------------------------------------------------------------------------------- phones


@pytest.mark.parametrize("text, formatted, kind", [
    ("03-1234-5678", "03-1234-5678", "landline"),
    ("0312345678", "03-1234-5678", "landline"),
    ("03 1234 5678", "03-1234-5678", "landline"),
    ("０３（１２３４）５６７８", "03-1234-5678", "landline"),
    ("(03)1234-5678", "03-1234-5678", "landline"),
    ("03ー1234ー5678", "03-1234-5678", "landline"),
    ("TEL:03-1234-5678", "03-1234-5678", "landline"),
    ("tel 03-1234-5678", "03-1234-5678", "landline"),
    ("℡03-1234-5678", "03-1234-5678", "landline"),
    ("電話：03-1234-5678", "03-1234-5678", "landline"),
    ("tel:+81-3-1234-5678", "03-1234-5678", "landline"),
    ("0612345678", "06-1234-5678", "landline"),               # Osaka
    ("0451234567", "045-123-4567", "landline"),               # Yokohama
    ("0112345678", "011-234-5678", "landline"),               # Sapporo
    ("0521234567", "052-123-4567", "landline"),               # Nagoya
    ("0751234567", "075-123-4567", "landline"),               # Kyoto
    ("0921234567", "092-123-4567", "landline"),               # Fukuoka
    ("0422515131", "0422-51-5131", "landline"),               # Musashino/Mitaka
    ("0428225111", "0428-22-5111", "landline"),               # Ome
    ("0423123456", "042-312-3456", "landline"),               # 042 (Hachioji etc.)
    ("0429211234", "04-2921-1234", "landline"),               # Tokorozawa: 2-digit 04
    ("0471234567", "04-7123-4567", "landline"),               # Kashiwa: 2-digit 04
    ("0467231111", "0467-23-1111", "landline"),               # Fujisawa
    ("0154712345", "01547-1-2345", "landline"),               # 5-digit area code
    ("0499212345", "04992-1-2345", "landline"),               # Izu Oshima
    ("0995123456", "0995-12-3456", "landline"),
    ("09012345678", "090-1234-5678", "mobile"),
    ("080-1234-5678", "080-1234-5678", "mobile"),
    ("070 1234 5678", "070-1234-5678", "mobile"),
    ("05012345678", "050-1234-5678", "ip"),
    ("+81 90 1234 5678", "090-1234-5678", "mobile"),
    ("+81-90-1234-5678", "090-1234-5678", "mobile"),
    ("+81 (0)3-1234-5678", "03-1234-5678", "landline"),
    ("＋８１３１２３４５６７８", "03-1234-5678", "landline"),
    ("0120-123-456", "0120-123-456", "toll_free"),
    ("0120123456", "0120-123-456", "toll_free"),
    ("08001234567", "0800-123-4567", "toll_free"),
    ("0570123456", "0570-123-456", "navi_dial"),
    ("0570-01-2345", "0570-012-345", "navi_dial"),
])
def test_normalize_phone_valid(text, formatted, kind):
    """Valid numbers are formatted by the Japanese numbering plan."""
    phone = normalize_phone(text)
    assert phone.valid, phone
    assert phone.formatted == formatted
    assert phone.digits == formatted.replace("-", "")
    assert phone.kind == kind
    assert phone.problem is None


@pytest.mark.parametrize("value, formatted", [
    ("3-1234-5678", "03-1234-5678"),
    ("312345678", "03-1234-5678"),
    (312345678, "03-1234-5678"),
    (312345678.0, "03-1234-5678"),
    (9012345678, "090-1234-5678"),
    ("9012345678", "090-1234-5678"),
    ("90-1234-5678", "090-1234-5678"),
    ("451234567", "045-123-4567"),
    (120123456, "0120-123-456"),
    ("422515131", "0422-51-5131"),
])
def test_normalize_phone_repairs_lost_leading_zero(value, formatted):
    """Numbers that lost their leading 0 in Excel are repaired and the repair is noted."""
    phone = normalize_phone(value)
    assert phone.valid
    assert phone.formatted == formatted
    assert phone.problem == "leading_zero_restored"


@pytest.mark.parametrize("text, problem", [
    ("", "empty"),
    ("   ", "empty"),
    (None, "empty"),
    ("110", "service_number"),
    ("119", "service_number"),
    ("117", "service_number"),
    ("#7119", "service_number"),
    ("03-1234-567", "too_short"),
    ("090-1234-567", "too_short"),
    ("0120-12-345", "too_short"),
    ("1234", "service_number"),
    ("12345", "too_short"),
    ("090-1234-56789", "too_long"),
    ("03-1234-56789", "too_long"),
    ("0312345678901", "too_long"),
    ("+1 212 555 1234", "foreign"),
    ("+44 20 7946 0000", "foreign"),
    ("010-1-212-555-1234", "foreign"),
    ("0011234567", "bad_prefix"),
    ("12345678901", "bad_prefix"),
    ("03-1234-5678 内線12", "unexpected_text"),
    ("やまだ", "unexpected_text"),
    ("090-1234-5678（携帯）", "unexpected_text"),
])
def test_normalize_phone_invalid(text, problem):
    """Impossible numbers are invalid with a problem code and keep what was written."""
    phone = normalize_phone(text)
    assert not phone.valid
    assert phone.problem == problem
    assert phone.kind == ""
    if text and text.strip():
        assert phone.formatted == jtext.nfkc(text).strip()


def test_phone_number_is_frozen_dataclass():
    """PhoneNumber is immutable and has the documented fields."""
    phone = normalize_phone("03-1234-5678")
    assert isinstance(phone, PhoneNumber)
    with pytest.raises(AttributeError):
        phone.digits = "x"  # type: ignore[misc]
    assert (phone.digits, phone.formatted, phone.valid, phone.problem) == ("0312345678", "03-1234-5678", True, None)


def test_area_code_table_covers_major_cities():
    """All 2- and 3-digit area codes of the big cities are in the table."""
    for prefix, length in [("03", 2), ("06", 2), ("011", 3), ("022", 3), ("045", 3), ("052", 3),
                           ("075", 3), ("078", 3), ("082", 3), ("092", 3), ("0422", 4), ("01547", 5)]:
        number = (prefix + "2345678901")[:10]
        assert normalize_phone(number).formatted.split("-")[0] == prefix, prefix
        assert len(prefix) == length


def test_area_codes_match_libphonenumber_when_available():
    """Cross-check formatting of geographic numbers against libphonenumber (test-only, optional)."""
    pn = pytest.importorskip("phonenumbers")
    rng = random.Random(81)
    checked = 0
    while checked < 3000:
        digits = "0" + str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(8))
        if digits[:3] in ("010", "050", "070", "080", "090", "020", "060") or digits[:4] in ("0120", "0570", "0990", "0800"):
            continue
        parsed = pn.parse(digits, "JP")
        if not pn.is_valid_number(parsed):
            continue
        expected = pn.format_number(parsed, pn.PhoneNumberFormat.NATIONAL)
        assert normalize_phone(digits).formatted == expected, digits
        checked += 1


@pytest.mark.parametrize("code", list(jtext.PHONE_PROBLEMS))
def test_phone_problem_text_translated(code, japanese):
    """Every problem code has a Japanese text."""
    text = phone_problem_text(code)
    assert text and text != jtext.PHONE_PROBLEMS[code]
    assert any("\u3040" <= ch <= "\u30ff" for ch in text)


def test_phone_problem_text_none_and_unknown():
    """No problem gives "", an unknown code is shown as is."""
    assert phone_problem_text(None) == ""
    assert phone_problem_text("weird_code") == "weird_code"


def test_format_phone_keeps_invalid_input():
    """format_phone never loses what the user typed."""
    assert jtext.format_phone("0312345678") == "03-1234-5678"
    assert jtext.format_phone("03-1234-567 ") == "03-1234-567"


# --------------------------------------------------------------------------------- postal codes


@pytest.mark.parametrize("text, expected", [
    ("1050011", "1050011"),
    ("105-0011", "1050011"),
    ("〒105-0011", "1050011"),
    ("〒 105-0011", "1050011"),
    ("１０５－００１１", "1050011"),
    ("〒１０５ー００１１", "1050011"),
    ("105 0011", "1050011"),
    ("105‐0011", "1050011"),
    (" 105-0011 ", "1050011"),
    ("郵便番号 105-0011", "1050011"),
    (600000, "0600000"),            # Excel dropped the leading 0 of a Hokkaido code
    (1050011, "1050011"),
    ("", ""),
    ("   ", ""),
    (None, ""),
    ("105-001", None),
    ("10500111", None),
    ("105", None),
    ("600000", None),               # a 6-digit string is ambiguous: not guessed
    ("abc-defg", None),
    ("105-00１1x", None),
    (0, None),
    (123456789, None),
])
def test_normalize_postal(text, expected):
    """Postal codes in any common spelling; "" means blank and None means invalid."""
    assert normalize_postal(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1050011", "105-0011"),
    ("〒１０５００１１", "105-0011"),
    (600000, "060-0000"),
    ("", ""),
    ("12-34", "12-34"),
])
def test_format_postal(text, expected):
    """format_postal gives 105-0011, "" for blank and the input for invalid codes."""
    assert format_postal(text) == expected


# --------------------------------------------------------------------------------- dates


@pytest.mark.parametrize("text, expected", [
    ("1948/4/5", D(1948, 4, 5)),
    ("1948/04/05", D(1948, 4, 5)),
    ("1948-04-05", D(1948, 4, 5)),
    ("1948.4.5", D(1948, 4, 5)),
    ("19480405", D(1948, 4, 5)),
    ("1948年4月5日", D(1948, 4, 5)),
    ("1948年 4月 5日", D(1948, 4, 5)),
    ("１９４８年４月５日", D(1948, 4, 5)),
    ("１９４８／４／５", D(1948, 4, 5)),
    ("1948/4/5 0:00:00", D(1948, 4, 5)),
    ("1948-04-05T00:00:00", D(1948, 4, 5)),
    ("S23.4.5", D(1948, 4, 5)),
    ("s23.4.5", D(1948, 4, 5)),
    ("s23/4/5", D(1948, 4, 5)),
    ("S23-4-5", D(1948, 4, 5)),
    ("Ｓ２３．４．５", D(1948, 4, 5)),
    ("S.23.4.5", D(1948, 4, 5)),
    ("昭和23年4月5日", D(1948, 4, 5)),
    ("昭和２３年４月５日", D(1948, 4, 5)),
    ("昭23.4.5", D(1948, 4, 5)),
    ("昭和 23年 4月 5日", D(1948, 4, 5)),
    ("H1.1.8", D(1989, 1, 8)),
    ("平成元年1月8日", D(1989, 1, 8)),
    ("平成1年1月8日", D(1989, 1, 8)),
    ("㍻元年1月8日", D(1989, 1, 8)),
    ("H31.4.30", D(2019, 4, 30)),
    ("R1.5.1", D(2019, 5, 1)),
    ("令和元年5月1日", D(2019, 5, 1)),
    ("令和6年2月29日", D(2024, 2, 29)),
    ("R7.11.28", D(2025, 11, 28)),
    ("昭和64年1月7日", D(1989, 1, 7)),
    ("S1.12.25", D(1926, 12, 25)),
    ("T15.12.24", D(1926, 12, 24)),
    ("T1.7.30", D(1912, 7, 30)),
    ("大正元年7月30日", D(1912, 7, 30)),
    ("M45.7.29", D(1912, 7, 29)),
    ("明治44年3月3日", D(1911, 3, 3)),
    ("4/5", D(2026, 4, 5)),
    ("4月5日", D(2026, 4, 5)),
])
def test_parse_date_valid(text, expected):
    """西暦 and 和暦 spellings, full width included, give the right date."""
    assert parse_date(text, today=D(2026, 11, 28)) == expected


def test_parse_date_passes_dates_through():
    """date and datetime objects (from openpyxl) are accepted."""
    assert parse_date(D(1948, 4, 5)) == D(1948, 4, 5)
    assert parse_date(dt.datetime(1948, 4, 5, 12, 0)) == D(1948, 4, 5)


@pytest.mark.parametrize("text, code", [
    ("", "empty"),
    ("  ", "empty"),
    (None, "empty"),
    ("昭和64年1月8日", "outside_era"),
    ("S64.1.8", "outside_era"),
    ("R1.4.30", "outside_era"),
    ("H31.5.1", "outside_era"),
    ("H32.1.1", "outside_era"),
    ("T15.12.25", "outside_era"),
    ("S1.12.24", "outside_era"),
    ("M45.7.30", "outside_era"),
    ("M1.1.1", "outside_era"),
    ("S0.1.1", "bad_era_year"),
    ("2023/2/29", "no_such_day"),
    ("1948/13/1", "no_such_day"),
    ("1948/4/31", "no_such_day"),
    ("19481301", "no_such_day"),
    ("48/4/5", "two_digit_year"),
    ("23年4月5日", "two_digit_year"),
    ("abc", "unreadable"),
    ("X23.4.5", "unreadable"),
    ("1948/4", "unreadable"),
    ("1948", "unreadable"),
    ("17628", "unreadable"),
])
def test_parse_date_invalid(text, code):
    """Bad dates raise DateError (a ValueError) with a stable code."""
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert isinstance(info.value, DateError)
    assert info.value.code == code
    assert str(info.value)


def test_parse_date_era_error_suggests_right_era(japanese):
    """昭和64年1月8日 is refused with the right date, 平成元年1月8日, in Japanese."""
    with pytest.raises(DateError) as info:
        parse_date("昭和64年1月8日")
    assert "平成元年1月8日" in str(info.value)
    with pytest.raises(DateError) as info:
        parse_date("R1.4.30")
    assert "平成31年4月30日" in str(info.value)


def test_parse_date_messages_translated(japanese):
    """Date errors read as Japanese when the Japanese catalogue is active."""
    with pytest.raises(DateError) as info:
        parse_date("abc")
    assert "日付" in str(info.value)


@pytest.mark.parametrize("serial, expected", [
    (1, D(1900, 1, 1)),
    (59, D(1900, 2, 28)),
    (61, D(1900, 3, 1)),
    (17628, D(1948, 4, 5)),
    (32516, D(1989, 1, 8)),
    (43586, D(2019, 5, 1)),
    (45658, D(2025, 1, 1)),
    (45658.75, D(2025, 1, 1)),      # a time of day is ignored
    ("45658", D(2025, 1, 1)),
    ("４５６５８", D(2025, 1, 1)),
])
def test_from_excel_serial(serial, expected):
    """Excel serial day numbers (1900 system) become dates."""
    assert from_excel_serial(serial) == expected


@pytest.mark.parametrize("serial", [0, -1, 60, 3_000_000, "abc", ""])
def test_from_excel_serial_invalid(serial):
    """Out-of-range serials, Excel's fake 1900-02-29 and text are refused."""
    with pytest.raises(ValueError):
        from_excel_serial(serial)


@pytest.mark.parametrize("date, wareki, short, seireki", [
    (D(1948, 4, 5), "昭和23年4月5日", "S23.4.5", "1948年4月5日"),
    (D(1926, 12, 25), "昭和元年12月25日", "S1.12.25", "1926年12月25日"),
    (D(1926, 12, 24), "大正15年12月24日", "T15.12.24", "1926年12月24日"),
    (D(1989, 1, 7), "昭和64年1月7日", "S64.1.7", "1989年1月7日"),
    (D(1989, 1, 8), "平成元年1月8日", "H1.1.8", "1989年1月8日"),
    (D(2019, 4, 30), "平成31年4月30日", "H31.4.30", "2019年4月30日"),
    (D(2019, 5, 1), "令和元年5月1日", "R1.5.1", "2019年5月1日"),
    (D(2026, 11, 28), "令和8年11月28日", "R8.11.28", "2026年11月28日"),
    (D(1912, 7, 29), "明治45年7月29日", "M45.7.29", "1912年7月29日"),
    (D(1912, 7, 30), "大正元年7月30日", "T1.7.30", "1912年7月30日"),
])
def test_format_date_styles(date, wareki, short, seireki):
    """format_date writes 和暦 (元年), short 和暦, 西暦 and ISO."""
    assert format_date(date, "wareki") == wareki
    assert format_date(date, "wareki_short") == short
    assert format_date(date, "seireki") == seireki
    assert format_date(date, "iso") == date.isoformat()
    assert parse_date(wareki) == date
    assert parse_date(short) == date


def test_format_date_default_none_and_unknown():
    """Default style is wareki; None gives ""; an unknown style is an error; pre-Meiji falls back to 西暦."""
    assert format_date(D(1948, 4, 5)) == "昭和23年4月5日"
    assert format_date(None) == ""
    with pytest.raises(ValueError):
        format_date(D(1948, 4, 5), "roman")
    assert format_date(D(1850, 1, 2)) == "1850年1月2日"


@pytest.mark.parametrize("date, expected", [
    (D(1948, 4, 5), ("昭和", 23)),
    (D(1989, 1, 7), ("昭和", 64)),
    (D(1989, 1, 8), ("平成", 1)),
    (D(2019, 4, 30), ("平成", 31)),
    (D(2019, 5, 1), ("令和", 1)),
    (D(1920, 1, 1), ("大正", 9)),
    (D(1900, 1, 1), ("明治", 33)),
    (D(1800, 1, 1), ("", 1800)),
])
def test_era_year(date, expected):
    """era_year gives the era name and the year within it."""
    assert era_year(date) == expected


def test_parse_format_round_trip_every_day():
    """Every day from 1900 to 2030 survives format → parse in each style."""
    day = D(1900, 1, 1)
    while day <= D(2030, 12, 31):
        for style in ("wareki", "wareki_short", "seireki", "iso"):
            assert parse_date(format_date(day, style)) == day
        day += dt.timedelta(days=97)


@pytest.mark.parametrize("birth, today, age", [
    (D(1948, 4, 5), D(2026, 4, 4), 77),
    (D(1948, 4, 5), D(2026, 4, 5), 78),       # the age rises on the birthday
    (D(1948, 4, 5), D(2026, 4, 6), 78),
    (D(1948, 4, 5), D(1948, 4, 5), 0),
    (D(1948, 4, 5), D(1949, 4, 4), 0),
    (D(1948, 12, 31), D(2026, 1, 1), 77),
    (D(2000, 2, 29), D(2001, 2, 28), 0),      # leap-day birth, common year: not yet on 28 Feb
    (D(2000, 2, 29), D(2001, 3, 1), 1),       # ...one year older from 1 March
    (D(2000, 2, 29), D(2004, 2, 28), 3),
    (D(2000, 2, 29), D(2004, 2, 29), 4),      # leap year: on the birthday itself
    (D(1952, 2, 29), D(2026, 2, 28), 73),
    (D(1952, 2, 29), D(2026, 3, 1), 74),
    (D(2000, 3, 1), D(2001, 3, 1), 1),
    (D(2000, 3, 1), D(2001, 2, 28), 0),
])
def test_age_on(birth, today, age):
    """Age by 年齢計算ニ関スル法律: older on the birthday; 29 Feb births in common years on 1 March."""
    assert age_on(birth, today) == age


def test_age_on_birth_after_today():
    """A birth date after the day asked about is an error, not a negative age."""
    with pytest.raises(ValueError):
        age_on(D(2030, 1, 1), D(2026, 1, 1))


# --------------------------------------------------------------------------------- readings


@pytest.mark.parametrize("family, given, expected", [
    ("山田", "太郎", ("やまだ", "たろう")),
    ("佐藤", "花子", ("さとう", "はなこ")),
    ("鈴木", "一郎", ("すずき", "いちろう")),
    ("ヤマダ", "ハナコ", ("やまだ", "はなこ")),
    ("ﾔﾏﾀﾞ", "ﾊﾅｺ", ("やまだ", "はなこ")),
    ("やまだ", "はなこ", ("やまだ", "はなこ")),
    ("山田", "", ("やまだ", "")),
    ("", "", ("", "")),
    ("𠮷田", "花子", ("よしだ", "はなこ")),       # variant 𠮷 read as 吉
    ("髙橋", "一郎", ("たかはし", "いちろう")),
    ("Smith", "John", ("", "")),
    ("山 田", "太郎", ("やまだ", "たろう")),
])
def test_suggest_reading(family, given, expected):
    """Readings are suggested in hiragana; unreadable parts are left empty."""
    assert suggest_reading(family, given) == expected


def test_suggest_reading_unreadable_character_gives_empty_part():
    """A character pykakasi cannot read makes that part empty rather than half-read."""
    family, given = suggest_reading("山\U000e0100田", "太郎")  # 田 preceded by a stray variation selector
    assert given == "たろう"
    assert family in ("", "やまだ")
    assert suggest_reading("\u3400", "花子") == ("", "はなこ")  # a CJK Extension A kanji without reading


def test_suggest_reading_reuses_one_kakasi():
    """The pykakasi instance is created once and reused."""
    suggest_reading("山田", "太郎")
    first = jtext._kakasi
    suggest_reading("田中", "花子")
    assert jtext._kakasi is first is not None


# --------------------------------------------------------------------------------- helpers


@pytest.mark.parametrize("text, hira", [("ヤマダ", "やまだ"), ("ﾔﾏﾀﾞ", "やまだ"), ("ヴ", "ゔ"), ("ヽ", "ゝ"), ("abc", "abc")])
def test_to_hiragana(text, hira):
    """to_hiragana converts katakana of any width."""
    assert jtext.to_hiragana(text) == hira


def test_to_katakana_and_is_kana():
    """to_katakana is the inverse for plain kana; is_kana spots readings."""
    assert jtext.to_katakana("やまだ たろう") == "ヤマダ タロウ"
    assert jtext.is_kana("やまだ たろう")
    assert jtext.is_kana("ﾔﾏﾀﾞ")
    assert not jtext.is_kana("山田")
    assert not jtext.is_kana("")


@pytest.mark.parametrize("phone", ["0354711234", "09012345678", "0120123456", "0100000000", "0000000000", "012"])
def test_search_text_takes_stored_digits_as_they_are(phone):
    """Phones stored as digits skip the parser; the result is what the parser would give."""
    from desktop.jnumbers import normalize_phone

    expected = normalize_phone(phone).digits or phone_digits(phone)
    assert person_search_text("林", "", "はやし", "", [phone]).split()[-1] == expected == phone


@pytest.mark.parametrize("text", ["03-5471-1234", "3-5471-1234", "110", "0120-123-456", "090-1234-5678-9",
                                  "03--5471-1234", "-", "1-1"])
def test_phone_fast_path_agrees_with_the_full_rules(text):
    """Numbers written as ASCII digits and hyphens take a short path. The same number with a
    "TEL" label and full-width digits goes through every rule; both must give the same answer."""
    from desktop.jnumbers import normalize_phone

    wide = text.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    quick, slow = normalize_phone(text), normalize_phone("TEL " + wide)
    assert (quick.digits, quick.valid, quick.problem, quick.kind) == (slow.digits, slow.valid, slow.problem, slow.kind)


def test_clear_caches_empties_every_memoised_rule():
    """After a big import the app lets go of the memoised values."""
    from desktop import jnumbers

    fold("ヤマダ タロウ")
    sort_key("やまだ")
    normalize_phone("03-5471-1234")
    normalize_postal("105-0011")
    caches = [*jtext._MEMOISED, jnumbers.normalize_phone, jnumbers.normalize_postal]
    assert all(c.cache_info().currsize > 0 for c in (fold, jnumbers.normalize_phone, jnumbers.normalize_postal))
    jtext.clear_caches()
    assert [c.cache_info().currsize for c in caches] == [0] * len(caches)
