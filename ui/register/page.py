"""要支援者: the support register. Everyone on it is listed here, for the leader who keeps it;
who may appear on a *print* is decided by db.queries.register.register_rows, not here.

Row buttons work on the chosen row; every action is a labelled button (no right-click
menus), and double-click / Enter only repeat what 「開く」 does.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import models as m
from db.queries import register as reg_q
from db.queries import roster as roster_q
from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _
from desktop.services import register as svc
from ui.register import actions
from ui.register.model import RegisterFilter, RegisterModel, filter_register
from ui.style import WrapLabel, set_role
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.list_table import list_table


class RegisterPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.all_rows: list[reg_q.RegisterRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.title_label = set_role(QLabel(_("People who need help")), "title")
        top.addWidget(self.title_label)
        top.addStretch(1)
        self.summary_label = QLabel("")
        # wraps rather than widen the page past a 1024-px screen (large text, English)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.summary_label, 1)
        layout.addLayout(top)

        banner = set_role(QFrame(), "card")
        inner = QVBoxLayout(banner)
        inner.setContentsMargins(14, 8, 14, 8)
        self.banner_label = WrapLabel(_(
            "Who may see this: in normal times only people marked 「Agreed」 are printed for supporters "
            "(災害対策基本法 49-11). People who refused or have not answered are printed only in a disaster, "
            "after you confirm and give a reason. Health and disability details never go on the member list or labels."
        ), "notice")
        inner.addWidget(self.banner_label)
        layout.addWidget(banner)

        buttons = FlowLayout()  # wraps rather than cut the labels (large text, small screen)
        self.add_button = QPushButton(_("Add from the roster"))
        self.open_button = QPushButton(_("Open"))
        self.reviewed_button = QPushButton(_("Checked today"))
        self.remove_button = QPushButton(_("Take off the register"))
        self.add_button.clicked.connect(self.add_from_roster)
        self.open_button.clicked.connect(self.open_current)
        self.reviewed_button.clicked.connect(self.mark_current_reviewed)
        self.remove_button.clicked.connect(self.remove_current)
        for b in (self.add_button, self.open_button, self.reviewed_button, self.remove_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)

        # Records of people since marked 死亡 or 転出: hidden everywhere, so say so and offer
        # to take them off (they come back if the person is added again).
        gone_row = QHBoxLayout()
        self.gone_label = WrapLabel("", "notice")
        self.gone_button = QPushButton(_("Take these off the register"))
        self.gone_button.clicked.connect(self.remove_gone)
        gone_row.addWidget(self.gone_label, 1)
        gone_row.addWidget(self.gone_button)
        layout.addLayout(gone_row)

        # Two short rows rather than one long one, and each wraps: in large-text mode one row
        # would not fit.
        filters = FlowLayout()
        filters2 = FlowLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Search name or reading"))
        self.search_edit.setClearButtonEnabled(True)
        self._fit_search_box()
        self.block_combo = QComboBox()
        self.reason_combo = QComboBox()
        self.reason_combo.addItem(_("All reasons"), "")
        for code in m.SUPPORT_REASONS:
            self.reason_combo.addItem(_(svc.REASON_LABELS[code]), code)
        self.consent_combo = QComboBox()
        self.consent_combo.addItem(_("Any consent"), "")
        for code in m.CONSENTS:
            self.consent_combo.addItem(_(svc.CONSENT_LABELS[code]), code)
        self.due_check = QCheckBox(_("Due for a check only"))
        self.clear_button = QPushButton(_("Show all"))
        for w in (self.search_edit, self.due_check, self.clear_button):
            filters.addWidget(w)
        for w in (self.block_combo, self.reason_combo, self.consent_combo):
            filters2.addWidget(w)
        layout.addLayout(filters)
        layout.addLayout(filters2)
        self.search_edit.textChanged.connect(self.apply_filter)
        for combo in (self.block_combo, self.reason_combo, self.consent_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.due_check.toggled.connect(self.apply_filter)
        self.clear_button.clicked.connect(self.clear_filters)

        self.model = RegisterModel(self)
        self.table = list_table(self.model)
        # Size columns from the first rows only: measuring 2,000 rows cost 0.25 s at start-up.
        self.table.horizontalHeader().setResizeContentsPrecision(60)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.activated.connect(lambda _index: self.open_current())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.empty_label = WrapLabel("", "notice")
        layout.addWidget(self.empty_label)
        self.refresh()

    def _fit_search_box(self) -> None:
        """Wide enough for its hint at the current text size (English in large text was cut to
        「Search name or rea…」), and not much wider."""
        fm = self.search_edit.fontMetrics()
        need = fm.horizontalAdvance(self.search_edit.placeholderText()) + fm.averageCharWidth() * 6
        self.search_edit.setMinimumWidth(max(220, need))
        self.search_edit.setMaximumWidth(max(320, need))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "search_edit"):
            self._fit_search_box()

    # -- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the register again (page shown, file changed, a record saved)."""
        if self.context.store is None:
            return
        keep = self.current_record_id()
        self.all_rows = reg_q.all_records()
        self._show_gone()
        self._fill_blocks()
        self.apply_filter(keep=keep)

    def _fill_blocks(self) -> None:
        current = self.block_combo.currentData()
        self.block_combo.blockSignals(True)
        self.block_combo.clear()
        self.block_combo.addItem(_("All blocks"), None)
        for block in roster_q.blocks():
            self.block_combo.addItem(block.name, block.id)
        index = self.block_combo.findData(current) if current is not None else 0
        self.block_combo.setCurrentIndex(max(0, index))
        self.block_combo.blockSignals(False)

    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(
            text=self.search_edit.text(), block_id=self.block_combo.currentData(),
            reason=self.reason_combo.currentData() or "", consent=self.consent_combo.currentData() or "",
            review_due=self.due_check.isChecked(),
        )

    def apply_filter(self, *_args, keep: int | None = None) -> None:
        today = self.context.today()
        rows = filter_register(self.all_rows, self.current_filter(), today)
        self.model.set_rows(rows, today, self.context.settings.get(options.DATE_STYLE))
        # Rows with air around the text (≥ 32 px targets); recomputed here because the font
        # changes with large-text mode.
        self.table.verticalHeader().setDefaultSectionSize(max(36, self.table.fontMetrics().height() + 16))
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col) + 16, 420))
        if keep is not None:
            self.select_record(keep)
        self._show_summary(rows)
        self._update_buttons()

    def _show_summary(self, shown: list) -> None:
        total = len(self.all_rows)
        agreed = sum(r.consent == m.CONSENT_YES for r in self.all_rows)
        due = sum(r.review_due(self.context.today()) for r in self.all_rows)
        self.summary_label.setText(
            _("%(total)d people · %(agreed)d agreed · %(due)d due for a check") % {"total": total, "agreed": agreed, "due": due})
        if total == 0:
            self.empty_label.setText(_(
                "Nobody is on the register yet. Press 「Add from the roster」 and choose a person who may need help in a disaster."))
        elif not shown:
            self.empty_label.setText(_("Nobody matches these conditions. Press 「Show all」 to see everyone."))
        else:
            self.empty_label.setText("")
        self.empty_label.setVisible(bool(self.empty_label.text()))
        self.table.setVisible(bool(shown))

    def clear_filters(self) -> None:
        for w in (self.search_edit, self.block_combo, self.reason_combo, self.consent_combo, self.due_check):
            w.blockSignals(True)
        self.search_edit.clear()
        for combo in (self.block_combo, self.reason_combo, self.consent_combo):
            combo.setCurrentIndex(0)
        self.due_check.setChecked(False)
        for w in (self.search_edit, self.block_combo, self.reason_combo, self.consent_combo, self.due_check):
            w.blockSignals(False)
        self.apply_filter()

    # -- selection --------------------------------------------------------------------------
    def current_row(self) -> reg_q.RegisterRow | None:
        index = self.table.currentIndex()
        selected = self.table.selectionModel().selectedRows()
        if selected:
            index = selected[0]
        return self.model.row_at(index) if index.isValid() else None

    def current_record_id(self) -> int | None:
        row = self.current_row()
        return row.record_id if row else None

    def select_record(self, record_id: int) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.record_id == record_id:
                self.table.selectRow(i)
                self.table.scrollTo(self.model.index(i, 0))
                return True
        return False

    def _update_buttons(self, *_args) -> None:
        has = self.current_row() is not None
        for b in (self.open_button, self.reviewed_button, self.remove_button):
            b.setEnabled(has)

    # -- actions ----------------------------------------------------------------------------
    def add_from_roster(self) -> None:
        record_id = actions.add_from_roster(self, self.context)
        if record_id is not None:
            self.refresh()
            # Show where the record went (new, brought back or opened): the person sees it
            # selected, not only a count.
            self.select_record(record_id)

    def _show_gone(self) -> None:
        self.gone = reg_q.records_of_people_gone()
        names = "、".join(name for _rid, name, _status in self.gone[:5]) + ("…" if len(self.gone) > 5 else "")
        self.gone_label.setText(
            _("%(n)d people on the register are marked 死亡 or 転出 in the roster (%(names)s). Their records are not "
              "listed or printed; take them off the register.") % {"n": len(self.gone), "names": names}
            if self.gone else "")
        self.gone_label.setVisible(bool(self.gone))
        self.gone_button.setVisible(bool(self.gone))

    def remove_gone(self) -> None:
        from ui import dialogs

        gone = reg_q.records_of_people_gone()
        if not gone:
            self.refresh()
            return
        from ui.roster.labels import status_label

        names = "\n".join(f"{name}（{status_label(status)}）" for _rid, name, status in gone)
        if not dialogs.confirm(self, _("Take %d people off the register?") % len(gone),
                               _("Take off the register"), detail=names + "\n\n" + _(
                                   "If you add them again later, their record comes back.")):
            return
        from db.database import db
        from desktop.messages import explain_write_error, is_write_failure

        try:
            with db.atomic():  # all of them or none (a full disk half-way changes nothing)
                for record_id, _name, _status in gone:
                    record = svc.get_record(record_id)
                    if record is not None:
                        svc.remove_from_register(record, self.context.operator_name)
        except Exception as exc:
            if not is_write_failure(exc):
                raise
            dialogs.show_error(self, _("Nothing was changed."), explain_write_error(exc))
        self.refresh()

    def open_current(self) -> None:
        row = self.current_row()
        if row is not None and actions.open_record(self, self.context, row.record_id):
            self.refresh()

    def mark_current_reviewed(self) -> None:
        row = self.current_row()
        if row is None:
            return
        record = svc.get_record(row.record_id)
        if record is not None:
            svc.mark_reviewed(record, self.context.today(), self.context.operator_name)
        self.refresh()

    def remove_current(self) -> None:
        row = self.current_row()
        if row is not None and actions.remove_record(self, self.context, row.record_id, row.name):
            self.refresh()

    def showEvent(self, event):  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)
