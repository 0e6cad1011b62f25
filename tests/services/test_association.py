"""町会の情報: the association's details are edited, checked and audited (desktop/services/association)."""
from __future__ import annotations

import pytest

from db import models as m
from db.queries.print_sources import sender
from desktop.services import association as svc


def test_details_are_saved_trimmed_and_audited(store):
    """Name, leader, address, phone and 年度 are written as typed (trimmed) and each change audited."""
    row, changed = svc.save_details({"name": "  港南三丁目町会 ", "leader_name": "佐藤　一郎 ", "postal_code": "１０８－００７５",
                                     "address": "東京都港区港南9丁目1-1", "phone": "03-5471-0000", "fiscal_year": "2026"},
                                    actor="山田")
    a = m.Association.get()
    assert (a.name, a.leader_name, a.postal_code, a.address, a.phone, a.fiscal_year) == (
        "港南三丁目町会", "佐藤 一郎", "1080075", "東京都港区港南9丁目1-1", "0354710000", 2026)
    assert changed == 6
    audited = {e.field: (e.old, e.new, e.actor) for e in m.AuditLog.select().where(m.AuditLog.table == "association")}
    assert audited["name"] == ("テスト町会", "港南三丁目町会", "山田")
    assert set(audited) == set(svc.FIELDS)


def test_saving_the_same_values_writes_nothing(store):
    """Pressing 保存 without a change leaves no audit entry behind."""
    svc.save_details({"name": "テスト町会"})
    _row, changed = svc.save_details({"name": "テスト町会 "})
    assert changed == 0
    assert not m.AuditLog.select().where(m.AuditLog.table == "association").exists()


@pytest.mark.parametrize("values, field", [
    ({"name": "   "}, "name"),
    ({"name": "町会", "postal_code": "108-007"}, "postal_code"),
    ({"name": "町会", "fiscal_year": 26}, "fiscal_year"),
    ({"name": "町会", "fiscal_year": "令和8"}, "fiscal_year"),
])
def test_bad_values_are_refused_and_nothing_changes(store, values, field):
    """An empty name, a short postal code or an impossible 年度 is refused, naming the box."""
    with pytest.raises(svc.AssociationError) as caught:
        svc.save_details(values)
    assert caught.value.field == field and str(caught.value)
    assert m.Association.get().name == "テスト町会"


def test_postcards_print_the_new_sender(store):
    """The 差出人 on postcards and labels is the association as it was last saved."""
    svc.save_details({"name": "港南三丁目町会", "leader_name": "佐藤 一郎", "postal_code": "108-0075",
                      "address": "東京都港区港南9丁目1-1"})
    s = sender()
    assert s.names == ("港南三丁目町会", "会長 佐藤 一郎")
    assert (s.postal_code, s.address1) == ("1080075", "東京都港区港南9丁目1-1")
