"""A drop-down that may be narrower than its text: it ends the shown text with 「…」 instead of
cutting it mid-letter, and its list opens wide enough for every item in full.

Why: the サロン page's session picker ("Tue 10 Nov 2026 (Reiwa 8) 13:30  季節の便り  [In person]")
wanted 635 px in large English text and would not shrink, so the buttons beside it were cut
(「Previou」) and the page ran off the right edge of a laptop screen.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class ElidingComboBox(QComboBox):
    def __init__(self, min_chars: int = 16, parent: QWidget | None = None):
        super().__init__(parent)
        # As narrow as `min_chars` characters; a layout stretch gives it more when there is room.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(min_chars)
        self.currentIndexChanged.connect(self._update_tip)

    def _field_width(self) -> int:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return field.width() - 2  # the label is drawn 1 px in from each side

    def shown_text(self) -> str:
        """The current text as it is drawn: whole, or cut at a character with 「…」."""
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, self._field_width())

    def _update_tip(self, *_args) -> None:
        """The whole text as a tooltip, only while it is shortened."""
        self.setToolTip(self.currentText() if self.shown_text() != self.currentText() else "")

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._update_tip()

    def showPopup(self) -> None:  # noqa: N802 - Qt override
        """Open the list at least as wide as its longest item."""
        view = self.view()
        need = view.sizeHintForColumn(0) + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(min(need, self.screen().availableGeometry().width() if self.screen() else need))
        super().showPopup()
