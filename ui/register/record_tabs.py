"""The sections of the record dialog. Each has load(data) and collect(form): data is what
db.queries.register.record_form returns, form is what services.register.save_record_form takes."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from db import models as m
from desktop import jtext
from desktop.i18n import _
from desktop.services.register import CARE_LEVELS, CONSENT_LABELS, DESTINATION_TYPES, REASON_LABELS
from ui.dates import format_date
from ui.register.fields import DateBox, NoteBox, page_layout
from ui.register.supporters import ContactList, SupporterList
from ui.style import WrapLabel, field_label, set_role

SEX_LABELS = {"F": "女性", "M": "男性", "X": "その他"}


def _combo(items: list[str], editable: bool = True) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    box.addItems(items)
    box.setMaximumWidth(480)
    return box


class PersonTab(QWidget):
    """本人: the art. 49-10 items, read from the roster, never typed here."""

    def __init__(self, today: dt.date, style: str):
        super().__init__()
        self.today, self.style_ = today, style
        layout = page_layout(self)
        layout.addWidget(WrapLabel(_(
            "These come from the roster (災害対策基本法 49-10: name, birth date, sex, address, contact). "
            "You can change them on the Roster page."), "notice"))
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (("name", _("Name")), ("reading", _("Reading")), ("birth", _("Birth date")),
                           ("sex", _("Sex")), ("address", _("Address")), ("phone", _("Phone")),
                           ("block", _("Block"))):
            value = WrapLabel("")
            value.setMinimumWidth(300)
            self.values[key] = value
            form.addRow(field_label(label), value)
        layout.addLayout(form)
        layout.addStretch(1)

    def load(self, data: dict) -> None:
        p = data.get("person") or {}
        birth = p.get("birth_date")
        age = f"（{jtext.age_on(birth, self.today)}{_(' years old')}）" if birth and birth <= self.today else ""
        phones = [jtext.format_phone(x) for x in (p.get("landline"), p.get("mobile")) if x]
        postal = jtext.format_postal(p.get("postal_code")) if p.get("postal_code") else ""
        blank = _("(not in the roster)")
        self.values["name"].setText(p.get("name") or blank)
        self.values["reading"].setText(p.get("reading") or blank)
        self.values["birth"].setText((format_date(birth, self.style_) + age) if birth else blank)
        self.values["sex"].setText(SEX_LABELS.get(p.get("sex") or "", blank))
        self.values["address"].setText(((f"〒{postal} " if postal else "") + (p.get("address") or "")) or blank)
        self.values["phone"].setText(" / ".join(phones) or blank)
        self.values["block"].setText(p.get("block_name") or _("(no block)"))

    def collect(self, form: dict) -> None:
        """Nothing to save: the items live in the roster."""


class ReasonsTab(QWidget):
    """理由: every code of SUPPORT_REASONS, the care level and free details."""

    def __init__(self):
        super().__init__()
        layout = page_layout(self)
        layout.addWidget(WrapLabel(_(
            "Tick every reason that applies. Health and disability are sensitive: they are printed only on the "
            "register and the plan sheet for supporters, never on the member list or labels."), "hint"))
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for i, code in enumerate(m.SUPPORT_REASONS):
            box = QCheckBox(_(REASON_LABELS[code]))
            self.boxes[code] = box
            grid.addWidget(box, i // 2, i % 2)
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(field_label(_("Care level")))
        self.care_level = _combo([""] + list(CARE_LEVELS))
        self.care_level.setMinimumContentsLength(6)
        self.care_level.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        row.addWidget(self.care_level)
        row.addStretch(1)
        layout.addLayout(row)
        self.boxes["care_level"].toggled.connect(self.care_level.setEnabled)
        self.care_level.setEnabled(False)
        layout.addWidget(field_label(_("Details (what help is needed)")))
        self.details = NoteBox(3, _("e.g. cannot use stairs; hears nothing without hearing aid"))
        layout.addWidget(self.details)
        layout.addStretch(1)

    def load(self, data: dict) -> None:
        rec = data.get("record") or {}
        self._loaded = [c for c in (rec.get("reasons") or []) if c in self.boxes]
        for code, box in self.boxes.items():
            box.setChecked(code in self._loaded)
        self.care_level.setCurrentText(rec.get("care_level") or "")
        self.care_level.setEnabled(self.boxes["care_level"].isChecked())
        self.details.setPlainText(rec.get("details") or "")

    def collect(self, form: dict) -> None:
        # Keep the saved order of reasons still ticked (no change logged for a mere reorder),
        # then the newly ticked ones in the usual order.
        ticked = {c for c in m.SUPPORT_REASONS if self.boxes[c].isChecked()}
        reasons = [c for c in getattr(self, "_loaded", []) if c in ticked]
        reasons += [c for c in m.SUPPORT_REASONS if c in ticked and c not in reasons]
        form["record"]["reasons"] = reasons
        form["record"]["care_level"] = self.care_level.currentText().strip() if "care_level" in reasons else ""
        form["record"]["details"] = self.details.value()


class ConsentTab(QWidget):
    """同意: may the record be given to 避難支援等関係者 in normal times (art. 49-11 para. 2)."""

    METHODS = ["", "訪問して書面で確認", "郵送の同意書", "電話で確認", "家族から確認"]

    def __init__(self, today: dt.date, style: str):
        super().__init__()
        layout = page_layout(self)
        layout.addWidget(WrapLabel(_(
            "Only people who agreed are printed for supporters in normal times. In a disaster everyone may be "
            "printed, after you confirm and give a reason (災害対策基本法 49-11)."), "notice"))
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        self.radios: dict[str, QRadioButton] = {}
        for code in m.CONSENTS:
            radio = QRadioButton(_(CONSENT_LABELS[code]))
            self.radios[code] = radio
            self.group.addButton(radio)
            row.addWidget(radio)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.date = DateBox(today, style)
        self.method = _combo(self.METHODS)
        self.note = NoteBox(3, _("e.g. explained who receives the list and that it is kept locked"))
        form.addRow(field_label(_("Date of the answer")), self.date)
        form.addRow(field_label(_("How it was obtained")), self.method)
        layout.addLayout(form)
        layout.addWidget(field_label(_("What was explained")))
        layout.addWidget(self.note)
        layout.addStretch(1)

    def load(self, data: dict) -> None:
        rec = data.get("record") or {}
        self.radios.get(rec.get("consent") or m.CONSENT_UNKNOWN, self.radios[m.CONSENT_UNKNOWN]).setChecked(True)
        self.date.set_date(rec.get("consent_date"))
        self.method.setCurrentText(rec.get("consent_method") or "")
        self.note.setPlainText(rec.get("consent_note") or "")

    def collect(self, form: dict) -> None:
        consent = next((c for c, r in self.radios.items() if r.isChecked()), m.CONSENT_UNKNOWN)
        form["record"].update({
            "consent": consent, "consent_date": self.date.date(_("Date of the answer")),
            "consent_method": self.method.currentText().strip(), "consent_note": self.note.value(),
        })


class EvacuationTab(QWidget):
    """避難: where to go (per hazard), the route, what to bring, medication and equipment."""

    def __init__(self):
        super().__init__()
        layout = page_layout(self)
        layout.addWidget(field_label(_("Where to go")))
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        self.radios: dict[str, QRadioButton] = {}
        for code, label in DESTINATION_TYPES.items():
            radio = QRadioButton(_(label))
            self.radios[code] = radio
            self.group.addButton(radio)
            row.addWidget(radio)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.destination = QLineEdit()
        self.destination.setPlaceholderText(_("e.g. 港南小学校"))
        self.flood = QLineEdit()
        self.flood.setPlaceholderText(_("leave empty if the same as for an earthquake"))
        form.addRow(field_label(_("Place (earthquake)")), self.destination)
        form.addRow(field_label(_("Place (flood)")), self.flood)
        layout.addLayout(form)
        self.notes: dict[str, NoteBox] = {}
        for key, label, lines in (("route_notes", _("Route"), 2), ("bring_items", _("What to bring"), 2),
                                  ("medication_notes", _("Medication"), 2), ("equipment_notes", _("Equipment"), 2)):
            layout.addWidget(field_label(label))
            self.notes[key] = NoteBox(lines)
            layout.addWidget(self.notes[key])
        layout.addStretch(1)

    def load(self, data: dict) -> None:
        rec = data.get("record") or {}
        self.group.setExclusive(False)
        for code, radio in self.radios.items():
            radio.setChecked(code == rec.get("destination_type"))
        self.group.setExclusive(True)
        self.destination.setText(rec.get("destination") or "")
        self.flood.setText(rec.get("destination_flood") or "")
        for key, box in self.notes.items():
            box.setPlainText(rec.get(key) or "")

    def collect(self, form: dict) -> None:
        kind = next((c for c, r in self.radios.items() if r.isChecked()), "")
        form["record"].update({"destination_type": kind, "destination": self.destination.text().strip(),
                               "destination_flood": self.flood.text().strip()})
        form["record"].update({k: box.value() for k, box in self.notes.items()})


class PlanTab(QWidget):
    """個別避難計画 (art. 49-14): the plan fields beyond the record."""

    TRAVEL = ["", "徒歩", "車いす", "支援者の車", "自家用車", "福祉車両・タクシー", "おんぶ・担架"]

    def __init__(self, today: dt.date, style: str):
        super().__init__()
        layout = page_layout(self)
        layout.addWidget(WrapLabel(_(
            "The individual evacuation plan is made with the person's consent. The plan sheet prints these "
            "together with the supporters and the destination."), "hint"))
        self.when = NoteBox(2, _("e.g. at 高齢者等避難 (level 3), before dark"))
        self.travel = _combo(self.TRAVEL)
        self.tasks = NoteBox(3, _("e.g. main supporter calls, then comes with the wheelchair"))
        self.contact = NoteBox(2, _("e.g. phone first, then visit"))
        self.plan_notes = NoteBox(2)
        self.drawn_up = DateBox(today, style)
        for label, widget in ((_("When to leave"), self.when), (_("Means of travel"), self.travel),
                              (_("What the supporter does"), self.tasks), (_("How to reach the person"), self.contact),
                              (_("Other notes"), self.plan_notes), (_("Plan made on"), self.drawn_up)):
            layout.addWidget(field_label(label))
            layout.addWidget(widget)
        layout.addStretch(1)

    def load(self, data: dict) -> None:
        plan = data.get("plan") or {}
        self.when.setPlainText(plan.get("when_to_leave") or "")
        self.travel.setCurrentText(plan.get("means_of_travel") or "")
        self.tasks.setPlainText(plan.get("supporter_tasks") or "")
        self.contact.setPlainText(plan.get("contact_method") or "")
        self.plan_notes.setPlainText(plan.get("notes") or "")
        self.drawn_up.set_date(plan.get("drawn_up_on"))

    def collect(self, form: dict) -> None:
        form["plan"] = {
            "when_to_leave": self.when.value(), "means_of_travel": self.travel.currentText().strip(),
            "supporter_tasks": self.tasks.value(), "contact_method": self.contact.value(),
            "notes": self.plan_notes.value(),
        }
        drawn = self.drawn_up.date(_("Plan made on"))
        if drawn:
            form["plan"]["drawn_up_on"] = drawn


class ReviewTab(QWidget):
    """見直し: the record is checked with the person once a year."""

    def __init__(self, today: dt.date, style: str):
        super().__init__()
        self.today, self.style_ = today, style
        layout = page_layout(self)
        layout.addWidget(WrapLabel(_(
            "Check the record with the person once a year. Records not checked for a year are listed on the "
            "home page."), "hint"))
        row = QHBoxLayout()
        row.addWidget(field_label(_("Last checked")))
        self.date = DateBox(today, style)
        row.addWidget(self.date)
        self.today_button = QPushButton(_("Checked today"))
        self.today_button.clicked.connect(lambda: self.date.set_date(self.today))
        row.addWidget(self.today_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.next_label = set_role(QLabel(""), "notice")
        layout.addWidget(self.next_label)
        self.date.textChanged.connect(self._show_next)
        layout.addStretch(1)

    def _show_next(self) -> None:
        try:
            day = self.date.date("")
        except ValueError:
            day = None
        if day is None:
            self.next_label.setText(_("Never checked: due now."))
        else:
            nxt = day + dt.timedelta(days=365)
            self.next_label.setText(_("Next check by %s") % format_date(nxt, self.style_))

    def load(self, data: dict) -> None:
        self.date.set_date((data.get("record") or {}).get("last_reviewed"))
        self._show_next()

    def collect(self, form: dict) -> None:
        form["record"]["last_reviewed"] = self.date.date(_("Last checked"))


__all__ = ["PersonTab", "ReasonsTab", "ConsentTab", "ContactList", "SupporterList", "EvacuationTab", "PlanTab",
           "ReviewTab"]
