"""print calltree|calllist|safety|tally|register|plan|directory|attendance|followup|pack|ledger.

Registered on the `print` subparser of desktop/commands/printing.py. Every kind that holds
personal data writes a custody ledger line (PrintCustody) in the same transaction as the
print, and each copy's pages carry 「N部のうち k」. Disaster mode needs --reason; the flag
itself is the confirmation the consent rule asks for (register_rows(confirmed=True)).
"""
from __future__ import annotations

import datetime as dt

from desktop.commands.common import CommandError, open_store
from desktop.i18n import _

ACTOR = "cli"
REGISTER_KINDS = ("safety", "tally", "register", "plan", "pack")
KINDS = ("calltree", "calllist", "safety", "tally", "register", "plan", "directory", "attendance", "followup",
         "pack", "ledger")


def register_kinds(kinds, common) -> None:
    """Add the list kinds to the `print` subparser; `common(k)` adds --db/--out/--block/--json."""
    helps = {
        "calltree": _("call tree diagram (電話連絡網) per block"),
        "calllist": _("flat call list with ✓ and time columns"),
        "safety": _("safety-check sheets (安否確認表) per block"),
        "tally": _("safety-check tally sheet for headquarters"),
        "register": _("support register for supporters (consent rule)"),
        "plan": _("individual evacuation plans, one A4 each (consent rule)"),
        "directory": _("member directory (名簿), sorted by reading"),
        "attendance": _("salon attendance sheet for a month"),
        "followup": _("follow-up list (つながりチェック)"),
        "pack": _("emergency pack (防災パック): cover, call tree, safety sheets, register, plans"),
        "ledger": _("the custody ledger of printed personal data"),
    }
    for name in KINDS:
        k = kinds.add_parser(name, help=helps[name])
        common(k)
        if name in REGISTER_KINDS:
            k.add_argument("--mode", choices=("normal", "disaster"), default="normal",
                           help=_("normal: consented people only; disaster: everyone (needs --reason)"))
            k.add_argument("--reason", metavar="TEXT", default="", help=_("why disaster mode is used (recorded in the audit log)"))
        if name != "ledger":
            k.add_argument("--copies", type=int, default=1, metavar="N", help=_("number of copies (each is numbered)"))
            k.add_argument("--recipient", metavar="NAME", default="",
                           help=_("who receives the copies (default: the block, or 会長)"))
        if name == "attendance":
            k.add_argument("--salon", metavar="NAME", help=_("the salon (default: every active salon)"))
            k.add_argument("--month", metavar="YYYY-MM", help=_("the month (default: this month)"))
        if name == "followup":
            k.add_argument("--days", type=int, default=30, metavar="N", help=_("not reached for N days"))
        k.set_defaults(func=cmd_list)


def _month(text: str | None, today: dt.date) -> tuple[int, int]:
    if not text:
        return today.year, today.month
    try:
        y, m = (int(x) for x in text.split("-"))
        dt.date(y, m, 1)
        return y, m
    except ValueError as exc:
        raise CommandError(_("Write the month as YYYY-MM, for example 2026-11.")) from exc


def cmd_list(args) -> int:
    from desktop.commands.printing import _report

    mode = getattr(args, "mode", "normal")
    reason = (getattr(args, "reason", "") or "").strip()
    if mode == "disaster" and not reason:
        raise CommandError(_("Disaster mode prints everyone, also people who did not consent. Say why with --reason TEXT; it is recorded."))
    if getattr(args, "copies", 1) < 1:
        raise CommandError(_("--copies must be 1 or more."))
    store = open_store(args)
    try:
        result = _run(args, mode, reason)
    finally:
        store.close(auto_backup=False)
    return _report(args, result)


def _run(args, mode: str, reason: str):
    from db.database import db
    from db.queries import print_lists as pl
    from desktop.commands.printing import _check_glyphs
    from desktop.printing import custody as copies
    from desktop.services import custody

    today = dt.date.today()
    try:
        block = pl.block_by_name(args.block)
    except LookupError as exc:
        raise CommandError(_("There is no block called %s.") % exc) from exc
    scope = block.name if block is not None else "全体"
    kind = args.kind
    with db.atomic():  # a refused or failed print leaves no ledger line and no audit entry
        job = _prepare(kind, args, block, mode, reason, today)
        _check_glyphs(args, job["problems"])
        entry = None
        if kind != "ledger":
            destroy_by = custody.default_destroy_by(mode, today)
            entry = custody.record_print(kind, job["title"], scope,
                                         args.recipient or custody.default_recipient(block.name if block else None),
                                         args.copies, destroy_by, mode=mode, note=reason, actor=ACTOR, today=today)
            if kind == "pack":
                job["data"].recipient, job["data"].destroy_by = entry.recipient, entry.destroy_by
        opts = copies.options_for(entry, date=today, mode=mode if kind in REGISTER_KINDS else None, reason=reason)
        return job["render"](str(args.out), opts)


