"""Fonts and the look for older eyes: BIZ UDGothic, 12 pt text (16 pt in large-text mode),
click targets at least 32 px high, strong contrast, a thick ring around the control that has
the keyboard focus (ui/focus_ring.py).

The bundled fonts are registered at start-up so Japanese renders on a machine without
Japanese fonts; IPAmj明朝 is a fallback family for rare name characters (異体字).
Sizes live in one application stylesheet that is rebuilt when the mode changes, so the
switch is live for every open widget.
"""
from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

import resources
from ui import focus_ring

log = logging.getLogger(__name__)

NORMAL_PT = 12
LARGE_PT = 16
FOCUS_RING_PX = (3, 4)  # the focus ring's thickness in normal and in large text (ui/focus_ring.py)
FONT_FILES = ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf", "ipamjm.ttf")
FALLBACK_FAMILIES = ("BIZ UDGothic", "IPAmjMincho", "Noto Sans CJK JP", "Yu Gothic UI", "Meiryo", "sans-serif")

_families: list[str] | None = None


def register_fonts() -> list[str]:
    """Add the bundled fonts once; return the family list for the application font."""
    global _families
    if _families is not None:
        return _families
    loaded: list[str] = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resources.path("fonts", name)))
        if font_id < 0:
            log.warning("could not load font %s", name)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in loaded:
                loaded.append(family)
    _families = loaded + [f for f in FALLBACK_FAMILIES if f not in loaded]
    return _families


def point_size(large: bool) -> int:
    return LARGE_PT if large else NORMAL_PT


def app_font(large: bool) -> QFont:
    font = QFont()
    font.setFamilies(register_fonts())
    font.setPointSize(point_size(large))
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def stylesheet(large: bool) -> str:
    pt = point_size(large)
    target = 44 if large else 34  # minimum click-target height in px
    return f"""
QWidget {{ font-size: {pt}pt; }}
QLabel {{ padding-bottom: 3px; }}
QPushButton, QToolButton, QComboBox, QLineEdit, QAbstractSpinBox {{ min-height: {target}px; }}
QPushButton {{ padding: 2px 14px; min-width: {pt * 5}px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ width: {pt + 14}px; }}
QCheckBox, QRadioButton {{ min-height: {target}px; spacing: 8px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: {pt + 6}px; height: {pt + 6}px; }}
QMenuBar::item, QMenu::item {{ padding: 6px 14px; }}
QLabel[role="title"] {{ font-size: {round(pt * 1.6)}pt; font-weight: bold; color: #1a1a1a; }}
QLabel[role="heading"] {{ font-size: {round(pt * 1.25)}pt; font-weight: bold; color: #1a1a1a; }}
QLabel[role="field"] {{ font-weight: bold; color: #1a1a1a; padding-top: 6px; }}
QLabel[role="hint"] {{ color: #3d3d3d; }}
QLabel[role="error"] {{ color: #b00020; font-weight: bold; }}
QLabel[role="notice"] {{ color: #0b5394; }}
QFrame[role="card"] {{ background: #ffffff; border: 1px solid #c8c8c8; border-radius: 6px; }}
QLabel[role="count"] {{ font-size: {round(pt * 2)}pt; font-weight: bold; color: #0b5394; }}
QWidget#navigation {{ background: #eef2f6; }}
QPushButton[role="nav"] {{
    text-align: left; padding: 8px 16px; min-height: {target + 6}px;
    border: none; border-radius: 6px; background: transparent; color: #1a1a1a;
}}
QPushButton[role="nav"]:hover {{ background: #dbe4ee; }}
QPushButton[role="nav"]:checked {{ background: #0b5394; color: #ffffff; font-weight: bold; }}
QPushButton[role="big"] {{ min-height: {target + 22}px; padding: 8px 18px; font-weight: bold; }}
QTabWidget[role="buttons"] > QTabBar::tab {{ min-height: {target}px; padding: 0px 12px; }}
"""


def apply(app: QApplication, large: bool) -> None:
    """Set the application font and stylesheet; every open widget follows.

    Nothing is done when both are already in place: re-setting a stylesheet re-polishes
    every widget in the process, which is slow and, for widgets already on their way out,
    has crashed (seen once in a test teardown)."""
    font, sheet = app_font(large), stylesheet(large)
    if app.font() != font:
        app.setFont(font)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    focus_ring.install(app, FOCUS_RING_PX[bool(large)])


def field_label(text: str) -> QLabel:
    """The bold caption above an input in a form."""
    return set_role(QLabel(text), "field")


def set_role(widget, role: str):
    """Give a widget a style role (title, heading, hint, error, card, nav...)."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    return widget


LINE_HEIGHT = 145  # percent: the bundled font has no line gap, so wrapped Japanese lines touch


class WrapLabel(QLabel):
    """A word-wrapped label with comfortable line spacing.

    Plain text goes in and comes out of text(); it is shown as rich text with a CSS
    line-height, which QLabel's plain-text layout cannot do.
    """

    def __init__(self, text: str = "", role: str = "", parent=None):
        super().__init__(parent)
        self._plain = ""
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if role:
            set_role(self, role)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self._plain = text or ""
        body = html.escape(self._plain).replace("\n", "<br>")
        super().setText(f'<div style="line-height:{LINE_HEIGHT}%;">{body}</div>')

    def text(self) -> str:
        return self._plain


def scroll_page(page: QWidget, spacing: int = 12) -> QVBoxLayout:
    """Give a page one scroll area over its whole content and return the content's layout,
    so large text or a small screen never squeezes or clips what the page shows."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    # Not a Tab stop: focus on the area itself showed nothing; Tab scrolls to each control,
    # and Page Up/Down typed in a control still reach the area and scroll it.
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    outer.addWidget(scroll)
    body = QWidget()
    scroll.setWidget(body)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(32, 28, 32, 28)
    layout.setSpacing(spacing)
    return layout
