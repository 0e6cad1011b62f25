"""A number box that shows a setting which other pages may change too."""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QSpinBox


def show_setting(spin: QSpinBox, value: int) -> bool:
    """Show `value` without announcing it as the person's change (no valueChanged, so it is
    not written back). True if the box showed something else before."""
    if spin.value() == value:
        return False
    blocker = QSignalBlocker(spin)
    spin.setValue(value)
    blocker.unblock()
    return True
