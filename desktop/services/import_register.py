"""Import a sheet of people needing help (要支援者) into the support register.

Rows are matched to roster people by name and reading (then birth date); a row that
matches nobody is reported, never invented. Used by `tsunagari import` and the wizard,
inside the same transaction as the roster import.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from db import models as m
from db.database import db, now
from desktop import jtext
from desktop.services.import_model import ERROR, NOTE, Problem
from desktop.services.exporter import SUPPORTER_GONE_JA
from desktop.services.tabular import Table, TableError, cell_text

REGISTER_ALIASES: dict[str, tuple[str, ...]] = {
    "reasons": ("理由", "支援が必要な理由", "要支援理由", "区分", "reasons"),
    "care_level": ("要介護度", "介護度", "care level"),
    "details": ("詳細", "状況", "details"),
    "consent": ("同意", "同意の有無", "情報提供の同意", "consent"),
    "consent_date": ("同意日", "consent date"),
    "consent_method": ("同意の方法", "同意方法"),
    "destination_type": ("避難先の種類",),
    "destination": ("避難先", "避難先（地震）", "避難所"),
    "destination_flood": ("避難先（水害）",),
    "route_notes": ("経路", "避難経路"),
    "bring_items": ("持ち出し品",),
    "medication_notes": ("服薬", "薬"),
    "equipment_notes": ("医療機器",),
    "last_reviewed": ("最終見直し日", "見直し日"),
}
# Other words rosters use for the same reasons (as municipalities' forms write them).
_REASON_SYNONYMS = {
    "elderly_alone": ("ひとり暮らし高齢者", "独り暮らし高齢者", "一人暮らし", "ひとり暮らし", "独居", "独居高齢者",
                      "高齢者単身", "単身高齢者"),
    "elderly_only": ("高齢者世帯", "高齢者のみ", "高齢夫婦世帯", "老老世帯"),
    "care_level": ("要介護者", "要介護認定"),
    "physical": ("肢体不自由", "身体障がい", "身体障碍"),
    "visual": ("視覚障がい", "目が不自由"),
    "hearing": ("聴覚障がい", "耳が不自由"),
    "intellectual": ("知的障がい",),
    "mental": ("精神障がい",),
    "wheelchair": ("車椅子", "車イス"),
    "dialysis": ("透析",),
    "home_oxygen": ("酸素", "在宅酸素療法"),
    "infant": ("乳児", "幼児"),
    "pregnancy": ("妊婦",),
    "limited_japanese": ("外国人", "日本語不自由"),
}
_REASON_BY_LABEL = ({jtext.fold(v): k for k, v in m.REASON_LABELS_JA.items()} | {jtext.fold(k): k for k in m.SUPPORT_REASONS}
                    | {jtext.fold(w): k for k, words in _REASON_SYNONYMS.items() for w in words})
_CONSENT_BY_LABEL = {"同意": m.CONSENT_YES, "有": m.CONSENT_YES, "あり": m.CONSENT_YES, "yes": m.CONSENT_YES, "○": m.CONSENT_YES,
                     "不同意": m.CONSENT_NO, "無": m.CONSENT_NO, "なし": m.CONSENT_NO, "no": m.CONSENT_NO, "×": m.CONSENT_NO,
                     "未回答": m.CONSENT_UNKNOWN, "": m.CONSENT_UNKNOWN, "unknown": m.CONSENT_UNKNOWN}
_DESTINATION_BY_LABEL = {jtext.fold(v): k for k, v in m.DESTINATION_LABELS_JA.items()} | {
    k: k for k in m.DESTINATION_LABELS_JA}
_LINE_RE = re.compile(r"^(緊急連絡先|支援者)(\d)(氏名|続柄|電話|住まい|備考)$")


def is_register_sheet(headers: list) -> bool:
    folded = {jtext.fold(cell_text(h)) for h in headers}
    return bool(folded & {jtext.fold(a) for a in REGISTER_ALIASES["consent"]}) and bool(
        folded & {jtext.fold(a) for a in REGISTER_ALIASES["reasons"]})


@dataclass
class RegisterIn:
    row: int
    name: str
    reading: str
    birth_date: dt.date | None
    values: dict
    contacts: list[dict]
    supporters: list[dict]
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""  # the sheet's name: its rows are numbered apart from the roster's


def plan_register(table: Table, today: dt.date | None = None) -> list[RegisterIn]:
    today = today or dt.date.today()
    hi = None
    for i, row in enumerate(table.rows[:20]):
        if is_register_sheet(row):
            hi = i
            break
    if hi is None:
        raise TableError("no_header", scanned=min(20, len(table.rows)))
    headers = [cell_text(h) for h in table.rows[hi]]
    lookup = {jtext.fold(a): f for f, names in REGISTER_ALIASES.items() for a in names}
    out = []
    for values, line in zip(table.rows[hi + 1:], table.line_numbers[hi + 1:]):
        if not any(v not in (None, "") for v in values):
            continue
        cells = {headers[i]: values[i] for i in range(min(len(headers), len(values)))}
        name = jtext.nfkc(cell_text(cells.get("氏名") or cells.get("名前"))).strip()
        item = RegisterIn(line, name, jtext.to_hiragana(jtext.nfkc(cell_text(cells.get("ふりがな")))), None, {}, [], [])
        if not name:
            item.problems.append(Problem(line, "氏名", "", "no_name", ERROR))
        birth = cells.get("生年月日")
        if birth not in (None, ""):
            try:
                item.birth_date = birth if isinstance(birth, dt.date) and not isinstance(birth, dt.datetime) else (
                    birth.date() if isinstance(birth, dt.datetime) else jtext.parse_date(cell_text(birth), today=today,
                                                                                         need_year=True))
            except ValueError as exc:
                item.problems.append(Problem(line, "生年月日", cell_text(birth), "bad_date", ERROR, str(exc)))
        lines: dict[tuple[str, int], dict] = {}
        for header, value in cells.items():
            match = _LINE_RE.match(header)
            if match:
                kind, idx, key = match.groups()
                target = {"氏名": "name", "続柄": "relation", "電話": "phone", "住まい": "lives_where", "備考": "note"}[key]
                lines.setdefault((kind, int(idx)), {})[target] = cell_text(value)
                continue
            f = lookup.get(jtext.fold(header))
            if not f:
                continue
            if f == "reasons":
                parts = [x for x in re.split(r"[、,，/・\s]+", cell_text(value)) if x]
                codes = [_REASON_BY_LABEL.get(jtext.fold(x)) for x in parts]
                unknown = [x for x, c in zip(parts, codes) if c is None]
                if unknown:
                    item.problems.append(Problem(line, header, "、".join(unknown), "unknown_reason", NOTE))
                    item.values["details"] = (item.values.get("details", "") + " " + "、".join(unknown)).strip()
                item.values["reasons"] = [c for c in codes if c]
            elif f == "consent":
                consent = _CONSENT_BY_LABEL.get(jtext.nfkc(cell_text(value)).strip().lower())
                if consent is None:
                    item.problems.append(Problem(line, header, cell_text(value), "unknown_consent", NOTE))
                    consent = m.CONSENT_UNKNOWN
                item.values["consent"] = consent
            elif f in ("consent_date", "last_reviewed"):
                if value not in (None, ""):
                    try:
                        item.values[f] = value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else (
                            value.date() if isinstance(value, dt.datetime) else jtext.parse_date(cell_text(value), today=today))
                    except ValueError as exc:
                        item.problems.append(Problem(line, header, cell_text(value), "bad_date", ERROR, str(exc)))
            elif f == "destination_type":  # 指定避難所 as exported, or the code of older exports
                text = cell_text(value)
                item.values[f] = _DESTINATION_BY_LABEL.get(jtext.fold(text), text)
            elif f == "details" and "details" in item.values:
                item.values["details"] = (cell_text(value) + " " + item.values["details"]).strip()
            else:
                item.values[f] = cell_text(value)
        for (kind, _idx), data in sorted(lines.items()):
            if not data.get("name") or data.get("name") == SUPPORTER_GONE_JA:
                continue  # nobody, or a supporter the export marked as gone from the roster
            if kind == "緊急連絡先":
                item.contacts.append({k: data.get(k, "") for k in ("name", "relation", "phone", "lives_where")})
            else:
                item.supporters.append({"name": data.get("name", ""), "phone": data.get("phone", ""), "note": data.get("note", "")})
        item.sheet = table.sheet
        for pr in item.problems:
            pr.sheet = table.sheet
        out.append(item)
    return out


# What happens to a row of the sheet: the same words before the import (forecast_register)
# and after it (commit_register), so a dry run says what the real import does.
ADD, KEPT, REMOVED, UNMATCHED, SEVERAL, SKIPPED = "add", "kept", "removed", "unmatched", "several", "skipped"


@dataclass(frozen=True)
class _Someone:
    """A person of the roster as the sheet's rows are matched to them."""

    key: object  # the person's id, or ("row", n) for a row the roster import is about to add
    name: str  # folded family + given name
    reading: str  # folded readings
    birth_date: dt.date | None
    record: str | None  # None: not on the register; KEPT: on it; REMOVED: taken off it


