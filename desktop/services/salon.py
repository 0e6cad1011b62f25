"""Salons: schedules into sessions (skipping public holidays), attendance, tallies."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jpholiday

from db import audit
from db import models as m
from db.database import db, now, unchanged_on_failure
from desktop import jtext

WEEKDAYS = "月火水木金土日"
ATTENDANCE_CYCLE = ("attended", "absent", "absent_notice", "letter")


class ScheduleError(ValueError):
    """The schedule text is not one this app can read; the message shows the accepted forms."""


@dataclass(frozen=True)
class Schedule:
    kind: str  # "monthly_nth", "monthly_day", "weekly", "biweekly"
    weekday: int | None = None  # 0 = Monday
    nth: int | None = None
    day: int | None = None
    time: str = ""


def parse_schedule(text: str) -> Schedule:
    """Read 毎月第2火曜 13:30, 毎月15日 10:00, 毎週水曜 10:00, 隔週金曜 (width-insensitive)."""
    t = jtext.nfkc(text or "").replace(" ", "").replace("　", "")
    time_match = re.search(r"(\d{1,2})[:時](\d{2})?", t.split("曜")[-1] if "曜" in t else t.split("日")[-1])
    time = f"{int(time_match.group(1)):02d}:{time_match.group(2) or '00'}" if time_match else ""
    mt = re.match(r"毎月第([1-5一二三四五])([月火水木金土日])曜?", t)
    if mt:
        nth = "12345一二三四五".index(mt.group(1)) % 5 + 1
        return Schedule("monthly_nth", weekday=WEEKDAYS.index(mt.group(2)), nth=nth, time=time)
    mt = re.match(r"毎月(\d{1,2})日", t)
    if mt:
        return Schedule("monthly_day", day=int(mt.group(1)), time=time)
    mt = re.match(r"(毎週|隔週)([月火水木金土日])曜?", t)
    if mt:
        return Schedule("weekly" if mt.group(1) == "毎週" else "biweekly", weekday=WEEKDAYS.index(mt.group(2)), time=time)
    raise ScheduleError(text)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date | None:
    first = dt.date(year, month, 1)
    d = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return d if d.month == month else None


def schedule_dates(schedule: Schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every date of the schedule in [start, end]."""
    out: list[dt.date] = []
    if schedule.kind in ("weekly", "biweekly"):
        d = start + dt.timedelta(days=(schedule.weekday - start.weekday()) % 7)
        step = 7 if schedule.kind == "weekly" else 14
        while d <= end:
            out.append(d)
            d += dt.timedelta(days=step)
        return out
    y, mth = start.year, start.month
    while dt.date(y, mth, 1) <= end:
        if schedule.kind == "monthly_nth":
            d = _nth_weekday(y, mth, schedule.weekday, schedule.nth)
        else:
            try:
                d = dt.date(y, mth, schedule.day)
            except ValueError:
                d = None
        if d and start <= d <= end:
            out.append(d)
        y, mth = (y + 1, 1) if mth == 12 else (y, mth + 1)
    return out


@dataclass
class PlannedSession:
    date: dt.date
    holiday: str = ""  # name of the public holiday it falls on ("" if none)


def plan_year(salon: m.Salon, start: dt.date, months: int = 12) -> list[PlannedSession]:
    """The sessions a schedule gives for `months` from `start`, holidays flagged (not yet saved)."""
    schedule = parse_schedule(salon.schedule)
    y, mth = start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1
    end = dt.date(y, mth, 1) - dt.timedelta(days=1)
    return [PlannedSession(d, jpholiday.is_holiday_name(d) or "") for d in schedule_dates(schedule, start, end)]


def create_sessions(salon: m.Salon, planned: list[PlannedSession], *, skip_holidays: bool = True,
                    moved: dict[dt.date, dt.date] | None = None, actor: str = "") -> list[m.SalonSession]:
    """Save planned sessions: holidays skipped unless moved (moved maps holiday → new date)."""
    moved = moved or {}
    schedule = parse_schedule(salon.schedule)
    existing = {s.date for s in salon.sessions}
    made = []
    with db.atomic():
        for p in planned:
            date = p.date
            if p.holiday:
                if p.date in moved:
                    date = moved[p.date]
                elif skip_holidays:
                    continue
            if date in existing:
                continue
            s = m.SalonSession.create(salon=salon, date=date, start_time=schedule.time, mode="in_person")
            existing.add(date)
            made.append(s)
        if made:
            audit.record(actor, "create", salon, field="sessions", new=f"{len(made)}")
    return made


def cancel_session(session: m.SalonSession, actor: str = "") -> None:
    with db.atomic():
        session.cancelled = True
        session.save()
        audit.record(actor, "update", session, field="cancelled", old=False, new=True)


