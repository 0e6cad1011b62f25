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
from pathlib import Path

from peewee import JOIN

from db import audit
from db import models as m
from db.database import db, new_uuid, now
from desktop import jtext
from desktop.i18n import _
from desktop.services.tabular import Table, TableError, cell_text

# Field → header names seen in real rosters (compared after folding width/kana/case).
ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("氏名", "名前", "お名前", "氏名漢字", "name", "fullname", "full name", "会員名", "世帯員氏名"),
    "family_name": ("姓", "氏", "苗字", "名字", "family name", "familyname", "last name", "lastname", "surname"),
    "given_name": ("名", "下の名前", "given name", "givenname", "first name", "firstname"),
    "full_reading": ("ふりがな", "フリガナ", "よみがな", "ヨミガナ", "読み", "よみ", "カナ", "かな", "氏名カナ",
                     "kana", "reading", "furigana"),
    "family_reading": ("せい", "姓ふりがな", "姓カナ", "せいふりがな"),
    "given_reading": ("めい", "名ふりがな", "名カナ", "めいふりがな"),
    "postal_code": ("〒", "郵便番号", "郵便", "zip", "zipcode", "postal code", "postcode", "postal"),
    "address": ("住所", "住所1", "所在地", "address", "住所（番地まで）"),
    "address3": ("住所2", "建物", "建物名", "マンション名", "方書", "building", "address2"),
    "landline": ("電話", "電話番号", "tel", "固定電話", "自宅電話", "phone", "telephone", "自宅"),
    "mobile": ("携帯", "携帯電話", "携帯番号", "mobile", "cell", "cellphone", "携帯tel"),
    "birth_date": ("生年月日", "誕生日", "生まれ", "birth", "birthday", "birthdate", "date of birth", "dob"),
    "sex": ("性別", "男女", "sex", "gender"),
    "block": ("班", "組", "班名", "組名", "地区", "block", "group", "班組"),
    "household": ("世帯", "世帯番号", "世帯no", "世帯id", "household", "householdid", "household no"),
    "head": ("世帯主", "head", "世帯主区分", "世帯主名"),
    "relation": ("続柄", "relation", "relationship"),
    "notes": ("備考", "メモ", "notes", "note", "remarks"),
    "email": ("メール", "email", "e-mail", "メールアドレス", "mail"),
    "status": ("状態", "会員区分", "区分", "status"),
}
FIELDS = tuple(ALIASES)
NAME_FIELDS = ("full_name", "family_name")

# Problem codes → what is wrong and what the import does about it.
ERROR, FIXED, NOTE = "error", "fixed", "note"


@dataclass
class Problem:
    row: int  # line or row number in the file (1-based)
    column: str  # header text
    value: str
    code: str
    severity: str  # error (row cannot be imported as is), fixed (we corrected it), note
    message: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "code": self.code,
                "severity": self.severity, "message": self.message}


@dataclass(slots=True)
class PersonIn:
    row: int
    family_name: str = ""
    given_name: str = ""
    family_reading: str = ""
    given_reading: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    mobile: str = ""
    email: str = ""
    relation: str = ""
    notes: str = ""
    status: str = m.STATUS_MEMBER
    is_head: bool = False
    # household-level values as read on this row
    postal_code: str = ""
    address1: str = ""
    address2: str = ""
    address3: str = ""
    landline: str = ""
    block: str = ""
    household_key: str = ""
    follows: int = 0  # row of the person above whose household this row joins (〃, or 妻/長男… with no address)
    ditto: tuple[str, ...] = ()  # fields written as 〃 / 同上, copied from the row above
    error_fields: tuple[str, ...] = ()  # fields with an error, so a 〃 below does not copy it as good
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    @property
    def name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()


@dataclass
class Duplicate:
    row: int
    other: str  # "db:<person id>" or "row:<n>"
    name: str
    reason: str  # "reading_birth" or "name_address"


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

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [p for person in self.people for p in person.problems]

    @property
    def error_rows(self) -> list[int]:
        return [p.row for p in self.people if p.has_error]


# -- header and mapping -------------------------------------------------------------------

def _norm_header(text) -> str:
    return jtext.fold(cell_text(text)).replace("_", "").replace(".", "").replace(":", "").replace("：", "")


_ALIAS_INDEX = {jtext.fold(a).replace("_", ""): f for f, names in ALIASES.items() for a in names}


_MOBILE_WORDS = ("携帯", "けいたい", "mobile", "cell", "スマホ", "すまほ")


