"""連絡網の編集: a block's call tree as the originator → branch heads → chains, with buttons to
move a person earlier or later, to another caller, and to rebuild the tree automatically.
Every change goes through desktop/services/calltree.py (one transaction, audited)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from db import models as m
from desktop.i18n import _
from desktop.printing.list_rows import CallNode
from desktop.services import calltree as svc
from ui import dialogs
from ui.style import WrapLabel, field_label, set_role

NODE = Qt.ItemDataRole.UserRole


def phones_text(node: CallNode) -> str:
    return "　".join(f"{p.mark} {p.number}" for p in node.phones) or _("(no phone)")


class CallTreeEditor(QDialog):
    saved = Signal()

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self._below: dict[int, set[int]] = {}
        self.setWindowTitle(_("Edit call trees"))
        self.resize(980, 760)
        layout = QVBoxLayout(self)
        layout.addWidget(set_role(WrapLabel(_("Edit call trees")), "heading"))
        layout.addWidget(WrapLabel(_("The originator calls the first person of each line; each person calls the next. "
                                     "Select a person, then use the buttons to change the order.")))
        row = QHBoxLayout()
        row.addWidget(field_label(_("Block")))
        self.block_combo = QComboBox()
        row.addWidget(self.block_combo, 1)
        layout.addLayout(row)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Name"), _("Phone (in the order to try)"), _("Calls next")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setStyleSheet("QTreeWidget::item { min-height: 34px; }")
        layout.addWidget(self.tree, 1)
        self.empty_label = WrapLabel("", "notice")
        layout.addWidget(self.empty_label)
        # People whose household moved to another block: not on this tree any more (their
        # places are kept), and the leader should know why they are missing.
        self.moved_label = WrapLabel("", "notice")
        self.moved_label.setVisible(False)
        layout.addWidget(self.moved_label)

        moves = QHBoxLayout()
        self.up_button = QPushButton(_("Move up"))
        self.down_button = QPushButton(_("Move down"))
        self.move_button = QPushButton(_("Move to another caller…"))
        for b in (self.up_button, self.down_button, self.move_button):
            moves.addWidget(b)
        moves.addStretch(1)
        layout.addLayout(moves)

        rebuild = QHBoxLayout()
        rebuild.addWidget(QLabel(_("Lines from the originator")))
        self.branch_spin = QSpinBox()
        self.branch_spin.setRange(1, 8)
        self.branch_spin.setValue(2)
        self.branch_spin.setMinimumWidth(90)
        rebuild.addWidget(self.branch_spin)
        self.rebuild_button = QPushButton(_("Rebuild automatically"))
        rebuild.addWidget(self.rebuild_button)
        rebuild.addStretch(1)
        self.close_button = QPushButton(_("Close"))
        rebuild.addWidget(self.close_button)
        layout.addLayout(rebuild)
        self.status_label = WrapLabel("", "hint")
        layout.addWidget(self.status_label)

        self.block_combo.currentIndexChanged.connect(lambda _i: self.load_tree())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.up_button.clicked.connect(lambda: self._move(svc.move_up))
        self.down_button.clicked.connect(lambda: self._move(svc.move_down))
        self.move_button.clicked.connect(self.move_to_caller)
        self.rebuild_button.clicked.connect(self.rebuild)
        self.close_button.clicked.connect(self.close)
        self.refresh()

    # -- modals (replaced in tests) ------------------------------------------------------------
    def ask_new_caller(self, choices: list[tuple[int, str]]) -> int | None:
        """The node id of the person who should call the selected one."""
        index = dialogs.ask_choice(self, _("Move to another caller"), _("Who calls this person?"),
                                   [text for _id, text in choices])
        return choices[index][0] if index is not None else None

    def ask_rebuild(self, block_name: str, branches: int) -> bool:
        return dialogs.confirm(self, _("Rebuild the call tree of %s?") % block_name, _("Rebuild"), _("Cancel"),
                               _("The order is made again in 五十音 order with %d lines; changes made by hand are replaced.")
                               % branches)

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.block_combo.currentData()
        self.block_combo.blockSignals(True)
        self.block_combo.clear()
        for b in m.Block.select().order_by(m.Block.position, m.Block.id):
            self.block_combo.addItem(b.name, b.id)
        self.block_combo.setCurrentIndex(max(0, self.block_combo.findData(current)))
        self.block_combo.blockSignals(False)
        self.load_tree()

    def set_block(self, name: str) -> None:
        self.block_combo.setCurrentIndex(self.block_combo.findText(name))

    def block(self) -> m.Block | None:
        bid = self.block_combo.currentData()
        return m.Block.get_or_none(m.Block.id == bid) if bid else None

    def call_tree(self) -> m.CallTree | None:
        block = self.block()
        trees = svc.trees(block) if block else []
        return trees[0] if trees else None

    def _complete(self) -> None:
        """A block with households and no tree gets one (as printing does); households that
        joined the block after its tree was made go at the end of the last line. Both are
        audited, and the status line says what happened."""
        block = self.block()
        if block is None:
            return
        actor = self.context.operator_name
        had = svc.trees(block)
        if not had or svc.tree_rows(had[0]) is None:
            made = svc.ensure_tree(block, actor)
            if made is not None and svc.tree_rows(made) is not None:
                self.status_label.setText(_("The call tree of %(block)s was made automatically with %(n)d lines.")
                                          % {"block": block.name, "n": svc.DEFAULT_BRANCHING})
                self.saved.emit()
            return
        added = svc.add_missing(had[0], actor)
        if added:
            self.status_label.setText(_("Joined the block after the call tree was made, now at the end of the last "
                                        "line: %s.") % "、".join(p.full_name for p in added))
            self.saved.emit()

    def load_tree(self, select_node: int | None = None) -> None:
        self.tree.clear()
        if select_node is None:
            self._complete()
        tree = self.call_tree()
        root = svc.tree_rows(tree) if tree else None
        moved = svc.moved_away_note(tree) if tree else ""
        self.moved_label.setText(moved)
        self.moved_label.setVisible(bool(moved))
        if self.block() is None:
            self.empty_label.setText(_("There are no blocks yet. Make them with 「Blocks…」 on the roster page, then "
                                       "choose each household's block (「Open the household…」 → Block)."))
        elif root is None:
            self.empty_label.setText(_("This block has no households yet. Choose this block for households on the "
                                       "roster page (「Open the household…」 → Block); the call tree is then made "
                                       "automatically."))
        self.empty_label.setVisible(root is None)
        self.tree.setVisible(root is not None)
        if root is None:
            self._update_buttons()
            return
        self.branch_spin.setValue(max(1, min(8, len(root.children))))
        self._below = {}
        self._collect(root)
        top = self._item(root, _("Originator"), root.children)
        self.tree.addTopLevelItem(top)
        for line, head in enumerate(root.children, 1):
            # Each line is shown flat under its first person: older eyes follow a list
            # better than a staircase; 「次に電話する人」 still says who calls whom.
            head_item = None
            for step, node in enumerate(head.walk(), 1):
                item = self._item(node, _("Line %(line)d-%(step)d") % {"line": line, "step": step}, node.children)
                if not node.children:
                    item.setText(2, _("reports to %s") % root.name)
                if head_item is None:
                    head_item = item
                    top.addChild(item)
                else:
                    head_item.addChild(item)
        self.tree.expandAll()
        if select_node:
            self.select_node(select_node)
        self._update_buttons()

    def _collect(self, node: CallNode) -> set[int]:
        """node id → the node and everyone called through it (they cannot become its caller)."""
        below = {node.node_id}
        for child in node.children:
            below |= self._collect(child)
        self._below[node.node_id] = below
        return below

    def _item(self, node: CallNode, role: str, callees) -> QTreeWidgetItem:
        nxt = "・".join(c.name for c in callees)
        item = QTreeWidgetItem([f"{role}　{node.name}", phones_text(node), nxt])
        item.setData(0, NODE, node.node_id)
        return item

    def items(self) -> list[QTreeWidgetItem]:
        out, stack = [], [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            out.append(item)
            stack[0:0] = [item.child(i) for i in range(item.childCount())]
        return out

    def select_node(self, node_id: int) -> None:
        for item in self.items():
            if item.data(0, NODE) == node_id:
                self.tree.setCurrentItem(item)
                return

    def selected_node(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, NODE) if item is not None and item.isSelected() else None

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        movable = item is not None and item.isSelected() and item.parent() is not None
        for b in (self.up_button, self.down_button, self.move_button):
            b.setEnabled(movable)
        self.rebuild_button.setEnabled(self.block() is not None)

    # -- edits -------------------------------------------------------------------------------
    def _move(self, fn) -> None:
        node = self.selected_node()
        if node is None:
            return
        tree = self.call_tree()
        before = svc.call_order(tree) if tree is not None else None
        moved_to = fn(node, actor=self.context.operator_name)
        self.load_tree(select_node=moved_to)
        if tree is not None and svc.call_order(tree) == before:
            # nothing moved: say why, and do not make the print page redo its preview
            self.status_label.setText(_("Already first in the call order.") if fn is svc.move_up
                                      else _("Already last in the call order."))
            return
        self.status_label.setText(_("Saved."))
        self.saved.emit()

    def move_to_caller(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.parent() is None:
            return
        node = item.data(0, NODE)
        below = self._below.get(node, {node})
        choices = [(it.data(0, NODE), it.text(0)) for it in self.items() if it.data(0, NODE) not in below]
        target = self.ask_new_caller(choices)
        if target is None:
            return
        try:
            svc.reparent(node, target, actor=self.context.operator_name)
        except svc.CallTreeError:
            dialogs.show_error(self, _("This move would break the call tree."), _("Choose another caller."))
            return
        self.load_tree(select_node=node)
        self.status_label.setText(_("Saved."))
        self.saved.emit()

    def rebuild(self) -> None:
        block = self.block()
        if block is None:
            return
        n = self.branch_spin.value()
        if self.call_tree() is not None and not self.ask_rebuild(block.name, n):
            return
        try:
            svc.build_for_block(block, n, actor=self.context.operator_name)
        except svc.CallTreeError:
            dialogs.show_error(self, _("Nobody lives in this block yet."), _("Add households on the roster page first."))
            return
        self.load_tree()
        self.status_label.setText(_("The call tree was made again with %d lines.") % n)
        self.saved.emit()