_NAME_FIELDS = ("family_name", "given_name", "family_reading", "given_reading", "birth_date")


def _someone(key, family_name, given_name, family_reading, given_reading, birth_date, record=None) -> _Someone:
    return _Someone(key, jtext.fold((family_name or "") + (given_name or "")),
                    jtext.fold((family_reading or "") + (given_reading or "")), birth_date, record)


def _roster_now() -> list[_Someone]:
    """Everyone in the roster (not in the trash) and whether they are on the register."""
    records = {pid: (REMOVED if deleted else KEPT) for pid, deleted in
               m.SupportRecord.select(m.SupportRecord.person, m.SupportRecord.deleted_at).tuples()}
    rows = (m.Person.select(m.Person.id, m.Person.family_name, m.Person.given_name, m.Person.family_reading,
                            m.Person.given_reading, m.Person.birth_date)
            .where(m.Person.deleted_at.is_null()).tuples())
    return [_someone(pid, *values, record=records.get(pid)) for pid, *values in rows]


def _decide(items: list[RegisterIn], people: list[_Someone], skip: set[int]) -> list[tuple[RegisterIn, str, object]]:
    """(row, what happens to it, the key of the person it goes to). A row goes to the person
    with that name and reading (the name alone when the sheet has no ふりがな column), then
    birth date when several match; a row with an error is skipped."""
    by_key: dict[tuple, list[_Someone]] = {}
    by_name: dict[str, list[_Someone]] = {}
    for p in people:
        by_key.setdefault((p.name, p.reading), []).append(p)
        by_name.setdefault(p.name, []).append(p)
    out = []
    added: set = set()
    for item in items:
        if item.row in skip:
            continue
        if any(pr.severity == ERROR for pr in item.problems):
            out.append((item, SKIPPED, None))
            continue
        name = jtext.fold(item.name)
        candidates = by_key.get((name, jtext.fold(item.reading)), []) if item.reading else by_name.get(name, [])
        if len(candidates) > 1 and item.birth_date:
            candidates = [p for p in candidates if p.birth_date == item.birth_date]
        if len(candidates) != 1:
            out.append((item, SEVERAL if candidates else UNMATCHED, None))
            continue
        person = candidates[0]
        # A second row for the same person finds the record the first one made.
        out.append((item, person.record or (KEPT if person.key in added else ADD), person.key))
        added.add(person.key)
    return out


