"""The one normalisation every Japanese text rule starts from (Qt-free)."""
from __future__ import annotations

import re
import unicodedata

# instead of splitting it into "か ゙" (NFKC maps U+309B to space + U+3099).
_SPACING_MARKS = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})


def nfkc(text: str) -> str:
    """NFKC with spacing ゛゜ treated as combining marks (so ｶﾞ, か゛ and が all become が)."""
    if not text:
        return ""
    if text.isascii():
        return text
    if "\u309b" in text or "\u309c" in text:  # rare; a substring test is far cheaper than translate()
        text = text.translate(_SPACING_MARKS)
    return unicodedata.normalize("NFKC", text)


# CJK Compatibility Ideographs: NFKC replaces most with their unified kanji (U+FA10 塚 → 塚).
_COMPAT_KANJI = re.compile("[\uf900-\ufaff\U0002f800-\U0002fa1f]")


def nfkc_keep_kanji(text: str) -> str:
    """nfkc() for an address: widths and ﾊｲﾂ are normalised, but a compatibility kanji (the
    塚 of a place name written with U+FA10) stays the character the person chose."""
    if not text or text.isascii() or not _COMPAT_KANJI.search(text):
        return nfkc(text)
    out, last = [], 0
    for match in _COMPAT_KANJI.finditer(text):
        out += [nfkc(text[last:match.start()]), match.group()]
        last = match.end()
    out.append(nfkc(text[last:]))
    return "".join(out)


_KANA_AND_MARK = re.compile("[\u3041-\u30ff][\u3099\u309a]")


def compose_kana(text: str) -> str:
    """Join decomposed kana (ハ + U+309A → パ, as files saved on a Mac hold them) and nothing
    else: NFC on the whole text would also replace compatibility kanji (U+FA10 塚 → 塚),
    which in a person's name must stay as written."""
    if not text or ("\u3099" not in text and "\u309a" not in text):
        return text
    return _KANA_AND_MARK.sub(lambda m: unicodedata.normalize("NFC", m.group()), text)
