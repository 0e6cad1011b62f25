"""With --lang en the prints speak English where they used to stay Japanese: the attendance
legend (marks and words), month and weekdays, sex, birth and other dates (5 Apr 1948, ages as
"(78)"), the phone marks (Tel / Mob), the follow-up list's reasons, the safety sheet's words, and
the ledger's scope and recipient. Japanese prints are unchanged. Run as subprocesses: the
language is process-wide."""
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
EN_LEGEND = "○ Attended　× Absent　W Absent, sent word　L Took part by letter or phone"
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


# -- English reads as English, Japanese stays as it was -------------------------------------------
ERA_DATE = re.compile(r"(令和|平成|昭和|大正)\d+年|\b[RHST]\d+\.\d+\.\d+")
EN_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")
PHONE_MARK_JA = re.compile(r"[固携] ?0\d")


def _text(language, kind, demo_file, tmp_path, password, *extra) -> str:
    path, _day = demo_file
    out = tmp_path / f"{kind}_{language}.pdf"
    _print(language, kind, path, out, password, *extra)
    return "\n".join(_lines(out))


@pytest.mark.parametrize("language", ["en", "ja"])
def test_follow_up_list_phones_dates_and_reasons(demo_file, tmp_path, password, language):
    """English: Tel / Mob, dates like 1 Dec 2025 and the reasons in the words of the screen
    ("no contact or visit …"); Japanese: 固 / 携, R7.12.1 and 連絡記録なし as before."""
    text = _text(language, "followup", demo_file, tmp_path, password)
    if language == "en":
        assert re.search(r"(Tel|Mob) 0\d", text) and EN_DATE.search(text.split("\n", 2)[2])
        assert not PHONE_MARK_JA.search(text) and not ERA_DATE.search(text)
        assert "no contact or visit" in text and "reached" not in text
    else:
        assert PHONE_MARK_JA.search(text) and re.search(r"\bR\d+\.\d+\.\d+", text)
        assert "連絡記録なし" in text and "Tel" not in text


@pytest.mark.parametrize("language", ["en", "ja"])
def test_register_birth_dates_ages_and_phones(demo_file, tmp_path, password, language):
    """The register's birth date, age and phone marks: 24 Jan 1947 (79), Tel / Mob in English;
    昭和22年1月24日 (79歳), 固 / 携 in Japanese."""
    text = _text(language, "register", demo_file, tmp_path, password)
    if language == "en":
        ages = [w for w in text.split() if re.fullmatch(r"\(\d{1,3}\)", w)]  # "(79)" under the birth date
        assert EN_DATE.search(text) and ages and re.search(r"(Tel|Mob) 0\d", text)
        assert not ERA_DATE.search(text) and "歳" not in text and not PHONE_MARK_JA.search(text)
    else:
        assert ERA_DATE.search(text) and re.search(r"\(\d+歳\)", text) and PHONE_MARK_JA.search(text)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_plan_consent_and_review_dates(demo_file, tmp_path, password, language):
    """The plan sheet's consent, drawn-up and review dates are English dates in English."""
    text = _text(language, "plan", demo_file, tmp_path, password)
    consent = [line for line in text.splitlines() if line.startswith(("Consent", "同意"))]
    assert consent
    if language == "en":
        assert not ERA_DATE.search(text) and "歳" not in text
        assert any(re.search(r"\(" + EN_DATE.pattern + r"\)", line) for line in consent)
    else:
        assert any("（令和" in line for line in consent)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_safety_sheet_status_words(demo_file, tmp_path, password, language):
    """The columns to tick, the words to circle, the support mark and the summary row."""
    text = _text(language, "safety", demo_file, tmp_path, password, "--block", "1班")
    japanese_words = ["無事", "軽傷", "重傷", "不明", "不在", "要支援", "全壊", "半壊", "一部損壊", "自宅", "避難所", "親族宅"]
    if language == "en":
        assert not [w for w in japanese_words if w in text] and not PHONE_MARK_JA.search(text)
        for word in ("Safe", "Badly", "No news", "Away", "Support", "home · shelter", "none · partly",
                     "Houses fully destroyed"):
            assert word in text
    else:
        assert all(w in text for w in japanese_words)
        summary = "○無事 　　人　△軽傷 　　人　×重傷 　　人　？不明 　　人　不在 　　人　避難所 　　人　全壊 　　戸　半壊 　　戸　一部損壊 　　戸"
        assert re.sub(r"\s+", "", summary) in re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_ledger_scope_recipient_and_dates(demo_file, tmp_path, password, language):
    """The ledger of a file printed in one language: "whole association", "Association leader",
    "(141 items)" and English dates in English; 全体, 会長, （141件） and R8.11.29 in Japanese."""
    path, _day = demo_file
    _print(language, "labels", path, tmp_path / "labels.pdf", password, "--sheet", "hisago-elm008")
    text = _text(language, "ledger", demo_file, tmp_path, password)
    if language == "en":
        assert re.search(r"Mailing labels, whole association \(\d+ items\)", text)
        assert "Association" in text and "leader" in text  # the recipient, over two lines of its column
        assert "全体" not in text and "会長" not in text and not ERA_DATE.search(text) and EN_DATE.search(text)
    else:
        assert re.search(r"宛名ラベル 全体（\d+件）", text) and "会長" in text and re.search(r"\bR\d+\.\d+\.\d+", text)


def test_call_tree_rules_name_the_english_marks(demo_file, tmp_path, password):
    """The call tree's rules explain the marks it prints: Tel and Mob in English."""
    text = _text("en", "calltree", demo_file, tmp_path, password, "--block", "1班")
    assert "Tel (landline), then Mob (mobile)" in re.sub(r"\s+", " ", text)
    assert re.search(r"(Tel|Mob) 0\d", text) and not PHONE_MARK_JA.search(text)
