"""Import a roster from a table: find the header, map columns, check and normalise every
row, form households, find duplicates, then write everything in one transaction.

The steps are separate functions so the wizard can show each one, and `plan_import()` runs
them all for the command line. Nothing touches the database before `commit()`, and
`commit()` is one transaction tagged with an ImportBatch, which `undo_import()` removes.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import json
import re
from dataclasses import dataclass, field

from db import audit
from db import models as m
from db.database import db, new_uuids, now
from desktop import jtext
from desktop.i18n import _
from desktop.services.import_header import (  # noqa: F401  (the steps stay importable from here)
    ALIASES, FIELDS, NAME_FIELDS, auto_mapping, field_for_header, find_header, load_preset, mapping_by_name,
    preset_from_mapping, presets_dir, save_preset,
)
from desktop.services.import_households import (  # noqa: F401
    Join, StandIn, find_duplicates, group_households, head_lines, heads_with_errors, home_key, household_joins,
    join_lines, link_rows, roster_homes, roster_ids, stand_in_heads,
)
from desktop.services import import_leaders
from desktop.services.import_blocks import fill_block
from desktop.services.import_model import ERROR, FIXED, NOTE, Duplicate, PersonIn, Problem  # noqa: F401
from desktop.services.import_undo import set_head
from desktop.services.tabular import Table, TableError, cell_text


@dataclass
class Plan:
    table: Table
    header_index: int
    headers: list[str]
    mapping: dict[int, str]
    people: list[PersonIn]
    households: list[list[PersonIn]]
    duplicates: list[Duplicate]
    file_problems: list[Problem] = field(default_factory=list)
    # row of a person → the head of their household in the file, whose row has an error
    # (so it is in no household, and somebody else is made the head; see stand_in_heads)
    missing_heads: dict[int, PersonIn] = field(default_factory=dict)
    default_block: str = ""  # the block for rows without a 班 (import_blocks.fill_block)
    defaulted_rows: frozenset[int] = frozenset()  # the rows put in it

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [p for person in self.people for p in person.problems]

    @property
    def error_rows(self) -> list[int]:
        return [p.row for p in self.people if p.has_error]


# -- rows -----------------------------------------------------------------------------------

@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while rows are checked or written in bulk.

    Every few hundred new objects the collector walks the young ones, and every so often all
    of them: with 20,000 rows held in memory that was a tenth of an import's time. The import
    makes no reference cycles, so nothing piles up; collection resumes afterwards (and stays
    off if the caller had turned it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_HEAD_MARKS = {"○", "〇", "◯", "◎", "●", "1", "はい", "yes", "y", "true", "世帯主", "主"}
_HEAD_MARKS_FOLDED = frozenset(jtext.fold(x) for x in _HEAD_MARKS)
_SEX = {"男": "M", "男性": "M", "m": "M", "male": "M", "女": "F", "女性": "F", "f": "F", "female": "F"}
# Words for a person's status seen in rosters. An unknown word is an error, never a guess:
# a deceased person read as 会員 would be on the call lists and the mailing labels.
_STATUS = {
    **dict.fromkeys(("会員", "正会員", "一般会員", "賛助会員", "在籍", "member"), m.STATUS_MEMBER),
    **dict.fromkeys(("非会員", "未加入", "退会", "退会済", "退会済み", "resident"), m.STATUS_RESIDENT),
    **dict.fromkeys(("転出", "転出済", "転出済み", "転居", "転居済", "転居済み", "moved"), m.STATUS_MOVED),
    **dict.fromkeys(("死亡", "死去", "逝去", "物故", "故人", "deceased"), m.STATUS_DECEASED),
}
# What people write in a cell that has no value: treated as empty, not as a bad number or date.
_BLANK_MARKS = frozenset(("-", "ー", "―", "－", "‐", "なし", "無し", "無", "不明", "未定", "n/a", "na", "none", "×", "✕"))
# Columns where 〃 means "as above" and なし / - mean empty.
_MARKABLE_FIELDS = frozenset(("household", "block", "postal_code", "address", "address3", "landline", "mobile",
                              "birth_date", "sex", "status", "relation", "email", "roles"))
# Words for a role in a 役割 column (what the export writes, and a few more seen in rosters).
_ROLE_WORDS = {jtext.fold(w): code for code, words in {
    "head": ("世帯主", "head"),
    "block_leader": ("班長", "組長", "班長さん", "block_leader", "block leader"),
    "officer": ("役員", "officer"),
    "salon_helper": ("サロンの手伝い", "サロン手伝い", "サロンのお手伝い", "サロン協力者", "サロンスタッフ", "salon_helper"),
    "disaster_team": ("防災部", "防災部員", "防災委員", "防災", "disaster_team"),
    "supporter": ("支援者", "避難支援者", "supporter"),
}.items() for w in words}
_ROLE_SPLIT = re.compile(r"[、,，・/／;；\s]+")
# Officers' titles: the role is 役員 and the title is kept in the notes (the app has no title field).
_OFFICER_TITLES = frozenset(jtext.fold(w) for w in (
    "会長", "副会長", "会計", "書記", "監事", "理事", "相談役", "顧問", "総務", "部長", "副部長", "事務局", "事務局長"))
# "Same as above" in an address, postal code or phone column.
_DITTO_MARKS = frozenset(("〃", "″", "′′", "〃〃", "同上", "同", "々", "仝", "ditto"))
# A name cell that is a section title (【2班】, ■1組) or a total row (合計), not a person.
_NOT_A_NAME = re.compile(
    r"^(?:[【［\[〈《<＜].*[】］\]〉》>＞]"  # 【2班】: the whole cell in brackets
    r"|[■□●◆◇▼▽▲△★☆]\s*(?:第?[\d０-９一二三四五六七八九十]+\s*(?:班|組|区|地区|丁目|号棟|ブロック)|.*(?:班|組|地区|ブロック))"
    r"|(?:合計|小計|総計|計|総数|人数|以下余白|以上|total|subtotal)[\s\d:：名人]*"  # total rows
    r"|[\d０-９]+\s*[名人]|[\d０-９]+)$", re.IGNORECASE)  # a count, or a bare number where a name goes
_KANA_READING = re.compile(r"[ぁ-ゖゝゞー・\s]*")
# Town | 丁目・番地. Sapporo-style 北1条西2丁目 keeps its 北 with the number (a line break
# after 「中央区北」 reads wrongly on a label or postcard).
_ADDRESS_SPLIT = re.compile(r"^(.*?[都道府県].+?[市区町村郡].*?)([北南東西]?\d+条.*|\d.*|[一二三四五六七八九十]+丁目.*)$")


def _split_name(full: str) -> tuple[str, str]:
    """Family and given name at the first space (full-width too). Names are kept exactly as
    written: NFKC would turn compatibility kanji (U+FA10 塚) and Ⅲ into other characters, and a
    name typed in the person form is not normalised either. Readings are normalised by the caller."""
    full = jtext.compose_kana(full)
    parts = full.split()
    if len(parts) >= 2:
        return parts[0], " ".join(parts[1:])
    return full.strip(), ""


@functools.lru_cache(maxsize=1 << 14)  # a household's members share their address
def _split_address(full: str) -> tuple[str, str]:
    text = jtext.nfkc_keep_kanji(full).strip()  # ２丁目 → 2丁目, but U+FA10 塚 stays as written
    match = _ADDRESS_SPLIT.match(text)
    return (match.group(1), match.group(2)) if match else (text, "")


def read_person(values: list, line: int, headers: list, mapping: dict[int, str], today: dt.date,
                col: dict[str, str] | None = None, marks: tuple[str, ...] | None = None) -> PersonIn:
    """One row → a PersonIn with its problems. `col` (field → header) and `marks` (the mapped
    fields where 〃 and なし are understood) are the same for every row; plan_import passes them."""
    p = PersonIn(row=line)
    n = len(values)
    raw = {f: values[i] if i < n else None for i, f in mapping.items()}
    if col is None:  # field → header text; the same for every row, so plan_import passes it in
        col = {f: cell_text(headers[i]) for i, f in mapping.items()}

    def problem(f, code, severity, message=""):
        p.problems.append(Problem(line, col.get(f, f), cell_text(raw.get(f)), code, severity, message))
        if severity == ERROR:
            p.error_fields += (f,)

    ditto = []
    for f in _MARKABLE_FIELDS.intersection(mapping.values()) if marks is None else marks:
        value = raw[f]
        if value.__class__ is not str or len(value) > 4:  # the marks are short text
            continue
        if value in _BLANK_MARKS:  # なし, -, 不明: an empty cell written out
            raw[f] = None
        elif value in _DITTO_MARKS or (not value.isascii() and jtext.nfkc(value) in _DITTO_MARKS):
            ditto.append(f)  # 〃, 同上: the value of the row above (link_rows copies it)
            raw[f] = None

    if len(values) > len(headers) and any(v is not None for v in values[len(headers):]):
        p.problems.append(Problem(line, "", cell_text(values[len(headers)]), "too_many_columns", ERROR))
    if raw.get("family_name") is not None:
        p.family_name = jtext.compose_kana(cell_text(raw["family_name"]))
        p.given_name = jtext.compose_kana(cell_text(raw.get("given_name")))
    elif raw.get("full_name") is not None:
        p.family_name, p.given_name = _split_name(cell_text(raw["full_name"]))
        if p.family_name and not p.given_name and len(p.family_name) > 2:
            problem("full_name", "name_not_split", NOTE)
    if not p.family_name:
        problem("full_name" if "full_name" in col else "family_name", "no_name", ERROR)
    elif _NOT_A_NAME.match(p.family_name):
        problem("full_name" if "full_name" in col else "family_name", "not_a_person", ERROR)
    if raw.get("family_reading") is not None or raw.get("given_reading") is not None:
        p.family_reading = jtext.to_hiragana(jtext.nfkc(cell_text(raw.get("family_reading"))))
        p.given_reading = jtext.to_hiragana(jtext.nfkc(cell_text(raw.get("given_reading"))))
    elif raw.get("full_reading") is not None:
        fr, gr = _split_name(jtext.nfkc(cell_text(raw["full_reading"])))
        p.family_reading, p.given_reading = jtext.to_hiragana(fr), jtext.to_hiragana(gr)
    if p.family_name and not p.family_reading:
        fr, gr = jtext.suggest_reading(p.family_name, p.given_name)
        p.family_reading, p.given_reading = fr, gr
        problem("full_reading", "reading_suggested" if fr else "no_reading", NOTE)
    elif not _KANA_READING.fullmatch(p.family_reading) or not _KANA_READING.fullmatch(p.given_reading):
        problem("full_reading" if "full_reading" in col else "family_reading", "reading_not_kana", NOTE)
    value = raw.get("birth_date")
    if value not in (None, ""):
        try:
            if isinstance(value, (dt.date, dt.datetime)):
                p.birth_date = value.date() if isinstance(value, dt.datetime) else value
            elif isinstance(value, (int, float)) and 1 < float(value) < 80000:
                p.birth_date = jtext.from_excel_serial(value)
            else:
                p.birth_date = jtext.parse_date(cell_text(value), today=today, need_year=True)
            if p.birth_date > today:
                p.birth_date = None
                problem("birth_date", "future_date", ERROR)
            elif p.birth_date.year < 1900:
                problem("birth_date", "old_date", ERROR)
        except ValueError as exc:
            problem("birth_date", "bad_date", ERROR, str(exc))
    sex = jtext.nfkc(cell_text(raw.get("sex"))).lower()
    if sex:
        p.sex = _SEX.get(sex, "")
        if not p.sex:
            problem("sex", "unknown_sex", NOTE)
    for f in ("mobile", "landline"):
        text = cell_text(raw.get(f))
        if not text:
            continue
        phone = jtext.normalize_phone(raw.get(f) if isinstance(raw.get(f), (int, float)) else text)
        if phone.valid:
            setattr(p, f, phone.digits)
            if phone.problem:
                problem(f, phone.problem, FIXED, jtext.phone_problem_text(phone.problem))
        else:
            setattr(p, f, text)
            problem(f, phone.problem or "bad_phone", ERROR, jtext.phone_problem_text(phone.problem))
    postal = cell_text(raw.get("postal_code"))
    if postal:
        code = jtext.normalize_postal(raw.get("postal_code") if isinstance(raw.get("postal_code"), int) else postal)
        if code is None and postal.isascii() and postal.isdigit() and len(postal) == 6:
            # Hokkaido's 0xx-xxxx codes lose their 0 when Excel saved them as a number.
            p.postal_code = "0" + postal
            problem("postal_code", "postal_zero_restored", FIXED)
        elif code is None:
            problem("postal_code", "bad_postal", ERROR)
        else:
            p.postal_code = code
    address = cell_text(raw.get("address"))
    if address:
        p.address1, p.address2 = _split_address(address)
    p.address3 = jtext.nfkc_keep_kanji(cell_text(raw.get("address3")))
    p.block = jtext.nfkc(cell_text(raw.get("block")))
    p.household_key = jtext.nfkc(cell_text(raw.get("household")))  # "１" and "1" are the same household
    head = cell_text(raw.get("head"))
    if head:
        folded = jtext.fold(head)
        p.is_head = folded in _HEAD_MARKS_FOLDED or folded == jtext.fold(p.family_name + p.given_name)
    p.relation = cell_text(raw.get("relation"))
    if p.relation in ("本人", "世帯主"):
        p.is_head = True
    p.ditto = tuple(ditto)
    p.notes = cell_text(raw.get("notes"))
    if raw.get("roles") is not None:
        _read_roles(p, cell_text(raw["roles"]), col.get("roles", ""), problem)
    p.head_in_file = p.is_head
    p.email = cell_text(raw.get("email"))
    status = jtext.nfkc(cell_text(raw.get("status"))).lower()
    if status:
        code, severity = read_status(status)
        if code:
            p.status, p.status_given = code, True
        if severity == ERROR:
            problem("status", "unknown_status", ERROR)
        elif severity:
            problem("status", "status_read_as", severity, _("Read as 「%s」. Check it after the import.")
                    % m.STATUS_LABELS_JA.get(code, code))
    return p


def _read_roles(p: PersonIn, text: str, header: str, problem) -> None:
    """班長、役員 → role codes. A mark (○) in a column named after a role (役員) is that role.
    A word we do not know is never an error: it is kept in the notes, with a note."""
    codes: list[str] = []
    unknown: list[str] = []
    titles: list[str] = []
    for word in _ROLE_SPLIT.split(text.strip()):
        if not word:
            continue
        folded = jtext.fold(word)
        code = _ROLE_WORDS.get(folded)
        if code is None and folded in _OFFICER_TITLES:
            code = "officer"
            titles.append(word)
        if code is None and folded in _HEAD_MARKS_FOLDED:
            code = _ROLE_WORDS.get(jtext.fold(header))
        if code is None:
            unknown.append(word)
        elif code == "head":
            p.is_head = True
        elif code not in codes:
            codes.append(code)
    p.roles = tuple(c for c in m.ROLES if c in codes)
    if titles:
        words = "、".join(titles)
        p.notes = f"{p.notes}　役職：{words}" if p.notes else f"役職：{words}"
    if unknown:
        words = "、".join(unknown)
        p.notes = f"{p.notes}　役割：{words}" if p.notes else f"役割：{words}"
        problem("roles", "unknown_role", NOTE)


def read_status(word: str) -> tuple[str | None, str | None]:
    """(status, severity of the note to add) for a status word. Known words need no note; a
    word that says 死 / 転 / 退 is read so, with a note; a membership word or a role (世帯会員,
    班長) is a member, with a note; anything else is an error, never a guess."""
    if word in _STATUS:
        return _STATUS[word], None
    for chars, status in (("死故逝亡", m.STATUS_DECEASED), ("転", m.STATUS_MOVED), ("退脱非", m.STATUS_RESIDENT)):
        if any(c in word for c in chars):
            return status, FIXED
    if any(c in word for c in "会員長役"):
        return m.STATUS_MEMBER, NOTE
    return None, ERROR


def plan_import(table: Table, *, mapping: dict[int, str] | None = None, header_index: int | None = None,
                today: dt.date | None = None, skip_hidden: bool = True, default_block: str = "") -> Plan:
    today = today or dt.date.today()
    hi = find_header(table) if header_index is None else header_index
    headers = [cell_text(h) for h in table.rows[hi]]
    mapping = mapping if mapping is not None else auto_mapping(headers, table.hidden_columns, skip_hidden)
    if not any(f in NAME_FIELDS for f in mapping.values()):
        raise TableError("no_name_column", headers=headers)
    col = {f: cell_text(headers[i]) for i, f in mapping.items()}
    file_problems = _unmapped_columns(headers, mapping, table, hi, table.hidden_columns if skip_hidden else set())
    name_col = next(i for i, f in mapping.items() if f in NAME_FIELDS)
    name_header = cell_text(headers[name_col])
    marks = tuple(_MARKABLE_FIELDS.intersection(mapping.values()))
    section_starts: set[int] = set()
    after_break = False
    with gc_paused():
        people = []
        for values, line in zip(table.rows[hi + 1:], table.line_numbers[hi + 1:]):
            if not any(v not in (None, "") for v in values):
                continue
            if name_col < len(values) and cell_text(values[name_col]) == name_header:
                # The header again (printed at the top of each page or 班): not a person.
                file_problems.append(Problem(line, name_header, name_header, "header_repeated", NOTE))
                after_break = True
                continue
            if len(values) - values.count(None) - values.count("") == 1:  # one cell filled (C-speed count)
                only = cell_text(next(v for v in values if v not in (None, "")))
                if _NOT_A_NAME.match(only):
                    # A section title alone on its row (【2班】 in whichever column): not a person.
                    file_problems.append(Problem(line, "", only, "title_row", NOTE))
                    after_break = True
                    continue
            if after_break:
                section_starts.add(line)
                after_break = False
            person = read_person(values, line, headers, mapping, today, col, marks)
            if line in table.hidden_rows:
                person.problems.append(Problem(line, "", "", "hidden_row", NOTE))
            people.append(person)
        if not people:
            raise TableError("header_only", row=table.line_numbers[hi])
        link_rows(people, frozenset(section_starts))
        households = group_households([p for p in people if not p.has_error])
        default_block = jtext.nfkc(default_block or "").strip()
        filled = fill_block(people, default_block)  # after grouping: a 班 written in the household wins
        return Plan(table, hi, headers, mapping, people, households, find_duplicates(people), file_problems,
                    heads_with_errors(people), default_block, filled)


def _unmapped_columns(headers: list, mapping: dict[int, str], table: Table, hi: int, hidden: set[int]) -> list[Problem]:
    """A note for each column that looks like a field another column already fills (two 電話
    columns) or that is hidden, so no column is left out without a word."""
    taken = set(mapping.values())
    out = []
    for i, h in enumerate(headers):
        if i in mapping or not cell_text(h):
            continue
        if i in hidden:
            out.append(Problem(table.line_numbers[hi], cell_text(h), "", "hidden_column", NOTE))
        elif field_for_header(h) in taken:
            out.append(Problem(table.line_numbers[hi], cell_text(h), "", "column_taken", NOTE))
    return out


# -- writing --------------------------------------------------------------------------------

@dataclass
class ImportResult:
    batch_id: int | None
    batch_uuid: str
    people: int
    households: int
    blocks: int
    skipped: int
    duplicates: int
    joined: int = 0  # new people who joined a household already in the roster
    joins: list[Join] = field(default_factory=list)
    leaders: int = 0  # blocks whose 班長 the import set
    stand_ins: list[StandIn] = field(default_factory=list)  # heads made because the file's head was left out
    # 班 the file names a new 班長 for (taken over or not), and the roster people it leaves out
    leader_changes: list[import_leaders.LeaderChange] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)


def commit(plan: Plan, *, source: str = "", actor: str = "", skip_rows: set[int] | None = None,
           keep_duplicates: bool = False, batch: m.ImportBatch | None = None) -> ImportResult:
    """Write the plan in one transaction. Rows with errors must be in skip_rows (or fixed).
    `batch`: made by the caller, who wrote some of the import's changes already (moves)."""
    skip = set(skip_rows or ())
    errors = set(plan.error_rows) - skip
    if errors:
        raise TableError("unresolved_errors", rows=sorted(errors))
    dup_rows = {d.row for d in plan.duplicates}
    if not keep_duplicates:
        skip |= dup_rows
    made_blocks: list[int] = []
    household_rows: list[tuple] = []
    person_rows: list[tuple] = []
    marks: list[import_leaders.Mark] = []  # new people marked 班長, with their 班
    with gc_paused(), db.atomic():
        absent = import_leaders.not_in_file(plan)  # said, never deleted; read before anyone is added
        batch = batch if batch is not None else m.ImportBatch.create(source=source)
        # Matched by jtext.block_key: a file's 「1 班」 goes into the existing 「１班」, never next to it.
        blocks: dict[str, m.Block] = {}
        for b in m.Block.select().order_by(m.Block.position, m.Block.id):
            blocks.setdefault(jtext.block_key(b.name), b)
        position = (m.Block.select(m.Block.position).order_by(m.Block.position.desc()).scalar() or 0) + 1
        stamp = now().isoformat(sep=" ")
        uuids = new_uuids(len(plan.people) + len(plan.households))  # enough for every row and household
        # New family members of households already in the roster join them (one query for all).
        homes = roster_homes(roster_ids(plan.duplicates, skip))
        joins = household_joins(plan.households, plan.duplicates, skip, homes)
        stand_ins = stand_in_heads(plan.households, skip, joins, plan.missing_heads)
        stand_in_rows = {s.person.row: s for s in stand_ins.values()}
        made_stand_ins: list[dict] = []  # kept in the summary: a head marked in a later file takes their place
        taking_over: dict[int, tuple[int, int]] = {}  # roster household → (its stand-in head, row of the new head)
        # Ids are allocated here (we hold the file's one-writer lock and the transaction), so
        # households and people go in with two executemany calls instead of 40,000 queries.
        next_hid = (m.Household.select(m.Household.id).order_by(m.Household.id.desc()).scalar() or 0) + 1
        next_pid = (m.Person.select(m.Person.id).order_by(m.Person.id.desc()).scalar() or 0) + 1
        joined = 0
        join_order: dict[int, int] = {}  # roster household → next free order (two groups may join one)
        for index, members in enumerate(plan.households):
            members = [p for p in members if p.row not in skip]
            if not members:
                continue
            first = members[0]
            join = joins.get(index)
            if join is not None and join.joins:
                # Into the roster household: never its head (it has one), after its members.
                home = join.home
                hid, block_id, landline = home.household_id, home.block_id, home.landline
                start = join_order.get(hid, home.next_order)
                join_order[hid] = start + len(members)
                heads = ()
                new_head = next((p for p in members if join.takes_over(p)), None)
                if new_head is not None and hid not in taking_over:
                    # Its head was made the head only because the file's head was left out before.
                    heads = (new_head.row,)
                    taking_over[hid] = (home.stand_in_id, new_head.row)
                joined += len(members)
            else:
                block_id = None
                if first.block:
                    block = blocks.get(jtext.block_key(first.block))
                    if block is None:
                        block = m.Block.create(name=first.block, position=position)
                        position += 1
                        blocks[jtext.block_key(first.block)] = block
                        made_blocks.append(block.id)
                    block_id = block.id
                hid = next_hid
                next_hid += 1
                landline, start = first.landline, 0
                household_rows.append((hid, next(uuids), stamp, stamp, first.postal_code, first.address1,
                                       first.address2, first.address3, first.landline, block_id, "", batch.id))
                members = sorted(members, key=lambda x: not x.is_head)
                # A household has a head: if the file's head was left out, the first one left is.
                heads = (members[0].row,)
            for order, p in enumerate(members, start=start):
                head = p.row in heads
                roles = (("head",) if head else ()) + p.roles
                pid = next_pid
                next_pid += 1
                if "block_leader" in p.roles and p.status in m.ACTIVE_STATUSES:  # (a 班長 marked 転出 leads nobody)
                    marks.append(import_leaders.Mark(p.row, p.name, block_id, pid))
                if head and p.row in stand_in_rows:
                    s = stand_in_rows[p.row]
                    made_stand_ins.append({"person": pid, "household": hid, "head": s.head.name, "row": s.head.row})
                if head and hid in taking_over:
                    taking_over[hid] = (taking_over[hid][0], pid)
                person_rows.append((
                    pid, next(uuids), stamp, stamp, hid, p.family_name, p.given_name, p.family_reading,
                    p.given_reading, p.birth_date.isoformat() if p.birth_date else None, p.sex, p.mobile, p.email,
                    p.relation, int(head), order, ",".join(roles), p.status, p.notes,
                    jtext.person_sort_key(p.family_reading, p.given_reading),
                    jtext.person_search_text(p.family_name, p.given_name, p.family_reading, p.given_reading,
                                             [p.mobile, landline]),
                    batch.id,
                ))
        cursor = db.cursor()
        cursor.executemany(
            "INSERT INTO household (id, uuid, created_at, updated_at, postal_code, address1, address2, address3,"
            " landline, block_id, notes, import_batch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", household_rows)
        cursor.executemany(
            "INSERT INTO person (id, uuid, created_at, updated_at, household_id, family_name, given_name,"
            " family_reading, given_reading, birth_date, sex, mobile, email, relation, is_head, household_order,"
            " roles, status, notes, sort_key, search_text, import_batch_id) VALUES"
            " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", person_rows)
        changes = import_leaders.decide(plan, marks + import_leaders.roster_marks(plan, {k.row for k in marks}),
                                        set(made_blocks))
        leader_entries = import_leaders.apply_changes(changes, actor, batch)
        made_leaders = [e["block"] for e in leader_entries]
        replaced_leaders = {str(e["block"]): e["old"] for e in leader_entries if e["old"] is not None}
        replaced = _replace_stand_in_heads(taking_over, actor, batch)
        made_people, made_households = len(person_rows), len(household_rows)
        summary = {"people": made_people, "households": made_households, "blocks": made_blocks,
                   "skipped": len(skip & {p.row for p in plan.people}), "duplicates": len(plan.duplicates),
                   "joined": joined, "leaders": made_leaders}
        if replaced_leaders:
            summary["leaders_before"] = replaced_leaders
        if leader_entries:
            summary["leader_changes"] = leader_entries  # undo puts the leaders, roles and trees back
        if made_stand_ins:
            summary["stand_in_heads"] = made_stand_ins
        if replaced:
            summary["heads_replaced"] = replaced
        batch.summary = json.dumps(summary)
        batch.save()
        audit.record(actor, "import", batch, new=json.dumps(summary, ensure_ascii=False), reason=source)
    jtext.clear_caches()
    _split_address.cache_clear()
    home_key.cache_clear()
    return ImportResult(batch.id, batch.uuid, made_people, made_households, len(made_blocks),
                        summary["skipped"], len(plan.duplicates), joined, list(joins.values()), len(made_leaders),
                        list(stand_ins.values()), changes, absent)


