"""The Qt side of print jobs: a debounced preview in the background, the print or save
with a progress dialog that can stop it, and painting a PDF onto a QPrinter.

The work itself is desktop/printing/jobs.py (Qt-free); here it runs through
desktop.tasks.run_task on the one worker thread, so the window never freezes.
"""
from __future__ import annotations

import dataclasses
import threading

import shiboken6
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, QSizeF, QTimer, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desktop import tasks
from desktop.i18n import _
from desktop.printing import jobs
from ui.progress import DelayedProgress

DEBOUNCE_MS = 350
MAX_DPI = 600  # more adds nothing on paper; memory stays bounded by the bands below
BAND_PX = 1024  # a page is rendered in strips this high: 600 dpi A4 would be 140 MB at once


@dataclass
class Preview:
    """One finished preview: the request it shows, its rows and the PDF bytes."""

    request: jobs.JobRequest
    job: jobs.PreparedJob
    result: object
    data: bytes


def preview_layout(request: jobs.JobRequest) -> jobs.JobRequest:
    """On screen, labels show their outlines and cards their red boxes, so a person sees
    where things fall; the print itself follows the options chosen."""
    if request.kind == "labels":
        return dataclasses.replace(request, outlines=True)
    if request.kind in jobs.CARD_KINDS:
        return dataclasses.replace(request, frames=True)
    return request


class PreviewRunner(QObject):
    """Makes the preview PDF after the choices settle; one job at a time, stale ones dropped.

    The rows are read again only when a choice that changes them does (kind, block, mode,
    ...); a new sheet or start position only lays the cached rows out again — and a
    disaster-mode preview writes its audit entry once, not on every click."""

    started = Signal()
    finished = Signal(object)  # Preview
    failed = Signal(object)  # exception

    def __init__(self, context, parent=None, debounce_ms: int = DEBOUNCE_MS):
        super().__init__(parent)
        self.context = context
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._start)
        self._request: jobs.JobRequest | None = None
        self._generation = 0
        self._running = False
        self._running_generation = 0
        self._cache: tuple[tuple, jobs.PreparedJob] | None = None
        self.last: Preview | None = None

    @property
    def busy(self) -> bool:
        return self._running or self._timer.isActive()

    def schedule(self, request: jobs.JobRequest) -> None:
        self._request = request
        self._generation += 1
        self._timer.start()

    def invalidate(self) -> None:
        """Forget the cached rows (the data changed, e.g. after an edit on another page)."""
        self._cache = None

    def _start(self) -> None:
        if self._running or self._request is None:
            return  # the running job's end starts the newest request
        request, generation = self._request, self._generation
        cached = self._cache[1] if self._cache and self._cache[0] == request.data_key() else None
        today, actor = self.context.today(), self.context.operator_name
        self._running = True
        self._running_generation = generation
        self.started.emit()
        jobs.import_engine()  # here, not first on the worker thread (see jobs.ENGINE_MODULES)

        def work():
            job = cached or jobs.prepare(request, today=today, actor=actor)
            result, data = jobs.render_bytes(job, today=today, layout=preview_layout(request))
            return generation, Preview(request, job, result, data)

        tasks.run_task(work, self._done, self._failed)

    def _done(self, value) -> None:
        if not shiboken6.isValid(self):
            return  # the page was closed while the preview was being made
        self._running = False
        generation, preview = value
        self._cache = (preview.request.data_key(), preview.job)
        if generation != self._generation:
            self._start()  # the choices changed meanwhile: make the newest one
            return
        self.last = preview
        self.finished.emit(preview)

    def _failed(self, exc) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        if self._running_generation != self._generation:
            self._start()  # a newer request is waiting; its result is what matters
            return
        self.failed.emit(exc)


