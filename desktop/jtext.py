"""Japanese text rules shared by search, sorting, import and printing (Qt-free).

(Minimal first cut; the full rules and their tests follow.)
"""
from __future__ import annotations

import unicodedata

import jaconv


def fold(text: str) -> str:
    """Fold width, case and kana type so that ヤマダ, ﾔﾏﾀﾞ and やまだ compare equal."""
    text = unicodedata.normalize("NFKC", text or "")
    text = jaconv.kata2hira(text).lower()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-‐－ー−()（）")


def sort_key(reading: str) -> str:
    """五十音 sort key of a hiragana reading."""
    return fold(reading)


def person_search_text(family_name: str, given_name: str, family_reading: str, given_reading: str, phones: list[str]) -> str:
    parts = [family_name + given_name, family_reading + given_reading]
    parts += ["".join(ch for ch in p if ch.isdigit()) for p in phones if p]
    return " ".join(fold(p) for p in parts if p)
