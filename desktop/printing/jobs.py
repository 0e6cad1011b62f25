"""Print jobs without a window: a request (what, for whom, how) → rows → PDF.

The print page (ui/printing) runs these off the UI thread; `prepare` reads the database
once (and, in disaster mode, writes the one audit entry register_rows makes), `render`
lays the rows out as often as the layout options change. The command line does the same
steps in desktop/commands/printing.py and print_lists.py (`_prepare`); those could delegate
to `prepare` here — the only difference is that this one takes the actor (the operator's
name for the audit log) instead of the fixed "cli".

Register data (要支援, the register, plans, the pack) comes only through
db.queries.register.register_rows (the consent rule, 災害対策基本法 art. 49-11).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.i18n import N_, _
from desktop.printing import words

KINDS = ("labels", "postcards", "envelopes", "calltree", "calllist", "safety", "tally", "register", "plan",
         "directory", "attendance", "followup", "pack")
ADDRESS_KINDS = ("labels", "postcards", "envelopes")
CARD_KINDS = ("postcards", "envelopes")
REGISTER_KINDS = ("safety", "tally", "register", "plan", "pack")  # the consent rule applies
LIST_KINDS = tuple(k for k in KINDS if k not in ADDRESS_KINDS) + ("ledger",)

KIND_NAMES = {
    "labels": N_("Mailing labels"),
    "postcards": N_("Postcards (はがき)"),
    "envelopes": N_("Envelopes (長形3号)"),
    "calltree": N_("Call tree (diagram)"),
    "calllist": N_("Call list (table)"),
    "safety": N_("Safety-check sheet"),
    "tally": N_("Safety-check tally (HQ)"),
    "register": N_("Support register"),
    "plan": N_("Individual evacuation plan"),
    "directory": N_("Member directory"),
    "attendance": N_("Salon attendance"),
    "followup": N_("Follow-up list (つながりチェック)"),
    "pack": N_("Emergency pack"),
    "ledger": N_("Print custody ledger (管理台帳)"),
}
WHOLE = words.WHOLE  # the scope word the ledger and the CLI store for the whole association


# Every module `prepare`, `render` and `output` import inside their functions (they are
# imported late so that the command line starts fast), and what reportlab imports late itself.
# The print page imports them on the main thread before a job goes to the worker thread: a
# module imported for the first time on both threads at once can be handed over half made
# (a concurrent circular import), and the job failed with a bare ImportError.
ENGINE_MODULES = (
    "db.models", "db.database", "db.queries.followup", "db.queries.print_lists", "db.queries.print_sources",
    "db.queries.register", "db.queries.roster",
    "desktop.paths", "desktop.private_files", "desktop.services.calltree", "desktop.services.custody",
    "desktop.services.register", "desktop.services.salon",
    "desktop.printing.attendance", "desktop.printing.calltree", "desktop.printing.custody",
    "desktop.printing.document", "desktop.printing.labels", "desktop.printing.lists", "desktop.printing.pack",
    "desktop.printing.postcards", "desktop.printing.register_print", "desktop.printing.rows",
    "desktop.printing.safety", "desktop.printing.sheets",
    "reportlab.lib.fonts",
)
ENGINE_CODECS = ("mac_roman", "utf_16_be")  # the TrueType fonts' name tables


def import_engine() -> None:
    """Import everything a print job needs, here and now (see ENGINE_MODULES); quick once done."""
    import codecs
    import importlib

    for name in ENGINE_MODULES:
        importlib.import_module(name)
    for codec in ENGINE_CODECS:
        codecs.lookup(codec)


class JobError(ValueError):
    """A request that cannot be printed; str(exc) is a sentence a person can act on."""


@dataclass(frozen=True)
class JobRequest:
    """Everything the user chose. Fields in `data_key` change the rows; the rest only the layout."""

    kind: str
    block: str | None = None  # block name (titles, the ledger); None = the whole association
    block_id: int | None = None  # the chosen block; when None, `block` is looked up by name
    mode: str = "normal"  # register kinds: normal | disaster
    reason: str = ""  # disaster mode: why (the audit log keeps it)
    per: str = "household"  # address kinds
    sort: str = "postal"
    sheet_id: str = ""
    start: int = 1
    offset_mm: tuple[float, float] | None = None  # None: the offset saved for the sheet
    outlines: bool = False
    horizontal: bool = False  # cards
    numerals: str = "digits"
    hyphen: str = "bar"
    sender: bool = True
    frames: bool = False
    salon: str | None = None  # attendance; None = every active salon
    year: int = 0
    month: int = 0
    days: int = 30  # follow-up
    missed: int = 2  # follow-up: salon sessions missed in a row

    def data_key(self) -> tuple:
        return (self.kind, self.block, self.block_id, self.mode, self.reason, self.per, self.sort, self.salon, self.year,
                self.month, self.days, self.missed)

    @property
    def scope(self) -> str:
        return self.block or WHOLE

    @property
    def personal(self) -> bool:
        """Every kind carries personal data (names at least); only calibration pages do not."""
        return True


@dataclass
class PreparedJob:
    """Rows read for one request; `render` may run many times with other layout options."""

    request: JobRequest
    title: str
    problems: list = field(default_factory=list)
    data: object = None
    _render: Callable | None = None

    @property
    def kind(self) -> str:
        return self.request.kind

    @property
    def missing(self) -> list:
        """Glyph problems that would print as 〓 (no bundled font has the character)."""
        return [p for p in self.problems if p.missing]


def kind_name(kind: str) -> str:
    return _(KIND_NAMES[kind])


def titled(what: str, scope: str) -> str:
    """A job's title for the custody question and the ledger: 「はがき 全体」, "Postcards (はがき),
    whole association", "Call list (table), 1班"."""
    return _("%(what)s, %(scope)s") % {"what": what, "scope": words.scope_text(scope)}


