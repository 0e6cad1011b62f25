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

from desktop import jdates
from desktop.i18n import _, language
from desktop.printing import fonts

CONFIDENTIAL = "個人情報・取扱注意"  # the Japanese footer (see confidential())
MM = 72 / 25.4


def format_date_both(d: dt.date) -> str:
    """令和8年11月28日 (2026年11月28日); in English 28 Nov 2026 (Reiwa 8)."""
    if language() == "en":
        return jdates.format_date_en(d, era=True)
    return f"{jdates.format_date(d, 'wareki')} ({jdates.format_date(d, 'seireki')})"


def confidential() -> str:
    """The footer of every print with personal data, in the print's language."""
    return _("Personal data: handle with care")


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
        notice = confidential()
        width = fonts.string_width(notice, furniture.font, 10)
        fonts.draw_string(c, w - 15 * MM - width, 8 * MM, notice, furniture.font, 10)


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
