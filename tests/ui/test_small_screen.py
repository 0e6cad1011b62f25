"""Large text on a small laptop screen (1024×700 free pixels): every form dialog opens no taller
than the screen, title bar included, and its buttons show below a form that scrolls."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QDialog, QScrollArea

from tests.ui.conftest import TODAY
from ui import dialogs

ROOM = QRect(0, 0, 1024, 700)


@pytest.fixture(autouse=True)
def small_large_screen(qapp, monkeypatch):
    """Large-text mode, and a screen with 1024×700 free pixels (the offscreen one is 800×800)."""
    from ui import style

    style.apply(qapp, True)
    monkeypatch.setattr(dialogs, "screen_room", lambda widget: QRect(ROOM))


def _fits(qtbot, dialog, button) -> None:
    """Shown, the dialog fits the screen with its title bar, and `button` is inside it."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    limit = ROOM.height() - dialogs.FRAME_ROOM.height()
    assert dialog.height() <= limit, f"{type(dialog).__name__} is {dialog.height()} px tall"
    assert dialog.width() <= ROOM.width() - dialogs.FRAME_ROOM.width()
    assert dialog.minimumSizeHint().height() <= limit  # nor can the layout force it taller
    top = button.mapTo(dialog, QPoint(0, 0)).y()
    assert button.isVisible() and 0 < top and top + button.height() <= dialog.height()


def test_export_dialog_fits_and_its_choices_scroll(qtbot, context):
    """書き出し: the 書き出す button shows; the choices scroll above it."""
    from ui.transfer.export_dialog import ExportDialog

    dialog = ExportDialog(context)
    _fits(qtbot, dialog, dialog.export_button)
    scroll = dialog.findChild(QScrollArea)
    assert scroll.verticalScrollBar().maximum() > 0  # the rest of the form is reached by scrolling
    assert not scroll.isAncestorOf(dialog.export_button)


def test_person_form_fits_and_saves(qtbot):
    """人 (new household): the form scrolls, 保存 shows and works."""
    from ui.roster.person_dialog import PersonDialog

    dialog = PersonDialog(today=TODAY, date_style="wareki", households=[(1, "東京都港区港南2-3-4")],
                          blocks=[(1, "1班")])
    _fits(qtbot, dialog, dialog.save_button)
    dialog.family_name.setText("山田")
    dialog.given_name.setText("花子")
    dialog.family_reading.setText("やまだ")
    dialog.given_reading.setText("はなこ")
    dialog.mobile.set_text("090-12")  # too short: 保存 points at it, scrolled into view
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.isVisible()
    scroll = dialog.findChild(QScrollArea)
    field = dialog.mobile.edit
    top = field.mapTo(scroll.viewport(), QPoint(0, 0)).y()
    assert 0 <= top and top + field.height() <= scroll.viewport().height()
    dialog.mobile.set_text("090-1234-5678")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()


def test_household_form_fits_and_saves(qtbot):
    """世帯: 保存 shows below the scrolling form and closes it."""
    from ui.roster.household_dialog import HouseholdDialog

    dialog = HouseholdDialog([(1, "1班")], members="山田 太郎、山田 花子")
    _fits(qtbot, dialog, dialog.save_button)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_contact_dialog_fits(qtbot, context):
    """連絡の記録: この記録を保存 shows with the title bar on the screen."""
    from ui.widgets.quick_contact import ContactDialog

    dialog = ContactDialog(context, "石田 花子")
    _fits(qtbot, dialog, dialog.save_button)


def test_register_record_dialog_fits(qtbot):
    """要支援者の記録: 保存 shows; the tabs scroll."""
    from ui.register.record_dialog import RecordDialog

    dialog = RecordDialog({"person": {"name": "山田 花子"}}, lambda form: None, lambda: None, TODAY)
    _fits(qtbot, dialog, dialog.save_button)


