"""The 印刷 page on a file with two blocks of one name (made before names had to differ)."""
from __future__ import annotations

from db import models as m


def test_two_same_named_blocks_are_told_apart_and_printed_by_id(qtbot, page, wait_preview):
    """Both 1班 are in the block list with their household counts; choosing the second makes a
    safety sheet of its household, which the first 1班's sheet does not have."""
    first = m.Block.select().order_by(m.Block.position).first()
    dup = m.Block.create(name=first.name, position=99)
    moved = m.Household.select().where(m.Household.block == first.id, m.Household.deleted_at.is_null()).first()
    m.Household.update(block=dup.id).where(m.Household.id == moved.id).execute()
    left = m.Household.select().where(m.Household.block == first.id, m.Household.deleted_at.is_null()).count()
    page.refresh()
    page.options.set_kind("safety")
    combo = page.options.block_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert f"{first.name}（{left} 世帯）" in texts and f"{first.name}（1 世帯）" in texts

    combo.setCurrentIndex(combo.findData(dup.id))
    wait_preview(page)
    request = page.current_request()
    assert (request.block, request.block_id) == (first.name, dup.id)
    assert {h.household_id for b in page.runner.last.job.data for h in b.households} == {moved.id}

    combo.setCurrentIndex(combo.findData(first.id))
    wait_preview(page)
    printed = {h.household_id for b in page.runner.last.job.data for h in b.households}
    assert moved.id not in printed and len(printed) > 0
