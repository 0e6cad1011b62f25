"""Salon schedules, attendance, the contact log and the follow-up list."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from db.queries.followup import REASON_FOLLOW_UP, REASON_MISSED, REASON_NO_CONTACT, follow_up_list
from desktop.services import contacts, salon as svc
from desktop.services import register, roster


def _person(name, reading, alone=True):
    h, _ = roster.save_household({"address1": "東京都港区港南", "landline": "0354712222"})
    p, _ = roster.save_person({"household": h.id, "family_name": name, "family_reading": reading})
    if not alone:
        roster.save_person({"household": h.id, "family_name": name, "given_name": "同居", "family_reading": reading})
    return p


@pytest.mark.parametrize("text,kind,weekday,nth,time", [
    ("毎月第2火曜 13:30", "monthly_nth", 1, 2, "13:30"),
    ("毎月第２火曜日　１３：３０", "monthly_nth", 1, 2, "13:30"),
    ("毎週水曜 10:00", "weekly", 2, None, "10:00"),
    ("隔週金曜", "biweekly", 4, None, ""),
])
def test_parse_schedule(text, kind, weekday, nth, time):
    """Schedules in everyday Japanese, full- or half-width, are understood."""
    s = svc.parse_schedule(text)
    assert (s.kind, s.weekday, s.nth, s.time) == (kind, weekday, nth, time)


def test_parse_schedule_rejects_nonsense():
    """A schedule the app cannot read raises ScheduleError (the form shows the accepted forms)."""
    with pytest.raises(svc.ScheduleError):
        svc.parse_schedule("ときどき")


def test_year_of_sessions_skips_a_holiday(store):
    """毎月第2月曜 for 2026: 12 dates, 成人の日 (Jan 12) and スポーツの日 (Oct 12) flagged and skipped, or moved."""
    salon = m.Salon.create(name="月曜サロン", schedule="毎月第2月曜 10:00")
    planned = svc.plan_year(salon, dt.date(2026, 1, 1))
    assert len(planned) == 12
    holidays = {p.date: p.holiday for p in planned if p.holiday}
    assert holidays == {dt.date(2026, 1, 12): "成人の日", dt.date(2026, 10, 12): "スポーツの日"}
    made = svc.create_sessions(salon, planned, moved={dt.date(2026, 1, 12): dt.date(2026, 1, 19)})
    dates = [s.date for s in made]
    assert len(made) == 11 and dt.date(2026, 1, 19) in dates and dt.date(2026, 10, 12) not in dates
    assert svc.create_sessions(salon, planned) == []  # running it again adds nothing


def test_attendance_cycle_and_tally(store):
    """Clicks cycle the state; the tally counts attended and letters, and the last date."""
    salon = m.Salon.create(name="サロン", schedule="毎月第2火曜")
    a = _person("安藤", "あんどう")
    svc.add_regular(salon, a)
    s1 = m.SalonSession.create(salon=salon, date=dt.date(2026, 9, 8))
    s2 = m.SalonSession.create(salon=salon, date=dt.date(2026, 10, 13))
    state = None
    seen = []
    for _ in range(6):
        state = svc.next_state(state)
        seen.append(state)
    assert seen == ["attended", "absent", "absent_notice", "letter", None, "attended"]
    svc.set_attendance(s1, a, "attended")
    svc.set_attendance(s2, a, "absent")
    t = svc.tallies(salon, dt.date(2026, 11, 1))[a.id]
    assert (t.sessions, t.attended, t.last_attended) == (2, 1, dt.date(2026, 9, 8))
    assert [(p.family_name, st) for p, st in svc.session_people(s2)] == [("安藤", "absent")]


def test_follow_up_list_appears_and_leaves(store):
    """Someone not reached for 30 days appears; logging a call takes them off the list."""
    today = dt.date(2026, 11, 28)
    alone = _person("石田", "いしだ")
    family = _person("上田", "うえだ", alone=False)
    reg = _person("岡", "おか", alone=False)
    register.add_to_register(reg, {"consent": m.CONSENT_YES})
    contacts.log_contact(alone, when=dt.datetime(2026, 10, 1, 10, 0))
    contacts.log_contact(family, when=dt.datetime(2026, 9, 1, 10, 0))
    contacts.log_contact(reg, when=dt.datetime(2026, 11, 20, 10, 0))
    listed = follow_up_list(today, days=30)
    assert [r.name for r in listed] == ["石田", "上田"]  # living alone first
    assert listed[0].reasons == [REASON_NO_CONTACT] and listed[0].lives_alone
    contacts.quick_log(alone, "called", when=dt.datetime(2026, 11, 27, 15, 0))
    assert [r.name for r in follow_up_list(today, days=30)] == ["上田"]
    # the register person is due 30 days after their last contact
    assert "岡" in [r.name for r in follow_up_list(dt.date(2026, 12, 21), days=30)]
    assert [r.name for r in follow_up_list(dt.date(2026, 12, 21), days=30)][0] == "岡"


def test_missed_sessions_and_follow_up_due(store):
    """Missing the last two sessions, or a follow-up date that came, puts a person on the list."""
    today = dt.date(2026, 11, 28)
    salon = m.Salon.create(name="いきいき", schedule="毎月第2火曜")
    p = _person("木下", "きのした")
    q = _person("久保", "くぼ")
    for who in (p, q):
        svc.add_regular(salon, who)
    s1 = m.SalonSession.create(salon=salon, date=dt.date(2026, 10, 13))
    s2 = m.SalonSession.create(salon=salon, date=dt.date(2026, 11, 10))
    svc.set_attendance(s1, p, "absent")
    svc.set_attendance(s2, p, "absent_notice")
    svc.set_attendance(s1, q, "attended")
    svc.set_attendance(s2, q, "letter")
    # reached before the absences began (a contact after them answers them), within 60 days
    contacts.log_contact(p, when=dt.datetime(2026, 10, 12, 9, 0))
    contacts.log_contact(q, when=dt.datetime(2026, 11, 1, 9, 0), follow_up_on=dt.date(2026, 11, 20))
    rows = {r.name: r for r in follow_up_list(today, days=60, missed=2)}
    assert rows["木下"].reasons == [REASON_MISSED] and rows["木下"].missed_salons == ["いきいき"]
    assert rows["久保"].reasons == [REASON_FOLLOW_UP] and rows["久保"].follow_up_on == dt.date(2026, 11, 20)
    with pytest.raises(contacts.ContactError):
        contacts.log_contact(p, method="telepathy")


def test_follow_up_list_edge_cases(store):
    """What counts as 'missed' and 'last attended': cancelled sessions are skipped, a session
    still to come is not an attendance yet, every missed salon is named, a salon with fewer than
    k sessions misses nobody, missed=0 turns the reason off, trashed people are never listed."""
    from desktop.services import trash

    today = dt.date(2026, 11, 28)
    a = m.Salon.create(name="いきいき", schedule="毎月第2火曜")
    b = m.Salon.create(name="うたごえ", schedule="毎月第1金曜")
    new = m.Salon.create(name="はじまり", schedule="毎月第4月曜")
    p = _person("木下", "きのした")
    gone = _person("久保", "くぼ")
    for salon in (a, b, new):
        svc.add_regular(salon, p, since=dt.date(2026, 9, 1))
    svc.add_regular(a, gone, since=dt.date(2026, 9, 1))  # a regular before both of a's sessions
    a1 = m.SalonSession.create(salon=a, date=dt.date(2026, 10, 13))
    a2 = m.SalonSession.create(salon=a, date=dt.date(2026, 11, 10))
    a_cancelled = m.SalonSession.create(salon=a, date=dt.date(2026, 11, 24))
    a_future = m.SalonSession.create(salon=a, date=dt.date(2026, 12, 8))
    b1 = m.SalonSession.create(salon=b, date=dt.date(2026, 10, 2))
    b2 = m.SalonSession.create(salon=b, date=dt.date(2026, 11, 6))
    m.SalonSession.create(salon=new, date=dt.date(2026, 11, 23))
    svc.set_attendance(a_cancelled, p, "attended")
    svc.cancel_session(a_cancelled)
    svc.set_attendance(a_future, p, "letter")  # a letter promised for December
    for s in (a1, a2, b1, b2):
        svc.set_attendance(s, p, "absent")
    svc.set_attendance(b1, gone, "attended")
    rows = {r.name: r for r in follow_up_list(today, days=30, missed=2)}
    assert rows["木下"].missed_salons == ["いきいき", "うたごえ"]  # not はじまり: one session so far
    assert rows["木下"].last_attended is None  # the cancelled and the December sessions do not count
    assert REASON_NO_CONTACT in rows["木下"].reasons and REASON_MISSED in rows["木下"].reasons
    assert rows["久保"].reasons == [REASON_NO_CONTACT, REASON_MISSED] and rows["久保"].missed_salons == ["いきいき"]
    assert follow_up_list(today, days=30, missed=0)[0].missed_salons == []
    assert all(REASON_MISSED not in r.reasons for r in follow_up_list(today, days=30, missed=0))
    # 久保 attended b1 on 2 Oct, but is a regular of いきいき only, where they missed both
    assert rows["久保"].last_attended == dt.date(2026, 10, 2)
    trash.trash_person(gone)
    assert "久保" not in {r.name for r in follow_up_list(today, days=30, missed=2)}
    # once the December session is held, the letter counts as the last attendance
    assert {r.name: r for r in follow_up_list(dt.date(2026, 12, 9), days=30)}["木下"].last_attended == dt.date(2026, 12, 8)


def test_a_deleted_contact_comes_back_exactly(store):
    """restore_contact puts back every field of the deleted entry; the follow-up list follows."""
    today = dt.date(2026, 11, 28)
    alone = _person("石田", "いしだ")
    contacts.log_contact(alone, when=dt.datetime(2026, 10, 1, 10, 0))
    entry = contacts.log_contact(alone, "visit", "talked", made_by="佐藤", note="お元気そう",
                                 follow_up_on=dt.date(2026, 12, 10), when=dt.datetime(2026, 11, 20, 14, 5))
    before = dict(m.ContactLog.get_by_id(entry.id).__data__)
    assert follow_up_list(today, days=30) == []
    kept = contacts.delete_contact(entry.id, actor="山田")
    assert [r.name for r in follow_up_list(today, days=30)] == ["石田"]  # last contact is 10/1 again
    back = contacts.restore_contact(kept, actor="山田")
    assert dict(m.ContactLog.get_by_id(back.id).__data__) == before  # same id, uuid, times, note…
    assert follow_up_list(today, days=30) == []
    assert [e.action for e in m.AuditLog.select().where(m.AuditLog.row_uuid == before["uuid"])
            .order_by(m.AuditLog.id)] == ["create", "delete", "restore"]


def test_a_deleted_contact_comes_back_under_a_new_id_if_its_own_was_taken(store):
    """If a newer entry got the freed id meanwhile, the record comes back beside it, nothing overwritten."""
    p = _person("石田", "いしだ")
    entry = contacts.log_contact(p, when=dt.datetime(2026, 11, 1, 10, 0), note="前の記録")
    kept = contacts.delete_contact(entry)
    newer = contacts.log_contact(p, when=dt.datetime(2026, 11, 2, 10, 0), note="新しい記録")
    back = contacts.restore_contact(kept)
    assert newer.id == entry.id != back.id  # SQLite hands the highest id out again
    assert sorted(e.note for e in m.ContactLog.select()) == ["前の記録", "新しい記録"]
    assert back.uuid == kept["uuid"]


def test_a_contact_of_someone_deleted_for_good_cannot_come_back(store):
    """The person is gone from the file: ContactError, nothing written."""
    p = _person("石田", "いしだ")
    kept = contacts.delete_contact(contacts.log_contact(p))
    p.delete_instance(recursive=True)
    with pytest.raises(contacts.ContactError):
        contacts.restore_contact(kept)
    assert m.ContactLog.select().count() == 0
