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


_KANA_AND_MARK = re.compile("[\u3041-\u30ff][\u3099\u309a]")


def compose_kana(text: str) -> str:
    """Join decomposed kana (ハ + U+309A → パ, as files saved on a Mac hold them) and nothing
    else: NFC on the whole text would also replace compatibility kanji (U+FA10 塚 → 塚),
    which in a person's name must stay as written."""
    if not text or ("\u3099" not in text and "\u309a" not in text):
        return text
    return _KANA_AND_MARK.sub(lambda m: unicodedata.normalize("NFC", m.group()), text)
