"""The 印刷 page with a household whose building name is too long for a postcard."""
from __future__ import annotations

from db import models as m


def test_a_card_that_only_fits_at_a_tiny_size_names_the_household(qtbot, page, wait_preview):
    """Vertical postcards: a building of 150 characters fits only below 6 pt, and the page
    says whose card it is and how small (the old page said nothing). Written across
    (横書き) it wraps onto more lines at a readable size, and the note goes away."""
    head = (m.Person.select().join(m.Household).join(m.Block)
            .where(m.Block.name == "4班", m.Person.is_head == True, m.Person.deleted_at.is_null(),  # noqa: E712
                   m.Household.deleted_at.is_null()).first())
    m.Household.update(address3="あいうえおかきくけこ" * 15).where(m.Household.id == head.household_id).execute()
    page.refresh()
    page.options.set_kind("postcards")
    page.options.block_combo.setCurrentIndex(page.options.block_combo.findText("4班"))
    wait_preview(page)
    text = page.glyph_label.text()
    assert page.glyph_label.isVisible() and f"{head.family_name} {head.given_name}" in text
    assert "ポイント" in text and "建物名" in text
    page.options.writing_radios["horizontal"].setChecked(True)
    wait_preview(page)
    assert "建物名" not in page.glyph_label.text()
