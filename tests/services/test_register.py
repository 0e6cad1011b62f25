"""The consent rule and register edits on a real SQLCipher file."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from db.queries import register as reg
from desktop.services import register as svc
from desktop.services import roster


def _person(name, reading):
    h, _ = roster.save_household({"address1": "東京都港区港南", "address2": "1丁目1-1", "landline": "0354711111"})
    return roster.save_person({"household": h.id, "family_name": name, "given_name": "テスト", "family_reading": reading,
                               "given_reading": "てすと", "birth_date": "S10.1.1", "sex": "F"})[0]


@pytest.fixture
def three(store):
    yes = svc.add_to_register(_person("同意", "どうい"), {"consent": m.CONSENT_YES, "reasons": ["elderly_alone"]})
    no = svc.add_to_register(_person("不同意", "ふどうい"), {"consent": m.CONSENT_NO, "reasons": ["visual"]})
    unknown = svc.add_to_register(_person("未回答", "みかいとう"), {"reasons": ["infant"]})
    return yes, no, unknown


def test_normal_mode_returns_consented_only(three):
    """Normal times: only the person who consented is returned."""
    assert [r.family_name for r in reg.register_rows()] == ["同意"]
    assert reg.may_appear(m.CONSENT_NO, reg.MODE_NORMAL) is False
    assert reg.may_appear(m.CONSENT_UNKNOWN, reg.MODE_NORMAL) is False


def test_disaster_mode_needs_confirmation_and_reason(three):
    """Disaster mode without confirmation or reason is refused and leaves no audit entry."""
    with pytest.raises(reg.ConsentError):
        reg.register_rows(reg.MODE_DISASTER, reason="地震", confirmed=False)
    with pytest.raises(reg.ConsentError):
        reg.register_rows(reg.MODE_DISASTER, reason="  ", confirmed=True)
    assert m.AuditLog.select().where(m.AuditLog.action == "disaster_mode").count() == 0


def test_disaster_mode_includes_everyone_and_is_audited(three):
    """Disaster mode returns everyone and writes who, when and why to the audit log."""
    rows = reg.register_rows(reg.MODE_DISASTER, reason="震度6強の地震", actor="会長", confirmed=True)
    assert sorted(r.family_name for r in rows) == sorted(["同意", "不同意", "未回答"])
    entry = m.AuditLog.get(m.AuditLog.action == "disaster_mode")
    assert entry.actor == "会長" and entry.reason == "震度6強の地震"


def test_row_carries_art_49_10_items_from_person_and_household(three):
    """Name, birth date, sex, address and phone come from the roster, not from the record."""
    row = reg.register_rows()[0]
    assert row.name == "同意 テスト" and row.birth_date == dt.date(1935, 1, 1) and row.sex == "F"
    assert row.address == "東京都港区港南1丁目1-1" and row.landline == "0354711111"
    assert row.reasons == ("elderly_alone",)


def test_contacts_supporters_plan_and_review(three):
    """Ordered contacts and supporters, the plan and the review date are saved and audited."""
    yes = three[0]
    helper = _person("支援", "しえん")
    svc.set_emergency_contacts(yes, [{"name": "長男 太郎", "relation": "長男", "phone": "09011110000", "lives_where": "横浜市"},
                                     {"name": "妹 花", "relation": "妹", "phone": "08022220000"}])
    svc.set_supporters(yes, [{"person": helper.id, "note": "班長"}, {"name": "民生委員 森", "phone": "07033330000"}])
    svc.save_plan(yes, {"when_to_leave": "レベル3で出発", "means_of_travel": "車いす"})
    svc.mark_reviewed(yes, dt.date(2026, 4, 1))
    row = reg.register_rows()[0]
    assert [c.name for c in row.emergency_contacts] == ["長男 太郎", "妹 花"]
    assert [s.name for s in row.supporters] == ["支援 テスト", "民生委員 森"]
    assert row.plan["means_of_travel"] == "車いす"
    assert row.review_due(dt.date(2027, 4, 1)) and not row.review_due(dt.date(2026, 12, 1))
    fields = {e.field for e in m.AuditLog.select().where(m.AuditLog.action == "update")}
    assert {"emergency_contacts", "supporters", "last_reviewed", "means_of_travel"} <= fields
    with pytest.raises(svc.RegisterError):
        svc.update_record(yes, {"reasons": ["not-a-reason"]})


def test_reviews_due_lists_unreviewed_first(three):
    """Records never reviewed or reviewed over a year ago are due, oldest first."""
    yes, no, unknown = three
    svc.mark_reviewed(yes, dt.date(2026, 10, 1))
    svc.mark_reviewed(no, dt.date(2025, 1, 1))
    due = reg.reviews_due(dt.date(2026, 11, 28))
    assert [r.family_name for r in due] == ["未回答", "不同意"]
