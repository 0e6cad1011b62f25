"""サロン: the salons, their sessions, and attendance (one session, or a month at a glance)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QComboBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db import models as m
from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _
from desktop.services import salon as svc
from ui import dialogs
from ui.dates import format_date
from ui.salon.dialogs import PlanDialog, SalonDialog, SessionDialog
from ui.salon.month_grid import MonthGridPanel
from ui.salon.session_panel import SessionPanel
from ui.widgets.flow_layout import FlowLayout
from ui.style import WrapLabel, scroll_page, set_role


class SalonPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.salons: list[m.Salon] = []
        # One scroll area over the page: in large text the attendance table keeps room for
        # about five people (session_panel) and the page scrolls, instead of the table shrinking to
        # two rows under the salon's details.
        # At 1024×768 in large text the table began under the page's lower edge (one person
        # showed before scrolling): the margins are those of the other pages, the salon's name
        # is said once (by the drop-down, not again as a heading), and 「1年分の予定を作る」
        # 「回を追加」 sit beside the tabs they fill.
        layout = scroll_page(self, spacing=8)
        layout.setContentsMargins(24, 18, 24, 14)
        top = QHBoxLayout()
        top.addWidget(set_role(QLabel(_("Salons")), "title"))
        # A drop-down, not a side list: an association has a few salons, and the width is
        # needed for the attendance table in large-text mode.
        self.salon_list = QComboBox()
        self.salon_list.setMinimumWidth(200)  # with both buttons beside it in large text on a 1024 px screen
        self.salon_list.currentIndexChanged.connect(self._salon_changed)
        top.addWidget(self.salon_list)
        self.add_salon_button = QPushButton(_("Add a salon"))
        self.add_salon_button.clicked.connect(self.add_salon)
        self.edit_salon_button = QPushButton(_("Change the salon's details"))
        self.edit_salon_button.clicked.connect(self.edit_salon)
        salon_buttons = FlowLayout()  # the two buttons wrap rather than be cut (large text, small screen)
        salon_buttons.addWidget(self.add_salon_button)
        salon_buttons.addWidget(self.edit_salon_button)
        top.addLayout(salon_buttons, 1)
        layout.addLayout(top)
        body = QHBoxLayout()
        layout.addLayout(body, 1)

        right = QVBoxLayout()
        self.salon_info = WrapLabel("", "hint")
        right.addWidget(self.salon_info)
        self.plan_button = QPushButton(_("Sessions for a year"))
        self.plan_button.clicked.connect(self.plan_year)
        self.add_session_button = QPushButton(_("Add a session"))
        self.add_session_button.clicked.connect(self.add_session)
        session_buttons = self.session_buttons = QWidget()
        row = QHBoxLayout(session_buttons)
        row.setContentsMargins(0, 0, 0, 4)
        row.addWidget(self.plan_button)
        row.addWidget(self.add_session_button)
        self.message = WrapLabel("", "notice")
        self.message.hide()
        right.addWidget(self.message)
        self.tabs = QTabWidget()
        self.session_panel = SessionPanel(context)
        self.month_panel = MonthGridPanel(context)
        self.session_panel.changed.connect(self.month_panel.reload)
        self.month_panel.changed.connect(lambda: self.session_panel.set_salon(
            self.current_salon, self.session_panel.session.id if self.session_panel.session else None))
        self.tabs.addTab(self.session_panel, _("Take attendance"))
        self.tabs.addTab(self.month_panel, _("Month at a glance"))
        set_role(self.tabs, "buttons")  # tabs as tall as the buttons beside them (a corner is cut to the tabs)
        self._right = right
        right.addWidget(session_buttons)  # beside the tabs once the page knows its width (resizeEvent)
        right.addWidget(self.tabs, 1)
        self.tabs.installEventFilter(self)
        self.empty_label = WrapLabel(_("No salon yet. Press 「Add a salon」 and write its name, place and usual day "
                                       "(e.g. 毎月第2火曜 13:30); then make the year's sessions."), "hint")
        right.addWidget(self.empty_label)
        body.addLayout(right, 1)
        self._update_visible()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.tabs and event.type() == QEvent.Type.Resize:
            self._place_session_buttons()
        return super().eventFilter(watched, event)

    def _place_session_buttons(self) -> None:
        """The session buttons beside the tabs when both fit (a line of the page saved for the
        table), above them when not (large English text: 「Month at a glance」 was cut)."""
        need = self.tabs.tabBar().sizeHint().width() + self.session_buttons.sizeHint().width() + 16
        beside = self.tabs.width() >= need
        corner = self.tabs.cornerWidget(Qt.Corner.TopRightCorner)
        if beside and corner is None:
            self._right.removeWidget(self.session_buttons)
            self.tabs.setCornerWidget(self.session_buttons, Qt.Corner.TopRightCorner)
        elif not beside and corner is not None:
            self.tabs.setCornerWidget(None, Qt.Corner.TopRightCorner)
            self._right.insertWidget(self._right.indexOf(self.tabs), self.session_buttons)
        else:
            return
        self.session_buttons.show()  # (a new parent or a corner given up hides it)

    @property
    def current_salon(self) -> m.Salon | None:
        i = self.salon_list.currentIndex()
        return self.salons[i] if 0 <= i < len(self.salons) else None

    def refresh(self) -> None:
        """Reload the salons (page shown, file restored); keep the chosen one."""
        if self.context.store is None:
            return
        keep = self.current_salon.id if self.current_salon else None
        self.salons = svc.all_salons()
        self.salon_list.blockSignals(True)
        self.salon_list.clear()
        for s in self.salons:
            self.salon_list.addItem(s.name if s.active else _("%s (ended)") % s.name)
        index = next((i for i, s in enumerate(self.salons) if s.id == keep), 0 if self.salons else -1)
        self.salon_list.setCurrentIndex(index)
        self.salon_list.blockSignals(False)
        self._salon_changed(index)

    def select_salon(self, salon_id: int) -> None:
        for i, s in enumerate(self.salons):
            if s.id == salon_id:
                self.salon_list.setCurrentIndex(i)

    def _salon_changed(self, _row: int) -> None:
        salon = self.current_salon
        if salon is not None:
            salon = self.salons[self.salon_list.currentIndex()] = m.Salon.get_by_id(salon.id)
            parts = [
                _("Place: %s") % (salon.venue or _("not set")),
                _("Usual day: %s") % (salon.schedule or _("not set")),
                _("Organisers: %s") % (salon.organisers or _("not set")),
            ]
            self.salon_info.setText("　".join(parts))
        self.session_panel.set_salon(salon)
        self.month_panel.set_salon(salon)
        self._update_visible()

    def _update_visible(self) -> None:
        has = self.current_salon is not None
        for w in (self.salon_info, self.plan_button, self.add_session_button, self.tabs,
                  self.edit_salon_button, self.salon_list):
            w.setVisible(has)
        self.empty_label.setVisible(not has)
        self.plan_button.setEnabled(has and bool(self.current_salon.schedule))
        self.plan_button.setToolTip("" if not has or self.current_salon.schedule else
                                    _("Write the usual day in the salon's details first."))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- salons -----------------------------------------------------------------------------
    def add_salon(self) -> None:
        data = SalonDialog.ask(self)
        if data is None:
            return
        salon = dialogs.save_or_ask_again(self, data, lambda d: svc.save_salon(None, d, actor=self.context.operator_name),
                                          lambda d: SalonDialog.ask(self, d), _("The salon was not saved."))
        if salon is None:
            return
        self.refresh()
        self.select_salon(salon.id)
        self._say(_("The salon 「%s」 was added. Next, make its sessions.") % salon.name)

    def edit_salon(self) -> None:
        salon = self.current_salon
        if salon is None:
            return
        data = SalonDialog.ask(self, {k: getattr(salon, k) for k in ("name", "venue", "schedule", "organisers")})
        if data is None:
            return
        if dialogs.save_or_ask_again(self, data, lambda d: svc.save_salon(salon, d, actor=self.context.operator_name),
                                     lambda d: SalonDialog.ask(self, d), _("The salon was not saved.")) is None:
            return
        self.refresh()
        self._say(_("The salon's details were saved."))

    # -- sessions ---------------------------------------------------------------------------
    def plan_year(self) -> None:
        """Plan the next 12 months from the usual day; holidays are skipped or moved."""
        salon = self.current_salon
        if salon is None:
            return
        today = self.context.today()
        start = dt.date(today.year, today.month, 1)
        try:
            planned = svc.plan_year(salon, start)
        except svc.ScheduleError:
            dialogs.show_error(self, _("The app cannot read the usual day 「%s」.") % salon.schedule,
                               _("Press 「Change the salon's details」 and write it like 毎月第2火曜 13:30."))
            return
        style = self.context.settings.get(options.DATE_STYLE)
        moved = PlanDialog.ask(self, salon.name, planned, style)
        if moved is None:
            return
        made = svc.create_sessions(salon, planned, skip_holidays=True, moved=moved, actor=self.context.operator_name)
        skipped = sum(1 for p in planned if p.holiday and p.date not in moved)
        self.session_panel.set_salon(salon)
        self.month_panel.reload()
        text = _("%d sessions were added.") % len(made)
        if skipped:
            text += " " + _("%d on public holidays were skipped.") % skipped
        if not made:
            text = _("No new sessions: they were already there.")
        self._say(text)

    def add_session(self) -> None:
        salon = self.current_salon
        if salon is None:
            return
        style = self.context.settings.get(options.DATE_STYLE)
        usual = svc.usual_start_time(salon)
        data = SessionDialog.ask(self, self.context.today(), style=style, start_time=usual)
        if data is None:
            return
        tried = [data]  # the values of the last attempt, for the message below

        def add(d):
            tried[0] = d
            return svc.add_session(salon, d["date"], theme=d["theme"], mode=d["mode"], start_time=d.get("start_time"),
                                   actor=self.context.operator_name)

        try:
            session = dialogs.save_or_ask_again(
                self, data, add, lambda d: SessionDialog.ask(self, self.context.today(), d, style=style, start_time=usual),
                _("The session was not added."))
        except svc.SalonError:
            dialogs.show_error(self, _("There is already a session on %s.") % format_date(tried[0]["date"], style),
                               _("Choose it in the list to change its theme, or pick another date."))
            return
        if session is None:
            return
        self.session_panel.set_salon(salon, keep_session_id=session.id)
        self.month_panel.reload()
        self._say(_("The session was added."))

    def showEvent(self, event):  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)
