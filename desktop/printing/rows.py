"""Plain input rows for the print engine. A query (db/queries/print_sources.py) fills them with
one joined select; tests build them by hand. Frozen, so a job can run on a worker thread while
the UI keeps its own copies.
"""
from __future__ import annotations

from dataclasses import dataclass, field

HONORIFIC = "様"  # fixed Japanese print vocabulary (STYLE: may stay literal)


@dataclass(frozen=True)
class NameEntry:
    """One addressee. `honorific` is 様 by default; a company would carry 御中 instead."""

    family: str
    given: str = ""
    honorific: str = HONORIFIC
    family_reading: str = ""
    given_reading: str = ""
    is_head: bool = False
    key: str = ""  # person uuid: lets a warning point at the record

    @property
    def full(self) -> str:
        return f"{self.family} {self.given}".strip()


@dataclass(frozen=True)
class AddressRow:
    """One mail piece: a household (several names, 連名) or a person (one name).

    `names` is in household order with the head first; the engine does not reorder it.
    """

    postal_code: str  # 7 digits; hyphens and full-width digits are tolerated
    address1: str  # prefecture + city + town (都道府県・市区町村・町名)
    address2: str = ""  # 丁目・番地・号, e.g. "4丁目2-8"
    address3: str = ""  # building and room; printed on its own line
    names: tuple[NameEntry, ...] = ()
    block: str = ""
    block_order: int = 0
    reading: str = ""  # 五十音 sort key of the head (Person.sort_key)
    key: str = ""  # household uuid

    def __post_init__(self):
        if not isinstance(self.names, tuple):  # accept a list from callers, stay hashable
            object.__setattr__(self, "names", tuple(self.names))

    @property
    def postal_digits(self) -> str:
        return postal_digits(self.postal_code)

    def texts(self) -> list[str]:
        """Every string that may be printed for this row (for glyph checks)."""
        out = [self.address1, self.address2, self.address3]
        for n in self.names:
            out += [n.family, n.given, n.honorific]
        return [t for t in out if t]


@dataclass(frozen=True)
class Sender:
    """差出人: the association (Association row) or whoever signs the card."""

    postal_code: str = ""
    address1: str = ""
    address2: str = ""
    address3: str = ""
    names: tuple[str, ...] = ()  # e.g. ("港北町会", "会長 鈴木 一郎")

    def __post_init__(self):
        if not isinstance(self.names, tuple):
            object.__setattr__(self, "names", tuple(self.names))

    @property
    def postal_digits(self) -> str:
        return postal_digits(self.postal_code)


@dataclass(frozen=True)
class GlyphProblem:
    """A row whose text needs the fallback face, or has characters no bundled font has."""

    who: str  # the names on the row, as a person would recognise them
    chars: tuple[str, ...]
    missing: bool  # True: printed as 〓 unless fixed; False: printed in IPAmj明朝
    key: str = ""


@dataclass
class PrintResult:
    """What a print job made: page count, items and any glyph problems found on the way."""

    pages: int = 0
    items: int = 0
    problems: list[GlyphProblem] = field(default_factory=list)
    smallest_pt: float = 0.0  # the smallest text size a label or card needed (0: not measured)
    notes: list[str] = field(default_factory=list)  # sentences the person must read (as ListResult)


def postal_digits(code: str) -> str:
    """The 7 ASCII digits of a postal code, or "" when blank or malformed (then nothing goes
    in the boxes rather than a wrong number)."""
    if len(code) == 7 and code.isascii() and code.isdigit():
        return code  # the stored form: skip normalising (10,000 labels call this)
    from desktop.jtext import normalize_postal

    return normalize_postal(code or "") or ""
