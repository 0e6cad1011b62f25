"""Label sheet choices: the sheet (maker, product code, layout), the first label to use on a
partly used sheet (a small clickable drawing of the sheet), and the printer offset saved
per sheet, with the calibration page that helps find it."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.printing import sheets
from ui.style import WrapLabel, field_label


def sheet_text(sheet: sheets.Sheet) -> str:
    """「エーワン 72212 — 12面 (2×6) 86.4×42.3 mm」: maker, product code, layout."""
    w, h = sheet.label_mm
    mine = "　" + _("(your own)") if sheet.custom else ""
    return _("%(maker)s %(product)s — %(n)d labels (%(cols)d×%(rows)d), %(w)g×%(h)g mm") % {
        "maker": sheet.maker, "product": sheet.product, "n": sheet.per_page, "cols": sheet.cols,
        "rows": sheet.rows, "w": w, "h": h} + mine


class SheetDiagram(QWidget):
    """The sheet in miniature: used labels grey, the start label dark blue. Click a label
    to start there (keyboard: the spin box beside it does the same)."""

    start_chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sheet: sheets.Sheet | None = None
        self.start = 1
        self.setMinimumSize(QSize(120, 170))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(_("Click the label to start with"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(140, 198)

    def set_sheet(self, sheet: sheets.Sheet | None, start: int) -> None:
        self.sheet, self.start = sheet, start
        self.update()

    def _scale(self) -> float:
        pw, ph = self.sheet.paper_mm
        return min((self.width() - 2) / pw, (self.height() - 2) / ph)

    def label_rect(self, index: int) -> QRectF:
        """The on-screen rectangle of label `index` (0 = top-left)."""
        k = self._scale()
        x, y, w, h = self.sheet.label_rect(index)
        return QRectF(1 + x * k, 1 + y * k, max(2.0, w * k - 1), max(2.0, h * k - 1))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self.sheet is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        k = self._scale()
        pw, ph = self.sheet.paper_mm
        p.setPen(QPen(QColor("#555555"), 1))
        p.setBrush(QColor("#ffffff"))
        p.drawRect(QRectF(1, 1, pw * k, ph * k))
        for i in range(self.sheet.per_page):
            n = i + 1
            colour = "#c8c8c8" if n < self.start else "#0b5394" if n == self.start else "#e8f0f8"
            p.setBrush(QColor(colour))
            p.setPen(QPen(QColor("#6b7f95"), 0.8))
            p.drawRect(self.label_rect(i))
        p.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self.sheet is None:
            return
        pos: QPointF = event.position()
        for i in range(self.sheet.per_page):
            if self.label_rect(i).contains(pos):
                self.start = i + 1
                self.update()
                self.start_chosen.emit(i + 1)
                return


class SheetPicker(QWidget):
    """Sheet, start label, printer offset, calibration and "register your own sheet"."""

    changed = Signal()
    calibration_requested = Signal()
    custom_sheet_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field_label(_("Label sheet")))
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(18)
        layout.addWidget(self.combo)
        self.custom_button = QPushButton(_("Add a sheet not in the list…"))
        layout.addWidget(self.custom_button)

        layout.addWidget(field_label(_("Start with label")))
        row = QHBoxLayout()
        self.diagram = SheetDiagram()
        row.addWidget(self.diagram)
        side = QVBoxLayout()
        self.start_spin = QSpinBox()
        self.start_spin.setMinimum(1)
        side.addWidget(self.start_spin)
        side.addWidget(WrapLabel(_("Sheet used before? Click the first free label; grey ones are skipped."), "hint"))
        side.addStretch(1)
        row.addLayout(side, 1)
        layout.addLayout(row)

        layout.addWidget(field_label(_("Printer offset (mm)")))
        grid = QGridLayout()
        self.offset_x = self._offset_spin()
        self.offset_y = self._offset_spin()
        grid.addWidget(QLabel(_("right +")), 0, 0)
        grid.addWidget(self.offset_x, 0, 1)
        grid.addWidget(QLabel(_("down +")), 1, 0)
        grid.addWidget(self.offset_y, 1, 1)
        layout.addLayout(grid)
        self.offset_note = WrapLabel(_("Saved for this sheet on this computer."), "hint")
        layout.addWidget(self.offset_note)
        self.calibration_button = QPushButton(_("Print the alignment page"))
        layout.addWidget(self.calibration_button)

        self.reload()
        self.combo.currentIndexChanged.connect(self._sheet_changed)
        self.start_spin.valueChanged.connect(self._start_changed)
        self.diagram.start_chosen.connect(self.start_spin.setValue)
        self.offset_x.valueChanged.connect(self._offset_changed)
        self.offset_y.valueChanged.connect(self._offset_changed)
        self.calibration_button.clicked.connect(self.calibration_requested)
        self.custom_button.clicked.connect(self.custom_sheet_requested)

    @staticmethod
    def _offset_spin() -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-10.0, 10.0)
        spin.setSingleStep(0.5)
        spin.setDecimals(1)
        spin.setSuffix(" mm")
        return spin

    def reload(self, select: str | None = None) -> None:
        """Fill the list from the catalogue and the user's own sheets."""
        current = select or self.sheet_id()
        self.combo.blockSignals(True)
        self.combo.clear()
        for sheet in sheets.all_sheets():
            self.combo.addItem(sheet_text(sheet), sheet.id)
        index = self.combo.findData(current) if current else -1
        if index < 0:  # default: the common 12-up sheet (reference §1), else the first
            index = next((i for i in range(self.combo.count()) if self._sheet(i).per_page == 12), 0)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self._sheet_changed()

    def _sheet(self, index: int) -> sheets.Sheet:
        return sheets.get_sheet(self.combo.itemData(index))

    def sheet_id(self) -> str:
        return self.combo.currentData() or ""

    def sheet(self) -> sheets.Sheet | None:
        return sheets.get_sheet(self.sheet_id()) if self.sheet_id() else None

    def start(self) -> int:
        return self.start_spin.value()

    def offset(self) -> tuple[float, float]:
        return round(self.offset_x.value(), 2), round(self.offset_y.value(), 2)

    def _sheet_changed(self) -> None:
        sheet = self.sheet()
        if sheet is None:
            return
        self.start_spin.blockSignals(True)
        self.start_spin.setMaximum(sheet.per_page)
        self.start_spin.setValue(min(self.start_spin.value(), sheet.per_page))
        self.start_spin.blockSignals(False)
        dx, dy = sheets.get_offset(sheet.id)
        for spin, value in ((self.offset_x, dx), (self.offset_y, dy)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.diagram.set_sheet(sheet, self.start())
        self.changed.emit()

    def _start_changed(self) -> None:
        self.diagram.set_sheet(self.sheet(), self.start())
        self.changed.emit()

    def _offset_changed(self) -> None:
        if self.sheet_id():
            try:
                sheets.save_offset(self.sheet_id(), *self.offset())
            except (sheets.SheetError, OSError) as exc:
                self.offset_note.setText(str(exc))
        self.changed.emit()
