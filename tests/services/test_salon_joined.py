"""A regular's joined date: sessions held before someone became a regular are not missed
sessions (follow-up list) and do not lower their rate (tallies), unless they have a mark on them."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from db.queries.followup import REASON_MISSED, follow_up_list
from desktop.services import contacts, roster
from desktop.services import salon as svc

TODAY = dt.date(2026, 11, 29)
# Reached the day before the 10/13 session: not "out of touch" within DAYS, yet before the
# absences began (a contact after them would answer them, db/queries/followup.py).
REACHED = dt.datetime(2026, 10, 12, 10, 0)
DAYS = 60


def _listed(today: dt.date) -> list:
    return follow_up_list(today, days=DAYS)


@pytest.fixture
def salon(store):
    """いきいきサロン, 毎月第2火曜, with the 13 sessions of Nov 2025 - Nov 2026 held."""
    s = svc.save_salon(None, {"name": "いきいきサロン", "schedule": "毎月第2火曜 13:30"})
    svc.create_sessions(s, svc.plan_year(s, dt.date(2025, 11, 1), months=13), skip_holidays=False)
    assert len(s.sessions) == 13
    return s


def _person(name: str, reading: str) -> m.Person:
    h, _ = roster.save_household({"address1": "東京都港区港南", "landline": "0354712222"})
    p, _ = roster.save_person({"household": h.id, "family_name": name, "given_name": "結衣",
                               "family_reading": reading, "given_reading": "ゆい"})
    roster.save_person({"household": h.id, "family_name": name, "given_name": "同居", "family_reading": reading})
    return p


def _session(salon, date) -> m.SalonSession:
    return m.SalonSession.get((m.SalonSession.salon == salon) & (m.SalonSession.date == date))


def test_a_new_regular_has_missed_nothing_yet(salon):
    """Made a regular today: not listed for sessions held before, and no rate yet; listed once
    she has missed the next two."""
    p = _person("小林", "こばやし")
    contacts.log_contact(p, when=dt.datetime(2026, 11, 25, 10, 0))
    assert p.id not in {r.person_id for r in follow_up_list(TODAY)}
    svc.add_regular(salon, p, since=TODAY)
    assert p.id not in {r.person_id for r in follow_up_list(TODAY)}
    t = svc.tallies(salon, TODAY)[p.id]
    assert (t.sessions, t.attended, t.since) == (0, 0, TODAY)
    svc.add_session(salon, dt.date(2026, 12, 8))
    assert p.id not in {r.person_id for r in follow_up_list(dt.date(2026, 12, 9))}  # one session since
    assert svc.tallies(salon, dt.date(2026, 12, 9))[p.id].sessions == 1
    contacts.log_contact(p, when=dt.datetime(2026, 12, 7, 10, 0))  # before the two missed sessions
    svc.add_session(salon, dt.date(2027, 1, 12))
    rows = {r.person_id: r for r in _listed(dt.date(2027, 1, 13))}
    assert rows[p.id].reasons == [REASON_MISSED] and rows[p.id].missed_salons == ["いきいきサロン"]


def test_a_regular_since_the_start_is_listed_as_before(salon):
    """Someone who was a regular through the last two sessions and missed them is still listed."""
    p = _person("木下", "きのした")
    contacts.log_contact(p, when=REACHED)
    svc.add_regular(salon, p, since=dt.date(2025, 10, 1))
    assert _listed(TODAY)[0].missed_salons == ["いきいきサロン"]
    t = svc.tallies(salon, TODAY)[p.id]
    assert (t.sessions, t.attended) == (13, 0)


def test_marks_typed_in_for_sessions_before_joining_count(salon):
    """Paper sheets typed in after making someone a regular: the sessions she has a mark on
    count, for the rate and for "missed" (absent twice is missed twice)."""
    p = _person("小林", "こばやし")
    contacts.log_contact(p, when=REACHED)
    svc.add_regular(salon, p, since=TODAY)
    svc.set_attendance(_session(salon, dt.date(2026, 9, 8)), p, "attended")  # came as a guest
    t = svc.tallies(salon, TODAY)[p.id]
    assert (t.sessions, t.attended, t.last_attended, t.rate) == (1, 1, dt.date(2026, 9, 8), 1.0)
    svc.set_attendance(_session(salon, dt.date(2026, 10, 13)), p, "absent")
    assert p.id not in {r.person_id for r in _listed(TODAY)}  # nothing marked on 11/10
    svc.set_attendance(_session(salon, dt.date(2026, 11, 10)), p, "absent_notice")
    assert _listed(TODAY)[0].missed_salons == ["いきいきサロン"]
    t = svc.tallies(salon, TODAY)[p.id]
    assert (t.sessions, t.attended) == (3, 1)


def test_undo_keeps_the_joined_date_and_rejoining_starts_a_new_one(salon):
    """Taking someone off the list returns the day they had joined, so an undo restores it;
    joining again months later counts from the new day (plus sessions with a mark)."""
    p = _person("木下", "きのした")
    contacts.log_contact(p, when=REACHED)
    svc.add_regular(salon, p, since=dt.date(2025, 10, 1))
    svc.set_attendance(_session(salon, dt.date(2026, 1, 13)), p, "attended")
    joined = svc.remove_regular(salon, p)
    assert joined == dt.date(2025, 10, 1) and svc.remove_regular(salon, p) is None
    svc.add_regular(salon, p, since=joined)  # 元に戻す
    svc.add_regular(salon, p, since=TODAY)  # already a regular: unchanged
    assert svc.tallies(salon, TODAY)[p.id].since == dt.date(2025, 10, 1)
    assert svc.tallies(salon, TODAY)[p.id].sessions == 13 and p.id in {r.person_id for r in _listed(TODAY)}
    svc.remove_regular(salon, p)
    assert svc.tallies(salon, TODAY)[p.id].since is None  # a former regular: every session, as before
    assert svc.tallies(salon, TODAY)[p.id].sessions == 13
    svc.add_regular(salon, p, since=dt.date(2026, 10, 1))  # back in October
    t = svc.tallies(salon, TODAY)[p.id]
    assert (t.sessions, t.attended, t.since) == (3, 1, dt.date(2026, 10, 1))  # 1/13 (marked), 10/13, 11/10
    assert _listed(TODAY)[0].missed_salons == ["いきいきサロン"]  # missed 10/13 and 11/10


def test_a_regular_added_without_a_date_joins_today(salon):
    """add_regular without `since` (the command line, the importer) joins on the day it runs."""
    p = _person("小林", "こばやし")
    svc.add_regular(salon, p)
    assert m.SalonMember.get(m.SalonMember.person == p).joined_on == dt.date.today()
