"""Japanese text rules shared by search, sorting, import and printing (Qt-free, no database).

Sections here: search folding · 五十音 sort keys and index tabs · furigana suggestions.
Phone numbers and postal codes (desktop/jnumbers.py) and dates (desktop/jdates.py) are
re-exported, so `from desktop import jtext` stays the one import for all of them.

Error and problem messages are English msgids. Phone problems are returned as codes and
turned into text with `phone_problem_text(code)` where they are shown; `parse_date` raises
`DateError` (a ValueError) whose text is translated when raised and whose `code` is stable.
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata

from desktop.jbase import compose_kana, nfkc, nfkc_keep_kanji  # noqa: F401  (re-exported)

# Phone numbers, postal codes and dates live in their own modules; callers keep importing
# them from here, the one place for Japanese text rules.
from desktop.jdates import (  # noqa: F401
    DATE_STYLES, ERA_ROMAJI, ERAS, MONTHS_EN, WEEKDAYS_EN, DateError, Era, age_on, era_of, era_year, format_date,
    format_date_en, from_excel_serial, parse_date,
)
from desktop.jnumbers import (  # noqa: F401
    PHONE_PROBLEMS, PhoneNumber, format_phone, format_postal, normalize_phone, normalize_postal,
    phone_digits, phone_problem_text,
)


def _kata_to_hira_table() -> dict[int, str]:
    table = {cp: chr(cp - 0x60) for cp in range(0x30A1, 0x30F7)}  # ァ..ヶ -> ぁ..ゖ
    table.update({0x30FD: "ゝ", 0x30FE: "ゞ"})
    # ヷヸヹヺ have no precomposed hiragana; spell them as base + combining dakuten.
    table.update({0x30F7: "わ\u3099", 0x30F8: "ゐ\u3099", 0x30F9: "ゑ\u3099", 0x30FA: "を\u3099"})
    return table


_KATA_TO_HIRA = _kata_to_hira_table()


# The pure per-value rules below are memoised: a roster repeats family readings, towns and
# block names, and one import folds the same name for duplicates, households and search text.
_MEMOISED: list = []


def _memo(func):
    cached = functools.lru_cache(maxsize=1 << 16)(func)
    _MEMOISED.append(cached)
    return cached


def clear_caches() -> None:
    """Let go of memoised values (a big import fills the caches with names seen once)."""
    for cached in _MEMOISED:
        cached.cache_clear()
    normalize_phone.cache_clear()
    normalize_postal.cache_clear()


@_memo
def to_hiragana(text: str) -> str:
    """Convert katakana (full or half width) to hiragana; other characters are kept."""
    return nfkc(text).translate(_KATA_TO_HIRA)


_HIRA_TO_KATA = {ord(v): chr(k) for k, v in _KATA_TO_HIRA.items() if len(v) == 1}


def to_katakana(text: str) -> str:
    """Convert hiragana to full-width katakana; other characters are kept."""
    return nfkc(text).translate(_HIRA_TO_KATA)


def is_kana(text: str) -> bool:
    """True if text is non-empty and only kana, ー, iteration marks, ・ and spaces."""
    text = nfkc(text)
    return bool(text.strip()) and all(
        "\u3041" <= ch <= "\u30ff" or ch.isspace() for ch in text
    )


# ---------------------------------------------------------------------------------------------
# 1. Search folding
# ---------------------------------------------------------------------------------------------

# Marks users type interchangeably or leave out: hyphens/dashes/minus, the prolonged sound
# mark ー (a Japanese IME turns "-" into ー, so phone numbers arrive as 03ー1234ー5678), the
# middle dot of foreign names (ジョン・スミス) and brackets around area codes "(03)".
# Dropping ー in readings too means けーき and けき fold equal: a harmless widening of search
# that lets every spelling of the mark (ー, ｰ, -, or none at all) find the same person.
_FOLD_DROP = " \t\r\n\u3000-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\u30fc\uff70\u30fb\uff65()[]"

# Old/variant kanji forms common in surnames; folded for *search only* so 髙橋 finds 高橋 and
# 渡邊 finds 渡辺. (Printing always keeps the form the person uses.)
_ITAIJI = {
    "髙": "高", "﨑": "崎", "嵜": "崎", "碕": "崎", "邊": "辺", "邉": "辺", "澤": "沢", "濱": "浜",
    "齋": "斎", "齊": "斉", "櫻": "桜", "國": "国", "廣": "広", "德": "徳", "瀨": "瀬", "﨔": "欅",
    "槇": "槙", "籠": "篭", "藪": "薮", "嶋": "島", "嶌": "島", "峯": "峰", "冨": "富", "曾": "曽",
    "眞": "真", "榮": "栄", "惠": "恵", "淺": "浅", "龍": "竜", "團": "団", "來": "来", "壽": "寿",
    "實": "実", "學": "学", "藏": "蔵", "黑": "黒", "𠮷": "吉", "𡈽": "土", "舘": "館", "萬": "万",
    "與": "与", "驒": "騨",
}

_FOLD_TABLE: dict[int, str | None] = dict(_KATA_TO_HIRA)
_FOLD_TABLE.update({ord(k): v for k, v in _ITAIJI.items() if k != v})
_FOLD_TABLE.update({ord(ch): None for ch in _FOLD_DROP})
_ASCII_FOLD_TABLE = {ord(ch): None for ch in _FOLD_DROP if ch.isascii()}


@_memo
def fold(text: str) -> str:
    """Search folding: NFKC, katakana→hiragana, lowercase, variant kanji, drop spaces/hyphens/ー/・/()."""
    if not text:
        return ""
    if text.isascii():
        return text.lower().translate(_ASCII_FOLD_TABLE)
    return nfkc(text).lower().translate(_FOLD_TABLE)


def fold_query(text: str) -> str:
    """Fold what the user typed into the search box exactly as stored text is folded."""
    return fold(text)


def block_key(name: str) -> str:
    """What makes two block names the same block: NFKC (「１班」 = 「1班」), case and spaces
    ignored (「1 班」 = 「1班」). Blocks are chosen by name on the command line and in imports."""
    return "".join(nfkc(name or "").casefold().split())


def query_terms(text: str) -> list[str]:
    """Split a query on spaces into folded terms (for AND search); empty terms are dropped."""
    return [t for t in (fold(part) for part in nfkc(text or "").split()) if t]


def person_search_text(family_name: str, given_name: str, family_reading: str,
                       given_reading: str, phones: list[str]) -> str:
    """Folded name, folded reading and digits-only phones, space separated (store and LIKE-match)."""
    parts = [fold((family_name or "") + (given_name or "")),
             fold((family_reading or "") + (given_reading or ""))]
    for phone in phones or []:
        if not phone:
            continue
        if phone[0] == "0" and phone.isascii() and phone.isdigit():
            parts.append(phone)  # already stored as digits: normalize_phone would return it unchanged
            continue
        parsed = normalize_phone(phone)
        # Store the repaired digits (leading 0 restored, +81 → 0) so the number as printed matches.
        parts.append(parsed.digits or phone_digits(phone))
    return " ".join(p for p in parts if p)


def matches(search_text: str, query: str) -> bool:
    """True if every term of query occurs in search_text (as built by person_search_text)."""
    return all(term in search_text for term in query_terms(query))


# ---------------------------------------------------------------------------------------------
# 2. 五十音 sort keys (JIS X 4061 style) and index tabs
# ---------------------------------------------------------------------------------------------

_SMALL_TO_LARGE = dict(zip("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ"))
_VOWEL_ROWS = {
    "あ": "あかさたなはまやらわ",
    "い": "いきしちにひみりゐ",
    "う": "うくすつぬふむゆる",
    "え": "えけせてねへめれゑ",
    "お": "おこそとのほもよろを",
    "ん": "ん",
}
_VOWEL_OF = {base: vowel for vowel, row in _VOWEL_ROWS.items() for base in row}

# Secondary weights, compared only when the primary (base kana) strings are equal. JIS X 4061
# (as summarised in print-formats.md §5) puts 小書き before 清音 before 濁音 before 半濁音;
# a real vowel comes before ー standing for it (ああく < あーく). Iteration marks weigh as the
# kana they stand for (ゝ unvoiced, ゞ voiced), so みすゞ and みすず tie.
_W_SMALL, _W_PLAIN, _W_VOICED, _W_SEMI, _W_LONG = "01234"

_LEVEL_SEP = "\x02"   # between primary and secondary of one field
_FIELD_SEP = "\x01"   # between family and given reading: lower than anything else in a key
EMPTY_SORT_KEY = "\U0010fffd"  # empty readings sort after everything (largest valid code point)
_OTHER_BASE = 0xF0000  # non-kana go to private-use planes so they sort after all kana


def _kana_table() -> dict[str, tuple[str, str]]:
    """base kana and secondary weight for every hiragana and katakana letter."""
    table: dict[str, tuple[str, str]] = {}
    for cp in list(range(0x3041, 0x3097)) + list(range(0x30A1, 0x30FB)):
        ch = chr(cp)
        hira = ch.translate(_KATA_TO_HIRA)
        decomposed = unicodedata.normalize("NFD", hira)
        base = decomposed[0]
        weight = _W_PLAIN
        if decomposed.endswith("\u3099"):
            weight = _W_VOICED
        elif decomposed.endswith("\u309a"):
            weight = _W_SEMI
        if base in _SMALL_TO_LARGE:
            base, weight = _SMALL_TO_LARGE[base], _W_SMALL
        table[ch] = (base, weight)
    return table


_KANA = _kana_table()


def _other_primary(ch: str) -> str:
    """Primary weight of a non-kana character: digits, then latin letters, then the rest."""
    if "0" <= ch <= "9":
        return chr(0xE000 + ord(ch) - 0x30)
    if "a" <= ch <= "z":
        return chr(0xE010 + ord(ch) - 0x61)
    cp = ord(ch)
    if cp < 0x10000:
        return chr(_OTHER_BASE + cp)                  # U+F0000..U+FFFFF
    return chr(0x100000 + min(cp >> 4, 0xFFFC))       # astral kanji: coarse but ordered


class _PrimaryTable(dict):
    """str.translate table: kana → base kana; other characters computed once and cached."""

    def __missing__(self, cp: int) -> str:
        value = _other_primary(chr(cp))
        self[cp] = value
        return value


class _SecondaryTable(dict):
    def __missing__(self, cp: int) -> str:
        self[cp] = _W_PLAIN
        return _W_PLAIN


_PRIMARY = _PrimaryTable({ord(k): v[0] for k, v in _KANA.items()})
_SECONDARY = _SecondaryTable({ord(k): v[1] for k, v in _KANA.items()})
# Characters whose weight depends on their neighbours, or that are ignored, force the slow path.
_CONTEXT = re.compile("[\u30fc\u309d\u309e\u30fd\u30fe\u3099\u309a\u30fb\\-\u2010-\u2015\u2212]")
_IGNORED_IN_SORT = set("\u30fb-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


@_memo
def _field_key(text: str) -> str:
    """Key of one reading without spaces (already NFKC'd and lowercased)."""
    if not _CONTEXT.search(text):
        primary = text.translate(_PRIMARY)
        if not primary:
            return EMPTY_SORT_KEY
        return primary + _LEVEL_SEP + text.translate(_SECONDARY)
    prim: list[str] = []
    sec: list[str] = []
    last_base = ""
    for ch in text:
        kana = _KANA.get(ch)
        if kana is not None:
            last_base = kana[0]
            prim.append(kana[0])
            sec.append(kana[1])
        elif ch == "ー":
            vowel = _VOWEL_OF.get(last_base)
            if vowel:  # a leading ー or one after latin/kanji carries no sound: ignore it
                prim.append(vowel)
                sec.append(_W_LONG)
        elif ch in "ゝゞヽヾ":
            if last_base:
                prim.append(last_base)
                sec.append(_W_VOICED if ch in "ゞヾ" else _W_PLAIN)
        elif ch in "\u3099\u309a":  # a combining mark that NFKC could not compose (あ゙)
            if sec:
                sec[-1] = _W_VOICED if ch == "\u3099" else _W_SEMI
        elif ch in _IGNORED_IN_SORT:
            continue
        else:
            last_base = ""
            prim.append(_PRIMARY[ord(ch)])
            sec.append(_W_PLAIN)
    if not prim:
        return EMPTY_SORT_KEY
    return "".join(prim) + _LEVEL_SEP + "".join(sec)


@_memo  # a roster repeats family readings; an import asks for each one thousands of times
def sort_key(reading: str) -> str:
    """五十音 key (JIS X 4061 読み照合) of a reading; compare with < or SQLite BINARY ORDER BY.

    Rules: katakana = hiragana (full or half width); primary level ignores 濁点/半濁点 and
    maps small kana to large; ー counts as the vowel of the kana before it (ヴ = う+濁点);
    ゝゞヽヾ repeat the kana before them. Ties: 小書き < 清音 < 濁音 < 半濁音 < ー,
    position by position (small-first is JIS X 4061's rule: きゃ < きや; dictionaries that put
    きや first differ). Digits, then latin letters, then any other character sort after all
    kana. Spaces separate fields (family, given) compared one after the other; an empty
    reading sorts last. Keys are plain str: UTF-8 byte order equals code-point order, so
    SQLite's default BINARY collation orders them exactly as Python does.
    """
    text = nfkc(reading or "").lower()
    parts = text.split()
    if not parts:
        return EMPTY_SORT_KEY
    return _FIELD_SEP.join(_field_key(p) for p in parts)


@_memo
def person_sort_key(family_reading: str, given_reading: str) -> str:
    """Key for Person.sort_key: family reading first, then given reading; empty family sorts last."""
    fam = sort_key(family_reading)
    given = sort_key(given_reading)
    return fam + _FIELD_SEP + given if given != EMPTY_SORT_KEY else fam


INDEX_LABELS = ("あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ", "他")
_INDEX_STARTS = ("あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ")


def index_label(reading: str) -> str:
    """あかさたな index tab of a reading: が→か, ぱ→は, ゃ→や, を/ん→わ, ゔ→あ; empty or non-kana → 他."""
    key = sort_key(reading)
    first = key[:1]
    if not ("ぁ" <= first <= "ん"):
        return "他"
    label = "あ"
    for start in _INDEX_STARTS:
        if first >= start:
            label = start
    return label


def index_bounds(label: str) -> tuple[str, str | None]:
    """[low, high) bounds on sort_key for an index tab, for SQL: key >= low AND key < high (high None = open)."""
    if label == "他":
        return ("\ue000", None)
    i = _INDEX_STARTS.index(label)  # ValueError for an unknown label
    high = _INDEX_STARTS[i + 1] if i + 1 < len(_INDEX_STARTS) else "\u3094"  # just after ん
    return (label, high)


# ---------------------------------------------------------------------------------------------
# 6. Furigana suggestions (pykakasi)
# ---------------------------------------------------------------------------------------------

_kakasi = None
_kakasi_init_lock = threading.Lock()
_kakasi_lock = threading.Lock()
_KANA_ONLY = re.compile(r"^[\u3041-\u3096\u309d\u309e\u30fc]+$")


def _get_kakasi():
    """One shared pykakasi instance, created on first use (it takes ~0.4 s to load)."""
    global _kakasi
    if _kakasi is None:
        with _kakasi_init_lock:
            if _kakasi is None:
                import pykakasi

                _kakasi = pykakasi.kakasi()
    return _kakasi


def _reading_of(name: str) -> str:
    text = nfkc(name or "")
    text = "".join(text.split())
    if not text:
        return ""
    hira = text.translate(_KATA_TO_HIRA)
    if _KANA_ONLY.match(hira):
        return hira
    # Variant forms pykakasi does not know (𠮷, 髙) read like their common forms.
    text = "".join(_ITAIJI.get(ch, ch) for ch in text)
    kakasi = _get_kakasi()
    with _kakasi_lock:  # pykakasi is not documented as thread-safe
        items = kakasi.convert(text)
    # pykakasi silently drops characters it cannot read; a partial reading would mislead.
    if "".join(item["orig"] for item in items) != text:
        return ""
    reading = "".join(item["hira"] for item in items)
    return reading if _KANA_ONLY.match(reading) else ""


def suggest_reading(family_name: str, given_name: str) -> tuple[str, str]:
    """Suggested hiragana readings (family, given); "" for a part that cannot be read in full."""
    return _reading_of(family_name), _reading_of(given_name)
