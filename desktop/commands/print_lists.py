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
                           help=_("who receives the copies (default: the block, or the association leader)"))
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
    if getattr(args, "days", 0) < 0:
        raise CommandError(_("--days must be 0 or more."))
    from desktop.commands.printing import check_out

    check_out(args)
    store = open_store(args)
    try:
        result = _run(args, mode, reason)
    finally:
        store.close(auto_backup=False)
    return _report(args, result)


def _run(args, mode: str, reason: str):
    """Prepare and print through desktop/printing/jobs.py, the same path the Print page uses."""
    from db.database import db
    from desktop.commands.printing import _check_glyphs, block_of
    from desktop.printing import jobs

    today = dt.date.today()
    year, month = _month(getattr(args, "month", None), today) if args.kind == "attendance" else (0, 0)
    block = block_of(args)  # by id from here on: 「１班」 prints 1班, an ambiguous name stops here
    request = jobs.JobRequest(kind=args.kind, block=block.name if block else None, block_id=block.id if block else None,
                              mode=mode, reason=reason,
                              salon=getattr(args, "salon", None), year=year, month=month,
                              days=getattr(args, "days", 30))
    with db.atomic():  # a refused or failed print leaves no ledger line and no audit entry
        try:
            job = jobs.prepare(request, today=today, actor=ACTOR)
        except jobs.JobError as exc:
            raise CommandError(str(exc)) from exc
        _check_glyphs(args, job.problems)
        if args.kind == "ledger":  # printing the ledger is not itself a ledger line
            return jobs.render(job, str(args.out), today=today)
        try:
            result, _entry, _pdf = jobs.output(
                job, args.out, today=today, recipient=args.recipient or jobs.default_recipient(request),
                copies=args.copies, destroy_by=jobs.default_destroy_by(request, today), actor=ACTOR)
        except jobs.JobError as exc:  # nothing to print: no file, no ledger line
            raise CommandError(str(exc)) from exc
        return result
