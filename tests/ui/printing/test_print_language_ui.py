"""The custody question, the suggested file name, the date fields and the month choice speak
the person's language: English in English (tested in a subprocess: the language is
process-wide), and exactly as before in Japanese."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from types import SimpleNamespace

from PySide6.QtCore import Qt

from desktop import settings as options
from desktop.printing import jobs
from desktop.services import custody
from tests.ui.printing.conftest import TODAY
from ui.printing.custody_dialog import CustodyDialog
from ui.printing.page import suggested_name

LEFT = Qt.MouseButton.LeftButton

# Run in a fresh process with --lang en's effect (set_language("en")) on a computer whose
# locale is Japanese: Qt's own day and month names must not leak into English dates.
ENGLISH_SCRIPT = r'''
import datetime as dt, json, sys
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
app = QApplication([])
from desktop import i18n
i18n.set_language("en")
from types import SimpleNamespace
from desktop.printing import jobs
from desktop.services import custody
from ui.dates import format_month
from ui.printing.custody_dialog import CustodyDialog
from ui.printing.page import suggested_name
from ui.widgets.calendar import date_edit
today = dt.date(2026, 11, 28)
title = jobs.titled(jobs.kind_name("postcards"), jobs.WHOLE)
d = CustodyDialog(title, custody.default_recipient(None), 1, dt.date(2027, 11, 29), today, "wareki", True)
out = {"title": title, "intro": d.intro_label.text(), "recipient": d.recipient_edit.text(),
       "one": d.copies_spin.text()}
d.copies_spin.setValue(3)
out["three"] = d.copies_spin.text()
out["field"], out["reading"] = d.destroy_edit.text(), d.destroy_edit.message.text()
d.destroy_edit.edit.setText("R9.1.5")
d.destroy_edit.edit.editingFinished.emit()
out["typed"], out["typed_reading"], out["typed_date"] = (d.destroy_edit.text(), d.destroy_edit.message.text(),
                                                         str(d.destroy_edit.date()))
d.recipient_edit.clear()
d._accept()
out["error"] = d.error_label.text()
out["files"] = [suggested_name(SimpleNamespace(title=jobs.titled(jobs.kind_name(k), s)), today)
                for k, s in (("postcards", jobs.WHOLE), ("followup", jobs.WHOLE), ("calllist", "1班"))]
out["calendar"] = [date_edit(today, style).text() for style in ("wareki", "seireki")]
out["month"] = format_month(2026, 11, "wareki")
json.dump(out, sys.stdout, ensure_ascii=False)
'''


def test_english_custody_question_file_names_and_date_fields():
    """English: "Postcards (はがき), whole association", Association leader, 1 copy / 3 copies,
    the destroy-by day as 2027/11/29 and 29 Nov 2027 (Reiwa 9), file names without Japanese
    glosses or 全体, and the contact dialog's dates as the English screens write them."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-c", ENGLISH_SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["title"] == "Postcards (はがき), whole association"
    assert got["intro"].startswith('"Postcards (はがき), whole association" holds personal data.')
    assert got["recipient"] == "Association leader"
    assert (got["one"], got["three"]) == ("1 copy", "3 copies")
    assert (got["field"], got["reading"]) == ("2027/11/29", "29 Nov 2027 (Reiwa 9)")
    assert (got["typed"], got["typed_reading"], got["typed_date"]) == ("2027/1/5", "5 Jan 2027 (Reiwa 9)", "2027-01-05")
    assert "会長" not in got["error"] and "班長" not in got["error"]
    assert got["files"] == ["Postcards_whole_association_20261128.pdf", "Follow-up_list_whole_association_20261128.pdf",
                            "Call_list_(table)_1班_20261128.pdf"]
    assert got["calendar"] == ["Sat 28 Nov 2026 (Reiwa 8)", "Sat 28 Nov 2026"]
    assert got["month"] == "Nov 2026"


def test_japanese_custody_question_is_unchanged(qtbot):
    """Japanese: 「はがき 全体」, 会長, 1 部, 令和9年11月29日 and its 西暦 underneath, as before."""
    title = jobs.titled(jobs.kind_name("postcards"), jobs.WHOLE)
    dialog = CustodyDialog(title, custody.default_recipient(None), 1, dt.date(2027, 11, 29), TODAY, saving=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert title == "はがき 全体" and dialog.recipient_edit.text() == "会長"
    assert dialog.intro_label.text().startswith("「はがき 全体」には個人情報が含まれます。")
    assert dialog.copies_spin.text() == "1 部"
    dialog.copies_spin.setValue(3)
    assert dialog.copies_spin.text() == "3 部"
    assert dialog.destroy_edit.text() == "令和9年11月29日"
    assert dialog.destroy_edit.message.text() == "令和9年11月29日（2027年11月29日）"
    assert suggested_name(SimpleNamespace(title=title), TODAY) == "はがき_全体_20261128.pdf"


def test_whole_association_print_goes_to_the_association_leader(qtbot, page, wait_preview, custody_answer,
                                                                 monkeypatch, tmp_path):
    """Saving a print of the whole association asks about 「はがき 全体」 for 会長 and suggests
    はがき_全体_<day>.pdf, as before."""
    suggested = []
    page.options.set_kind("postcards")
    wait_preview(page)
    monkeypatch.setattr(page, "ask_save_path", lambda name: suggested.append(name))
    qtbot.mouseClick(page.save_button, LEFT)
    assert custody_answer[-1]["what"] == "はがき 全体" and custody_answer[-1]["recipient"] == "会長"
    assert suggested == ["はがき_全体_20261128.pdf"]


def test_month_choice_follows_the_date_setting(qtbot, page, demo_context):
    """The attendance sheet's month reads 令和8年11月 with 和暦 (the default) and 2026年11月 with
    西暦, as everywhere else; changing 設定 relabels it when the page is shown again."""
    page.options.set_kind("attendance")
    combo = page.options.month_combo
    assert combo.currentText() == "令和8年11月" and combo.currentData() == (2026, 11)
    assert combo.itemText(0) == "令和8年9月" and combo.itemText(combo.count() - 1) == "令和9年2月"
    demo_context.settings.set(options.DATE_STYLE, options.DATE_SEIREKI)
    page.hide()
    page.show()
    assert combo.currentText() == "2026年11月" and combo.currentData() == (2026, 11)
