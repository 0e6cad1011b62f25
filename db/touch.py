"""person_touch: each person's last contact and last salon attendance, kept by SQLite triggers.

The follow-up list asks "when was this person last reached?" for tens of thousands of
people on every refresh. Aggregating contact_log and attendance each time cost ~0.5 s on
50,000 people; these triggers keep the answer current on every write instead, whatever
writes (services, imports, raw executemany), so the list reads one row per person.
Schema step 3 creates it; create_schema() creates it for new files.
"""
from __future__ import annotations

from db.database import db

_ATTENDED = "('attended', 'letter')"
_LAST_CONTACT = "(SELECT MAX(c.contacted_at) FROM contact_log c WHERE c.person_id = {pid})"
_LAST_ATTENDED = (
    "(SELECT MAX(s.date) FROM attendance a JOIN salon_session s ON s.id = a.session_id"
    f" WHERE a.person_id = {{pid}} AND a.state IN {_ATTENDED} AND s.cancelled = 0)"
)


def _refresh(pid: str) -> str:
    return (
        f"INSERT INTO person_touch (person_id, last_contact, last_attended) "
        f"SELECT {pid}, {_LAST_CONTACT.format(pid=pid)}, {_LAST_ATTENDED.format(pid=pid)} "
        f"WHERE EXISTS (SELECT 1 FROM person WHERE id = {pid}) "
        f"ON CONFLICT(person_id) DO UPDATE SET last_contact = excluded.last_contact, "
        f"last_attended = excluded.last_attended;"
    )


DDL = [
    "CREATE TABLE IF NOT EXISTS person_touch ("
    " person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,"
    " last_contact TEXT, last_attended TEXT)",
    # contact_log
    f"CREATE TRIGGER IF NOT EXISTS touch_contact_insert AFTER INSERT ON contact_log BEGIN {_refresh('NEW.person_id')} END",
    f"CREATE TRIGGER IF NOT EXISTS touch_contact_delete AFTER DELETE ON contact_log BEGIN {_refresh('OLD.person_id')} END",
    "CREATE TRIGGER IF NOT EXISTS touch_contact_update AFTER UPDATE OF contacted_at, person_id ON contact_log BEGIN "
    f"{_refresh('OLD.person_id')} {_refresh('NEW.person_id')} END",
    # attendance
    f"CREATE TRIGGER IF NOT EXISTS touch_attendance_insert AFTER INSERT ON attendance BEGIN {_refresh('NEW.person_id')} END",
    f"CREATE TRIGGER IF NOT EXISTS touch_attendance_delete AFTER DELETE ON attendance BEGIN {_refresh('OLD.person_id')} END",
    "CREATE TRIGGER IF NOT EXISTS touch_attendance_update AFTER UPDATE OF state, session_id, person_id ON attendance BEGIN "
    f"{_refresh('OLD.person_id')} {_refresh('NEW.person_id')} END",
    # a session moved or cancelled changes the "last attended" of everyone marked on it
    "CREATE TRIGGER IF NOT EXISTS touch_session_update AFTER UPDATE OF date, cancelled ON salon_session BEGIN "
    "UPDATE person_touch SET last_attended = "
    + _LAST_ATTENDED.format(pid="person_touch.person_id")
    + " WHERE person_id IN (SELECT person_id FROM attendance WHERE session_id = NEW.id); END",
]

FILL = (
    "INSERT OR REPLACE INTO person_touch (person_id, last_contact, last_attended) "
    f"SELECT p.id, {_LAST_CONTACT.format(pid='p.id')}, {_LAST_ATTENDED.format(pid='p.id')} FROM person p "
    "WHERE EXISTS (SELECT 1 FROM contact_log c WHERE c.person_id = p.id) "
    "OR EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = p.id)"
)


def create() -> None:
    """Create the table and its triggers and fill it from what the file already holds."""
    for statement in DDL:
        db.execute_sql(statement)
    db.execute_sql(FILL)
