"""Page furniture: title, 和暦 and 西暦 date, page x / y, the confidentiality footer."""
from __future__ import annotations

import datetime as dt

import pdfplumber

from desktop.printing import furniture


def test_date_in_both_calendars():
    """令和8年11月28日 (2026年11月28日); 元年 for the first year of an era."""
    assert furniture.format_date_both(dt.date(2026, 11, 28)) == "令和8年11月28日 (2026年11月28日)"
    assert furniture.format_date_both(dt.date(2019, 5, 1)).startswith("令和元年5月1日")


def test_furniture_on_every_page(tmp_path):
    """Three pages: each has the title, the date, x / 3 and 個人情報・取扱注意."""
    out = tmp_path / "f.pdf"
    c = furniture.FurnitureCanvas(str(out), furniture.Furniture("安否確認表 1班", dt.date(2026, 11, 28)))
    for _ in range(3):
        c.drawString(100, 400, "body")
        c.showPage()
    c.save()
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 3
        for n, page in enumerate(pdf.pages, 1):
            text = page.extract_text()
            assert "安否確認表 1班" in text and "令和8年11月28日 (2026年11月28日)" in text
            assert f"{n} / 3" in text and "個人情報・取扱注意" in text and "body" in text