def prepare(request: JobRequest, *, today: dt.date, actor: str = "") -> PreparedJob:
    """Read the rows for `request`. Disaster mode needs a reason (the caller asked the
    person to confirm); register_rows records it in the audit log."""
    kind = request.kind
    if kind not in KINDS and kind != "ledger":
        raise JobError(kind)
    if kind in REGISTER_KINDS and request.mode == "disaster" and not request.reason.strip():
        raise JobError(_("Disaster mode prints everyone, also people who did not consent. Say why; it is recorded."))
    block = resolve_block(request)
    title = titled(kind_name(kind), request.scope) if kind != "ledger" else kind_name(kind)
    if kind in REGISTER_KINDS and request.mode == "disaster":
        title += " " + _("(disaster mode)")  # the ledger line shows at a glance what went out
    if kind in ADDRESS_KINDS:
        return _prepare_addresses(request, block, title)
    return _prepare_list(request, block, title, today, actor)


def resolve_block(request: JobRequest):
    """The block of the request: by id when the print page chose it, else by name (the command
    line). JobError when it is gone, unknown, or when several blocks have the name."""
    from db.queries import print_lists as pl

    try:
        if request.block_id is not None:
            return pl.block_by_id(request.block_id)
        return pl.block_by_name(request.block)
    except pl.AmbiguousBlock as exc:
        raise JobError(ambiguous_block_text(exc)) from exc
    except LookupError as exc:
        if request.block_id is not None:
            raise JobError(_("The block %s was deleted or merged into another. Choose the block again.")
                           % (request.block or "")) from exc
        raise JobError(_("There is no block called %s.") % exc) from exc


