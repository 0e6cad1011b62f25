"""A date field that takes 西暦 or 和暦 as people write them (1948/4/5, S23.4.5,
昭和23年4月5日, R1.5.1) and says underneath which day it understood, and the age."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop import jtext
from desktop.i18n import _, language
from ui.dates import format_date
from ui.style import WrapLabel, set_role


class DateEdit(QWidget):
    changed = Signal()

    def __init__(self, today: dt.date, date_style: str = "wareki", with_age: bool = True, parent=None):
        super().__init__(parent)
        self.today = today
        self.date_style = date_style
        self.with_age = with_age
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("e.g. 1948/4/5 or S23.4.5"))
        self.message = WrapLabel("", "hint")
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._update)
        self.edit.editingFinished.connect(self._tidy)
        self._update()

    # A window can be shorter than its word-wrapped labels need (Qt gives a window the height
    # of one-line labels), and its box layout then cuts the tallest item, often this one. The
    # field itself cannot shrink (min-height in ui/style.py), so it was drawn over the reading
    # line. Holding a minimum height of our own keeps the two apart in any dialog.
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._hold_height()

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            self._hold_height()
        return super().event(event)

    def needed_height(self) -> int:
        """The height of the field plus the whole reading line at the current width."""
        layout = self.layout()
        return layout.totalHeightForWidth(max(self.width(), layout.totalMinimumSize().width()))

    def _hold_height(self) -> None:
        if self.layout() is None:
            return
        need = self.needed_height()
        if need != self.minimumHeight():
            self.setMinimumHeight(need)

    def text(self) -> str:
        return self.edit.text().strip()

    def date(self) -> dt.date | None:
        """The date typed, or None if empty or unreadable (see error())."""
        try:
            return jtext.parse_date(self.text(), today=self.today) if self.text() else None
        except jtext.DateError:
            return None

    def error(self) -> str:
        """Why the text is not a date ("" if it is one or the field is empty)."""
        if not self.text():
            return ""
        try:
            day = jtext.parse_date(self.text(), today=self.today)
        except jtext.DateError as exc:
            return str(exc)
        if self.with_age and day > self.today:
            return _("This day is in the future; please check the year.")
        if self.with_age and day.year < 1900:  # the import refuses these too (no one alive was born then)
            return _("This birth date is before 1900; please check the year.")
        return ""

    def set_date(self, day: dt.date | None) -> None:
        self.edit.setText(self._shown(day) if day else "")

    def _shown(self, day: dt.date) -> str:
        """The day as the field shows it once typed: 令和9年11月29日 / 2027年11月29日; in English
        2027/11/29, which reads the same everywhere and parses back (the reading line says the rest)."""
        if language() == "en":
            return f"{day.year}/{day.month}/{day.day}"
        return jtext.format_date(day, "wareki" if self.date_style == "wareki" else "seireki")

    def _reading(self, day: dt.date) -> str:
        """The line under the field: the day in the other calendar (Japanese), or written out
        as the English screens write dates, 29 Nov 2027 (Reiwa 9)."""
        if language() == "en":
            return format_date(day, self.date_style)
        other = jtext.format_date(day, "seireki" if self.date_style == "wareki" else "wareki")
        return f"{self._shown(day)}（{other}）"

    def _update(self) -> None:
        error = self.error()
        day = None if error else self.date()
        if error:
            text = error if not self.edit.hasFocus() or len(self.text()) >= 6 else ""
            set_role(self.message, "error" if text else "hint")
            self.message.setText(text)
        elif day is None:
            set_role(self.message, "hint")
            self.message.setText(_("You can write 1948/4/5, 昭和23年4月5日 or S23.4.5."))
        else:
            set_role(self.message, "hint")
            text = self._reading(day)
            if self.with_age:
                text += "　" + _("{age} years old").format(age=jtext.age_on(day, self.today))
            self.message.setText(text)
        self._hold_height()
        self.changed.emit()

    def _tidy(self) -> None:
        day = self.date()
        if day is not None and not self.error():
            shown = self._shown(day)
            if shown != self.edit.text():
                self.edit.setText(shown)
        self._update()
