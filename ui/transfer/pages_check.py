"""Step 4: every row with a problem (skip it or fix it) and the households that were formed."""
from __future__ import annotations

from PySide6.QtWidgets import (QFrame, QButtonGroup, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QRadioButton,
                               QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop.i18n import N_, _
from desktop.printing.list_rows import to_a_block_text
from desktop.services import import_blocks, import_choices
from desktop.services.importer import ERROR
from ui import dialogs
from ui.style import WrapLabel, set_role
from ui.transfer.preview_model import FIX, SKIP, ProblemModel
from ui.transfer.state import StepPage
from ui.widgets.list_table import list_table
from ui.widgets.readable_columns import readable_columns

LINE, COLUMN, VALUE, PROBLEM, HAPPENS, CHOICE = range(6)  # preview_model.PROBLEM_COLUMNS


class CheckPage(StepPage):
    title = N_("Check")
    intro = N_("Rows in red cannot be imported as they are: skip them, or fix the value here. "
               "The other lines are for your information.")

    def __init__(self, state, context, parent=None):
        super().__init__(state, context, parent)
        self.counts_label = set_role(WrapLabel(""), "heading")
        self.counts_label.setObjectName("counts")
        self.layout_.addWidget(self.counts_label)
        self._build_block_panel()
        self.tabs = QTabWidget()
        self.layout_.addWidget(self.tabs, 1)
        self.layout_.addWidget(self.error_label)
        self._build_problems()
        self._build_households()

    # -- rows in no 班 ---------------------------------------------------------------------

    def _build_block_panel(self) -> None:
        """Who will be in no 班 (on no block's call tree or sheet), and, when the sheet is named
        like a block and the file has no 班 column, the one click that puts them in it."""
        self.block_panel = set_role(QFrame(), "card")
        panel = QVBoxLayout(self.block_panel)
        self.block_label = WrapLabel("", "notice")
        self.block_label.setObjectName("no_block_notice")
        panel.addWidget(self.block_label)
        row = QHBoxLayout()
        self.block_button = QPushButton("")
        self.block_button.setObjectName("block_from_sheet")
        self.block_button.clicked.connect(self.toggle_sheet_block)
        row.addWidget(self.block_button)
        row.addStretch(1)
        panel.addLayout(row)
        self.layout_.addWidget(self.block_panel)

    def sheet_block(self) -> str:
        table = self.state.table
        return import_blocks.sheet_block(table.sheet) if table is not None and table.sheets else ""

    def toggle_sheet_block(self) -> None:
        """Put every row without a 班 in the block the sheet is named after, or take that back."""
        state = self.state
        state.default_block = "" if state.default_block else self.sheet_block()
        state.plan.default_block = state.default_block
        state.plan = import_choices.replan(state.plan, self.context.today(), state.splits)
        self._reload()

    def _show_blocks(self) -> None:
        counts = self.state.block_counts()
        chosen = self.state.default_block
        suggested = self.sheet_block()
        offer = counts.reason == import_blocks.NO_COLUMN and bool(suggested)
        lines = import_blocks.lines(counts)
        if counts.no_block and not offer:
            lines.append(to_a_block_text())  # after the import, in the roster
        self.block_label.setText("\n".join(lines))
        self.block_button.setVisible(bool(chosen) or offer)
        self.block_button.setText(_("Leave them in no block") if chosen
                                  else _("Put everyone in 「%s」, as the sheet is called") % suggested)
        self.block_panel.setVisible(bool(lines) or bool(chosen))

    # -- problems -------------------------------------------------------------------------

    def _build_problems(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.model = ProblemModel(self)
        self.view = list_table(self.model, name="problems", row_numbers=True)
        # 何が問題か keeps room to be read; the value and どうなるか wrap; past that the table
        # scrolls sideways (large text on a small screen) rather than squeeze the words.
        self.columns = readable_columns(self.view, stretch=PROBLEM, minimum={PROBLEM: 11, VALUE: 4, HAPPENS: 7, CHOICE: 4},
                                        maximum={COLUMN: 8, VALUE: 12, HAPPENS: 16})
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_choice())
        layout.addWidget(self.view, 1)
        self.empty_label = WrapLabel(_("No problems were found. Press 「次へ」."), "notice")
        layout.addWidget(self.empty_label)
        # The choice for the selected error row: skip it, or fix the value and check again.
        self.choice_panel = set_role(QFrame(), "card")
        panel = QVBoxLayout(self.choice_panel)
        self.choice_title = set_role(WrapLabel(""), "field")
        panel.addWidget(self.choice_title)
        buttons = QHBoxLayout()
        self.skip_radio = QRadioButton(_("Skip this row"))
        self.skip_radio.setObjectName("skip_row")
        self.fix_radio = QRadioButton(_("Fix it"))
        self.fix_radio.setObjectName("fix_row")
        group = QButtonGroup(self)
        group.addButton(self.skip_radio)
        group.addButton(self.fix_radio)
        self.skip_radio.toggled.connect(lambda on: on and self._choose(SKIP))
        self.fix_radio.toggled.connect(lambda on: on and self._choose(FIX))
        buttons.addWidget(self.skip_radio)
        buttons.addWidget(self.fix_radio)
        self.fix_edit = QLineEdit()
        self.fix_edit.setObjectName("fix_value")
        self.fix_edit.returnPressed.connect(self.apply_fix)
        buttons.addWidget(self.fix_edit, 1)
        self.fix_button = QPushButton(_("Correct and check again"))
        self.fix_button.setObjectName("apply_fix")
        self.fix_button.clicked.connect(self.apply_fix)
        buttons.addWidget(self.fix_button)
        panel.addLayout(buttons)
        self.fix_hint = WrapLabel("", "hint")
        panel.addWidget(self.fix_hint)
        layout.addWidget(self.choice_panel)
        self.tabs.addTab(page, "")

    def _selected(self):
        index = self.view.currentIndex()
        return self.model.problem(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        """Select the first line about file row `row` (what a click on it does)."""
        for i, p in enumerate(self.model.problems):
            if p.row == row:
                self.view.selectRow(i)
                return

    def _show_choice(self) -> None:
        p = self._selected()
        is_error = p is not None and p.severity == ERROR
        self.choice_panel.setVisible(is_error)
        if not is_error:
            return
        self.choice_title.setText(_("Row %(row)s, %(column)s: what should happen?")
                                  % {"row": p.row, "column": p.column or _("the whole row")})
        fixing = self.state.row_choices.get(p.row) == FIX
        for radio, on in ((self.skip_radio, not fixing), (self.fix_radio, fixing)):
            radio.blockSignals(True)
            radio.setChecked(on)
            radio.blockSignals(False)
        can_edit = bool(p.column) and p.column in self.state.plan.headers
        self.fix_radio.setEnabled(can_edit)
        self.fix_edit.setText(p.value)
        self.fix_edit.setEnabled(fixing and can_edit)
        self.fix_button.setEnabled(fixing and can_edit)
        self.fix_hint.setText("" if can_edit else _("This row cannot be fixed here: correct it in the file, or skip it."))
        dialogs.show_field(self.fix_button, focus=False)  # 飛ばす／直す in sight when a row is chosen

    def _choose(self, choice: str) -> None:
        p = self._selected()
        if p is None:
            return
        self.state.row_choices[p.row] = choice
        self.fix_edit.setEnabled(choice == FIX)
        self.fix_button.setEnabled(choice == FIX)
        if choice == FIX:
            # the box may be below the fold of the wizard's scrolled page (large text)
            dialogs.show_field(self.fix_edit)
            self.fix_edit.selectAll()
        self.model.layoutChanged.emit()
        self._update_counts()

    def apply_fix(self) -> None:
        p = self._selected()
        if p is None or p.severity != ERROR:
            return
        state = self.state
        if not import_choices.set_cell(state.plan, p.row, p.column, self.fix_edit.text()):
            return
        state.row_choices[p.row] = FIX
        state.plan = import_choices.replan(state.plan, self.context.today(), state.splits)
        row = p.row
        self._reload()
        if row in state.error_rows():
            self.select_row(row)
            self.fix_hint.setText(_("Still not right: %s") % self.model.data(self.view.currentIndex().siblingAtColumn(PROBLEM)))
        else:
            state.row_choices.pop(row, None)
            self.fix_hint.setText("")
            self.show_error("")
            self.status_text = _("Row %s is fixed and will be imported.") % row
            self.counts_label.setText(self.counts_label.text() + "\n" + self.status_text)

    # -- households ---------------------------------------------------------------------------

    def _build_households(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(WrapLabel(_("People on the same address (or with the same household number) form one "
                                     "household. If someone lives apart, select them and press the button."), "hint"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("households")
        self.tree.setStyleSheet("QTreeView::item { padding: 4px 2px; }")  # room between lines for older eyes
        self.tree.setHeaderLabels([_("Household / person"), _("Row"), _("Address")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_split_button())
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.split_button = QPushButton(_("Make the selected person a household of their own"))
        self.split_button.setObjectName("split_person")
        self.split_button.clicked.connect(self.split_selected)
        row.addWidget(self.split_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.tabs.addTab(page, "")

    def _fill_households(self) -> None:
        self.tree.clear()
        skip = self.state.skip_rows()
        joins = self.state.joins()
        in_roster = set(self.state.dup_ids()) & self.state.left_out()
        for n, members in enumerate(self.state.plan.households, start=1):
            first = members[0]
            label = _("Household %(n)d (%(count)d people)") % {"n": n, "count": len(members)}
            join = joins.get(n - 1)
            if join is not None and join.joins:
                # Its people in the roster are not imported again; the new ones join their household.
                label += "　" + _("→ joins the household of %s in the roster") % join.home.person_name
            top = QTreeWidgetItem([label, "", f"{first.address1}{first.address2} {first.address3}".strip()])
            for p in members:
                head = "　" + _("(head)") if p.is_head else ""
                if p.row in in_roster:
                    head += "　" + _("(already in the roster)")
                child = QTreeWidgetItem([p.name + head, str(p.row), ""])
                child.setData(0, 256, p.row)  # Qt.UserRole
                if p.row in skip:
                    child.setDisabled(True)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        self._update_split_button()

    def _update_split_button(self) -> None:
        item = self.tree.currentItem()
        self.split_button.setEnabled(bool(item and item.parent() and item.parent().childCount() > 1))

    def select_person(self, row: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, 256) == row:
                    self.tree.setCurrentItem(top.child(j))
                    return

    def split_selected(self) -> None:
        item = self.tree.currentItem()
        if not item or not item.parent():
            return
        row = item.data(0, 256)
        if import_choices.split_out(self.state.plan, row):
            self.state.splits.add(row)
        self._fill_households()
        self.select_person(row)
        self._update_counts()

    # -- the page -------------------------------------------------------------------------------

    def enter(self) -> None:
        self._reload()

    def _reload(self) -> None:
        for row in self.state.error_rows():
            self.state.row_choices.setdefault(row, SKIP)
        self.model.load(self.state.plan.problems, self.state.row_choices)
        self.empty_label.setVisible(not self.model.problems)
        self.view.setVisible(bool(self.model.problems))
        self.choice_panel.hide()
        errors = self.state.error_rows()
        if errors:
            self.view.selectRow(0)
        # The rows the list shows (errors, rows not imported, notes), so the number is what one sees.
        self.tabs.setTabText(0, _("Rows to check (%d)") % len({p.row for p in self.model.problems}))
        self._fill_households()
        self._update_counts()

    def _update_counts(self) -> None:
        c = self.state.counts()
        self.tabs.setTabText(1, _("Households (%d)") % c["households"])
        text = _("%(people)d people in %(households)d households will be imported; %(skipped)d rows are skipped.") % c
        if c["not_people"]:
            text += "\n" + _("%d rows that are not a person (a title, a total) are not imported.") % c["not_people"]
        self.counts_label.setText(text)
        self._show_blocks()
        self.changed.emit()

    def leave(self) -> bool:
        unfixed = self.state.unfixed_rows()
        if unfixed:
            self.show_error(_("Row %s still has a problem. Correct the value, or choose 「Skip this row」.")
                            % "、".join(map(str, unfixed)))
            self.select_row(unfixed[0])
            return False
        self.show_error("")
        return True
