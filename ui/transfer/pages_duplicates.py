"""Step 5: rows that look like people already in the roster, side by side; nothing is
merged unless the person chooses 統合する (and then only empty fields, or the ones ticked).

The address, the phone and the 班 are the household's: under those rows the page names the
others who live there, whose values change too. A row whose 班 or status differs from the
roster is marked in the list, so next year's moves are not left out unseen. Where the file
puts one person of a roster household at another address and the others stay, この人だけ引っ越し
gives that person a household of their own (import_move), said in one sentence before."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QButtonGroup, QCheckBox, QGridLayout, QHBoxLayout, QHeaderView, QPushButton,
                               QRadioButton, QVBoxLayout, QWidget)

from desktop import jtext
from desktop import settings as options
from desktop.i18n import N_, _
from desktop.services import import_choices, import_move
from desktop.services.import_merge import (
    DIFFERENCE_KEYS, HOUSEHOLD_GROUPS, block_keys, differences, names_text, status_word,
)
from ui.dates import format_date
from ui.style import WrapLabel, field_label, set_role
from ui.transfer.preview_model import DUP_CHOICE_LABELS, KEEP_BOTH, KEEP_OUT, MERGE, MOVE, DuplicateModel
from ui.transfer.state import StepPage
from ui.widgets.list_table import list_table

# (merge group, label): what is compared; the group is what 統合する may overwrite.
COMPARED = (("name", N_("Name")), ("reading", N_("Reading")), ("birth_date", N_("Birth date")),
            ("address", N_("Address")), ("landline", N_("Phone")), ("mobile", N_("Mobile")),
            ("block", N_("Block")), ("status", N_("Status")))
# What differs, in the list's 「Why」 column (「住所・電話が違う」).
DIFFER_WORDS = {"address": N_("address"), "landline": N_("phone"), "mobile": N_("mobile"), "block": N_("block"),
                "status": N_("status")}
# Under a household row: (what happens if ticked or filled, what would happen if ticked).
HOUSEHOLD_NOTES = {
    "address": (N_("The address changes for the whole household (%(names)s)."),
                N_("If you replace it, the address changes for the whole household (%(names)s).")),
    "landline": (N_("The phone number changes for the whole household (%(names)s)."),
                 N_("If you replace it, the phone number changes for the whole household (%(names)s).")),
    "block": (N_("The whole household (%(names)s) moves to %(block)s."),
              N_("If you replace it, the whole household (%(names)s) moves to %(block)s.")),
}


class DuplicatePage(StepPage):
    title = N_("Possible duplicates")
    intro = N_("These rows look like people who are already in the roster. Compare them and choose. "
               "If you are not sure, leave 「Do not import」.")

    def __init__(self, state, context, parent=None):
        super().__init__(state, context, parent)
        self.empty_label = WrapLabel(_("No row looks like someone already in the roster. Press 「次へ」."), "notice")
        self.layout_.addWidget(self.empty_label)
        self.differ_label = WrapLabel("", "notice")
        self.differ_label.setObjectName("differ_notice")
        self.layout_.addWidget(self.differ_label)
        # 班長 the file names, and roster people it leaves out (ImportState.roster_notes)
        self.roster_label = WrapLabel("", "notice")
        self.roster_label.setObjectName("roster_notice")
        self.layout_.addWidget(self.roster_label)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        bulk = QHBoxLayout()
        self.all_out = QPushButton(_("Do not import any of them"))
        self.all_out.setObjectName("all_out")
        self.all_out.clicked.connect(lambda: self._choose_all(KEEP_OUT))
        self.all_both = QPushButton(_("Keep both for all"))
        self.all_both.setObjectName("all_both")
        self.all_both.clicked.connect(lambda: self._choose_all(KEEP_BOTH))
        # Next year's file is how news arrives: every row that says something else, merged at
        # once with those values ticked (the page still names who else each change reaches).
        self.all_differing = QPushButton(_("Merge every row that differs"))
        self.all_differing.setObjectName("all_differing")
        self.all_differing.clicked.connect(self._merge_differing)
        bulk.addWidget(self.all_out)
        bulk.addWidget(self.all_both)
        bulk.addWidget(self.all_differing)
        bulk.addStretch(1)
        body.addLayout(bulk)
        self.model = DuplicateModel(self)
        self.view = list_table(self.model, name="duplicates")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # 「どうするか」 before 「理由」: on a small screen the choice stays in sight and the long
        # reason is the one that is cut (its whole text is in the tooltip and the card below).
        header.moveSection(4, 3)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setMaximumHeight(200)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        body.addWidget(self.view)
        self.compare = set_role(QFrame(), "card")
        self.grid = QGridLayout(self.compare)
        self.grid.setHorizontalSpacing(18)
        self.grid.addWidget(field_label(""), 0, 0)
        self.grid.addWidget(field_label(_("In the file")), 0, 1)
        self.grid.addWidget(field_label(_("Already in the roster")), 0, 2)
        self.grid.addWidget(field_label(_("Use the file's value")), 0, 3)
        self.file_cells, self.db_cells, self.replace_boxes, self.notes = {}, {}, {}, {}
        r = 0
        for key, label in COMPARED:
            r += 1
            self.grid.addWidget(WrapLabel(_(label)), r, 0)  # rendered like the values beside it
            # Word-wrapped: a long address wraps instead of pushing the grid off the page.
            self.file_cells[key] = WrapLabel()
            self.db_cells[key] = WrapLabel()
            box = QCheckBox(_("Replace"))
            box.setObjectName(f"replace_{key}")
            box.toggled.connect(lambda on, k=key: self._replace_toggled(k, on))
            self.replace_boxes[key] = box
            self.grid.addWidget(self.file_cells[key], r, 1)
            self.grid.addWidget(self.db_cells[key], r, 2)
            self.grid.addWidget(box, r, 3)
            if key in HOUSEHOLD_GROUPS:  # who else a change of this row reaches
                r += 1
                self.notes[key] = WrapLabel("", "notice")
                self.notes[key].setObjectName(f"note_{key}")
                self.notes[key].hide()
                self.grid.addWidget(self.notes[key], r, 1, 1, 3)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        choice = QHBoxLayout()
        self.radios = {}
        group = QButtonGroup(self)
        for code in (KEEP_OUT, KEEP_BOTH, MERGE, MOVE):
            radio = QRadioButton(_(DUP_CHOICE_LABELS[code]))
            radio.setObjectName(f"dup_{code}")
            radio.toggled.connect(lambda on, c=code: on and self.choose(c))
            group.addButton(radio)
            choice.addWidget(radio)
            self.radios[code] = radio
        choice.addStretch(1)
        body.addLayout(choice)
        self.choice_hint = WrapLabel("", "hint")
        body.addWidget(self.choice_hint)
        # The choice right under the list, the comparison after it: on a small screen the
        # radio buttons are in sight without scrolling past every compared field.
        body.addWidget(self.compare)
        self.layout_.addWidget(self.body, 1)
        self.layout_.addWidget(self.error_label)
        self.existing: dict[int, import_choices.ExistingPerson] = {}
        self.differences: dict = {}  # file row -> import_merge.Difference
        self.move_rows: set[int] = set()  # file rows for which この人だけ引っ越し is offered
        self._block_keys: set[str] | None = None  # read once each time the step is shown

    def enter(self) -> None:
        plan = self.state.plan
        dups = plan.duplicates
        ids = self.state.dup_ids()
        self.existing = import_choices.existing_people(list(ids.values())) if ids else {}
        self._block_keys = None
        by_row = {p.row: p for p in plan.people}
        others = []
        for d in dups:
            if d.other.startswith("db:"):
                e = self.existing.get(int(d.other[3:]))
                others.append(_("%s (in the roster)") % e.name if e else "")
            else:
                row = int(d.other[4:])
                others.append(_("%(name)s (row %(row)d of this file)") % {"name": by_row[row].name if row in by_row else "",
                                                                          "row": row})
        self.differences = differences(plan, self.existing)
        self.move_rows = {d.row for d in dups if d.row in ids and d.row in by_row
                          and import_move.move_offered(by_row[d.row], self.existing.get(ids[d.row]))}
        for row, choice in list(self.state.dup_choices.items()):
            if choice == MOVE and row not in self.move_rows:  # a fixed cell made it the same home again
                self.state.dup_choices[row] = KEEP_OUT
        self.model.load(dups, others, self.state.dup_choices,
                        {row: self._differs_text(diff.keys()) for row, diff in self.differences.items()})
        self.differ_label.setText(
            _("%d of these rows say something else than the roster: another address, phone, block (班) or status "
              "(see 「Why」). Nothing changes unless you choose 「Merge」 and tick 「Replace」, or press 「Merge every row "
              "that differs」.") % len(self.differences) if self.differences else "")
        self.differ_label.setVisible(bool(self.differences))
        self.all_differing.setVisible(bool(self.differences))
        self.roster_label.setText("\n".join(self.state.roster_notes()))
        self.roster_label.setVisible(bool(self.roster_label.text()))
        self.empty_label.setVisible(not dups)
        self.body.setVisible(bool(dups))
        if dups:
            self.view.selectRow(0)
            self._show_current()

    def _current(self):
        index = self.view.currentIndex()
        return self.model.duplicates[index.row()] if index.isValid() else None

    def select(self, file_row: int) -> None:
        for i, d in enumerate(self.model.duplicates):
            if d.row == file_row:
                self.view.selectRow(i)
                return

    def _show_current(self) -> None:
        d = self._current()
        if d is None:
            return
        person = next(p for p in self.state.plan.people if p.row == d.row)
        file_values = {"name": person.name, "reading": f"{person.family_reading} {person.given_reading}".strip(),
                       "birth_date": self._date(person.birth_date),
                       "address": f"{jtext.format_postal(person.postal_code) if person.postal_code else ''} "
                                  f"{person.address1}{person.address2} {person.address3}".strip(),
                       "landline": jtext.format_phone(person.landline) if person.landline else "",
                       "mobile": jtext.format_phone(person.mobile) if person.mobile else "",
                       "block": person.block, "status": status_word(person.status) if person.status_given else ""}
        e = self.existing.get(int(d.other[3:])) if d.other.startswith("db:") else None
        if e is not None:
            db_values = {"name": e.name, "reading": e.reading, "birth_date": self._date(e.birth_date),
                         "address": f"{jtext.format_postal(e.postal_code) if e.postal_code else ''} "
                                    f"{e.address} {e.address3}".strip(),
                         "landline": jtext.format_phone(e.landline) if e.landline else "",
                         "mobile": jtext.format_phone(e.mobile) if e.mobile else "",
                         "block": e.block, "status": status_word(e.status)}
        else:
            other = next((p for p in self.state.plan.people if f"row:{p.row}" == d.other), None)
            db_values = {k: "" for k in file_values}
            if other is not None:
                db_values.update(name=other.name, reading=f"{other.family_reading} {other.given_reading}".strip(),
                                 birth_date=self._date(other.birth_date), block=other.block,
                                 status=status_word(other.status) if other.status_given else "")
        self.grid.itemAtPosition(0, 2).widget().setText(_("Already in the roster") if e else _("Earlier row of the file"))
        choice = self.state.dup_choices.get(d.row, KEEP_OUT)
        replace = self.state.merge_fields.get(d.row, set())
        shown = {}
        for key, _label in COMPARED:
            differs = file_values[key] != db_values[key] and bool(file_values[key])
            if key == "block":  # 「１班」 and 「1 班」 are one 班
                differs = bool(file_values[key]) and jtext.block_key(file_values[key]) != jtext.block_key(db_values[key])
            self.file_cells[key].setText(file_values[key] or "—")
            self.db_cells[key].setText(db_values[key] or "—")
            weight = "bold" if differs and db_values[key] else "normal"
            self.file_cells[key].setStyleSheet(f"font-weight: {weight};")
            box = self.replace_boxes[key]
            box.blockSignals(True)
            box.setChecked(key in replace)
            box.blockSignals(False)
            # Only where the file says something different from a value we already have; a
            # move takes the household's values from the file, nothing to choose there.
            taking = choice == MERGE or (choice == MOVE and key not in HOUSEHOLD_GROUPS)
            shown[key] = taking and differs and bool(db_values[key])
            box.setVisible(shown[key])
            if key in self.notes and choice == MOVE:
                self._note(key, None, False, False, file_values[key], new_block=key == "block")
            elif key in self.notes:
                filled = differs and not db_values[key]  # an empty household value is filled anyway
                self._note(key, e if choice == MERGE else None, filled or (shown[key] and key in replace),
                           shown[key], file_values[key])
        self.radios[MERGE].setEnabled(e is not None)
        self.radios[MOVE].setVisible(d.row in self.move_rows)
        for code, radio in self.radios.items():
            radio.blockSignals(True)
            radio.setChecked(code == choice)
            radio.blockSignals(False)
        self._hint(choice, e is not None, person.name if d.row in self.move_rows else "", d.row)

    def _note(self, key: str, e, changes: bool, could: bool, new: str, new_block: bool = False) -> None:
        """Under the address, phone or 班: who else it changes for (the household's other
        people), and a 班 the merge (or the move: `new_block`) has to make."""
        label = self.notes[key]
        parts = []
        if e is not None and e.housemates and (changes or could):
            will, would = HOUSEHOLD_NOTES[key]
            parts.append(_(will if changes else would) % {"names": names_text(e.housemates), "block": new})
        if (new_block or (e is not None and key == "block" and (changes or could))) and new \
                and not self._block_exists(new):
            parts.append(_("「%s」 is not a block yet; it will be made.") % new)
        label.setText(" ".join(parts))
        label.setVisible(bool(parts))

    def _block_exists(self, name: str) -> bool:
        if self._block_keys is None:
            self._block_keys = block_keys()
        return jtext.block_key(name) in self._block_keys

    def _differs_text(self, keys: set[str]) -> str:
        """「住所・携帯が違う」: what the row says differently, for the list's 「Why」 column."""
        names = "・".join(_(DIFFER_WORDS[k]) for k in DIFFERENCE_KEYS if k in keys)
        return _("%s differ") % names

    def _merge_differing(self) -> None:
        """「違いのある行をすべて統合」: each row that differs is merged, with what differs ticked."""
        for row, diff in self.differences.items():
            self.state.dup_choices[row] = MERGE
            self.state.merge_fields[row] = set(self.state.merge_fields.get(row, set())) | diff.keys()
        self.model.layoutChanged.emit()
        self._show_current()
        self.changed.emit()

    def _hint(self, choice: str, in_roster: bool, moving: str = "", row: int = 0) -> None:
        fill = _("Empty fields of the person in the roster are filled from the file. Other fields change only "
                 "where you tick 「Replace」.")
        if choice == KEEP_OUT:
            text = _("This row is not imported; the person in the roster stays as is.")
        elif choice == KEEP_BOTH:
            text = _("This row is imported as a new person. There will be two entries.")
        elif choice == MOVE:
            # 「山田 太郎さんだけが新しい住所の世帯になります。山田 花子さんはいまの住所のままです。」
            text = import_move.move_hint(self.state.plan, self.state.choices().moves, row) + "\n" + fill
        else:
            text = fill
            if moving:
                text += "\n" + _("If only %s moved and the others stay, choose 「Only this person moved」.") % moving
        if not in_roster:
            text += "　" + _("(Two rows of the file look alike: merging is not possible here.)")
        self.choice_hint.setText(text)

    def choose(self, choice: str) -> None:
        d = self._current()
        if d is None:
            return
        self.state.dup_choices[d.row] = choice
        self.model.refresh_row(self.view.currentIndex().row())
        self._show_current()
        self.changed.emit()

    def _choose_all(self, choice: str) -> None:
        for d in self.model.duplicates:
            self.state.dup_choices[d.row] = choice
        self.model.layoutChanged.emit()
        self._show_current()

    def _replace_toggled(self, key: str, on: bool) -> None:
        d = self._current()
        if d is None:
            return
        fields = self.state.merge_fields.setdefault(d.row, set())
        (fields.add if on else fields.discard)(key)
        self._show_current()  # the notes under the household rows follow the tick

    def _date(self, value) -> str:
        """A birth date as 設定 shows dates (和暦 or 西暦), like the rest of the app."""
        return format_date(value, self.context.settings.get(options.DATE_STYLE)) if value else ""
