"""The import wizard: seven steps with big 戻る / 次へ buttons and the list of steps on the
left, so the person always sees where they are. Nothing is written before step 6.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.i18n import _
from ui.style import set_role
from ui import dialogs
from ui.transfer.pages_check import CheckPage
from ui.transfer.pages_duplicates import DuplicatePage
from ui.transfer.pages_file import FilePage, SheetPage
from ui.transfer.pages_finish import ResultPage, RunPage
from ui.transfer.pages_mapping import MappingPage
from ui.transfer.state import ImportState

PAGES = (FilePage, SheetPage, MappingPage, CheckPage, DuplicatePage, RunPage, ResultPage)


class ImportWizard(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.state = ImportState()
        self.setWindowTitle(_("Import a roster"))
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        steps = QWidget()
        steps.setObjectName("navigation")
        steps.setMinimumWidth(230)
        steps_layout = QVBoxLayout(steps)
        steps_layout.setContentsMargins(16, 20, 16, 20)
        self.step_labels: list[QLabel] = []
        self.stack = QStackedWidget()
        self.pages = []
        for n, cls in enumerate(PAGES, start=1):
            page = cls(self.state, context)
            page.changed.connect(self._update_buttons)
            self.pages.append(page)
            self.stack.addWidget(page)
            label = QLabel(f"{n}. {_(cls.title)}")
            label.setWordWrap(True)
            self.step_labels.append(label)
            steps_layout.addWidget(label)
        steps_layout.addStretch(1)
        outer.addWidget(steps)
        main = QVBoxLayout()
        main.setContentsMargins(24, 20, 24, 16)
        self.step_count = set_role(QLabel(""), "hint")
        main.addWidget(self.step_count)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop (see ui.style.scroll_page)
        self.scroll.setWidget(self.stack)
        main.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.back_button = set_role(QPushButton(_("◀ Back")), "big")
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back)
        self.next_button = set_role(QPushButton(_("Next step ▶")), "big")
        self.next_button.setObjectName("next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        main.addLayout(buttons)
        outer.addLayout(main, 1)
        self.run_page.finished = lambda: self._go(self.pages.index(self.result_page))
        self._go(0)
        # Fit a 1366×768 or 1024×700 laptop: never taller or wider than the screen; the steps scroll.
        dialogs.fit_to_screen(self, 1100, 760)

    @property
    def file_page(self) -> FilePage:
        return self.pages[0]

    @property
    def run_page(self) -> RunPage:
        return self.pages[5]

    @property
    def result_page(self) -> ResultPage:
        return self.pages[6]

    @property
    def current(self):
        return self.stack.currentWidget()

    @property
    def imported(self) -> bool:
        """True when something was imported and not undone."""
        return self.state.result is not None and not self.state.undone

    def _go(self, index: int) -> None:
        # Each step starts at its top (before enter(), which may scroll a field into sight): the
        # choices of the duplicates step sit low, and the next step kept that scroll and looked empty.
        self.scroll.verticalScrollBar().setValue(0)
        self.stack.setCurrentIndex(index)
        self.pages[index].enter()
        for n, label in enumerate(self.step_labels):
            label.setStyleSheet("font-weight: bold; color: #0b5394;" if n == index else
                                ("color: #1a1a1a;" if n < index else "color: #6b6b6b;"))
        self.step_count.setText(_("Step %(n)d of %(total)d") % {"n": index + 1, "total": len(self.pages)})
        self._update_buttons()

    def _update_buttons(self) -> None:
        index = self.stack.currentIndex()
        page = self.pages[index]
        last = index == len(self.pages) - 1
        self.back_button.setVisible(index > 0 and not last)
        self.back_button.setEnabled(page.can_back())
        self.next_button.setText(_("Close") if last else _("Next step ▶"))
        self.next_button.setVisible(index != self.pages.index(self.run_page))
        self.next_button.setEnabled(last or page.can_next())
        self.cancel_button.setVisible(not last)
        self.cancel_button.setEnabled(not self.run_page.running)

    def next(self) -> None:
        index = self.stack.currentIndex()
        if index == len(self.pages) - 1:
            self.accept()
            return
        page = self.pages[index]
        if not page.can_next() or not page.leave():
            self._update_buttons()
            return
        self._go(index + 1)

    def back(self) -> None:
        index = self.stack.currentIndex()
        if index > 0 and self.pages[index].can_back():
            self._go(index - 1)

    def reject(self) -> None:
        if self.run_page.running:
            return  # the import is being written; it finishes in a moment
        if self.state.result is not None:
            self.accept()  # after the import, closing is not cancelling
            return
        st = self.state
        if (st.row_choices or st.splits or st.dup_choices or st.merge_fields) and not dialogs.confirm_discard(self):
            return  # rows fixed or chosen by hand: ask before throwing that work away
        super().reject()

    def keyPressEvent(self, event):  # noqa: N802 - Qt naming
        # Enter in a text box (a fix, a preset name) must not jump to the next step.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)

    @classmethod
    def ask(cls, parent: QWidget | None, context: AppContext) -> bool:
        """Run the wizard; True if people were imported (and not undone)."""
        wizard = cls(context, parent)
        wizard.exec()
        return wizard.imported
