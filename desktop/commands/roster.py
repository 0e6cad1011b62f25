"""`tsunagari find TEXT`: the roster search from the command line."""
from __future__ import annotations

import datetime as dt

from db import models as m
from desktop import jtext
from desktop.commands.common import add_db_argument, add_json_argument, emit_json, open_store
from desktop.i18n import _


def register(sub) -> None:
    p = sub.add_parser("find", help=_("search the roster as the Roster page does"))
    p.add_argument("text", metavar="TEXT", help=_("name, reading (kana), or phone number"))
    add_db_argument(p)
    add_json_argument(p, as_list=True)
    p.add_argument("--all", action="store_true", help=_("include people who moved out or died"))
    p.set_defaults(func=cmd_find)


def cmd_find(args) -> int:
    from db.queries import roster

    store = open_store(args)
    try:
        statuses = m.STATUSES if args.all else m.ACTIVE_STATUSES
        rows = roster.search(args.text, statuses=statuses)
    finally:
        store.close(auto_backup=False)
    today = dt.date.today()
    found = [
        {
            "id": r.id, "uuid": r.uuid, "name": r.name, "reading": r.reading, "block": r.block_name,
            "phone": jtext.format_phone(r.landline) if r.landline else "",
            "mobile": jtext.format_phone(r.mobile) if r.mobile else "",
            "postal_code": jtext.format_postal(r.postal_code) if r.postal_code else "",
            "address": r.address, "age": r.age(today), "status": r.status, "support": r.on_register,
        }
        for r in rows
    ]
    if args.json:
        emit_json(found)  # a JSON list of people, in 五十音 order
    else:
        for f in found:
            print("\t".join([f["name"], f["reading"], f["block"], f["phone"] or f["mobile"], f["address"]]))
        print(_("%d people found.") % len(found))
    return 0
