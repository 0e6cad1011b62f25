"""The read-only list every page shows: whole rows selected, one at a time, never edited in place.

The arrow keys move within the list and Tab leaves it: QTableView's own Tab walks cell by
cell and wraps round at the end, which kept a keyboard user inside the list for good."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def list_table(model: QAbstractItemModel, parent: QWidget | None = None, *, name: str = "",
               row_numbers: bool = False) -> QTableView:
    """A QTableView over model that selects one whole row and opens nothing for editing;
    the row-number column is hidden unless row_numbers (the import preview shows lines)."""
    view = QTableView(parent)
    if name:
        view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(row_numbers)
    return view