def field_for_header(text) -> str | None:
    key = _norm_header(text)
    if not key:
        return None
    if key in _ALIAS_INDEX:
        return _ALIAS_INDEX[key]
    if any(w in key for w in _MOBILE_WORDS):  # "電話番号(携帯)" is the mobile, not the 電話 it starts with
        return "mobile"
    for alias, fld in _ALIAS_INDEX.items():  # "電話番号(自宅)" and the like
        if len(alias) >= 2 and key.startswith(alias):
            return fld
    return None


def find_header(table: Table, max_scan: int = 20) -> int:
    """Index of the header row: the first row (title rows skipped) naming ≥ 2 known columns incl. a name.

    A header written on two rows (連絡先 over 自宅 | 携帯, 氏名 merged down both) becomes one
    row: the table is changed in place, so every step sees the same header and data."""
    for i, row in enumerate(table.rows[:max_scan]):
        fields = [field_for_header(v) for v in row]
        known = [f for f in fields if f]
        if len(set(known)) >= 2 and any(f in NAME_FIELDS for f in known):
            _merge_subheader(table, i)
            return i
    raise TableError("no_header", scanned=min(max_scan, len(table.rows)))


def _merge_subheader(table: Table, hi: int) -> None:
    if hi + 1 >= len(table.rows):
        return
    top, below = table.rows[hi], table.rows[hi + 1]
    cells = [(c, cell_text(v)) for c, v in enumerate(below) if cell_text(v)]
    top_text = [cell_text(v) for v in top]
    # Every cell below is a header word or repeats the cell above (a merged cell filled down).
    if not cells or not any(field_for_header(t) and (c >= len(top_text) or t != top_text[c]) for c, t in cells):
        return
    if not all(field_for_header(t) or (c < len(top_text) and t == top_text[c]) for c, t in cells):
        return
    merged = []
    for c in range(max(len(top), len(below))):
        a = top_text[c] if c < len(top_text) else ""
        b = cell_text(below[c]) if c < len(below) else ""
        if not b or b == a:
            merged.append(a)
        elif field_for_header(b) or not a:
            merged.append(b)
        else:
            merged.append(a if field_for_header(a) else f"{a} {b}")
    table.rows[hi] = merged
    del table.rows[hi + 1]
    del table.line_numbers[hi + 1]


def auto_mapping(headers: list, hidden: set[int] | None = None, skip_hidden: bool = True) -> dict[int, str]:
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for i, h in enumerate(headers):
        if skip_hidden and hidden and i in hidden:
            continue
        f = field_for_header(h)
        if f and f not in taken:
            mapping[i] = f
            taken.add(f)
    return mapping


def mapping_by_name(headers: list, preset: dict[str, str]) -> dict[int, str]:
    """Apply a saved preset (header text → field) to this file's headers."""
    folded = {_norm_header(k): v for k, v in preset.items()}
    return {i: folded[_norm_header(h)] for i, h in enumerate(headers) if _norm_header(h) in folded and folded[_norm_header(h)] in FIELDS}


def preset_from_mapping(headers: list, mapping: dict[int, str]) -> dict[str, str]:
    return {cell_text(headers[i]): f for i, f in mapping.items() if i < len(headers)}


def presets_dir() -> Path:
    from desktop.paths import data_dir

    return data_dir() / "import_presets"


def save_preset(name: str, preset: dict[str, str]) -> Path:
    folder = presets_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{re.sub(r'[^0-9A-Za-z_ぁ-んァ-ヶー一-龥-]+', '_', name)}.json"
    path.write_text(json.dumps(preset, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def load_preset(name_or_path: str) -> dict[str, str]:
    path = Path(name_or_path)
    if not path.exists():
        path = presets_dir() / f"{name_or_path}.json"
    if not path.exists():
        raise TableError("no_preset", name=name_or_path)
    try:
        preset = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise TableError("bad_preset", name=name_or_path, reason=str(exc)) from exc
    if not isinstance(preset, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in preset.items()):
        raise TableError("bad_preset", name=name_or_path, reason="not an object of header → field")
    return preset


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
                              "birth_date", "sex", "status", "relation", "email"))
# "Same as above" in an address, postal code or phone column.
_DITTO_MARKS = frozenset(("〃", "″", "′′", "〃〃", "同上", "同", "々", "仝", "ditto"))
# Family relations: a row with one of these and no address belongs to the household above it.
_FAMILY_RELATIONS = frozenset((
    "妻", "夫", "子", "長男", "次男", "三男", "長女", "次女", "三女", "母", "父", "義母", "義父", "祖母", "祖父",
    "孫", "嫁", "婿", "兄", "弟", "姉", "妹", "配偶者", "同居人", "家族", "その他親族"))
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
    text = jtext.nfkc(full).strip()
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
    p.address3 = jtext.nfkc(cell_text(raw.get("address3")))
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
    p.email = cell_text(raw.get("email"))
    status = jtext.nfkc(cell_text(raw.get("status"))).lower()
    if status:
        code, severity = read_status(status)
        if code:
            p.status = code
        if severity == ERROR:
            problem("status", "unknown_status", ERROR)
        elif severity:
            problem("status", "status_read_as", severity, _("Read as 「%s」. Check it after the import.")
                    % m.STATUS_LABELS_JA.get(code, code))
    return p


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


