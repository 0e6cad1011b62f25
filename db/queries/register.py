"""The support register (避難行動要支援者名簿) and the one rule of who may appear on it.

災害対策基本法 art. 49-11: in normal times the register may be given to 避難支援等関係者
only for people who consented; when a disaster occurs or is imminent, it may be given
without consent where needed to protect life (art. 49-11 para. 3). That rule lives here,
in `register_rows()`: every print and export of the register must get its rows from it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from db import audit
from db import models as m

MODE_NORMAL = "normal"
MODE_DISASTER = "disaster"
MODES = (MODE_NORMAL, MODE_DISASTER)
REVIEW_INTERVAL_DAYS = 365


class ConsentError(ValueError):
    """Disaster mode was asked for without the confirmation and reason the law expects."""


@dataclass(frozen=True, slots=True)
class ContactLine:
    name: str
    relation: str
    phone: str
    lives_where: str = ""
    # A roster supporter who has since gone (trash, 死亡, 転出): name and phone are blanked so a
    # print or an export never shows them, and the paper says the supporter must be chosen again.
    gone: bool = False


@dataclass(frozen=True, slots=True)
class RegisterRow:
    record_id: int
    person_id: int
    uuid: str
    family_name: str
    given_name: str
    family_reading: str
    given_reading: str
    birth_date: dt.date | None
    sex: str
    postal_code: str
    address: str
    landline: str
    mobile: str
    block_id: int | None
    block_name: str
    reasons: tuple[str, ...]
    care_level: str
    details: str
    consent: str
    consent_date: dt.date | None
    consent_method: str
    destination_type: str
    destination: str
    destination_flood: str
    route_notes: str
    bring_items: str
    medication_notes: str
    equipment_notes: str
    last_reviewed: dt.date | None
    sort_key: str
    emergency_contacts: tuple[ContactLine, ...] = field(default=())
    supporters: tuple[ContactLine, ...] = field(default=())
    plan: dict | None = None

    @property
    def name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def reading(self) -> str:
        return f"{self.family_reading} {self.given_reading}".strip()

    def review_due(self, today: dt.date) -> bool:
        return self.last_reviewed is None or (today - self.last_reviewed).days >= REVIEW_INTERVAL_DAYS


def may_appear(consent: str, mode: str) -> bool:
    """The consent rule itself: normal times → consented only; disaster → everyone."""
    if mode == MODE_DISASTER:
        return True
    return consent == m.CONSENT_YES


def register_rows(
    mode: str = MODE_NORMAL,
    *,
    reason: str = "",
    actor: str = "",
    confirmed: bool = False,
    block_id: int | None = None,
    purpose: str = "print",
) -> list[RegisterRow]:
    """The people who may appear on a register print or export, in 五十音 order.

    Disaster mode needs `confirmed=True` and a reason; the choice is written to the audit
    log (action "disaster_mode") before any row is returned.
    """
    if mode not in MODES:
        raise ConsentError(mode)
    if mode == MODE_DISASTER:
        if not confirmed or not (reason or "").strip():
            raise ConsentError("disaster mode needs confirmation and a reason")
        audit.record(actor, "disaster_mode", None, field=purpose, new=f"block={block_id or 'all'}", reason=reason.strip())
    rows = _load(block_id)
    return [r for r in rows if may_appear(r.consent, mode)]


def all_records(block_id: int | None = None) -> list[RegisterRow]:
    """Every record, for the register *screen* of the leader who keeps it (not for prints)."""
    return _load(block_id)


def _load(block_id: int | None, due_before: dt.date | None = None) -> list[RegisterRow]:
    """Register rows by a few flat queries (tuples, not model objects: 2,000 records on a
    20,000-person file went from ~1 s to a fraction of that)."""
    SR, P, H, B = m.SupportRecord, m.Person, m.Household, m.Block
    query = (
        SR.select(
            SR.id, P.id, SR.uuid, P.family_name, P.given_name, P.family_reading, P.given_reading, P.birth_date, P.sex,
            H.postal_code, H.address1, H.address2, H.address3, H.landline, P.mobile, B.id, B.name,
            SR.reasons, SR.care_level, SR.details, SR.consent, SR.consent_date, SR.consent_method,
            SR.destination_type, SR.destination,
            SR.destination_flood, SR.route_notes, SR.bring_items, SR.medication_notes, SR.equipment_notes,
            SR.last_reviewed, P.sort_key,
        )
        .join(P, on=(SR.person == P.id))
        .join(H, pw.JOIN.LEFT_OUTER, on=(P.household == H.id))
        .join(B, pw.JOIN.LEFT_OUTER, on=(H.block == B.id))
        .where(SR.deleted_at.is_null() & P.deleted_at.is_null() & P.status.in_(m.ACTIVE_STATUSES))
        .order_by(P.sort_key, P.id)
    )
    if block_id is not None:
        query = query.where(H.block == block_id)
    if due_before is not None:
        query = query.where(SR.last_reviewed.is_null() | (SR.last_reviewed <= due_before))
    records = list(query.tuples())
    ids = [r[0] for r in records]
    contacts: dict[int, list[ContactLine]] = {}
    supporters: dict[int, list[ContactLine]] = {}
    plans: dict[int, dict] = {}
    for chunk in (ids[i:i + 900] for i in range(0, len(ids), 900)):  # SQLite's bound-variable limit
        EC, S = m.EmergencyContact, m.Supporter
        for rid, name, relation, phone, lives in (
                EC.select(EC.record, EC.name, EC.relation, EC.phone, EC.lives_where)
                .where(EC.record.in_(chunk)).order_by(EC.position).tuples()):
            contacts.setdefault(rid, []).append(ContactLine(name, relation, phone, lives))
        sup = (S.select(S.record, S.name, S.note, S.phone, P.family_name, P.given_name, P.mobile, P.deleted_at,
                        P.status, S.person)
               .join(P, pw.JOIN.LEFT_OUTER, on=(S.person == P.id))
               .where(S.record.in_(chunk)).order_by(S.position).tuples())
        for rid, name, note, phone, fam, given, mobile, deleted, status, pid in sup:
            if pid is not None and (deleted is not None or status not in m.ACTIVE_STATUSES):
                supporters.setdefault(rid, []).append(ContactLine("", note, "", gone=True))
                continue
            person_name = f"{fam} {given or ''}".strip() if fam else ""
            supporters.setdefault(rid, []).append(ContactLine(person_name or name, note, phone or mobile or ""))
        EP = m.EvacuationPlan
        for rid, when, means, tasks, contact, notes, drawn in (
                EP.select(EP.record, EP.when_to_leave, EP.means_of_travel, EP.supporter_tasks, EP.contact_method,
                          EP.notes, EP.drawn_up_on).where(EP.record.in_(chunk)).tuples()):
            plans[rid] = {"when_to_leave": when, "means_of_travel": means, "supporter_tasks": tasks,
                          "contact_method": contact, "notes": notes, "drawn_up_on": drawn}
    out = []
    for (rid, pid, uuid, fam, given, fr, gr, birth, sex, postal, a1, a2, a3, landline, mobile, bid, bname,
         reasons, care, details, consent, consent_date, consent_method, dtype, dest, dflood, route, bring, med, equip,
         reviewed, skey) in records:
        has_household = a1 is not None
        out.append(RegisterRow(
            record_id=rid, person_id=pid, uuid=uuid, family_name=fam, given_name=given,
            family_reading=fr, given_reading=gr, birth_date=birth, sex=sex,
            postal_code=postal or "",
            address=(f"{a1}{a2 or ''}{(' ' + a3) if a3 else ''}" if has_household else ""),
            landline=landline or "", mobile=mobile, block_id=bid, block_name=bname or "",
            reasons=tuple(reasons or ()), care_level=care, details=details,
            consent=consent, consent_date=consent_date, consent_method=consent_method, destination_type=dtype,
            destination=dest, destination_flood=dflood, route_notes=route,
            bring_items=bring, medication_notes=med, equipment_notes=equip,
            last_reviewed=reviewed, sort_key=skey,
            emergency_contacts=tuple(contacts.get(rid, ())), supporters=tuple(supporters.get(rid, ())),
            plan=plans.get(rid),
        ))
    return out


def records_of_people_gone() -> list[tuple[int, str, str]]:
    """(record id, name, status) of live records whose person is marked 死亡 or 転出: no page,
    print or count shows them, so the register page offers to take them off."""
    SR, P = m.SupportRecord, m.Person
    query = (SR.select(SR.id, P.family_name, P.given_name, P.status).join(P, on=(SR.person == P.id))
             .where(SR.deleted_at.is_null() & P.deleted_at.is_null() & P.status.not_in(m.ACTIVE_STATUSES))
             .order_by(P.sort_key, P.id))
    return [(rid, f"{fam} {given}".strip(), status) for rid, fam, given, status in query.tuples()]


def reviews_due(today: dt.date, limit: int | None = None) -> list[RegisterRow]:
    """Records not reviewed for a year (home page), oldest review first."""
    due = [r for r in _load(None, due_before=today - dt.timedelta(days=REVIEW_INTERVAL_DAYS)) if r.review_due(today)]
    due.sort(key=lambda r: (r.last_reviewed or dt.date.min, r.sort_key))
    return due[:limit] if limit else due


# -- the record dialog (screen only; prints and exports use register_rows) ---------------------
RECORD_FORM_FIELDS = (
    "reasons", "care_level", "details", "consent", "consent_date", "consent_method", "consent_note",
    "destination_type", "destination", "destination_flood", "route_notes", "bring_items",
    "medication_notes", "equipment_notes", "last_reviewed",
)
PLAN_FORM_FIELDS = ("when_to_leave", "means_of_travel", "supporter_tasks", "contact_method", "notes", "drawn_up_on")


def person_items(person_id: int) -> dict | None:
    """The art. 49-10 items of one person, read from the person and household (never copied)."""
    P, H, B = m.Person, m.Household, m.Block
    row = (P.select(P, H, B).join(H, pw.JOIN.LEFT_OUTER, on=(P.household == H.id))
           .join(B, pw.JOIN.LEFT_OUTER, on=(H.block == B.id)).where(P.id == person_id).first())
    if row is None:
        return None
    h = row.household if row.household_id else None
    b = h.block if h is not None and h.block_id else None
    return {
        "person_id": row.id, "name": row.full_name, "reading": row.full_reading, "birth_date": row.birth_date,
        "sex": row.sex, "postal_code": h.postal_code if h else "",
        "address": (f"{h.address1}{h.address2}{(' ' + h.address3) if h.address3 else ''}" if h else ""),
        "landline": h.landline if h else "", "mobile": row.mobile, "block_name": b.name if b else "",
    }


def record_form(record_id: int, include_removed: bool = False) -> dict | None:
    """Everything the record dialog edits for one record, by a handful of queries.

    For the leader's own screen (like all_records), never for a print or an export.
    `include_removed` reads a record taken off the register, to show it when it is added back.
    """
    where = m.SupportRecord.id == record_id
    if not include_removed:
        where &= m.SupportRecord.deleted_at.is_null()
    record = m.SupportRecord.get_or_none(where)
    if record is None:
        return None
    plan = m.EvacuationPlan.get_or_none(m.EvacuationPlan.record == record)
    P = m.Person
    supporters = []
    sup = (m.Supporter.select(m.Supporter, P).join(P, pw.JOIN.LEFT_OUTER, on=(m.Supporter.person == P.id))
           .where(m.Supporter.record == record).order_by(m.Supporter.position))
    for s in sup:
        person = s.person if s.person_id else None
        supporters.append({
            "person": s.person_id, "name": s.name, "phone": s.phone, "note": s.note,
            "roster_name": person.full_name if person else "", "roster_phone": person.mobile if person else "",
            # why a roster supporter can no longer help: "deleted", "deceased" or "moved" ("" = fine)
            "roster_gone": ("deleted" if person.deleted_at else "" if person.status in m.ACTIVE_STATUSES
                            else person.status) if person else "",
        })
    contacts = [
        {"name": c.name, "relation": c.relation, "phone": c.phone, "lives_where": c.lives_where}
        for c in m.EmergencyContact.select().where(m.EmergencyContact.record == record).order_by(m.EmergencyContact.position)
    ]
    return {
        "record_id": record.id, "person": person_items(record.person_id),
        "record": {k: (list(getattr(record, k)) if k == "reasons" else getattr(record, k)) for k in RECORD_FORM_FIELDS},
        "contacts": contacts, "supporters": supporters,
        "plan": {k: getattr(plan, k) for k in PLAN_FORM_FIELDS} if plan else {},
    }


def record_of_person(person_id: int, include_removed: bool = False) -> int | None:
    """The id of a person's live record (or of a removed one too), None if there is none."""
    where = m.SupportRecord.person == person_id
    if not include_removed:
        where &= m.SupportRecord.deleted_at.is_null()
    r = m.SupportRecord.get_or_none(where)
    return r.id if r else None
