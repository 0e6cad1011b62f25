"""Plain sentences for import problems: what is wrong, where, and what to do (or what we did)."""
from __future__ import annotations

from desktop import jtext
from desktop.i18n import N_, _
from desktop.services.importer import ERROR, FIXED, Problem
from desktop.services.tabular import TableError

_PROBLEMS = {
    "no_name": N_("There is no name. The row cannot be imported: add the name or skip the row."),
    "too_many_columns": N_("The row has more cells than the header. Check for a stray comma, or skip the row."),
    "bad_date": N_("The date cannot be read."),
    "future_date": N_("The birth date is in the future. Check the era (S = 昭和, H = 平成, R = 令和)."),
    "bad_postal": N_("A postal code has 7 digits (e.g. 105-0011). Correct it or leave it empty."),
    "reading_suggested": N_("No reading was given; one was suggested from the name. Check it after the import."),
    "no_reading": N_("No reading was given and none could be suggested. Add it later so the person sorts correctly."),
    "unknown_sex": N_("The sex was not understood and is left empty."),
    "unknown_reason": N_("This reason is not one of the register's categories; it was added to the details."),
    "unknown_consent": N_("The consent was not understood (同意 / 不同意 / 未回答); it is recorded as 未回答."),
    "postal_zero_restored": N_("The leading 0 of the postal code was missing (as happens in Excel) and has been added back. Please check it."),
    "name_not_split": N_("There is no space between the family and the given name, so all of it is kept as the family name. Add the space in the file, or correct it after the import."),
    "hidden_row": N_("This row is hidden in Excel (perhaps filtered out). It is imported like the others: skip it if it should not be."),
    "old_date": N_("A birth date before 1900 is surely a slip. Check the year (S = 昭和, T = 大正, M = 明治)."),
    "second_head": N_("Another person in this household is already marked as the head; this person is imported as a member."),
    "not_a_person": N_("This looks like a section title or a total (【2班】, 合計), not a person. Skip the row."),
    "reading_not_kana": N_("The reading is not written in kana; the person will sort at the end of the 五十音 list. Check it after the import."),
    "unknown_status": N_("The status was not understood. Write 会員, 非会員 (退会), 転出 (転居) or 死亡 (逝去), or leave it empty."),
    "household_split": N_("Same household number as a row above but a different address: imported as a separate household."),
    "ditto_first_row": N_("〃 (same as above) on the first row: there is nothing above to copy, so it is left empty."),
    "ditto_of_error": N_("〃 (same as above) copies a value that has a problem in the row above. Correct that row, then this one."),
    "household_row_has_error": N_("This person belongs to the household of the row above (row %s), which has a problem. Correct that row, or skip both."),
    "title_row": N_("A section title or a total (such as 【2班】 or 合計) on a row of its own: not a person."),
    "header_repeated": N_("The header appears again here; the row was left out."),
    "column_taken": N_("Another column already gives this information, so this column was not imported. Choose what it holds in the import window's column step, or with --mapping."),
    "hidden_column": N_("This column is hidden in the workbook and was not imported. Show it in Excel, or choose to include hidden columns in the import window."),
    "unknown_role": N_("This role was not understood (the app knows 班長, 役員, 防災部, サロンの手伝い and 支援者). The word is kept in the notes (備考); set the role by hand after the import if it is one of these."),
    "not_in_roster": N_("This person is not in the roster (same name and reading). Import the roster first, or add the person."),
    "several_in_roster": N_("Several people in the roster have this name (and reading). Add the right one to the register by hand."),
    "already_registered": N_("This person is already on the support register: their record is left as it is, consent included."),
    "register_removed_kept": N_("This person was taken off the support register earlier and is not put back. Add them again by hand if that is right."),
}

# Rows that are not a person (a title, a total, the header again): never imported, whatever
# the person chooses, so they are listed and counted apart from the people skipped.
LEFT_OUT_CODES = frozenset({"title_row", "header_repeated"})

# What happens, for the codes where it is not what the severity alone says: rows and columns
# left out, and rows of the 要支援者 sheet that do not become a record.
_ACTIONS = {
    "title_row": N_("not imported"),
    "header_repeated": N_("not imported"),
    "hidden_column": N_("column not imported"),
    "column_taken": N_("column not imported"),
    "already_registered": N_("the register record is left as it is"),
    "register_removed_kept": N_("left off the register"),
    "not_in_roster": N_("not added to the register"),
    "several_in_roster": N_("not added to the register"),
}