def ambiguous_block_text(exc) -> str:
    """Several blocks share the name: list them, and say how to make the name unique."""
    listed = "\n".join(_("  %(name)s (id %(id)d, %(households)d households)")
                       % {"name": b.name, "id": b.id, "households": n} for b, n in exc.counted())
    return _("%(n)d blocks are called %(name)s, so it is not clear which one to print:\n%(listed)s\n"
             "Merge them, or rename one, in the roster → Blocks….") % {"n": len(exc.found), "name": exc.name, "listed": listed}


def _prepare_addresses(request: JobRequest, block, title: str) -> PreparedJob:
    from db.queries.print_sources import label_rows, sender
    from desktop.printing import labels, postcards

    rows = label_rows(request.per, None, request.sort if request.kind == "labels" else "postal",
                      block_id=block.id if block is not None else None)
    font = postcards.CardOptions().font if request.kind in CARD_KINDS else labels.LabelOptions().font
    return PreparedJob(request, title, labels.preflight(rows, font), (rows, sender()))


def _prepare_list(request: JobRequest, block, title: str, today: dt.date, actor: str) -> PreparedJob:
    from db.queries import print_lists as pl
    from db.queries.register import register_rows
    from desktop.printing import calltree, document, register_print, safety

    kind, mode, reason = request.kind, request.mode, request.reason.strip()
    bid = block.id if block is not None else None

    def reg(purpose: str):
        return register_rows(mode, reason=reason, actor=actor, confirmed=mode == "disaster", block_id=bid,
                             purpose=purpose)

    if kind in ("calltree", "calllist"):
        from desktop.services import calltree as trees

        # DESIGN.md: trees are made per block automatically; a block's first print makes it
        docs = trees.print_docs(block, actor)
        # the whole association's households in no 班: no tree reaches them; said on paper
        unassigned = pl.unassigned() if block is None else None
        texts = calltree.texts(docs) + [(n.name, n.name) for n in (unassigned.callees if unassigned else ())]
        return PreparedJob(request, title, document.glyph_problems(texts), (docs, unassigned))
    if kind in ("safety", "tally"):
        blocks = pl.safety_blocks(block, pl.support_ids(reg(kind)))
        problems = document.glyph_problems(safety.texts(blocks)) if kind == "safety" else []
        return PreparedJob(request, title, problems, blocks)
    if kind in ("register", "plan"):
        rows = reg(kind)
        return PreparedJob(request, title, document.glyph_problems(register_print.texts(rows)), rows)
    if kind == "pack":
        from desktop.services import calltree as trees

        data = pl.pack_data(block, mode, reason=reason, actor=actor, confirmed=mode == "disaster")
        data = dataclasses.replace(data, trees=trees.print_docs(block, actor),
                                   unassigned=pl.unassigned() if block is None else None)
        texts = calltree.texts(data.trees) + safety.texts(data.blocks) + register_print.texts(data.register)
        return PreparedJob(request, title, document.glyph_problems(texts), data)
    if kind == "directory":
        rows = pl.directory_rows(block)
        return PreparedJob(request, title, document.glyph_problems([(r.name, r.name + r.address) for r in rows]), rows)
    if kind == "attendance":
        sheets = [pl.attendance_sheet(s, request.year or today.year, request.month or today.month)
                  for s in _salons(request.salon)]
        title = f"{kind_name(kind)} {request.year or today.year}-{request.month or today.month:02d}"
        problems = document.glyph_problems([(n, n) for s in sheets for n, _r in s.people])
        return PreparedJob(request, title, problems, sheets)
    if kind == "followup":
        from db.queries.followup import follow_up_list

        rows = follow_up_list(today, days=request.days, missed=request.missed)
        if block is not None:
            rows = [r for r in rows if r.block_id == block.id]
        rows, left_off = pl.followup_consented(rows)
        note = _("%d people on the support register without consent are left off this print.") % left_off if left_off else ""
        return PreparedJob(request, title, document.glyph_problems([(r.name, r.name) for r in rows]), (rows, note))
    return PreparedJob(request, title, [], pl.custody_rows())  # ledger


