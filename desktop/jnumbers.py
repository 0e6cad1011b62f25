"""Phone numbers by the Japanese numbering plan, and postal codes (Qt-free).

Re-exported by desktop.jtext, where callers import them from.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from desktop.i18n import N_, _
from desktop.jbase import nfkc

_NON_DIGITS = re.compile(r"[^0-9]+")


def phone_digits(text: str) -> str:
    """Only the digits of text, full-width digits included: "０３-1234" → "031234"."""
    return _NON_DIGITS.sub("", nfkc(text or ""))


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
_SIMPLE_PHONE = re.compile(r"[0-9]+(?:-[0-9]+)*")
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
    if raw.isascii() and _SIMPLE_PHONE.fullmatch(raw):
        # The usual case, digits and hyphens only: none of the label, "tel:", "#" or "+" rules apply.
        body = digits = raw.replace("-", "")
    else:
        body = _PHONE_LABEL.sub("", raw)
        if body.lower().startswith("tel:"):
            body = body[4:]
        digits = phone_digits(body)
        if "#" in body:
            return PhoneNumber(digits, raw, False, "service_number")
    if digits.startswith("1") and len(digits) <= 4:
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


@functools.lru_cache(maxsize=4096)  # a roster repeats a handful of postal codes
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
