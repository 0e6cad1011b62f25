"""person_touch follows every write to the contact log and attendance (SQLite triggers)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from db import models as m
from db.database import db
from db.store import Store


def _touch(pid):
    row = db.execute_sql("SELECT last_contact, last_attended FROM person_touch WHERE person_id = ?", (pid,)).fetchone()
    return tuple(str(v)[:10] if v else None for v in row) if row else (None, None)


def _expected(pid):
    lc = db.execute_sql("SELECT MAX(contacted_at) FROM contact_log WHERE person_id = ?", (pid,)).fetchone()[0]
    la = db.execute_sql(
        "SELECT MAX(s.date) FROM attendance a JOIN salon_session s ON s.id = a.session_id "
        "WHERE a.person_id = ? AND a.state IN ('attended', 'letter') AND s.cancelled = 0", (pid,)).fetchone()[0]
    return (str(lc)[:10] if lc else None, str(la)[:10] if la else None)


def test_triggers_follow_inserts_updates_deletes(store):
    """Contacts and attendance added, changed, moved, cancelled and deleted keep the table exact."""
    p = m.Person.create(family_name="甲")
    q = m.Person.create(family_name="乙")
    salon = m.Salon.create(name="サロン")
    s1 = m.SalonSession.create(salon=salon, date=dt.date(2026, 9, 8))
    s2 = m.SalonSession.create(salon=salon, date=dt.date(2026, 10, 13))
    c1 = m.ContactLog.create(person=p, contacted_at=dt.datetime(2026, 10, 1, 9))
    m.ContactLog.create(person=p, contacted_at=dt.datetime(2026, 8, 1, 9))
    a1 = m.Attendance.create(session=s1, person=p, state="attended")
    a2 = m.Attendance.create(session=s2, person=p, state="absent")
    assert _touch(p.id) == ("2026-10-01", "2026-09-08") == _expected(p.id)
    a2.state = "letter"
    a2.save()
    assert _touch(p.id) == _expected(p.id) == ("2026-10-01", "2026-10-13")
    s2.cancelled = True
    s2.save()
    assert _touch(p.id) == _expected(p.id) == ("2026-10-01", "2026-09-08")
    s1.date = dt.date(2026, 9, 1)
    s1.save()
    assert _touch(p.id)[1] == "2026-09-01"
    c1.person = q
    c1.save()
    assert _touch(p.id) == _expected(p.id) and _touch(q.id) == _expected(q.id) == ("2026-10-01", None)
    c1.delete_instance()
    a1.delete_instance()
    assert _touch(q.id) == (None, None) and _touch(p.id) == _expected(p.id) == ("2026-08-01", None)
    p.delete_instance(recursive=True)
    assert db.execute_sql("SELECT COUNT(*) FROM person_touch WHERE person_id = ?", (p.id,)).fetchone()[0] == 0


def test_upgrade_fills_the_table(tmp_path):
    """The v1 fixture, upgraded, has a person_touch row equal to the aggregate for everyone."""
    path = tmp_path / "old.tsunagari"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "schema_v1.tsunagari", path)
    s = Store.open(path, "fixture-password-1")
    try:
        ids = [r[0] for r in db.execute_sql("SELECT DISTINCT person_id FROM contact_log UNION SELECT person_id FROM attendance")]
        assert ids
        for pid in ids:
            assert _touch(pid) == _expected(pid)
    finally:
        s.close(auto_backup=False)
