"""A QComboBox whose item values live in Python.

Why: with PySide6 6.12.0 on Python 3.11 every call that returns None from Qt (addItem,
a currentData() of None...) takes one reference too many from None, and after a few
thousand such calls the interpreter aborts ("deallocating None"). Filling a picker of
20,000 households with addItem() would do exactly that. Here the items go in with one
addItems() call and the values are read from a Python list by currentIndex() (an int).
The Qt names currentData/findData/itemData are kept so callers read the same.
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox


class ChoiceCombo(QComboBox):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._values: list = []

    def set_choices(self, choices) -> None:
        """Replace the items by (label, value) pairs, keeping the current value if it is still there."""
        current = self.currentData() if self._values else None
        choices = list(choices)
        self.blockSignals(True)
        self.clear()
        self._values = [value for _label, value in choices]
        self.addItems([label for label, _value in choices])
        self.setCurrentIndex(max(self.findData(current), 0) if choices else -1)
        self.blockSignals(False)

    def currentData(self, role=None):  # noqa: N802 - Qt name on purpose
        i = self.currentIndex()
        return self._values[i] if 0 <= i < len(self._values) else None

    def itemData(self, index, role=None):  # noqa: N802
        return self._values[index] if 0 <= index < len(self._values) else None

    def findData(self, value, role=None, flags=None):  # noqa: N802
        try:
            return self._values.index(value)
        except ValueError:
            return -1