_DITTO_ATTRS = {"address": ("address1", "address2"), "household": ("household_key",)}
_HOME_DROP = re.compile(r"丁目|番地|番|号|の")
_KANJI_DIGITS = str.maketrans("一二三四五六七八九〇", "1234567890")


@functools.lru_cache(maxsize=1 << 14)
def home_key(address: str) -> str:
    """An address folded for comparing homes: 1丁目2番3号, 一丁目2-3 and １－２－３ are one home."""
    return _HOME_DROP.sub("", jtext.fold(address).translate(_KANJI_DIGITS))


def link_rows(people: list[PersonIn], section_starts: frozenset[int] = frozenset()) -> None:
    """Resolve what a row says about the rows above it, in file order.

    - 〃 / 同上 copies the value above; copying a value that was an error is an error too.
    - A row that is not a head and has 〃 for its address, or a family relation (妻, 長男…)
      with no address and no household number, joins the household of the person above, in
      the same 班; it takes that household's address and phone, so a 〃 below copies them.
      If that household's first row has an error, this row has one too: fix or skip both.
    - A household number with the 班 left blank keeps the 班 of the row above with that number.
    Nothing crosses a section title or a repeated header (section_starts: their next rows)."""
    prev: PersonIn | None = None
    by_row: dict[int, PersonIn] = {}
    for p in people:
        if p.row in section_starts:
            prev = None
        if p.ditto and prev is None:
            p.problems.append(Problem(p.row, "", "〃", "ditto_first_row", NOTE))
        elif prev is not None:
            for f in p.ditto:
                for attr in _DITTO_ATTRS.get(f, (f,)):
                    setattr(p, attr, getattr(prev, attr))
                if f in prev.error_fields:
                    p.problems.append(Problem(p.row, "", "〃", "ditto_of_error", ERROR))
                    p.error_fields += (f,)
            if p.household_key and not p.block and p.household_key == prev.household_key:
                p.block = prev.block
            if (not p.household_key and not p.is_head and (not p.block or not prev.block or p.block == prev.block)
                    and ("address" in p.ditto or (not (p.address1 or p.address2) and p.relation in _FAMILY_RELATIONS))):
                p.follows = prev.follows or prev.row
                for attr in _HOUSEHOLD_ATTRS:  # the household's values, for this row and a 〃 below
                    if not getattr(p, attr):
                        setattr(p, attr, getattr(prev, attr))
                anchor = by_row.get(p.follows)
                if anchor is not None and anchor.has_error:
                    p.problems.append(Problem(p.row, "", str(anchor.row), "household_row_has_error", ERROR))
        by_row[p.row] = p
        prev = p


_HOUSEHOLD_ATTRS = ("postal_code", "address1", "address2", "address3", "landline", "block")


def group_households(people: list[PersonIn]) -> list[list[PersonIn]]:
    """By the household column when present (within its 班: numbers often restart in each
    班); else with the person above (see link_rows); else same address + landline; else one
    each. Rows with the same number but different addresses are different homes: they are
    split, with a note."""
    blocks_of_key: dict[str, set[str]] = {}
    for p in people:
        if p.household_key and p.block:
            blocks_of_key.setdefault(p.household_key, set()).add(p.block)
    groups: dict[str, list[PersonIn]] = {}
    key_of_row: dict[int, str] = {}
    for p in people:
        if p.household_key:
            if not p.block and len(blocks_of_key.get(p.household_key, ())) == 1:
                p.block = next(iter(blocks_of_key[p.household_key]))  # 班 written on one row of the household
            key = "k:" + p.household_key + "|" + p.block
        elif p.follows:
            key = key_of_row.get(p.follows) or f"j:{p.follows}"
        elif p.address1 or p.address2:
            key = "a:" + home_key(p.address1 + p.address2 + p.address3) + "|" + p.landline
        else:
            key = f"r:{p.row}"
        key_of_row[p.row] = key
        groups.setdefault(key, []).append(p)
    for key in [k for k, members in groups.items() if k.startswith("k:") and len(members) > 1]:
        homes: dict[str, list[PersonIn]] = {}
        home = ""
        for p in groups[key]:  # a row with no address belongs with the row above it
            home = home_key(p.address1 + p.address2) or home
            homes.setdefault(home, []).append(p)
        if len([h for h in homes if h]) < 2:
            continue
        blank = homes.pop("", [])  # rows before the first address: with the first home
        first, *others = homes.values()
        groups[key] = blank + first
        for i, members in enumerate(others, start=1):
            for p in members:
                p.problems.append(Problem(p.row, "", p.household_key, "household_split", NOTE))
            groups[f"{key}|{i}"] = members
    out = []
    for members in groups.values():
        # fill the household values from the first row that has them (merged cells, blanks)
        for attr in _HOUSEHOLD_ATTRS if len(members) > 1 else ():
            values = [getattr(x, attr) for x in members]
            value = next((v for v in values if v), "")
            if value and not all(values):
                for x, v in zip(members, values):
                    if not v:
                        setattr(x, attr, value)
        heads = [x for x in members if x.is_head]
        if not heads:
            members[0].is_head = True
        for x in heads[1:]:  # two ○ in one household: the first stays the head
            x.is_head = False
            x.problems.append(Problem(x.row, "", "", "second_head", NOTE))
        out.append(members)
    return out


