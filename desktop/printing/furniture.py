"""Page furniture shared by the list prints: title, date in 和暦 and 西暦, "page x / y" and the
optional 「個人情報・取扱注意」 footer (DESIGN.md: every personal-data print says so).

`FurnitureCanvas` is reportlab's usual two-pass recipe: pages are kept until `save()`, when
the total is known, so "x / y" never needs the caller to count pages in advance.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as rl_canvas

from desktop.i18n import _
from desktop.printing import fonts

CONFIDENTIAL = "個人情報・取扱注意"  # fixed print vocabulary
MM = 72 / 25.4

# Era start dates (the first day of each era).
_ERAS = ((dt.date(2019, 5, 1), "令和"), (dt.date(1989, 1, 8), "平成"), (dt.date(1926, 12, 25), "昭和"))


def _wareki(d: dt.date) -> str:
    """Private fallback until desktop/jtext.format_date(d, "wareki") lands (another engineer)."""
    for start, era in _ERAS:
        if d >= start:
            year = d.year - start.year + 1
            return f"{era}{'元' if year == 1 else year}年{d.month}月{d.day}日"
    return f"{d.year}年{d.month}月{d.day}日"


def format_date_both(d: dt.date) -> str:
    """令和8年11月28日 (2026年11月28日)."""
    try:
        from desktop.jtext import format_date  # the shared rule, once it exists

        wareki, seireki = format_date(d, "wareki"), format_date(d, "seireki")
    except (ImportError, TypeError, ValueError):
        wareki, seireki = _wareki(d), f"{d.year}年{d.month}月{d.day}日"
    return f"{wareki} ({seireki})"


@dataclass
class Furniture:
    title: str = ""
    date: dt.date | None = None
    confidential: bool = True
    font: str = fonts.GOTHIC


def draw(c, furniture: Furniture, page: int, total: int, size=A4) -> None:
    """Header (title left, date right) and footer (page x / y, confidentiality) on one page."""
    w, h = size
    fonts.register(furniture.font)
    top = h - 12 * MM
    if furniture.title:
        fonts.draw_string(c, 15 * MM, top, furniture.title, furniture.font, 14)
    if furniture.date:
        text = format_date_both(furniture.date)
        width = fonts.string_width(text, furniture.font, 10)
        fonts.draw_string(c, w - 15 * MM - width, top, text, furniture.font, 10)
    c.setLineWidth(0.5)
    c.line(15 * MM, top - 3 * MM, w - 15 * MM, top - 3 * MM)
    folio = _("page %(page)d / %(total)d") % {"page": page, "total": total}
    width = fonts.string_width(folio, furniture.font, 10)
    fonts.draw_string(c, (w - width) / 2, 8 * MM, folio, furniture.font, 10)
    if furniture.confidential:
        width = fonts.string_width(CONFIDENTIAL, furniture.font, 10)
        fonts.draw_string(c, w - 15 * MM - width, 8 * MM, CONFIDENTIAL, furniture.font, 10)


class FurnitureCanvas(rl_canvas.Canvas):
    """A canvas that draws the furniture on every page once the page total is known."""

    def __init__(self, filename, furniture: Furniture, **kw):
        super().__init__(filename, **kw)
        self._furniture = furniture
        self._pages: list[dict] = []

    def showPage(self):  # reportlab API name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            draw(self, self._furniture, number, total, self._pagesize)
            super().showPage()
        super().save()
