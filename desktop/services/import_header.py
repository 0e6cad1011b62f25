"""Import, step 1: find the header row (a title above it, a header over two rows), map
its columns to fields by the names rosters use, and keep the mapping as a preset."""
from __future__ import annotations

import json
import re
from pathlib import Path

from desktop import jtext
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
    "roles": ("役割", "役職", "役員", "roles", "role"),
}
FIELDS = tuple(ALIASES)
NAME_FIELDS = ("full_name", "family_name")


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
