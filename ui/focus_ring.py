"""A thick ring around the control that has the keyboard focus, in every window.

The styles' own focus marks were a slightly lighter inside of the checked side-menu button, a
thin blue line on a drop-down and nothing at all on a scroll area: a person who moves with Tab,
or who just looks for where their typing goes, could not tell. Instead of restyling every kind
of control, one ring is drawn *outside* the focused control, over the space around it:
dark (3 px, 4 px in large text) with a white line between it and the control, so it shows on
the light pages as well as around the dark blue of the chosen side-menu button.

As browsers do (":focus-visible"), the ring shows while the person uses the keyboard (from a
Tab, Shift+Tab or shortcut until the next mouse click), and always on a field that takes
typing; a button clicked with the mouse gets none (it would stay on the side-menu button all
the time). Focus that the program moves (a dialog opens or closes, a page is shown) keeps the
mode the person was in, so the ring comes back on the button after a dialog opened by Enter.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

RING_COLOR = QColor("#111111")
GAP_COLOR = QColor("#ffffff")
GAP = 2  # px of white between the control and the ring


class FocusRing(QWidget):
    """The ring itself: a child of the focused control's window (or of the scroll area's
    viewport the control sits in), laid around the control, never taking clicks or focus."""

    def __init__(self, width: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("focus_ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ring_width = width
        self.inside = False  # drawn just inside the rect it is given, not round it

    @property
    def margin(self) -> int:
        return 0 if self.inside else self.ring_width + GAP

    def paintEvent(self, _event):  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        w = self.ring_width
        radius = 3 if self.inside else 6  # (round a tab, whose corners are tighter)
        outer = QRectF(self.rect()).adjusted(w / 2, w / 2, -w / 2, -w / 2)
        painter.setPen(QPen(RING_COLOR, w))
        painter.drawRoundedRect(outer, radius + w, radius + w)
        if not self.inside:
            inner = QRectF(self.rect()).adjusted(w + GAP / 2, w + GAP / 2, -w - GAP / 2, -w - GAP / 2)
            painter.setPen(QPen(GAP_COLOR, GAP))
            painter.drawRoundedRect(inner, radius, radius)


def _control(widget: QWidget) -> QWidget:
    """The control a focused part stands for: the text field inside a spin box or an editable
    drop-down stands for the whole control (not so a tab bar for its whole tab widget)."""
    parent = widget.parentWidget()
    if isinstance(parent, (QAbstractSpinBox, QComboBox)) and parent.focusProxy() is widget:
        return parent
    return widget


def _takes_typing(widget: QWidget) -> bool:
    if isinstance(widget, (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)):
        return True
    return isinstance(widget, QComboBox) and widget.isEditable()


def _ring_parent(widget: QWidget) -> QWidget:
    """Where the ring lives: the window, or the viewport of the scroll area the control is in
    (so the ring scrolls with the control and is cut off where the control is)."""
    previous, parent = widget, widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractScrollArea) and previous is parent.viewport():
            return previous
        previous, parent = parent, parent.parentWidget()
    return parent if parent is not None else widget.window()


class FocusRings(QObject):
    """Puts the ring around the focus widget of the application and keeps it there while the
    control, or anything it sits in, moves or changes size (a page scrolling, a resize)."""

    def __init__(self, app: QApplication, width: int):
        super().__init__(app)
        self.setObjectName("focus_rings")
        self.width = width
        self.ring: FocusRing | None = None
        self.target: QWidget | None = None
        self.keyboard = False  # the person's last move: Tab/shortcut (True) or a mouse click
        self._watched: list[QWidget] = []
        app.focusChanged.connect(self._focus_changed)

    def set_width(self, width: int) -> None:
        self.width = width
        if self._ring_alive():
            self.ring.ring_width = width
            self._place()

    # -- following the focus ----------------------------------------------------------------
    def _focus_changed(self, _old, new) -> None:
        self._unwatch()
        self.target = None
        if new is None or not shiboken6.isValid(new) or new.window().windowType() == Qt.WindowType.Popup:
            self._hide()  # no focus in our windows, or a drop-down's list is open
            return
        # Qt marks the window when Tab or a shortcut moved the focus; a click gives focus while
        # the button is down. Anything else is the program moving focus: the mode stays.
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self.keyboard = False
        elif new.window().testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange):
            self.keyboard = True
        control = _control(new)
        if not (self.keyboard or _takes_typing(control)):
            self._hide()
            return
        self.target = control
        parent = _ring_parent(control)
        if not self._ring_alive():
            self.ring = FocusRing(self.width)
        if self.ring.parentWidget() is not parent:
            self.ring.setParent(parent)
        self.ring.ring_width = self.width
        widget = control
        while widget is not None and widget is not parent:
            widget.installEventFilter(self)
            self._watched.append(widget)
            widget = widget.parentWidget()
        control.destroyed.connect(self._target_gone)
        if isinstance(control, QTabBar):  # the arrow keys choose another tab: the ring follows
            control.currentChanged.connect(self._place)
        self._place()

    def _target_gone(self, *_args) -> None:
        # The control is being destroyed (its own filter goes with it); the places it sat in
        # may stay.
        self._watched = self._watched[1:]
        self.target = None
        self._unwatch()
        self._hide()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self._place()
        return False

    def _place(self, *_args) -> None:
        target = self.target
        if target is None or not shiboken6.isValid(target) or not self._ring_alive():
            return
        parent = self.ring.parentWidget()
        if not target.isVisible() or parent is None:
            self.ring.hide()
            return
        # A tab bar sits flush on its pages: the ring goes just inside its current tab, as the
        # styles mark it, rather than round the bar and over the top of the page below.
        tabs = isinstance(target, QTabBar) and target.currentIndex() >= 0
        self.ring.inside = tabs
        rect = target.tabRect(target.currentIndex()) if tabs else target.rect()
        m = self.ring.margin
        top_left = target.mapTo(parent, rect.topLeft())
        self.ring.setGeometry(top_left.x() - m, top_left.y() - m, rect.width() + 2 * m, rect.height() + 2 * m)
        self.ring.raise_()
        self.ring.show()
        self.ring.update()

    # -- housekeeping -----------------------------------------------------------------------
    def _ring_alive(self) -> bool:
        return self.ring is not None and shiboken6.isValid(self.ring)

    def _hide(self) -> None:
        if self._ring_alive():
            self.ring.hide()

    def _unwatch(self) -> None:
        for widget in self._watched:
            if shiboken6.isValid(widget):
                widget.removeEventFilter(self)
        if self.target is not None and shiboken6.isValid(self.target):
            connections = [(self.target.destroyed, self._target_gone)]
            if isinstance(self.target, QTabBar):
                connections.append((self.target.currentChanged, self._place))
            for signal, slot in connections:
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        self._watched = []


def install(app: QApplication, width: int) -> FocusRings:
    """Show focus rings in the application (once; later calls change the width)."""
    rings = app.findChild(FocusRings, "focus_rings")
    if rings is None:
        rings = FocusRings(app, width)
    else:
        rings.set_width(width)
    return rings
