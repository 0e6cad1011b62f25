"""One session: choose it, set its theme and mode, mark who came, add walk-ins."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db import models as m
from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _
from desktop.services import salon as svc
from ui.contacts.person_search import PersonSearch
from ui.dates import format_date
from ui.salon.attendance import AttendanceModel, AttendanceView, rows_from
from ui.salon.labels import MODE_LABELS, comfortable_rows, mode_label
from ui.style import WrapLabel, field_label, set_role
from ui.widgets.eliding_combo import ElidingComboBox
from ui.widgets.quick_contact import QuickContactBar

NO_LIMIT = 16777215  # Qt's QWIDGETSIZE_MAX, which PySide6 does not export


class SessionPanel(QWidget):
    changed = Signal()  # marks or sessions changed (the month view reloads)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.salon: m.Salon | None = None
        self.sessions: list[m.SalonSession] = []
        self.regulars: set[int] = set()
        # The attendance column and, beside it, the walk-in search; below it when the page is
        # too narrow for both (large text on a laptop screen) - see resizeEvent.
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.setContentsMargins(0, 0, 0, 0)
        main = self.main_column = QVBoxLayout()
        self.columns.addLayout(main, 1)

        pick = QHBoxLayout()
        self.prev_button = QPushButton(_("◀ Previous"))
        self.prev_button.clicked.connect(lambda: self._step(-1))
        self.session_combo = ElidingComboBox(min_chars=12)  # the date at least; the full text when there is room
        self.session_combo.currentIndexChanged.connect(self._session_changed)
        self.next_button = QPushButton(_("Next ▶"))
        self.next_button.clicked.connect(lambda: self._step(1))
        pick.addWidget(self.prev_button)
        pick.addWidget(self.session_combo, 1)
        pick.addWidget(self.next_button)
        main.addLayout(pick)

        info = QHBoxLayout()
        info.addWidget(field_label(_("Theme")))
        self.theme_edit = QLineEdit()
        self.theme_edit.setPlaceholderText(_("e.g. 体操と茶話会"))
        self.theme_edit.editingFinished.connect(self._save_theme)
        info.addWidget(self.theme_edit, 1)
        # Beside the theme, not after the three ways of holding it: that row would not fit a
        # laptop screen in large English text.
        self.cancel_button = QPushButton(_("Cancel this session"))
        self.cancel_button.clicked.connect(self.toggle_cancelled)
        info.addWidget(self.cancel_button)
        main.addLayout(info)
        info = QHBoxLayout()
        info.addWidget(field_label(_("How it is held")))
        self.mode_buttons: dict[str, QRadioButton] = {}
        for code, label in MODE_LABELS.items():
            b = QRadioButton(_(label))
            b.toggled.connect(lambda on, c=code: on and self._save_mode(c))
            info.addWidget(b)
            self.mode_buttons[code] = b
        info.addStretch(1)
        main.addLayout(info)
        self.cancelled_label = WrapLabel(_("This session is cancelled. To hold it after all, press 「Hold it after all」."), "error")
        main.addWidget(self.cancelled_label)

        # How to mark goes under the table, not above it: above, its four lines in large text
        # pushed the table under the lower edge of a 1024×768 screen.
        self.hint = WrapLabel(_("Click Attendance (or press Space): Attended → Absent → Absent, sent word → Letter → "
                                "not marked. Keys 1-4 set it and go to the next person; Delete clears it."), "hint")
        self.model = AttendanceModel(self)
        self.view = AttendanceView()
        # Room for about five people at the current font size (large text too); the page
        # scrolls when the window is smaller than that.
        self.view.setMinimumHeight(self.view.fontMetrics().height() * 2 * 6)
        self.view.setModel(self.model)
        self.view.cycle_requested.connect(self.cycle)
        self.view.state_requested.connect(self.mark)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        main.addWidget(self.view, 1)
        main.addWidget(self.hint)
        self.empty_label = WrapLabel("", "hint")
        main.addWidget(self.empty_label)
        bottom = QHBoxLayout()
        self.summary_label = WrapLabel()  # wraps: in one line it was wider than the page in large text
        bottom.addWidget(self.summary_label, 1)
        self.regular_button = QPushButton(_("Make a regular"))
        self.regular_button.clicked.connect(self.toggle_regular)
        bottom.addWidget(self.regular_button)
        main.addLayout(bottom)
        # After a regular is taken off the list: what happened, and a way back.
        undo_row = QHBoxLayout()
        self.undo_label = WrapLabel("", "hint")
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.clicked.connect(self.undo_remove_regular)
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        main.addLayout(undo_row)
        self._removed_regular: tuple[int, int, str, dt.date | None] | None = None  # salon, person, name, joined
        self._show_undo()
        self.quick = QuickContactBar(context)
        main.addWidget(self.quick)

        side = QVBoxLayout()
        side.addWidget(set_role(QLabel(_("Someone else came")), "heading"))
        self.walk_in = PersonSearch(placeholder=_("Name or reading, e.g. やま"), add_text=_("Add a new person"))
        self.walk_in.chosen.connect(self.add_walk_in)
        self.walk_in.add_requested.connect(self.add_new_walk_in)
        side.addWidget(self.walk_in, 1)
        side_box = self.side_box = QWidget()
        side_box.setLayout(side)
        side_box.setMaximumWidth(self._side_width())
        self.columns.addWidget(side_box)
        self._update_controls()

    # -- beside or below --------------------------------------------------------------------
    def _side_width(self) -> int:
        """Beside the table: wide enough for a name and its reading in large text too (15 characters)."""
        return max(260, 15 * self.fontMetrics().horizontalAdvance("あ"))

    def _min_widths(self) -> tuple[int, int]:
        return self.main_column.minimumSize().width(), self.side_box.minimumSizeHint().width()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as the two need one below the other, even while they stand side by side:
        the page then gives the panel its own width (never more), and resizeEvent decides
        whether both fit beside each other."""
        hint = super().minimumSizeHint()
        hint.setWidth(max(self._min_widths()))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        main, side = self._min_widths()
        beside = event.size().width() >= main + self.columns.spacing() + side
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        # Below, as wide as the table: with a narrower maximum, Qt measures the box's height at
        # one width and lays it out at another, and the table was drawn over the rows under it.
        self.side_box.setMaximumWidth(self._side_width() if beside else NO_LIMIT)
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    # -- loading ----------------------------------------------------------------------------
    @property
    def session(self) -> m.SalonSession | None:
        i = self.session_combo.currentIndex()
        return self.sessions[i] if 0 <= i < len(self.sessions) else None

    def set_salon(self, salon: m.Salon | None, keep_session_id: int | None = None) -> None:
        self.salon = salon
        self.sessions = list(salon.sessions.order_by(m.SalonSession.date)) if salon else []
        self.regulars = svc.regular_ids(salon) if salon else set()
        style = self.context.settings.get(options.DATE_STYLE)
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        for s in self.sessions:
            text = f"{format_date(s.date, style, weekday=True)} {s.start_time}  {s.theme}  [{mode_label(s.mode)}]"
            self.session_combo.addItem(text + (_(" (cancelled)") if s.cancelled else ""))
        self.session_combo.setCurrentIndex(self._default_index(keep_session_id))
        self.session_combo.blockSignals(False)
        self.walk_in.reload()
        self._session_changed()
        self._show_undo()

    def _default_index(self, keep_id: int | None) -> int:
        """The kept session, else the latest one up to today (the one to mark), else the next."""
        if not self.sessions:
            return -1
        for i, s in enumerate(self.sessions):
            if s.id == keep_id:
                return i
        today = self.context.today()
        past = [i for i, s in enumerate(self.sessions) if s.date <= today and not s.cancelled]
        return past[-1] if past else 0

    def select_session(self, session_id: int) -> None:
        for i, s in enumerate(self.sessions):
            if s.id == session_id:
                self.session_combo.setCurrentIndex(i)

    def _step(self, delta: int) -> None:
        i = self.session_combo.currentIndex() + delta
        if 0 <= i < len(self.sessions):
            self.session_combo.setCurrentIndex(i)

    def _session_changed(self, *_args) -> None:
        s = self.session
        if s is not None:
            s = self.sessions[self.session_combo.currentIndex()] = m.SalonSession.get_by_id(s.id)
        comfortable_rows(self.view)
        self.model.set_rows(rows_from(svc.session_people(s), self.regulars) if s else [])
        self.theme_edit.setText(s.theme if s else "")
        for code, b in self.mode_buttons.items():
            b.blockSignals(True)
            b.setChecked(bool(s) and s.mode == code)
            b.blockSignals(False)
        self.quick.set_person(None)
        self._update_controls()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 2))

    def _update_controls(self) -> None:
        s = self.session
        has = s is not None
        for w in (self.theme_edit, self.cancel_button, *self.mode_buttons.values()):
            w.setEnabled(has)
        self.prev_button.setEnabled(has and self.session_combo.currentIndex() > 0)
        self.next_button.setEnabled(has and self.session_combo.currentIndex() < len(self.sessions) - 1)
        self.cancel_button.setText(_("Hold it after all") if has and s.cancelled else _("Cancel this session"))
        self.cancelled_label.setVisible(has and s.cancelled)
        self.view.setEnabled(has and not s.cancelled)
        self.walk_in.setEnabled(has and not s.cancelled)
        if not has:
            self.empty_label.setText(_("There are no sessions yet. Press 「Sessions for a year」 to make them from the usual day, "
                                       "or 「Add a session」 for one date."))
        elif not self.model.rowCount():
            # Not "on the right": on a narrow screen the search is below the table.
            self.empty_label.setText(_("Nobody is listed for this session yet. Type a name under 「Someone else came」 to "
                                       "add who came; press 「Make a regular」 so they are listed every time."))
        else:
            self.empty_label.setText("")
        self.empty_label.setVisible(bool(self.empty_label.text()))
        self._update_summary()
        self._update_regular_button()

    def _update_summary(self) -> None:
        counts = {st: 0 for st in svc.ATTENDANCE_CYCLE}
        for r in self.model.rows:
            if r.state in counts:
                counts[r.state] += 1
        n = len(self.model.rows)
        self.summary_label.setText(_("%(n)d people: %(a)d attended, %(b)d absent, %(c)d absent with word sent, %(d)d by letter") % {
            "n": n, "a": counts["attended"], "b": counts["absent"], "c": counts["absent_notice"], "d": counts["letter"]})

    # -- changes ----------------------------------------------------------------------------
    def cycle(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.mark(row, svc.next_state(self.model.rows[row].state))

    def mark(self, row: int, state: str | None) -> None:
        s = self.session
        if s is None or s.cancelled or not 0 <= row < len(self.model.rows):
            return
        svc.set_attendance(s, self.model.rows[row].person_id, state, actor=self.context.operator_name)
        self.model.set_state(row, state)
        self._update_summary()
        self.changed.emit()

    def add_walk_in(self, person_id: int, _name: str) -> None:
        s = self.session
        if s is None or s.cancelled:
            return
        row = self.model.row_of(person_id)
        if row < 0 or self.model.rows[row].state is None:
            svc.add_walk_in(s, m.Person.get_by_id(person_id), actor=self.context.operator_name)
        self.walk_in.clear()
        self._reload_keep(person_id)
        self.changed.emit()

    def add_new_walk_in(self, typed: str) -> None:
        """Someone not in the roster came: the roster's new-person form (with what was typed),
        then they are marked present at this session. Cancel changes nothing."""
        from ui.roster.actions import add_new_person_from

        s = self.session
        if s is None or s.cancelled:
            return
        style = self.context.settings.get(options.DATE_STYLE)
        person = add_new_person_from(
            self.window(), self.context, typed, self.walk_in.roster_rows(),
            intro=_("Saving adds them to the roster and marks them as attended on %s.") % format_date(s.date, style),
            then=lambda p: svc.add_walk_in(s, p, actor=self.context.operator_name))
        if person is None:
            return
        self.walk_in.clear()
        self.walk_in.reload()  # the roster changed
        self._reload_keep(person.id)
        self.walk_in.say(_("%s was added to the roster and marked as attended.") % person.full_name)
        self.changed.emit()

    def _reload_keep(self, person_id: int | None) -> None:
        self._session_changed()
        row = self.model.row_of(person_id) if person_id else -1
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 2))

    def _row_changed(self, current, _previous) -> None:
        r = self.model.rows[current.row()] if current.isValid() and current.row() < len(self.model.rows) else None
        self.quick.set_person(r.person_id if r else None, r.name if r else "")
        self._update_regular_button()

    def _current_row(self):
        i = self.view.currentIndex().row()
        return self.model.rows[i] if 0 <= i < len(self.model.rows) else None

    def _update_regular_button(self) -> None:
        r = self._current_row()
        self.regular_button.setEnabled(r is not None)
        self.regular_button.setText(_("Stop listing as a regular") if r and r.regular else _("Make a regular"))

    def toggle_regular(self) -> None:
        r = self._current_row()
        if r is None or self.salon is None:
            return
        if r.regular:
            from ui import dialogs

            if not dialogs.confirm(
                    self, _("Stop listing %s as a regular of this salon? Their past marks stay; 「Undo」 puts them "
                            "back.") % r.name, yes=_("Stop listing"), no=_("Keep listing")):
                return
            joined = svc.remove_regular(self.salon, r.person_id)
            self._removed_regular = (self.salon.id, r.person_id, r.name, joined)
        else:
            svc.add_regular(self.salon, m.Person.get_by_id(r.person_id), since=self.context.today())
            self._removed_regular = None
        self.regulars = svc.regular_ids(self.salon)
        self._reload_keep(r.person_id)
        self._show_undo()
        self.changed.emit()

    def undo_remove_regular(self) -> None:
        if self._removed_regular is None or self.salon is None or self._removed_regular[0] != self.salon.id:
            return
        _salon, person_id, _name, joined = self._removed_regular
        # Undo puts them back as they were: the sessions since they first joined still count.
        svc.add_regular(self.salon, m.Person.get_by_id(person_id), since=joined)
        self._removed_regular = None
        self.regulars = svc.regular_ids(self.salon)
        self._reload_keep(person_id)
        self._show_undo()
        self.changed.emit()

    def _show_undo(self) -> None:
        shown = self._removed_regular is not None and self.salon is not None and self._removed_regular[0] == self.salon.id
        self.undo_label.setText(_("%s is no longer listed as a regular.") % self._removed_regular[2] if shown else "")
        self.undo_label.setVisible(shown)
        self.undo_button.setVisible(shown)

    def _save_theme(self) -> None:
        s = self.session
        if s is not None and self.theme_edit.text().strip() != s.theme:
            svc.update_session(s, theme=self.theme_edit.text(), actor=self.context.operator_name)
            self._relabel()

    def _save_mode(self, mode: str) -> None:
        s = self.session
        if s is not None and s.mode != mode:
            svc.update_session(s, mode=mode, actor=self.context.operator_name)
            self._relabel()

    def _relabel(self) -> None:
        self.set_salon(self.salon, keep_session_id=self.session.id)
        self.changed.emit()

    def toggle_cancelled(self) -> None:
        s = self.session
        if s is None:
            return
        if s.cancelled:
            svc.restore_session(s, actor=self.context.operator_name)
        else:
            from ui import dialogs

            style = self.context.settings.get(options.DATE_STYLE)
            if not dialogs.confirm(self, _("Cancel the session on %s? The marks stay and you can hold it again later.")
                                   % format_date(s.date, style), yes=_("Cancel the session"), no=_("Keep it")):
                return
            svc.cancel_session(s, actor=self.context.operator_name)
        self._relabel()
