"""A label sheet that is not in the catalogue: the person measures it with a ruler (or copies
the figures from the package) and it is saved on this computer (sheets.save_custom_sheet)."""
from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QVBoxLayout

from desktop.i18n import _
from desktop.printing import sheets
from ui.style import WrapLabel, set_role


def _mm(value: float, top: float = 297.0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, top)
    spin.setDecimals(1)
    spin.setSingleStep(0.1)
    spin.setSuffix(" mm")
    spin.setValue(value)
    return spin


class CustomSheetDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Add a label sheet"))
        self.resize(560, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(set_role(WrapLabel(_("Add a label sheet")), "heading"))
        layout.addWidget(WrapLabel(_("Copy the figures from the package, or measure an unused sheet with a ruler "
                                     "(millimetres, from the top-left corner of the paper)."), "hint"))
        form = QFormLayout()
        self.maker_edit = QLineEdit()
        self.product_edit = QLineEdit()
        self.cols_spin, self.rows_spin = QSpinBox(), QSpinBox()
        for spin, value in ((self.cols_spin, 2), (self.rows_spin, 6)):
            spin.setRange(1, 20)
            spin.setValue(value)
        self.width_spin, self.height_spin = _mm(86.4, 210), _mm(42.3)
        self.left_spin, self.top_spin = _mm(18.6, 210), _mm(21.6)
        self.pitch_x_spin, self.pitch_y_spin = _mm(86.4, 210), _mm(42.3)
        form.addRow(_("Maker"), self.maker_edit)
        form.addRow(_("Product code"), self.product_edit)
        form.addRow(_("Columns (across)"), self.cols_spin)
        form.addRow(_("Rows (down)"), self.rows_spin)
        form.addRow(_("Label width"), self.width_spin)
        form.addRow(_("Label height"), self.height_spin)
        form.addRow(_("Left margin"), self.left_spin)
        form.addRow(_("Top margin"), self.top_spin)
        form.addRow(_("Distance to the next label (across)"), self.pitch_x_spin)
        form.addRow(_("Distance to the next label (down)"), self.pitch_y_spin)
        layout.addLayout(form)
        self.error_label = WrapLabel("", "error")
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"))
        self.save_button = QPushButton(_("Save the sheet"))
        self.save_button.setDefault(True)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._accept)

    def sheet(self) -> sheets.Sheet:
        product = self.product_edit.text().strip()
        slug = re.sub(r"[^0-9A-Za-z]+", "-", f"{self.maker_edit.text()}-{product}").strip("-").lower() or "sheet"
        return sheets.Sheet(
            id=sheets.CUSTOM_PREFIX + slug, maker=self.maker_edit.text().strip() or _("My sheet"), product=product,
            cols=self.cols_spin.value(), rows=self.rows_spin.value(),
            label_mm=(self.width_spin.value(), self.height_spin.value()),
            margin_mm=(self.left_spin.value(), self.top_spin.value()),
            pitch_mm=(self.pitch_x_spin.value(), self.pitch_y_spin.value()), custom=True)

    def _accept(self) -> None:
        if not self.product_edit.text().strip():
            self.error_label.setText(_("Write the product code printed on the package."))
            return
        try:
            sheets.validate(self.sheet())
        except sheets.SheetError as exc:
            self.error_label.setText(str(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, parent=None) -> sheets.Sheet | None:
        dialog = cls(parent)
        return dialog.sheet() if dialog.exec() == QDialog.DialogCode.Accepted else None
