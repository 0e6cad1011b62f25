"""Japanese text rules shared by search, sorting, import and printing (Qt-free, no database).

Sections: search folding · 五十音 sort keys and index tabs · phone numbers · postal codes ·
dates (西暦/和暦, ages) · furigana suggestions.

Error and problem messages are English msgids. Phone problems are returned as codes and
turned into text with `phone_problem_text(code)` where they are shown; `parse_date` raises
`DateError` (a ValueError) whose text is translated when raised and whose `code` is stable.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

from desktop.i18n import N_, _

# ---------------------------------------------------------------------------------------------
# Shared normalisation
# ---------------------------------------------------------------------------------------------

# Spacing (semi-)voiced sound marks ゛゜ become combining ones so NFKC composes か゛ into が
# instead of splitting it into "か ゙" (NFKC maps U+309B to space + U+3099).
_SPACING_MARKS = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})


def nfkc(text: str) -> str:
    """NFKC with spacing ゛゜ treated as combining marks (so ｶﾞ, か゛ and が all become が)."""
    if not text:
        return ""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text.translate(_SPACING_MARKS))


def _kata_to_hira_table() -> dict[int, str]:
    table = {cp: chr(cp - 0x60) for cp in range(0x30A1, 0x30F7)}  # ァ..ヶ -> ぁ..ゖ
    table.update({0x30FD: "ゝ", 0x30FE: "ゞ"})
    # ヷヸヹヺ have no precomposed hiragana; spell them as base + combining dakuten.
    table.update({0x30F7: "わ\u3099", 0x30F8: "ゐ\u3099", 0x30F9: "ゑ\u3099", 0x30FA: "を\u3099"})
    return table


_KATA_TO_HIRA = _kata_to_hira_table()


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


def query_terms(text: str) -> list[str]:
    """Split a query on spaces into folded terms (for AND search); empty terms are dropped."""
    return [t for t in (fold(part) for part in nfkc(text or "").split()) if t]


_NON_DIGITS = re.compile(r"[^0-9]+")


def phone_digits(text: str) -> str:
    """Only the digits of text, full-width digits included: "０３-1234" → "031234"."""
    return _NON_DIGITS.sub("", nfkc(text or ""))


def person_search_text(family_name: str, given_name: str, family_reading: str,
                       given_reading: str, phones: list[str]) -> str:
    """Folded name, folded reading and digits-only phones, space separated (store and LIKE-match)."""
    parts = [fold((family_name or "") + (given_name or "")),
             fold((family_reading or "") + (given_reading or ""))]
    for phone in phones or []:
        if phone:
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
# 3. Phone numbers (Japanese numbering plan)
# ---------------------------------------------------------------------------------------------

# Area-code length by longest matching prefix of a 10-digit geographic number. Source: MIC
# 総務省「市外局番の一覧」 https://www.soumu.go.jp/main_sosiki/joho_tsusin/top/tel_number/shigai_list.html
# as encoded in libphonenumber's Japanese metadata (phonenumbers 9.0, Apache-2.0); regenerate
# with `python tools/build_postal.py area-codes`. "4: 0" is the default for unlisted prefixes.
_AREA_CODE_TABLE = """
    2: 03 0420 0429 04700 04701 04709 0471 06
    3: 011 01540 01541 01548 01550 01551 01557 0177 0188 0196 0199 0221 0222 0223 0227 023 0245
       0249 025 02500 02501 02540 02541 02560 02561 02580 02581 025917 025999 0262 0264 0271 0272
       0273 0275 02780 02781 02788 02789 0281 02830 02831 02833 02834 0286 0289 0290 02917 0292
       0293 0298 04 04220 04221 04291 04297 04298 0462 0464 0468 04750 04751 04759 04790 04791
       04799 0492 0499 052 0530 0534 0535 0539 054 0552 0559 058 0590 0591 0592 0593 05980 05981
       05989 05990 05991 05999 060 072 0734 075 0760 0762 0764 0769 0775 0777 078 0792 0793 0794
       0795 07960 07961 07966 07967 082 082941 082942 082943 0832 08360 0837 083766 083767 083768
       08380 08381 0839 083960 083961 083963 083966 0849 08510 08511 086 08636 086552 086553 08660
       08661 086691 086697 086698 086722 086723 086724 086726 086728 086737 086738 08680 08681
       08689 08690 08691 08694 08695 08699 087 0886 0888 0890 0891 0899 092 093 0941 0945 0951 0953
       0958 0961 0962 0963 0971 0975 0976 0981 0988 0989 0991 0992 099331 099343 099345 099347
       09940 09941 09947 09948 0998 0999
    4: 0 02232 02233 0233 0234 0235 0237 0238 0250 0254 02557 02558 0256 02572 02573 02574 0258
       0259 02642 02643 02644 02645 02896 02897 02898 02899 02932 02933 02934 040 041 0422 04282
       04283 04287 04288 04289 0436 0438 0439 046 0470 0475 0476 0478 0479 0480 049 053960 053961
       053962 053963 053974 053977 05399 0544 0545 0547 0548 0581 0584 0585 0586 0587 059790 059791
       059797 059798 0721 0725 07946 07947 07948 07952 07953 07954 07957 07958 0820 0823 08244
       08245 08246 08247 08248 0826 0827 082920 08293 08294 08295 08297 08298 08372 08373 08374
       08375 08376 0863 086360 086361 086366 08654 08655 08656 08657 0866 0867 0868 0869 086992
       086993 0875 0877 0879 0920 0930
    5: 01267 01372 01374 01377 01392 01397 01398 01456 01457 01466 01547 01558 01564 01586 01587
       01632 01634 01635 01648 01654 01655 01656 01658 04992 04994 04996 04998 05769 05979 07468
       08387 08388 08389 08396 08477 0851 09802 09912 09913 09969
