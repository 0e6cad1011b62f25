"""持ち出し記録 (custody ledger): every print of personal data — what, when, who holds it, how
many copies, destroy by when — with 返却された / 廃棄した, and the ledger on paper."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QVBoxLayout,
)

from desktop import settings as options
from desktop.i18n import N_, _
from desktop.printing import jobs
from desktop.printing.list_rows import CustodyRow
from desktop.services import custody
from ui import dialogs
from ui.dates import format_date
from ui.style import WrapLabel, set_role
from ui.widgets.list_table import list_table
from ui.widgets.readable_columns import readable_columns

COLUMNS = (N_("No."), N_("Printed"), N_("What"), N_("Recipient"), N_("Copies"), N_("Returned"), N_("Destroyed"),
           N_("Destroy by"), N_("State"))
NO, PRINTED, WHAT, RECIPIENT, COPIES, RETURNED, DESTROYED, DESTROY_BY, STATE = range(len(COLUMNS))


class LedgerModel(QAbstractTableModel):
    def __init__(self, today: dt.date, date_style: str = "wareki", parent=None):
        super().__init__(parent)
        self.today, self.date_style = today, date_style
        self.rows: list[CustodyRow] = []

    def set_rows(self, rows: list[CustodyRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt naming
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt naming
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt naming
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    def state(self, r: CustodyRow) -> str:
        if r.closed_at:
            return _("All back or destroyed")
        if r.overdue(self.today):
            return _("Overdue: %d copies out") % r.outstanding
        return _("%d copies out") % r.outstanding

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            date = lambda d: format_date(d, self.date_style) if d else ""  # noqa: E731 (English in English)
            values = (str(r.id), f"{date(r.printed_at.date())} {r.printed_at:%H:%M}", r.title or r.kind, r.recipient,
                      str(r.copies), str(r.returned), str(r.destroyed), date(r.destroy_by), self.state(r))
            return values[col]
        if role == Qt.ItemDataRole.ToolTipRole and col in (WHAT, RECIPIENT, STATE):
            return self.data(index)  # the whole text where a narrow column cuts it short
        if role == Qt.ItemDataRole.ForegroundRole and col == STATE and r.overdue(self.today):
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (NO, COPIES, RETURNED, DESTROYED):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class LedgerDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Custody ledger (持ち出し記録)"))
        layout = QVBoxLayout(self)
        layout.addWidget(set_role(WrapLabel(_("Custody ledger (持ち出し記録)")), "heading"))
        layout.addWidget(WrapLabel(_("Every print with personal data is listed here until each copy has come back "
                                     "or been destroyed. Select a line, then press 「Mark returned」 or 「Mark destroyed」.")))
        self.show_closed = QCheckBox(_("Also show closed entries"))
        self.show_closed.setChecked(True)
        layout.addWidget(self.show_closed)
        self.model = LedgerModel(context.today(), context.settings.get(options.DATE_STYLE), self)
        self.table = list_table(self.model)
        self.table.verticalHeader().setMinimumSectionSize(38)  # a click target even on one line
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # 印刷物 is what a person looks for to mark a print returned: it keeps room to be read
        # (large text on a 1024 px screen left it 25 px, 「刷」 of its header); the recipient and
        # the state wrap, the time goes under the date, and past that the table scrolls sideways rather than squeeze it.
        self.columns = readable_columns(self.table, stretch=WHAT, minimum={PRINTED: 8, WHAT: 8, RECIPIENT: 5, STATE: 6},
                                        maximum={WHAT: 18, RECIPIENT: 9, STATE: 8})
        layout.addWidget(self.table, 1)
        self.empty_label = WrapLabel(_("Nothing with personal data has been printed or saved yet. "
                                       "Prints from the Print page are listed here."), "notice")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.empty_label, 1)  # takes the table's room when there is nothing to list
        buttons = QHBoxLayout()
        self.returned_button = QPushButton(_("Mark returned"))
        self.destroyed_button = QPushButton(_("Mark destroyed"))
        self.print_button = QPushButton(_("Print the ledger…"))
        self.close_button = QPushButton(_("Close"))
        for b in (self.returned_button, self.destroyed_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.status_label = WrapLabel("", "hint")
        layout.addWidget(self.status_label)

        self.returned_button.clicked.connect(lambda: self.mark("returned"))
        self.destroyed_button.clicked.connect(lambda: self.mark("destroyed"))
        self.print_button.clicked.connect(self.print_ledger)
        self.close_button.clicked.connect(self.close)
        self.show_closed.toggled.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()
        dialogs.fit_to_screen(self, 1100, 700)  # as much of the screen as it can have

    def refresh(self) -> None:
        rows = custody.all_entries() if self.show_closed.isChecked() else custody.open_entries()
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self._update_buttons()

    def selected(self) -> CustodyRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_entry(self, entry_id: int) -> None:
        for i, r in enumerate(self.model.rows):
            if r.id == entry_id:
                self.table.selectRow(i)

    def _update_buttons(self) -> None:
        r = self.selected()
        open_ = bool(r and r.outstanding)
        self.returned_button.setEnabled(open_)
        self.destroyed_button.setEnabled(open_)

    def ask_count(self, row: CustodyRow, what: str) -> int | None:
        """How many of the copies still out (asked only when more than one is out)."""
        if row.outstanding <= 1:
            return row.outstanding
        n, ok = QInputDialog.getInt(self, what, _("How many copies?"), row.outstanding, 1, row.outstanding)
        return n if ok else None

    def mark(self, how: str) -> None:
        row = self.selected()
        if row is None or not row.outstanding:
            return
        what = _("Returned") if how == "returned" else _("Destroyed")
        n = self.ask_count(row, what)
        if not n:
            return
        fn = custody.mark_returned if how == "returned" else custody.mark_destroyed
        try:
            fn(row.id, n, actor=self.context.operator_name)
        except custody.CustodyError:
            dialogs.show_error(self, _("More copies than were printed."), _("Check the number and try again."))
            return
        self.refresh()
        self.select_entry(row.id)
        self.status_label.setText(_("Ledger No. %(no)d: %(what)s %(n)d.") % {"no": row.id, "what": what, "n": n})

    def print_ledger(self) -> None:
        """The ledger itself on paper (kept by the 会長; no custody line of its own)."""
        from ui.printing.jobs import print_pdf

        page = self.parent()
        printer = page.ask_printer() if hasattr(page, "ask_printer") else None
        if printer is None:
            return
        today = self.context.today()
        job = jobs.prepare(jobs.JobRequest("ledger"), today=today)
        _result, data = jobs.render_bytes(job, today=today)
        try:
            pages = print_pdf(data, printer)
        except (OSError, ValueError) as exc:
            dialogs.show_error(self, _("The print did not go to the printer."), str(exc))
            return
        self.status_label.setText(_("Sent %d pages to the printer.") % pages)
