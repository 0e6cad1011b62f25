"""sheets, print labels|postcards|envelopes (and the list kinds of print_lists.py): the print engine without a window."""
from __future__ import annotations

import sys
from pathlib import Path

from desktop.commands.common import CommandError, add_db_argument, add_json_argument, emit_json, open_store
from desktop.i18n import _


def register(sub) -> None:
    p = sub.add_parser("sheets", help=_("list the label sheets (catalogue and your own)"))
    add_json_argument(p, as_list=True)
    p.set_defaults(func=cmd_sheets)

    p = sub.add_parser("print", help=_("write a print as a PDF"))
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)

    k = kinds.add_parser("labels", help=_("mailing labels on an A4 label sheet"))
    _common(k)
    k.add_argument("--sheet", required=True, metavar="ID", help=_("label sheet id (see `tsunagari sheets`)"))
    k.add_argument("--start", type=int, default=1, metavar="N", help=_("first label to use on the sheet (1 = top left)"))
    k.add_argument("--per", choices=("household", "person"), default="household", help=_("one label per household or per person"))
    k.add_argument("--sort", choices=("postal", "block", "reading"), default="postal", help=_("order of the labels"))
    k.add_argument("--outlines", action="store_true", help=_("draw the label outlines (test print on plain paper)"))
    k.set_defaults(func=cmd_labels)

    for name, helptext in (("postcards", _("postcards (はがき), address side")), ("envelopes", _("長形3号 envelopes"))):
        k = kinds.add_parser(name, help=helptext)
        _common(k)
        k.add_argument("--horizontal", action="store_true", help=_("horizontal writing instead of vertical"))
        k.add_argument("--per", choices=("household", "person"), default="household", help=_("one per household or per person"))
        k.add_argument("--no-sender", action="store_true", help=_("leave out the sender (the association)"))
        k.add_argument("--frames", action="store_true", help=_("draw the red postal code boxes (plain paper)"))
        k.set_defaults(func=cmd_cards)

    # Lists with personal data (call tree, safety sheets, register, pack…): print_lists.py.
    from desktop.commands.print_lists import register_kinds

    register_kinds(kinds, _common)


def _common(k) -> None:
    add_db_argument(k)
    k.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help=_("the PDF to write"))
    k.add_argument("--block", metavar="NAME", help=_("only this block (班)"))
    k.add_argument("--block-id", metavar="ID", type=int, dest="block_id",
                   help=_("only the block with this id (when two blocks share a name)"))
    k.add_argument("--allow-missing-glyphs", action="store_true",
                   help=_("print even if a character is in no font (it prints as 〓)"))
    add_json_argument(k)


def cmd_sheets(args) -> int:
    from desktop.printing import sheets

    found = sheets.all_sheets()
    if args.json:
        emit_json([s.to_json() for s in found])
        return 0
    for s in found:
        w, h = s.label_mm
        print(f"{s.id:20} {s.maker} {s.product:10} {s.per_page:3}  {s.cols}×{s.rows}  {w:g}×{h:g} mm")
    return 0


def check_out(args) -> None:
    """Before any work: the PDF must go into a folder that exists, and not be a folder."""
    if args.out.is_dir():
        raise CommandError(_("%s is a folder. Give the name of the PDF to write, for example %s.")
                           % (args.out, args.out / "print.pdf"))
    if not args.out.parent.is_dir():
        raise CommandError(_("The folder %s does not exist. Choose a folder that exists, or make it first.")
                           % args.out.parent)


def block_of(args):
    """--block NAME as a block (None: the whole association). Exit 2 when no block has the name,
    or when several do (listed, so the person can merge or rename them in the app)."""
    from desktop.printing import jobs

    block_id = getattr(args, "block_id", None)
    try:
        return jobs.resolve_block(jobs.JobRequest(kind="labels", block=args.block or None, block_id=block_id))
    except jobs.JobError as exc:
        from db.queries.print_lists import AmbiguousBlock

        hint = _("Or print one of them with --block-id ID.") if isinstance(exc.__cause__, AmbiguousBlock) else ""
        raise CommandError(f"{exc}\n{hint}".strip()) from exc


