"""書き出し: the roster (and, in Excel, the register and contact log) to a file for Excel.

The register sheet goes through the consent rule: normally only people who agreed; everyone
only in disaster mode, after the confirmation and reason the law asks for. Every export is
written to the custody ledger with who received it.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QButtonGroup, QDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from db.queries import register as reg
from desktop.i18n import _
from desktop.messages import explain_write_error, is_write_failure
from desktop.services import exporter
from ui import dialogs
from ui.progress import run_with_progress
from ui.style import WrapLabel, field_label, set_role

try:  # the register feature's dialog, when it is there
    from ui.register.disaster_mode_dialog import DisasterModeDialog
except ImportError:  # pragma: no cover - the register package ships with the app
    DisasterModeDialog = None

XLSX, CSV = "xlsx", "csv"
UTF8, SJIS = "utf-8-sig", "cp932"


class ExportDialog(QDialog):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.path: Path | None = None
        self.mode = reg.MODE_NORMAL
        self.reason = ""
        self.result: exporter.ExportResult | None = None
        self.running = False
        self.setWindowTitle(_("Export for Excel"))
        self.setMinimumWidth(720)
        # The choices scroll (large text on a small laptop screen); the buttons always show.
        layout, footer = dialogs.scroll_form(self, (24, 20, 24, 16), spacing=8)
        layout.addWidget(set_role(QLabel(_("Export for Excel")), "title"))
        warning = WrapLabel(_("The file holds personal data (個人情報). Give it only to people who need it, keep it "
                              "out of e-mail and shared folders, and delete it when it is no longer needed. "
                              "The export is written to the custody ledger (持ち出し記録)."), "error")
        warning.setObjectName("privacy_warning")
        card = set_role(QFrame(), "card")
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(warning)
        layout.addWidget(card)

        layout.addWidget(field_label(_("File type")))
        self.xlsx_radio = QRadioButton(_("Excel (.xlsx): roster, support register and contact log"))
        self.xlsx_radio.setObjectName("format_xlsx")
        self.csv_radio = QRadioButton(_("CSV (.csv): the roster only"))
        self.csv_radio.setObjectName("format_csv")
        self._group(self.xlsx_radio, self.csv_radio)
        self.xlsx_radio.setChecked(True)
        layout.addWidget(self.xlsx_radio)
        layout.addWidget(self.csv_radio)

        self.encoding_box = QWidget()
        enc = QVBoxLayout(self.encoding_box)
        enc.setContentsMargins(28, 0, 0, 0)
        self.utf8_radio = QRadioButton(_("UTF-8 (Excel 2016 and newer)"))
        self.utf8_radio.setObjectName("encoding_utf8")
        self.sjis_radio = QRadioButton(_("Shift_JIS (older Excel)"))
        self.sjis_radio.setObjectName("encoding_sjis")
        self._group(self.utf8_radio, self.sjis_radio)
        self.utf8_radio.setChecked(True)
        enc.addWidget(self.utf8_radio)
        enc.addWidget(self.sjis_radio)
        layout.addWidget(self.encoding_box)

        self.register_caption = field_label(_("Support register sheet"))
        layout.addWidget(self.register_caption)
        self.normal_radio = QRadioButton(_("Normal times: only people who agreed"))
        self.normal_radio.setObjectName("mode_normal")
        self.disaster_radio = QRadioButton(_("Disaster: everyone (needs a reason)"))
        self.disaster_radio.setObjectName("mode_disaster")
        self._group(self.normal_radio, self.disaster_radio)
        self.normal_radio.setChecked(True)
        self.disaster_radio.clicked.connect(self._disaster_clicked)
        self.normal_radio.toggled.connect(self._normal_toggled)
        layout.addWidget(self.normal_radio)
        layout.addWidget(self.disaster_radio)
        self.mode_label = WrapLabel("", "notice")
        layout.addWidget(self.mode_label)

        layout.addWidget(field_label(_("Who receives the file")))
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setObjectName("recipient")
        self.recipient_edit.setPlaceholderText(_("e.g. 民生委員 山田さん"))
        layout.addWidget(self.recipient_edit)

        layout.addWidget(field_label(_("Where to save")))
        path_row = QHBoxLayout()
        self.path_label = WrapLabel(_("Not chosen yet"), "hint")
        self.path_label.setObjectName("path_label")
        path_row.addWidget(self.path_label, 1)
        self.path_button = QPushButton(_("Choose where to save…"))
        self.path_button.setObjectName("choose_path")
        self.path_button.clicked.connect(self.choose_path)
        path_row.addWidget(self.path_button)
        layout.addLayout(path_row)

        self.message = WrapLabel("", "error")
        self.message.setObjectName("export_message")
        self.message.hide()
        self.done_label = WrapLabel("", "notice")
        self.done_label.setObjectName("export_done")
        self.done_label.hide()
        layout.addStretch(1)
        # What the button did shows next to it, not at the end of a scrolled form.
        footer.addWidget(self.message)
        footer.addWidget(self.done_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton(_("Cancel"))
        self.close_button.clicked.connect(self.reject)
        self.export_button = set_role(QPushButton(_("Export")), "big")
        self.export_button.setObjectName("export")
        self.export_button.clicked.connect(self.export)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        footer.addLayout(buttons)
        for radio in (self.xlsx_radio, self.csv_radio, self.utf8_radio, self.sjis_radio):
            radio.toggled.connect(self._update)
        self._update()
        large = self.fontInfo().pointSize() >= 16  # ui/style.py large-text mode
        dialogs.fit_to_screen(self, *((880, 940) if large else (760, 780)))

    def _group(self, *radios) -> QButtonGroup:
        group = QButtonGroup(self)
        for r in radios:
            group.addButton(r)
        return group

    @property
    def kind(self) -> str:
        return XLSX if self.xlsx_radio.isChecked() else CSV

    @property
    def encoding(self) -> str:
        return SJIS if self.sjis_radio.isChecked() else UTF8

    def _update(self) -> None:
        csv = self.kind == CSV
        self.encoding_box.setVisible(csv)
        for w in (self.register_caption, self.normal_radio, self.disaster_radio, self.mode_label):
            w.setVisible(not csv)
        if self.mode == reg.MODE_DISASTER:
            self.mode_label.setText(_("Disaster mode: everyone on the register is included. Reason: %s") % self.reason)
        else:
            self.mode_label.setText(_("People who did not agree are left out of the register sheet."))
        if self.path is not None and self.path.suffix.lower() != "." + self.kind:
            self._set_path(self.path.with_suffix("." + self.kind))
        self.export_button.setEnabled(self.path is not None and not self.running)

    def ask_disaster(self) -> tuple[bool, str] | None:
        """The confirmation and reason for disaster mode (tests replace this)."""
        if DisasterModeDialog is not None:
            return DisasterModeDialog.ask(self)
        ok = dialogs.confirm(self, _("Include everyone, also people who did not agree?"), _("Include everyone"))
        return (True, _("disaster")) if ok else None

    def _normal_toggled(self, on: bool) -> None:
        """Back to 平常時 after choosing 災害時: the register sheet is consented people again."""
        if on and self.mode != reg.MODE_NORMAL:
            self.mode, self.reason = reg.MODE_NORMAL, ""
            self._update()

    def _disaster_clicked(self) -> None:
        answer = self.ask_disaster()
        if answer is None:
            self.mode, self.reason = reg.MODE_NORMAL, ""
            self.normal_radio.setChecked(True)
        else:
            self.mode, self.reason = reg.MODE_DISASTER, answer[1]
        self._update()

    def ask_path(self) -> Path | None:
        """The save-file dialog (tests replace this)."""
        name = _("roster") + "_" + self.context.today().strftime("%Y%m%d") + "." + self.kind
        filter_ = _("Excel workbook (*.xlsx)") if self.kind == XLSX else _("CSV file (*.csv)")
        return dialogs.ask_save_file(self, _("Save the export as"), Path.home() / name, filter_)

    def choose_path(self) -> None:
        path = self.ask_path()
        if path:
            path = Path(path)
            if path.suffix.lower() != "." + self.kind:
                path = path.with_name(path.name + "." + self.kind)
            self._set_path(path)
            self._update()

    def _set_path(self, path: Path) -> None:
        self.path = path
        self.path_label.setText(str(path))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def export(self) -> None:
        if self.path is None or self.running:
            return
        path, kind, encoding = self.path, self.kind, self.encoding
        # what the person sees ticked is what is written: 災害時 only when its button is on
        mode = self.mode if kind == XLSX and self.disaster_radio.isChecked() else reg.MODE_NORMAL
        reason, actor = self.reason, self.context.operator_name
        recipient = self.recipient_edit.text().strip()

        def work():
            return exporter.export(path, encoding=encoding if kind == CSV else None, mode=mode, reason=reason,
                                   actor=actor, confirmed=mode == reg.MODE_DISASTER, recipient=recipient)

        self.running = True
        self._show_message("")
        self._update()
        run_with_progress(self, _("Writing the file…"), work, self._done, self._failed)

    def _done(self, result: exporter.ExportResult) -> None:
        self.running = False
        self.result = result
        text = _("Wrote %(name)s: %(people)d people.") % {"name": result.path.name, "people": result.people}
        if self.kind == XLSX:
            text += " " + _("Support register: %d people.") % result.register
        text += " " + _("It holds personal data: keep it safe and delete it when done.")
        self.done_label.setText(text)
        self.done_label.show()
        self.close_button.setText(_("Close"))
        self._update()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self._update()
        if isinstance(exc, exporter.ExportError) and exc.code == "not_in_cp932":
            people = exc.details.get("people", [])
            more = len(people) - 10
            text = _("What is written for these people (name, address or notes) has characters that Shift_JIS (older Excel) cannot hold: %s.") % "、".join(people[:10])
            if more > 0:
                text += " " + _("(and %d more)") % more
            text += " " + _("Choose 「UTF-8」 instead; Excel 2016 and newer open it.")
        elif isinstance(exc, reg.ConsentError):
            text = _("Disaster mode needs the confirmation and a reason. Choose it again.")
        elif is_write_failure(exc):
            text = explain_write_error(exc)
        elif isinstance(exc, OSError):
            text = _("The file could not be written (%s). Choose another folder, or close the file if Excel has it "
                     "open.") % (exc.strerror or exc)
        else:
            text = _("The export failed (%s). Nothing was written.") % exc
        self._show_message(text)

    @classmethod
    def ask(cls, parent: QWidget | None, context) -> exporter.ExportResult | None:
        dialog = cls(context, parent)
        dialog.exec()
        return dialog.result
