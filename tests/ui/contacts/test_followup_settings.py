"""「連絡していない日数」 and 「サロンを続けて休んだ回数」 are one setting each for every page:
設定, つながりチェック, the home page and the print page, kept across a restart."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from desktop import settings as options
from desktop.services import contacts, roster
from desktop.services import salon as svc
from ui.contacts.followup_widget import FollowUpList


def _person(family, reading):
    h, _ = roster.save_household({"address1": "東京都港区港南", "landline": "0354712222"})
    return roster.save_person({"household": h.id, "family_name": family, "given_name": "花子",
                               "family_reading": reading, "given_reading": "はなこ"})[0]


@pytest.fixture
def people(store):
    """石田 last reached 58 days before 2026-11-28, 上田 25 days before; both salon regulars."""
    salon = svc.save_salon(None, {"name": "いきいき", "schedule": "毎月第2火曜"})
    a, b = _person("石田", "いしだ"), _person("上田", "うえだ")
    for p in (a, b):
        svc.add_regular(salon, p)
    contacts.log_contact(a, when=dt.datetime(2026, 10, 1, 10, 0))
    contacts.log_contact(b, when=dt.datetime(2026, 11, 3, 10, 0))
    return a, b


def test_days_set_in_settings_reach_a_contacts_page_built_before(qtbot, main_window, people):
    w = main_window
    a, b = people
    w.show_page("contacts")
    page = w.pages["contacts"]
    assert page.followup.listed_ids() == [a.id]
    w.show_page("settings")
    w.pages["settings"].follow_up_spin.setValue(20)
    w.show_page("contacts")
    assert page.followup.days_spin.value() == 20 and set(page.followup.listed_ids()) == {a.id, b.id}
    w.show_page("home")
    assert set(w.pages["home"].followup.listed_ids()) == {a.id, b.id}


def test_days_set_on_the_contacts_page_show_in_settings(qtbot, main_window, people):
    w = main_window
    w.show_page("settings")
    w.show_page("contacts")
    w.pages["contacts"].followup.days_spin.setValue(45)
    w.show_page("settings")
    assert w.pages["settings"].follow_up_spin.value() == 45


def test_missed_sessions_are_kept_and_the_home_page_agrees(qtbot, main_window, people, context):
    """Set to 1: 上田, who missed the last session, is listed on both pages; a page built at the
    next start shows 1 too (it was back at 2)."""
    w = main_window
    a, b = people
    salon = m.Salon.get(m.Salon.name == "いきいき")
    session = svc.add_session(salon, dt.date(2026, 11, 10))
    svc.set_attendance(session, a, "attended")
    svc.set_attendance(session, b, "absent")
    w.show_page("contacts")
    page = w.pages["contacts"]
    page.followup.missed_spin.setValue(1)
    listed = set(page.followup.listed_ids())
    assert b.id in listed
    w.show_page("home")
    assert set(w.pages["home"].followup.listed_ids()) == listed
    again = FollowUpList(context)
    qtbot.addWidget(again)
    assert again.missed_spin.value() == 1 and context.settings.get(options.FOLLOW_UP_MISSED) == 1
