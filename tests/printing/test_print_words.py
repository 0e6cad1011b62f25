"""The words a Japanese print uses for dates, ages, phone marks, follow-up reasons and the
safety sheet, exactly as before English prints got their own (desktop/printing/words.py). In
process, so in Japanese (the English side is tested in a subprocess, test_print_language.py)."""
from __future__ import annotations

import dataclasses
import datetime as dt

from db.queries.followup import REASON_FOLLOW_UP, REASON_MISSED, REASON_NO_CONTACT, FollowUpRow
from db.queries.register import RegisterRow
from desktop.i18n import _, language
from desktop.printing import attendance, jobs, lists, register_print, safety, words
from desktop.printing.list_rows import Phone

TODAY = dt.date(2026, 11, 29)


def _register_row(**values) -> RegisterRow:
    blank = {f.name: "" for f in dataclasses.fields(RegisterRow) if f.default is dataclasses.MISSING}
    blank.update(record_id=1, person_id=1, birth_date=None, block_id=None, reasons=(), consent_date=None,
                 last_reviewed=None)
    return RegisterRow(**{**blank, **values})


def test_dates_ages_and_phone_marks_in_japanese():
    """和暦 dates, (78歳), 固 / 携 and 「、」, as the Japanese prints always had them."""
    assert language() == "ja"
    assert words.date_text(dt.date(1948, 4, 5)) == "昭和23年4月5日"
    assert words.date_text(dt.date(2025, 12, 1), "wareki_short") == "R7.12.1"
    assert words.date_text(None) == "" and words.blank_date() == "　　年　月　日"
    assert words.age_text(78) == "(78歳)"
    assert (Phone("landline", "03-1").mark, Phone("mobile", "090-1").mark) == ("固", "携")
    assert words.joined(["a", "b"]) == "a、b"
    assert words.scope_text(jobs.WHOLE) == words.scope_text(None) == "全体" and words.scope_text("1班") == "1班"


def test_register_and_plan_texts_in_japanese():
    """Birth date with age, phones and the consent date of the register and the plan sheet."""
    row = _register_row(birth_date=dt.date(1948, 4, 5), landline="0354710000", mobile="09012345678",
                        consent="yes", consent_date=dt.date(2026, 7, 6))
    assert register_print.birth_text(row, TODAY) == "昭和23年4月5日\n(78歳)"
    assert register_print.phone_text(row) == "固 03-5471-0000  携 090-1234-5678"
    fields = {label: value for label, value, _h in register_print._plan_fields(row, TODAY)}
    assert fields[_("Consent")].endswith("（令和8年7月6日）")
    assert fields[_("Drawn up / reviewed")] == "　　年　月　日　/　　　年　月　日"


def test_follow_up_reasons_in_japanese():
    """The follow-up list's reasons keep their Japanese words."""
    row = FollowUpRow(1, "山田 花子", "やまだ はなこ", "1班", "", "", False, False, None, None,
                      reasons=[REASON_NO_CONTACT, REASON_MISSED, REASON_FOLLOW_UP], missed_salons=["A", "B"],
                      follow_up_on=dt.date(2026, 11, 9))
    assert lists._reason_text(row, TODAY) == "連絡記録なし\nA、B を欠席続き\nR8.11.9 に再連絡予定"
    seen = dataclasses.replace(row, reasons=[REASON_NO_CONTACT], last_contact=dt.date(2025, 12, 1))
    assert lists._reason_text(seen, TODAY) == "363日間連絡なし"


def test_safety_sheet_and_attendance_words_in_japanese():
    """The statuses to tick, the words to circle, the summary row and the attendance legend."""
    assert [_(s) for s in safety.STATUS] == ["○\n無事", "△\n軽傷", "×\n重傷", "？\n不明", "不在"]
    assert (_(safety.DAMAGE), _(safety.DESTINATION), _(safety.SUPPORT_MARK)) == (
        "なし・一部損壊\n半壊・全壊", "自宅・避難所\n親族宅・他", "★要支援")
    assert _(safety.SUMMARY) == ("○無事 　　人　△軽傷 　　人　×重傷 　　人　？不明 　　人　不在 　　人　避難所 　　人　"
                                 "全壊 　　戸　半壊 　　戸　一部損壊 　　戸")
    assert attendance.legend() == "○ 出席　× 欠席　連 欠席（連絡あり）　手 手紙・電話で参加"


def test_job_titles_and_recipients_in_japanese():
    """はがき 全体, 会長 and 1班 班長 …: the custody question and the ledger as before."""
    from desktop.services import custody

    assert jobs.titled(jobs.kind_name("postcards"), jobs.WHOLE) == "はがき 全体"
    assert jobs.titled(jobs.kind_name("calllist"), "1班") == f"{jobs.kind_name('calllist')} 1班"
    assert custody.default_recipient(None) == "会長" and custody.default_recipient("1班") == "1班"
    assert _("Block leader of %(block)s, %(name)s") % {"block": "4班", "name": "山田 修"} == "4班 班長 山田 修"
