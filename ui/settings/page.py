"""設定: language, large text, date style, the operator's name, follow-up days, and the
association's own details (町会の情報, ui/settings/association_form.py).

Every setting is saved at once (no Save button to forget) and applied live where it can be;
the window rebuilds its pages on a language change, and says that some text (Qt's own
dialogs already open) follows only after a restart. The association's details are data in
the file, printed on postcards: they are saved with their own 「保存」 button.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import settings as options
from desktop.context import AppContext
from desktop.i18n import _
from ui.dates import style_example
from ui.settings.association_form import AssociationForm
from ui.style import scroll_page, WrapLabel, field_label as _field, set_role
from ui.widgets.setting_spin import show_setting

LANGUAGE_NAMES = (("ja", "日本語"), ("en", "English"))


FIELD_WIDTH = 460  # inputs as wide as their content needs, not the whole window


def _hint(text: str) -> QLabel:
    return WrapLabel(text, "hint")




class SettingsPage(QWidget):
    language_changed = Signal(str)
    large_text_changed = Signal(bool)
    association_changed = Signal()  # its name or address was saved: title, home page follow

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        settings = context.settings
        layout = scroll_page(self, spacing=10)
        layout.addWidget(set_role(QLabel(_("Settings")), "title"))
        layout.addWidget(_hint(_("These settings are saved at once. The association's details below are saved when you "
                                 "press 「Save」.")))

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(6)
        layout.addLayout(form)

        self.language_combo = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.get(options.LANGUAGE))))
        self.language_combo.currentIndexChanged.connect(self._language_picked)
        self.language_combo.setMaximumWidth(FIELD_WIDTH)
        form.addRow(_field(_("Language / 言語")), self.language_combo)
        self.language_note = _hint(_(
            "Menus and pages change at once. Some windows of the system change after you restart the app."
        ))
        form.addRow("", self.language_note)

        self.large_check = QCheckBox(_("Show large text"))
        self.large_check.setChecked(settings.get(options.LARGE_TEXT))
        self.large_check.toggled.connect(self._large_toggled)
        form.addRow(_field(_("Text size")), self.large_check)

        self.date_group = QButtonGroup(self)
        date_box = QVBoxLayout()
        date_box.setSpacing(0)
        current = settings.get(options.DATE_STYLE)
        self.date_buttons: dict[str, QRadioButton] = {}
        for style in (options.DATE_WAREKI, options.DATE_SEIREKI):
            button = QRadioButton(style_example(style))
            button.setChecked(style == current)
            self.date_group.addButton(button)
            self.date_buttons[style] = button
            date_box.addWidget(button)
            button.toggled.connect(lambda on, s=style: on and self._set(options.DATE_STYLE, s))
        form.addRow(_field(_("How dates are written")), date_box)

        self.operator_edit = QLineEdit(settings.get(options.OPERATOR_NAME))
        self.operator_edit.setPlaceholderText(_("e.g. 山田 花子"))
        # Saved with every keystroke like the other settings: waiting for the box to lose
        # focus lost the name when the window was closed (or quit with Ctrl+Q) straight after.
        self.operator_edit.textChanged.connect(lambda text: self._set(options.OPERATOR_NAME, text.strip()))
        self.operator_edit.setMaximumWidth(FIELD_WIDTH)
        form.addRow(_field(_("Your name (who makes the changes)")), self.operator_edit)
        form.addRow("", _hint(_("Kept with every change, so the team can see who wrote what.")))

        self.follow_up_spin = QSpinBox()
        self.follow_up_spin.setRange(7, 365)
        self.follow_up_spin.setSuffix(_(" days"))
        self.follow_up_spin.setValue(settings.get(options.FOLLOW_UP_DAYS))
        self.follow_up_spin.valueChanged.connect(lambda days: self._set(options.FOLLOW_UP_DAYS, days))
        self.follow_up_spin.setMaximumWidth(200)
        form.addRow(_field(_("Remind me when nobody has reached a person for")), self.follow_up_spin)

        layout.addSpacing(12)
        self.association = AssociationForm(context)
        self.association.saved.connect(self.association_changed)
        layout.addWidget(self.association)

        layout.addSpacing(12)
        layout.addWidget(set_role(QLabel(_("Where the files are")), "heading"))
        store = context.store
        where = WrapLabel()
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if store is not None:
            where.setText(_("This association: %(file)s\nBackups: %(backups)s") % {
                "file": store.path, "backups": store.backup_dir})
        layout.addWidget(where)
        layout.addStretch(1)

    def _set(self, option, value) -> None:
        self.context.settings.set(option, value)
        self.context.settings.sync()

    def _language_picked(self, _index: int) -> None:
        code = self.language_combo.currentData()
        self._set(options.LANGUAGE, code)
        self.language_changed.emit(code)

    def _large_toggled(self, on: bool) -> None:
        self._set(options.LARGE_TEXT, on)
        self.large_text_changed.emit(on)

    def set_large_text(self, on: bool) -> None:
        """Follow the View menu without emitting the change back."""
        self.large_check.blockSignals(True)
        self.large_check.setChecked(on)
        self.large_check.blockSignals(False)

    def refresh(self) -> None:
        """After opening, a restore or an import: show the association's details of the file
        and the follow-up days in effect."""
        self._sync_days()
        self.association.reload()

    def _sync_days(self) -> None:
        """The follow-up days can be changed on the 連絡記録 and 印刷 pages too."""
        show_setting(self.follow_up_spin, self.context.settings.get(options.FOLLOW_UP_DAYS))

    def showEvent(self, event):  # noqa: N802 - Qt override
        # not the association's details: what the person typed and did not save yet stays
        self._sync_days()
        super().showEvent(event)

    def may_leave(self, closing: bool = False, replacing: bool = False) -> bool:
        """The window asks before it shows another page, closes or restores a backup: the
        association's details may be typed and not saved (every other setting here is saved at once)."""
        return self.association.may_leave(closing, replacing)

    def saved_state(self) -> dict:
        return {"association": self.association.saved_state()}

    def restore_state(self, state: dict) -> None:
        self.association.restore_state(state.get("association"))
