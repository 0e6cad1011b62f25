"""Table columns that stay readable in large text on a small screen.

Qt's own modes squeeze: a Stretch column gets what the ResizeToContents columns leave, which in
large text on a 1024 px screen can be three characters a line. Here every column asks for its
content, within a range in characters; when the table is too narrow the columns that may wrap
give up room first, down to their minimum, and past that the table scrolls sideways. The
`stretch` column takes any room left over.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.widgets.wrap_delegate import WrapDelegate

PADDING = 14  # px around a cell's text (the style's margins and the grid line)


class ReadableColumns(QObject):
    """Sizes the columns of `view` whenever its width, font or rows change (see the module doc).

    minimum / maximum: {column: characters (width of 「あ」)}; a column without a minimum keeps
    its content width (short codes, phone numbers, dates); a header is never cut."""

    def __init__(self, view: QTableView, stretch: int, minimum: dict[int, int] | None = None,
                 maximum: dict[int, int] | None = None):
        super().__init__(view)
        self.view = view
        self.stretch = stretch
        self.minimum = dict(minimum or {})
        self.maximum = dict(maximum or {})
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
                       model.dataChanged):
            signal.connect(self.schedule)
        self.fit()

    def schedule(self, *_args) -> None:
        self._timer.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange,
                            QEvent.Type.Show):
            self.schedule()
        return False

    def char_width(self) -> int:
        return self.view.fontMetrics().horizontalAdvance("あ")

    def widths(self, room: int) -> dict[int, int]:
        """The width of each shown column for a viewport `room` px wide."""
        view, header = self.view, self.view.horizontalHeader()
        em = self.char_width()
        low: dict[int, int] = {}
        want: dict[int, int] = {}
        for col in range(header.count()):
            if header.isSectionHidden(col):
                continue
            title = header.sectionSizeHint(col)
            content = max(view.sizeHintForColumn(col), title)
            lo = max(self.minimum[col] * em + PADDING, title) if col in self.minimum else content
            hi = max(self.maximum[col] * em + PADDING, lo) if col in self.maximum else max(content, lo)
            # The stretch column asks only for its minimum: it takes whatever room is left.
            low[col], want[col] = lo, lo if col == self.stretch else min(max(content, lo), hi)
        over = sum(want.values()) - room
        slack = sum(want[c] - low[c] for c in want)
        if over > 0 and slack > 0:
            # Too narrow: the wrapping columns give up room in proportion to what they can spare.
            share = min(1.0, over / slack)
            for col in want:
                want[col] -= int((want[col] - low[col]) * share + 0.999)
        if self.stretch in want:
            want[self.stretch] += max(0, room - sum(want.values()))
        return want

    def fit(self) -> None:
        if self._busy or self.view.model() is None:
            return
        self._busy = True
        try:
            header = self.view.horizontalHeader()
            for col, width in self.widths(self.view.viewport().width()).items():
                if header.sectionSize(col) != width:
                    header.resizeSection(col, width)
            rows = self.view.verticalHeader()
            if rows.count() and rows.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents:
                # Wrapped text needs the rows' heights again: Qt keeps the heights it measured
                # at the columns' earlier widths.
                rows.resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        finally:
            self._busy = False


def readable_columns(view: QTableView, stretch: int, minimum: dict[int, int] | None = None,
                     maximum: dict[int, int] | None = None) -> ReadableColumns:
    """Keep the columns of `view` readable (see ReadableColumns); the fitter lives with the view.
    Wrapped text gets room between its lines and rows that hold all of it (WrapDelegate)."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setItemDelegate(WrapDelegate(view))
    return ReadableColumns(view, stretch, minimum, maximum)