def _salons(name: str | None) -> list:
    from db import models as m
    from db.queries import print_lists as pl

    if name:
        try:
            return [pl.salon_by_name(name)]
        except LookupError as exc:
            raise JobError(_("There is no salon called %s.") % name) from exc
    return list(m.Salon.select().where(m.Salon.active == True).order_by(m.Salon.id))  # noqa: E712


def list_options(request: JobRequest, today: dt.date, entry=None):
    """PrintOptions for a list kind: the mode banner for register kinds, and with a custody
    `entry` the copies 「N部のうち k」 and the ledger number."""
    from desktop.printing import custody as copies

    mode = request.mode if request.kind in REGISTER_KINDS else None
    return copies.options_for(entry, date=today, mode=mode, reason=request.reason.strip())


def render(job: PreparedJob, out, *, today: dt.date, layout: JobRequest | None = None, entry=None):
    """Write the PDF of a prepared job to `out` (path or binary file). `layout` may carry
    other layout options (sheet, start, offset, card style) than the request that read the
    rows; `entry` is the custody ledger line (None: a preview, one set, no copy marks). With an
    entry the PDF holds its `copies` sets one after the other, for every kind: printed once,
    or sent to the printer, it makes exactly the copies the ledger counts."""
    from desktop.printing import attendance, calltree, lists, pack, register_print, safety

    req = layout or job.request
    kind = job.kind
    copies = entry.copies if entry is not None else 1
    if kind == "labels":
        from desktop.printing import labels, sheets

        rows, _sender = job.data
        try:
            sheet = sheets.get_sheet(req.sheet_id)
        except sheets.SheetError as exc:
            raise JobError(str(exc)) from exc
        if not 1 <= req.start <= sheet.per_page:
            raise JobError(_("The start label must be between 1 and %d.") % sheet.per_page)
        opts = labels.LabelOptions(per=req.per, start=req.start, outlines=req.outlines, offset_mm=req.offset_mm,
                                   copies=copies)
        return labels.render_labels(rows, out, sheet, opts)
    if kind in CARD_KINDS:
        from desktop.printing import postcards

        rows, sender = job.data
        opts = postcards.CardOptions(horizontal=req.horizontal, numerals=req.numerals, hyphen=req.hyphen,
                                     frames=req.frames, offset_mm=req.offset_mm or (0.0, 0.0), copies=copies)
        spec = postcards.POSTCARD if kind == "postcards" else postcards.ENVELOPE
        return postcards.render_cards(rows, out, spec, sender if req.sender else None, opts)
    opts = list_options(job.request, today, entry)
    data = job.data
    if kind == "calltree":
        docs, unassigned = data
        return calltree.render_calltrees(docs, out, opts, unassigned)
    if kind == "calllist":
        docs, unassigned = data
        return lists.render_call_lists(docs, out, opts, unassigned)
    if kind == "safety":
        return safety.render_safety(data, out, opts)
    if kind == "tally":
        return safety.render_tally(data, out, opts)
    if kind == "register":
        return register_print.render_register(data, out, opts)
    if kind == "plan":
        return register_print.render_plans(data, out, opts)
    if kind == "pack":
        if entry is not None:  # the cover names who holds the pack; keep the cached rows untouched
            data = dataclasses.replace(data, recipient=entry.recipient, destroy_by=entry.destroy_by)
        return pack.render_pack(data, out, opts)
    if kind == "directory":
        return lists.render_directory(data, out, opts)
    if kind == "attendance":
        return attendance.render_attendance(data, out, opts)
    if kind == "followup":
        rows, note = data
        return lists.render_followup(rows, out, today, opts, note)
    return lists.render_ledger(data, out, today, opts)


