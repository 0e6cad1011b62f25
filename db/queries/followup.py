"""The follow-up list (つながりチェック): who has drifted out of touch.

Watched people are those someone keeps in touch with: salon regulars, people on the
support register, and anyone with a contact-log entry. A watched person is listed when
  - nobody has reached them (contact log) and they have not attended (or written to) a
    salon for `days` days;
  - they missed the last `missed` sessions of a salon they belong to;
  - a follow-up date set on a contact has come and no contact has been logged since.
People on the register and people living alone come first. Aggregates run in SQL so a
50,000-person file answers in a fraction of a second.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from db.database import db

REASON_NO_CONTACT = "no_contact"
REASON_MISSED = "missed_sessions"
REASON_FOLLOW_UP = "follow_up_due"


@dataclass(slots=True)
class FollowUpRow:
    person_id: int
    name: str
    reading: str
    block_name: str
    phone: str
    mobile: str
    on_register: bool
    lives_alone: bool
    last_contact: dt.date | None
    last_attended: dt.date | None
    reasons: list[str] = field(default_factory=list)
    missed_salons: list[str] = field(default_factory=list)
    follow_up_on: dt.date | None = None
    sort_key: str = ""

    def days_since(self, today: dt.date) -> int | None:
        last = max([d for d in (self.last_contact, self.last_attended) if d], default=None)
        return (today - last).days if last else None


_SQL = """
WITH watched AS (
    SELECT person_id AS pid FROM salon_member
    UNION SELECT person_id FROM support_record WHERE deleted_at IS NULL
    UNION SELECT person_id FROM contact_log
)
SELECT p.id, p.family_name, p.given_name, p.family_reading, p.given_reading, p.sort_key,
       COALESCE(b.name, ''), COALESCE(h.landline, ''), p.mobile,
       EXISTS (SELECT 1 FROM support_record r WHERE r.person_id = p.id AND r.deleted_at IS NULL),
       (SELECT COUNT(*) FROM person q WHERE q.household_id = p.household_id AND q.deleted_at IS NULL
            AND q.status IN ('member', 'resident')) <= 1,
       t.last_contact,
       CASE WHEN t.last_attended IS NULL OR t.last_attended <= :today THEN t.last_attended
            ELSE (SELECT MAX(s.date) FROM attendance a JOIN salon_session s ON s.id = a.session_id
                  WHERE a.person_id = p.id AND a.state IN ('attended', 'letter') AND s.cancelled = 0
                  AND s.date <= :today) END
FROM watched w
CROSS JOIN person p ON p.id = w.pid  -- CROSS JOIN: drive from the watched ids, not a person scan
LEFT JOIN person_touch t ON t.person_id = p.id
LEFT JOIN household h ON h.id = p.household_id
LEFT JOIN block b ON b.id = h.block_id
WHERE p.deleted_at IS NULL AND p.status IN ('member', 'resident')
"""
# Last contact and last attendance come from person_touch (db/touch.py), kept by triggers;
# only a person marked on a session still in the future needs the slow path.

_MISSED_SQL = """
WITH recent AS (
    SELECT id, salon_id, ROW_NUMBER() OVER (PARTITION BY salon_id ORDER BY date DESC) AS rn
    FROM salon_session WHERE date <= :today AND cancelled = 0
),
lastk AS (SELECT id, salon_id FROM recent WHERE rn <= :k),
counts AS (SELECT salon_id, COUNT(*) AS n FROM lastk GROUP BY salon_id)
SELECT sm.person_id, sa.name
FROM salon_member sm
JOIN salon sa ON sa.id = sm.salon_id AND sa.active = 1
JOIN counts c ON c.salon_id = sm.salon_id AND c.n = :k
WHERE NOT EXISTS (
    SELECT 1 FROM lastk l JOIN attendance a ON a.session_id = l.id
    WHERE l.salon_id = sm.salon_id AND a.person_id = sm.person_id AND a.state IN ('attended', 'letter')
)
"""

_FOLLOW_SQL = """
SELECT c.person_id, MIN(c.follow_up_on)
FROM contact_log c
JOIN person_touch t ON t.person_id = c.person_id
WHERE c.follow_up_on IS NOT NULL AND c.follow_up_on <= :today
  AND c.contacted_at >= t.last_contact  -- no contact was logged after the one that set the date
GROUP BY c.person_id
"""


def _date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _run(sql: str, params: dict) -> list[tuple]:
    # sqlite3 named parameters; peewee passes the mapping straight to the driver.
    return db.execute_sql(sql, params).fetchall()


def follow_up_list(today: dt.date, days: int = 30, missed: int = 2) -> list[FollowUpRow]:
    """Everyone who needs a call or a letter now, most vulnerable first, then 五十音."""
    iso_today = today.isoformat()
    cutoff = (today - dt.timedelta(days=days)).isoformat()
    missed_by: dict[int, list[str]] = {}
    if missed > 0:
        for pid, salon_name in _run(_MISSED_SQL, {"today": iso_today, "k": missed}):
            missed_by.setdefault(pid, []).append(salon_name)
    follow_by = dict(_run(_FOLLOW_SQL, {"today": iso_today}))
    listed: list[FollowUpRow] = []
    fromiso = dt.date.fromisoformat
    # Compare ISO strings first; build a row object only for people who are listed.
    for (pid, fam, given, fr, gr, skey, block, landline, mobile, on_reg, alone, lc, la) in _run(_SQL, {"today": iso_today}):
        lc10 = str(lc)[:10] if lc else ""
        la10 = str(la)[:10] if la else ""
        stale = (lc10 if lc10 > la10 else la10) < cutoff
        m_salons = missed_by.get(pid)
        due = follow_by.get(pid)
        if not (stale or m_salons or due):
            continue
        row = FollowUpRow(pid, f"{fam} {given}".strip(), f"{fr} {gr}".strip(), block, landline, mobile or "",
                          bool(on_reg), bool(alone), fromiso(lc10) if lc10 else None, fromiso(la10) if la10 else None,
                          sort_key=skey or "")
        if stale:
            row.reasons.append(REASON_NO_CONTACT)
        if m_salons:
            row.reasons.append(REASON_MISSED)
            row.missed_salons.extend(m_salons)
        if due:
            row.reasons.append(REASON_FOLLOW_UP)
            row.follow_up_on = _date(due)
        listed.append(row)
    listed.sort(key=lambda r: (not r.on_register, not r.lives_alone, r.sort_key, r.person_id))
    return listed