"""


def _parse_area_codes(text: str) -> dict[str, int]:
    table: dict[str, int] = {}
    length = 0
    for token in text.split():
        if token.endswith(":"):
            length = int(token[:-1])
        else:
            table[token] = length
    return table


_AREA_CODES = _parse_area_codes(_AREA_CODE_TABLE)

# Non-geographic services: prefix → (total digits, grouping, kind).
_SERVICES = (
    ("0120", 10, (4, 3, 3), "toll_free"),
    ("0800", 11, (4, 3, 4), "toll_free"),
    ("0570", 10, (4, 3, 3), "navi_dial"),
    ("0990", 10, (4, 3, 3), "info"),
    ("090", 11, (3, 4, 4), "mobile"),
    ("080", 11, (3, 4, 4), "mobile"),
    ("070", 11, (3, 4, 4), "mobile"),   # mobile and former PHS
    ("050", 11, (3, 4, 4), "ip"),
    ("060", 11, (3, 4, 4), "mobile"),   # reserved for mobiles (FMC/UPT)
    ("020", 11, (3, 4, 4), "m2m"),      # pagers / M2M
)

PHONE_PROBLEMS = {
    "empty": N_("No phone number was given."),
    "leading_zero_restored": N_("The leading 0 was missing (as happens in Excel) and has been added back. Please check the number."),
    "too_short": N_("The phone number has too few digits."),
    "too_long": N_("The phone number has too many digits."),
    "service_number": N_("This is a short service number such as 110 or 119, not a phone number of a person."),
    "foreign": N_("This is not a Japanese phone number; it is kept as written."),
    "bad_prefix": N_("The number does not start the way Japanese phone numbers do (with 0)."),
    "unexpected_text": N_("The phone number contains letters or other characters that are not part of a number."),
}


def phone_problem_text(code: str | None) -> str:
    """Translated, user-facing explanation of a PhoneNumber.problem code ("" for None)."""
    if not code:
        return ""
    return _(PHONE_PROBLEMS.get(code, code))


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A normalised phone number; problem is a code for phone_problem_text, also set (as a note) on repaired valid numbers."""

    digits: str
    formatted: str
    valid: bool
    problem: str | None
    kind: str = ""  # landline, mobile, ip, toll_free, navi_dial, info, m2m; "" when invalid


_PHONE_LABEL = re.compile(r"^\s*(?:tel|phone|fax|mobile|携帯|電話|自宅|電)\s*[:：.．]?\s*", re.I)
_PHONE_ALLOWED = re.compile(r"[0-9\s\-‐‑‒–—―−－ー()（）.+/]*")