def find_duplicates(people: list[PersonIn]) -> list[Duplicate]:
    """Same reading + birth date, or same name + address: against the database and in the file."""
    dups: list[Duplicate] = []
    existing = (m.Person.select(m.Person.id, m.Person.family_name, m.Person.given_name, m.Person.family_reading,
                                m.Person.given_reading, m.Person.birth_date, m.Household.address1, m.Household.address2)
                .join(m.Household, JOIN.LEFT_OUTER, on=(m.Person.household == m.Household.id))
                .where(m.Person.deleted_at.is_null()).tuples())
    by_reading: dict[tuple, str] = {}
    by_name: dict[tuple, str] = {}
    for pid, fam, given, fr, gr, birth, a1, a2 in existing:
        if birth and (fr or gr):
            by_reading[(jtext.fold(fr + gr), birth)] = f"db:{pid}"
        by_name[(jtext.fold(fam + given), jtext.fold((a1 or "") + (a2 or "")))] = f"db:{pid}"
    for p in people:
        if p.has_error:
            continue
        kr = (jtext.fold(p.family_reading + p.given_reading), p.birth_date) if p.birth_date else None
        kn = (jtext.fold(p.family_name + p.given_name), jtext.fold(p.address1 + p.address2))
        hit = (kr and by_reading.get(kr), "reading_birth") if kr and kr in by_reading else (by_name.get(kn), "name_address")
        if hit[0]:
            dups.append(Duplicate(p.row, hit[0], p.name, hit[1]))
            continue
        if kr:
            by_reading[kr] = f"row:{p.row}"
        by_name[kn] = f"row:{p.row}"
    return dups


def plan_import(table: Table, *, mapping: dict[int, str] | None = None, header_index: int | None = None,
                today: dt.date | None = None, skip_hidden: bool = True) -> Plan:
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
        return Plan(table, hi, headers, mapping, people, households, find_duplicates(people), file_problems)


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


