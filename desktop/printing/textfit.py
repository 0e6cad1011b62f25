"""Horizontal text fitting shared by labels and horizontal postcards: address wrapping at
natural boundaries (never inside a number) and aligned joint names (連名).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from desktop.printing import fonts
from desktop.printing.rows import AddressRow, NameEntry

# Atoms that are split only when one alone is wider than a line: a house or room number
# such as 12-3-405 or 10F-1001 (digits and letters joined by hyphens, ASCII or full width),
# a Latin word, a katakana word with its ・ and ー (ザ・タワー, サンライズマンション).
# Everything else may break between characters, preferably at a space (see _split_long).
_ALNUM = "0-9０-９A-Za-zＡ-Ｚａ-ｚ"
# Katakana letters: not ヵ ヶ (霞ヶ関 is one place name written with kanji), not ・ ー alone.
_KANA = "ァ-ヴヷ-ヺ"
_ATOM = re.compile(rf"[{_ALNUM}]+(?:[-‐－−‑ー―][{_ALNUM}]+)*(?:号室|号館|号棟|号|番地|番|階|丁目|[-‐－−])?"
                   rf"|[{_KANA}][{_KANA}ーヽヾ]*・?|\s+|.", re.S)
# A line must not start with these (行頭禁則).
_NO_START = set("、。，．,.)）」』】〕ー～〜ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ・：；")
# The prefecture, then the city/ward/district: where Japanese addresses are broken by hand.
_PREF = re.compile(r"^(東京都|北海道|京都府|大阪府|.{2,3}?県)")
_CITY = re.compile(r"^(.+?[市郡](?:.+?[区町村])?|.+?[区町村])(?=.)")


def natural_chunks(address1: str, address2: str) -> list[str]:
    """Pieces between preferred line breaks: prefecture | city | town | 丁目・番地 (address2)."""
    chunks: list[str] = []
    rest = address1.strip()
    m = _PREF.match(rest)
    if m and len(rest) > len(m.group(1)):
        chunks.append(m.group(1))
        rest = rest[len(m.group(1)):]
    m = _CITY.match(rest)
    if m:
        chunks.append(m.group(1))
        rest = rest[len(m.group(1)):]
    if rest:
        chunks.append(rest)
    if address2.strip():
        chunks.append(address2.strip())
    return chunks


def _atoms(text: str) -> list[str]:
    return _ATOM.findall(text)


Measure = Callable[[str], float]  # length of a piece of text along the line, in points


def _width(font: str, size: float) -> Measure:
    return lambda text: fonts.string_width(text, font, size)


def _split_long(chunk: str, width: float, font: str, size: float, measure: Measure | None = None
                ) -> tuple[list[str], bool]:
    """Break one chunk between atoms; returns (lines, ok) where ok=False if an atom is too wide.

    A line that must break goes back to its last space, or to where a katakana word meets
    kanji, when that keeps at least half the line: 「サンライズマンション / 新宿御苑前 1203号室」,
    not 「…マンション新宿御 / 苑前 1203号室」. `measure` replaces the width in `font` at `size`
    (a vertical column measures its cells)."""
    measure = measure or _width(font, size)
    lines: list[str] = []
    cur: list[str] = []
    for atom in _atoms(chunk):
        text = "".join(cur)
        if not cur or measure(text + atom) <= width or atom[0] in _NO_START:
            cur.append(atom)
            continue
        k = _last_good_break(cur, width, measure)
        tail = (cur[k + 1:] if cur[k].isspace() else cur[k:]) + [atom] if k else []
        if k and measure("".join(tail)) <= width:
            lines.append("".join(cur[:k]).rstrip())
            cur = tail
        else:
            lines.append(text.rstrip())
            cur = [atom] if not atom.isspace() else []
    if cur:
        lines.append("".join(cur))
    for i in range(1, len(lines)):  # 行頭禁則 after a break at a space: ） ・ back onto the line above
        moved = lines[i].lstrip()
        while moved and moved[0] in _NO_START:
            lines[i - 1], moved = lines[i - 1] + moved[0], moved[1:].lstrip()
        lines[i] = moved
    lines = [line for line in lines if line] or lines[:1]
    ok = all(measure(line) <= width + 0.01 for line in lines)
    return lines, ok


_KANA_START = re.compile(f"[{_KANA}]")


def _is_kana_word(atom: str) -> bool:
    return bool(_KANA_START.match(atom))


def _last_good_break(atoms: list[str], width: float, measure: Measure) -> int:
    """Index in `atoms` of the last space or katakana/kanji boundary that leaves at least half
    a line before it; 0 if there is none."""
    for k in range(len(atoms) - 1, 0, -1):
        if atoms[k].isspace() or _is_kana_word(atoms[k]) != _is_kana_word(atoms[k - 1]):
            if atoms[k - 1].isspace() or atoms[k][0] in _NO_START:  # 行頭禁則: not before ）、・ー
                continue
            if measure("".join(atoms[:k])) >= width / 2:
                return k
            return 0
    return 0


def wrap_address(chunks: list[str], width: float, font: str, size: float, measure: Measure | None = None
                 ) -> tuple[list[str], bool]:
    """Greedy fill of whole chunks; a chunk wider than a line is broken between atoms.
    Returns (lines, ok); ok is False if something is still too wide (the caller shrinks).
    `measure` replaces the width in `font` at `size` (see _split_long)."""
    measure = measure or _width(font, size)
    joined = "".join(chunks)
    if measure(joined) <= width:  # the common case: one call, one line
        return [joined], True
    lines: list[str] = []
    cur, ok = "", True
    for chunk in chunks:
        trial = cur + chunk
        if cur and measure(trial) <= width:
            cur = trial
            continue
        if cur:
            lines.append(cur)
        if measure(chunk) <= width:
            cur = chunk
        else:
            parts, part_ok = _split_long(chunk, width, font, size, measure)
            ok = ok and part_ok
            lines.extend(parts[:-1])
            cur = parts[-1] if parts else ""
    if cur:
        lines.append(cur)
    return lines, ok


@dataclass(frozen=True)
class NameLine:
    family: str
    given: str
    honorific: str


def name_lines(row: AddressRow, max_joint: int = 3, family_style: str = "ichidou") -> list[NameLine]:
    """連名 rules (reference §3): the head first with the full name, the others by given name
    only, each with their own 様; beyond `max_joint` people 「○○家 御一同様」 or ご家族様."""
    names: tuple[NameEntry, ...] = row.names
    if not names:
        return []
    head = names[0]
    if len(names) > max_joint:
        if family_style == "gokazoku":
            return [NameLine(head.family, head.given, head.honorific), NameLine("", "ご家族様", "")]
        return [NameLine(f"{head.family}家", "", "御一同様")]
    out = [NameLine(head.family, head.given, head.honorific)]
    for n in names[1:]:
        # Someone with another surname (a parent-in-law, say) keeps it: it is not implied.
        out.append(NameLine(n.family if n.family != head.family else "", n.given, n.honorific))
    return out


@dataclass
class NameColumns:
    """x offsets (points, from the block's left) of the aligned given names and honorifics."""

    given_x: float
    honorific_x: float
    width: float


def name_columns(lines: list[NameLine], font: str, size: float) -> NameColumns:
    gap = size * 0.5
    fam = max((fonts.string_width(l.family, font, size) for l in lines), default=0)
    giv = max((fonts.string_width(l.given, font, size) for l in lines), default=0)
    hon = max((fonts.string_width(l.honorific, font, size) for l in lines), default=0)
    given_x = fam + gap if fam else 0
    honorific_x = given_x + giv + gap if giv else given_x
    return NameColumns(given_x, honorific_x, honorific_x + hon)
