"""The label catalogue, custom sheets, offsets and the sheet geometry."""
from __future__ import annotations

import json

import pytest

from desktop.printing import sheets


def test_catalogue_has_the_reference_sheets():
    """At least the 10/12×2/18/21/24×2/44-up sheets, by maker and product code."""
    cat = sheets.catalogue()
    ids = {s.id for s in cat}
    assert {"hisago-elm006", "hisago-elm008", "hisago-elm007", "hisago-elm009", "hisago-elm011",
            "hisago-elm012", "hisago-op3003", "hisago-elm022", "kokuyo-kpc-e1121", "a-one-28388"} <= ids
    assert {10, 12, 18, 21, 24, 44} <= {s.per_page for s in cat}
    assert len({(s.label_mm, s.per_page) for s in cat if s.per_page == 24}) >= 2
    assert len(ids) == len(cat) >= 8


@pytest.mark.parametrize("sheet", sheets.catalogue(), ids=lambda s: s.id)
def test_every_catalogue_label_lies_on_the_paper(sheet):
    """Each label rectangle is inside A4 (0.5 mm slack for makers' rounding)."""
    for i in range(sheet.per_page):
        x, y, w, h = sheet.label_rect(i)
        assert x >= 0 and y >= 0 and x + w <= 210.5 and y + h <= 297.5


def test_geometry_of_44_up_adds_up():
    """8.4 + 4×48.3 + 8.4 = 210 and 8.8 + 11×25.4 + 8.8 = 297 (reference §1)."""
    s = sheets.get_sheet("hisago-elm022")
    x, y, w, h = s.label_rect(43)
    assert round(x + w + 8.4, 6) == 210 and round(y + h + 8.8, 6) == 297


def test_placements_start_on_a_partly_used_sheet():
    """Start 11 on a 12-up sheet: two labels on page 1, then a new page."""
    s = sheets.get_sheet("hisago-elm008")
    assert list(sheets.placements(s, 3, start=11)) == [(0, 10), (0, 11), (1, 0)]
    assert sheets.page_count(s, 3, start=11) == 2
    with pytest.raises(sheets.SheetError):
        list(sheets.placements(s, 1, start=13))


def test_custom_sheet_round_trip_and_offset(tmp_path):
    """A measured sheet and a calibration offset are saved per machine and read back."""
    mine = sheets.Sheet("my-14", "自分", "測った", 2, 7, (99.0, 38.0), (6.0, 15.0), (99.0, 38.0))
    saved = sheets.save_custom_sheet(mine, tmp_path)
    assert saved.id == "custom-my-14" and saved.custom
    assert sheets.get_sheet("custom-my-14", tmp_path).label_mm == (99.0, 38.0)
    sheets.save_offset("custom-my-14", 0.8, -1.2, tmp_path)
    assert sheets.get_offset("custom-my-14", tmp_path) == (0.8, -1.2)
    assert sheets.get_offset("hisago-elm008", tmp_path) == (0.0, 0.0)
    data = json.loads((tmp_path / sheets.USER_FILE).read_text(encoding="utf-8"))
    assert data["offsets"]["custom-my-14"] == [0.8, -1.2]


def test_impossible_custom_sheet_is_refused(tmp_path):
    """Labels that run off the paper get a clear error and nothing is saved."""
    bad = sheets.Sheet("wide", "x", "y", 3, 1, (80.0, 30.0), (10.0, 10.0), (80.0, 30.0))
    with pytest.raises(sheets.SheetError):
        sheets.save_custom_sheet(bad, tmp_path)
    assert sheets.custom_sheets(tmp_path) == []


def test_a_hand_edited_file_gives_reasons_not_surprises(tmp_path):
    """A measured sheet edited into nonsense is named as unusable (not 'no such sheet'), and
    an offset edited beyond ±10 mm is held at 10 mm."""
    mine = sheets.Sheet("my-14", "自分", "測った", 2, 7, (99.0, 38.0), (6.0, 15.0), (99.0, 38.0))
    sheets.save_custom_sheet(mine, tmp_path)
    path = tmp_path / sheets.USER_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["custom"][0]["label_mm"] = [150.0, 38.0]  # wider than its pitch and the paper
    data["offsets"] = {"hisago-elm008": [15, -15]}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(sheets.SheetError) as err:
        sheets.get_sheet("custom-my-14", tmp_path)
    assert "custom-my-14" in str(err.value) and "sheets` lists" not in str(err.value)
    assert sheets.get_offset("hisago-elm008", tmp_path) == (10.0, -10.0)
