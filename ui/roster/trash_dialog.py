"""ごみ箱: people put in the trash, newest first, and the button that brings them back."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from desktop.i18n import _
from desktop.services import trash
from ui.style import WrapLabel


class TrashDialog(QDialog):
    def __init__(self, editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.restored: set[int] = set()
        self.setWindowTitle(_("Trash"))
        self.setMinimumSize(560, 420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(WrapLabel(_(
            "People put in the trash are kept here. Choose one and press 「Bring back」 to return them to the roster."), "hint"))
        self.list = QListWidget()
        self.list.setStyleSheet("QListWidget::item { padding: 7px 6px; }")  # click targets of ~32 px
        layout.addWidget(self.list, 1)
        self.empty = WrapLabel(_("The trash is empty."), "notice")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.restore_button = QPushButton(_("Bring back"))
        self.close_button = QPushButton(_("Close"))
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.restore_button.clicked.connect(self.restore_selected)
        self.close_button.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(self._update)
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        for person in trash.trashed_people():
            when = person.deleted_at.strftime("%Y-%m-%d %H:%M") if person.deleted_at else ""
            text = f"{person.full_name}（{person.full_reading}）　" + _("put in the trash {when}").format(when=when)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def _update(self) -> None:
        has_items = self.list.count() > 0
        self.list.setVisible(has_items)
        self.empty.setVisible(not has_items)
        self.restore_button.setEnabled(self.list.currentItem() is not None)

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        person = item.data(Qt.ItemDataRole.UserRole)
        self.restored |= self.editor.restore_person(person)
        self.fill()

    @classmethod
    def ask(cls, parent, editor) -> set[int]:
        """Show the trash; return the ids of the people brought back."""
        dialog = cls(editor, parent)
        dialog.exec()
        return dialog.restored
