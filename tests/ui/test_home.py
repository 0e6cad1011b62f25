"""The home page summarises follow-ups, the next salon meetings and register reviews due."""
from __future__ import annotations

import datetime as dt

import pytest

from db import models as m
from desktop.context import AppContext
from desktop.services import contacts, register, roster, salon
from ui.home.page import HomePage

TODAY = dt.date(2026, 11, 28)


def _page(qtbot, store, settings, password):
    page = HomePage(AppContext(store=store, settings=settings, clock=lambda: TODAY, password=password))
    qtbot.addWidget(page)
    page.show()
    return page


def test_empty_file_says_what_to_do(qtbot, store, settings, password):
    """With no salon and no register, the cards say what to do next."""
    page = _page(qtbot, store, settings, password)
    assert "サロン" in page.todo_labels["next_salon"].text()
    assert "見直し済み" in page.todo_labels["review_due"].text()


def test_home_lists_next_sessions_reviews_and_follow_ups(qtbot, store, settings, password):
    """Upcoming sessions, overdue reviews and people not reached appear on the home page."""
    h, _ = roster.save_household({"address1": "東京都港区港南", "landline": "0354719999"})
    p, _ = roster.save_person({"household": h.id, "family_name": "石井", "given_name": "トメ", "family_reading": "いしい"})
    rec = register.add_to_register(p, {"consent": m.CONSENT_YES})
    register.mark_reviewed(rec, dt.date(2025, 6, 1))
    s = m.Salon.create(name="いきいきサロン", venue="町会会館", schedule="毎月第2火曜 13:30")
    m.SalonSession.create(salon=s, date=dt.date(2026, 12, 8), start_time="13:30")
    m.SalonSession.create(salon=s, date=dt.date(2026, 11, 10), start_time="13:30")  # past: not shown
    salon.add_regular(s, p)
    contacts.log_contact(p, when=dt.datetime(2026, 9, 1, 10, 0))
    page = _page(qtbot, store, settings, password)
    text = page.todo_labels["next_salon"].text()
    assert "12月8日" in text and "いきいきサロン" in text and "11月10日" not in text
    assert "石井 トメ" in page.todo_labels["review_due"].text()
    names = [page.followup.model.data(page.followup.model.index(r, 0)) for r in range(page.followup.model.rowCount())]
    assert any("石井" in (n or "") for n in names)
    assert page.count_labels["support_records"].text() == "1"


def test_register_count_leaves_out_the_deceased_and_moved(qtbot, store, settings, password):
    """The 要支援の人 count follows the register page and the prints: a registered person
    later marked 死亡 or 転出 is not counted."""
    h, _ = roster.save_household({"address1": "東京都港区港南"})
    people = [roster.save_person({"household": h.id, "family_name": f, "family_reading": r})[0]
              for f, r in (("石井", "いしい"), ("上田", "うえだ"), ("遠藤", "えんどう"))]
    for p in people:
        register.add_to_register(p, {"consent": m.CONSENT_YES})
    for p, status in zip(people, (m.STATUS_DECEASED, m.STATUS_MOVED)):
        p.status = status
        p.save()
    page = _page(qtbot, store, settings, password)
    assert page.count_labels["support_records"].text() == "1"


def test_next_salon_mode_is_in_the_chosen_language(qtbot, store, settings, password):
    """The next-salon line says how it is held in the app's language (English too)."""
    from desktop.i18n import set_language

    s = m.Salon.create(name="いきいきサロン", schedule="毎月第2火曜 13:30")
    m.SalonSession.create(salon=s, date=dt.date(2026, 12, 8), start_time="13:30", mode="letter")
    assert "お手紙" in _page(qtbot, store, settings, password).todo_labels["next_salon"].text()
    set_language("en")
    try:
        text = _page(qtbot, store, settings, password).todo_labels["next_salon"].text()
    finally:
        set_language("ja")
    assert "By letter" in text and "お手紙" not in text


def test_follow_up_reasons_stay_readable_in_large_text_on_a_small_screen(qtbot, qapp, demo_store, settings,
                                                                          password, add_window):
    """Large text, 1024×700: 載っている理由 keeps ≥ 10 characters a line; the table scrolls sideways
    to the last column instead of squeezing the reasons."""
    from ui import style
    from ui.contacts.followup_widget import LAST_CAME, WHY
    from ui.main_window import MainWindow

    style.apply(qapp, True)
    window = add_window(MainWindow(AppContext(store=demo_store, settings=settings, clock=lambda: TODAY,
                                              password=password)), close_store=False)
    window.resize(1024, 700)
    window.show()
    window.show_page("home")
    qtbot.waitExposed(window)
    view = window.pages["home"].followup.view
    qtbot.wait(50)  # the columns are fitted once the page has its size
    assert view.model().rowCount() > 0
    em = view.fontMetrics().horizontalAdvance("あ")
    assert em >= 20 and view.columnWidth(WHY) >= 10 * em

    def reachable():  # the scroll bar's range follows the columns on the next pass of the event loop
        last = view.columnViewportPosition(LAST_CAME) + view.columnWidth(LAST_CAME)
        assert last <= view.viewport().width() + view.horizontalScrollBar().maximum()

    qtbot.waitUntil(reachable, timeout=3000)


