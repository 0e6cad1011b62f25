"""Files the wizard tests import (written here, with the messes real rosters have) and a
helper that walks the wizard like a person with the mouse."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.services import roster

TITLE = "令和8年度 町会名簿\n"
HEADER = "氏名,ふりがな,〒,住所,電話,生年月日,班,世帯主\n"
ROWS = (
    "山田 太郎,やまだ たろう,108-0075,東京都港区港南2丁目3-4,03-5471-1234,S23.4.5,1班,○\n"  # line 3
    "山田 花子,やまだ はなこ,108-0075,東京都港区港南2丁目3-4,03-5471-1234,S25.6.7,1班,\n"  # line 4
    "佐藤 次郎,さとう じろう,108-0074,東京都港区高輪1丁目1-1,12345,S30.1.2,2班,○\n"  # line 5: bad phone
    "鈴木 一郎,すずき いちろう,108-0074,東京都港区高輪3丁目3-3,03-5555-6666,1950/1/2,2班,○\n"  # line 6: duplicate
)
BAD_PHONE_ROW, DUPLICATE_ROW = 5, 6


@pytest.fixture
def messy_csv(tmp_path):
    """A Shift_JIS CSV as old Excel saves it: a title row, a bad phone and a known person."""
    path = tmp_path / "名簿.csv"
    path.write_bytes((TITLE + HEADER + ROWS).encode("cp932"))
    return path


@pytest.fixture
def suzuki(store):
    """鈴木 一郎, already in the roster (the CSV's line 6 repeats him), without a mobile."""
    household, _e = roster.save_household({"postal_code": "1080074", "address1": "東京都港区高輪",
                                           "address2": "3-3-3"})
    person, _e = roster.save_person({"household": household.id, "family_name": "鈴木", "given_name": "一郎",
                                     "family_reading": "すずき", "given_reading": "いちろう", "birth_date": "1950/1/2"})
    return person


@pytest.fixture
def wizard(qtbot, context, monkeypatch):
    """The import wizard, shown, on the `store` fixture's file."""
    from ui.transfer.import_wizard import ImportWizard

    w = ImportWizard(context)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def walk(qtbot, monkeypatch):
    """Helpers to drive the wizard: choose a file, press 次へ, run the import and wait."""
    from ui.transfer.pages_file import FilePage

    class Walk:
        def choose(self, wizard, path):
            monkeypatch.setattr(FilePage, "ask_path", lambda self: path)
            qtbot.mouseClick(wizard.file_page.choose_button, Qt.MouseButton.LeftButton)

        def next(self, wizard, times=1):
            for _i in range(times):
                assert wizard.next_button.isEnabled(), wizard.current.error_label.text()
                qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

        def run(self, wizard):
            assert wizard.current is wizard.run_page
            qtbot.mouseClick(wizard.run_page.run_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: wizard.current is wizard.result_page or wizard.run_page.error_label.isVisible(),
                            timeout=15000)

    return Walk()