def _summary(decisions: list[tuple[RegisterIn, str, object]]) -> dict:
    """The counts and rows `tsunagari import --json` reports, before or after the import."""
    def rows(*kinds):
        return [item for item, kind, _key in decisions if kind in kinds]

    skipped = []
    for item in rows(SKIPPED):
        error = next(pr for pr in item.problems if pr.severity == ERROR)
        skipped.append({"row": item.row, "name": item.name, "problem": error.code, "column": error.column,
                        "value": error.value})
    unmatched = [{"row": it.row, "name": it.name, "several": kind == SEVERAL}
                 for it, kind, _key in decisions if kind in (UNMATCHED, SEVERAL)]
    kept = [{"row": it.row, "name": it.name, "removed": kind == REMOVED}
            for it, kind, _key in decisions if kind in (KEPT, REMOVED)]
    sheet = next((it.sheet for it, _kind, _key in decisions if it.sheet), "")
    return {"register": len(rows(ADD)), "register_unmatched": len(unmatched), "register_kept": len(kept),
            "register_skipped": len(skipped), "register_unmatched_rows": unmatched, "register_kept_rows": kept,
            "register_skipped_rows": skipped, "register_sheet": sheet}


def forecast_register(items: list[RegisterIn], plan=None, left_out: set[int] | frozenset = frozenset(),
                      merges: dict[int, tuple[int, set[str]]] | None = None) -> dict:
    """What commit_register() will do with the sheet once the roster `plan` is imported
    (less the rows `left_out`, with the wizard's `merges`: row -> (person id, groups replaced)):
    the same keys and counts, nothing written. The people the roster import adds are matched
    too, and a merge that renames someone is matched under the new name."""
    people = _roster_now()
    if plan is not None:
        by_row = {p.row: p for p in plan.people}
        merged: dict[int, _Someone] = {}  # person id -> as the merge leaves them
        if merges:
            from desktop.services.import_merge import planned_changes

            records = {p.key: p.record for p in people}
            for row, (person_id, replace) in merges.items():
                person = m.Person.get_or_none((m.Person.id == person_id) & m.Person.deleted_at.is_null())
                if person is None or row not in by_row or by_row[row].has_error:
                    continue  # as commit_with_choices() leaves it
                new = planned_changes(person, by_row[row], set(replace)).person
                merged[person_id] = _someone(person_id, *(new.get(f, getattr(person, f)) for f in _NAME_FIELDS),
                                             record=records.get(person_id))
        people = [merged.get(p.key, p) for p in people]
        people += [_someone(("row", p.row), p.family_name, p.given_name, p.family_reading, p.given_reading,
                            p.birth_date) for p in plan.people if p.row not in left_out and not p.has_error]
    return _summary(_decide(items, people, set()))


