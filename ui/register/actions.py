"""What the register page (and the roster page, later) can do with a record: open it, put a
roster person on the register, add someone new, take a record off. Each returns True when
the register changed, so the caller knows to refresh.

`add_person_to_register(parent, context, person_id)` is the entry point for the Roster page.
"""
from __future__ import annotations

from collections.abc import Callable

from db import models as m
from db.queries import register as reg_q
from db.queries import roster as roster_q
from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _
from desktop.services import register as svc
from ui import dialogs
from ui.register.new_person_dialog import NewPersonDialog
from ui.register.pick_person_dialog import NEW_PERSON, PickPersonDialog
from ui.register.record_dialog import RecordDialog


def _style(context: AppContext) -> str:
    return context.settings.get(options.DATE_STYLE)


def _supporter_picker(parent, context: AppContext, person_id: int | None) -> Callable[[], dict | None]:
    """Choose a supporter from the roster (the roster is read once, when first needed)."""
    cache: list = []

    def pick() -> dict | None:
        if not cache:
            cache.append([r for r in roster_q.load_rows() if r.id != person_id and r.status in m.ACTIVE_STATUSES])
        rows = cache[0]
        chosen = PickPersonDialog.ask(parent, rows, _("Choose a supporter"),
                                      _("Search by name or reading (e.g. やまだ)."), context.today())
        row = next((r for r in rows if r.id == chosen), None)
        if row is None:
            return None
        return {"person": row.id, "name": "", "phone": "", "note": "", "roster_name": row.name,
                "roster_phone": row.mobile or row.landline}

    return pick


def new_record_data(person: dict | None, today=None) -> dict:
    """What the record dialog shows for someone not yet on the register. A record filled in
    by hand is checked on the day it is made: 見直した日 is today (the home page called a
    record made minutes ago 「1年以上見直していない」); the person can change it."""
    record = {"consent": m.CONSENT_UNKNOWN, "reasons": []}
    if today is not None:
        record["last_reviewed"] = today
    return {"record_id": None, "person": person or {}, "record": record, "contacts": [], "supporters": [], "plan": {}}


def open_record(parent, context: AppContext, record_id: int) -> bool:
    """Edit a record; True if it was saved."""
    data = reg_q.record_form(record_id)
    if data is None:
        dialogs.show_error(parent, _("This record is no longer on the register."),
                           _("It may have been removed. The list is shown again."))
        return True
    record = svc.get_record(record_id)

    def save(form: dict) -> None:
        svc.save_record_form(record, form, context.operator_name)

    person_id = (data.get("person") or {}).get("person_id")
    return RecordDialog.ask(parent, data, save, _supporter_picker(parent, context, person_id),
                            context.today(), _style(context))


def add_person_to_register(parent, context: AppContext, person_id: int) -> int | None:
    """Put a roster person on the register: the record dialog opens; nothing is saved unless
    the user presses 保存. A person already on the register gets their record opened.
    Returns the id of the record saved (so the page can select it), None if nothing was."""
    existing = reg_q.record_of_person(person_id)
    if existing is not None:
        return existing if open_record(parent, context, existing) else None
    person = reg_q.person_items(person_id)
    if person is None:
        dialogs.show_error(parent, _("This person is not in the roster any more."),
                           _("They may have been moved to the trash. Look on the Roster page."))
        return None

    # Someone taken off earlier: show their old record, which saving brings back.
    removed = reg_q.record_of_person(person_id, include_removed=True)
    data = reg_q.record_form(removed, include_removed=True) if removed is not None else None
    if data is not None:
        data["record_id"] = None
    else:
        data = new_record_data(person, context.today())

    saved: list[int] = []

    def save(form: dict) -> None:
        saved[:] = [svc.register_person(person_id, form, context.operator_name).id]

    if RecordDialog.ask(parent, data, save, _supporter_picker(parent, context, person_id), context.today(),
                        _style(context)) and saved:
        return saved[0]
    return None


def add_new_person(parent, context: AppContext) -> int | None:
    """Someone not in the roster: a short roster form, then the record; saved together."""
    blocks = [(b.id, b.name) for b in roster_q.blocks()]
    answer = NewPersonDialog.ask(parent, blocks, context.today(), _style(context))
    if answer is None:
        return None
    person, household = answer
    block_name = next((name for bid, name in blocks if bid == household.get("block")), "")
    shown = {
        "name": f"{person['family_name']} {person['given_name']}".strip(),
        "reading": f"{person['family_reading']} {person['given_reading']}".strip(),
        "birth_date": person.get("birth_date"), "sex": person.get("sex"), "mobile": person.get("mobile"),
        "postal_code": household.get("postal_code"), "landline": household.get("landline"),
        "address": f"{household.get('address1', '')}{household.get('address2', '')} {household.get('address3', '')}".strip(),
        "block_name": block_name,
    }

    saved: list[int] = []

    def save(form: dict) -> None:
        saved[:] = [svc.create_person_and_register(person, household, form, context.operator_name).id]

    if RecordDialog.ask(parent, new_record_data(shown, context.today()), save, _supporter_picker(parent, context, None),
                        context.today(), _style(context)) and saved:
        return saved[0]
    return None


def add_from_roster(parent, context: AppContext) -> int | None:
    """「Add from the roster」: choose a person (or make a new one), then fill in their record; the id
    of the record saved, or None."""
    rows = [r for r in roster_q.load_rows() if r.status in m.ACTIVE_STATUSES]
    chosen = PickPersonDialog.ask(
        parent, rows, _("Add to the register from the roster"),
        _("Search by name or reading (e.g. やまだ). People already on the register are marked."),
        context.today(), mark_registered=True, allow_new=True)
    if chosen is None:
        return None
    if chosen == NEW_PERSON:
        return add_new_person(parent, context)
    return add_person_to_register(parent, context, chosen)


def remove_record(parent, context: AppContext, record_id: int, name: str) -> bool:
    """Take a record off the register after a confirmation that names the person.

    The record is kept hidden, not erased: adding the person again brings it back."""
    if not dialogs.confirm(
        parent, _("Take %s off the register?") % name, _("Take off the register"),
        detail=_("The person stays in the roster. If you add them again later, their record comes back."),
    ):
        return False
    record = svc.get_record(record_id)
    if record is None:
        return True
    svc.remove_from_register(record, context.operator_name)
    return True