def _rows(args, per: str, sort: str):
    from db.queries.print_sources import label_rows, sender

    check_out(args)
    store = open_store(args)
    try:
        block = block_of(args)
        args.block_id = block.id if block is not None else None
        rows = label_rows(per, None, sort, block_id=args.block_id)
        if not rows:
            raise CommandError(_("Nothing to print for this choice. Choose another block or print."))
        for r in rows:
            if not (r.address1 or r.address2 or r.postal_code):
                print(_("warning: %s has no address; the mail piece would carry the name only.")
                      % "・".join(n.full for n in r.names), file=sys.stderr)
        return rows, sender()
    finally:
        store.close(auto_backup=False)


def _check_glyphs(args, problems) -> None:
    """Warn on stderr before printing; stop when a character would print as 〓."""
    missing = [p for p in problems if p.missing]
    for p in problems:
        if p.missing:
            print(_("warning: no font has %(chars)s in the record of %(who)s; it would print as 〓.")
                  % {"chars": " ".join(p.chars), "who": p.who}, file=sys.stderr)
        elif not args.json:
            print(_("note: %(chars)s for %(who)s is printed in IPAmj Mincho.") % {"chars": " ".join(p.chars), "who": p.who},
                  file=sys.stderr)
    if missing and not args.allow_missing_glyphs:
        raise CommandError(_("Nothing was printed. Correct the records above, or add --allow-missing-glyphs."), 4)


def _report(args, result) -> int:
    if args.json:
        emit_json({"out": str(args.out), "pages": result.pages, "items": result.items,
                   "smallest_pt": round(getattr(result, "smallest_pt", 0.0), 1),
                   "problems": [{"who": p.who, "chars": list(p.chars), "missing": p.missing} for p in result.problems],
                   "notes": list(getattr(result, "notes", []))})
    else:
        print(_("Wrote %(out)s: %(items)d items on %(pages)d pages.") % {"out": args.out, "items": result.items, "pages": result.pages})
        for note in getattr(result, "notes", []):  # households in no 班: where they are on the paper
            print(_("note: %s") % note, file=sys.stderr)
        from desktop.printing.jobs import small_text

        note = small_text(result)
        if note:
            print(note, file=sys.stderr)
    return 0


def cmd_labels(args) -> int:
    from desktop.printing import labels, sheets

    try:
        sheet = sheets.get_sheet(args.sheet)
        if not 1 <= args.start <= sheet.per_page:
            raise sheets.SheetError(_("The start label must be between 1 and %d.") % sheet.per_page)
    except sheets.SheetError as exc:
        raise CommandError(str(exc)) from exc
    rows, _sender = _rows(args, args.per, args.sort)
    _check_glyphs(args, labels.preflight(rows))
    opts = labels.LabelOptions(per=args.per, start=args.start, outlines=args.outlines)
    result = labels.render_labels(rows, str(args.out), sheet, opts)
    _record_custody(args, "labels", result)
    return _report(args, result)


def cmd_cards(args) -> int:
    from desktop.printing import labels, postcards

    rows, sender = _rows(args, args.per, "postal")
    _check_glyphs(args, labels.preflight(rows, postcards.CardOptions().font))
    opts = postcards.CardOptions(horizontal=args.horizontal, frames=args.frames)
    spec = postcards.POSTCARD if args.kind == "postcards" else postcards.ENVELOPE
    result = postcards.render_cards(rows, str(args.out), spec, None if args.no_sender else sender, opts)
    _record_custody(args, args.kind, result)
    return _report(args, result)


def _record_custody(args, kind: str, result) -> None:
    """Names and addresses left the file: one custody ledger line, as for every other print."""
    import datetime as dt

    from desktop.printing import jobs
    from desktop.services import custody

    store = open_store(args)
    try:
        request = jobs.JobRequest(kind=kind, block=args.block or None, block_id=getattr(args, "block_id", None))
        title = _("%(title)s (%(n)d items)") % {"title": jobs.titled(jobs.kind_name(kind), request.scope),
                                                   "n": result.items}
        custody.record_print(kind, title, request.scope,
                             jobs.default_recipient(request), 1, jobs.default_destroy_by(request, dt.date.today()),
                             actor="cli")
    finally:
        store.close(auto_backup=False)
