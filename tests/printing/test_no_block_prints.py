"""Households in no 班 are on the whole association's prints, in a last section 「班が決まって
いない世帯」 (a tester's 93-year-old living alone with no phone was on none of them); the call
tree, which needs an originator, says where they are instead; a block's print is unchanged."""
from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest

from desktop.printing import jobs
from desktop.services import roster as rs

TODAY = dt.date(2026, 11, 29)
SECTION = "班が決まっていない世帯"


def add_household(block, address: str, *people, land: str = ""):
    """A household (in `block`, or none) with people (family, given, reading); the first is the head."""
    h, _edit = rs.save_household({"address1": "東京都港区芝", "address2": address, "landline": land,
                                  "block": block.id if block else None})
    for i, (fam, giv, reading) in enumerate(people):
        rs.save_person({"household": h.id, "family_name": fam, "given_name": giv, "family_reading": reading,
                        "given_reading": "", "is_head": i == 0})
    return h


@pytest.fixture
def town(store):
    """Two blocks with a household each, and two households in no block: 大塚 トメ alone with
    no phone, and the 川口 couple."""
    one, two = rs.create_block("1班"), rs.create_block("2班")
    add_household(one, "1丁目1-1", ("青木", "一", "あおき"), land="0354710001")
    add_household(two, "2丁目2-2", ("井上", "二", "いのうえ"), land="0354710002")
    add_household(None, "3丁目4-1", ("大塚", "トメ", "おおつか"))
    add_household(None, "3丁目1-2", ("川口", "義雄", "かわぐち"), ("川口", "春子", "かわぐち"), land="0351110001")
    return one


def pages(kind: str, block=None) -> tuple[list[pdfplumber.page.Page], object]:
    job = jobs.prepare(jobs.JobRequest(kind, block=block.name if block else None,
                                       block_id=block.id if block else None), today=TODAY, actor="tester")
    result, data = jobs.render_bytes(job, today=TODAY)
    pdf = pdfplumber.open(io.BytesIO(data))
    return pdf.pages, result


def text(page) -> str:
    return "".join(c["text"] for c in page.chars).replace(" ", "")


def assert_inside(page) -> None:
    """Every character on the paper, none past an edge (a note must be readable when printed)."""
    assert page.chars
    for c in page.chars:
        assert 0 <= c["x0"] and c["x1"] <= page.width and 0 <= c["top"] and c["bottom"] <= page.height, c["text"]


@pytest.mark.parametrize("kind", ["safety", "calllist"])
def test_whole_association_lists_households_in_no_block_last(town, kind):
    """安否確認表 and 連絡表 for the whole association: the last section has both households in
    no block, 大塚 トメ with 「電話なし」 on the call list, after the blocks' own pages."""
    all_pages, result = pages(kind)
    last = all_pages[-1]
    assert SECTION in text(last)
    assert "大塚トメ" in text(last) and "川口義雄" in text(last)
    if kind == "safety":
        assert "川口春子" in text(last) and "3世帯" not in text(last) and "2世帯・3人" in text(last)
    else:
        assert "電話なし" in text(last)
    assert not any("大塚トメ" in text(p) for p in all_pages[:-1])  # only in its own section
    assert "青木一" in "".join(text(p) for p in all_pages[:-1])
    assert_inside(last)
    assert (SECTION, len(all_pages)) in result.sections and any("2 世帯（3 人）" in n for n in result.notes)


def test_the_section_heading_sits_at_the_top_of_the_page(town):
    """The section's title is in the page heading, in the top tenth of the page."""
    all_pages, _result = pages("safety")
    last = all_pages[-1]
    heading = [w for w in last.extract_words() if SECTION in w["text"]]
    assert heading and heading[0]["top"] < last.height / 10


def test_call_tree_says_how_many_are_in_no_block_and_where_they_are(town):
    """The call tree makes up no originator: its last page says 2 households (3 people) are in no
    block, that they are on the call list and safety sheet, and the roster's way to fix it."""
    all_pages, result = pages("calltree")
    last = all_pages[-1]
    words = text(last)
    assert "2世帯（3人）は班が決まっていない" in words
    assert "連絡表と安否確認表" in words and SECTION in words
    assert "（班なし）" in words and "世帯を開く…" in words
    assert "大塚トメ" not in "".join(text(p) for p in all_pages)  # not put into any tree
    assert_inside(last)
    assert result.notes and "2 世帯（3 人）" in result.notes[0]


def test_tally_has_a_row_for_households_in_no_block(town):
    """The HQ tally counts them on a row of their own, inside the total."""
    all_pages, _result = pages("tally")
    lines = all_pages[0].extract_text().splitlines()
    row = next(line for line in lines if line.startswith("班なし "))
    assert row.split()[-3:] == ["2", "3", "0"]
    total = next(line for line in lines if line.startswith("合計"))
    assert total.split()[1:3] == ["4", "5"]


def test_pack_has_the_note_and_the_section(town):
    """The emergency pack for the whole association: the call-tree note and the safety section."""
    all_pages, _result = pages("pack")
    texts = [text(p) for p in all_pages]
    assert any("2世帯（3人）は班が決まっていない" in t for t in texts)
    assert any(SECTION in t and "大塚トメ" in t for t in texts)


@pytest.mark.parametrize("kind", ["safety", "calllist", "calltree"])
def test_a_block_print_stays_as_it_was(town, kind):
    """--block 1班: only that block, no section and no note about the others."""
    all_pages, result = pages(kind, town)
    words = "".join(text(p) for p in all_pages)
    assert SECTION not in words and "大塚トメ" not in words and "青木一" in words
    assert not result.notes
