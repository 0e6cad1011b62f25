"""Text in the cells of the list prints, read back from real PDFs of the demo: no word, date,
number or name broken across lines, nothing smaller than our readers can read, nothing outside
its cell or the page, and the size the job reports is the smallest one really printed."""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict

import pdfplumber
import pytest

from db import models as m
from desktop.printing import jobs

TODAY = dt.date(2026, 11, 29)
RECIPIENT = "5班 班長 長谷川 久美子"  # long enough to need two lines in the ledger's 受取人 column

# Units a reader must see whole (the tester's 「昭和22年1月24 / 日」, 「聴覚障 / 害」, 「一部損 / 壊」,
# 「避難所 / へ」, 「コーポ / 白金409」, 「5班 班長 青木 / 翔太」).
PATTERNS = [
    r"(明治|大正|昭和|平成|令和)(元|\d{1,2})年\d{1,2}月\d{1,2}日",
    r"[（(]\d+歳[)）]",
    r"(固 ?|携 ?)?0\d{1,4}-\d{1,4}-\d{3,4}",
    r"\d+丁目\d+(-\d+)*",
    r"グリーンハイツ|メゾン港南|コーポ白金|サンライズ芝|みなとレジデンス|パークサイド高輪",
    r"一部損壊|避難所へ|聴覚障害|視覚障害|身体障害|必要|確認済み|自宅|避難所|親族宅|民生委員|班長",
]
NO_START = set("、。，．）)」』ー")
NO_END = set("（(「『")


def cells(page) -> dict[tuple, dict]:
    """Chars grouped by the ruled cell they sit in: {(row top, left): {"box", "chars"}}. A
    cell is bounded by the nearest rules around the char's centre that reach that far."""
    vs = [e for e in page.edges if e["orientation"] == "v"]
    hs = [e for e in page.edges if e["orientation"] == "h"]
    out: dict[tuple, dict] = {}
    for ch in page.chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        down = [e["x0"] for e in vs if e["top"] - 0.5 <= cy <= e["bottom"] + 0.5]
        across = [e["top"] for e in hs if e["x0"] - 0.5 <= cx <= e["x1"] + 0.5]
        left = max((x for x in down if x <= cx), default=None)
        right = min((x for x in down if x > cx), default=None)
        top = max((y for y in across if y <= cy), default=None)
        bottom = min((y for y in across if y > cy), default=None)
        if None in (left, right, top, bottom):
            continue  # not in a table (page head, notes)
        cell = out.setdefault((round(top, 1), round(left, 1)), {"box": (left, top, right, bottom), "chars": []})
        cell["chars"].append(ch)
    return out


def cell_lines(chars) -> list[str]:
    """The lines of one cell, top to bottom (a line: chars of one size at one height)."""
    lines: dict[tuple, list] = defaultdict(list)
    for ch in chars:
        lines[(round(ch["top"] * 2) / 2, round(ch["size"], 1))].append(ch)
    ordered = sorted(lines.items(), key=lambda kv: kv[0][0])
    return ["".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])).strip() for _k, cs in ordered]


def broken_units(lines: list[str], names: list[tuple[str, str]]) -> list[str]:
    """Units of `PATTERNS` and people's names that run across a line end of the cell."""
    joined = "".join(lines)
    ends, pos = [], 0
    for line in lines[:-1]:
        pos += len(line)
        ends.append(pos)
    spans = [mt.span() for p in PATTERNS for mt in re.finditer(p, joined)]
    for family, given in names:
        spans += [mt.span() for mt in re.finditer(re.escape(family) + " ?" + re.escape(given), joined)]
    bad = [" / ".join(lines) for s, e in spans if any(s < b < e for b in ends)]
    bad += [" / ".join(lines) for a, b in zip(lines, lines[1:]) if b[:1] in NO_START or a[-1:] in NO_END]
    return bad


def people_names() -> list[tuple[str, str]]:
    names = {(p.family_name, p.given_name) for p in m.Person.select()}
    for c in m.EmergencyContact.select():
        family, _sp, given = c.name.partition(" ")
        if given:
            names.add((family, given))
    names.add(("長谷川", "久美子"))
    return sorted(names)


def output(name: str, tmp_path, kind: str, block: m.Block | None = None, **request):
    """Prepare and print as the Print page does; the ledger is rendered (it is no ledger line)."""
    job = jobs.prepare(jobs.JobRequest(kind, block=block.name if block else None, block_id=block.id if block else None,
                                       **request), today=TODAY, actor="t")
    path = tmp_path / f"{name}.pdf"
    if kind == "ledger":
        return jobs.render(job, str(path), today=TODAY), path
    result, _entry, _data = jobs.output(job, path, today=TODAY, recipient=RECIPIENT, actor="t")
    return result, path


@pytest.fixture
def demo_prints(demo_store, tmp_path):
    """The prints the tester read, made the way the Print page makes them (ledger last)."""
    block5 = m.Block.get(m.Block.name == "5班")
    made = {
        "register": output("register", tmp_path, "register"),
        "register_disaster": output("register_disaster", tmp_path, "register", mode="disaster", reason="訓練"),
        "safety": output("safety", tmp_path, "safety"),
        "tally": output("tally", tmp_path, "tally"),
        "pack5": output("pack5", tmp_path, "pack", block5),
    }
    made["ledger"] = output("ledger", tmp_path, "ledger")
    return made