def _ink_lines(view, index) -> tuple[int, list[tuple[int, int]]]:
    """The cell's height and its runs of pixel rows with writing in them (one run per line
    that does not touch the next), as a person sees the cell."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor

    image = view.grab().toImage()
    rect = view.visualRect(index).translated(view.viewport().mapTo(view, QPoint(0, 0)))
    ink = [any(QColor(image.pixel(x, y)).lightness() < 140 for x in range(rect.left() + 1, rect.right() - 1))
           for y in range(rect.top(), rect.bottom() + 1)]
    runs, y = [], 0
    while y < len(ink):
        if ink[y]:
            start = y
            while y < len(ink) and ink[y]:
                y += 1
            runs.append((start, y - 1))
        y += 1
    return len(ink), runs


@pytest.mark.parametrize("large", [False, True])
def test_follow_up_rows_hold_every_line_of_their_reasons(qtbot, qapp, demo_store, settings, password, add_window,
                                                         large):
    """A reason that wraps to a third line (「…2 回続けて欠」 and half of 「席」 were cut) shows
    whole: every line of 載っている理由 and 気をつけたい点 has room above, below and between the
    lines, and the home page shows all five rows without a scroll bar of their own."""
    from ui.contacts.followup_widget import CARE, WHY
    from ui.main_window import MainWindow

    window = add_window(MainWindow(AppContext(store=demo_store, settings=settings, clock=lambda: TODAY,
                                              password=password)), close_store=False)
    try:
        window.set_large_text(large)
        window.resize(1100, 780)
        window.show()
        qtbot.waitExposed(window)
        view = window.pages["home"].followup.view
        qtbot.wait(100)  # the columns and rows are fitted once the page has its size
        view.clearSelection()
        assert view.model().rowCount() == 5
        assert view.verticalScrollBar().maximum() == 0  # no row hidden inside the list
        most = 0
        for row in range(5):
            for column in (WHY, CARE):
                index = view.model().index(row, column)
                height, lines = _ink_lines(view, index)
                where = (row, column, index.data(), lines)
                assert len(lines) >= len(index.data().split("\n")), where  # lines do not touch
                assert lines[0][0] >= 2 and lines[-1][1] <= height - 3, where  # nor the row's edges
                assert all(b[0] - a[1] > 2 for a, b in zip(lines, lines[1:])), where
                most = max(most, len(lines))
        if large:
            assert most >= 2  # (the demo's first reasons wrap at this width in large text)
    finally:
        window.set_large_text(False)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("large", [False, True])
def test_card_headings_show_their_whole_text(qtbot, qapp, store, settings, password, language, large):
    """Each card's heading (「People」「…lately」 in English) shows as tall as the same words
    drawn with no box round them: nothing is cut. (A guard: the short p and y that looked cut
    are the bundled BIZ UDGothic's own descenders, 0.12 em.)"""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QLabel

    from desktop.i18n import set_language
    from ui import style

    def ink_rows(image):
        return [y for y in range(image.height())
                if any(QColor(image.pixel(x, y)).lightness() < 110 for x in range(image.width()))]

    set_language(language)
    style.apply(qapp, large)
    try:
        page = _page(qtbot, store, settings, password)
        page.resize(1100, 800)
        qtbot.waitExposed(page)
        headings = [label for label in page.findChildren(QLabel) if label.property("role") == "heading"]
        assert len(headings) == 6
        for label in headings:
            shown = ink_rows(label.grab().toImage())
            free = QImage(label.width() + 40, label.height() * 3, QImage.Format.Format_RGB32)
            free.fill(QColor("white"))
            painter = QPainter(free)
            painter.setFont(label.font())
            painter.setPen(QColor("black"))
            painter.drawText(QPoint(0, label.height() * 2), label.text())
            painter.end()
            drawn = ink_rows(free)
            assert shown[-1] - shown[0] == drawn[-1] - drawn[0], label.text()
            assert shown[-1] < label.contentsRect().bottom() + 1, label.text()
    finally:
        set_language("ja")
        style.apply(qapp, False)


def test_home_counts_households_in_no_block(qtbot, store, settings, password):
    """Beside the households count: 「班が決まっていない世帯: 1」, hidden when every household has a 班."""
    block = roster.create_block("1班")
    h, _ = roster.save_household({"address1": "東京都港区芝", "block": block.id})
    roster.save_person({"household": h.id, "family_name": "青木", "given_name": "一", "family_reading": "あおき"})
    page = _page(qtbot, store, settings, password)
    assert not page.no_block_label.isVisible()
    alone, _ = roster.save_household({"address1": "東京都港区芝3丁目4-1"})
    roster.save_person({"household": alone.id, "family_name": "大塚", "given_name": "トメ", "family_reading": "おおつか"})
    page.refresh()
    assert page.no_block_label.isVisible() and page.no_block_label.text() == "班が決まっていない世帯: 1"
