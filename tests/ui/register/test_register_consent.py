"""The consent rule and the services this page added, without a window (Qt-free code).

Adds what tests/services/test_register.py does not cover: people who left, trashed records,
the block filter, the audit entry's scope, and save_record_form's all-or-nothing save.
"""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from db.queries import register as reg
from desktop.services import register as svc
from desktop.services import roster, trash


def test_may_appear_for_every_consent_and_mode():
    """Normal: only 同意; disaster: all three answers."""
    assert [reg.may_appear(c, reg.MODE_NORMAL) for c in m.CONSENTS] == [True, False, False]
    assert all(reg.may_appear(c, reg.MODE_DISASTER) for c in m.CONSENTS)


def test_unknown_mode_is_refused(people):
    """A mode that is neither normal nor disaster raises instead of guessing."""
    with pytest.raises(reg.ConsentError):
        reg.register_rows("everyone")


def test_people_who_left_or_were_removed_never_appear(people):
    """Moved-out, trashed people and records taken off the register are left out, even in disaster mode."""
    for name in ("山田 花子", "佐藤 次郎", "鈴木 三郎", "田中 支援"):
        svc.add_to_register(people[name], {"consent": m.CONSENT_YES})
    roster.set_status(people["佐藤 次郎"], m.STATUS_MOVED)
    trash.trash_person(people["鈴木 三郎"])
    svc.remove_from_register(m.SupportRecord.get(m.SupportRecord.person == people["田中 支援"]))
    assert [r.name for r in reg.register_rows()] == ["山田 花子"]
    assert [r.name for r in reg.register_rows(reg.MODE_DISASTER, confirmed=True, reason="地震")] == ["山田 花子"]


def test_block_filter_and_audit_scope(people):
    """A block print gets that block only; the disaster audit entry names the block and the purpose."""
    svc.add_to_register(people["山田 花子"], {"consent": m.CONSENT_NO})
    svc.add_to_register(people["佐藤 次郎"], {"consent": m.CONSENT_NO})
    block = m.Block.get(m.Block.name == "2班")
    rows = reg.register_rows(reg.MODE_DISASTER, confirmed=True, reason="水害", block_id=block.id,
                             purpose="export", actor="防災部")
    assert [r.name for r in rows] == ["佐藤 次郎"]
    entry = m.AuditLog.get(m.AuditLog.action == "disaster_mode")
    assert entry.field == "export" and entry.new == f"block={block.id}" and entry.actor == "防災部"
    assert reg.register_rows(block_id=block.id) == []


def test_save_record_form_saves_everything(people):
    """One call writes record fields, ordered contacts, supporters and the plan; blank lines are dropped."""
    record = svc.add_to_register(people["山田 花子"])
    svc.save_record_form(record, {
        "record": {"reasons": ["wheelchair"], "consent": m.CONSENT_YES, "destination_type": "shelter",
                   "destination": "港南小学校", "destination_flood": "親族宅（品川）"},
        "contacts": [{"name": "山田 太郎", "relation": "長男", "phone": "090-1111-2222"}, {"name": " ", "phone": ""}],
        "supporters": [{"person": people["田中 支援"].id, "name": "", "phone": "", "note": "主"},
                       {"person": None, "name": "森", "phone": "03-5471-0002", "note": ""}],
        "plan": {"when_to_leave": "レベル3", "means_of_travel": "車いす", "drawn_up_on": dt.date(2026, 11, 1)},
    }, actor="会長")
    row = reg.all_records()[0]
    assert row.destination == "港南小学校" and row.destination_flood == "親族宅（品川）"
    assert [(c.name, c.phone) for c in row.emergency_contacts] == [("山田 太郎", "09011112222")]
    assert [s.name for s in row.supporters] == ["田中 支援", "森"]
    assert row.plan["means_of_travel"] == "車いす" and row.plan["drawn_up_on"] == dt.date(2026, 11, 1)
    form = reg.record_form(record.id)
    assert form["supporters"][0]["roster_name"] == "田中 支援" and form["person"]["sex"] == "F"


def test_save_record_form_is_all_or_nothing(people):
    """A supporter line without a name makes the whole save fail: record fields are not changed either."""
    record = svc.add_to_register(people["山田 花子"], {"reasons": ["visual"]})
    with pytest.raises(svc.RegisterError):
        svc.save_record_form(record, {"record": {"reasons": ["dialysis"], "consent": m.CONSENT_YES},
                                      "contacts": [{"name": "長男"}],
                                      "supporters": [{"person": None, "name": "", "phone": "", "note": "予備"}]})
    fresh = m.SupportRecord.get_by_id(record.id)
    assert fresh.reasons == ["visual"] and fresh.consent == m.CONSENT_UNKNOWN
    assert m.EmergencyContact.select().count() == 0


def test_no_plan_is_made_for_an_empty_plan(people):
    """Saving a record with an empty plan tab does not create an empty 個別避難計画."""
    record = svc.add_to_register(people["山田 花子"])
    svc.save_record_form(record, {"record": {}, "contacts": [], "supporters": [], "plan": {"notes": ""}})
    assert m.EvacuationPlan.select().count() == 0


def test_create_person_and_register_leaves_nothing_half_done(people):
    """A bad birth date for a new person rolls back the household as well."""
    households = m.Household.select().count()
    with pytest.raises(ValueError):
        svc.create_person_and_register({"family_name": "新井", "birth_date": "2026/13/40"},
                                       {"address1": "東京都港区", "address2": "1-1"}, {"record": {}})
    assert m.Household.select().count() == households and m.SupportRecord.select().count() == 0


def test_every_reason_has_a_label_and_sensitive_ones_are_named():
    """Each SUPPORT_REASONS code has a label; health and disability reasons are marked sensitive."""
    assert set(svc.REASON_LABELS) == set(m.SUPPORT_REASONS)
    assert {"visual", "dialysis", "care_level", "mental"} <= set(svc.SENSITIVE_REASONS)
    assert "elderly_alone" not in svc.SENSITIVE_REASONS
