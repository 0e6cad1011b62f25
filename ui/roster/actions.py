"""What the roster page's buttons do: open a form, save through the editor, tell the user.

Kept apart from page.py so the page holds layout and filtering only. Every modal goes
through a dialog's `ask()` or ui.dialogs, which the tests replace.
"""
from __future__ import annotations

import logging

from db import models as m
from db.queries import roster as queries
from desktop import jtext
from desktop import settings as options
from desktop.i18n import N_, _
from desktop.services import roster as svc
from ui import dialogs
from ui.roster.blocks_dialog import BlocksDialog
from ui.roster.household_dialog import HouseholdDialog
from ui.roster.person_dialog import PersonDialog
from ui.roster.trash_dialog import TrashDialog

log = logging.getLogger(__name__)

ROSTER_ERRORS = {
    "family_name": N_("Please write the family name."),
    "status": N_("The status is not one of the choices."),
    "block_name": N_("Please write a name for the block."),
}


def household_choices(rows) -> list[tuple[int, str]]:
    """(household id, "name（reading） address") per household, head first, in あいうえお order."""
    first: dict[int, object] = {}
    for row in rows:
        hid = row.household_id
        if hid is None:
            continue
        seen = first.get(hid)
        if seen is None or (row.is_head and not seen.is_head):
            first[hid] = row
    heads = sorted(first.values(), key=lambda r: (r.sort_key, r.id))
    return [(r.household_id, f"{r.name}（{r.reading}） {r.address}".strip()) for r in heads]


def _error_text(exc: Exception) -> str:
    if isinstance(exc, svc.RosterError):
        return _(ROSTER_ERRORS.get(str(exc), "The value could not be saved."))
    return str(exc)


def _person_form(page, person=None, household_id=None, draft=None):
    return PersonDialog.ask(
        page.dialog_parent(),
        draft=draft,
        today=page.context.today(),
        date_style=page.context.settings.get(options.DATE_STYLE),
        households=household_choices(page.rows),
        blocks=page.block_choices(),
        person=person,
        household_id=household_id,
    )


def _save_person(page, form, person=None, household_id=None) -> None:
    try:
        # A full disk writes nothing: say why and open the form again with what was typed, so
        # the person can free some space and press 保存 again without typing it twice.
        result = dialogs.save_or_ask_again(
            page.dialog_parent(), form, lambda f: page.editor.save_person(f, person),
            lambda f: _person_form(page, person=person, household_id=household_id, draft=f),
            _("The person was not saved."))
    except (svc.RosterError, jtext.DateError) as exc:
        page.show_error(_("The person was not saved."), _error_text(exc))
        return
    if result is None:
        return
    saved, ids = result
    page.reload_people(ids, select=saved.id)
    if not page.select_person(saved.id):
        # Saved, but the current search or filter hides them: say so instead of a silent nothing.
        page.show_message(_("{name} was saved, but the search or filters hide them. Press 「Clear the filters」 to see them.").format(
            name=saved.full_name))
        return
    what = _("{name} was added.") if person is None else _("{name} was saved.")
    page.show_message(what.format(name=saved.full_name) + " " + _("To take it back, press 「Undo」 (Ctrl+Z)."))


def add_person(page) -> None:
    form = _person_form(page)
    if form is not None:
        _save_person(page, form)


def prefill_from_search(text: str) -> dict:
    """What was typed into a person search, for the new-person form: "よしだ たかこ" (kana) as
    the readings, "吉田 髙子" as the names (the readings are then suggested)."""
    parts = text.replace("\u3000", " ").split()
    if not parts:
        return {}
    family, given = parts[0], " ".join(parts[1:])
    if jtext.is_kana(text):
        return {"family_reading": jtext.to_hiragana(family), "given_reading": jtext.to_hiragana(given)}
    return {"family_name": family, "given_name": given}


def add_new_person_from(parent, context, typed: str, rows, intro: str = "", then=None):
    """The roster's own 「人を追加」 form, opened from another page (a salon's 「ほかに来た人」)
    with what was typed there. Saved as on the Roster page (a new household if chosen, the
    audit log, a full disk asks again with the typing kept); `then(person)` runs in the same
    transaction, so the person and what the other page adds are saved together or not at all.
    Returns the saved person, or None (cancelled, or an error was shown)."""
    from db.database import db
    from ui.roster.editing import RosterEditor

    def ask(draft=None):
        return PersonDialog.ask(
            parent, draft=draft, prefill=prefill_from_search(typed), intro=intro, today=context.today(),
            date_style=context.settings.get(options.DATE_STYLE), households=household_choices(rows),
            blocks=[(b.id, b.name) for b in queries.blocks()])

    form = ask()
    if form is None:
        return None
    editor = RosterEditor(lambda: context.operator_name)

    def save(f):
        with db.atomic():
            person, _ids = editor.save_person(f)
            if then is not None:
                then(person)
        return person

    try:
        return dialogs.save_or_ask_again(parent, form, save, ask, _("The person was not saved."))
    except (svc.RosterError, jtext.DateError) as exc:
        dialogs.show_error(parent, _("The person was not saved."), _error_text(exc))
        return None