def _prepare(kind: str, args, block, mode: str, reason: str, today: dt.date) -> dict:
    """Rows for one kind: {"title", "problems", "render": fn(out, opts) -> ListResult}."""
    from db.queries import print_lists as pl
    from db.queries.register import register_rows
    from desktop.printing import attendance, calltree, document, lists, pack, register_print, safety

    scope = block.name if block is not None else "全体"
    bid = block.id if block is not None else None

    def reg(purpose: str):
        return register_rows(mode, reason=reason, actor=ACTOR, confirmed=mode == "disaster", block_id=bid, purpose=purpose)

    if kind in ("calltree", "calllist"):
        docs = [pl.call_tree(t) for t in pl.call_trees(block)]
        mod_title = _("Call tree") if kind == "calltree" else _("Call list")
        fn = calltree.render_calltrees if kind == "calltree" else lists.render_call_lists
        return {"title": f"{mod_title} {scope}", "problems": document.glyph_problems(calltree.texts(docs)),
                "render": lambda out, opts: fn(docs, out, opts)}
    if kind in ("safety", "tally"):
        blocks = pl.safety_blocks(block, pl.support_ids(reg(kind)))
        if kind == "safety":
            return {"title": f"{_('Safety-check sheet')} {scope}", "problems": document.glyph_problems(safety.texts(blocks)),
                    "render": lambda out, opts: safety.render_safety(blocks, out, opts)}
        return {"title": f"{_('Safety-check tally (HQ)')} {scope}", "problems": [],
                "render": lambda out, opts: safety.render_tally(blocks, out, opts)}
    if kind in ("register", "plan"):
        rows = reg(kind)
        fn = register_print.render_register if kind == "register" else register_print.render_plans
        title = _("Support register") if kind == "register" else _("Individual evacuation plan")
        return {"title": f"{title} {scope}", "problems": document.glyph_problems(register_print.texts(rows)),
                "render": lambda out, opts: fn(rows, out, opts)}
    if kind == "pack":
        data = pl.pack_data(block, mode, reason=reason, actor=ACTOR, confirmed=mode == "disaster")
        texts = calltree.texts(data.trees) + safety.texts(data.blocks) + register_print.texts(data.register)
        return {"title": f"{_('Emergency pack')} {scope}", "problems": document.glyph_problems(texts), "data": data,
                "render": lambda out, opts: pack.render_pack(data, out, opts)}
    if kind == "directory":
        rows = pl.directory_rows(block)
        return {"title": f"{_('Member directory')} {scope}",
                "problems": document.glyph_problems([(r.name, r.name + r.address) for r in rows]),
                "render": lambda out, opts: lists.render_directory(rows, out, opts)}
    if kind == "attendance":
        from db import models as m

        year, month = _month(args.month, today)
        try:
            salons = [pl.salon_by_name(args.salon)] if args.salon else list(
                m.Salon.select().where(m.Salon.active == True).order_by(m.Salon.id))  # noqa: E712
        except LookupError as exc:
            raise CommandError(_("There is no salon called %s.") % args.salon) from exc
        sheets = [pl.attendance_sheet(s, year, month) for s in salons]
        return {"title": f"{_('Salon attendance')} {year}-{month:02d}",
                "problems": document.glyph_problems([(n, n) for s in sheets for n, _r in s.people]),
                "render": lambda out, opts: attendance.render_attendance(sheets, out, opts)}
    if kind == "followup":
        from db.queries.followup import follow_up_list

        rows = follow_up_list(today, days=args.days)
        if block is not None:
            rows = [r for r in rows if r.block_name == block.name]
        rows, left_off = pl.followup_consented(rows)
        note = _("%d people on the support register without consent are left off this print.") % left_off if left_off else ""
        return {"title": f"{_('Follow-up list (つながりチェック)')} {scope}",
                "problems": document.glyph_problems([(r.name, r.name) for r in rows]),
                "render": lambda out, opts: lists.render_followup(rows, out, today, opts, note)}
    if kind == "ledger":
        rows = pl.custody_rows()
        return {"title": _("Print custody ledger (管理台帳)"), "problems": [],
                "render": lambda out, opts: lists.render_ledger(rows, out, today, opts)}
    raise CommandError(kind)
