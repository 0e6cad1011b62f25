"""Find a person in the roster by typing a few kana (or kanji, or phone digits).

Used for salon walk-ins and for choosing whose contacts to see. The roster is read once
(one query, db/queries/roster.load_rows) and filtered in memory as the person types.
With `add_text`, a button under the search field offers someone who is not in the roster yet
(`add_requested` carries what was typed, to fill the new person's form).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from db.queries.roster import RosterFilter, RosterRow, filter_rows, load_rows
from desktop.i18n import _
from ui.style import WrapLabel

MAX_SHOWN = 30
MIN_ROWS = 4  # people the list shows at least, at any text size
MIN_CHARS = 10  # its width in characters (「あ」), at least


class PersonSearch(QWidget):
    chosen = Signal(int, str)  # person id, name
    add_requested = Signal(str)  # the text typed (a name or its reading), for a new person

    def __init__(self, parent: QWidget | None = None, placeholder: str = "", add_text: str = ""):
        super().__init__(parent)
        self._can_add = bool(add_text)
        self._all: list[RosterRow] | None = None
        self.matches: list[RosterRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder or _("Type a few letters of the name, e.g. やま"))
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._search)
        self.edit.returnPressed.connect(self._choose_first)
        layout.addWidget(self.edit)
        # Right under the field, not under the list: in large text the list fills the screen and
        # what is below it needs scrolling; someone new is added where the name was typed.
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(lambda: self.add_requested.emit(self.edit.text().strip()))
        self.add_button.setVisible(self._can_add)
        # As wide as the list, never wider: a wider side box would squeeze the attendance table.
        self.add_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.add_button)
        self.list_model = QStringListModel(self)
        self.list = QListView()
        self.list.setModel(self.list_model)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        # Two lines a person (name; reading and block), wrapped rather than cut off on the
        # right, with room between people for a finger or a shaky mouse.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setStyleSheet("QListView::item { padding: 4px 6px; border-bottom: 1px solid #dcdcdc; }")
        self.list.clicked.connect(lambda index: self.choose(index.row()))
        self.list.activated.connect(lambda index: self.choose(index.row()))
        layout.addWidget(self.list, 1)
        self.hint = WrapLabel("", "hint")
        # The hint wraps to the list's width and never widens the search (a long "nobody found"
        # made the salon's side box wider and squeezed the attendance table in large text).
        policy = self.hint.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.hint.setSizePolicy(policy)
        layout.addWidget(self.hint)
        self._size_for_text()
        self._search("")

    def _size_for_text(self) -> None:
        """Room for MIN_ROWS people of MIN_CHARS characters at the current text size (large too)."""
        metrics = self.list.fontMetrics()
        em = metrics.horizontalAdvance("あ")
        frame = 2 * self.list.frameWidth()
        self.list.setMinimumWidth(MIN_CHARS * em + 12 + self.list.verticalScrollBar().sizeHint().width() + frame)
        self.list.setMinimumHeight(MIN_ROWS * (2 * metrics.lineSpacing() + 9) + frame)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_for_text()  # large-text mode switched on or off
        super().changeEvent(event)

    def reload(self) -> None:
        """Forget the cached roster (after the file changed)."""
        self._all = None
        self._search(self.edit.text())

    def roster_rows(self) -> list[RosterRow]:
        """The roster as searched (read now if it was not yet)."""
        if self._all is None:
            self._all = load_rows()
        return self._all

    def say(self, text: str) -> None:
        """A message under the list (what was just done); the next search replaces it."""
        self.hint.setText(text)

    def _search(self, text: str) -> None:
        if not text.strip():
            self.matches = []
            self.hint.setText(_("Type part of the name or its reading; the people found are listed here."))
        else:
            found = filter_rows(self.roster_rows(), RosterFilter(text=text))
            self.matches = found[:MAX_SHOWN]
            if not found and self._can_add:
                self.hint.setText(_("Nobody found. Try fewer letters, or the reading in hiragana. Someone not in "
                                    "the roster yet: press 「%s」.") % self.add_button.text())
            elif not found:
                self.hint.setText(_("Nobody found. Try fewer letters, or the reading in hiragana."))
            elif len(found) > MAX_SHOWN:
                self.hint.setText(_("%d people found; type more letters to narrow it down.") % len(found))
            else:
                self.hint.setText(_("Click a name (or press Enter for the first one)."))
        self.list_model.setStringList([self._label(r) for r in self.matches])

    @staticmethod
    def _label(row: RosterRow) -> str:
        reading = f"{row.family_reading} {row.given_reading}".strip()
        name = f"{row.family_name} {row.given_name}".strip()
        extra = "・".join(x for x in (reading, row.block_name) if x)
        return f"{name}\n{extra}" if extra else name

    def _choose_first(self) -> None:
        if self.matches:
            self.choose(0)

    def choose(self, i: int) -> None:
        if 0 <= i < len(self.matches):
            row = self.matches[i]
            self.chosen.emit(row.id, f"{row.family_name} {row.given_name}".strip())

    def clear(self) -> None:
        self.edit.clear()


def focus_search(widget: PersonSearch) -> None:
    widget.edit.setFocus(Qt.FocusReason.OtherFocusReason)
