"""Line breaks for the text in the cells of the list prints (register, safety sheets, tally,
ledger, plans, call lists…).

Japanese may break between almost any two characters, but a reader stumbles over
「昭和22年1月24 / 日」, 「聴覚障 / 害」, 「コーポ / 白金409」 or 「班長 青木 / 翔太」. So every place
between two characters gets a grade, and a line ends at the best place that still fills it:

  4  a space (the space is dropped)
  3  after 、。・ or a closing bracket, before an opening bracket 「（」
  2  a phrase boundary: where a run of hiragana (particles, okurigana) meets kanji, katakana or
     a number (介助が / 必要), between a name and its number (コーポ白金 / 409), after the
     prefecture or the city of an address (東京都 / 港区 / 芝公園)
  1  between two characters of a long word (more than 4 characters)
  0  never, while the text can shrink instead: inside a date (昭和22年11月24日), a number with
     its unit (3日分, 1203号室, 1丁目9-12), a phone number with its 固/携 mark, a katakana word,
     a word of up to 4 characters (一部損壊, 聴覚障害, 避難所へ), a name (family and given name:
     the last two short words before the end, a bracket or a phone number), and 行頭禁則:
     never before 、。）」ー or small kana, never after 「（.

`wrap(…, loose=False)` keeps the grade-0 places whole: a unit wider than the line stays on one
line that is too wide, so the caller (document.fit) shrinks the text. At the smallest size the
caller allows it wraps again with `loose=True`: a date may then break after 年 or 月, a name at
its space, a word between its characters; only a number and the 禁則 places stay whole.
"""
from __future__ import annotations

import re

from desktop.printing import fonts

_D = "0-9０-９"
_AL = "0-9０-９A-Za-zＡ-Ｚａ-ｚ"
_UNITS = "号室|号館|号棟|丁目|番地|世帯|日分|か月|ヶ月|[号番階歳人戸件部枚本回名分時日月年円%％F]"
_ERA = "明治|大正|昭和|平成|令和"
_DATE = (rf"(?:{_ERA})(?:元|[{_D}]{{1,2}})年(?:[{_D}]{{1,2}}月(?:[{_D}]{{1,2}}日)?)?"
         rf"|[{_D}]{{4}}年[{_D}]{{1,2}}月(?:[{_D}]{{1,2}}日)?|[{_D}]{{1,2}}月[{_D}]{{1,2}}日")
_NUM = rf"[{_AL}]*[{_D}][{_AL}]*(?:(?:丁目|番地|番|[-‐－−‑:：.．,/／])[{_AL}]+)*(?:{_UNITS})?"
_KANJI = "一-鿿㐀-䶿々〆ヵヶ〇\U00020000-\U0003ffff"
_TOKEN = re.compile(
    rf"(?P<space>[ \u3000]+)"
    rf"|(?P<date>{_DATE})"
    rf"|(?P<phone>[固携] ?{_NUM})"
    rf"|(?P<num>{_NUM})"
    rf"|(?P<latin>[A-Za-zＡ-Ｚａ-ｚ'’]+)"
    rf"|(?P<kata>[ァ-ヺヽヾ][ァ-ヺヽヾー]*)"
    rf"|(?P<kanji>[{_KANJI}]+)"
    rf"|(?P<hira>[ぁ-ゖゝゞ][ぁ-ゖゝゞー]*)"
    rf"|(?P<other>.)", re.S)
# 行頭禁則: never at the start of a line. 行末禁則: never at the end of one.
NO_START = set("、。，．,.:;!?！？：；)）」』】〕］]｝ー～〜…‥・ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")
NO_END = set("(（「『【〔［[｛")
_AFTER_PUNCT = set("、。，．,・：；!?！？)）」』】〕］]｝")
_AFTER_MARK = re.compile("[" + re.escape("".join(sorted(_AFTER_PUNCT | NO_END))) + "]")
_CJK = re.compile(rf"[{_KANJI}ぁ-ゖゝゞァ-ヺー]+\Z")
# Where an address written in one run of kanji is broken by hand (as textfit.natural_chunks).
_PREF = re.compile(r"東京都|北海道|京都府|大阪府|.{2,3}?県")
_CITY = re.compile(r".+?[市郡](?:.+?[区町村])?|.+?[区町村]")

