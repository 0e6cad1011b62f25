"""印刷 (print) page: choose what, for whom and how on the left; the PDF as it will print on
the right; then 印刷… or PDFとして保存….

Everything with personal data first asks who receives it (custody ledger); a character no
bundled font has is named before anything is printed; disaster mode asks for confirmation
and a reason and is shown on the page for as long as it is on. The work runs off the UI
thread (ui/printing/jobs.py over desktop/printing/jobs.py).
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop import settings as options
from desktop.i18n import _, language
from desktop.printing import jobs, sheets
from ui import dialogs
from ui.printing.custody_dialog import CustodyAnswer, CustodyDialog
from ui.printing.jobs import OutputJob, PreviewRunner, print_pdf
from ui.printing.options import OptionsPanel
from ui.printing.preview import PreviewPane
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.setting_spin import show_setting
from ui.style import WrapLabel, set_role

from ui.register.disaster_mode_dialog import DisasterModeDialog

DISASTER_STYLE = "QFrame#disasterBanner { background: #fde8e6; border: 2px solid #b00020; border-radius: 6px; }"


class PrintingPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.output_job: OutputJob | None = None
        self.ledger_dialog = None
        self.calltree_editor = None
        self.last_output: Path | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(set_role(QLabel(_("Print")), "title"))
        top.addStretch(1)
        self.ledger_button = QPushButton(_("Custody ledger (持ち出し記録)"))
        self.calltree_button = QPushButton(_("Edit call trees"))
        top.addWidget(self.calltree_button)
        top.addWidget(self.ledger_button)
        layout.addLayout(top)

        self.banner = QFrame()
        self.banner.setObjectName("disasterBanner")
        self.banner.setStyleSheet(DISASTER_STYLE)
        row = QHBoxLayout(self.banner)
        self.banner_label = WrapLabel("", "error")
        row.addWidget(self.banner_label, 1)
        self.normal_button = QPushButton(_("Back to normal times"))
        row.addWidget(self.normal_button)
        self.banner.hide()
        layout.addWidget(self.banner)

        body = QHBoxLayout()
        self.options = OptionsPanel(context.today(), context.settings.get(options.DATE_STYLE))
        scroll = QScrollArea()
        scroll.setWidget(self.options)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop (see ui.style.scroll_page)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.options_scroll = scroll
        body.addWidget(scroll, 2)
        right = QVBoxLayout()
        self.preview = PreviewPane()
        right.addWidget(self.preview, 1)
        self.glyph_label = WrapLabel("", "error")
        self.glyph_label.hide()
        right.addWidget(self.glyph_label)
        self.mode_label = WrapLabel("", "hint")
        right.addWidget(self.mode_label)
        buttons = FlowLayout()  # wraps rather than cut 「PDFに保存」 in large text on a small screen
        self.save_button = set_role(QPushButton(_("Save as PDF…")), "big")
        self.print_button = set_role(QPushButton(_("Print…")), "big")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        right.addLayout(buttons)
        body.addLayout(right, 5)
        layout.addLayout(body, 1)

        self.runner = PreviewRunner(context, self)
        self.runner.started.connect(self._preview_started)
        self.runner.finished.connect(self._preview_done)
        self.runner.failed.connect(self._preview_failed)
        self.preview.retry_button.clicked.connect(self.retry_preview)
        # The follow-up print starts from the same 「連絡していない日数」 as the つながりチェック
        # page (one setting; changing it here changes it there too).
        self._sync_follow_up_days()
        self.options.days_spin.valueChanged.connect(
            lambda days: self.context.settings.set(options.FOLLOW_UP_DAYS, days))
        self.options.changed.connect(self._choices_changed)
        self.options.disaster_requested.connect(self.turn_on_disaster_mode)
        self.options.sheet_picker.calibration_requested.connect(self.print_calibration)
        self.options.sheet_picker.custom_sheet_requested.connect(self.add_custom_sheet)
        self.normal_button.clicked.connect(lambda: self.options.set_mode("normal"))
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_document)
        self.ledger_button.clicked.connect(self.open_ledger)
        self.calltree_button.clicked.connect(self.open_calltree_editor)
        self._dirty = True  # the main window builds every page at start: work only once shown
        self._seen_version = None  # the audit log's newest entry when the data was last read
        self._update_mode_display(self.current_request())

    # -- modals (replaced in tests) -----------------------------------------------------------
    def ask_printer(self) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_save_path(self, suggested: str) -> Path | None:
        start = Path.home() / suggested
        return dialogs.ask_save_file(self, _("Save as PDF"), start, _("PDF files (*.pdf)"))

    def ask_custody(self, job: jobs.PreparedJob, saving: bool) -> CustodyAnswer | None:
        today = self.context.today()
        return CustodyDialog.ask(self, job.title, jobs.default_recipient(job.request), 1,
                                 jobs.default_destroy_by(job.request, today), today,
                                 self.context.settings.get(options.DATE_STYLE), saving)

    def ask_disaster(self) -> tuple[bool, str] | None:
        return DisasterModeDialog.ask(self)

    def ask_print_anyway(self, problems: list) -> bool:
        return dialogs.confirm(self, _("Some characters are in no font and would print as 〓."), _("Print anyway"),
                               _("Cancel"), glyph_text(problems))

    def show_error(self, text: str, detail: str = "") -> None:
        dialogs.show_error(self, text, detail)

    # -- page --------------------------------------------------------------------------------
    def _fit_options(self) -> None:
        """The choices column as wide as its widest row needs in the current text size
        (large-text mode makes it wider), so nothing is cut off on the right."""
        self.options.fit_rows()
        need = self.options.minimumSizeHint().width() + self.options_scroll.verticalScrollBar().sizeHint().width() + 8
        self.options_scroll.setMinimumWidth(max(400, need))
        self.options_scroll.setMaximumWidth(max(560, need))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_options()

    def _sync_follow_up_days(self) -> None:
        if show_setting(self.options.days_spin, self.context.follow_up_days):
            self._dirty = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        self._sync_follow_up_days()
        self.options.set_date_style(self.context.settings.get(options.DATE_STYLE))  # 設定 may have changed it
        self._fit_options()
        # The data may have changed on another page (a consent withdrawn, someone put in the
        # trash, a new 班): read it again, so the preview shows what would be printed. Every
        # change writes the audit log, so its newest entry tells whether anything changed
        # (coming back to the page, or un-minimising the window, does not render it again).
        if self._dirty or self._data_version() != self._seen_version:
            self.refresh()

    def _data_version(self):
        from db import models as m

        if self.context.store is None:
            return None
        return m.AuditLog.select(m.AuditLog.id).order_by(m.AuditLog.id.desc()).limit(1).scalar()

    def refresh(self) -> None:
        """The file or its data changed: reread blocks and salons and make the preview again."""
        self._seen_version = self._data_version()
        self.options.reload_blocks()
        self.runner.invalidate()
        self._choices_changed()

    def current_request(self) -> jobs.JobRequest:
        # the follow-up print lists who the つながりチェック page lists: the same missed-sessions setting
        return dataclasses.replace(self.options.request(), missed=self.context.follow_up_missed)

    def _choices_changed(self) -> None:
        request = self.current_request()
        self._update_mode_display(request)
        self._set_ready(False)
        if not self.isVisible():
            self._dirty = True  # made when the page is shown (no background work for a hidden page)
            return
        self._dirty = False
        self.preview.set_status(_("Making the preview…"))
        self.runner.schedule(request)

    def _update_mode_display(self, request: jobs.JobRequest) -> None:
        disaster = request.kind in jobs.REGISTER_KINDS and request.mode == "disaster"
        self.banner.setVisible(disaster)
        if disaster:
            self.banner_label.setText(_("DISASTER MODE is on: this print includes people who did not agree. "
                                        "Reason: %s") % request.reason)
        if request.kind in jobs.REGISTER_KINDS:
            self.mode_label.setText(_("Disaster mode: everyone") if disaster else _("Normal times: only people who agreed"))
        else:
            self.mode_label.setText("")

    def _set_ready(self, ready: bool) -> None:
        busy = self.output_job is not None
        self.save_button.setEnabled(ready and not busy)
        self.print_button.setEnabled(ready and not busy)

    def _preview_started(self) -> None:
        self.preview.set_status(_("Making the preview…"))

    def _preview_done(self, preview) -> None:
        pages = self.preview.show_pdf(preview.data)
        problems = preview.job.problems
        notes = [glyph_text(problems)] if problems else []
        small = jobs.small_text(preview.result)
        if small:
            notes.append(small)
        notes += getattr(preview.result, "notes", [])  # households in no 班: where they are on the paper
        # Red only for what would print wrongly (〓); a substitute face or small text is a note.
        set_role(self.glyph_label, "error" if any(p.missing for p in problems) else "hint")
        self.glyph_label.setVisible(bool(notes))
        self.glyph_label.setText("\n".join(notes))
        items = getattr(preview.result, "items", 0)
        if pages == 0:
            self.preview.show_message(_("Nothing to print for this choice. Choose another block or print."))
            self.preview.set_status("")
        else:
            self.preview.set_status(_("%d items") % items if preview.request.kind in jobs.ADDRESS_KINDS else "")
        self._set_ready(pages > 0)

    def _preview_failed(self, exc) -> None:
        """A choice that cannot be printed says what to change; anything else (a bug, a file
        that could not be read) says so in plain words, with 「もう一度」, instead of leaving
        「見本を作っています…」 for ever. The log has the details (desktop.tasks)."""
        if isinstance(exc, (jobs.JobError, sheets.SheetError)):
            self.preview.show_message(str(exc))
        else:
            self.preview.show_message(_("The preview could not be made (%s). Press 「Try again」. If it fails again, "
                                        "close the app and open it again.") % type(exc).__name__, retry=True)
        self.preview.set_status("")
        self._set_ready(False)

    def retry_preview(self) -> None:
        """「もう一度」 after a failed preview: read the rows again and make it anew."""
        self.runner.invalidate()
        self._choices_changed()

    def preview_ready(self) -> bool:
        last = self.runner.last
        return bool(last and not self.runner.busy and last.request == self.current_request()
                    and self.preview.page_count() > 0)

    # -- disaster mode ---------------------------------------------------------------------
    def turn_on_disaster_mode(self) -> None:
        answer = self.ask_disaster()
        if answer and answer[0] and answer[1].strip():
            self.options.set_mode("disaster", answer[1].strip())
        else:
            self.options.set_mode("normal")

    # -- output ------------------------------------------------------------------------------
    def _checked_job(self, saving: bool) -> tuple[jobs.PreparedJob, jobs.JobRequest, CustodyAnswer] | None:
        if not self.preview_ready() or self.output_job is not None:
            return None
        preview = self.runner.last
        job = preview.job
        if job.missing and not self.ask_print_anyway(job.missing):
            return None
        answer = self.ask_custody(job, saving)
        if answer is None:
            return None
        return job, preview.request, answer

    def save_pdf(self) -> None:
        checked = self._checked_job(saving=True)
        if checked is None:
            return
        job, layout, answer = checked
        path = self.ask_save_path(suggested_name(job, self.context.today()))
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self._start_output(job, layout, answer, path, lambda result, entry, data: self._saved(path, entry))

    def print_document(self) -> None:
        checked = self._checked_job(saving=False)
        if checked is None:
            return
        job, layout, answer = checked
        # The PDF holds every copy the ledger counts, set after set (jobs.render), so the printer
        # runs it once: a printer that ignores copy counts still gives the right number.
        printer = self.ask_printer()
        if printer is None:
            return
        if printer.copyCount() > 1:  # paper the ledger would not count
            self.show_error(_("Nothing was printed: the printer window was set to %d copies.") % printer.copyCount(),
                            _("Choose the number of copies in 「Who receives it?」, so that the custody ledger counts "
                              "every copy, and leave the printer window at 1 copy. Then press Print… again."))
            return
        self._start_output(job, layout, answer, None, lambda result, entry, data: self._send(printer, data, entry))

    def _start_output(self, job, layout, answer: CustodyAnswer, path, on_done) -> None:
        text = _("Saving the PDF…") if path else _("Preparing the print…")
        self.output_job = OutputJob(self, self.context, job, layout, path=path, recipient=answer.recipient,
                                    copies=answer.copies, destroy_by=answer.destroy_by, text=text)
        self._set_ready(False)

        def finished():
            self.output_job = None
            self._set_ready(self.preview_ready())

        self.output_job.done.connect(lambda *value: (finished(), on_done(*value)))
        self.output_job.failed.connect(lambda exc: (finished(), self._output_failed(exc, path)))
        self.output_job.cancelled.connect(lambda: (finished(), self._cancelled(path)))

    def _saved(self, path: Path, entry) -> None:
        self.last_output = path
        self.preview.set_status(_("Saved %(file)s (ledger No. %(no)d).") % {"file": path.name, "no": entry.id})
        self._refresh_ledger()

    def _send(self, printer: QPrinter, data: bytes, entry) -> None:
        try:
            pages = print_pdf(data, printer)
        except (OSError, ValueError) as exc:
            self.show_error(_("The print did not go to the printer."), str(exc))
            return
        self.preview.set_status(_("Sent %(pages)d pages to the printer (ledger No. %(no)d).") % {"pages": pages, "no": entry.id})
        self._refresh_ledger()

    def _output_failed(self, exc, path) -> None:
        if isinstance(exc, OSError) and path is not None:
            self.show_error(_("The PDF could not be saved to %s.") % path, _("Choose another folder, e.g. 書類 (Documents)."))
        else:
            self.show_error(_("Nothing was printed or saved."), str(exc))

    def _cancelled(self, path) -> None:
        # desktop.printing.jobs.output checks before it writes and rolls the ledger line
        # back, so a stopped job has left neither a file nor a ledger line.
        self.preview.set_status(_("Stopped. Nothing was printed or saved."))

    # -- calibration, custom sheets ------------------------------------------------------
    def print_calibration(self) -> None:
        """The blank alignment page: no personal data, so no custody question."""
        from desktop import tasks

        picker = self.options.sheet_picker
        sheet_id, offset = picker.sheet_id(), picker.offset()
        printer = self.ask_printer()
        if printer is None:
            return

        def work():
            import os
            import tempfile

            fd, name = tempfile.mkstemp(suffix=".pdf")
            os.close(fd)
            try:
                jobs.render_calibration(sheet_id, name, offset)
                return Path(name).read_bytes()
            finally:
                os.unlink(name)

        def done(data):
            try:
                print_pdf(data, printer)
                self.preview.set_status(_("The alignment page went to the printer. Print it on plain paper."))
            except (OSError, ValueError) as exc:
                self.show_error(_("The print did not go to the printer."), str(exc))

        jobs.import_engine()  # on the main thread (see jobs.ENGINE_MODULES)
        tasks.run_task(work, done, lambda exc: self.show_error(_("The alignment page could not be made."), str(exc)))

    def add_custom_sheet(self) -> None:
        from ui.printing.sheet_dialog import CustomSheetDialog

        sheet = CustomSheetDialog.ask(self)
        if sheet is None:
            return
        try:
            saved = sheets.save_custom_sheet(sheet)
        except (sheets.SheetError, OSError) as exc:
            self.show_error(_("The sheet was not saved."), str(exc))
            return
        self.options.sheet_picker.reload(select=saved.id)

    # -- other screens -------------------------------------------------------------------
    def open_ledger(self) -> None:
        from ui.printing.ledger_dialog import LedgerDialog

        if self.ledger_dialog is None:
            self.ledger_dialog = LedgerDialog(self.context, self)
        self.ledger_dialog.refresh()
        self.ledger_dialog.show()
        self.ledger_dialog.raise_()

    def _refresh_ledger(self) -> None:
        if self.ledger_dialog is not None:
            self.ledger_dialog.refresh()

    def open_calltree_editor(self) -> None:
        from ui.printing.calltree_editor import CallTreeEditor

        if self.calltree_editor is None:
            self.calltree_editor = CallTreeEditor(self.context, self)
            self.calltree_editor.saved.connect(self.refresh)
        self.calltree_editor.refresh()
        self.calltree_editor.show()
        self.calltree_editor.raise_()


def glyph_text(problems: list) -> str:
    """One line per person: whose record has which character, and what will happen."""
    lines = []
    for p in problems:
        chars = " ".join(p.chars)
        if p.missing:
            lines.append(_("%(who)s: %(chars)s is in no font and prints as 〓. Correct the record on the roster page.")
                         % {"who": p.who, "chars": chars})
        else:
            lines.append(_("%(who)s: %(chars)s prints in IPAmj Mincho.") % {"who": p.who, "chars": chars})
    return "\n".join(lines[:8]) + ("\n…" if len(lines) > 8 else "")


# A Japanese gloss in an English name, "Postcards (はがき)": helpful on screen, noise in a file name.
_GLOSS = re.compile(r"\s*\([^()]*[^\x00-\x7f][^()]*\)")


def suggested_name(job: jobs.PreparedJob, today) -> str:
    """The print's title and the day: はがき_全体_20261129.pdf; in English without the Japanese
    glosses, Postcards_whole_association_20261129.pdf (a block's name stays as it is)."""
    title = job.title
    if language() == "en":
        title = _GLOSS.sub("", title).replace(",", "")
    safe = "".join(ch for ch in title if ch not in '\\/:*?"<>|').replace(" ", "_")
    return f"{safe}_{today:%Y%m%d}.pdf"
