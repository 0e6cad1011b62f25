"""班・組 (blocks): create, rename, put in order, and choose the leader."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from db.queries import roster as queries
from desktop.i18n import _
from desktop.services import roster as svc
from ui import dialogs
from ui.style import WrapLabel, field_label


class BlocksDialog(QDialog):
    def __init__(self, actor: str, rows, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.rows = rows
        self.changed = False
        self.setWindowTitle(_("Blocks"))
        self.setMinimumSize(600, 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(WrapLabel(_("The blocks (班・組) of the association, in the order they are printed."), "hint"))
        body = QHBoxLayout()
        self.list = QListWidget()
        self.list.setStyleSheet("QListWidget::item { padding: 7px 6px; }")  # click targets of ~32 px
        body.addWidget(self.list, 1)
        side = QVBoxLayout()
        self.up_button = QPushButton(_("Move up"))
        self.down_button = QPushButton(_("Move down"))
        self.leader_button = QPushButton(_("Choose the leader…"))
        for button in (self.up_button, self.down_button, self.leader_button):
            side.addWidget(button)
        side.addStretch(1)
        body.addLayout(side)
        layout.addLayout(body, 1)
        grid = QGridLayout()
        grid.addWidget(field_label(_("Block name")), 0, 0)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. 3班"))
        grid.addWidget(self.name, 1, 0)
        self.add_button = QPushButton(_("Add as a new block"))
        self.rename_button = QPushButton(_("Rename the chosen block"))
        grid.addWidget(self.add_button, 1, 1)
        grid.addWidget(self.rename_button, 1, 2)
        layout.addLayout(grid)
        self.message = WrapLabel("", "notice")
        layout.addWidget(self.message)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton(_("Close"))
        close_row.addWidget(self.close_button)
        layout.addLayout(close_row)

        self.add_button.clicked.connect(self.add_block)
        self.rename_button.clicked.connect(self.rename_block)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.leader_button.clicked.connect(self.choose_leader)
        self.close_button.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(self._selected)
        self.fill()

    def _names(self) -> dict[int, str]:
        return {r.id: r.name for r in self.rows}

    def fill(self, select_id: int | None = None) -> None:
        names = self._names()
        self.list.clear()
        for block in queries.blocks():
            text = block.name
            if block.leader_id:
                text += "　" + _("leader: {name}").format(name=names.get(block.leader_id, "?"))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, block)
            self.list.addItem(item)
            if block.id == select_id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        if not self.list.count():
            self.message.setText(_("There are no blocks yet. Write a name below and press 「Add as a new block」."))
        self._selected()

    def current_block(self):
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _selected(self, *_args) -> None:
        block = self.current_block()
        for button in (self.up_button, self.down_button, self.leader_button, self.rename_button):
            button.setEnabled(block is not None)
        if block is not None:
            self.name.setText(block.name)

    def _name_or_say(self) -> str:
        name = self.name.text().strip()
        if not name:
            self.message.setText(_("Please write a name for the block."))
            self.name.setFocus()
        return name

    def add_block(self) -> None:
        name = self._name_or_say()
        if name:
            block = svc.create_block(name, actor=self.actor)
            self.changed = True
            self.message.setText(_("Added {name}.").format(name=name))
            self.fill(block.id)

    def rename_block(self) -> None:
        block = self.current_block()
        name = self._name_or_say()
        if block is not None and name and name != block.name:
            svc.rename_block(block, name, actor=self.actor)
            self.changed = True
            self.message.setText(_("Renamed to {name}.").format(name=name))
            self.fill(block.id)

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not (0 <= target < self.list.count()):
            return
        ids = [self.list.item(i).data(Qt.ItemDataRole.UserRole).id for i in range(self.list.count())]
        ids[row], ids[target] = ids[target], ids[row]
        svc.reorder_blocks(ids, actor=self.actor)
        self.changed = True
        self.fill(ids[target])

    def choose_leader(self) -> None:
        block = self.current_block()
        if block is None:
            return
        members = [r for r in self.rows if r.block_id == block.id]
        if not members:
            self.message.setText(_("Nobody lives in this block yet: move a household here first (「Open the household…」 on the roster)."))
            return
        labels = [_("(no leader)")] + [f"{r.name}（{r.reading}）" for r in members]
        choice = dialogs.ask_choice(self, _("Block leader"), _("Who leads {name}?").format(name=block.name), labels)
        if choice is None:
            return
        person = queries.person(members[choice - 1].id) if choice > 0 else None
        svc.set_block_leader(block, person, actor=self.actor)
        self.changed = True
        self.fill(block.id)

    @classmethod
    def ask(cls, parent, actor: str, rows) -> bool:
        """Show the blocks; True if anything was changed (the roster then reloads)."""
        dialog = cls(actor, rows, parent)
        dialog.exec()
        return dialog.changed