def small_text(result) -> str:
    """The note for a print whose text had to shrink below what our readers read easily, or ""
    (labels and lists have their own limit and advice; a result without a measure has none)."""
    from desktop.printing import document, labels
    from desktop.printing.list_rows import ListResult

    size = getattr(result, "smallest_pt", 0.0)
    if isinstance(result, ListResult):
        return document.small_text_note(size) if 0 < size < document.SMALL_PT else ""
    return labels.small_text_note(size) if 0 < size < labels.SMALL_PT else ""


def render_bytes(job: PreparedJob, *, today: dt.date, layout: JobRequest | None = None, entry=None):
    """(result, PDF bytes), rendered in memory: a preview never writes personal data to disk."""
    import io

    buffer = io.BytesIO()
    result = render(job, buffer, today=today, layout=layout, entry=entry)
    return result, buffer.getvalue()


def render_calibration(sheet_id: str, out, offset_mm: tuple[float, float] | None = None) -> None:
    """The blank 位置合わせ page for a label sheet (no personal data: no custody)."""
    from desktop.printing import labels, sheets

    sheet = sheets.get_sheet(sheet_id)
    labels.render_calibration(out, sheet, offset_mm if offset_mm is not None else sheets.get_offset(sheet_id))


def output(job: PreparedJob, path=None, *, today: dt.date, layout: JobRequest | None = None, recipient: str = "",
           copies: int = 1, destroy_by: dt.date | None = None, actor: str = "", cancelled: Callable[[], bool] = bool):
    """The print or the saved PDF: the custody ledger line, the PDF and (with `path`) the
    file, in one transaction, so a failed or cancelled job leaves neither a ledger line nor
    a file. Returns (result, entry, pdf bytes); raises JobCancelled when `cancelled()`
    turned true on the way."""
    import os
    from pathlib import Path

    from db.database import db
    from desktop import private_files
    from desktop.services import custody

    mode = job.request.mode if job.kind in REGISTER_KINDS else "normal"
    note = job.request.reason.strip() if mode == "disaster" else ""
    with db.atomic():  # an exception (JobCancelled too) rolls the ledger line back
        entry = custody.record_print(job.kind, job.title, job.request.scope, recipient, copies, destroy_by,
                                     mode=mode, note=note, actor=actor, today=today)
        if cancelled():
            raise JobCancelled()
        result, data = render_bytes(job, today=today, layout=layout, entry=entry)
        # Nothing at all (no page): no empty PDF and no ledger line. A page that says "nobody
        # to call" or a blank attendance sheet for a new salon is a real print.
        if not result.pages:
            raise JobError(_("Nothing to print for this choice. Choose another block or print."))
        if cancelled():
            raise JobCancelled()
        if path is not None:
            path = Path(path)
            tmp = private_files.part_path(path)
            private_files.sweep_stale(path.parent)
            try:
                # names, addresses, health reasons: readable by this user only, like exports
                private_files.write_private_bytes(tmp, data)
                os.replace(tmp, path)  # a half-written PDF never carries the real name
            finally:
                tmp.unlink(missing_ok=True)
    return result, entry, data


class JobCancelled(Exception):
    """The person pressed 中止 while the job ran."""


def default_destroy_by(request: JobRequest, today: dt.date) -> dt.date:
    from desktop.services import custody

    return custody.default_destroy_by(request.mode if request.kind in REGISTER_KINDS else "normal", today)


def default_recipient(request: JobRequest) -> str:
    """A block's print goes to its 班長 (named when one is set and still leads the block: not
    dead, moved out or in the trash), the whole association's to 会長."""
    from db import models as m
    from db.queries.roster import block_leaders
    from desktop.services import custody

    if request.block:
        b = (m.Block.get_or_none(m.Block.id == request.block_id) if request.block_id is not None
             else m.Block.get_or_none(m.Block.name == request.block))
        leader = block_leaders(b.id).get(b.id) if b is not None and b.leader_id else None
        if leader is not None and leader.current:
            return _("Block leader of %(block)s, %(name)s") % {"block": request.block, "name": leader.name}
    return custody.default_recipient(request.block)