def _listed_regulars(salon_id: int) -> set[int]:
    """Regulars to list on a session: not those marked 死亡 or 転出 (the printed sheet leaves
    them out too). Anyone with a mark on the session is listed anyway: that is history."""
    return {pid for (pid,) in m.SalonMember.select(m.SalonMember.person).join(m.Person)
            .where((m.SalonMember.salon == salon_id) & m.Person.status.in_(m.ACTIVE_STATUSES)).tuples()}


def session_people(session: m.SalonSession) -> list[tuple[m.Person, str | None]]:
    """Regulars of the salon (not the deceased or moved) plus anyone with a mark on this session,
    in 五十音 order, with their state."""
    marks = {a.person_id: a.state for a in m.Attendance.select().where(m.Attendance.session == session)}
    ids = _listed_regulars(session.salon_id) | set(marks)
    people = (m.Person.select().where(m.Person.id.in_(list(ids)) & m.Person.deleted_at.is_null())
              .order_by(m.Person.sort_key)) if ids else []
    return [(p, marks.get(p.id)) for p in people]


def set_attendance(session: m.SalonSession, person: m.Person | int, state: str | None, actor: str = "") -> None:
    """Mark one person on one session (None clears the mark)."""
    pid = person if isinstance(person, int) else person.id
    if state is not None and state not in m.ATTENDANCE_STATES:
        raise ValueError(state)
    with db.atomic():
        row = m.Attendance.get_or_none((m.Attendance.session == session) & (m.Attendance.person == pid))
        old = row.state if row else None
        if state is None:
            if row:
                row.delete_instance()
        elif row is None:
            m.Attendance.create(session=session, person=pid, state=state)
        elif row.state != state:
            row.state = state
            row.save()
        if old != state:
            audit.record(actor, "update", session, field=f"attendance:{pid}", old=old, new=state)


def next_state(state: str | None) -> str | None:
    """One click cycles 出席 → 欠席 → 欠席連絡あり → 手紙 → no mark → 出席. The blank step lets a
    mouse alone clear a mark (a walk-in added by mistake), not only the Delete key."""
    if state not in ATTENDANCE_CYCLE:
        return ATTENDANCE_CYCLE[0]
    i = ATTENDANCE_CYCLE.index(state) + 1
    return ATTENDANCE_CYCLE[i] if i < len(ATTENDANCE_CYCLE) else None


def add_walk_in(session: m.SalonSession, person: m.Person, actor: str = "") -> None:
    set_attendance(session, person, "attended", actor)


def add_regular(salon: m.Salon, person: m.Person, since: dt.date | None = None) -> None:
    """List someone as a regular from `since` (default today). Already a regular: unchanged."""
    m.SalonMember.get_or_create(salon=salon, person=person,
                                defaults={"joined_on": since or dt.date.today()})


@dataclass(frozen=True)
class PersonTally:
    person_id: int
    sessions: int  # held so far and counted for this person (see tallies)
    attended: int  # in person, online or by letter
    last_attended: dt.date | None
    since: dt.date | None = None  # a regular's joined_on; None for others

    @property
    def rate(self) -> float:
        return self.attended / self.sessions if self.sessions else 0.0


def tallies(salon: m.Salon, today: dt.date) -> dict[int, PersonTally]:
    """Per person: sessions held so far, attended (or wrote), last attended.

    A regular's sessions are those held since they joined, plus earlier ones where they have a
    mark (came as a guest, or the paper sheet was typed in later): a new regular starts with
    no sessions, not with a row of absences. Others (guests, former regulars) count every
    session held, as before."""
    held = list(salon.sessions.select(m.SalonSession.id, m.SalonSession.date)
                .where((m.SalonSession.date <= today) & (m.SalonSession.cancelled == False)).tuples())  # noqa: E712
    by_person: dict[int, dict[int, str]] = {}
    for sid, pid, state in (m.Attendance.select(m.Attendance.session, m.Attendance.person, m.Attendance.state)
                            .where(m.Attendance.session.in_([sid for sid, _d in held])).tuples()):
        by_person.setdefault(pid, {})[sid] = state
    joined = dict(m.SalonMember.select(m.SalonMember.person, m.SalonMember.joined_on)
                  .where(m.SalonMember.salon == salon).tuples())
    out = {}
    for pid in set(joined) | set(by_person):
        marks = by_person.get(pid, {})
        since = joined.get(pid)
        counted = [d for sid, d in held if since is None or d >= since or sid in marks]
        came = [d for sid, d in held if marks.get(sid) in ("attended", "letter")]
        out[pid] = PersonTally(pid, len(counted), len(came), max(came) if came else None, since)
    return out


def month_grid(salon: m.Salon, year: int, month: int) -> tuple[list[m.SalonSession], list[tuple[m.Person, dict[int, str]]]]:
    """Sessions of a month and, per person (regulars and anyone marked), their state per session id."""
    first = dt.date(year, month, 1)
    last = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
    sessions = list(salon.sessions.where(m.SalonSession.date.between(first, last)).order_by(m.SalonSession.date))
    marks: dict[int, dict[int, str]] = {}
    for a in m.Attendance.select().where(m.Attendance.session.in_([s.id for s in sessions])):
        marks.setdefault(a.person_id, {})[a.session_id] = a.state
    ids = _listed_regulars(salon.id) | set(marks)
    people = list(m.Person.select().where(m.Person.id.in_(list(ids)) & m.Person.deleted_at.is_null()).order_by(m.Person.sort_key)) if ids else []
    return sessions, [(p, marks.get(p.id, {})) for p in people]


