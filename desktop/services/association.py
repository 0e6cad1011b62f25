"""The association's own details (町会の情報): name, leader, address, phone, 年度.

The name shows in the window title and on the home page; the name, leader, postal code and
address are the 差出人 on postcards and labels (db/queries/print_sources.sender) and head the
printed lists and exports. Edits are audited field by field like every other edit.
"""
from __future__ import annotations

from db import audit
from db import models as m
from db.database import db, unchanged_on_failure
from desktop import jtext
from desktop.i18n import _

FIELDS = ("name", "leader_name", "postal_code", "address", "phone", "fiscal_year")
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 1989, 2200  # 平成元年 onwards: a typo, not a year, outside


class AssociationError(ValueError):
    """A value that cannot be saved; `field` names the box to fix, the message says how."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def details() -> dict:
    """The current values (empty strings and None for a file without its row yet)."""
    a = m.Association.select().first()
    if a is None:
        return {f: (None if f == "fiscal_year" else "") for f in FIELDS}
    return {f: getattr(a, f) for f in FIELDS}


def clean(values: dict) -> dict:
    """The values as they are stored, or AssociationError for the first one that cannot be."""
    v = {}
    for key in ("name", "leader_name", "address", "phone"):
        text = values.get(key)
        v[key] = " ".join(str(text or "").split())  # trimmed; a pasted line break becomes a space
    if not v["name"]:
        raise AssociationError("name", _("Please type the association's name."))
    if v["phone"]:
        phone = jtext.normalize_phone(v["phone"])
        v["phone"] = phone.digits if phone.valid else v["phone"]
    postal = jtext.normalize_postal(values.get("postal_code") or "")
    if postal is None:
        raise AssociationError("postal_code", _("The postal code should have 7 digits, like 105-0011."))
    v["postal_code"] = postal
    year = values.get("fiscal_year")
    if year in ("", None):
        v["fiscal_year"] = None
    else:
        try:
            year = int(jtext.nfkc(str(year)).strip())
        except ValueError:
            year = 0
        if not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
            raise AssociationError("fiscal_year", _("Please choose the fiscal year (年度) again."))
        v["fiscal_year"] = year
    return v


def save_details(values: dict, actor: str = "") -> tuple[m.Association, int]:
    """Write the details (the keys of FIELDS that are given); return the row and how many fields changed."""
    v = clean({**details(), **values})
    with db.atomic():
        a = m.Association.select().first()
        if a is None:
            a = m.Association.create(**v)
            audit.record(actor, "create", a, new=a.name)
            return a, len(FIELDS)
        before = audit.snapshot(a, list(FIELDS))
        with unchanged_on_failure(a):
            for key, value in v.items():
                setattr(a, key, value)
            changed = audit.record_changes(actor, a, before, list(FIELDS))
            if changed:
                a.save()
        return a, changed