def test_import_wizard_and_ledger_fit_a_narrow_screen(qtbot, context):
    """取り込み and 持ち出し記録 are no wider than a 1024 px screen."""
    from ui.printing.ledger_dialog import LedgerDialog, STATE, WHAT
    from ui.transfer.import_wizard import ImportWizard

    wizard = ImportWizard(context)
    _fits(qtbot, wizard, wizard.next_button)
    ledger = LedgerDialog(context)
    _fits(qtbot, ledger, ledger.close_button)


@pytest.mark.parametrize("page_key", ["salon", "contacts"])
def test_person_search_lists_have_room_in_large_text(qtbot, demo_store, settings, password, add_window,
                                                     type_text, page_key):
    """ほかに来た人 (サロン) and 連絡記録's search, window at 1024×700: at least four people show, each
    row a click target of 32 px or more, every name in full."""
    from desktop.context import AppContext
    from ui.main_window import MainWindow
    from ui.salon.session_panel import SessionPanel

    window = add_window(MainWindow(AppContext(store=demo_store, settings=settings, clock=lambda: TODAY,
                                              password=password)), close_store=False)
    window.resize(ROOM.width(), ROOM.height() - dialogs.FRAME_ROOM.height())
    window.show()
    window.show_page(page_key)
    qtbot.waitExposed(window)
    page = window.pages[page_key]
    if page_key == "salon":
        search = page.findChild(SessionPanel).walk_in
    else:
        page.tabs.setCurrentIndex(1)
        search = page.search
    type_text(search.edit, "やま")
    qtbot.wait(20)
    assert len(search.matches) >= 4
    view, metrics = search.list, search.list.fontMetrics()
    row = view.sizeHintForRow(0)
    assert row >= 32 and view.viewport().height() >= 4 * row
    assert view.width() >= 10 * metrics.horizontalAdvance("あ")
    for match in search.matches:
        name = f"{match.family_name} {match.given_name}"
        assert metrics.horizontalAdvance(name) + 12 <= view.viewport().width(), name


def test_ledger_names_each_print_in_large_text(qtbot, context):
    """持ち出し記録 with long names: 印刷物 (what to mark returned) keeps ≥ 8 characters a line and
    its whole header, each print's name fits its row (wrapped, not cut), and every column shows
    or can be scrolled to (印刷物 was 25 px: only 「刷」 of its header)."""
    from PySide6.QtCore import QRect as Rect

    from desktop.services import custody
    from ui.printing.ledger_dialog import LedgerDialog, STATE, WHAT
    from ui.widgets.readable_columns import PADDING

    titles = ["避難行動要支援者名簿 全体 （災害時）", "安否確認 集計表（本部用） 全体", "防災パック 5班"]
    for i, title in enumerate(titles):
        custody.record_print("register", title, "全体", recipient=f"{i + 1}班 班長 長谷川 久美子", today=TODAY)
    ledger = LedgerDialog(context)
    _fits(qtbot, ledger, ledger.close_button)
    view = ledger.table
    header = view.horizontalHeader()
    qtbot.waitUntil(lambda: view.columnWidth(WHAT) > 0)  # fitted once the dialog has its size
    em = view.fontMetrics().horizontalAdvance("あ")
    assert em >= 20  # large text is on
    qtbot.waitUntil(lambda: view.columnWidth(WHAT) >= 8 * em, timeout=3000)
    for col in range(ledger.model.columnCount()):
        assert header.sectionSize(col) >= header.sectionSizeHint(col), ledger.model.headerData(col, Qt.Orientation.Horizontal)
    for row in range(ledger.model.rowCount()):
        title = ledger.model.data(ledger.model.index(row, WHAT))
        need = view.fontMetrics().boundingRect(Rect(0, 0, view.columnWidth(WHAT) - PADDING, 10000),
                                               Qt.TextFlag.TextWordWrap, title).height()
        assert need <= view.rowHeight(row), title

    def reachable():  # the scroll bar's range follows the columns on the next pass of the event loop
        last = view.columnViewportPosition(STATE) + view.columnWidth(STATE)
        assert last <= view.viewport().width() + view.horizontalScrollBar().maximum()

    qtbot.waitUntil(reachable, timeout=3000)