def _classify(digits: str) -> tuple[str, tuple[int, ...], str] | str:
    """(kind, grouping) for a number starting with 0, or a problem code."""
    if len(digits) < 2 or digits[1] == "0":
        return "bad_prefix" if len(digits) >= 2 else "too_short"
    for prefix, total, groups, kind in _SERVICES:
        if digits.startswith(prefix):
            if len(digits) < total:
                return "too_short"
            if len(digits) > total:
                return "too_long"
            return kind, groups
    if len(digits) < 10:
        return "too_short"
    if len(digits) > 10:
        return "too_long"
    for n in range(6, 1, -1):
        area = _AREA_CODES.get(digits[:n])
        if area:
            return "landline", (area, 6 - area, 4)
    return "landline", (4, 2, 4)


def _group(digits: str, groups: tuple[int, ...]) -> str:
    out, i = [], 0
    for g in groups:
        out.append(digits[i:i + g])
        i += g
    return "-".join(out)


@functools.lru_cache(maxsize=65536)
def normalize_phone(text: str | int | float | None) -> PhoneNumber:
    """Clean, repair and format a Japanese phone number (full width, TEL:, +81, lost leading 0).

    Cached: an import checks each number twice and households share their landline; the
    result is an immutable PhoneNumber."""
    if text is None:
        text = ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)  # Excel hands numbers over as floats; an int has lost its leading 0
    raw = nfkc(str(text)).strip()
    if not raw:
        return PhoneNumber("", "", False, "empty")
    body = _PHONE_LABEL.sub("", raw)
    if body.lower().startswith("tel:"):
        body = body[4:]
    digits = phone_digits(body)
    if "#" in body or (digits.startswith("1") and len(digits) <= 4):
        return PhoneNumber(digits, raw, False, "service_number")
    if not _PHONE_ALLOWED.fullmatch(body):
        return PhoneNumber(digits, raw, False, "unexpected_text")
    if body.lstrip().startswith("+"):
        if not digits.startswith("81"):
            return PhoneNumber(digits, raw, False, "foreign")
        rest = digits[2:]
        # "+81 (0)3-…" keeps a trunk 0 in brackets; drop it before adding our own.
        if re.match(r"^\+\s*81\s*[(（]\s*0\s*[)）]", body):
            rest = rest[1:]
        digits = "0" + rest
    elif digits.startswith("010"):
        return PhoneNumber(digits, raw, False, "foreign")  # 010 is the international call prefix
    if not digits:
        return PhoneNumber("", raw, False, "unexpected_text")
    problem = None
    if digits[0] != "0":
        candidate = "0" + digits
        if isinstance(_classify(candidate), tuple) and len(digits) >= 9:
            digits, problem = candidate, "leading_zero_restored"
        else:
            code = "too_short" if len(digits) < 9 else "bad_prefix"
            return PhoneNumber(digits, raw, False, code)
    result = _classify(digits)
    if isinstance(result, str):
        return PhoneNumber(digits, raw, False, result)
    kind, groups = result
    return PhoneNumber(digits, _group(digits, groups), True, problem, kind)


def format_phone(text: str) -> str:
    """The formatted number if valid, otherwise the text as written (never loses what was typed)."""
    parsed = normalize_phone(text)
    return parsed.formatted if parsed.valid else (text or "").strip()


# ---------------------------------------------------------------------------------------------
# 4. Postal codes
# ---------------------------------------------------------------------------------------------

_POSTAL_ALLOWED = re.compile(r"^〒?\s*(?:郵便番号)?\s*[:：]?\s*(\d{3})\s*[-‐‑‒–—―−－ー]?\s*(\d{4})$")


def normalize_postal(text: str | int | None) -> str | None:
    """7-digit postal code ("1050011") from 〒105-0011, １０５－００１１, 105 0011…; "" if blank, None if invalid."""
    if text is None:
        return ""
    if isinstance(text, int):
        # Excel stores Hokkaido's 0xx-xxxx codes as numbers and drops the leading zero.
        return f"{text:07d}" if 0 < text <= 9_999_999 else None
    s = nfkc(str(text)).strip()
    if not s:
        return ""
    m = _POSTAL_ALLOWED.match(s)
    if not m:
        return None
    return m.group(1) + m.group(2)