def commit(plan: Plan, *, source: str = "", actor: str = "", skip_rows: set[int] | None = None,
           keep_duplicates: bool = False) -> ImportResult:
    """Write the plan in one transaction. Rows with errors must be in skip_rows (or fixed)."""
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
    with gc_paused(), db.atomic():
        batch = m.ImportBatch.create(source=source)
        blocks = {b.name: b for b in m.Block.select()}
        position = (m.Block.select(m.Block.position).order_by(m.Block.position.desc()).scalar() or 0) + 1
        stamp = now().isoformat(sep=" ")
        # Ids are allocated here (we hold the file's one-writer lock and the transaction), so
        # households and people go in with two executemany calls instead of 40,000 queries.
        next_hid = (m.Household.select(m.Household.id).order_by(m.Household.id.desc()).scalar() or 0) + 1
        for members in plan.households:
            members = [p for p in members if p.row not in skip]
            if not members:
                continue
            first = members[0]
            block_id = None
            if first.block:
                block = blocks.get(first.block)
                if block is None:
                    block = m.Block.create(name=first.block, position=position)
                    position += 1
                    blocks[first.block] = block
                    made_blocks.append(block.id)
                block_id = block.id
            hid = next_hid
            next_hid += 1
            household_rows.append((hid, new_uuid(), stamp, stamp, first.postal_code, first.address1, first.address2,
                                   first.address3, first.landline, block_id, "", batch.id))
            for order, p in enumerate(sorted(members, key=lambda x: not x.is_head)):
                head = p.is_head and order == 0
                person_rows.append((
                    new_uuid(), stamp, stamp, hid, p.family_name, p.given_name, p.family_reading, p.given_reading,
                    p.birth_date.isoformat() if p.birth_date else None, p.sex, p.mobile, p.email, p.relation,
                    int(head), order, "head" if head else "", p.status, p.notes,
                    jtext.person_sort_key(p.family_reading, p.given_reading),
                    jtext.person_search_text(p.family_name, p.given_name, p.family_reading, p.given_reading,
                                             [p.mobile, first.landline]),
                    batch.id,
                ))
        cursor = db.cursor()
        cursor.executemany(
            "INSERT INTO household (id, uuid, created_at, updated_at, postal_code, address1, address2, address3,"
            " landline, block_id, notes, import_batch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", household_rows)
        cursor.executemany(
            "INSERT INTO person (uuid, created_at, updated_at, household_id, family_name, given_name,"
            " family_reading, given_reading, birth_date, sex, mobile, email, relation, is_head, household_order,"
            " roles, status, notes, sort_key, search_text, import_batch_id) VALUES"
            " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", person_rows)
        made_people, made_households = len(person_rows), len(household_rows)
        summary = {"people": made_people, "households": made_households, "blocks": made_blocks,
                   "skipped": len(skip & {p.row for p in plan.people}), "duplicates": len(plan.duplicates)}
        batch.summary = json.dumps(summary)
        batch.save()
        audit.record(actor, "import", batch, new=json.dumps(summary, ensure_ascii=False), reason=source)
    jtext.clear_caches()
    _split_address.cache_clear()
    home_key.cache_clear()
    return ImportResult(batch.id, batch.uuid, made_people, made_households, len(made_blocks),
                        summary["skipped"], len(plan.duplicates))


class UndoBlocked(Exception):
    """Work added after the import hangs on what the import added; undoing would delete it."""

    def __init__(self, counts: dict[str, int]):
        super().__init__(counts)
        self.counts = counts


def later_work(batch: m.ImportBatch) -> dict[str, int]:
    """What was added since the import that removing its people and households would take
    with them (the database deletes these in cascade): register records, contacts, salon
    memberships and attendance, call-tree places (a chain below them too), and people added
    by hand to an imported household."""
    people = m.Person.select(m.Person.id).where(m.Person.import_batch == batch)
    households = m.Household.select(m.Household.id).where(m.Household.import_batch == batch)
    counts = {
        "register": m.SupportRecord.select().where(m.SupportRecord.person.in_(people)).count(),
        "contacts": m.ContactLog.select().where(m.ContactLog.person.in_(people)).count(),
        "salons": m.SalonMember.select().where(m.SalonMember.person.in_(people)).count(),
        "attendance": m.Attendance.select().where(m.Attendance.person.in_(people)).count(),
        "call_trees": m.CallTreeNode.select().where(m.CallTreeNode.person.in_(people)).count(),
        "people_added": m.Person.select().where(m.Person.household.in_(households),
                                                (m.Person.import_batch != batch) | m.Person.import_batch.is_null()).count(),
    }
    return {k: v for k, v in counts.items() if v}


def undo_import(batch: m.ImportBatch, actor: str = "", force: bool = False) -> dict[str, int]:
    """Remove exactly what one import added (people, households, blocks it created if now empty).

    Refused (UndoBlocked) when later work hangs on those people or households, unless
    `force`: undoing must not quietly delete a register record or a contact made since."""
    blocking = later_work(batch)
    if blocking and not force:
        raise UndoBlocked(blocking)
    with db.atomic():
        summary = json.loads(batch.summary or "{}")
        from desktop.services.import_choices import restore_merges

        restore_merges(summary, actor)  # people the wizard merged file rows into
        people = m.Person.delete().where(m.Person.import_batch == batch).execute()
        households = m.Household.delete().where(m.Household.import_batch == batch).execute()
        blocks = 0
        for bid in summary.get("blocks", []):
            if not m.Household.select().where(m.Household.block == bid).exists():
                blocks += m.Block.delete().where(m.Block.id == bid).execute()
        batch.undone_at = now()
        batch.save()
        audit.record(actor, "undo_import", batch, new=f"people={people} households={households} blocks={blocks}")
    return {"people": people, "households": households, "blocks": blocks}


# The 要支援者 sheet has its own module; these names stay importable from here.
from desktop.services.import_register import (  # noqa: E402,F401
    REGISTER_ALIASES, RegisterIn, commit_register, is_register_sheet, plan_register,
)
