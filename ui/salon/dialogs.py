"""The salon's modals: the salon itself, one extra session, and a year of sessions.

Each is behind an `ask(...)` classmethod so tests replace it (STYLE.md 5).
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services import salon as svc
from ui.dates import DATE_WAREKI, format_date
from ui.salon.labels import MODE_LABELS
from ui.style import WrapLabel, field_label, set_role
from ui.widgets.calendar import date_edit, from_qdate, to_qdate


def _buttons(dialog: QDialog, ok_text: str, on_ok) -> QDialogButtonBox:
    box = QDialogButtonBox()
    box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(on_ok)
    box.rejected.connect(dialog.reject)
    return box


class SalonDialog(QDialog):
    """Name, venue, usual schedule and organisers of a salon."""

    def __init__(self, data: dict | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        data = data or {}
        self.setWindowTitle(_("Salon"))
        layout = QVBoxLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label, hint in (
            ("name", _("Name of the salon"), _("e.g. いきいきサロン")),
            ("venue", _("Place"), _("e.g. 町会会館 2階")),
            ("schedule", _("Usual day and time"), _("e.g. 毎月第2火曜 13:30")),
            ("organisers", _("Organisers"), _("e.g. 佐藤、鈴木")),
        ):
            layout.addWidget(field_label(label))
            edit = QLineEdit(data.get(key, ""))
            edit.setPlaceholderText(hint)
            layout.addWidget(edit)
            self.edits[key] = edit
        layout.addWidget(WrapLabel(_("The usual day can be written as 毎月第2火曜 13:30, 毎月15日 10:00, "
                                     "毎週水曜 10:00 or 隔週金曜 14:00."), "hint"))
        self.error_label = WrapLabel("", "error")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        layout.addWidget(_buttons(self, _("Save"), self._accept))

    def values(self) -> dict:
        return {k: e.text().strip() for k, e in self.edits.items()}

    def problem(self) -> str:
        v = self.values()
        if not v["name"]:
            return _("Please type the name of the salon.")
        if v["schedule"]:
            try:
                svc.parse_schedule(v["schedule"])
            except svc.ScheduleError:
                return _("The app cannot read the usual day 「%s」. Please write it like 毎月第2火曜 13:30.") % v["schedule"]
        return ""

    def _accept(self) -> None:
        text = self.problem()
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        if not text:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, data: dict | None = None) -> dict | None:
        dialog = cls(data, parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


DEFAULT_START = "10:00"  # a salon without a usual time: shown in the field, so it is not silent


def _qtime(text: str) -> QTime:
    t = QTime.fromString(text or "", "HH:mm")
    return t if t.isValid() else QTime.fromString(DEFAULT_START, "HH:mm")


class SessionDialog(QDialog):
    """One extra session: date, start time (the salon's usual one at first), theme and how it is held."""

    def __init__(self, day: dt.date, parent: QWidget | None = None, draft: dict | None = None,
                 style: str = DATE_WAREKI, start_time: str = ""):
        super().__init__(parent)
        self.setWindowTitle(_("Add a session"))
        # Wide enough that the hint under the date and time reads in two lines, not five.
        self.setMinimumWidth(min(26 * self.fontMetrics().horizontalAdvance("あ"), 720))
        layout = QVBoxLayout(self)
        when = QGridLayout()
        when.addWidget(field_label(_("Date")), 0, 0)
        when.addWidget(field_label(_("Start time")), 0, 1)
        self.date_edit = date_edit(day, style)
        when.addWidget(self.date_edit, 1, 0)
        # The same time field as the contact record's; arrows or typing, 24-hour like the
        # salon's usual day (毎月第2火曜 13:30).
        self.time_edit = QTimeEdit(_qtime(start_time))
        self.time_edit.setDisplayFormat("HH:mm")
        when.addWidget(self.time_edit, 1, 1)
        when.setColumnStretch(2, 1)
        layout.addLayout(when)
        self.time_hint = WrapLabel(_("The salon's usual time is filled in; change it if this session starts at another time.")
                                   if start_time else _("The salon's details give no usual time; please check the start time."),
                                   "hint")
        layout.addWidget(self.time_hint)
        layout.addWidget(field_label(_("Theme")))
        self.theme_edit = QLineEdit()
        self.theme_edit.setPlaceholderText(_("e.g. 体操と茶話会"))
        layout.addWidget(self.theme_edit)
        layout.addWidget(field_label(_("How it is held")))
        row = QHBoxLayout()
        self.mode_buttons = {}
        for code, label in MODE_LABELS.items():
            b = QRadioButton(_(label))
            b.setChecked(code == "in_person")
            row.addWidget(b)
            self.mode_buttons[code] = b
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(_buttons(self, _("Add"), self.accept))
        if draft is not None:  # what was chosen last time, when adding it failed
            self.date_edit.setDate(to_qdate(draft["date"]))
            self.time_edit.setTime(_qtime(draft.get("start_time", "")))
            self.theme_edit.setText(draft["theme"])
            self.mode_buttons[draft["mode"]].setChecked(True)

    def values(self) -> dict:
        mode = next(c for c, b in self.mode_buttons.items() if b.isChecked())
        return {"date": from_qdate(self.date_edit.date()), "start_time": self.time_edit.time().toString("HH:mm"),
                "theme": self.theme_edit.text().strip(), "mode": mode}

    @classmethod
    def ask(cls, parent: QWidget | None, day: dt.date, draft: dict | None = None,
            style: str = DATE_WAREKI, start_time: str = "") -> dict | None:
        dialog = cls(day, parent, draft, style, start_time=start_time)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PlanDialog(QDialog):
    """The sessions a schedule gives for a year; each one on a public holiday can move or be skipped."""

    def __init__(self, salon_name: str, planned: list[svc.PlannedSession], style: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.planned = planned
        self.setWindowTitle(_("Sessions for a year"))
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(set_role(QLabel(_("%(salon)s: %(n)d sessions") % {"salon": salon_name, "n": len(planned)}), "heading"))
        holidays = [p for p in planned if p.holiday]
        layout.addWidget(WrapLabel(
            _("%d of them fall on a public holiday. They are skipped unless you tick 「move to」 and choose another day.")
            % len(holidays) if holidays else _("None of them falls on a public holiday."), "hint"))
        inner = QWidget()
        grid = QGridLayout(inner)
        self.move_checks: dict[dt.date, tuple[QCheckBox, QDateEdit]] = {}
        for i, p in enumerate(planned):
            grid.addWidget(QLabel(format_date(p.date, style, weekday=True)), i, 0)
            if p.holiday:
                grid.addWidget(set_role(QLabel(_("Holiday: %s") % p.holiday), "error"), i, 1)
                check = QCheckBox(_("move to"))
                edit = date_edit(p.date + dt.timedelta(days=7), style)
                edit.setEnabled(False)
                check.toggled.connect(edit.setEnabled)
                grid.addWidget(check, i, 2)
                grid.addWidget(edit, i, 3)
                self.move_checks[p.date] = (check, edit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop (see ui.style.scroll_page)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        layout.addWidget(_buttons(self, _("Add these sessions"), self.accept))

    def moved(self) -> dict[dt.date, dt.date]:
        return {d: from_qdate(edit.date()) for d, (check, edit) in self.move_checks.items() if check.isChecked()}

    @classmethod
    def ask(cls, parent: QWidget | None, salon_name: str, planned: list[svc.PlannedSession], style: str) -> dict | None:
        """{holiday date: new date} for the holidays to move (the others are skipped), or None."""
        dialog = cls(salon_name, planned, style, parent)
        return dialog.moved() if dialog.exec() == QDialog.DialogCode.Accepted else None
