"""Label sheets: the bundled catalogue, sheets a user measured, calibration offsets, and the
geometry (pure math, millimetres, origin top-left as the reference and the makers measure).

The catalogue is data (resources/sheets/catalogue.json, sources in its README). Custom sheets
and offsets are per machine (an offset belongs to a printer, not to the association's data),
so they live in one JSON file in the user data folder.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import resources
from desktop.i18n import _

MM = 72 / 25.4  # points per millimetre
USER_FILE = "label_sheets.json"
CUSTOM_PREFIX = "custom-"


class SheetError(ValueError):
    """A sheet id that is not known, or measurements that cannot be a label sheet."""


@dataclass(frozen=True)
class Sheet:
    id: str
    maker: str
    product: str
    cols: int
    rows: int
    label_mm: tuple[float, float]
    margin_mm: tuple[float, float]  # left, top of the first label
    pitch_mm: tuple[float, float]
    paper_mm: tuple[float, float] = (210.0, 297.0)
    corner_radius_mm: float = 0.0
    also: tuple[str, ...] = ()
    source: str = ""
    note: str = ""
    custom: bool = False

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    @property
    def title(self) -> str:
        return f"{self.maker} {self.product} ({self.per_page})"

    def label_rect(self, index: int) -> tuple[float, float, float, float]:
        """(x, y, w, h) in mm from the top-left of the paper; index 0 is top-left, row by row."""
        row, col = divmod(index % self.per_page, self.cols)
        return (
            self.margin_mm[0] + col * self.pitch_mm[0],
            self.margin_mm[1] + row * self.pitch_mm[1],
            self.label_mm[0],
            self.label_mm[1],
        )

    def to_json(self) -> dict:
        """The public shape of `tsunagari sheets --json`."""
        return {
            "id": self.id,
            "maker": self.maker,
            "product": self.product,
            "paper_mm": list(self.paper_mm),
            "cols": self.cols,
            "rows": self.rows,
            "label_mm": list(self.label_mm),
            "margin_mm": list(self.margin_mm),
            "pitch_mm": list(self.pitch_mm),
            "corner_radius_mm": self.corner_radius_mm,
            "also": list(self.also),
            "custom": self.custom,
        }


def _sheet_from(data: dict, custom: bool = False) -> Sheet:
    try:
        sheet = Sheet(
            id=str(data["id"]),
            maker=str(data.get("maker", "")),
            product=str(data.get("product", "")),
            cols=int(data["cols"]),
            rows=int(data["rows"]),
            label_mm=tuple(float(v) for v in data["label_mm"]),
            margin_mm=tuple(float(v) for v in data["margin_mm"]),
            pitch_mm=tuple(float(v) for v in data["pitch_mm"]),
            paper_mm=tuple(float(v) for v in data.get("paper_mm", (210, 297))),
            corner_radius_mm=float(data.get("corner_radius_mm", 0)),
            also=tuple(data.get("also", ())),
            source=str(data.get("source", "")),
            note=str(data.get("note", "")),
            custom=custom,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SheetError(_("The label sheet data is incomplete: %s") % exc) from exc
    validate(sheet)
    return sheet


def validate(sheet: Sheet) -> None:
    """Raise SheetError (a sentence a person can act on) unless every label lies on the paper."""
    (w, h), (pw, ph) = sheet.label_mm, sheet.paper_mm
    if sheet.cols < 1 or sheet.rows < 1 or w <= 0 or h <= 0:
        raise SheetError(_("Columns, rows and the label size must be more than zero."))
    if sheet.pitch_mm[0] + 1e-6 < w and sheet.cols > 1 or sheet.pitch_mm[1] + 1e-6 < h and sheet.rows > 1:
        raise SheetError(_("The distance between labels must be at least the label size."))
    x, y, _w, _h = sheet.label_rect(sheet.per_page - 1)
    # 0.5 mm slack: makers round, e.g. 7 × 42.43 = 297.01 on Hisago ELM011.
    if sheet.margin_mm[0] < 0 or sheet.margin_mm[1] < 0 or x + w > pw + 0.5 or y + h > ph + 0.5:
        raise SheetError(_("The labels do not fit on the paper; check the margins and the distances."))


@lru_cache(maxsize=1)
def catalogue() -> tuple[Sheet, ...]:
    """The bundled sheets, in file order."""
    data = json.loads(resources.path("sheets", "catalogue.json").read_text(encoding="utf-8"))
    return tuple(_sheet_from(d) for d in data["sheets"])


def _user_path(folder: Path | None = None) -> Path:
    from desktop import paths

    return (folder or paths.data_dir()) / USER_FILE


def _read_user(folder: Path | None = None) -> dict:
    p = _user_path(folder)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}  # a missing or damaged file means "no custom sheets yet", never a crash


def _write_user(data: dict, folder: Path | None = None) -> None:
    p = _user_path(folder)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(p)  # atomic: a crash never leaves half a file


def custom_sheets(folder: Path | None = None) -> list[Sheet]:
    out = []
    for d in _read_user(folder).get("custom", []):
        try:
            out.append(_sheet_from(d, custom=True))
        except SheetError:
            continue  # skip a bad entry rather than lose the others
    return out


def save_custom_sheet(sheet: Sheet, folder: Path | None = None) -> Sheet:
    """Validate and save (or replace) a measured sheet; its id always starts with custom-."""
    if not sheet.id.startswith(CUSTOM_PREFIX):
        sheet = Sheet(**{**asdict(sheet), "id": CUSTOM_PREFIX + sheet.id})
    sheet = Sheet(**{**asdict(sheet), "custom": True})
    validate(sheet)
    data = _read_user(folder)
    kept = [d for d in data.get("custom", []) if d.get("id") != sheet.id]
    entry = sheet.to_json()
    entry.update(source="measured by the user", note=sheet.note)
    data["custom"] = kept + [entry]
    _write_user(data, folder)
    return sheet


def delete_custom_sheet(sheet_id: str, folder: Path | None = None) -> None:
    data = _read_user(folder)
    data["custom"] = [d for d in data.get("custom", []) if d.get("id") != sheet_id]
    _write_user(data, folder)


def all_sheets(folder: Path | None = None) -> list[Sheet]:
    return list(catalogue()) + custom_sheets(folder)


def get_sheet(sheet_id: str, folder: Path | None = None) -> Sheet:
    for sheet in all_sheets(folder):
        if sheet.id == sheet_id:
            return sheet
    for d in _read_user(folder).get("custom", []):
        if d.get("id") == sheet_id:  # there, but its measurements do not make a sheet
            try:
                _sheet_from(d, custom=True)
            except SheetError as exc:
                raise SheetError(_("The label sheet %(id)s you measured cannot be used: %(reason)s "
                                   "Measure it again in the print window.") % {"id": sheet_id, "reason": exc}) from exc
    raise SheetError(_("There is no label sheet %s. `tsunagari sheets` lists them.") % sheet_id)


def get_offset(sheet_id: str, folder: Path | None = None) -> tuple[float, float]:
    """Saved printer calibration (x right, y down) in mm for a sheet; (0, 0) if none."""
    value = _read_user(folder).get("offsets", {}).get(sheet_id, (0, 0))
    try:
        dx, dy = float(value[0]), float(value[1])
    except (TypeError, ValueError, IndexError):
        return 0.0, 0.0
    # The file may have been edited by hand: hold it to what save_offset accepts.
    return max(-10.0, min(10.0, dx)), max(-10.0, min(10.0, dy))


def save_offset(sheet_id: str, dx_mm: float, dy_mm: float, folder: Path | None = None) -> None:
    if abs(dx_mm) > 10 or abs(dy_mm) > 10:
        raise SheetError(_("An offset of more than 10 mm is not a printer shift; check the sheet instead."))
    data = _read_user(folder)
    data.setdefault("offsets", {})[sheet_id] = [round(dx_mm, 2), round(dy_mm, 2)]
    _write_user(data, folder)


def placements(sheet: Sheet, count: int, start: int = 1):
    """Yield (page, slot) for `count` labels, beginning at label `start` (1 = top-left) of the
    first page: a partly used sheet is fed first, its used labels skipped."""
    if not 1 <= start <= sheet.per_page:
        raise SheetError(_("The start label must be between 1 and %d.") % sheet.per_page)
    for i in range(start - 1, start - 1 + count):
        yield divmod(i, sheet.per_page)


def page_count(sheet: Sheet, count: int, start: int = 1) -> int:
    return math.ceil((start - 1 + count) / sheet.per_page) if count else 0


@dataclass
class Box:
    """A rectangle in reportlab points (origin bottom-left), for drawing."""

    x: float
    y: float
    w: float
    h: float
    extra: dict = field(default_factory=dict)


def rl_box(sheet: Sheet, slot: int, offset_mm: tuple[float, float] = (0.0, 0.0)) -> Box:
    """A label's rectangle in reportlab points; y_rl = H − y_top − h (reference §1 preamble)."""
    x, y, w, h = sheet.label_rect(slot)
    ph = sheet.paper_mm[1]
    return Box((x + offset_mm[0]) * MM, (ph - y - h - offset_mm[1]) * MM, w * MM, h * MM)