_TABLE = {
    "empty": N_("The file is empty: there is nothing to import."),
    "unreadable": N_("The file cannot be opened (%(reason)s)."),
    "too_big": N_("The file is too large to be a roster (%(size)s bytes)."),
    "xls": N_("Old Excel files (.xls) cannot be read. In Excel, choose 名前を付けて保存 → Excel ブック (.xlsx) and import that."),
    "bad_bytes": N_("Line %(line)s cannot be read after 「%(before)s」: the file is damaged there or saved in "
                    "another kind of text. Open it in Excel and save it again as 「CSV UTF-8」."),
    "bad_bytes_at_start": N_("Line %(line)s cannot be read from its start: the file is damaged there or saved in "
                             "another kind of text. Open it in Excel and save it again as 「CSV UTF-8」."),
    "broken_quotes": N_("Line %(line)s has a quotation mark (\") that is never closed. Correct it in Excel or a text editor."),
    "bad_workbook": N_("The workbook cannot be read; it may be damaged or not an Excel file."),
    "no_sheet": N_("There is no sheet named %(sheet)s. Sheets: %(sheets)s."),
    "no_header": N_("No header row was found in the first %(scanned)s rows. The header needs a name column (氏名 or 名前) and at least one other known column (住所, 電話, ふりがな...)."),
    "header_only": N_("Only the header (row %(row)s) was found: there are no people to import."),
    "no_name_column": N_("No column is mapped to the name. Choose which column holds 氏名."),
    "unresolved_errors": N_("Some rows still have problems (%(rows)s). Fix them or choose to skip them."),
    "no_preset": N_("There is no saved column mapping called %(name)s."),
    "bad_preset": N_("The column mapping %(name)s cannot be read: it should be a .json file saved by this app (header → field)."),
    "protected": N_("This workbook is protected by a password, or is an old .xls file with a new name. In Excel, remove the password (ファイル → 情報 → ブックの保護) or save it as Excel ブック (.xlsx), then import that file."),
    "not_a_file": N_("%(path)s is a folder. Choose the Excel or CSV file inside it."),
    "image": N_("This is a picture (a photo or a scan), not a table. The app imports an Excel workbook (.xlsx) or a CSV or text file (.csv, .txt); a list on paper has to be typed into Excel first."),
    "pdf": N_("This is a PDF, not a table. The app imports an Excel workbook (.xlsx) or a CSV or text file (.csv, .txt): if the list was made in Excel, choose that file instead."),
    "not_a_table": N_("This is not a table file. The app imports an Excel workbook (.xlsx) or a CSV or text file (.csv, .txt)."),
}


def problem_text(p: Problem) -> str:
    if p.code == "household_row_has_error":
        text = _(_PROBLEMS[p.code]) % p.value
    elif p.code in _PROBLEMS:
        text = _(_PROBLEMS[p.code])
        if p.code == "bad_date" and p.message:
            text = p.message
    elif p.message:
        text = p.message
    else:
        text = jtext.phone_problem_text(p.code) or p.code
    return text


def action_text(p: Problem) -> str:
    if p.code in _ACTIONS:
        return _(_ACTIONS[p.code])
    if p.severity == ERROR and p.sheet:  # the 要支援者 sheet: the wizard cannot fix or skip it
        return _("not added to the register; correct it in the file")
    if p.severity == ERROR:
        return _("not imported unless fixed or skipped")
    if p.severity == FIXED:
        return _("corrected automatically")
    return _("imported as is")


def table_error_text(err: TableError) -> str:
    template = _TABLE.get(err.code)
    if template is None:
        return err.code
    details = {k: (", ".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v) for k, v in err.details.items()}
    try:
        return _(template) % details
    except (KeyError, TypeError):
        return _(template)


def place_text(p: Problem) -> str:
    """Where a problem is: 「3 行目・列「電話」」, or 「「要支援者」シートの 3 行目…」 for a row of
    the register sheet (its row 3 is not the roster's row 3)."""
    where = (_("sheet 「%(sheet)s」, row %(row)s") if p.sheet else _("row %(row)s")) % {"row": p.row, "sheet": p.sheet}
    if p.column:
        where += _(", column %(column)s") % {"column": p.column}
    return where


