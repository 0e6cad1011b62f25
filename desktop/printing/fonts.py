"""The bundled TrueType fonts, registered once with reportlab, with a per-character fallback.

BIZ UDGothic / BIZ UDMincho are the print faces (DESIGN.md). They lack some name characters
(𠮷 U+20BB7, fonts/README.txt), so a run of text is split into pieces by the first font that
has each character, and IPAmj明朝 (the MJ name set) fills the gaps. A character no bundled font
has is drawn as 〓 (the geta mark Japanese typesetting uses for a missing character) and is
reported by `missing_chars` so the caller can warn *before* printing and name the people.

Also here, isolated: a small fix of reportlab 5.1's ToUnicode CMap for characters outside the
BMP (see `_to_unicode_cmap`).
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.ttfonts import TTFont

import resources
from desktop.jbase import compose_kana

GOTHIC = "BIZUDGothic"
GOTHIC_BOLD = "BIZUDGothic-Bold"
MINCHO = "BIZUDMincho"
FALLBACK = "IPAmjMincho"

_FILES = {
    GOTHIC: "BIZUDGothic-Regular.ttf",
    GOTHIC_BOLD: "BIZUDGothic-Bold.ttf",
    MINCHO: "BIZUDMincho-Regular.ttf",
    FALLBACK: "ipamjm.ttf",
}
# Ascent/descent of the em box as fractions of the size: BIZ UD and IPAmj both have 880/-120,
# which is also what PDF text extractors use for a character's box.
ASCENT = 0.88
DESCENT = 0.12
# Drawn in place of a character that no bundled font has; present in BIZ UD.
MISSING_MARK = "〓"

_lock = threading.Lock()
_registered: set[str] = set()


# --- reportlab 5.1 ToUnicode fix ------------------------------------------------------------
# reportlab writes each subset code's Unicode value as "<%04X>", so U+20BB7 becomes <20BB7>,
# which readers take as the four digits <20BB> (₻). A ToUnicode CMap must give such code
# points as a UTF-16BE surrogate pair (PDF 32000-1 §9.10.3). We replace the module-level helper
# that TTFont.addObjects calls; everything else is reportlab's own text.
_original_make_cmap = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    if code <= 0xFFFF:
        return "%04X" % code
    code -= 0x10000
    return "%04X%04X" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))


def _to_unicode_cmap(fontname, subset):
    text = _original_make_cmap(fontname, subset)
    if all(v <= 0xFFFF for v in subset):
        return text  # nothing to fix: keep reportlab's exact output
    head, _, rest = text.partition("beginbfchar\n")
    body, _, tail = rest.partition("\nendbfchar")
    body = "\n".join("<%02X> <%s>" % (i, _utf16_hex(v)) for i, v in enumerate(subset))
    return head + "beginbfchar\n" + body + "\nendbfchar" + tail


ttfonts.makeToUnicodeCMap = _to_unicode_cmap
# ----------------------------------------------------------------------------------------------


def register(name: str = GOTHIC) -> str:
    """Register one bundled font with reportlab (once per process); return its name."""
    if name in _registered:
        return name
    with _lock:
        if name not in _registered:
            # validate=0: the bundled files are known; checksumming 46 MB costs time.
            pdfmetrics.registerFont(TTFont(name, str(resources.path("fonts", _FILES[name])), validate=0))
            _registered.add(name)
    return name


def register_all() -> None:
    """The print faces; the 46 MB fallback is loaded only when a text needs it."""
    for name in (GOTHIC, GOTHIC_BOLD, MINCHO):
        register(name)


@lru_cache(maxsize=None)
def _cmap(name: str) -> frozenset[str]:
    """The characters a font has, as a set of 1-char strings (fast `issuperset` checks)."""
    register(name)
    font = pdfmetrics.getFont(name)
    return frozenset(chr(c) for c in font.face.charToGlyph)


# Characters that draw nothing by themselves: variation selectors (葛󠄀, 邉︀: the fonts have
# no IVS tables reportlab can use, so the base character is printed), zero-width spaces and
# joiners, BOM; and the combining 濁点/半濁点 of decomposed kana (ハ + ゚, as files saved on a
# Mac hold them), which must join their kana instead of taking a cell of their own.
_NEEDS_CLEAN = re.compile("[\u200b-\u200d\u2060\ufeff\ufe00-\ufe0f\u3099\u309a\U000e0100-\U000e01ef]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\ufe00-\ufe0f\U000e0100-\U000e01ef]")
def clean(text: str) -> str:
    """The text as it should be drawn: invisible characters dropped, decomposed kana composed.
    Only kana are composed (NFC on the whole text would also turn compatibility kanji such
    as 﨑 or U+FA10 塚 into other characters)."""
    if not text or not _NEEDS_CLEAN.search(text):
        return text
    return compose_kana(_INVISIBLE.sub("", text))


def has_all(text: str, name: str = GOTHIC) -> bool:
    return _cmap(name).issuperset(clean(text))


def _printable(ch: str) -> bool:
    return ch >= " " and ch != "\x7f"


def missing_chars(text: str, name: str = GOTHIC) -> list[str]:
    """Characters of `text` that neither `name` nor the fallback font has (in order, once each)."""
    text = clean(text)
    if has_all(text, name):
        return []
    fallback = _cmap(FALLBACK)
    out: list[str] = []
    for ch in text:
        if _printable(ch) and not ch.isspace() and ch not in _cmap(name) and ch not in fallback and ch not in out:
            out.append(ch)
    return out


def fallback_chars(text: str, name: str = GOTHIC) -> list[str]:
    """Characters of `text` that `name` lacks but IPAmj明朝 has (printed in the fallback face)."""
    text = clean(text)
    if has_all(text, name):
        return []
    main, fallback = _cmap(name), _cmap(FALLBACK)
    out: list[str] = []
    for ch in text:
        if ch not in main and ch in fallback and ch not in out:
            out.append(ch)
    return out


def runs(text: str, name: str = GOTHIC) -> list[tuple[str, str]]:
    """Split `text` into (font, piece) runs: the chosen face, else IPAmj, else 〓 in the face."""
    text = clean(text)
    if has_all(text, name):
        return [(name, text)]
    main, fallback = _cmap(name), _cmap(FALLBACK)
    register(FALLBACK)
    out: list[tuple[str, str]] = []
    for ch in text:
        if ch in main or ch == " ":
            face = name
        elif ch in fallback:
            face = FALLBACK
        else:
            face, ch = name, (MISSING_MARK if _printable(ch) else "")
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return [r for r in out if r[1]]


_widths: dict[tuple[str, str], float] = {}


@lru_cache(maxsize=None)
def _char_widths(name: str) -> dict[int, float]:
    """Advance widths (1/1000 em) of every character the font maps, default width filled in."""
    face = pdfmetrics.getFont(name).face
    return {c: face.charWidths.get(c, face.defaultWidth) for c in face.charToGlyph}


def string_width(text: str, name: str, size: float) -> float:
    """Width in points, measuring fallback characters in the font that will draw them.

    Widths at 1 pt are cached: names and honorifics repeat on every label of a job, and
    reportlab 5.1 measures TrueType text in pure Python."""
    text = clean(text)
    key = (text, name)
    w = _widths.get(key)
    if w is None:
        if has_all(text, name):
            # Same sum as reportlab's stringWidth, but the loop runs in C (map over a dict).
            w = 0.001 * sum(map(_char_widths(name).__getitem__, map(ord, text)))
        else:
            w = sum(pdfmetrics.stringWidth(piece, face, 1) for face, piece in runs(text, name))
        if len(_widths) > 200_000:  # bounded: a long-running app prints many jobs
            _widths.clear()
        _widths[key] = w
    return w * size


class TextBlock:
    """One BT…ET block of positioned text pieces, written straight to the canvas.

    Labels are thousands of short pieces at exact positions. reportlab's text object tracks a
    cursor by measuring every piece again (pure Python in reportlab 5.1) that we never use, so
    this writes the same operators its TrueType path writes (Tm, Tf per subset, Tj; see
    PDFTextObject._formatText) without it. Embedding still goes through the font's own
    splitString/getSubsetInternalName, so subsets and ToUnicode are reportlab's.
    """

    def __init__(self, canvas):
        self._canvas, self._doc = canvas, canvas._doc
        self._code = ["BT"]
        self._font = None
        self._word_space = 0.0

    def text(self, x: float, y: float, text: str, name: str, size: float, covered: bool = False,
             word_space: float = 0.0) -> None:
        """`covered`: the caller checked the face has every character. `word_space`: extra
        width for each space (PDF Tw), used to line up 連名 columns inside one run."""
        code, doc = self._code, self._doc
        text = clean(text)
        code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        if word_space != self._word_space:
            code.append(f"{fp_str(word_space)} Tw")
            self._word_space = word_space
        for face, piece in ([(name, text)] if covered or has_all(text, name) else runs(text, name)):
            font = pdfmetrics.getFont(face)
            for subset, chunk in font.splitString(piece, doc):
                key = (face, subset, size)
                if key != self._font:
                    code.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf")
                    self._font = key
                code.append(f"({escapePDF(chunk)}) Tj")

    def close(self) -> None:
        if self._word_space:
            # Tw is text *state*: it outlives ET, so leave it at 0 for whoever draws next.
            self._code.append("0 Tw")
        self._code.append("ET")
        self._canvas._code.append(" ".join(self._code))


def draw_string(canvas, x: float, y: float, text: str, name: str, size: float) -> float:
    """Draw `text` with its baseline at (x, y) in points; return the width drawn."""
    text = clean(text)
    if has_all(text, name):
        canvas.setFont(name, size)
        canvas.drawString(x, y, text)
        return pdfmetrics.stringWidth(text, name, size)
    start = x
    for face, piece in runs(text, name):
        canvas.setFont(face, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, face, size)
    return x - start