def add_to_household(page) -> None:
    row = page.selected_row()
    if row is None or row.household_id is None:
        add_person(page)
        return
    form = _person_form(page, household_id=row.household_id)
    if form is not None:
        _save_person(page, form, household_id=row.household_id)


def open_selected(page) -> None:
    row = page.selected_row()
    if row is None:
        page.show_message(_("Choose a person in the list first (click a line, or use the arrow keys)."))
        return
    person = queries.person(row.id)
    if person is None:
        page.refresh()
        return
    form = _person_form(page, person=person)
    if form is not None:
        _save_person(page, form, person)


def edit_household(page) -> None:
    row = page.selected_row()
    if row is None or row.household_id is None:
        page.show_message(_("This person has no household yet: open the person and choose or start one."))
        return
    household = queries.household(row.household_id)
    names = "、".join(r.name for r in page.rows if r.household_id == row.household_id)
    values = HouseholdDialog.ask(page.dialog_parent(), page.block_choices(), household, names)
    if values is None:
        return
    try:
        ids = dialogs.save_or_ask_again(
            page.dialog_parent(), values, lambda v: page.editor.save_household(v, household),
            lambda v: HouseholdDialog.ask(page.dialog_parent(), page.block_choices(), household, names, draft=v),
            _("The household was not saved."))
    except svc.RosterError as exc:
        page.show_error(_("The household was not saved."), _error_text(exc))
        return
    if ids is None:
        return
    page.reload_people(ids, select=row.id)
    page.show_message(_("The household was saved.") + " " + _("To take it back, press 「Undo」 (Ctrl+Z)."))


def trash_selected(page) -> None:
    row = page.selected_row()
    if row is None:
        return
    if not dialogs.confirm(
        page.dialog_parent(),
        _("Put {name} in the trash?").format(name=row.name),
        yes=_("Put in the trash"),
        detail=_("They disappear from the roster and the prints. You can bring them back from 「Trash…」 at any time."),
    ):
        return
    person = queries.person(row.id)
    ids = page.editor.trash_person(person)
    page.reload_people(ids)
    page.show_message(_("{name} is in the trash. To take it back, press 「Undo」 (Ctrl+Z).").format(name=row.name))


def _row_name(row) -> str:
    if row is None:
        return ""
    if isinstance(row, m.Person):
        return row.full_name
    if isinstance(row, m.Household):
        return "".join(p for p in (row.address1, row.address2, row.address3) if p)
    return getattr(row, "name", "")


def undo(page) -> None:
    if not page.editor.can_undo():
        page.show_message(_("There is nothing to undo."))
        return
    label = page.editor.next_label()
    try:
        label, ids = page.editor.undo()
    except svc.UndoConflict as exc:
        # Changed on another page, by an import, or gone: old values must not overwrite it.
        names = "、".join(n for n in dict.fromkeys(_row_name(r) for r in exc.rows) if n)
        detail = (_("{name} was changed after it, so it was left as it is now.").format(name=names) if names
                  else _("What it changed is no longer in the file."))
        page.show_error(_("{what} was not undone.").format(what=label),
                        detail + " " + _("If something is still wrong, please correct it by hand."))
        page.refresh()
        return
    except Exception:  # the row may have changed meanwhile; say so rather than crash
        log.exception("undo failed")
        page.show_error(_("This change could not be undone."), _("Please correct the person by hand."))
        page.refresh()
        return
    page.reload_people(ids)
    page.show_message(_("Undone: {what}.").format(what=label))


def show_trash(page) -> None:
    restored = TrashDialog.ask(page.dialog_parent(), page.editor)
    if restored:
        page.reload_people(restored, select=next(iter(restored)))
        page.show_message(_("Brought back from the trash."))


def edit_blocks(page) -> None:
    if BlocksDialog.ask(page.dialog_parent(), page.context.operator_name, page.rows):
        page.refresh()


def import_from_excel(page) -> None:
    """Open the import wizard; reload the roster when people came in."""
    from ui.transfer.actions import open_import_wizard

    if open_import_wizard(page.dialog_parent(), page.context):
        page.forget_undo()  # as after an import from the File menu (MainWindow.refresh)
        page.refresh()


def add_selected_to_register(page) -> None:
    """Put the selected person on the support register (or open their record)."""
    from ui.register.actions import add_person_to_register

    row = page.selected_row()
    if row is not None and add_person_to_register(page.dialog_parent(), page.context, row.id):
        page.refresh()
