"""Step 3: which column of the file goes into which of our fields, with saved presets."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QTableView, QWidget

from desktop.i18n import N_, _
from desktop.services import importer, tabular
from desktop.services.import_messages import table_error_text
from ui.progress import wait_with_progress
from ui.style import WrapLabel, field_label
from ui.transfer.mapping_model import COL_FIELD, FieldDelegate, MappingModel
from ui.transfer.state import StepPage


def saved_presets() -> list[str]:
    folder = importer.presets_dir()
    return sorted(p.stem for p in folder.glob("*.json")) if folder.exists() else []


class MappingPage(StepPage):
    title = N_("Which column is which")
    intro = N_("For each column of your file, choose where it goes. Columns set to 「Not used」 are not imported. "
               "The example is the first value in that column.")

    def __init__(self, state, context, parent=None):
        super().__init__(state, context, parent)
        preset_row = QHBoxLayout()
        preset_row.addWidget(field_label(_("Saved mapping")))
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("preset_combo")
        self.preset_combo.setMinimumWidth(260)
        preset_row.addWidget(self.preset_combo)
        self.apply_button = QPushButton(_("Use this mapping"))
        self.apply_button.setObjectName("apply_preset")
        self.apply_button.clicked.connect(self.apply_preset)
        preset_row.addWidget(self.apply_button)
        preset_row.addStretch(1)
        self.layout_.addLayout(preset_row)
        self.model = MappingModel(self)
        self.view = QTableView()
        self.view.setObjectName("mapping")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(COL_FIELD, FieldDelegate(self.view))
        self.view.setSelectionMode(QTableView.SelectionMode.NoSelection)
        # Nothing to select: the drop-downs are the Tab stops (see FieldDelegate), not the table.
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 300)
        self.model.dataChanged.connect(lambda *_a: self._mapping_changed())
        self.layout_.addWidget(self.view, 1)
        save_row = QHBoxLayout()
        save_row.addWidget(field_label(_("Name")))
        self.preset_name = QLineEdit()
        self.preset_name.setObjectName("preset_name")
        self.preset_name.setPlaceholderText(_("e.g. 町会名簿"))
        save_row.addWidget(self.preset_name, 1)
        self.save_button = QPushButton(_("Save this mapping (use it next year too)"))
        self.save_button.setObjectName("save_preset")
        self.save_button.clicked.connect(self.save_preset)
        save_row.addWidget(self.save_button)
        self.layout_.addLayout(save_row)
        self.saved_label = WrapLabel("", "notice")
        self.layout_.addWidget(self.saved_label)
        self.layout_.addWidget(self.error_label)

    def _headers(self) -> list[str]:
        return [tabular.cell_text(h) for h in self.state.table.rows[self.state.header_index]]

    def enter(self) -> None:
        state = self.state
        headers = self._headers()
        if state.mapping_key != state.current_key():
            state.mapping = importer.auto_mapping(headers, state.table.hidden_columns, not state.use_hidden)
            state.mapping_key = state.current_key()
            state.plan = None
        hidden = state.table.hidden_columns if not state.use_hidden else set()
        body = state.table.rows[state.header_index + 1:]
        self.model.load(headers, body, state.mapping, hidden)
        for row in range(self.model.rowCount()):
            self.view.openPersistentEditor(self.model.index(row, COL_FIELD))
        # The drop-downs, made last, would come last in the Tab order: put them, top to bottom,
        # where the table stands (after 「このマッピングを使う」, before the name to save).
        previous = self.apply_button
        for row in range(self.model.rowCount()):
            QWidget.setTabOrder(previous, self.combo_for(row))
            previous = self.combo_for(row)
        # Rows as tall as the drop-downs (the view does not size rows for persistent editors).
        heights = [self.combo_for(r).sizeHint().height() for r in range(self.model.rowCount())]
        self.view.verticalHeader().setDefaultSectionSize(max(heights, default=30) + 6)
        self.preset_combo.clear()
        self.preset_combo.addItems(saved_presets())
        has_presets = self.preset_combo.count() > 0
        self.preset_combo.setEnabled(has_presets)
        self.apply_button.setEnabled(has_presets)
        if not has_presets:
            self.preset_combo.setPlaceholderText(_("None saved yet"))
        self.saved_label.setText("")
        self._mapping_changed()

    def combo_for(self, column: int) -> QComboBox:
        return self.view.indexWidget(self.model.index(column, COL_FIELD))

    def _mapping_changed(self) -> None:
        self.state.mapping = dict(self.model.mapping)
        self.state.plan = None  # the checks depend on the mapping
        if not any(f in importer.NAME_FIELDS for f in self.state.mapping.values()):
            self.show_error(_("Choose which column holds the name (氏名 or 姓)."))
        else:
            self.show_error("")
        self.changed.emit()

    def apply_preset(self) -> None:
        name = self.preset_combo.currentText()
        if not name:
            return
        try:
            preset = importer.load_preset(name)
        except tabular.TableError as exc:
            self.show_error(table_error_text(exc))
            return
        mapping = importer.mapping_by_name(self._headers(), preset)
        self.model.set_mapping(mapping)
        self._mapping_changed()
        self.saved_label.setText(_("The mapping 「%s」 is used.") % name)

    def save_preset(self) -> None:
        name = self.preset_name.text().strip()
        if not name:
            self.show_error(_("Write a name for the mapping first (e.g. 町会名簿)."))
            self.preset_name.setFocus()
            return
        importer.save_preset(name, importer.preset_from_mapping(self._headers(), self.state.mapping))
        self.saved_label.setText(_("Saved as 「%s」. Next time, choose it under 「Saved mapping」.") % name)
        self.preset_combo.clear()
        self.preset_combo.addItems(saved_presets())
        self.preset_combo.setEnabled(True)
        self.apply_button.setEnabled(True)

    def can_next(self) -> bool:
        return any(f in importer.NAME_FIELDS for f in self.state.mapping.values())

    def leave(self) -> bool:
        state = self.state
        try:
            from desktop.services.import_choices import replan

            today, mapping, splits = self.context.today(), dict(state.mapping), set(state.splits)

            def check():
                plan = importer.plan_import(state.table, mapping=mapping, header_index=state.header_index,
                                            today=today, skip_hidden=not state.use_hidden,
                                            default_block=state.default_block)
                return replan(plan, today, splits) if splits else plan

            plan = wait_with_progress(self, _("Checking every row…"), check)
        except tabular.TableError as exc:
            self.show_error(table_error_text(exc))
            return False
        state.plan = plan
        return True
