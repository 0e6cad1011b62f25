"""With --lang en the attendance sheet, the register and the plan sheets speak English where
they used to stay Japanese: the legend's words (the marks ○ × 連 手 stay), the month, the
weekdays, and sex. Japanese prints are unchanged. Run as subprocesses: the language is
process-wide."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pdfplumber
import pytest

from db import models as m
from db.store import Store

JA_LEGEND = "○ 出席　× 欠席　連 欠席（連絡あり）　手 手紙・電話で参加"
EN_LEGEND = "○ Attended　× Absent　連 Absent, sent word　手 Took part by letter or phone"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pytest.fixture
def demo_file(demo_template, tmp_path, password):
    """A demo copy, and the month of its latest salon session."""
    path = tmp_path / "demo.tsunagari"
    shutil.copyfile(demo_template, path)
    s = Store.open(path, password)
    session = m.SalonSession.select().order_by(m.SalonSession.date.desc()).first()
    s.close(auto_backup=False)
    return path, session.date


def _print(language: str, kind: str, path, out, password, *extra) -> None:
    env = dict(os.environ, TSUNAGARI_PASSWORD=password)
    r = subprocess.run([sys.executable, "-m", "desktop", "--lang", language, "print", kind, "--db", str(path),
                        "--out", str(out), *extra], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr


def _lines(out) -> list[str]:
    with pdfplumber.open(out) as pdf:
        return [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_attendance_sheet_legend_month_and_weekdays(demo_file, tmp_path, password, language):
    """The legend's words, the month in the title and the weekday under each date."""
    path, day = demo_file
    out = tmp_path / "attendance.pdf"
    _print(language, "attendance", path, out, password, "--month", f"{day:%Y-%m}")
    lines = _lines(out)
    text = "\n".join(lines)
    title = lines[0]
    # pdfplumber reads the ideographic spaces between the legend's entries as plain ones
    legend = re.sub(r"\s+", " ", EN_LEGEND if language == "en" else JA_LEGEND)
    assert legend in re.sub(r"\s+", " ", text)
    weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") if language == "en" else "月火水木金土日"
    assert f"({weekday[day.weekday()]})" in text
    if language == "en":
        assert title.endswith(f"{MONTHS[day.month - 1]} {day.year}")
        # titles (salon names such as お手紙サロン) and the header date aside
        body = "\n".join(line for line in lines if not line.startswith("Salon attendance") and line != lines[1])
        assert not re.search("出席|欠席|手紙|年\\d+月|\\([月火水木金土日]\\)", body)
    else:
        assert title.endswith(f"{day.year}年{day.month}月")


def _sex_column(out) -> list[str]:
    """The words printed in the register's Sex (性別) column, on every page."""
    found = []
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            head = next(w for w in words if w["text"] in ("Sex", "性別"))
            middle = (head["x0"] + head["x1"]) / 2
            found += [w["text"] for w in words
                      if w["top"] > head["bottom"] and abs((w["x0"] + w["x1"]) / 2 - middle) < 8]
    return found


@pytest.mark.parametrize("language, allowed", [("en", {"F", "M", "X"}), ("ja", {"女", "男", "他"})])
def test_register_prints_sex_in_its_language(demo_file, tmp_path, password, language, allowed):
    """The register's Sex column: F / M in English, 女 / 男 in Japanese."""
    path, _day = demo_file
    out = tmp_path / "register.pdf"
    _print(language, "register", path, out, password)
    column = set(_sex_column(out))
    assert column <= allowed and len(column & allowed) >= 2  # both women and men in the demo


def test_plan_sheet_prints_sex_as_a_word_in_english(demo_file, tmp_path, password):
    """The plan sheet's 「Date of birth / sex」 ends with Female or Male, not 女 / 男."""
    path, _day = demo_file
    out = tmp_path / "plan.pdf"
    _print("en", "plan", path, out, password)
    rows = [line for line in _lines(out) if line.startswith("Date of birth / sex")]
    assert rows
    with_sex = [line for line in rows if re.search(r"(Female|Male|Other)$", line)]
    assert with_sex and not [line for line in rows if re.search(r"[男女他]$", line)]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_header_date_and_footer_follow_the_language(demo_file, tmp_path, password, language):
    """Every list print's header date and 「個人情報・取扱注意」 footer: English in English
    (28 Nov 2026 (Reiwa 8), "Personal data: handle with care"), as before in Japanese."""
    import datetime as dt

    from desktop import jtext

    path, _day = demo_file
    out = tmp_path / "calllist.pdf"
    _print(language, "calllist", path, out, password)
    text = "\n".join(_lines(out))
    today = dt.date.today()
    if language == "en":
        assert jtext.format_date_en(today, era=True) in text and "Personal data: handle with care" in text
        assert "個人情報・取扱注意" not in text and "令和" not in text
    else:
        assert f"{jtext.format_date(today, 'wareki')} ({jtext.format_date(today, 'seireki')})" in text
        assert "個人情報・取扱注意" in text


def test_english_dates_are_written_out_whatever_the_locale():
    """Month and weekday names come from the app, not from the computer's locale."""
    import datetime as dt

    from desktop import jtext

    day = dt.date(2026, 11, 28)
    assert jtext.format_date_en(day) == "28 Nov 2026"
    assert jtext.format_date_en(day, era=True, weekday=True) == "Sat 28 Nov 2026 (Reiwa 8)"
    assert jtext.format_date_en(dt.date(1989, 1, 8), era=True) == "8 Jan 1989 (Heisei 1)"
