"""The 印刷 page: choosing, the live preview, saving, printing, glyph warnings and stopping a job."""
from __future__ import annotations

import math
import threading

from PySide6.QtCore import Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter

from db import models as m
from db.queries.print_sources import label_rows
from desktop import tasks
from desktop.printing import sheets
from tests.ui.printing.conftest import PREVIEW_TIMEOUT, pdf_pages, pdf_text
from ui.printing.custody_dialog import CustodyDialog

LEFT = Qt.MouseButton.LeftButton


def _choose_block(qtbot, page, name):
    combo = page.options.block_combo
    combo.setCurrentIndex(combo.findText(name))


def _pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_labels_for_block_1_preview_and_save(qtbot, page, wait_preview, custody_answer, save_to, tmp_path):
    """宛名ラベル for 1班: the preview has ceil(households/12) pages; 保存 writes a PDF with a 1班 name and a ledger line."""
    assert page.options.kind() == "labels"
    _choose_block(qtbot, page, "1班")
    wait_preview(page)
    rows = label_rows("household", "1班")
    sheet = page.options.sheet_picker.sheet()
    assert page.preview.document.pageCount() == math.ceil(len(rows) / sheet.per_page)
    assert page.preview.pages_label.text() == f"{page.preview.document.pageCount()}ページ"

    path = save_to(page, tmp_path / "labels.pdf")
    assert path.exists() and pdf_pages(path) == page.preview.document.pageCount()
    text = pdf_text(path)
    head = rows[0].names[0]
    assert head.family in text and head.given in text
    entry = m.PrintCustody.get()
    assert entry.kind == "labels" and entry.scope == "1班" and entry.copies == 1
    assert custody_answer[0]["recipient"].startswith("1班 班長")
    assert "ledger No." not in page.preview.status_label.text() and "labels.pdf" in page.preview.status_label.text()


def test_start_label_from_the_sheet_drawing(qtbot, page, wait_preview):
    """Clicking the last label of the sheet drawing starts there: one more page for 1班's labels."""
    _choose_block(qtbot, page, "1班")
    wait_preview(page)
    picker = page.options.sheet_picker
    sheet = picker.sheet()
    rect = picker.diagram.label_rect(sheet.per_page - 1)
    qtbot.mouseClick(picker.diagram, LEFT, pos=rect.center().toPoint())
    assert picker.start() == sheet.per_page
    wait_preview(page)
    n = len(label_rows("household", "1班"))
    assert page.preview.document.pageCount() == sheets.page_count(sheet, n, sheet.per_page)


def test_postcards_one_page_per_household(qtbot, page, wait_preview):
    """はがき for 2班: one page per household, at postcard size."""
    page.options.set_kind("postcards")
    _choose_block(qtbot, page, "2班")
    wait_preview(page)
    assert page.preview.document.pageCount() == len(label_rows("household", "2班"))
    size = page.preview.document.pagePointSize(0)
    assert round(size.width() / 72 * 25.4) == 100 and round(size.height() / 72 * 25.4) == 148