def touch(salon: m.Salon) -> None:
    salon.updated_at = now()
    salon.save()


# -- added for the Salons page: salons, single sessions, regulars -------------------------------

class SalonError(ValueError):
    """A salon or session change that cannot be made; args[0] is a short code for the UI."""


def all_salons() -> list[m.Salon]:
    """Active salons first, then by name."""
    return list(m.Salon.select().order_by(m.Salon.active.desc(), m.Salon.name, m.Salon.id))


def save_salon(salon: m.Salon | None, data: dict, actor: str = "") -> m.Salon:
    """Create (salon=None) or update a salon. A schedule, if given, must be readable."""
    name = (data.get("name") or "").strip()
    if not name:
        raise SalonError("name")
    schedule = (data.get("schedule") or "").strip()
    if schedule:
        parse_schedule(schedule)  # raises ScheduleError with the text
    fields = {"name": name, "venue": (data.get("venue") or "").strip(), "schedule": schedule,
              "organisers": (data.get("organisers") or "").strip()}
    with db.atomic():
        if salon is None:
            salon = m.Salon.create(**fields)
            audit.record(actor, "create", salon, new=name)
            return salon
        before = {k: getattr(salon, k) for k in fields}
        with unchanged_on_failure(salon):
            for k, v in fields.items():
                setattr(salon, k, v)
            salon.updated_at = now()
            salon.save()
            audit.record_changes(actor, salon, before)
        return salon


def usual_start_time(salon: m.Salon) -> str:
    """The time of the salon's usual day (毎月第2火曜 13:30 → "13:30"), or "" when it gives none."""
    try:
        return parse_schedule(salon.schedule).time if salon.schedule else ""
    except ScheduleError:
        return ""


def add_session(salon: m.Salon, date: dt.date, *, theme: str = "", mode: str = "in_person",
                start_time: str | None = None, actor: str = "") -> m.SalonSession:
    """One extra session. A cancelled session on that date is brought back instead of doubled."""
    if mode not in m.SESSION_MODES:
        raise SalonError("mode")
    chosen = start_time is not None
    if start_time is None:
        start_time = usual_start_time(salon)
    with db.atomic():
        existing = m.SalonSession.get_or_none((m.SalonSession.salon == salon) & (m.SalonSession.date == date))
        if existing is not None:
            if not existing.cancelled:
                raise SalonError("exists")
            existing.cancelled = False
            existing.theme, existing.mode = theme or existing.theme, mode
            if chosen:
                existing.start_time = start_time
            existing.save()
            audit.record(actor, "update", existing, field="cancelled", old=True, new=False)
            return existing
        s = m.SalonSession.create(salon=salon, date=date, start_time=start_time, theme=theme, mode=mode)
        audit.record(actor, "create", s, new=date.isoformat())
        return s


def update_session(session: m.SalonSession, *, theme: str | None = None, mode: str | None = None,
                   actor: str = "") -> None:
    """Change the theme or the mode (対面 / オンライン / お手紙) of one session."""
    if mode is not None and mode not in m.SESSION_MODES:
        raise SalonError("mode")
    with db.atomic():
        before = {"theme": session.theme, "mode": session.mode}
        if theme is not None:
            session.theme = theme.strip()
        if mode is not None:
            session.mode = mode
        session.save()
        audit.record_changes(actor, session, before)


def restore_session(session: m.SalonSession, actor: str = "") -> None:
    """Undo a cancellation."""
    with db.atomic():
        session.cancelled = False
        session.save()
        audit.record(actor, "update", session, field="cancelled", old=True, new=False)


def sessions_between(salon: m.Salon, start: dt.date, end: dt.date) -> list[m.SalonSession]:
    return list(salon.sessions.where(m.SalonSession.date.between(start, end)).order_by(m.SalonSession.date))


def remove_regular(salon: m.Salon, person: m.Person | int) -> dt.date | None:
    """Stop listing someone as a regular; their past marks stay. Returns the day they had
    joined (None if they were not a regular), so an undo can put them back as they were;
    joining again later starts a new joined date."""
    where = (m.SalonMember.salon == salon) & (m.SalonMember.person == person)
    with db.atomic():
        row = m.SalonMember.get_or_none(where)
        if row is None:
            return None
        m.SalonMember.delete().where(where).execute()
        return row.joined_on


def regular_ids(salon: m.Salon) -> set[int]:
    return {r.person_id for r in m.SalonMember.select(m.SalonMember.person).where(m.SalonMember.salon == salon)}
