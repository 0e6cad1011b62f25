"""The consent rule on the print page: normal times print only people who agreed; disaster
mode asks for confirmation and a reason, says so on the page and in the audit log."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from db import models as m
from db.queries.register import all_records, register_rows
from tests.ui.printing.conftest import pdf_text
from ui.register.disaster_mode_dialog import DisasterModeDialog

LEFT = Qt.MouseButton.LeftButton
REASON = "震度6弱の地震、安否確認のため"


def _click_radio(qtbot, radio):
    qtbot.mouseClick(radio, LEFT, pos=QPoint(12, radio.height() // 2))


def _left_out():
    """A person on the register who did not agree, and one who did."""
    consented = {r.person_id for r in register_rows("normal")}
    records = all_records()
    out = next(r for r in records if r.person_id not in consented)
    kept = next(r for r in records if r.person_id in consented)
    return out, kept


def test_normal_register_leaves_out_people_without_consent(qtbot, page, wait_preview, custody_answer, save_to, tmp_path):
    """要支援者名簿 in normal times: the saved PDF has a consenting person and not one who refused or was not asked."""
    out, kept = _left_out()
    page.options.set_kind("register")
    wait_preview(page)
    assert not page.banner.isVisible() and page.options.mode_radios["normal"].isChecked()
    path = save_to(page, tmp_path / "register.pdf")
    text = pdf_text(path)
    assert kept.family_name + " " + kept.given_name in text
    assert out.family_name + " " + out.given_name not in text
    assert m.AuditLog.select().where(m.AuditLog.action == "disaster_mode").count() == 0


def test_disaster_mode_needs_reason_and_is_audited(qtbot, page, wait_preview, custody_answer, save_to, monkeypatch,
                                                   tmp_path):
    """災害時: confirmation with a reason turns it on, the page says so, the audit log has the reason, everyone prints."""
    out, _kept = _left_out()
    page.options.set_kind("register")
    wait_preview(page)
    monkeypatch.setattr(DisasterModeDialog, "ask", classmethod(lambda cls, parent=None: (True, REASON)))
    _click_radio(qtbot, page.options.mode_radios["disaster"])
    assert page.options.mode_radios["disaster"].isChecked()
    assert page.banner.isVisible() and REASON in page.banner_label.text() and "災害時" in page.banner_label.text()
    wait_preview(page)
    audit = list(m.AuditLog.select().where(m.AuditLog.action == "disaster_mode"))
    assert len(audit) == 1 and audit[0].reason == REASON and audit[0].actor == "テスト係"

    path = save_to(page, tmp_path / "register-disaster.pdf")
    text = pdf_text(path)
    assert out.family_name + " " + out.given_name in text
    assert REASON in text  # the banner on every page names the reason
    entry = m.PrintCustody.get()
    assert entry.kind == "register" and entry.note == REASON
    assert custody_answer[0]["destroy_by"].toordinal() - 30 == page.context.today().toordinal()
    # The preview's read and the saved print's own read (rows read again when saving, so a
    # change made since is on paper): one audit entry each, both with the reason.
    entries = list(m.AuditLog.select().where(m.AuditLog.action == "disaster_mode"))
    assert len(entries) == 2 and {e.reason for e in entries} == {REASON}


def test_disaster_mode_cancelled_stays_normal(qtbot, page, wait_preview, monkeypatch):
    """Closing the disaster dialog without a reason keeps normal times and writes nothing to the audit log."""
    page.options.set_kind("plan")
    wait_preview(page)
    monkeypatch.setattr(DisasterModeDialog, "ask", classmethod(lambda cls, parent=None: None))
    _click_radio(qtbot, page.options.mode_radios["disaster"])
    assert page.options.mode_radios["normal"].isChecked() and not page.banner.isVisible()
    wait_preview(page)
    assert m.AuditLog.select().where(m.AuditLog.action == "disaster_mode").count() == 0


def test_back_to_normal_button(qtbot, page, wait_preview, monkeypatch):
    """「平常時に戻す」 on the banner switches the mode off again."""
    page.options.set_kind("pack")
    monkeypatch.setattr(DisasterModeDialog, "ask", classmethod(lambda cls, parent=None: (True, REASON)))
    _click_radio(qtbot, page.options.mode_radios["disaster"])
    assert page.banner.isVisible()
    qtbot.mouseClick(page.normal_button, LEFT)
    assert not page.banner.isVisible() and page.current_request().mode == "normal"
    assert page.current_request().reason == ""
    wait_preview(page)


def _renamed_consenting_record(family, given):
    from db import models as m

    rec = m.SupportRecord.select().where(m.SupportRecord.consent == "yes", m.SupportRecord.deleted_at.is_null()).first()
    m.Person.update(family_name=family, given_name=given).where(m.Person.id == rec.person_id).execute()
    return rec


def test_consent_withdrawn_after_the_preview_is_not_saved(qtbot, page, wait_preview, custody_answer, save_to, tmp_path):
    """The preview of the normal-times register was made; then consent is withdrawn (here
    while the page stays open): the PDF saved is read again and leaves the person out
    (災害対策基本法 49-11). It used the rows the preview had read."""
    from desktop.services import register as reg

    from tests.ui.printing.conftest import pdf_text

    rec = _renamed_consenting_record("撤回", "太郎")
    page.options.set_kind("register")
    wait_preview(page)
    reg.update_record(rec, {"consent": "no"})
    text = pdf_text(save_to(page, tmp_path / "register.pdf")).replace(" ", "")
    assert "撤回" not in text and "避難行動要支援者名簿" in text.replace("\n", "")


def test_coming_back_to_the_page_makes_the_preview_again(qtbot, page, wait_preview):
    """Someone put in the trash on another page: when the print page is shown again the
    preview is made again from the file (the old one was kept)."""
    from db import models as m
    from desktop.services import trash

    rec = _renamed_consenting_record("ゴミ箱", "花子")
    page.options.set_kind("register")
    wait_preview(page)
    first = page.runner.last
    assert any(r.family_name == "ゴミ箱" for r in first.job.data)
    page.hide()
    trash.trash_person(m.Person.get_by_id(rec.person_id))
    page.show()
    qtbot.waitUntil(lambda: page.runner.last is not first and page.preview_ready(), timeout=20000)
    assert not any(r.family_name == "ゴミ箱" for r in page.runner.last.job.data)


def test_coming_back_without_a_change_keeps_the_preview(qtbot, page, wait_preview):
    """Nothing changed in the file: showing the page again does not make the preview again
    (un-minimising the window re-rendered a long print every time)."""
    page.options.set_kind("register")
    wait_preview(page)
    first = page.runner.last
    page.hide()
    page.show()
    qtbot.wait(300)
    assert page.runner.last is first and page.preview_ready()