def test_no_unit_is_broken_across_lines_in_a_cell(demo_prints):
    """Dates, ages, phones, house numbers, building names, short words and names stay on one
    line of their cell, and no line starts with 、）ー or ends with （ (禁則)."""
    names = people_names()
    bad, wrapped = [], 0
    for kind, (_result, path) in demo_prints.items():
        with pdfplumber.open(path) as pdf:
            for i, page in enumerate(pdf.pages, 1):
                for cell in cells(page).values():
                    lines = cell_lines(cell["chars"])
                    wrapped += len(lines) > 1
                    bad += [f"{kind} p{i}: {b}" for b in broken_units(lines, names)]
    assert wrapped > 200  # the check saw the multi-line cells: dates with ages, addresses, contacts
    assert not bad, "\n".join(bad[:20])


def test_long_recipient_breaks_before_the_name(demo_prints):
    """The ledger's 受取人 「5班 班長 長谷川 久美子」 breaks at a space, the name whole."""
    _result, path = demo_prints["ledger"]
    with pdfplumber.open(path) as pdf:
        found = [cell_lines(c["chars"]) for p in pdf.pages for c in cells(p).values()
                 if "久美子" in "".join(ch["text"] for ch in c["chars"]) and "班長" in "".join(ch["text"] for ch in c["chars"])]
    assert found and all(lines == ["5班 班長", "長谷川 久美子"] for lines in found), found


def test_text_sizes_and_positions(demo_prints):
    """No text below 7 pt on these prints (readings over names included); the safety sheet's
    choices to circle at 8 pt or more; every character inside the page and inside its cell;
    the job reports the smallest size really printed."""
    for kind, (result, path) in demo_prints.items():
        with pdfplumber.open(path) as pdf:
            sizes = []
            for page in pdf.pages:
                chars = [ch for ch in page.chars if ch["text"].strip()]
                sizes += [ch["size"] for ch in chars]
                outside = [ch["text"] for ch in chars if ch["x0"] < 0 or ch["x1"] > page.width
                           or ch["top"] < 0 or ch["bottom"] > page.height]
                assert not outside, (kind, outside)
                for cell in cells(page).values():
                    left, top, right, bottom = cell["box"]
                    out = [ch["text"] for ch in cell["chars"] if ch["text"].strip() and (
                        ch["x0"] < left - 0.2 or ch["x1"] > right + 0.2 or ch["top"] < top - 0.2 or ch["bottom"] > bottom + 0.2)]
                    assert not out, (kind, "".join(out), cell_lines(cell["chars"]))
        assert min(sizes) >= 7.0, (kind, min(sizes))
        assert result.smallest_pt == pytest.approx(min(sizes), abs=0.05), kind
    _result, path = demo_prints["safety"]
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["size"])
        choices = [w for w in words if w["text"] in ("自宅・避難所", "親族宅・他", "なし・一部損壊", "半壊・全壊")]
        readings = [w for w in words if re.fullmatch(r"[ぁ-ゖー]+", w["text"]) and w["size"] < 9]
        assert len(choices) > 10 and min(w["size"] for w in choices) >= 8.0
        assert len(readings) > 10 and min(w["size"] for w in readings) >= 7.0


def test_safety_sheet_says_it_is_in_address_order(demo_prints):
    """Every page of the safety sheet says its households follow the round of the street."""
    _result, path = demo_prints["safety"]
    with pdfplumber.open(path) as pdf:
        texts = ["".join(ch["text"] for ch in p.chars) for p in pdf.pages]
    assert all("住所の順（見回りの順）" in t for t in texts)


def test_pack_names_each_glyph_problem_once(demo_store, tmp_path):
    """Someone with 𠮷 on the safety sheet and on the register (and plan) is listed once."""
    record = m.SupportRecord.select().where(m.SupportRecord.consent == m.CONSENT_YES).first()
    person = record.person
    m.Person.update(family_name="𠮷田").where(m.Person.id == person.id).execute()
    block = person.household.block
    job = jobs.prepare(jobs.JobRequest("pack", block=block.name, block_id=block.id), today=TODAY, actor="t")
    who = f"𠮷田 {person.given_name}"
    assert [(p.who, p.chars) for p in job.problems if p.who == who] == [(who, ("𠮷",))]
    result, _entry, _data = jobs.output(job, tmp_path / "pack.pdf", today=TODAY, recipient="会長", actor="t")
    assert [p.who for p in result.problems].count(who) == 1


def test_cli_json_reports_the_smallest_size(tmp_path):
    """`tsunagari print safety --json` gives the real smallest size (it said 0.0)."""
    from tests.test_cli import run

    path = tmp_path / "demo.tsunagari"
    assert run("demo", "--db", str(path), "--people", "60").returncode == 0
    out = tmp_path / "safety.pdf"
    r = run("print", "safety", "--db", str(path), "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
    reported = json.loads(r.stdout)["smallest_pt"]
    with pdfplumber.open(out) as pdf:
        smallest = min(ch["size"] for p in pdf.pages for ch in p.chars if ch["text"].strip())
    assert reported == pytest.approx(smallest, abs=0.05) and reported >= 7.0
