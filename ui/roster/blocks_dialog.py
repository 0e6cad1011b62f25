"""班・組 (blocks): create, rename, put in order, choose the leader, merge and delete.

Names must differ (the service refuses 「１班」 next to 「1班」): the box for a new block's name
starts empty, the chosen block's name sits in its own box next to 「名前を変える」."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
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

from db import models as m
from db.queries import roster as queries
from desktop.i18n import _
from desktop.services import blocks as block_svc
from desktop.services import roster as svc
from ui import dialogs
from ui.style import WrapLabel, field_label


def leader_text(leader: queries.BlockLeader) -> str:
    """「班長：name」, or, for a 班長 who died, moved out or is in the trash, that the block has
    no leader now and why (the setting is kept: undoing the status or restoring brings them back)."""
    if leader.current:
        return _("leader: {name}").format(name=leader.name)
    if leader.trashed:
        why = _("{name} is in the trash").format(name=leader.name)
    elif leader.status == m.STATUS_DECEASED:
        why = _("{name} has died").format(name=leader.name)
    else:
        why = _("{name} has moved out").format(name=leader.name)
    return _("no leader now ({why})").format(why=why)


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
        self.merge_button = QPushButton(_("Merge into another block…"))
        self.delete_button = QPushButton(_("Delete this block…"))
        side.addSpacing(16)
        side.addWidget(self.merge_button)
        side.addWidget(self.delete_button)
        side.addStretch(1)
        body.addLayout(side)
        layout.addLayout(body, 1)
        grid = QGridLayout()
        grid.addWidget(field_label(_("Name of the chosen block")), 0, 0)
        self.name = QLineEdit()
        grid.addWidget(self.name, 1, 0)
        self.rename_button = QPushButton(_("Rename the chosen block"))
        grid.addWidget(self.rename_button, 1, 1)
        grid.addWidget(field_label(_("Name of a new block")), 2, 0)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(_("e.g. 3班"))
        grid.addWidget(self.new_name, 3, 0)
        self.add_button = QPushButton(_("Add as a new block"))
        grid.addWidget(self.add_button, 3, 1)
        grid.setColumnStretch(0, 1)
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
        self.name.returnPressed.connect(self.rename_block)
        self.new_name.returnPressed.connect(self.add_block)
        self.merge_button.clicked.connect(self.merge_block)
        self.delete_button.clicked.connect(self.delete_block)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.leader_button.clicked.connect(self.choose_leader)
        self.close_button.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(self._selected)
        self.fill()
        # Never smaller than the side buttons need (five of them, 44 px each in large text), with
        # room for a two-line message under the name boxes.
        hint = self.minimumSizeHint() + QSize(0, 2 * self.message.fontMetrics().lineSpacing())
        self.setMinimumSize(hint.expandedTo(QSize(600, 520)))

    def fill(self, select_id: int | None = None) -> None:
        leaders = queries.block_leaders()
        self.list.clear()
        for block in queries.blocks():
            text = block.name
            leader = leaders.get(block.id)
            if leader is not None:
                text += "　" + leader_text(leader)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, block)
            self.list.addItem(item)
            if block.id == select_id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        if not self.list.count():
            self.message.setText(_("There are no blocks yet. Write a name below and press 「Add as a new block」."))
            self.new_name.setFocus()
        self._selected()

    def current_block(self):
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _selected(self, *_args) -> None:
        block = self.current_block()
        for button in (self.up_button, self.down_button, self.leader_button, self.rename_button, self.delete_button):
            button.setEnabled(block is not None)
        self.merge_button.setEnabled(block is not None and self.list.count() > 1)
        self.name.setEnabled(block is not None)
        self.name.setText(block.name if block is not None else "")

    def _name_or_say(self, box: QLineEdit) -> str:
        name = box.text().strip()
        if not name:
            self.message.setText(_("Please write a name for the block."))
            box.setFocus()
        return name

    def _say_taken(self, exc: svc.BlockNameTaken, box: QLineEdit) -> None:
        self.message.setText(_("There is already a block called 「{name}」. Choose another name; to put two blocks "
                               "together, choose one and press 「Merge into another block…」.").format(name=exc.name))
        box.setFocus()
        box.selectAll()

    def add_block(self) -> None:
        name = self._name_or_say(self.new_name)
        if not name:
            return
        try:
            block = svc.create_block(name, actor=self.actor)
        except svc.BlockNameTaken as exc:
            self._say_taken(exc, self.new_name)
            return
        self.changed = True
        self.new_name.clear()
        self.fill(block.id)
        self.message.setText(_("Added {name}.").format(name=block.name))

    def rename_block(self) -> None:
        block = self.current_block()
        name = self._name_or_say(self.name)
        if block is None or not name or name == block.name:
            return
        try:
            svc.rename_block(block, name, actor=self.actor)
        except svc.BlockNameTaken as exc:
            self._say_taken(exc, self.name)
            return
        self.changed = True
        self.fill(block.id)
        self.message.setText(_("Renamed to {name}.").format(name=name))

    def delete_block(self) -> None:
        """Delete the chosen block if nothing points at it; otherwise say to merge it."""
        block = self.current_block()
        if block is None:
            return
        use = block_svc.block_use(block)
        if not use.empty:
            self.message.setText(_in_use_text(block.name, use))
            return
        if not dialogs.confirm(self, _("Delete the block 「{name}」?").format(name=block.name), _("Delete"),
                               detail=_("No household belongs to it. You can add a block of this name again later.")):
            return
        if not self._write(lambda: block_svc.delete_block(block, actor=self.actor)):
            return
        self.changed = True
        self.fill()
        self.message.setText(_("Deleted {name}.").format(name=block.name))

    def merge_block(self) -> None:
        """Move every household and call tree of the chosen block into another, then remove it."""
        source = self.current_block()
        if source is None:
            return
        others = [b for b in queries.blocks() if b.id != source.id]
        if not others:
            return
        choice = dialogs.ask_choice(self, _("Merge blocks"),
                                    _("Move everything of 「{name}」 into which block?").format(name=source.name),
                                    [b.name for b in others])
        if choice is None:
            return
        target = others[choice]
        use = block_svc.block_use(source)
        if use.trashed:
            moved = _("Households: {n} (and {trashed} in the trash)").format(n=use.households, trashed=use.trashed)
        else:
            moved = _("Households: {n}").format(n=use.households)
        moved += "\n" + _("Call trees: {n}").format(n=use.call_trees)
        detail = moved + "\n\n" + _("All of them move to 「{target}」, and 「{source}」 is removed from the list of "
                                     "blocks. This cannot be undone.").format(target=target.name, source=source.name)
        if not dialogs.confirm(self, _("Merge 「{source}」 into 「{target}」?").format(source=source.name, target=target.name),
                               _("Merge"), detail=detail):
            return
        if not self._write(lambda: block_svc.merge_blocks(source, target, actor=self.actor)):
            return
        self.changed = True
        self.fill(target.id)
        self.message.setText(_("{source} was merged into {target}.").format(source=source.name, target=target.name))

    def _write(self, change) -> bool:
        """Run one delete or merge (one transaction); a full disk or a block that gained a
        household meanwhile is a sentence, not the crash dialog. True when it was done."""
        from desktop.messages import explain_write_error, is_write_failure

        try:
            change()
            return True
        except block_svc.BlockInUse:
            dialogs.show_error(self, _("The block has households or a call tree now."), _("Merge it instead."))
        except Exception as exc:
            if not is_write_failure(exc):
                raise
            dialogs.show_error(self, _("Nothing was changed."), explain_write_error(exc))
        self.fill()
        return False

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

    def move_up(self) -> None:
        self.move(-1)

    def move_down(self) -> None:
        self.move(1)

    def choose_leader(self) -> None:
        block = self.current_block()
        if block is None:
            return
        # Only people who live here now: a 班長 who died or moved out would lead nobody.
        members = [r for r in self.rows if r.block_id == block.id and r.status in m.ACTIVE_STATUSES]
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


def _in_use_text(name: str, use) -> str:
    """Why a block cannot be deleted, and what to do instead."""
    if use.trashed:
        return _("「{name}」 still has {n} households ({trashed} of them in the trash). Move them to another block "
                 "first, or press 「Merge into another block…」.").format(name=name, n=use.households + use.trashed,
                                                                     trashed=use.trashed)
    if use.households:
        return _("「{name}」 still has {n} households. Move them to another block first, or press "
                 "「Merge into another block…」.").format(name=name, n=use.households)
    return _("「{name}」 has a call tree. Press 「Merge into another block…」 to move it to another block.").format(name=name)
