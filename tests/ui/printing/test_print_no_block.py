"""The 印刷 page says where the households in no 班 are on a whole-association print."""
from __future__ import annotations

from db import models as m


def test_preview_says_households_in_no_block_are_in_the_last_section(qtbot, page, wait_preview):
    """A demo household taken out of its block: the whole association's call list preview names
    it under the preview (「班が決まっていない世帯」), a block's preview does not."""
    moved = m.Household.select().where(m.Household.deleted_at.is_null()).first()
    m.Household.update(block=None).where(m.Household.id == moved.id).execute()
    page.refresh()
    page.options.set_kind("calllist")
    combo = page.options.block_combo
    combo.setCurrentIndex(combo.findData(None))
    wait_preview(page)
    assert page.glyph_label.isVisible() and "1 世帯" in page.glyph_label.text()
    assert "班が決まっていない世帯" in page.glyph_label.text()
    first = m.Block.select().order_by(m.Block.position).first()
    combo.setCurrentIndex(combo.findData(first.id))
    wait_preview(page)
    assert "班が決まっていない世帯" not in page.glyph_label.text()
