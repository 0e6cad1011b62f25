"""Steps 1 and 2: choose the file (button or drop), then the sheet and the header row."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout

from desktop.i18n import N_, _
from desktop.services import importer, tabular
from desktop.services.import_choices import find_register_sheet
from desktop.services.import_messages import table_error_text
from ui import dialogs
from ui.progress import wait_with_progress
from ui.style import WrapLabel, field_label, set_role
from ui.transfer.preview_model import PreviewModel, column_letter
from ui.transfer.state import StepPage
from ui.widgets.list_table import list_table

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")


class FilePage(StepPage):
    title = N_("Choose the file")
    intro = N_("Choose the roster you keep in Excel (.xlsx) or a CSV file (.csv, .txt). Nothing is changed "
               "until the last step, and the file itself is never changed.")

    def __init__(self, state, context, parent=None):
        super().__init__(state, context, parent)
        self.setAcceptDrops(True)
        self.choose_button = set_role(QPushButton(_("Choose a file…")), "big")
        self.choose_button.setObjectName("choose_file")
        self.choose_button.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.drop_area = set_role(QFrame(), "card")
        self.drop_area.setMinimumHeight(120)
        drop_layout = QVBoxLayout(self.drop_area)
        drop_hint = WrapLabel(_("Or drag the file from a folder and drop it here."), "hint")
        drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop_layout.addWidget(drop_hint)
        self.layout_.addWidget(self.drop_area)
        self.file_label = set_role(WrapLabel(""), "heading")
        self.file_label.setObjectName("file_label")
        self.layout_.addWidget(self.file_label)
        self.detail_label = WrapLabel("", "hint")
        self.layout_.addWidget(self.detail_label)
        self.layout_.addWidget(self.error_label)
        self.layout_.addStretch(1)

    def ask_path(self) -> Path | None:
        """The open-file dialog (tests replace this)."""
        return dialogs.ask_open_file(self, _("Choose the roster file"), "",
                                     _("Excel or CSV (*.xlsx *.csv *.txt);;All files (*)"))

    def choose(self) -> None:
        path = self.ask_path()
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> bool:
        """Read the file; on a problem say what it is and keep what was chosen before."""
        try:
            table = wait_with_progress(self, _("Reading the file…"), lambda: tabular.read_table(path))
        except tabular.TableError as exc:
            self.show_error(_("「%(name)s」 cannot be used: %(why)s") % {"name": path.name, "why": table_error_text(exc)})
            return False
        self.state.path, self.state.table = path, table
        self.state.reset_after_file()
        self.show_error("")
        self._show_file()
        self.changed.emit()
        return True

    def _show_file(self) -> None:
        table = self.state.table
        if table is None:
            self.file_label.setText(_("No file chosen yet."))
            self.detail_label.setText("")
            return
        self.file_label.setText(_("File: %s") % self.state.path.name)
        if self.state.path.suffix.lower() in (".xlsx", ".xlsm"):
            detail = _("Excel workbook, %d sheets") % len(table.sheets)
        else:
            encoding = {"cp932": "Shift_JIS", "utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16"}.get(table.encoding, table.encoding)
            detail = _("Text file (%(encoding)s), %(rows)d lines") % {"encoding": encoding, "rows": len(table.rows)}
        self.detail_label.setText(detail + "　" + _("Press 「次へ」 to go on."))

    def enter(self) -> None:
        self._show_file()

    def can_next(self) -> bool:
        return self.state.table is not None

    def dragEnterEvent(self, event):  # noqa: N802 - Qt naming
        if self._dropped_path(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        path = self._dropped_path(event)
        if path is not None:
            event.acceptProposedAction()
            self.load(path)

    @staticmethod
    def _dropped_path(event) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = Path(urls[0].toLocalFile())
        return path if path.suffix.lower() in SUFFIXES + (".xls",) else None


class SheetPage(StepPage):
    title = N_("Sheet and header row")
    intro = N_("The row with the column names (the header) is shown in blue. If another row is the header, "
               "click that row.")

    def __init__(self, state, context, parent=None):
        super().__init__(state, context, parent)
        sheet_row = QHBoxLayout()
        self.sheet_caption = field_label(_("Sheet"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheet_combo")
        self.sheet_combo.setMinimumWidth(240)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        sheet_row.addWidget(self.sheet_caption)
        sheet_row.addWidget(self.sheet_combo)
        sheet_row.addStretch(1)
        self.layout_.addLayout(sheet_row)
        self.model = PreviewModel(self)
        self.view = list_table(self.model, name="preview", row_numbers=True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setMaximumSectionSize(260)
        self.view.clicked.connect(lambda index: self.set_header(index.row()))
        self.layout_.addWidget(self.view, 1)
        self.header_label = WrapLabel("", "notice")
        self.header_label.setObjectName("header_label")
        self.layout_.addWidget(self.header_label)
        self.hidden_label = WrapLabel("", "hint")
        self.layout_.addWidget(self.hidden_label)
        self.hidden_box = QCheckBox(_("Also use the hidden columns"))
        self.hidden_box.setObjectName("use_hidden")
        self.hidden_box.toggled.connect(self._hidden_toggled)
        self.layout_.addWidget(self.hidden_box)
        self.register_label = WrapLabel("", "notice")
        self.layout_.addWidget(self.register_label)
        self.layout_.addWidget(self.error_label)

    def enter(self) -> None:
        table = self.state.table
        self.sheet_combo.clear()
        self.sheet_combo.addItems(table.sheets)
        self.sheet_combo.setCurrentText(table.sheet)
        many = len(table.sheets) > 1
        self.sheet_caption.setVisible(many)
        self.sheet_combo.setVisible(many)
        if self.state.header_index is None:
            try:
                self.state.header_index = importer.find_header(table)
            except tabular.TableError:
                self.state.header_index = None
        if self.state.register is None and many:
            self.state.register = find_register_sheet(self.state.path, table)
        self.model.load(table.rows, table.line_numbers, self.state.header_index, table.hidden_columns)
        self.hidden_box.blockSignals(True)
        self.hidden_box.setChecked(self.state.use_hidden)
        self.hidden_box.blockSignals(False)
        hidden = sorted(table.hidden_columns)
        self.hidden_label.setVisible(bool(hidden))
        self.hidden_box.setVisible(bool(hidden))
        if hidden:
            hi = self.state.header_index
            names = [f"{column_letter(i)}（{tabular.cell_text(table.rows[hi][i]) if hi is not None and i < len(table.rows[hi]) else ''}）"
                     for i in hidden]
            self.hidden_label.setText(_("Hidden columns in Excel: %s. They are left out unless you tick the box.")
                                      % "、".join(names))
        if self.state.register:
            name, items = self.state.register
            self.register_label.setText(_("The sheet 「%(sheet)s」 looks like the support register (%(n)d people). "
                                          "After the roster, those not on the register yet are added to it; records "
                                          "already there are left as they are. Step 6 says who.")
                                        % {"sheet": name, "n": len(items)})
        self.register_label.setVisible(bool(self.state.register))
        self._show_header()

    def _sheet_chosen(self, _index: int) -> None:
        name = self.sheet_combo.currentText()
        if not name or name == self.state.table.sheet:
            return
        try:
            table = wait_with_progress(self, _("Reading the sheet…"), lambda: tabular.read_table(self.state.path, name))
        except tabular.TableError as exc:
            self.show_error(table_error_text(exc))
            self.sheet_combo.setCurrentText(self.state.table.sheet)
            return
        register = self.state.register
        self.state.table = table
        self.state.reset_after_file()
        self.state.register = register if register and register[0] != name else None
        self.show_error("")
        self.enter()

    def set_header(self, index: int) -> None:
        if not (0 <= index < len(self.state.table.rows)):
            return
        self.state.header_index = index
        self.model.set_header(index)
        self._show_header()

    def _show_header(self) -> None:
        hi = self.state.header_index
        if hi is None:
            self.header_label.setText(_("No header row was found. Click the row that holds the column names "
                                        "(氏名, 住所, 電話…)."))
        else:
            names = [tabular.cell_text(v) for v in self.state.table.rows[hi] if v not in (None, "")]
            self.header_label.setText(_("Header: row %(row)s (%(names)s)")
                                      % {"row": self.state.table.line_numbers[hi], "names": "、".join(names[:8])})
            self.view.selectRow(hi)
        self.changed.emit()

    def _hidden_toggled(self, on: bool) -> None:
        self.state.use_hidden = on

    def can_next(self) -> bool:
        return self.state.header_index is not None

    def leave(self) -> bool:
        table = self.state.table
        if self.state.header_index >= len(table.rows) - 1:
            self.show_error(_("There are no rows below the header. Choose the row with the column names."))
            return False
        if importer.is_register_sheet(table.rows[self.state.header_index]) and not any(
                importer.field_for_header(v) == "block" for v in table.rows[self.state.header_index]):
            self.show_error(_("This sheet is the support register, not the roster. Choose the roster sheet; "
                              "the register is attached after it."))
            return False
        self.show_error("")
        return True
