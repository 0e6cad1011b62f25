"""The follow-up list (つながりチェック): who has drifted out of touch.

Watched people are those someone keeps in touch with: salon regulars, people on the
support register, and anyone with a contact-log entry. A watched person is listed when
  - nobody has reached them (contact log) and they have not attended (or written to) a
    salon for `days` days;
  - they missed the last `missed` sessions of a salon they belong to (sessions held before
    they became a regular count only where they have a mark on them), and nobody has
    reached them since those absences began;
  - a follow-up date set on a contact has come and no contact has been logged since.

A contact answers missed sessions. A call, a visit or a letter logged on or after the day of
the first of the missed sessions (any contact-log entry, as for "last contact") takes the
"missed sessions" reason away: only sessions held after the day of the latest contact count
as missed, so the person is listed again once they have missed `missed` sessions after it -
or earlier, when the follow-up date set on that contact comes (the third rule). A contact on
the day of a session counts as after it (the call that asks why they did not come).

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
_SEP = "\x1f"  # group_concat separator for salon names (char(31))


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
    block_id: int | None = None  # two blocks may share a name in an older file: filter by id

    def days_since(self, today: dt.date) -> int | None:
        last = max([d for d in (self.last_contact, self.last_attended) if d], default=None)
        return (today - last).days if last else None


# One statement: SQLite filters and orders, Python only builds the listed rows. Last contact
# and last attendance come from person_touch (db/touch.py), kept by triggers; only a person
# marked on a session still in the future needs the slow path for "last attended".
_SQL = """
WITH watched AS (
    SELECT person_id AS pid FROM salon_member
    UNION SELECT person_id FROM support_record WHERE deleted_at IS NULL
    UNION SELECT person_id FROM person_touch WHERE last_contact IS NOT NULL  -- has a contact-log entry
),
lastk AS (  -- each active salon's latest k sessions held up to today (index salon, cancelled, date)
    SELECT sa.id AS salon_id, s.id, s.date FROM salon sa
    JOIN salon_session s ON s.id IN (SELECT x.id FROM salon_session x
        WHERE x.salon_id = sa.id AND x.cancelled = 0 AND x.date <= :today ORDER BY x.date DESC LIMIT :k)
    WHERE sa.active = 1
),
counts AS (SELECT salon_id, COUNT(*) AS n, MIN(date) AS oldest FROM lastk GROUP BY salon_id),
came AS (  -- who attended (or wrote) in the last k sessions of each salon
    SELECT DISTINCT l.salon_id, a.person_id FROM lastk l
    JOIN attendance a ON a.session_id = l.id WHERE a.state IN ('attended', 'letter')
),
missed AS (
    SELECT sm.person_id AS pid, group_concat(sa.name, char(31)) AS salons
    FROM salon_member sm
    JOIN salon sa ON sa.id = sm.salon_id AND sa.active = 1
    JOIN counts c ON c.salon_id = sm.salon_id AND c.n = :k
    LEFT JOIN person_touch t ON t.person_id = sm.person_id
    WHERE NOT EXISTS (SELECT 1 FROM came WHERE came.salon_id = sm.salon_id AND came.person_id = sm.person_id)
      -- a session before they joined counts only where they have a mark on it (typed in later)
      AND (sm.joined_on <= c.oldest OR NOT EXISTS (
          SELECT 1 FROM lastk l WHERE l.salon_id = sm.salon_id AND l.date < sm.joined_on
          AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = l.id AND a.person_id = sm.person_id)))
      -- reached on or after the day of the first of these sessions: answered (module docstring)
      AND (t.last_contact IS NULL OR substr(t.last_contact, 1, 10) < c.oldest)
    GROUP BY sm.person_id
),
due AS (  -- a follow-up date has come and no contact was logged after the one that set it
    SELECT c.person_id AS pid, MIN(c.follow_up_on) AS due_on
    FROM contact_log c JOIN person_touch t ON t.person_id = c.person_id
    WHERE c.follow_up_on IS NOT NULL AND c.follow_up_on <= :today AND c.contacted_at >= t.last_contact
    GROUP BY c.person_id
),
late AS (  -- marked on a session still to come: last attended is the latest one not in the future
    SELECT t.person_id AS pid,
           (SELECT MAX(s.date) FROM attendance a JOIN salon_session s ON s.id = a.session_id
            WHERE a.person_id = t.person_id AND a.state IN ('attended', 'letter') AND s.cancelled = 0
            AND s.date <= :today) AS la
    FROM person_touch t WHERE t.last_attended > :today
),
touch AS (
    SELECT w.pid, COALESCE(substr(t.last_contact, 1, 10), '') AS lc,
           COALESCE(substr(CASE WHEN t.last_attended > :today THEN l.la ELSE t.last_attended END, 1, 10), '') AS la
    FROM watched w
    LEFT JOIN person_touch t ON t.person_id = w.pid
    LEFT JOIN late l ON l.pid = w.pid
)
SELECT p.id, trim(p.family_name || ' ' || p.given_name), trim(p.family_reading || ' ' || p.given_reading), p.sort_key,
       COALESCE(b.name, ''), COALESCE(h.landline, ''), p.mobile,
       EXISTS (SELECT 1 FROM support_record r WHERE r.person_id = p.id AND r.deleted_at IS NULL) AS on_reg,
       (SELECT COUNT(*) FROM person q WHERE q.household_id = p.household_id AND q.deleted_at IS NULL
            AND q.status IN ('member', 'resident')) <= 1 AS alone,
       x.lc, x.la, MAX(x.lc, x.la) < :cutoff, m.salons, d.due_on, h.block_id
FROM touch x
CROSS JOIN person p ON p.id = x.pid  -- CROSS JOIN: drive from the watched ids, not a person scan
LEFT JOIN missed m ON m.pid = x.pid
LEFT JOIN due d ON d.pid = x.pid
LEFT JOIN household h ON h.id = p.household_id
LEFT JOIN block b ON b.id = h.block_id
WHERE p.deleted_at IS NULL AND p.status IN ('member', 'resident')
  AND (MAX(x.lc, x.la) < :cutoff OR m.pid IS NOT NULL OR d.pid IS NOT NULL)
ORDER BY on_reg DESC, alone DESC, p.sort_key, p.id
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
    params = {"today": today.isoformat(), "cutoff": (today - dt.timedelta(days=days)).isoformat(),
              "k": max(missed, 0)}  # k = 0: no sessions to miss, nobody is listed for that reason
    fromiso = dt.date.fromisoformat
    listed: list[FollowUpRow] = []
    append = listed.append
    for (pid, name, reading, skey, block, landline, mobile, on_reg, alone, lc, la, stale, salons, due,
         block_id) in _run(_SQL, params):
        reasons = [REASON_NO_CONTACT] if stale else []
        if salons:
            reasons.append(REASON_MISSED)
        if due:
            reasons.append(REASON_FOLLOW_UP)
        append(FollowUpRow(pid, name, reading, block, landline, mobile,
                           bool(on_reg), bool(alone), fromiso(lc) if lc else None, fromiso(la) if la else None,
                           reasons, sorted(salons.split(_SEP)) if salons else [], _date(due) if due else None,
                           skey or "", block_id))
    return listed
