"""Screenshots of the wizard steps and the export dialog (run by hand, not part of the suite)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import models as m
from desktop.context import AppContext
from tests.ui.conftest import TODAY
from tests.ui.transfer.conftest import HEADER, ROWS, TITLE


@pytest.mark.parametrize("large", [False, True])
def test_shots(qtbot, qapp, demo_store, settings, password, tmp_path, monkeypatch, large, walk):
    from ui import style
    from ui.transfer.export_dialog import ExportDialog
    from ui.transfer.history_dialog import ImportHistoryDialog
    from ui.transfer.import_wizard import ImportWizard

    style.apply(qapp, large)
    suffix = "-large" if large else ""
    context = AppContext(store=demo_store, settings=settings, clock=lambda: TODAY, password=password)
    p = m.Person.select().where(m.Person.birth_date.is_null(False)).first()
    dup = f"{p.full_name},{p.full_reading},,,,{p.birth_date:%Y/%m/%d},1班,\n"
    path = tmp_path / "町会名簿2026.csv"
    path.write_bytes((TITLE + HEADER + ROWS + dup).encode("utf-8-sig"))
    w = ImportWizard(context)
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    qtbot.waitExposed(w)

    def shot(name):
        qtbot.wait(50)
        w.grab().save(f"/tmp/shots/import-{name}{suffix}.png")

    shot("1-empty")
    bad = tmp_path / "壊れた.csv"
    bad.write_text('氏名,住所\n山田,"東京\n' + "x,y\n" * 8, encoding="utf-8")
    walk.choose(w, bad)
    shot("1-error")
    walk.choose(w, path)
    shot("1-file")
    walk.next(w)
    shot("2-sheet")
    walk.next(w)
    shot("3-mapping")
    walk.next(w)
    shot("4-check")
    w.current.tabs.setCurrentIndex(1)
    shot("4-households")
    walk.next(w)
    qtbot.mouseClick(w.current.radios["merge"], Qt.MouseButton.LeftButton)
    shot("5-duplicates")
    walk.next(w)
    shot("6-run")
    walk.run(w)
    shot("7-result")
    h = ImportHistoryDialog(context)
    qtbot.addWidget(h)
    h.show()
    qtbot.wait(50)
    h.grab().save(f"/tmp/shots/import-history{suffix}.png")
    e = ExportDialog(context)
    qtbot.addWidget(e)
    e.show()
    qtbot.wait(50)
    e.grab().save(f"/tmp/shots/export-dialog{suffix}.png")
    e.csv_radio.setChecked(True)
    qtbot.wait(50)
    e.grab().save(f"/tmp/shots/export-dialog-csv{suffix}.png")
