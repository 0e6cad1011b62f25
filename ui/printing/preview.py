"""The preview: the PDF exactly as it will print, with the page count and zoom buttons that
say what they do (拡大 / 縮小 / ページ全体)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QPushButton, QStackedLayout, QVBoxLayout, QWidget

from desktop.i18n import _
from ui.printing.jobs import load_pdf
from ui.widgets.flow_layout import FlowLayout
from ui.style import WrapLabel, set_role

ZOOM_STEP = 1.25


class PreviewPane(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        # Page count and zoom buttons wrap, and the status has its own line: in large text one
        # row needed 391 px, and with the choices column the print page was wider than a
        # 1024-px screen.
        bar = FlowLayout()
        self.pages_label = set_role(QLabel(""), "heading")
        bar.addWidget(self.pages_label)
        self.zoom_out_button = QPushButton(_("Zoom out"))
        self.zoom_in_button = QPushButton(_("Zoom in"))
        self.fit_button = QPushButton(_("Whole page"))
        for b in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(b)
        layout.addLayout(bar)
        self.status_label = WrapLabel("", "hint")
        layout.addWidget(self.status_label)

        self.stack = QStackedLayout()
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #8a8f96; }")
        self.message = WrapLabel("", "notice")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # After a preview that failed: make it again, without changing a choice to get there.
        self.retry_button = QPushButton(_("Try again"))
        self.retry_button.hide()
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.addStretch(1)
        inner.addWidget(self.message)
        inner.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addStretch(1)
        self.stack.addWidget(self.view)
        self.stack.addWidget(holder)
        layout.addLayout(self.stack, 1)

        self.zoom_in_button.clicked.connect(lambda: self._zoom(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self._zoom(1 / ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit_page)
        self.show_message(_("Choose what to print on the left; it appears here."))

    # -- content ----------------------------------------------------------------------------
    def show_pdf(self, data: bytes) -> int:
        """Show the PDF bytes; returns the page count (0 if it could not be read)."""
        old = self._buffer
        self.document.close()
        self._buffer = load_pdf(self.document, data)
        if old is not None:
            old.close()
            old.deleteLater()
        pages = self.document.pageCount()
        self.pages_label.setText(_("%d pages") % pages if pages != 1 else _("1 page"))
        self.stack.setCurrentIndex(0)
        self._set_zoom_enabled(pages > 0)
        return pages

    def page_count(self) -> int:
        return self.document.pageCount() if self.stack.currentIndex() == 0 else 0

    def show_message(self, text: str, retry: bool = False) -> None:
        """Instead of a PDF: what is happening or what to do (with 「もう一度」 after a failure)."""
        self.message.setText(text)
        self.retry_button.setVisible(retry)
        self.pages_label.setText("")
        self.stack.setCurrentIndex(1)
        self._set_zoom_enabled(False)

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    # -- zoom --------------------------------------------------------------------------------
    def _set_zoom_enabled(self, on: bool) -> None:
        for b in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            b.setEnabled(on)

    def _zoom(self, factor: float) -> None:
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self._fit_factor()
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        else:
            current = self.view.zoomFactor()
        self.view.setZoomFactor(max(0.1, min(8.0, current * factor)))

    def _fit_factor(self) -> float:
        """The zoom that 'whole page' shows now, so 拡大 starts from what the person sees."""
        if self.document.pageCount() == 0:
            return 1.0
        size = self.document.pagePointSize(0)
        viewport = self.view.viewport().size()
        dpi = self.logicalDpiX() / 72.0
        return max(0.1, min(viewport.width() / (size.width() * dpi), viewport.height() / (size.height() * dpi)) * 0.95)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
