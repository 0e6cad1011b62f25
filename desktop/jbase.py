"""The one normalisation every Japanese text rule starts from (Qt-free)."""
from __future__ import annotations

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
