"""10,000 mailing labels (12-up) through desktop.printing.labels against a minimal reportlab
loop that draws the same strings with the same embedded font, in the same run.

    .venv/bin/python bench/run.py labels
    .venv/bin/python bench/bench_labels.py     # prints the rows
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(HERE.parent))

NAME = "labels"
TITLE = "Mailing labels: 10,000 labels on a 12-up sheet"
NOTES = """Baseline: one reportlab Canvas, BIZ UDGothic embedded, drawString of the same postal,
address and name strings at fixed positions (no fitting, no fallback check). Engine: sorting,
natural-break wrapping, shrink-to-fit, aligned 連名 columns, glyph fallback, preflight."""
COUNT = 10_000
TARGET = 1.3

FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "長谷川", "佐々木", "髙橋", "山﨑"]
GIVEN = ["太郎", "花子", "一郎", "美智子", "翔", "陽菜", "健一郎", "恵子", "博", "結衣", "左衛門", "トメ"]
TOWNS = [("1050011", "東京都港区芝公園"), ("1060032", "東京都港区六本木"), ("1080075", "東京都港区港南"),
         ("1070062", "東京都港区南青山"), ("1080073", "東京都港区三田"), ("2200012", "神奈川県横浜市西区みなとみらい")]
BUILDINGS = ["", "", "", "パークサイド高輪701", "グリーンハイツ508", "みなとテストレジデンスB棟 2305号室"]


def make_rows(n: int = COUNT, seed: int = 1):
    from desktop.printing.rows import AddressRow, NameEntry

    rng = random.Random(seed)
    rows = []
    for i in range(n):
        postal, town = rng.choice(TOWNS)
        fam = rng.choice(FAMILY)
        names = tuple(NameEntry(fam, rng.choice(GIVEN)) for _ in range(rng.choice((1, 1, 2, 2, 3))))
        rows.append(AddressRow(postal, town, f"{rng.randint(1, 5)}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}",
                               rng.choice(BUILDINGS), names, key=str(i)))
    return rows


def baseline(rows, out, sheet) -> None:
    """The minimal loop: same strings, same font, fixed positions."""
    from reportlab.pdfgen import canvas

    from desktop.printing import fonts
    from desktop.printing.sheets import rl_box

    c = canvas.Canvas(str(out), pagesize=(210 * 72 / 25.4, 297 * 72 / 25.4))
    per = sheet.per_page
    for i, r in enumerate(rows):
        if i and i % per == 0:
            c.showPage()
        box = rl_box(sheet, i % per)
        x, y = box.x + 11, box.y + box.h - 20
        c.setFont(fonts.GOTHIC, 9)
        c.drawString(x, y, f"〒{r.postal_code[:3]}-{r.postal_code[3:]}")
        c.setFont(fonts.GOTHIC, 10.5)
        c.drawString(x, y - 12, r.address1 + r.address2)
        if r.address3:
            c.drawString(x, y - 24, r.address3)
        c.setFont(fonts.GOTHIC, 14)
        for k, n in enumerate(r.names):
            c.drawString(x + 40, y - 44 - 16 * k, (n.family + " " if k == 0 else "") + n.given + " 様")
    c.showPage()
    c.save()


def engine(rows, out, sheet) -> None:
    from desktop.printing import labels

    labels.render_labels(rows, str(out), sheet, labels.LabelOptions(offset_mm=(0, 0)))


def run() -> list[dict]:
    from desktop.printing import fonts, sheets

    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    fonts.register_all()
    sheet = sheets.get_sheet("hisago-elm008")
    rows = make_rows()
    engine(rows[:50], out_dir / "warm.pdf", sheet)  # font caches warm for both sides
    base_t, eng_t = [], []
    for _ in range(3):  # alternate, so drift on a noisy machine hits both sides alike
        t = time.perf_counter()
        baseline(rows, out_dir / "labels-baseline.pdf", sheet)
        base_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        engine(rows, out_dir / "labels-engine.pdf", sheet)
        eng_t.append(time.perf_counter() - t)
    b, e = statistics.median(base_t), statistics.median(eng_t)
    ratio = e / b
    return [
        {"metric": "10,000 labels, 12-up (median of 3)", "value": e, "unit": "s", "baseline": b,
         "ratio": ratio, "target": f"≤ {TARGET}×", "ok": ratio <= TARGET},
        {"metric": "per label", "value": e / COUNT * 1e6, "unit": "µs", "baseline": b / COUNT * 1e6,
         "ratio": None, "target": "", "ok": None},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
