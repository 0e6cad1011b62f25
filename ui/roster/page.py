"""名簿 (roster) page: everyone in あいうえお order, search as you type, filters, and the
forms to add and correct people and households.

The rows are read once (db/queries/roster.load_rows) and searched in memory through a
RosterIndex, so a keystroke never touches the database. After an edit only the rows of
the people concerned are read again (merge_rows).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db import models as m
from db.queries import roster as queries
from desktop import jtext
from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import N_, _
from ui import dialogs
from ui.roster import actions
from ui.roster.editing import RosterEditor
from ui.roster.labels import ROLE_LABELS
from ui.roster.model import COLUMN, RosterModel
from ui.widgets.flow_layout import FlowLayout
from ui.style import WrapLabel, set_role
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.search_box import SearchBox
from ui.widgets.list_table import list_table

log = logging.getLogger(__name__)

# (key, msgid, statuses)
STATUS_CHOICES = (
    ("active", N_("Members and residents"), m.ACTIVE_STATUSES),
    ("member", N_("Members only"), (m.STATUS_MEMBER,)),
    ("moved", N_("Moved out"), (m.STATUS_MOVED,)),
    ("deceased", N_("Deceased"), (m.STATUS_DECEASED,)),
    ("all", N_("Everyone, moved out and deceased too"), m.STATUSES),
)


class RosterPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.editor = RosterEditor(lambda: self.context.operator_name)
        self._history_store = context.store  # the file the undo steps belong to
        self.rows: list[queries.RosterRow] = []
        self.index = queries.RosterIndex([])
        self._version = None
        self._build()
        self.refresh()

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(8)

        # At 1024×768 in large text every line of controls is a line of the table less (it
        # showed three people): the page-wide buttons share the title's line, the less-used
        # filters fold under 「絞り込み」, the count follows the kana tabs, and the buttons for
        # the chosen person share one wrapping row with 電話した / 手紙を送った.
        top = QHBoxLayout()
        top.addWidget(set_role(QLabel(_("Roster")), "title"))
        top.addStretch(1)
        self.add_button = QPushButton(_("Add a person (Ctrl+N)"))
        self.undo_button = QPushButton(_("Undo"))
        self.trash_view_button = QPushButton(_("Trash…"))
        self.blocks_button = QPushButton(_("Blocks…"))
        for button in (self.add_button, self.undo_button, self.trash_view_button, self.blocks_button):
            top.addWidget(button)
        layout.addLayout(top)

        search_row = QHBoxLayout()
        self.search = SearchBox(_("Search by name, reading or phone number (Ctrl+F)"))
        search_row.addWidget(self.search, 1)
        self.view_people = QPushButton(_("One by one"))
        self.view_households = QPushButton(_("By household"))
        self.view_group = QButtonGroup(self)
        for button in (self.view_people, self.view_households):
            button.setCheckable(True)
            self.view_group.addButton(button)
            search_row.addWidget(button)
        self.view_people.setChecked(True)
        self.filters_button = QPushButton()
        self.filters_button.setCheckable(True)
        self.filters_button.setToolTip(_("Show or hide the filters: block, status, role, people who need help"))
        search_row.addWidget(self.filters_button)
        layout.addLayout(search_row)

        # The filters wrap (large text on a 1024-px screen): one row of them needed 868 px.
        self.filters_box = QWidget()
        filters = FlowLayout(self.filters_box)
        self.block_filter = ChoiceCombo()
        self.status_filter = ChoiceCombo()
        self.status_filter.set_choices([(_(label), key) for key, label, _statuses in STATUS_CHOICES])
        self.role_filter = ChoiceCombo()
        self.role_filter.set_choices([(_("Any role"), None)] + [(_(label), code) for code, label in ROLE_LABELS.items()])
        self.support_filter = QCheckBox(_("Only people who need help"))
        self.clear_filters_button = QPushButton(_("Clear the filters"))
        for combo in (self.block_filter, self.status_filter, self.role_filter):
            # Let a combo give up width before a button is clipped (large text, narrow window).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # (lengths count Latin characters: a kana is about two)
        self.block_filter.setMinimumContentsLength(10)
        self.status_filter.setMinimumContentsLength(24)
        self.role_filter.setMinimumContentsLength(13)
        for w in (self.block_filter, self.status_filter, self.role_filter, self.support_filter,
                  self.clear_filters_button):
            filters.addWidget(w)
        self.filters_box.hide()
        layout.addWidget(self.filters_box)

        index_row = FlowLayout(spacing=4)  # the count wraps under the tabs when the line is short
        self.index_buttons: dict[str, QPushButton] = {}
        for label in jtext.INDEX_LABELS:
            button = QPushButton(label)
            button.setStyleSheet("min-width: 30px; padding: 2px 4px;")  # about 40 px wide: a click target
            button.setToolTip(_("Jump to the names starting in this group of kana"))
            button.clicked.connect(lambda _c=False, lab=label: self.jump_to(lab))
            index_row.addWidget(button)
            self.index_buttons[label] = button
        self.count_label = set_role(QLabel(""), "hint")
        self.count_label.setContentsMargins(12, 0, 0, 0)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setMinimumHeight(self.index_buttons[jtext.INDEX_LABELS[0]].sizeHint().height())
        index_row.addWidget(self.count_label)
        layout.addLayout(index_row)

        self.stack = QStackedWidget()
        self.model = RosterModel(self.context.today(), self.context.settings.get(options.DATE_STYLE), self)
        self.table = list_table(self.model)
        self.table.viewport().installEventFilter(self)  # the address column follows the table's width
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        # Fixed row heights: the view then never measures 50,000 rows after a reset.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self._apply_sizes()
        self.stack.addWidget(self.table)
        self.empty = self._empty_card()
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)

        actions_row = FlowLayout()  # wraps in large text or on a small screen instead of clipping
        self.open_button = QPushButton(_("Open this person (Enter)"))
        self.household_button = QPushButton(_("Open the household…"))
        self.add_member_button = QPushButton(_("Add to the same household"))
        self.register_button = QPushButton(_("Add to the support register…"))
        self.trash_button = QPushButton(_("Put in the trash"))
        # (in this order two lines hold them all in large text on a 1024 px screen, also when
        # 「要支援者に登録…」 reads 「要支援者の記録を開く…」)
        for button in (self.open_button, self.household_button, self.register_button, self.add_member_button):
            actions_row.addWidget(button)
        # Log a call or a letter for the selected person in two clicks (issue: contact log); its
        # buttons join this row, its confirmation (with 取り消す) shows below it.
        from ui.widgets.quick_contact import QuickContactBar

        self.quick_contact = QuickContactBar(self.context, row=actions_row)
        actions_row.addWidget(self.trash_button)  # last, away from the everyday buttons
        for i in range(actions_row.count()):
            # A little less padding: in large text on a 1024 px screen the row then takes two
            # lines, not three.
            actions_row.itemAt(i).widget().setStyleSheet("padding: 2px 8px;")
        layout.addLayout(actions_row)
        layout.addWidget(self.quick_contact)
        self.message = WrapLabel("", "notice")
        self.message.hide()
        layout.addWidget(self.message)

        self.search.search_changed.connect(self.apply_filter)
        self.search.returnPressed.connect(self._search_entered)
        self.view_group.buttonClicked.connect(lambda _b: self.apply_filter())
        for combo in (self.block_filter, self.status_filter, self.role_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.support_filter.toggled.connect(lambda _on: self.apply_filter())
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.filters_button.toggled.connect(self.filters_box.setVisible)
        self.table.doubleClicked.connect(lambda _i: actions.open_selected(self))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.add_button.clicked.connect(lambda: actions.add_person(self))
        self.add_member_button.clicked.connect(lambda: actions.add_to_household(self))
        self.open_button.clicked.connect(lambda: actions.open_selected(self))
        self.household_button.clicked.connect(lambda: actions.edit_household(self))
        self.trash_button.clicked.connect(lambda: actions.trash_selected(self))
        self.register_button.clicked.connect(lambda: actions.add_selected_to_register(self))
        self.undo_button.clicked.connect(lambda: actions.undo(self))
        self.trash_view_button.clicked.connect(lambda: actions.show_trash(self))
        self.blocks_button.clicked.connect(lambda: actions.edit_blocks(self))

        # Window shortcuts fire only while this page is the one shown.
        for keys, slot in (
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence("Ctrl+N"), lambda: actions.add_person(self)),
            (QKeySequence.StandardKey.Undo, lambda: actions.undo(self)),
        ):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WindowShortcut)
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.table, lambda: actions.open_selected(self),
                      context=Qt.ShortcutContext.WidgetShortcut)
        QWidget.setTabOrder(self.search, self.table)

    def _empty_card(self) -> QWidget:
        card = set_role(QFrame(), "card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(10)
        self.empty_title = set_role(QLabel(""), "heading")
        self.empty_text = WrapLabel("", "hint")
        inner.addWidget(self.empty_title)
        inner.addWidget(self.empty_text)
        row = QHBoxLayout()
        self.empty_add_button = QPushButton(_("Add a person"))
        self.empty_import_button = QPushButton(_("Import from Excel"))
        self.empty_clear_button = QPushButton(_("Clear the filters"))
        for button in (self.empty_add_button, self.empty_import_button, self.empty_clear_button):
            row.addWidget(button)
        row.addStretch(1)
        inner.addLayout(row)
        inner.addStretch(1)
        self.empty_add_button.clicked.connect(lambda: actions.add_person(self))
        self.empty_import_button.clicked.connect(lambda: actions.import_from_excel(self))
        self.empty_clear_button.clicked.connect(self.clear_filters)
        return card

    def _apply_sizes(self) -> None:
        metrics = self.table.fontMetrics()
        # Rows a click target (≥ 34 px) with a little air, like the other tables: in large text the
        # 44 px they had cost the page two people at 1024×768.
        self.table.verticalHeader().setDefaultSectionSize(max(metrics.height() + 10, 34))
        pad = 18
        # Widths from the text they must hold at the current font size (normal or large).
        samples = {"name": "渡部 美千代", "reading": "わたなべ みちこ", "block": "12班", "phone": "03-0000-0000_",
                   "mobile": "090-0000-0000_", "age": "100_", "status": "会員_", "marks": "要支援・サロン"}
        for key, sample in samples.items():
            header_text = self.model.headerData(COLUMN[key], Qt.Orientation.Horizontal) or ""
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(header_text)) + pad
            self.table.setColumnWidth(COLUMN[key], width)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(metrics.horizontalAdvance("あ") * 2 + pad)
        # The address takes what is left but never less than ten characters: in large text the
        # table scrolls sideways instead (Stretch would squeeze it to 「東…」).
        header.setSectionResizeMode(COLUMN["address"], QHeaderView.ResizeMode.Interactive)
        self._address_min = metrics.horizontalAdvance("あ") * 10 + pad
        self._fit_address()

    def _fit_address(self) -> None:
        if not hasattr(self, "_address_min"):
            return
        others = sum(self.table.columnWidth(c) for c in range(self.model.columnCount()) if c != COLUMN["address"])
        room = self.table.viewport().width() - others
        self.table.setColumnWidth(COLUMN["address"], max(self._address_min, room))

    def eventFilter(self, watched, event):  # noqa: N802 - Qt override
        from PySide6.QtCore import QEvent

        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_address()
        return super().eventFilter(watched, event)

    def changeEvent(self, event):  # noqa: N802 - Qt override
        # Large-text mode changes the application font: size the columns again.
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "model"):
            self._apply_sizes()
        super().changeEvent(event)

    # -- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read every row again (page shown after a change elsewhere, a restore, a new file)."""
        if self.context.store is None:
            return
        if self.context.store is not self._history_store:
            self.forget_undo()  # another file, or the same one reopened after a restore
        self.model.today = self.context.today()
        self.model.date_style = self.context.settings.get(options.DATE_STYLE)
        self._version = queries.data_version()
        self.set_rows(queries.load_rows())
        self._fill_blocks()
        self._apply_sizes()

    def showEvent(self, event):  # noqa: N802 - Qt override
        # Reading 50,000 rows takes about a second; do it only if something changed.
        if self.context.store is not None and self._version is not None and queries.data_version() != self._version:
            self.refresh()
        super().showEvent(event)

    def set_rows(self, rows: list[queries.RosterRow]) -> None:
        self.rows = rows
        self.index = queries.RosterIndex(rows)
        self.apply_filter()

    def reload_people(self, person_ids, select: int | None = None) -> None:
        """Read some people again after an edit (fast), keep the filter, select one."""
        if person_ids:
            self.set_rows(queries.merge_rows(self.rows, person_ids))
        self._version = queries.data_version()
        if select is not None:
            self.select_person(select)
        self._update_buttons()

    def forget_undo(self) -> None:
        """Drop the undo history: the file's contents were replaced (restore, import), and
        an old step's row ids may now belong to other people."""
        self.editor.clear()
        self._history_store = self.context.store
        self.show_message("")  # "…press Undo to take it back" no longer holds
        self._update_buttons()

    # -- kept across a rebuild of the window (language switch) -----------------------------
    def saved_state(self) -> dict:
        """What a rebuilt page should take over: the undo history, the search and filters."""
        row = self.selected_row()
        return {
            "editor": self.editor,
            "history_store": self._history_store,
            "search": self.search.text(),
            "block": self.block_filter.currentData(),
            "status": self.status_filter.currentData(),
            "role": self.role_filter.currentData(),
            "support": self.support_filter.isChecked(),
            "households": self.view_households.isChecked(),
            "filters_open": self.filters_button.isChecked(),
            "selected": row.id if row is not None else None,
        }

    def restore_state(self, state: dict) -> None:
        self.editor = state["editor"]
        self._history_store = state["history_store"]
        if self.context.store is not self._history_store:
            self.forget_undo()
        widgets = (self.block_filter, self.status_filter, self.role_filter, self.support_filter, self.search,
                   self.view_households, self.view_people)
        for w in widgets:
            w.blockSignals(True)
        self.search.setText(state["search"])
        for combo, value in ((self.block_filter, state["block"]), (self.status_filter, state["status"]),
                             (self.role_filter, state["role"])):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.support_filter.setChecked(state["support"])
        self.filters_button.setChecked(bool(state.get("filters_open")) or self.active_filters() > 0)
        (self.view_households if state["households"] else self.view_people).setChecked(True)
        for w in widgets:
            w.blockSignals(False)
        self.apply_filter()
        if state["selected"] is not None:
            self.select_person(state["selected"])
        self._update_buttons()

    def _fill_blocks(self) -> None:
        # 「（班なし）」 last: finds the households the prints list apart, to put them in a 班
        self.block_filter.set_choices([(_("All blocks"), None)] + [(b.name, b.id) for b in queries.blocks()]
                                      + [(_("(no block)"), queries.NO_BLOCK_ID)])

    def block_choices(self) -> list[tuple[int, str]]:
        return [(self.block_filter.itemData(i), self.block_filter.itemText(i))
                for i in range(1, self.block_filter.count()) if self.block_filter.itemData(i) != queries.NO_BLOCK_ID]

    # -- filtering --------------------------------------------------------------------------
    def current_filter(self) -> queries.RosterFilter:
        key = self.status_filter.currentData()
        statuses = next(s for k, _l, s in STATUS_CHOICES if k == key) if key else m.ACTIVE_STATUSES
        return queries.RosterFilter(
            text=self.search.text(),
            block_id=self.block_filter.currentData(),
            statuses=statuses,
            role=self.role_filter.currentData(),
            support_only=self.support_filter.isChecked(),
        )

    def apply_filter(self) -> None:
        """Search and filter in memory, then swap the model's rows (one reset)."""
        flt = self.current_filter()
        selected = self.selected_row()
        view = self.index.filter(flt)
        households = self.view_households.isChecked()
        if households:
            view = self.index.by_household(view, flt)
        self.model.set_view(self.rows, view, households)
        self._show_state(flt, len(view))
        if selected is not None:
            self.select_person(selected.id, scroll=False)
        self._update_buttons()

    def active_filters(self) -> int:
        """How many of the folding filters narrow the list (the search box is not one of them)."""
        return sum((self.block_filter.currentData() is not None,
                    self.status_filter.currentData() not in (None, STATUS_CHOICES[0][0]),
                    self.role_filter.currentData() is not None,
                    self.support_filter.isChecked()))

    def _show_state(self, flt: queries.RosterFilter, shown: int) -> None:
        total = len(self.rows)
        active = self.active_filters()
        # Folded away, a filter still says that it is on (and how many are).
        self.filters_button.setText(_("Filters on (%d)") % active if active else _("Filters"))
        text = _("{shown} of {total} people shown").format(shown=f"{shown:,}", total=f"{total:,}")
        unplaced = queries.households_in_no_block(self.rows)
        if unplaced:
            text += "　" + _("Households in no block: {n}").format(n=f"{unplaced:,}")
        self.count_label.setText(text)
        if shown:
            self.stack.setCurrentWidget(self.table)
            return
        self.stack.setCurrentWidget(self.empty)
        nobody = total == 0
        self.empty_import_button.setVisible(nobody)
        self.empty_add_button.setVisible(True)
        self.empty_clear_button.setVisible(not nobody)
        if nobody:
            self.empty_title.setText(_("Nobody is in the roster yet."))
            self.empty_text.setText(_(
                "Press 「Add a person」 to write in the first household, or bring in your Excel list."))
        elif flt.text.strip():
            self.empty_title.setText(_("Nobody found for 「{text}」.").format(text=flt.text.strip()))
            self.empty_text.setText(_(
                "You can search by the name, its reading in kana (やまだ) or part of a phone number. "
                "A filter may be hiding the person: press 「Clear the filters」."))
        else:
            self.empty_title.setText(_("Nobody matches these filters."))
            self.empty_text.setText(_("Press 「Clear the filters」 to see the whole roster again."))

    def clear_filters(self) -> None:
        for w in (self.block_filter, self.status_filter, self.role_filter, self.support_filter, self.search):
            w.blockSignals(True)
        self.search.clear()
        self.block_filter.setCurrentIndex(0)
        self.status_filter.setCurrentIndex(0)
        self.role_filter.setCurrentIndex(0)
        self.support_filter.setChecked(False)
        for w in (self.block_filter, self.status_filter, self.role_filter, self.support_filter, self.search):
            w.blockSignals(False)
        self.apply_filter()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_entered(self) -> None:
        if self.model.rowCount() and self.selected_row() is None:
            self.table.selectRow(0)
        self.table.setFocus()

    def jump_to(self, label: str) -> None:
        """Scroll to the first name in an あかさたな group (or the next group that has names)."""
        row = self.model.first_row_of_index(label)
        if row < 0:
            self.show_message(_("No names from 「{label}」 on in this list.").format(label=label))
            return
        found = self.model.row_at(row)
        if found.index_label != label:
            self.show_message(_("No names in 「{label}」; showing the next ones.").format(label=label))
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        self.table.setFocus()

    # -- selection --------------------------------------------------------------------------
    def selected_row(self) -> queries.RosterRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def select_person(self, person_id: int, scroll: bool = True) -> bool:
        row = self.model.row_of_person(person_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        if scroll:
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _update_buttons(self) -> None:
        row = self.selected_row()
        has = row is not None
        for button in (self.open_button, self.household_button, self.trash_button, self.add_member_button,
                       self.register_button):
            button.setEnabled(has)
        if has:
            self.register_button.setText(_("Open the support record…") if row.on_register
                                         else _("Add to the support register…"))
        self.quick_contact.set_person(row.id if has else None, row.name if has else "")
        self.undo_button.setEnabled(self.editor.can_undo())
        label = self.editor.next_label()
        self.undo_button.setToolTip(_("Undo {what}").format(what=label) if label else _("Nothing to undo"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def dialog_parent(self) -> QWidget:
        return self.window()

    def show_error(self, text: str, detail: str = "") -> None:
        dialogs.show_error(self.dialog_parent(), text, detail)
