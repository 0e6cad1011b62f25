"""安否確認表 and the HQ tally, on real PDFs."""
from __future__ import annotations

import pdfplumber

from db import models as m
from db.queries import print_lists as pl
from db.queries.register import register_rows
from desktop.printing import safety
from desktop.printing.document import PrintOptions, mode_banner
from desktop.printing.list_rows import SafetyBlock, SafetyHousehold, SafetyMember


def page_texts(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return ["".join(ch["text"] for ch in p.chars).replace(" ", "") for p in pdf.pages]


def test_every_household_of_a_block_is_on_its_sheet(demo_store, tmp_path):
    """Each active household of the block (address) and each active member (name) is printed."""
    block = m.Block.select().order_by(m.Block.position).first()
    blocks = pl.safety_blocks(block, pl.support_ids(register_rows("normal")))
    out = tmp_path / "safety.pdf"
    result = safety.render_safety(blocks, out, PrintOptions(banner=mode_banner("normal")))
    text = "".join(page_texts(out))
    households = (m.Household.select().where(m.Household.block == block, m.Household.deleted_at.is_null()))
    active = [h for h in households
              if m.Person.select().where(m.Person.household == h, m.Person.deleted_at.is_null(),
                                         m.Person.status.in_(m.ACTIVE_STATUSES)).exists()]
    assert result.items == len(active) == len(blocks[0].households) > 5
    for h in active:
        assert f"{h.address1}{h.address2}".replace(" ", "") in text
        for p in h.members.where(m.Person.status.in_(m.ACTIVE_STATUSES), m.Person.deleted_at.is_null()):
            assert p.full_name.replace(" ", "") in text and p.family_reading in text
    gone = m.Person.select().join(m.Household).where(m.Household.block == block,
                                                       m.Person.status.in_([m.STATUS_MOVED, m.STATUS_DECEASED]))
    for p in gone:
        if not any(q.name == p.full_name for hh in blocks[0].households for q in hh.members):
            assert p.full_name.replace(" ", "") not in text


def test_support_marks_follow_the_consent_rule(demo_store):
    """Normal times: only consenting people are marked 要支援; disaster mode marks everyone."""
    normal = pl.support_ids(register_rows("normal"))
    disaster = pl.support_ids(register_rows("disaster", reason="訓練", confirmed=True))
    refused = {r.person_id for r in m.SupportRecord.select().where(m.SupportRecord.consent != m.CONSENT_YES)}
    assert refused and not (normal & refused) and refused <= disaster
    marked = {mm.person_id for b in pl.safety_blocks(None, normal) for h in b.households for mm in h.members
              if mm.needs_support}
    assert marked and not (marked & refused)


def test_sheet_columns_marks_and_summary(tmp_path):
    """Hand-made block: the status columns, one ★要支援 per marked person, blank rows, summary."""
    hh = [SafetyHousehold(i, f"東京都港区芝公園1丁目{i}-1", "03-5000-0000",
                          (SafetyMember(10 * i, f"山田 太郎{i}", "やまだ たろう", "本人", True, i % 3 == 0),
                           SafetyMember(10 * i + 1, f"山田 花子{i}", "やまだ はなこ", "妻")))
          for i in range(1, 31)]
    block = SafetyBlock(1, "1班", "班長 一郎", tuple(hh))
    out = tmp_path / "s.pdf"
    result = safety.render_safety([block], out, PrintOptions(copies=1))
    pages = page_texts(out)
    text = "".join(pages)
    assert result.pages == len(pages) >= 2
    for word in ("無事", "軽傷", "重傷", "不明", "不在", "避難先", "家屋被害", "確認者", "時刻", "1部のうち1"):
        assert all(word in p for p in pages), word
    assert text.count("★要支援") == 10
    assert "1班集計：30世帯・60人" in text and "（名簿にない人）" in text


def test_tally_counts_per_block(demo_store, tmp_path):
    """The HQ tally has a row per block with households and people, and the totals."""
    blocks = pl.safety_blocks(None, pl.support_ids(register_rows("normal")))
    out = tmp_path / "tally.pdf"
    safety.render_tally(blocks, out, PrintOptions(banner=mode_banner("normal")))
    with pdfplumber.open(out) as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    for b in blocks:
        row = next(line for line in lines if line.startswith(b.name + " "))
        assert f" {len(b.households)} {b.people} {b.supported}" in row
    total = next(line for line in lines if line.startswith("合計"))
    assert f"{sum(len(b.households) for b in blocks)} {sum(b.people for b in blocks)}" in total


def test_long_addresses_and_names_wrap_readably_inside_their_columns(tmp_path):
    """A tower-block address with phone and a very long name take more lines (a taller row),
    not a 3 pt size that spills into the next column (a tester's sheet did both)."""
    long_address = "東京都千代田区千代田1-1-1 グランドメゾン千代田レジデンス・ザ・タワー・イースト棟 3201号室"
    long_name = "勅使河原左衛門三郎兵衛之助 寿限無寿限無五劫の擦り切れ"
    hh = (SafetyHousehold(1, long_address, "03-1234-5678", (SafetyMember(1, long_name, "てしがわら", "本人", True),)),
          SafetyHousehold(2, "東京都港区芝1-1-1", "", (SafetyMember(2, "山田 太郎", "やまだ たろう", "本人", True),)))
    out = tmp_path / "s.pdf"
    safety.render_safety([SafetyBlock(1, "1班", "", hh)], out, PrintOptions())
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        # The table's column edges: x of the vertical rules.
        xs = sorted({round(ln["x0"], 1) for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.1})
        addr_l, name_l, rel_l = xs[1], xs[2], xs[3]
        header_bottom = max(w["bottom"] for w in page.extract_words() if w["text"] == "続柄")
        summary_top = min(c["top"] for c in page.chars if c["text"] == "集")
        body = [c for c in page.chars if header_bottom < c["top"] < summary_top]  # the household rows
        address_chars = [c for c in body if addr_l < c["x0"] < name_l]
        name_chars = [c for c in body if name_l < c["x0"] < rel_l and c["size"] > 7]  # not the small reading
        assert address_chars and name_chars
        assert all(c["x1"] <= name_l + 0.1 for c in address_chars)
        assert all(c["x1"] <= rel_l + 0.1 for c in name_chars)
        assert min(c["size"] for c in address_chars) >= 6.9 and min(c["size"] for c in name_chars) >= 7.9
        text = "".join(c["text"] for c in body).replace(" ", "")
        assert "3201号室" in text and "五劫の擦り切れ" in text and "03-1234-5678" in text


def test_a_household_taller_than_a_page_continues_on_the_next(tmp_path):
    """A group home of 30 people with long names: no page with only the table head, nothing
    below the footer, everyone printed, the later part marked （続き）."""
    members = tuple(SafetyMember(i, f"ウィリアムズ エリザベス アレクサンドラ{i}", "", "同居人") for i in range(30))
    hh = (SafetyHousehold(1, "東京都港区芝1-1-1 グループホームさくら", "", members),)
    out = tmp_path / "s.pdf"
    safety.render_safety([SafetyBlock(1, "1班", "", hh)], out, PrintOptions())
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 2
        text = ""
        for page in pdf.pages:
            body = [c for c in page.chars if c["size"] > 7.5]
            assert max(c["bottom"] for c in page.chars) <= page.height - 5  # stays on the paper
            text += "".join(c["text"] for c in page.chars)
            assert "アレクサンドラ" in "".join(c["text"] for c in body)  # every page has people
        assert all(f"アレクサンドラ{i}" in text.replace(" ", "") for i in range(30))
        assert "（続き）" in text