def format_postal(code: str | int | None) -> str:
    """"105-0011" from any accepted spelling; "" if blank; the input unchanged if invalid."""
    normal = normalize_postal(code)
    if normal is None:
        return str(code).strip()
    return f"{normal[:3]}-{normal[3:]}" if normal else ""


# ---------------------------------------------------------------------------------------------
# 5. Dates: 西暦 and 和暦
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Era:
    """A Japanese era: name (昭和), letter (S) and first day (Gregorian)."""

    name: str
    letter: str
    start: _dt.date


# Start days are the days the era name took effect. 明治 is counted from 1868-10-23 (明治改元)
# in the Gregorian calendar; dates before Japan adopted it (1873) are rarely typed by users.
ERAS = (
    Era("令和", "R", _dt.date(2019, 5, 1)),
    Era("平成", "H", _dt.date(1989, 1, 8)),
    Era("昭和", "S", _dt.date(1926, 12, 25)),
    Era("大正", "T", _dt.date(1912, 7, 30)),
    Era("明治", "M", _dt.date(1868, 10, 23)),
)
_ERA_BY_TOKEN: dict[str, Era] = {}
for _era in ERAS:
    _ERA_BY_TOKEN[_era.name] = _era
    _ERA_BY_TOKEN[_era.name[0]] = _era
    _ERA_BY_TOKEN[_era.letter.lower()] = _era
del _era