def _replace_stand_in_heads(taking_over: dict[int, tuple[int, int]], actor: str, batch: m.ImportBatch) -> list[dict]:
    """The heads an earlier import made only because the file's head was left out stop being
    the head where this import brings the head marked in the file (audited; undo puts them back)."""
    replaced = []
    for hid, (old_id, new_id) in taking_over.items():
        old = m.Person.get_or_none(m.Person.id == old_id)
        if old is None:
            continue
        set_head(old, False, actor, f"import:{batch.uuid}")
        replaced.append({"household": hid, "person": old_id, "head": new_id})
    return replaced


def household_notes(plan: Plan, left_out: set[int]) -> list[str]:
    """Before an import: what it will do with households beyond the counts, one sentence
    each (new members joining a household in the roster, heads made or replaced)."""
    homes = roster_homes(roster_ids(plan.duplicates, left_out))
    joins = household_joins(plan.households, plan.duplicates, left_out, homes)
    stand_ins = stand_in_heads(plan.households, left_out, joins, plan.missing_heads)
    return join_lines(joins.values()) + head_lines(stand_ins.values())


def new_households(plan: Plan, left_out: set[int]) -> int:
    """Before an import: how many households it will add (groups with a row it writes, less
    those whose rows join a household already in the roster), as commit() will count them."""
    homes = roster_homes(roster_ids(plan.duplicates, left_out))
    joins = household_joins(plan.households, plan.duplicates, left_out, homes)
    return sum(1 for i, members in enumerate(plan.households)
               if any(p.row not in left_out for p in members) and not (i in joins and joins[i].joins))


def result_notes(result: ImportResult) -> list[str]:
    """household_notes() after the import, in the past tense."""
    return join_lines(result.joins, done=True) + head_lines(result.stand_ins, done=True)


# Undoing an import has its own module; these names stay importable from here.
from desktop.services.import_undo import UndoBlocked, later_work, undo_import  # noqa: E402,F401


# The 要支援者 sheet has its own module; these names stay importable from here.
from desktop.services.import_register import (  # noqa: E402,F401
    REGISTER_ALIASES, RegisterIn, commit_register, forecast_register, is_register_sheet, plan_register,
    register_problems,
)