def test_cancelling_the_custody_question_saves_nothing(qtbot, page, monkeypatch, tmp_path):
    """「誰に渡しますか」 answered with やめる: no file, no ledger line."""
    monkeypatch.setattr(CustodyDialog, "ask", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(page, "ask_save_path", lambda s: tmp_path / "x.pdf")
    qtbot.mouseClick(page.save_button, LEFT)
    assert page.output_job is None
    assert not (tmp_path / "x.pdf").exists() and m.PrintCustody.select().count() == 0


def test_custody_dialog_defaults(qtbot, demo_context):
    """The dialog offers the block leader, 1 copy and a destroy-by date a year on; an empty recipient is refused."""
    from tests.ui.printing.conftest import TODAY

    import datetime as dt

    dialog = CustodyDialog("宛名ラベル 1班", "1班 班長 山田 修", 1, TODAY + dt.timedelta(days=365), TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.recipient_edit.text() == "1班 班長 山田 修" and dialog.copies_spin.value() == 1
    assert dialog.answer().destroy_by == dt.date(2027, 11, 28)
    dialog.recipient_edit.clear()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "受け取る人" in dialog.error_label.text()


def test_print_renders_into_the_printer(qtbot, page, wait_preview, custody_answer, monkeypatch, tmp_path):
    """印刷…: the pages go to the printer (a PDF printer here) at the PDF's paper size, and a ledger line is written."""
    page.options.set_kind("calllist")
    _choose_block(qtbot, page, "3班")
    wait_preview(page)
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(page, "ask_printer", lambda copies=1: _pdf_printer(out))
    qtbot.mouseClick(page.print_button, LEFT)
    qtbot.waitUntil(lambda: page.output_job is None and out.exists(), timeout=PREVIEW_TIMEOUT)
    assert pdf_pages(out) == page.preview.document.pageCount()
    entry = m.PrintCustody.get()
    assert entry.kind == "calllist" and entry.scope == "3班"
    assert "プリンター" in page.preview.status_label.text()


def test_missing_glyph_warns_and_names_the_person(qtbot, page, wait_preview, custody_answer, monkeypatch, tmp_path):
    """A name with a character in no font is named on the page; refusing 「このまま印刷する」 prints nothing."""
    person = m.Person.select().join(m.Household).join(m.Block).where(m.Block.name == "4班").first()
    m.Person.update(given_name="\U000f0001子").where(m.Person.id == person.id).execute()  # as an import might leave it
    page.refresh()
    page.options.set_kind("labels")
    _choose_block(qtbot, page, "4班")
    wait_preview(page)
    assert page.glyph_label.isVisible()
    assert person.family_name in page.glyph_label.text() and "〓" in page.glyph_label.text()
    asked = []
    monkeypatch.setattr(page, "ask_print_anyway", lambda problems: asked.append(problems) or False)
    monkeypatch.setattr(page, "ask_save_path", lambda s: tmp_path / "x.pdf")
    qtbot.mouseClick(page.save_button, LEFT)
    assert asked and asked[0][0].missing and not custody_answer
    assert m.PrintCustody.select().count() == 0


def test_stopping_a_long_job_leaves_no_file(qtbot, page, custody_answer, monkeypatch, tmp_path):
    """中止 while the PDF is made: no file, no ledger line, the page says it stopped."""
    gate = threading.Event()
    tasks.run_task(gate.wait)  # the one worker is busy: the save waits behind it, as a long job would
    path = tmp_path / "stopped.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda s: path)
    qtbot.mouseClick(page.save_button, LEFT)
    job = page.output_job
    assert job is not None and not page.save_button.isEnabled()
    with qtbot.waitSignal(job.cancelled, timeout=PREVIEW_TIMEOUT):
        job.cancel()
        gate.set()
    assert not path.exists() and not list(path.parent.glob("*part"))
    assert m.PrintCustody.select().count() == 0
    assert "中止" in page.preview.status_label.text() and page.output_job is None


def test_zoom_buttons(qtbot, page):
    """拡大 / 縮小 switch to a custom zoom; ページ全体 fits the page again."""
    assert page.preview.zoom_in_button.text() == "拡大" and page.preview.fit_button.text() == "ページ全体"
    qtbot.mouseClick(page.preview.zoom_in_button, LEFT)
    assert page.preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    bigger = page.preview.view.zoomFactor()
    qtbot.mouseClick(page.preview.zoom_out_button, LEFT)
    assert page.preview.view.zoomFactor() < bigger
    qtbot.mouseClick(page.preview.fit_button, LEFT)
    assert page.preview.view.zoomMode() == QPdfView.ZoomMode.FitInView


def test_alignment_page_needs_no_custody(qtbot, page, custody_answer, monkeypatch, tmp_path):
    """位置合わせ用の紙を印刷: goes to the printer without the custody question or a ledger line."""
    out = tmp_path / "align.pdf"
    monkeypatch.setattr(page, "ask_printer", lambda copies=1: _pdf_printer(out))
    qtbot.mouseClick(page.options.sheet_picker.calibration_button, LEFT)
    qtbot.waitUntil(out.exists, timeout=PREVIEW_TIMEOUT)
    assert pdf_pages(out) == 1 and not custody_answer and m.PrintCustody.select().count() == 0


def test_offset_is_saved_per_sheet(qtbot, page):
    """The printer offset typed for a sheet is kept for that sheet and comes back when it is chosen again."""
    picker = page.options.sheet_picker
    first = picker.sheet_id()
    picker.offset_x.setValue(1.5)
    picker.offset_y.setValue(-0.5)
    assert sheets.get_offset(first) == (1.5, -0.5)
    picker.combo.setCurrentIndex((picker.combo.currentIndex() + 1) % picker.combo.count())
    assert picker.offset() == (0.0, 0.0)
    picker.combo.setCurrentIndex(picker.combo.findData(first))
    assert picker.offset() == (1.5, -0.5)


def test_every_kind_previews(qtbot, page, wait_preview):
    """Each of the thirteen prints makes a preview of at least one page for 5班."""
    from desktop.printing import jobs

    _choose_block(qtbot, page, "5班")
    for kind in jobs.KINDS:
        page.options.set_kind(kind)
        wait_preview(page)
        assert page.preview.document.pageCount() >= 1, kind
        assert page.runner.last.request.kind == kind


def test_tiny_labels_say_the_text_will_be_small(qtbot, page, wait_preview):
    """Choosing the 65-up sheet: the page says how small the text gets, before printing."""
    picker = page.options.sheet_picker
    picker.combo.setCurrentIndex(picker.combo.findData("hisago-elm023"))
    wait_preview(page)
    assert page.glyph_label.isVisible() and "ポイント" in page.glyph_label.text()
    picker.combo.setCurrentIndex(picker.combo.findData("hisago-elm008"))
    wait_preview(page)
    assert "ポイント" not in page.glyph_label.text()


def test_follow_up_print_starts_from_the_days_setting(qtbot, demo_context):
    """「連絡していない日数」 is one setting: the print page starts from it (60, not 30), and a
    change made on the print page is what the つながりチェック page shows next."""
    from desktop import settings as options
    from ui.contacts.followup_widget import FollowUpList
    from ui.printing.page import PrintingPage

    demo_context.settings.set(options.FOLLOW_UP_DAYS, 60)
    page = PrintingPage(demo_context)
    qtbot.addWidget(page)
    assert page.options.days_spin.value() == 60
    page.options.days_spin.setValue(45)
    assert demo_context.settings.get(options.FOLLOW_UP_DAYS) == 45
    followups = FollowUpList(demo_context)
    qtbot.addWidget(followups)
    followups.refresh()
    assert followups.days == 45
    demo_context.settings.set(options.FOLLOW_UP_DAYS, 90)  # changed on the other page
    page.show()
    assert page.options.days_spin.value() == 90
    qtbot.waitUntil(page.preview_ready, timeout=20000)


def test_a_label_sheet_offset_does_not_move_postcards(qtbot, page, wait_preview, custody_answer, save_to, tmp_path):
    """The printer offset typed for a label sheet (shown for 宛名ラベル only) moved postcards
    too, where it is neither shown nor adjustable."""
    import pdfplumber

    def first_x(path):
        with pdfplumber.open(str(path)) as pdf:
            return pdf.pages[0].chars[0]["x0"]

    page.options.set_kind("postcards")
    wait_preview(page)
    before = first_x(save_to(page, tmp_path / "a.pdf"))
    page.options.set_kind("labels")
    wait_preview(page)
    page.options.sheet_picker.offset_x.setValue(3.0)
    page.options.set_kind("postcards")
    wait_preview(page)
    assert abs(first_x(save_to(page, tmp_path / "b.pdf")) - before) < 0.1


def test_a_character_no_font_has_added_after_the_preview_is_asked_about(qtbot, page, wait_preview, custody_answer,
                                                                         monkeypatch, tmp_path):
    """The paper is read again when saving; a name changed since the preview to hold a
    character no font has is not printed as 〓 without a word: nothing is saved, the page
    says to look at the preview again."""
    errors = []
    monkeypatch.setattr(page, "show_error", lambda text, detail="": errors.append(text + detail))
    page.options.set_kind("labels")
    _choose_block(qtbot, page, "4班")
    wait_preview(page)
    person = m.Person.select().join(m.Household).join(m.Block).where(m.Block.name == "4班").first()
    m.Person.update(given_name="\U000f0001子").where(m.Person.id == person.id).execute()
    monkeypatch.setattr(page, "ask_save_path", lambda s: tmp_path / "x.pdf")
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.waitUntil(lambda: page.output_job is None, timeout=20000)
    assert errors and "\U000f0001" in errors[0] and not (tmp_path / "x.pdf").exists()
    assert m.PrintCustody.select().count() == 0


def test_a_list_print_says_when_its_text_got_small(qtbot, page, wait_preview):
    """The safety sheet of the demo prints nothing below 7 pt: no note. A register entry with
    a very long reason shrinks its cell: the page says how small (the lists reported 0 pt)."""
    page.options.set_kind("safety")
    wait_preview(page)
    assert "ポイント" not in page.glyph_label.text()
    record = m.SupportRecord.select().where(m.SupportRecord.consent == m.CONSENT_YES).first()
    record.details = "階段の昇り降りに介助が必要。夜間は一人になるため、近所の方の声かけをお願いしたい。" * 6
    record.save()
    page.options.set_kind("register")
    wait_preview(page)
    assert page.glyph_label.isVisible() and "ポイント" in page.glyph_label.text()
    assert "住所・メモ・支援者名などを短く" in page.glyph_label.text()


def test_a_preview_that_fails_says_so_logs_why_and_is_made_again(qtbot, page, monkeypatch):
    """A print module handed half imported to the worker thread (a bare ImportError, once seen
    on the emergency pack): the preview says that it failed and offers 「もう一度」 instead of
    「見本を作っています…」 for ever; the log has the error's type, message and traceback (no
    folder that could hold a user name); もう一度 makes the preview."""
    import logging

    from desktop import logging_setup
    from desktop.printing import jobs

    logging_setup.setup_logging()
    real, calls = jobs.prepare, []
    where = "/home/山田/tsunagari/desktop/printing/pack.py"

    def half_imported(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise ImportError("cannot import name 'render_pack' from partially initialized module "
                              f"'desktop.printing.pack' (most likely due to a circular import) ({where})",
                              name="desktop.printing.pack", path=where)
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "prepare", half_imported)
    page.options.set_kind("directory")  # rows not read yet: the worker prepares them
    qtbot.waitUntil(page.preview.retry_button.isVisible, timeout=PREVIEW_TIMEOUT)
    assert page.preview.message.isVisible()
    assert page.preview.message.text().startswith("見本を作れませんでした（ImportError）。「もう一度」を押してください。")
    assert not page.save_button.isEnabled() and not page.print_button.isEnabled()
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = logging_setup.log_file().read_text(encoding="utf-8")
    assert ("WARNING desktop.tasks: background task raised ImportError: cannot import name 'render_pack' from "
            "partially initialized module 'desktop.printing.pack' (most likely due to a circular import) (pack.py)"
            ) in text
    assert "Traceback (most recent call last)" in text and "in half_imported" in text and "山田" not in text

    qtbot.mouseClick(page.preview.retry_button, LEFT)
    qtbot.waitUntil(page.preview_ready, timeout=PREVIEW_TIMEOUT)
    assert len(calls) == 2 and not page.preview.retry_button.isVisible()
    assert page.preview.page_count() > 0