class DateError(ValueError):
    """A date that could not be read; str() is a translated message, code a stable id."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


_DATE_SEP = r"\s*[./\-／年]\s*"
_ERA_RE = re.compile(
    r"^(?P<era>令和|平成|昭和|大正|明治|令|平|昭|大|明|[rhstmRHSTM])\s*\.?\s*"
    r"(?P<y>\d{1,2}|元)" + _DATE_SEP + r"(?P<m>\d{1,2})\s*(?:[./\-／月])\s*(?P<d>\d{1,2})\s*日?$"
)
_WEST_RE = re.compile(
    r"^(?P<y>\d{4})" + _DATE_SEP + r"(?P<m>\d{1,2})\s*(?:[./\-／月])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"  # Excel CSVs add " 0:00:00"
)
_COMPACT_RE = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_MONTH_DAY_RE = re.compile(r"^(?P<m>\d{1,2})\s*[/月]\s*(?P<d>\d{1,2})\s*日?$")


def _make_date(year: int, month: int, day: int, original: str) -> _dt.date:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise DateError("no_such_day", _("There is no such day: {text}").format(text=original)) from None


def parse_date(text: str | _dt.date | None, today: _dt.date | None = None) -> _dt.date:
    """Read a date in 西暦 (1948/4/5, 1948年4月5日, 19480405) or 和暦 (S23.4.5, 昭和23年4月5日, 平成元年…); ValueError if not."""
    if isinstance(text, _dt.datetime):
        return text.date()
    if isinstance(text, _dt.date):
        return text
    original = (text or "").strip()
    s = nfkc(original).strip()
    if not s:
        raise DateError("empty", _("No date was given."))
    m = _ERA_RE.match(s)
    if m:
        era = _ERA_BY_TOKEN[m["era"].lower() if m["era"].isascii() else m["era"]]
        era_year = 1 if m["y"] == "元" else int(m["y"])
        if era_year < 1:
            raise DateError("bad_era_year", _("An era year starts at 1 (元年): {text}").format(text=original))
        date = _make_date(era.start.year + era_year - 1, int(m["m"]), int(m["d"]), original)
        return _check_era(date, era, original)
    m = _WEST_RE.match(s) or _COMPACT_RE.match(s)
    if m:
        return _make_date(int(m["y"]), int(m["m"]), int(m["d"]), original)
    m = _MONTH_DAY_RE.match(s)
    if m:
        year = (today or _dt.date.today()).year
        return _make_date(year, int(m["m"]), int(m["d"]), original)
    if re.fullmatch(r"\d{1,2}" + _DATE_SEP + r"\d{1,2}\s*[./\-／月]\s*\d{1,2}\s*日?", s):
        raise DateError("two_digit_year", _(
            "The year is ambiguous: write it with four digits (1948/4/5) or with an era (S23.4.5)."))
    raise DateError("unreadable", _(
        "Could not read the date {text}. Write it like 1948/4/5, 1948年4月5日 or 昭和23年4月5日 (S23.4.5)."
    ).format(text=original))


def _check_era(date: _dt.date, era: Era, original: str) -> _dt.date:
    """Reject era dates outside the era, suggesting the right one (昭和64年1月8日 → 平成元年1月8日)."""
    i = ERAS.index(era)
    end = ERAS[i - 1].start if i > 0 else None
    if date < era.start or (end is not None and date >= end):
        right = format_date(date, "wareki")
        raise DateError("outside_era", _(
            "{text} is not a date of the {era} era; the same day is {right}."
        ).format(text=original, era=era.name, right=right))
    return date


def from_excel_serial(n: int | float | str) -> _dt.date:
    """Date of an Excel serial day number (1900 system, 1 = 1900-01-01, with Excel's fake 1900-02-29)."""
    try:
        value = int(float(nfkc(str(n)).strip()))
    except ValueError:
        raise DateError("not_a_serial", _("{text} is not an Excel date number.").format(text=n)) from None
    if value < 1 or value > 2958465:  # 9999-12-31
        raise DateError("not_a_serial", _("{text} is not an Excel date number.").format(text=n))
    if value == 60:
        raise DateError("no_such_day", _("There is no such day: {text}").format(text="1900-02-29"))
    # Excel wrongly treats 1900 as a leap year, so serials after day 59 are one too high.
    return _dt.date(1899, 12, 31) + _dt.timedelta(days=value if value < 60 else value - 1)


def era_of(d: _dt.date) -> Era | None:
    """The era a date falls in, or None before 明治."""
    for era in ERAS:
        if d >= era.start:
            return era
    return None


def era_year(d: _dt.date) -> tuple[str, int]:
    """(era name, year in era) of a date, e.g. (昭和, 23); ("", Gregorian year) before 明治."""
    era = era_of(d)
    if era is None:
        return ("", d.year)
    return (era.name, d.year - era.start.year + 1)


DATE_STYLES = ("wareki", "wareki_short", "seireki", "iso")


def format_date(d: _dt.date | None, style: str = "wareki") -> str:
    """Date as 昭和23年4月5日 (wareki, 元年 for year 1), S23.4.5 (wareki_short), 1948年4月5日 (seireki) or 1948-04-05 (iso)."""
    if d is None:
        return ""
    if style == "iso":
        return d.isoformat()
    if style == "seireki":
        return f"{d.year}年{d.month}月{d.day}日"
    era = era_of(d)
    if style not in ("wareki", "wareki_short"):
        raise ValueError(f"unknown date style {style!r}")
    if era is None:  # before 明治 there is no era we can compute; fall back to 西暦
        return f"{d.year}年{d.month}月{d.day}日" if style == "wareki" else d.isoformat()
    year = d.year - era.start.year + 1
    if style == "wareki_short":
        return f"{era.letter}{year}.{d.month}.{d.day}"
    return f"{era.name}{'元' if year == 1 else year}年{d.month}月{d.day}日"


def age_on(birth: _dt.date, today: _dt.date | None = None) -> int:
    """Age in full years on a day, by 年齢計算ニ関スル法律 (see the comment); ValueError if today < birth."""
    # The law counts the birth day itself, and 民法143条 ends each year at the end of the day
    # before the anniversary: so the age has risen on the birthday itself. For someone born on
    # 29 February, the year ends in a common year at the end of 28 February (the month has no
    # 29th), so they are one year older from 1 March.
    today = today or _dt.date.today()
    if today < birth:
        raise ValueError("birth date is after the day of the age")
    try:
        anniversary = birth.replace(year=today.year)
    except ValueError:  # 29 Feb in a common year
        anniversary = _dt.date(today.year, 3, 1)
    return today.year - birth.year - (1 if today < anniversary else 0)


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