SHORT_WORD = 4  # a word of up to this many characters is never broken while the text can shrink
MIN_FILL = 0.4  # a better place is taken only if it leaves the line at least this full


def grades(para: str) -> tuple[list[float], list[float]]:
    """(strict, loose): the grade of a break before each character of `para` (index 0 unused).

    Loose keeps every strict place with its grade and adds, below them, the places inside
    units: a name's space (3.5), after 年 or 月 in a date (0.8), between two characters of a
    word (0.5); never between two digits."""
    n = len(para)
    strict: list[float] = [0] * (n + 1)
    inner: list[float] = [0] * (n + 1)  # the places only loose mode uses
    tokens = [(m.lastgroup, m.start(), m.end()) for m in _TOKEN.finditer(para)]
    for kind, a, b in tokens:  # inside a token
        for i in range(a + 1, b):
            # A number is never broken, not even loose (nor a date's or a phone's digits), nor
            # a Latin word (no hyphenation here: "Origina / tor" reads worse than small type).
            inner[i] = 0 if kind in ("num", "latin") or (para[i - 1].isdigit() and para[i].isdigit()) else 0.5
        if kind == "date":
            for i in range(a + 1, b):
                if para[i - 1] in "年月":
                    inner[i] = 0.8
        elif kind == "phone":
            for i in range(a + 2, b):
                inner[i] = 0
        elif kind == "kanji" and b - a > SHORT_WORD:
            for i in range(a + 2, b - 1):  # not one character alone on either side
                strict[i] = 1
            _address_breaks(para, a, b, strict)
        elif kind == "hira" and b - a > SHORT_WORD:
            for i in range(a + 2, b - 1):
                strict[i] = 1
        elif kind == "space":
            strict[a] = 4  # break before the space; it is dropped
    for (k1, a1, b1), (k2, a2, b2) in zip(tokens, tokens[1:]):  # between tokens
        if k1 == "space" or k2 == "space":
            continue
        strict[a2] = _between(k1, para[a1:b1], k2, para[a2:b2])
        inner[a2] = 0.5
    plain = list(strict)  # before the short-word rule: what loose mode may use
    _keep_short_words(para, strict)
    _keep_names(para, tokens, (strict, plain), inner)
    loose = [max(x, y) for x, y in zip(plain, inner)]
    for i in range(1, n):  # 禁則 last: it overrides everything
        if para[i] in NO_START or para[i - 1] in NO_END:
            strict[i] = loose[i] = 0
    return strict, loose


def _between(k1: str, t1: str, k2: str, t2: str) -> int:
    if t1[-1] in "〒#＃№":
        return 0  # 〒108-0075 is one thing
    if t1[-1] in _AFTER_PUNCT or t2[0] in NO_END:
        return 3
    if k1 == "hira" and k2 in ("kanji", "kata", "num", "date", "phone", "latin"):
        return 2  # a phrase ends with its particle or okurigana
    if k1 in ("kanji", "kata") and k2 == "hira":
        return 0  # okurigana and particles stay with their word
    if k1 == "date" or k2 == "date":
        return 2
    if k1 in ("kanji", "kata") and k2 in ("num", "phone"):
        return 2  # a name and its number: コーポ白金 / 409
    return 1


def _address_breaks(para: str, a: int, b: int, strict: list[float]) -> None:
    """A run of kanji that starts a line or follows a space and begins with a prefecture:
    break after the prefecture and after the city."""
    run = para[a:b]
    m = _PREF.match(run)
    if not m or (a > 0 and para[a - 1] not in " \u3000"):
        return
    cut = m.end()
    strict[a + cut] = 2
    c = _CITY.match(run, cut)
    if c and c.end() < len(run):
        strict[a + c.end()] = 2


