"""縦書き (vertical) text for reportlab, character by character.

reportlab's TrueType fonts have no vertical mode and apply no GSUB `vert` features
(reference §3, option 2), so each character is drawn in its own 1-em cell going down the
column: upright for kanji and kana, rotated 90° clockwise for dashes, the long-vowel mark and
brackets (UAX #50 R/Tr; BIZ UD lacks the vertical presentation forms, reference §3.3), shifted
to the top-right quadrant for 、。, and nudged up-right for small kana.
"""
from __future__ import annotations

import re
import unicodedata

from desktop.printing import fonts
from desktop.printing.fonts import ASCENT, DESCENT

KANJI_DIGITS = "〇一二三四五六七八九"
# Drawn rotated 90° clockwise (reference §3 "rotate ー 〜 ～ … ‥ − － – — ＝" and brackets).
ROTATE = set("ー－−‐‑–—―-~〜～…‥＝=（）()「」『』【】［］[]〈〉《》｛｝{}<>＜＞:：;；→←")
# Moved from the bottom-left to the top-right quadrant of the cell (Java sample: ±0.5 em).
PUNCT = set("、。，．,.")
# Nudged up and to the right (sample: +0.08 em right, 0.04 em up; a little more reads better).
SMALL = set("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")
_HYPHENS = "-‐‑−–—―－ー"
_NUMBER = re.compile(r"[0-9]+")
_HYPHEN_BETWEEN_DIGITS = re.compile(rf"(?<=[0-9])\s*[{_HYPHENS}]\s*(?=[0-9])")


def kanji_number(digits: str, style: str = "digits") -> str:
    """23 → 二三 (digit by digit, 0 as 〇, reference §3); style "ten": 10–99 with 十 (31 → 三十一)."""
    if style == "ten" and len(digits.lstrip("0")) == 2:
        tens, ones = int(digits[-2]), int(digits[-1])
        return ("" if tens == 1 else KANJI_DIGITS[tens]) + "十" + ("" if ones == 0 else KANJI_DIGITS[ones])
    return "".join(KANJI_DIGITS[int(d)] for d in digits)


def to_vertical(text: str, numerals: str = "digits", hyphen: str = "bar") -> str:
    """Rewrite an address for a vertical column: full-width digits normalised, hyphens between
    numbers as ー (drawn vertically) or の, numbers as kanji, Latin letters full-width (upright)."""
    text = "".join(chr(ord(ch) - 0xFEE0) if "０" <= ch <= "９" else ch for ch in text or "")
    text = _HYPHEN_BETWEEN_DIGITS.sub("の" if hyphen == "no" else "ー", text)
    text = _NUMBER.sub(lambda m: kanji_number(m.group(0), numerals), text)
    # Half-width Latin letters rotate in vertical text (UAX #50 R); full-width ones stand upright,
    # which is how a single building letter (Ａ棟) is written by hand. Half-width brackets
    # become full width too: on its side a half-width ( fills half a cell and looks 3 pt small.
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and (ch.isalpha() or ch in "()[]") else ch
                   for ch in text)


def orientation(ch: str) -> str:
    if ch in ROTATE:
        return "rotate"
    if ch in PUNCT:
        return "punct"
    if ch in SMALL:
        return "small"
    return "upright"


# A Latin word or name in a vertical column is laid on its side as one run (横倒し, UAX #50
# R), as Japanese books set them; drawn letter by letter upright it cannot be read.
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"  # with José, Nguyễn, Trần
_LATIN_RUN = re.compile(rf"[{_LETTER}][{_LETTER}0-9.,'’&\-]*(?: +[{_LETTER}0-9][{_LETTER}0-9.,'’&\-]*)*")
_HALF_KANA = re.compile("[\uff61-\uff9f]+")


