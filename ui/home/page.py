"""ホーム: the association's name, how many people it keeps, and what needs attention."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _
from ui.dates import format_date
from ui.style import WrapLabel, set_role

log = logging.getLogger(__name__)


def overview() -> dict:
    """Name and counts of the open file.

    (Reads the models directly for now; moves to db/queries when that package exists.)
    """
    from db import models as m
    from desktop.commands.core import counts

    association = m.Association.select().first()
    return {"name": association.name if association else "", **counts()}


def _card(parent_layout, title: str) -> tuple[QFrame, QVBoxLayout]:
    card = set_role(QFrame(), "card")
    inner = QVBoxLayout(card)
    inner.setContentsMargins(18, 14, 18, 14)
    inner.setSpacing(6)
    heading = set_role(QLabel(title), "heading")
    heading.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    inner.addWidget(heading)
    parent_layout.addWidget(card)
    return card, inner


class HomePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(16)
        self.name_label = WrapLabel("", "title")
        self.today_label = QLabel()
        layout.addWidget(self.name_label)
        layout.addWidget(self.today_label)
        self.demo_label = WrapLabel(_(
            "This is a demo for practice: the people are made up, and the file is thrown away when you close the app."
        ), "notice")
        self.demo_label.setVisible(context.is_demo)
        layout.addWidget(self.demo_label)

        # One grid for the counts and the to-do cards, so the two rows line up.
        grid = QGridLayout()
        grid.setSpacing(16)
        self.count_labels: dict[str, QLabel] = {}
        for index, (key, title) in enumerate((
            ("people", _("People")),
            ("households", _("Households")),
            ("support_records", _("People who need help")),
        )):
            holder = QVBoxLayout()
            _frame, inner = _card(holder, title)
            number = set_role(QLabel("–"), "count")
            inner.addWidget(number)
            self.count_labels[key] = number
            grid.addLayout(holder, 0, index)
        self.todo_labels: dict[str, QLabel] = {}
        for index, (key, title, text) in enumerate((
            ("not_reached", _("People not reached lately"),
             _("People nobody has called, visited or written to for %d days or more will be listed here.")),
            ("next_salon", _("Next salon"),
             _("The date and place of the next salon meeting will be shown here.")),
            ("review_due", _("Records due for a check"),
             _("Records of people who need help that are due for a check will be listed here.")),
        )):
            holder = QVBoxLayout()
            _frame, inner = _card(holder, title)
            label = WrapLabel("", "hint")
            label.setProperty("template", text)
            inner.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
            inner.addStretch(1)
            self.todo_labels[key] = label
            grid.addLayout(holder, 1, index)
            grid.setColumnStretch(index, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """Read the counts again (after opening, restoring or changing settings)."""
        if self.context.store is None:
            return
        try:
            data = overview()
        except Exception:  # the home page must still show, even if a count fails
            log.exception("could not read the overview")
            data = {"name": ""}
        self.name_label.setText(data.get("name") or _("(no name)"))
        style = self.context.settings.get(options.DATE_STYLE)
        self.today_label.setText(_("Today is %s") % format_date(self.context.today(), style, weekday=True))
        for key, label in self.count_labels.items():
            label.setText(f"{data.get(key, 0):,}")
        for key, label in self.todo_labels.items():
            text = label.property("template")
            if "%d" in text:
                text = text % self.context.follow_up_days
            label.setText(text + "\n" + _("(This part is being prepared.)"))

    def showEvent(self, event):  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)
