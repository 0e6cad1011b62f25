"""The left side of the print page: what to print, for whom, and the options of that kind.

Only the choices live here; `request()` turns them into a desktop.printing.jobs.JobRequest.
Asking for disaster mode is the page's job (it owns the dialog): this panel emits
`disaster_requested` and the page answers with `set_mode`.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db import models as m
from db.queries import print_lists as pl
from desktop.i18n import N_, _
from desktop.printing import jobs
from desktop.settings import DATE_WAREKI
from ui.dates import format_month
from ui.printing.sheet_picker import SheetPicker
from ui.style import WrapLabel, field_label, set_role

WHAT_HINTS = {
    "labels": N_("Address labels on an A4 label sheet."),
    "postcards": N_("The address side of postcards, one per household or person."),
    "envelopes": N_("The front of 長形3号 envelopes; the sender goes on the back."),
    "calltree": N_("Who calls whom, as a drawing per block."),
    "calllist": N_("The call order as a table with ✓ and time columns."),
    "safety": N_("Sheets to tick each household's safety after a disaster."),
    "tally": N_("One sheet for the headquarters to add up the blocks."),
    "register": N_("People who need help to evacuate (consent rule)."),
    "plan": N_("One A4 page per person on the support register."),
    "directory": N_("Names, addresses and home phones in 五十音 order."),
    "attendance": N_("A month's sheet to mark who came to the salon."),
    "followup": N_("People nobody has reached for a while."),
    "pack": N_("Everything for a disaster in one file: call tree, safety sheets, register and plans."),
}


def _radio_row(choices: list[tuple[str, str]], current: str) -> tuple[QWidget, QButtonGroup, dict[str, QRadioButton]]:
    box = QWidget()
    row = QVBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(0)
    group = QButtonGroup(box)
    radios = {}
    for value, text in choices:
        radio = QRadioButton(text)
        radio.setChecked(value == current)
        group.addButton(radio)
        row.addWidget(radio)
        radios[value] = radio
    return box, group, radios


def _checked(radios: dict[str, QRadioButton]) -> str:
    return next(v for v, r in radios.items() if r.isChecked())


class OptionsPanel(QWidget):
    changed = Signal()
    disaster_requested = Signal()

    def __init__(self, today: dt.date, date_style: str = DATE_WAREKI, parent=None):
        super().__init__(parent)
        self.today = today
        self.date_style = date_style
        self.mode, self.reason = "normal", ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(6)

        layout.addWidget(set_role(WrapLabel(_("1. What to print")), "heading"))
        self.kind_list = QListWidget()
        for kind in jobs.KINDS:
            item = QListWidgetItem(jobs.kind_name(kind))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setToolTip(_(WHAT_HINTS[kind]))
            self.kind_list.addItem(item)
        self.fit_rows()
        self.kind_list.setCurrentRow(0)
        layout.addWidget(self.kind_list)
        self.what_hint = WrapLabel("", "hint")
        layout.addWidget(self.what_hint)

        layout.addWidget(set_role(WrapLabel(_("2. For whom")), "heading"))
        self.block_combo = QComboBox()
        layout.addWidget(self.block_combo)

        layout.addWidget(set_role(WrapLabel(_("3. How")), "heading"))
        self.sections: dict[str, QWidget] = {}
        self._build_address(layout)
        self.sheet_picker = SheetPicker()
        self._add_section(layout, "sheet", self.sheet_picker)
        self._build_cards(layout)
        self._build_mode(layout)
        self._build_attendance(layout)
        self._build_followup(layout)
        self.nothing_label = WrapLabel(_("Nothing more to choose for this print."), "hint")
        layout.addWidget(self.nothing_label)
        layout.addStretch(1)

        self.reload_blocks()
        self.kind_list.currentRowChanged.connect(self._kind_changed)
        self.block_combo.currentIndexChanged.connect(self.changed)
        self.sheet_picker.changed.connect(self.changed)
        self._kind_changed()

    # -- building ---------------------------------------------------------------------------
    def _add_section(self, layout, name: str, widget: QWidget) -> None:
        self.sections[name] = widget
        layout.addWidget(widget)

    def _section(self, layout, name: str) -> QVBoxLayout:
        box = QFrame()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(4)
        self._add_section(layout, name, box)
        return inner

    def _watch(self, group: QButtonGroup) -> None:
        group.buttonToggled.connect(lambda _b, on: on and self.changed.emit())

    def _build_address(self, layout) -> None:
        inner = self._section(layout, "address")
        inner.addWidget(field_label(_("One for each")))
        box, group, self.per_radios = _radio_row([("household", _("household (names together)")),
                                                  ("person", _("person"))], "household")
        inner.addWidget(box)
        self._watch(group)
        self.sort_title = field_label(_("Order"))
        inner.addWidget(self.sort_title)
        self.sort_box, group, self.sort_radios = _radio_row(
            [("postal", _("by postal code")), ("block", _("by block")), ("reading", _("by name (五十音)"))], "postal")
        inner.addWidget(self.sort_box)
        self._watch(group)
        self.outlines_box = QCheckBox(_("Print label outlines (plain-paper test)"))
        self.outlines_box.toggled.connect(self.changed)
        inner.addWidget(self.outlines_box)

    def _build_cards(self, layout) -> None:
        inner = self._section(layout, "cards")
        inner.addWidget(field_label(_("Writing")))
        box, group, self.writing_radios = _radio_row([("vertical", _("vertical (縦書き)")),
                                                      ("horizontal", _("horizontal (横書き)"))], "vertical")
        inner.addWidget(box)
        self._watch(group)
        inner.addWidget(field_label(_("Numbers in the address")))
        box, group, self.numeral_radios = _radio_row([("digits", _("一〇 (digit by digit)")), ("ten", _("十 (with 十)"))],
                                                     "digits")
        inner.addWidget(box)
        self._watch(group)
        inner.addWidget(field_label(_("Between the numbers")))
        box, group, self.hyphen_radios = _radio_row([("bar", _("ー (a bar)")), ("no", _("の"))], "bar")
        inner.addWidget(box)
        self._watch(group)
        self.sender_box = QCheckBox(_("Print the association as sender"))
        self.sender_box.setChecked(True)
        self.frames_box = QCheckBox(_("Print red postal code boxes"))
        for b in (self.sender_box, self.frames_box):
            b.toggled.connect(self.changed)
            inner.addWidget(b)

    def _build_mode(self, layout) -> None:
        inner = self._section(layout, "mode")
        inner.addWidget(field_label(_("Who is included")))
        box, group, self.mode_radios = _radio_row(
            [("normal", _("Normal times: only people who agreed")),
             ("disaster", _("Disaster: everyone (asks for a reason)"))], "normal")
        inner.addWidget(box)
        self.mode_radios["disaster"].clicked.connect(self._disaster_clicked)
        self.mode_radios["normal"].clicked.connect(lambda: self.set_mode("normal"))

    def _build_attendance(self, layout) -> None:
        inner = self._section(layout, "attendance")
        inner.addWidget(field_label(_("Salon")))
        self.salon_combo = QComboBox()
        inner.addWidget(self.salon_combo)
        inner.addWidget(field_label(_("Month")))
        self.month_combo = QComboBox()
        for delta in range(-2, 4):
            y, mth = divmod(self.today.year * 12 + self.today.month - 1 + delta, 12)
            self.month_combo.addItem(format_month(y, mth + 1, self.date_style), (y, mth + 1))
        self.month_combo.setCurrentIndex(2)
        inner.addWidget(self.month_combo)
        self.salon_combo.currentIndexChanged.connect(self.changed)
        self.month_combo.currentIndexChanged.connect(self.changed)

    def _build_followup(self, layout) -> None:
        inner = self._section(layout, "followup")
        inner.addWidget(field_label(_("Not reached for")))
        row = QHBoxLayout()
        self.days_spin = QSpinBox()
        self.days_spin.setRange(7, 365)
        self.days_spin.setValue(30)
        self.days_spin.setSuffix(_(" days"))
        row.addWidget(self.days_spin)
        row.addStretch(1)
        inner.addLayout(row)
        self.days_spin.valueChanged.connect(self.changed)

    def fit_rows(self) -> None:
        """Rows of the kind list at least 36 px and one line of the current text size high."""
        row = max(36, self.kind_list.fontMetrics().height() + 14)
        for i in range(self.kind_list.count()):
            self.kind_list.item(i).setSizeHint(QSize(0, row))
        self.kind_list.setMinimumHeight(row * 7 + 4)

    # -- state ------------------------------------------------------------------------------
    def set_date_style(self, style: str) -> None:
        """The months as the date setting shows them (令和8年11月 or 2026年11月), after 設定 changed it."""
        self.date_style = style
        for i in range(self.month_combo.count()):
            y, mth = self.month_combo.itemData(i)
            self.month_combo.setItemText(i, format_month(y, mth, style))

    def reload_blocks(self) -> None:
        """Blocks and salons from the open file (after an edit elsewhere)."""
        current = self.block_combo.currentData()
        self.block_combo.blockSignals(True)
        self.block_combo.clear()
        self.block_combo.addItem(_("The whole association"), None)
        # By id: a file made before names had to differ may hold two blocks of one name; those
        # show their household count so the person can tell them apart (and merge them).
        self._block_names = {}
        for bid, name, shared_households in pl.block_choices():
            self._block_names[bid] = name
            text = name if shared_households is None else _("{name} ({n} households)").format(
                name=name, n=shared_households)
            self.block_combo.addItem(text, bid)
        self.block_combo.setCurrentIndex(max(0, self.block_combo.findData(current)))
        self.block_combo.blockSignals(False)
        salon = self.salon_combo.currentData()
        self.salon_combo.blockSignals(True)
        self.salon_combo.clear()
        self.salon_combo.addItem(_("Every salon"), None)
        for s in m.Salon.select().where(m.Salon.active == True).order_by(m.Salon.id):  # noqa: E712
            self.salon_combo.addItem(s.name, s.name)
        self.salon_combo.setCurrentIndex(max(0, self.salon_combo.findData(salon)))
        self.salon_combo.blockSignals(False)

    def kind(self) -> str:
        item = self.kind_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "labels"

    def set_kind(self, kind: str) -> None:
        self.kind_list.setCurrentRow(jobs.KINDS.index(kind))

    def set_block(self, name: str | None) -> None:
        """Choose the (first) block called `name`; None: the whole association."""
        found = [bid for bid, bname in self._block_names.items() if bname == name]
        self.block_combo.setCurrentIndex(max(0, self.block_combo.findData(found[0])) if found else 0)

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.what_hint.setText(_(WHAT_HINTS[kind]))
        shown = {
            "address": kind in jobs.ADDRESS_KINDS,
            "sheet": kind == "labels",
            "cards": kind in jobs.CARD_KINDS,
            "mode": kind in jobs.REGISTER_KINDS,
            "attendance": kind == "attendance",
            "followup": kind == "followup",
        }
        for name, widget in self.sections.items():
            widget.setVisible(shown[name])
        for w in (self.sort_title, self.sort_box, self.outlines_box):
            w.setVisible(kind == "labels")
        self.block_combo.setEnabled(kind != "attendance")
        self.nothing_label.setVisible(not any(shown.values()))
        self.changed.emit()

    def _disaster_clicked(self) -> None:
        if self.mode != "disaster":
            self.mode_radios["normal"].setChecked(True)  # until the person confirms
            self.disaster_requested.emit()

    def set_mode(self, mode: str, reason: str = "") -> None:
        """Switch the register mode (the page asked for confirmation and the reason first)."""
        self.mode, self.reason = mode, (reason if mode == "disaster" else "")
        self.mode_radios[mode].setChecked(True)
        self.changed.emit()

    def request(self) -> jobs.JobRequest:
        kind = self.kind()
        block_id = self.block_combo.currentData() if kind != "attendance" else None
        year, month = self.month_combo.currentData()
        picker = self.sheet_picker
        return jobs.JobRequest(
            kind=kind,
            block=self._block_names.get(block_id) if block_id is not None else None,
            block_id=block_id,
            mode=self.mode if kind in jobs.REGISTER_KINDS else "normal",
            reason=self.reason if kind in jobs.REGISTER_KINDS else "",
            per=_checked(self.per_radios),
            sort=_checked(self.sort_radios),
            sheet_id=picker.sheet_id(),
            start=picker.start(),
            # the label sheet's printer offset is for labels only (cards have no offset setting)
            offset_mm=picker.offset() if kind == "labels" else None,
            outlines=self.outlines_box.isChecked(),
            horizontal=_checked(self.writing_radios) == "horizontal",
            numerals=_checked(self.numeral_radios),
            hyphen=_checked(self.hyphen_radios),
            sender=self.sender_box.isChecked(),
            frames=self.frames_box.isChecked(),
            salon=self.salon_combo.currentData(),
            year=year,
            month=month,
            days=self.days_spin.value(),
        )
