"""`tsunagari import`, `tsunagari undo-import` and `tsunagari export`."""
from __future__ import annotations

import sys
from pathlib import Path

from db import models as m
from db.database import db
from desktop.commands.common import CommandError, add_db_argument, add_json_argument, emit_json, open_store
from desktop.i18n import _


def register(sub) -> None:
    p = sub.add_parser("import", help=_("import people from an Excel workbook or a CSV file"))
    p.add_argument("file", type=Path, metavar="FILE", help=_(".xlsx, .csv or .txt"))
    add_db_argument(p)
    p.add_argument("--sheet", metavar="NAME", help=_("the sheet to read (default: the first with data)"))
    p.add_argument("--mapping", metavar="PRESET", help=_("a saved column mapping (name or .json file)"))
    p.add_argument("--save-mapping", metavar="NAME", help=_("save the column mapping used, for next year"))
    p.add_argument("--dry-run", action="store_true", help=_("check everything, import nothing"))
    p.add_argument("--skip-invalid", action="store_true", help=_("import the good rows and skip rows with problems"))
    p.add_argument("--keep-duplicates", action="store_true", help=_("also import rows that look like people already there"))
    p.add_argument("--block", metavar="NAME", default="",
                   help=_("put every row without a 班 (block) in this block (made if there is none)"))
    add_json_argument(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("undo-import", help=_("remove exactly what one import added"))
    add_db_argument(p)
    p.add_argument("--batch", default="last", metavar="ID", help=_("the import's id (default: the last import)"))
    p.add_argument("--force", action="store_true",
                   help=_("undo even if records were added to the imported people since (they are deleted too)"))
    add_json_argument(p)
    p.set_defaults(func=cmd_undo_import)

    p = sub.add_parser("export", help=_("write the roster, register and contact log to .xlsx or .csv"))
    add_db_argument(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("FILE.xlsx or FILE.csv"))
    p.add_argument("--encoding", choices=("cp932", "utf-8-sig"), help=_("CSV encoding (default utf-8-sig; cp932 for older Excel)"))
    p.add_argument("--mode", choices=("normal", "disaster"), default="normal",
                   help=_("normal: the register holds consenting people only; disaster: everyone (needs --reason)"))
    p.add_argument("--reason", default="", help=_("why everyone's data is needed (disaster mode)"))
    p.add_argument("--recipient", default="", help=_("who receives the file (custody ledger)"))
    add_json_argument(p)
    p.set_defaults(func=cmd_export)


def _print_problems(problems, stream) -> None:
    from desktop.services.import_messages import action_text, place_text, problem_text

    for pr in problems:
        value = f" 「{pr.value}」" if pr.value else ""
        print(f"{place_text(pr)}{value}: {problem_text(pr)} ({action_text(pr)})", file=stream)


def _problem_dicts(problems, sheet: str) -> list[dict]:
    """Problems for --json; "sheet" names the sheet of the row (`sheet`: the roster's)."""
    from desktop.services.import_messages import action_text, problem_text

    return [{**p.as_dict(), "message": problem_text(p), "action": action_text(p), "sheet": p.sheet or sheet}
            for p in problems]


def _say_if_backup_failed(store) -> None:
    if store.auto_backup_error is not None:
        from desktop.messages import explain_write_error

        print(_("note: the change is saved, but the automatic backup could not be made.") + " "
              + explain_write_error(store.auto_backup_error), file=sys.stderr)


def _same_as(other: str) -> str:
    """A duplicate's match as a person reads it: a name already in the file, or a row above."""
    kind, _sep, ident = other.partition(":")
    if kind == "db":
        person = m.Person.get_or_none(m.Person.id == int(ident))
        return person.full_name if person else other
    return _("row %(row)s") % {"row": ident}


def _print_duplicates(duplicates, stream) -> None:
    reasons = {"reading_birth": _("same reading and birth date"), "name_address": _("same name and address")}
    for d in duplicates:
        print(_("row %(row)s 「%(name)s」: looks like %(other)s (%(reason)s); not imported (use --keep-duplicates to import it anyway)")
              % {"row": d.row, "name": d.name, "other": _same_as(d.other), "reason": reasons.get(d.reason, d.reason)},
              file=stream)


def _leader_keys(summary: dict, changes, absent: list[str], done: bool = False) -> None:
    """The --json keys for the 班長 the file names and the roster people it leaves out."""
    from desktop.services import import_leaders

    summary["leader_changes"] = [c.as_dict() for c in changes if not c.made_block]
    summary["leader_notes"] = import_leaders.leader_lines(changes, done=done)
    summary["not_in_file"] = len(absent)
    summary["not_in_file_names"] = absent
    summary["not_in_file_notes"] = import_leaders.not_in_file_line(absent)


def _roster_lines(summary: dict) -> list[str]:
    return summary.get("leader_notes", []) + summary.get("not_in_file_notes", [])


def cmd_import(args) -> int:
    from desktop.services import import_blocks, import_leaders, importer, tabular
    from desktop.services.import_messages import table_error_text
    from desktop.services.importer import ERROR, NOTE

    def fail(exc):
        raise CommandError(table_error_text(exc), code=2) from exc

    try:
        table = tabular.read_table(args.file, args.sheet)
    except tabular.TableError as exc:
        fail(exc)
    store = open_store(args)
    try:
        try:
            register_items = None
            plan = None
            header_row = next((i for i, r in enumerate(table.rows[:20]) if importer.is_register_sheet(r)), None)
            if header_row is not None and not any(importer.field_for_header(v) == "block" for v in table.rows[header_row]):
                register_items = importer.plan_register(table)
            else:
                mapping = None
                hi = importer.find_header(table)  # once: it merges a two-row header in place
                if args.mapping:
                    mapping = importer.mapping_by_name(table.rows[hi], importer.load_preset(args.mapping))
                plan = importer.plan_import(table, mapping=mapping, header_index=hi, default_block=args.block)
                if args.save_mapping:
                    importer.save_preset(args.save_mapping, importer.preset_from_mapping(plan.headers, plan.mapping))
                if args.file.suffix.lower() in (".xlsx", ".xlsm") and not args.sheet:
                    for name in table.sheets:
                        if name == table.sheet:
                            continue
                        try:
                            other = tabular.read_table(args.file, name)
                        except tabular.TableError:
                            continue  # an empty Sheet2 or Sheet3, as Excel makes them
                        if any(importer.is_register_sheet(r) for r in other.rows[:20]):
                            register_items = importer.plan_register(other)
                            break
        except tabular.TableError as exc:
            fail(exc)
        problems = (plan.problems if plan else []) + [p for it in (register_items or []) for p in it.problems]
        errors = [p for p in problems if p.severity == ERROR]
        summary = {
            "file": str(args.file), "sheet": table.sheet, "encoding": table.encoding, "dry_run": args.dry_run,
            "rows": len(plan.people) if plan else len(register_items or []),
            "people": 0, "households": 0, "blocks": 0,
            # rows of the two sheets are numbered apart: the register's row 3 is not the roster's
            "skipped": len({(p.sheet, p.row) for p in errors}), "duplicates": len(plan.duplicates) if plan else 0,
            "register": 0, "problems": _problem_dicts(problems, table.sheet), "imported": False, "batch": None,
        }
        dup_rows = set() if (plan is None or args.keep_duplicates) else {d.row for d in plan.duplicates}
        changes = []
        differences = []
        if plan:
            summary["duplicate_rows"] = [{"row": d.row, "name": d.name, "same_as": _same_as(d.other), "reason": d.reason}
                                         for d in plan.duplicates]
            if not args.keep_duplicates:  # a 班 or status the roster keeps: said, never dropped unseen
                from desktop.services.import_choices import Choices, left_differences

                differences = left_differences(plan, Choices())
                summary["differences"] = [{"row": d.row, "name": d.name, "block": d.block, "status": d.status,
                                           "address": d.address, "landline": d.landline, "mobile": d.mobile}
                                          for d in differences]
            # Rows in no 班 are on no block's call tree or sheet: counted, with the reason and the way out.
            blocks = import_blocks.count(plan, set(plan.error_rows) | dup_rows)
            summary.update(blocks.as_json(), sheet_block=import_blocks.sheet_block(table.sheet) or None)
        stop = bool(errors) and not args.skip_invalid
        if plan and not args.keep_duplicates and not args.json:
            _print_duplicates(plan.duplicates, sys.stderr if stop else sys.stdout)
            from desktop.services.import_choices import difference_lines

            for line in difference_lines(differences, done=True):
                print(line, file=sys.stderr if stop else sys.stdout)
        if stop:
            if not args.json:
                _print_problems(problems, sys.stderr)
                print(_("Nothing was imported: %d rows have problems. Fix them, or use --skip-invalid to import the other rows.")
                      % summary["skipped"], file=sys.stderr)
            else:
                emit_json(summary)
            return 1
        if plan:
            # What a commit writes: rows without errors, less the duplicates it leaves out.
            summary["people"] = sum(1 for p in plan.people if not p.has_error and p.row not in dup_rows)
            # (those joining a household already in the roster are not new)
            summary["households"] = importer.new_households(plan, set(plan.error_rows) | dup_rows)
            # Who joins a household in the roster, who is made the head and why: said, never silent.
            summary["household_notes"] = importer.household_notes(plan, set(plan.error_rows) | dup_rows)
            # Who leads each 班 after the import, and who of the roster the file leaves out.
            changes = import_leaders.planned_changes(plan, set(plan.error_rows) | dup_rows)
            _leader_keys(summary, changes, import_leaders.not_in_file(plan))
        if args.dry_run:
            if register_items:
                # What commit_register() will do once the rows above are in the roster: the
                # same keys and counts as the real import, and the same problems.
                forecast = importer.forecast_register(register_items, plan,
                                                      (set(plan.error_rows) | dup_rows) if plan else set())
                summary.update(forecast, register_batch=None)
                problems = (plan.problems if plan else []) + importer.register_problems(register_items, forecast)
                summary["problems"] = _problem_dicts(problems, table.sheet)
            if args.json:
                emit_json(summary)
            else:
                from desktop.services.import_messages import register_lines

                _print_problems(problems, sys.stdout)
                for line in summary.get("household_notes", []) + _roster_lines(summary):
                    print(line)
                for line in register_lines(summary) if register_items else []:
                    print(line)
                if plan:
                    for line in import_blocks.lines(blocks) + [import_blocks.cli_hint(blocks, table.sheet)]:
                        if line:
                            print(line)
                print(_("Dry run: %(people)d people in %(households)d households would be imported; nothing was written.") % summary)
            return 0
        if plan and summary["people"] == 0 and not register_items and not any(c.takes_over for c in changes):
            # Nothing new (the same file imported twice): write nothing, not an empty import
            # that `undo-import` would then take back instead of the real one.
            if args.json:
                emit_json(summary)
            else:
                _print_problems([p for p in problems if p.severity != NOTE], sys.stdout)
                for line in _roster_lines(summary):
                    print(line)
                print(_("Nothing was imported: every row is either already in the file or has a problem."))
            # Already imported (duplicates) is not a failure; a file whose every row is bad is.
            return 1 if errors and not plan.duplicates else 0
        with db.atomic():
            batch = None
            if plan:
                # the roster sheet's own error rows: the 要支援者 sheet numbers its rows apart
                roster_errors = {p.row for p in plan.problems if p.severity == ERROR}
                result = importer.commit(plan, source=args.file.name, skip_rows=roster_errors,
                                         keep_duplicates=args.keep_duplicates)
                summary.update(people=result.people, households=result.households, blocks=result.blocks,
                               batch=result.batch_uuid, household_notes=importer.result_notes(result))
                _leader_keys(summary, result.leader_changes, result.not_in_file, done=True)
                batch = m.ImportBatch.get_by_id(result.batch_id)
            if register_items:
                summary.update(importer.commit_register(register_items, batch=batch, source=args.file.name))
                if batch is None:
                    summary["batch"] = m.ImportBatch.get_by_id(summary["register_batch"]).uuid
        summary["imported"] = True
        if register_items:
            problems = (plan.problems if plan else []) + importer.register_problems(register_items, summary)
        summary["problems"] = _problem_dicts(problems, table.sheet)
    finally:
        store.close()
        _say_if_backup_failed(store)
    if args.json:
        emit_json(summary)
    else:
        # Say which rows were skipped or corrected, and why; notes only as a count.
        shown = [p for p in problems if p.severity != NOTE]
        _print_problems(shown, sys.stdout)
        notes = len(problems) - len(shown)
        if notes:
            print(_("%d notes (for example readings suggested from the name): see them with --dry-run.") % notes)
        for line in summary.get("household_notes", []) + _roster_lines(summary):
            print(line)
        if plan:
            for line in import_blocks.lines(blocks, done=True):
                print(line)
            if blocks.no_block and summary.get("batch"):
                print(import_blocks.cli_hint(blocks, table.sheet, done=True))
        if args.keep_duplicates:
            print(_("Imported %(people)d people in %(households)d households; %(skipped)d rows skipped; %(duplicates)d possible duplicates imported as you asked.") % summary)
        else:
            print(_("Imported %(people)d people in %(households)d households; %(skipped)d rows skipped, %(duplicates)d possible duplicates not imported.") % summary)
        from desktop.services.import_messages import register_lines

        for line in register_lines(summary, done=True) if register_items else []:
            print(line)
        if summary.get("batch"):
            print(_("To undo this import: tsunagari undo-import --db %(db)s --batch %(batch)s") % {"db": args.db, "batch": summary["batch"]})
    return 0


def cmd_undo_import(args) -> int:
    from desktop.services import importer

    store = open_store(args)
    try:
        q = m.ImportBatch.select().where(m.ImportBatch.undone_at.is_null())
        batch = q.order_by(m.ImportBatch.id.desc()).first() if args.batch == "last" else q.where(m.ImportBatch.uuid == args.batch).first()
        if batch is None and args.batch == "last":
            raise CommandError(_("There is no import to undo: nothing was imported, or every import was undone."),
                               code=2)
        if batch is None:
            raise CommandError(_("There is no import to undo with that id."), code=2)
        try:
            removed = importer.undo_import(batch, force=args.force)
        except importer.UndoBlocked as exc:
            from desktop.services.import_choices import later_work_text

            raise CommandError(later_work_text(exc.counts) + " " + _("(--force undoes it anyway.)"), code=2) from exc
    finally:
        store.close()
        _say_if_backup_failed(store)
    if args.json:
        emit_json({"batch": batch.uuid, **removed})
    else:
        print(_("Removed %(people)d people and %(households)d households added by that import.") % removed)
        if removed.get("register"):
            print(_("Also removed the %d support register records it made.") % removed["register"])
        if removed.get("merged"):
            print(_("The %d people it merged into the roster are back as they were.") % removed["merged"])
        if removed.get("kept_since"):
            from desktop.services.import_messages import kept_since_text

            print(kept_since_text(removed["kept_since"]))
    return 0


def cmd_export(args) -> int:
    from db.queries.register import ConsentError
    from desktop.services import exporter

    if args.mode == "disaster" and not args.reason.strip():
        raise CommandError(_("Disaster mode exports everyone, also people who did not consent: give the reason with --reason."), code=2)
    if not args.out.parent.is_dir():
        raise CommandError(_("The folder %s does not exist. Choose a folder that exists, or make it first.")
                           % args.out.parent, code=2)
    store = open_store(args)
    try:
        try:
            result = exporter.export(args.out, encoding=args.encoding, mode=args.mode, reason=args.reason,
                                     confirmed=args.mode == "disaster", recipient=args.recipient)
        except exporter.ExportError as exc:
            if exc.code == "not_in_cp932":
                raise CommandError(_("What is written for these people (name, address or notes) has characters that Shift_JIS (cp932) cannot hold: %s. Use --encoding utf-8-sig.")
                                   % "、".join(exc.details["people"][:10]), code=2) from exc
            raise CommandError(_("The export file must end in .xlsx or .csv."), code=2) from exc
        except ConsentError as exc:
            raise CommandError(str(exc), code=2) from exc
    finally:
        store.close(auto_backup=False)
    data = {"out": str(result.path), "people": result.people, "register": result.register,
            "contact_logs": result.contacts, "mode": args.mode, "personal_data": True}
    if args.json:
        emit_json(data)
    else:
        print(_("Wrote %(out)s: %(people)d people. It holds personal data: keep it safe and delete it when done.") % data)
    return 0