def _pieces(text: str) -> list[str]:
    """The column's cells: each Latin run whole, every other character alone. Half-width
    katakana become full width first (ﾀﾞ is one cell, ダ, not two)."""
    text = fonts.clean(text)
    if _HALF_KANA.search(text):
        text = _HALF_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    out: list[str] = []
    i = 0
    for m in _LATIN_RUN.finditer(text):
        if m.end() - m.start() < 2:  # one letter (Ａ棟) stands upright like a kanji
            continue
        out.extend(text[i:m.start()])
        out.append(m.group())
        i = m.end()
    out.extend(text[i:])
    return out


def _extent(piece: str, font: str, size: float) -> float:
    """Length of a cell along the column, in points."""
    if len(piece) > 1:
        return fonts.string_width(piece, font, size)
    return size * 0.5 if piece.isspace() else size


def column_length(text: str, size: float, tracking: float = 0.0, font: str = fonts.GOTHIC) -> float:
    """Height in points of a vertical run: 1 em per character (half an em for a space), a
    Latin run its width."""
    # As draw_column advances: an upright cell 1 em + tracking, a space half that, a Latin
    # run its width + tracking; no tracking after the last.
    pieces = _pieces(text)
    length = 0.0
    for p in pieces:
        if len(p) > 1:
            length += fonts.string_width(p, font, size) + size * tracking
        else:
            length += _extent(p, font, size) * (1 + tracking)
    return length - (size * tracking if pieces else 0)


def draw_column(c, x_center: float, y_top: float, text: str, font: str, size: float, tracking: float = 0.0) -> float:
    """Draw `text` downwards from y_top (reportlab points, y up), centred on x_center.
    Returns the y of the bottom of the last cell."""
    y = y_top
    step = size * (1 + tracking)
    pieces = _pieces(text)
    for ch in pieces:
        if ch.isspace():
            y -= size * 0.5 * (1 + tracking)
            continue
        if len(ch) > 1:  # a Latin run, on its side, reading downwards
            length = fonts.string_width(ch, font, size)
            c.saveState()
            c.translate(x_center, y)
            c.rotate(-90)
            fonts.draw_string(c, 0, -size * (ASCENT - DESCENT) / 2, ch, font, size)
            c.restoreState()
            y -= length + size * tracking
            continue
        # The em box of a horizontal glyph spans baseline-DESCENT..baseline+ASCENT: place it in
        # the cell (y-size .. y) so its centre is the cell's centre.
        centre_y = y - size / 2
        baseline = centre_y - size * (ASCENT - DESCENT) / 2
        kind = orientation(ch)
        face, piece = fonts.runs(ch, font)[0] if ch.strip() else (font, ch)
        c.setFont(face, size)
        if kind == "rotate":
            c.saveState()
            c.translate(x_center, centre_y)
            c.rotate(-90)
            c.drawCentredString(0, -size * (ASCENT - DESCENT) / 2, piece)
            c.restoreState()
        elif kind == "punct":
            c.drawCentredString(x_center + size * 0.5, baseline + size * 0.5, piece)
        elif kind == "small":
            c.drawCentredString(x_center + size * 0.1, baseline + size * 0.1, piece)
        else:
            c.drawCentredString(x_center, baseline, piece)
        y -= step
    return y + (size * tracking if pieces else 0)


def split_columns(chunks: list[str], capacity: float, size: float) -> list[str]:
    """Fill columns of `capacity` points with whole chunks (natural breaks); a chunk longer
    than a column is cut between characters but never inside a run of kanji numerals that
    came from one number."""
    cols: list[str] = []
    cur = ""
    for chunk in chunks:
        if column_length(cur + chunk, size) <= capacity:
            cur += chunk
            continue
        if cur:
            cols.append(cur)
            cur = ""
        while column_length(chunk, size) > capacity:
            cut = max(1, int(capacity // size))
            # Move the cut back off a numeral run (一二三〇…) or a following ー/の joiner.
            while cut > 1 and chunk[cut - 1] in KANJI_DIGITS + "十" and chunk[cut] in KANJI_DIGITS + "十ーの":
                cut -= 1
            cols.append(chunk[:cut])
            chunk = chunk[cut:]
        cur = chunk
    if cur:
        cols.append(cur)
    return cols
