"""ホーム: the association's name, how many people it keeps, and what needs attention."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _
from ui.dates import format_date
from ui.style import scroll_page, WrapLabel, set_role

log = logging.getLogger(__name__)


from db.queries.home import overview, upcoming_sessions
from db.queries.register import reviews_due
from ui.salon.labels import mode_label



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
        # Everything scrolls as one page, so large text never squeezes the lists.
        layout = scroll_page(self, spacing=16)
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
            if key == "households":  # said where the counts are: the prints list these apart
                self.no_block_label = WrapLabel("", "notice")
                self.no_block_label.setObjectName("no_block_households")
                self.no_block_label.hide()
                inner.addWidget(self.no_block_label)
            grid.addLayout(holder, 0, index)
        # つながりチェック: the follow-up list itself, with its two-click contact buttons.
        from ui.contacts.followup_widget import FollowUpList

        holder = QVBoxLayout()
        _frame, inner = _card(holder, _("People not reached lately"))
        self.followup = FollowUpList(context, limit=5)
        # The list is as tall as the (at most five) rows it shows, which grow with wrapped
        # reasons and large text: none is cut off or hidden behind a scroll bar of its own.
        # (Measured once the header has settled: while it resizes its sections one by one,
        # its length is still the old one.)
        view = self.followup.view
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_followup)
        for signal in (view.verticalHeader().sectionResized, view.horizontalScrollBar().rangeChanged,
                       view.model().modelReset):
            signal.connect(lambda *_a: self._fit_timer.start())
        inner.addWidget(self.followup)
        grid.addLayout(holder, 1, 0, 1, 3)
        bottom = QHBoxLayout()
        bottom.setSpacing(16)
        self.todo_labels: dict[str, QLabel] = {}
        for index, (key, title) in enumerate((
            ("next_salon", _("Next salon")),
            ("review_due", _("Records due for a check")),
        )):
            holder = QVBoxLayout()
            _frame, inner = _card(holder, title)
            label = WrapLabel("", "hint")
            inner.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
            inner.addStretch(1)
            self.todo_labels[key] = label
            bottom.addLayout(holder, 1)
        grid.addLayout(bottom, 2, 0, 1, 3)
        for index in range(3):
            grid.setColumnStretch(index, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    def _fit_followup(self) -> None:
        view = self.followup.view
        height = (view.horizontalHeader().sizeHint().height() + view.verticalHeader().length()
                  + 2 * view.frameWidth())
        bar = view.horizontalScrollBar()
        if bar.maximum() > 0:  # the columns scroll sideways (large text on a small screen)
            height += bar.sizeHint().height()
        view.setFixedHeight(height)

    def refresh(self) -> None:
        """Read the counts again (after opening, restoring or changing settings)."""
        if self.context.store is None:
            return
        self._fresh = True
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
        unplaced = data.get("no_block_households", 0)
        self.no_block_label.setText(_("Households in no block: {n}").format(n=f"{unplaced:,}") if unplaced else "")
        self.no_block_label.setVisible(bool(unplaced))
        try:
            self.todo_labels["next_salon"].setText(self._salon_text(style))
            self.todo_labels["review_due"].setText(self._review_text(style))
        except Exception:
            log.exception("could not read the home page lists")
        self.followup.refresh()

    def _salon_text(self, style: str) -> str:
        sessions = upcoming_sessions(self.context.today(), limit=3)
        if not sessions:
            return _("No salon meeting is planned. Make a year of meetings on the Salons page.")
        lines = []
        for s in sessions:
            where = f"（{s.venue}）" if s.venue else ""
            lines.append(f"{format_date(s.date, style, weekday=True)} {s.start_time}\n"
                         f"　{s.salon}{where}・{mode_label(s.mode)}")
        return "\n".join(lines)

    def _review_text(self, style: str) -> str:
        due = reviews_due(self.context.today())
        if not due:
            return _("Every record of the support register was checked within the last year.")
        lines = [_("%d records were not checked for a year or more:") % len(due)]
        for r in due[:5]:
            when = format_date(r.last_reviewed, style) if r.last_reviewed else _("never checked")
            lines.append(f"・{r.name}（{r.block_name or '—'}）: {when}")
        if len(due) > 5:
            lines.append(_("…and %d more on the People who need help page.") % (len(due) - 5))
        return "\n".join(lines)

    def showEvent(self, event):  # noqa: N802 - Qt override
        # Coming back to the page re-reads it; the first show right after building does not
        # need a second read of the same data (it doubled the start-up work).
        if not getattr(self, "_fresh", False):
            self.refresh()
        self._fresh = False
        super().showEvent(event)
