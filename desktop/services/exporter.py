"""Export the association to .xlsx laid out like the rosters leaders keep, or to CSV.

Sheets: 名簿 (one row per person, grouped by household, with readings and block),
要支援者 (the register, through the consent rule: normal mode exports consented people
only), 連絡記録. Every export holds personal data: the first row says so, and the export
is written to the custody ledger. The importer reads these files back (round trip).
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from db import models as m
from db.queries import register as reg
from desktop import jtext, private_files
from desktop.i18n import _

NOTICE = "個人情報・取扱注意"
ROSTER_HEADERS = ["班", "世帯番号", "氏名", "ふりがな", "続柄", "世帯主", "生年月日", "性別", "郵便番号", "住所", "建物",
                  "電話", "携帯", "メール", "状態", "備考", "役割"]
MAX_LINES = 3  # emergency contacts and supporters exported per record
REGISTER_HEADERS = (["氏名", "ふりがな", "生年月日", "班", "理由", "要介護度", "詳細", "同意", "同意日", "同意の方法",
                     "避難先の種類", "避難先（地震）", "避難先（水害）", "経路", "持ち出し品", "服薬", "医療機器", "最終見直し日"]
                    + [f"緊急連絡先{i}{k}" for i in range(1, MAX_LINES + 1) for k in ("氏名", "続柄", "電話", "住まい")]
                    + [f"支援者{i}{k}" for i in range(1, MAX_LINES + 1) for k in ("氏名", "電話", "備考")])
CONTACT_HEADERS = ["日時", "氏名", "ふりがな", "方法", "結果", "連絡した人", "メモ", "次回連絡日"]
METHOD_JA = {"phone": "電話", "letter": "手紙", "visit": "訪問", "online": "オンライン", "other": "その他"}
OUTCOME_JA = {"talked": "話せた", "no_answer": "不在", "message": "伝言", "letter_sent": "手紙送付",
              "reply": "返信あり", "other": "その他"}
SEX_JA = {"M": "男", "F": "女", "X": "その他"}
ENCODINGS = ("utf-8-sig", "cp932")
# In a supporter's name cell when the roster person chosen as supporter has left (trash, 死亡,
# 転出): their name is not exported, and the importer leaves such a line out.
SUPPORTER_GONE_JA = "（名簿にいない支援者：選び直してください）"


class ExportError(Exception):
    def __init__(self, code: str, **details):
        super().__init__(code, details)
        self.code = code
        self.details = details


@dataclass
class ExportResult:
    path: Path
    people: int
    register: int
    contacts: int
    custody_id: int | None


def roster_table() -> list[list]:
    """Header + one row per active or kept person, households together, blocks in order."""
    P, H, B = m.Person, m.Household, m.Block
    query = (P.select(P, H, B)
             .join(H, pw.JOIN.LEFT_OUTER, on=(P.household == H.id))
             .join(B, pw.JOIN.LEFT_OUTER, on=(H.block == B.id))
             .where(P.deleted_at.is_null())
             .order_by(B.position.asc(nulls="LAST"), H.id, P.household_order, P.id))
    rows = [ROSTER_HEADERS]
    numbers: dict[int, int] = {}
    for p in query:
        h = p.household if p.household_id else None
        hno = numbers.setdefault(h.id, len(numbers) + 1) if h else ""
        rows.append([
            h.block.name if h and h.block_id else "", hno, p.full_name, p.full_reading, p.relation,
            "○" if p.is_head else "", p.birth_date, SEX_JA.get(p.sex, ""),
            jtext.format_postal(h.postal_code) if h and h.postal_code else "",
            f"{h.address1}{h.address2}" if h else "", h.address3 if h else "",
            jtext.format_phone(h.landline) if h and h.landline else "",
            jtext.format_phone(p.mobile) if p.mobile else "", p.email,
            m.STATUS_LABELS_JA.get(p.status, p.status), p.notes,
            # 世帯主 has its own column; the other roles (班長, 役員…) in words, for the importer
            "、".join(m.ROLE_LABELS_JA.get(r, r) for r in p.roles if r != "head"),
        ])
    return rows


def register_table(mode: str = reg.MODE_NORMAL, *, reason: str = "", actor: str = "", confirmed: bool = False) -> list[list]:
    """The register sheet, rows from register_rows() only (the consent rule)."""
    rows = [REGISTER_HEADERS]
    for r in reg.register_rows(mode, reason=reason, actor=actor, confirmed=confirmed, purpose="export"):
        line = [r.name, r.reading, r.birth_date, r.block_name,
                "、".join(m.REASON_LABELS_JA.get(x, x) for x in r.reasons), r.care_level, r.details,
                m.CONSENT_LABELS_JA.get(r.consent, r.consent), r.consent_date, r.consent_method,
                m.DESTINATION_LABELS_JA.get(r.destination_type, r.destination_type), r.destination, r.destination_flood, r.route_notes, r.bring_items,
                r.medication_notes, r.equipment_notes, r.last_reviewed]
        for i in range(MAX_LINES):
            c = r.emergency_contacts[i] if i < len(r.emergency_contacts) else None
            line += [c.name, c.relation, c.phone, c.lives_where] if c else ["", "", "", ""]
        for i in range(MAX_LINES):
            s = r.supporters[i] if i < len(r.supporters) else None
            if s is not None and s.gone:  # left the roster: never their name; the leader must choose again
                line += [SUPPORTER_GONE_JA, "", s.relation]
            else:
                line += [s.name, s.phone, s.relation] if s else ["", "", ""]
        rows.append(line)
    return rows


def contacts_table() -> list[list]:
    rows = [CONTACT_HEADERS]
    query = (m.ContactLog.select(m.ContactLog, m.Person).join(m.Person)
             .where(m.Person.deleted_at.is_null()).order_by(m.ContactLog.contacted_at))
    for c in query:
        rows.append([c.contacted_at, c.person.full_name, c.person.full_reading, METHOD_JA.get(c.method, c.method),
                     OUTCOME_JA.get(c.outcome, c.outcome), c.made_by, c.note, c.follow_up_on])
    return rows


def _title(what: str) -> str:
    assoc = m.Association.get_or_none()
    today = dt.date.today()
    name = assoc.name if assoc else ""
    return f"【{NOTICE}】 {name} {what}（{jtext.format_date(today, 'wareki')} 出力）"


def export(path: Path | str, *, encoding: str | None = None, mode: str = reg.MODE_NORMAL, reason: str = "",
           actor: str = "", confirmed: bool = False, recipient: str = "", record_custody: bool = True) -> ExportResult:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ExportError("bad_suffix", path=str(path))
    roster = roster_table()
    register = contacts = None
    tmp = private_files.part_path(path)
    private_files.sweep_stale(path.parent)  # what a killed export left here before
    if suffix == ".csv":
        encoding = encoding or "utf-8-sig"
        if encoding not in ENCODINGS:
            raise ExportError("bad_encoding", encoding=encoding)
    try:
        # readable by this user only from the first byte (POSIX; ignored elsewhere)
        private_files.create_private(tmp)
        if suffix == ".xlsx":
            register = register_table(mode, reason=reason, actor=actor, confirmed=confirmed)
            contacts = contacts_table()
            _write_xlsx(tmp, [("名簿", _title("名簿"), roster), ("要支援者", _title("避難行動要支援者名簿"
                              + ("（災害時・同意の有無によらず）" if mode == reg.MODE_DISASTER else "（同意者のみ）")), register),
                              ("連絡記録", _title("連絡記録"), contacts)])
        else:
            _write_csv(tmp, roster, encoding)
        tmp.replace(path)
    except BaseException:
        # A full disk, Ctrl-C or any failure: no half-written list of names stays behind
        # (the message says nothing was kept).
        tmp.unlink(missing_ok=True)
        raise
    custody_id = None
    if record_custody:
        custody_id = _record_custody(path, mode, reason, recipient or actor, actor, len(roster) - 1).id
    return ExportResult(path, len(roster) - 1, len(register) - 1 if register else 0,
                        len(contacts) - 1 if contacts else 0, custody_id)


def _record_custody(path: Path, mode: str, reason: str, recipient: str, actor: str, people: int) -> m.PrintCustody:
    """The ledger line of an export, by the rules of prints (custody.record_print): a
    disaster-mode file says so in its title, must come back within DESTROY_AFTER_DAYS
    ["disaster"] and records why it was made; the file covers the whole association."""
    from desktop.printing.jobs import WHOLE
    from desktop.services import custody

    disaster = mode == reg.MODE_DISASTER
    title = _("Export %s") % path.name + (" " + _("(disaster mode)") if disaster else "")
    note = _("%d people") % people + (f"　{reason.strip()}" if disaster and reason.strip() else "")
    return custody.record_print("export", title, WHOLE, recipient, 1, mode=mode, note=note, actor=actor)


def _write_xlsx(path: Path, sheets) -> None:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, title, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append([title])
        ws["A1"].font = Font(bold=True, color="C00000")
        for row in rows:
            ws.append(row)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A3"
        for col, width in zip("ABCDEFGHIJKLMNOPQ", (8, 8, 16, 18, 8, 6, 12, 6, 10, 30, 16, 14, 14, 20, 8, 20, 14)):
            ws.column_dimensions[col].width = width
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy/m/d"
                elif isinstance(cell.value, str) and cell.data_type != "s":
                    # openpyxl turns a str starting with "=" into a formula and "#N/A" and
                    # the like into an error value; a name or note is text, so write it as
                    # a literal string (an inline string in the file), exactly as typed.
                    cell.data_type = "s"
    wb.properties.title = NOTICE
    # openpyxl writes each sheet to a temporary file before zipping; a killed process would
    # leave the roster as plain XML in the system's temp folder, for any user to read. Put
    # those files in a private folder beside the export (0700, removed afterwards; a killed
    # run's is cleared by the next export there).
    with _temp_files_in(path.parent):
        wb.save(path)


_tempdir_lock = threading.Lock()


@contextlib.contextmanager
def _temp_files_in(folder: Path):
    with _tempdir_lock, private_files.private_temp_dir(folder) as private:
        previous = tempfile.tempdir
        tempfile.tempdir = str(private)
        try:
            yield
        finally:
            tempfile.tempdir = previous


def _write_csv(path: Path, rows: list[list], encoding: str) -> None:
    text_rows = [[_csv_cell(v) for v in row] for row in rows]
    if encoding == "cp932":
        bad = []
        for row in text_rows[1:]:
            for value in row:
                try:
                    value.encode("cp932")
                except UnicodeEncodeError:
                    chars = "".join(ch for ch in value if not _encodable(ch))
                    bad.append(f"{row[2]}（{chars}）")
                    break
        if bad:
            raise ExportError("not_in_cp932", people=bad)
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([f"【{NOTICE}】"])
        writer.writerows([[_csv_text(v) if isinstance(v, str) else t for v, t in zip(row, text_row)]
                          for row, text_row in zip(rows, text_rows)])


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp932")
        return True
    except UnicodeEncodeError:
        return False


# CSV injection: Excel and LibreOffice run a cell that starts with one of these as a formula
# (=HYPERLINK(...), =cmd|...), and a tab or carriage return can hide such a start. OWASP's
# advice is to prefix the cell with a single quote, which the spreadsheet shows as text
# (https://owasp.org/www-community/attacks/CSV_Injection). The importer drops that quote
# again, so a round trip keeps the text exact.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(text: str) -> str:
    """A text field for CSV: prefixed with ' if a spreadsheet would read it as a formula.
    Only for values that are text in the database, never numbers or dates."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.year}/{value.month}/{value.day}"
    return str(value)
