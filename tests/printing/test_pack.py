"""The emergency pack: sections, bookmarks, page numbers, dates and the notice on every page."""
from __future__ import annotations

import re

import pdfplumber
from pypdf import PdfReader

from db import models as m
from db.queries import print_lists as pl
from desktop.printing import pack
from desktop.printing.custody import copy_of_page, options_for


def _outline(path) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every bookmark, depth first."""
    reader = PdfReader(str(path))
    out = []

    def walk(items, level):
        for it in items:
            if isinstance(it, list):
                walk(it, level + 1)
            else:
                out.append((level, it.title, reader.get_destination_page_number(it) + 1))

    walk(reader.outline, 0)
    return out


def test_pack_for_a_block(demo_store, tmp_path):
    """Cover, call tree, safety sheets, register, plans: bookmarked; furniture on every page."""
    block = m.Block.select().order_by(m.Block.position).first()
    data = pl.pack_data(block, "normal", recipient="1班")
    out = tmp_path / "pack.pdf"
    result = pack.render_pack(data, out, options_for(None, mode="normal"))
    with pdfplumber.open(out) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    total = len(texts)
    assert result.pages == total
    for i, t in enumerate(texts, 1):
        assert f"{i} / {total} ページ" in t
        assert "個人情報・取扱注意" in t and "平常時" in t
        assert re.search(r"令和\d+年\d+月\d+日 \(20\d\d年\d+月\d+日\)", t)
    marks = _outline(out)
    top = [(title, page) for level, title, page in marks if level == 0]
    assert [t for t, _p in top] == ["表紙", "電話連絡網", "安否確認表", "避難行動要支援者名簿", "個別避難計画"]
    assert top[0][1] == 1 and [p for _t, p in top] == sorted(p for _t, p in top)
    # the cover's contents list gives the same pages as the bookmarks
    for title, page in top[1:]:
        assert f"{title} {page}ページ" in texts[0].replace("\n", " ") or f"{page}ページ" in texts[0]
    persons = [t for level, t, _p in marks if level == 1]
    assert all(r.name in persons for r in data.register)
    assert "1班" in persons  # the block's safety sheet


def test_whole_association_pack_has_the_tally(demo_store, tmp_path):
    """Without a block: every block's sheet and the HQ tally."""
    data = pl.pack_data(None, "normal")
    out = tmp_path / "all.pdf"
    result = pack.render_pack(data, out, options_for(None, mode="normal"))
    titles = [t for level, t, _p in _outline(out) if level == 0]
    assert "安否確認 集計表（本部用）" in titles
    assert {t for level, t, _p in _outline(out) if level == 1} >= {b.name for b in pl.blocks()}
    assert result.items == sum(len(b.households) for b in data.blocks)


def test_copies_are_numbered(demo_store, tmp_path):
    """Three copies in one PDF, copy after copy; each copy's pages carry 「3部のうちk」."""
    block = m.Block.select().order_by(m.Block.position).first()
    data = pl.pack_data(block, "normal")
    out = tmp_path / "copies.pdf"

    class Entry:
        id, copies = 42, 3

    result = pack.render_pack(data, out, options_for(Entry(), mode="normal"))
    with pdfplumber.open(out) as pdf:
        texts = [p.extract_text() for p in pdf.pages]
    per = len(texts) // 3
    assert result.pages == len(texts) == per * 3
    for i, t in enumerate(texts, 1):
        k = copy_of_page(i, per)
        assert f"3部のうち{k}" in t and "台帳番号 42" in t
        assert f"{(i - 1) % per + 1} / {per} ページ" in t
    assert [t for level, t, _p in _outline(out) if level == 0] == ["3部のうち1", "3部のうち2", "3部のうち3"]