class OutputJob(QObject):
    """Print or save one prepared job with its custody line, behind a progress dialog that
    can stop it. `done(result, entry, data)`, `failed(exc)` or `cancelled()` follows."""

    done = Signal(object, object, object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, parent_widget, context, job: jobs.PreparedJob, layout: jobs.JobRequest, *, path=None,
                 recipient: str = "", copies: int = 1, destroy_by=None, text: str = ""):
        super().__init__(parent_widget)
        self.progress = DelayedProgress(parent_widget, text or _("Making the PDF…"), cancellable=True)
        self.cancel_event: threading.Event = self.progress.cancel_event
        self.progress.dialog.canceled.connect(lambda: self.progress.dialog.setLabelText(_("Stopping…")))
        today, actor = context.today(), context.operator_name
        event = self.cancel_event
        jobs.import_engine()  # on the main thread (see jobs.ENGINE_MODULES)

        def work():
            # The rows as they are now, not as the preview read them: a consent withdrawn or a
            # person put in the trash on another page since must not reach paper.
            fresh = jobs.prepare(job.request, today=today, actor=actor)
            asked = {ch for p in job.missing for ch in p.chars}
            new = sorted({ch for p in fresh.missing for ch in p.chars} - asked)
            if new:  # a name changed since the preview holds a character no font has: ask again
                raise jobs.JobError(_("Since the preview, a name with a character no font has (%s) was added. "
                                      "Look at the preview again, then print.") % "".join(new))
            return jobs.output(fresh, path, today=today, layout=layout, recipient=recipient, copies=copies,
                               destroy_by=destroy_by, actor=actor, cancelled=event.is_set)

        tasks.run_task(work, self._done, self._failed)

    def cancel(self) -> None:
        """What 中止 on the progress dialog does (its button emits `canceled`)."""
        self.progress.dialog.canceled.emit()

    def _done(self, value) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed meanwhile; the file and the ledger line stay consistent
        self.progress.finish()
        # 中止 pressed after the last check: the job is complete (file and ledger line both
        # written), so it is reported as done rather than half undone.
        self.done.emit(*value)

    def _failed(self, exc) -> None:
        if not shiboken6.isValid(self):
            return
        self.progress.finish()
        if isinstance(exc, jobs.JobCancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(exc)


def load_pdf(document: QPdfDocument, data: bytes) -> QBuffer:
    """Load PDF bytes into `document` from memory (the preview never touches the disk).
    Keep the returned buffer alive as long as the document uses it."""
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


def print_pdf(data: bytes, printer: QPrinter, cancelled=lambda: False) -> int:
    """Paint every page of the PDF onto `printer` at its resolution (capped at MAX_DPI),
    each page on paper of the size the PDF says (A4, はがき, 長形3号). Returns pages printed."""
    document = QPdfDocument()
    buffer = load_pdf(document, data)
    try:
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
            raise ValueError(_("The PDF could not be read for printing."))
        painter = QPainter()
        for page in range(document.pageCount()):
            if cancelled():
                break
            size_pt = document.pagePointSize(page)
            landscape = size_pt.width() > size_pt.height()
            page_size = QPageSize(QSizeF(min(size_pt.width(), size_pt.height()), max(size_pt.width(), size_pt.height())),
                                  QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
            layout = QPageLayout(page_size, QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
                                 printer.pageLayout().margins())
            printer.setFullPage(True)
            if page == 0:
                printer.setPageLayout(layout)
                if not painter.begin(printer):
                    raise OSError(_("The printer could not be started. Check that it is switched on."))
            else:
                printer.setPageLayout(layout)
                printer.newPage()
            _paint_page(document, page, painter, printer)
            QApplication.processEvents()  # keep the window painting between pages
        if painter.isActive():
            painter.end()
        return document.pageCount()
    finally:
        document.close()
        buffer.close()


def _paint_page(document: QPdfDocument, page: int, painter: QPainter, printer: QPrinter) -> None:
    dpi = min(printer.resolution(), MAX_DPI)
    size_pt = document.pagePointSize(page)
    full = QSize(round(size_pt.width() / 72 * dpi), round(size_pt.height() / 72 * dpi))
    target = printer.pageLayout().fullRectPixels(printer.resolution())
    scale_x, scale_y = target.width() / full.width(), target.height() / full.height()
    options = QPdfDocumentRenderOptions()
    for top in range(0, full.height(), BAND_PX):
        band = QRect(0, top, full.width(), min(BAND_PX, full.height() - top))
        options.setScaledClipRect(band)
        options.setScaledSize(full)
        image = document.render(page, band.size(), options)
        painter.drawImage(QRect(0, round(top * scale_y), round(band.width() * scale_x),
                                round(band.height() * scale_y) + 1), image)