def register_lines(summary: dict, done: bool = False) -> list[str]:
    """What the import does (or did, `done`) with the 要支援者 sheet: who is added, who is on
    the register already and left as they are, then each row left out and why. The same
    summary keys before the import (forecast_register) as after it (commit_register)."""
    sheet = summary.get("register_sheet", "")
    n = summary.get("register", 0)
    if n:
        text = (_("%(n)d people of the sheet 「%(sheet)s」 were added to the support register.") if done else
                _("%(n)d people of the sheet 「%(sheet)s」 will be added to the support register."))
    else:
        text = (_("No one of the sheet 「%(sheet)s」 was added to the support register.") if done else
                _("No one of the sheet 「%(sheet)s」 will be added to the support register."))
    lines = [text % {"n": n, "sheet": sheet}]
    kept = [r["name"] for r in summary.get("register_kept_rows", []) if not r.get("removed")]
    if kept:
        names = "、".join(kept[:5]) + (_(" and %d more") % (len(kept) - 5) if len(kept) > 5 else "")
        lines.append((_("%(n)d people are already on the support register (%(names)s): their records were left "
                        "as they were, consent included.") if done else
                      _("%(n)d people are already on the support register (%(names)s): their records are left "
                        "as they are, consent included.")) % {"n": len(kept), "names": names})
    return lines + register_report(summary)


def register_report(summary: dict) -> list[str]:
    """The 要支援者 sheet's rows that a person should look at, one line each and in the
    sheet's order: not in the roster, taken off the register before (left so), or with a
    problem. Said so that it holds before the import and after it."""
    sheet = summary.get("register_sheet", "")
    lines: list[tuple[int, str]] = []
    for r in summary.get("register_unmatched_rows", []):
        lines.append((r["row"], (_("Sheet 「%(sheet)s」, row %(row)s: %(name)s matches several people in the roster and "
                                   "is not added; add the right one to the register by hand.") if r.get("several") else
                                 _("Sheet 「%(sheet)s」, row %(row)s: %(name)s is not in the roster and is not added; "
                                   "add them to the roster first, then to the register.")) % {**r, "sheet": sheet}))
    for r in summary.get("register_kept_rows", []):
        if r.get("removed"):
            lines.append((r["row"], _("Sheet 「%(sheet)s」, row %(row)s: %(name)s was taken off the register earlier "
                                      "and is not put back. Add them again by hand if that is right.")
                          % {**r, "sheet": sheet}))
    for r in summary.get("register_skipped_rows", []):
        if r.get("problem") == "no_name":
            text = _("Sheet 「%(sheet)s」, row %(row)s has no name and is not added. Add the name in the file and "
                     "import again.")
        else:
            text = _("Sheet 「%(sheet)s」, row %(row)s: %(name)s is not added: %(column)s 「%(value)s」 cannot be "
                     "read. Correct it in the file and import again.")
        lines.append((r["row"], text % {**r, "sheet": sheet}))
    return [text for _row, text in sorted(lines, key=lambda x: x[0])]


def undone_text(removed: dict) -> str:
    """What undo_import() took away and put back, for the wizard and the import history."""
    text = _("The import was undone: %(people)d people and %(households)d households were removed.") % removed
    if removed.get("register"):
        text += "\n" + _("Also removed the %d support register records it made.") % removed["register"]
    if removed.get("merged"):
        text += "\n" + _("The %d people it merged into the roster are back as they were.") % removed["merged"]
    if removed.get("moved"):
        text += "\n" + _("The %d people it gave a household of their own are back in the household they left.") % (
            removed["moved"])
    if removed.get("moved_left"):
        text += "\n" + _("%d people it gave a household of their own were left where they are now: they, or the "
                         "household they left, changed after the import.") % removed["moved_left"]
    if removed.get("kept_since"):
        text += "\n" + kept_since_text(removed["kept_since"])
    return text


def kept_since_text(kept: list[str]) -> str:
    """The merged people with fields changed after the import, which undo left as they are."""
    return _("Changed after the import, so kept as they are now: %s.") % "、".join(kept)


def undo_question_detail(merged: int) -> str:
    """Under 「取り込みを取り消しますか？」: what else an undo does, besides removing people."""
    if not merged:
        return ""
    return _("The %d people it merged into the roster get back the values they had before it (only what the "
             "import changed; anything changed since stays).") % merged