def register_problems(items: list[RegisterIn], summary: dict) -> list[Problem]:
    """Every problem of the sheet, by row, for the import's report: those found reading it,
    and one for each row that matches no one or is on the register already (from the
    summary of forecast_register() or commit_register(), so before and after say the same).
    A row that is not written keeps its errors but not its notes (an unknown reason of a
    record left as it is changes nothing)."""
    outcome: dict[int, str] = {}  # row -> why it is not written
    for r in summary.get("register_unmatched_rows", []):
        outcome[r["row"]] = "several_in_roster" if r.get("several") else "not_in_roster"
    for r in summary.get("register_kept_rows", []):
        outcome[r["row"]] = "register_removed_kept" if r.get("removed") else "already_registered"
    out = []
    for item in items:
        code = outcome.get(item.row)
        out += [pr for pr in item.problems if code is None or pr.severity == ERROR]
        if code:
            out.append(Problem(item.row, "氏名", item.name, code, NOTE, sheet=item.sheet))
    return out


def commit_register(items: list[RegisterIn], *, actor: str = "", skip_rows: set[int] | None = None,
                    batch: m.ImportBatch | None = None, source: str = "") -> dict:
    """Attach register rows to roster people. Call inside commit()'s transaction (with its
    `batch`) or on its own (a batch is made, so the import can be undone).

    Rows are matched as _decide() says; unmatched rows are reported by row, never invented.
    Only people NOT on the register get a record: a person already on it (or taken off it on
    purpose) is left exactly as they are, consent above all. An old file imported again must
    not bring back a consent that was withdrawn since. Rows with a problem are reported, not
    dropped without a word (register_problems() says each). The records made are noted in
    the batch, so undoing the import removes them (and only them)."""
    from desktop.services import register as reg_svc

    made: list[int] = []
    with db.atomic():
        if batch is None:
            batch = m.ImportBatch.create(source=source or "register")
        decisions = _decide(items, _roster_now(), set(skip_rows or ()))
        by_name: dict[str, m.Person] = {}  # supporters are linked to a roster person by name
        for p in m.Person.select().where(m.Person.deleted_at.is_null()):
            by_name.setdefault(jtext.fold(p.family_name + p.given_name), p)
        for item, kind, person_id in decisions:
            if kind != ADD:
                continue
            record = reg_svc.add_to_register(m.Person.get_by_id(person_id), actor=actor)
            reg_svc.update_record(record, item.values, actor)
            reg_svc.set_emergency_contacts(record, item.contacts, actor)
            sups = []
            for s in item.supporters:
                linked = by_name.get(jtext.fold(s["name"]))
                sups.append({"person": linked.id, "note": s.get("note", ""), "phone": s.get("phone", "")} if linked
                            else {"name": s["name"], "phone": s.get("phone", ""), "note": s.get("note", "")})
            reg_svc.set_supporters(record, sups, actor)
            made.append(record.id)
        summary = json.loads(batch.summary or "{}")
        summary["register_records"] = summary.get("register_records", []) + made
        summary["register_done_at"] = now().isoformat(sep=" ")
        batch.summary = json.dumps(summary, ensure_ascii=False)
        batch.save()
    return {**_summary(decisions), "register_batch": batch.id}