def _keep_short_words(para: str, strict: list[float]) -> None:
    """A word (between spaces and punctuation) of up to SHORT_WORD characters stays whole."""
    start = 0
    for i in range(1, len(para) + 1):
        if i == len(para) or strict[i] >= 3:
            word = para[start:i].strip()
            if len(word) <= SHORT_WORD:
                for j in range(start + 1, i):
                    if strict[j] < 3:
                        strict[j] = 0
            start = i


def _keep_names(para: str, tokens, keep: tuple[list[float], ...], inner: list[float]) -> None:
    """「青木 翔太」: two short words of kana and kanji with one space between, the second
    ending the text, or followed by a mark or bracket, or by a space and then no word (a phone
    number) or a particle (「森 恵子 の次」). Such a space is a name's: kept, and in loose mode
    the best place. (「班長 青木 翔太」: 班長 and 青木 are not a name, a word follows them.)"""
    words = [(a, b) for k, a, b in tokens if k != "space"]
    # Merge touching tokens into words (青木 is one token, 由美 too; (妹) is three).
    merged: list[list[int]] = []
    for a, b in words:
        if merged and merged[-1][1] == a:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    for (a1, b1), (a2, b2) in zip(merged, merged[1:]):
        if b1 + 1 != a2 or para[b1] not in " \u3000":
            continue
        # 「上野 茂・岡田 茂」, 「入れました：前田 久美子」: the family name follows the last mark.
        first, second = _AFTER_MARK.split(para[a1:b1])[-1], para[a2:b2]
        head = re.match(rf"[{_KANJI}ぁ-ゖァ-ヺー]+", second)
        if not head or not _CJK.match(first) or len(first) > SHORT_WORD or len(head.group()) > SHORT_WORD:
            continue
        rest = para[a2 + head.end():]
        after = rest.lstrip(" \u3000")[:1]  # what follows the second word and its space
        if rest == "" or rest[0] in NO_END or rest[0] in _AFTER_PUNCT or (
                rest[0] in " \u3000" and (not after or not _CJK.match(after) or "ぁ" <= after <= "ゖ")):
            for grade in keep:
                grade[b1] = 0
            inner[b1] = 3.5


def wrap(text: str, width: float, font: str, size: float, loose: bool = False) -> list[str]:
    """Lines of `text` (newlines kept) no wider than `width` where the grades allow; a unit
    wider than the line is left on a line of its own (too wide: the caller shrinks)."""
    out: list[str] = []
    for para in (text or "").split("\n"):
        out.extend(_wrap_para(para, width, font, size, loose) if para else [""])
    return out


def _wrap_para(para: str, width: float, font: str, size: float, loose: bool) -> list[str]:
    if fonts.string_width(para, font, size) <= width:
        return [para]
    strict, lax = grades(para)
    grade = lax if loose else strict
    w = [fonts.string_width(ch, font, size) for ch in para]
    n = len(para)
    lines: list[str] = []
    i = 0
    while i < n:
        while i < n and para[i] in " \u3000":
            i += 1
        if i >= n:
            break
        e, acc = i, 0.0
        while e < n and (acc + w[e] <= width + 0.01 or para[e] in " \u3000"):
            acc += w[e]
            e += 1
        if e >= n:
            lines.append(para[i:].rstrip())
            break
        k = _best_break(grade, w, i, e, width)
        if k is None:  # nothing breakable fits: the unit stays whole on a line too wide
            k = next((j for j in range(e + 1, n) if grade[j] > 0), n)
        lines.append(para[i:k].rstrip())
        i = k
    return lines or [""]


def _best_break(grade: list[float], w: list[float], i: int, e: int, width: float) -> int | None:
    """The place in (i, e] to break before: the best grade among those that fill the line to
    MIN_FILL, the latest of equals; when none fills it that much, the latest place."""
    best, best_key = None, None
    used = 0.0
    for k in range(i + 1, e + 1):
        used += w[k - 1]
        if grade[k] <= 0:
            continue
        full = used >= MIN_FILL * width
        key = (full, grade[k] if full else 0, k)
        if best_key is None or key > best_key:
            best, best_key = k, key
    return best
