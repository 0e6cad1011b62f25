"""Cell text that wraps with room between its lines and above and below, and a row height that
holds all of it.

Qt's own item painting sets wrapped lines edge to edge and sizes the row to exactly that; the
bundled font has no line gap and its glyphs reach the edges of the line, so two lines touched
and a third line was cut in half by the next row (seen on ホーム: 「…2 回続けて欠」 and then half
of 「席」). Here the lines get LINE_GAP of the font's height between them and PAD above and below,
and sizeHint() lays the text out exactly as paint() does, so a row sized to its contents
(QHeaderView.ResizeToContents) always holds every line.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

LINE_GAP = 0.3  # of the font's height, between two lines of one cell
PAD = 4  # px above the first line and below the last


def _layouts(text: str, font, width: float | None, alignment) -> tuple[list[QTextLayout], float, float]:
    """The text laid out in lines `width` px wide (None: no wrapping); (layouts, height, widest line)."""
    gap = round(QFontMetricsF(font).height() * LINE_GAP)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if width else QTextOption.WrapMode.NoWrap)
    option.setAlignment(alignment)
    layouts, y, widest, first = [], 0.0, 0.0, True
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width if width else 1_000_000)
            if not first:
                y += gap
            first = False
            line.setPosition(QPointF(0, y))
            y += line.height()
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
        layouts.append(layout)
    return layouts, y, widest


class WrapDelegate(QStyledItemDelegate):
    """Paints a cell's text itself (see the module doc); background, selection and focus are
    the style's, as in every other list."""

    @staticmethod
    def _style(option):
        return option.widget.style() if option.widget is not None else QApplication.style()

    def _text_width(self, option) -> float | None:
        """The width the text wraps at in a cell of option.rect (None: it does not wrap)."""
        if not option.features & QStyleOptionViewItem.ViewItemFeature.WrapText or option.rect.width() <= 0:
            return None
        style = self._style(option)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget)
        return max(1, rect.width() - 2 * margin)

    @staticmethod
    def _alignment(option):
        return option.displayAlignment & Qt.AlignmentFlag.AlignHorizontal_Mask

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not opt.text:
            return hint
        _layouts_, height, _widest = _layouts(opt.text, opt.font, self._text_width(opt), self._alignment(opt))
        return QSize(hint.width(), max(hint.height(), math.ceil(height) + 2 * PAD))

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, style = opt.text, self._style(opt)
        width = self._text_width(opt)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        layouts, height, _widest = _layouts(text, opt.font, width, self._alignment(opt))
        group = QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Enabled else QPalette.ColorGroup.Disabled
        if group == QPalette.ColorGroup.Normal and not opt.state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole.HighlightedText if opt.state & QStyle.StateFlag.State_Selected else QPalette.ColorRole.Text
        top = rect.top() + max(PAD, (rect.height() - height) / 2)  # centred; from the top if too tall
        painter.save()
        painter.setClipRect(opt.rect)
        painter.setPen(opt.palette.color(group, role))
        for layout in layouts:
            layout.draw(painter, QPointF(rect.left() + margin, top))
        painter.restore()
