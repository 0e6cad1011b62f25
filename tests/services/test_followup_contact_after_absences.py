"""A call or a letter answers missed salons: logged after the absences began, it takes the
person off the follow-up list until they miss the sessions again after it, or until the
follow-up date set on it comes (db/queries/followup.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from db.queries import print_lists as pl
from db.queries.followup import REASON_FOLLOW_UP, REASON_MISSED, follow_up_list
from desktop.services import contacts, roster
from desktop.services import salon as svc

# Sessions every other Thursday; the regulars missed 11/12 and 11/26.
DATES = [dt.date(2026, 10, 29), dt.date(2026, 11, 12), dt.date(2026, 11, 26), dt.date(2026, 12, 10),
         dt.date(2026, 12, 24)]
TODAY = dt.date(2026, 11, 29)


def _person(name: str, reading: str) -> m.Person:
    h, _ = roster.save_household({"address1": "東京都港区港南", "landline": "0354712222"})
    p, _ = roster.save_person({"household": h.id, "family_name": name, "given_name": "一郎",
                               "family_reading": reading, "given_reading": "いちろう"})
    roster.save_person({"household": h.id, "family_name": name, "given_name": "同居", "family_reading": reading})
    return p


@pytest.fixture
def salon(store):
    s = svc.save_salon(None, {"name": "お手紙サロン", "schedule": "隔週木曜 10:00"})
    for d in DATES:
        svc.add_session(s, d)
    return s


def _session(salon, d):
    return m.SalonSession.get((m.SalonSession.salon == salon) & (m.SalonSession.date == d))


def _missed(salon, person, *dates):
    for d in dates:
        svc.set_attendance(_session(salon, d), person, "absent")


def _listed(today: dt.date) -> dict[int, list[str]]:
    # days=60: nobody here is listed only for not being reached
    return {r.person_id: r.reasons for r in follow_up_list(today, days=60, missed=2)}


def test_a_call_after_the_absences_takes_them_off_the_list(salon):
    """Listed for missing 11/12 and 11/26; a call on 11/29 (follow-up 12/10) takes them off the
    list, the print and the home page at once; on 12/10 the follow-up date lists them again."""
    p = _person("高橋", "たかはし")
    svc.add_regular(salon, p, since=dt.date(2026, 10, 1))
    svc.set_attendance(_session(salon, DATES[0]), p, "attended")
    _missed(salon, p, DATES[1], DATES[2])
    assert _listed(TODAY)[p.id] == [REASON_MISSED]

    contacts.log_contact(p, "phone", "talked", when=dt.datetime(2026, 11, 29, 10, 0), follow_up_on=dt.date(2026, 12, 10))
    assert p.id not in _listed(TODAY)
    assert p.id not in {r.person_id for r in pl.followup_consented(follow_up_list(TODAY, days=60))[0]}
    # the follow-up date comes (the 12/10 session not marked yet): listed for the follow-up only
    assert _listed(dt.date(2026, 12, 10))[p.id] == [REASON_FOLLOW_UP]


def test_a_letter_counts_like_a_call(salon):
    """A letter sent after the absences began answers them too."""
    p = _person("佐藤", "さとう")
    svc.add_regular(salon, p, since=dt.date(2026, 10, 1))
    _missed(salon, p, DATES[1], DATES[2])
    contacts.quick_log(p, "letter_sent", when=dt.datetime(2026, 11, 28, 15, 0))
    assert p.id not in _listed(TODAY)


def test_listed_again_once_they_miss_again_after_the_contact(salon):
    """A call on the day of the second missed session (after it, that evening) counts; one more
    missed session is not yet 'missed twice' again, the second one after the call is."""
    p = _person("鈴木", "すずき")
    svc.add_regular(salon, p, since=dt.date(2026, 10, 1))
    _missed(salon, p, DATES[1], DATES[2])
    contacts.quick_log(p, "called", when=dt.datetime(2026, 11, 26, 18, 0))
    assert p.id not in _listed(TODAY)
    _missed(salon, p, DATES[3])
    assert p.id not in _listed(dt.date(2026, 12, 11))
    _missed(salon, p, DATES[4])
    assert _listed(dt.date(2026, 12, 25))[p.id] == [REASON_MISSED]


def test_a_contact_before_the_absences_began_does_not_answer_them(salon):
    """A call made before the first of the missed sessions leaves them listed."""
    p = _person("田中", "たなか")
    svc.add_regular(salon, p, since=dt.date(2026, 10, 1))
    _missed(salon, p, DATES[1], DATES[2])
    contacts.quick_log(p, "called", when=dt.datetime(2026, 11, 11, 10, 0))
    assert _listed(TODAY)[p.id] == [REASON_MISSED]
