"""The register table: a Qt model over RegisterRow (one query: db.queries.register.all_records)
and the page's filters as a plain function, so both are tested without the page."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from db import models as m
from db.queries.register import RegisterRow
from desktop import jtext
from ui.widgets.table_model import RowTableModel
from desktop.i18n import _, N_
from desktop.services.register import CONSENT_LABELS, REASON_LABELS
from desktop.settings import DATE_WAREKI
from ui.dates import format_date

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS = (
    ("name", N_("Name")),
    ("block", N_("Block")),
    ("reasons", N_("Why help is needed")),
    ("consent", N_("Who may see it")),
    ("supporters", N_("Supporters")),
    ("contact", N_("Emergency contact")),
    ("review", N_("Last checked")),
)
# What the consent means for sharing, said on the row itself (not only in the banner).
CONSENT_BADGES = {
    m.CONSENT_YES: N_("Agreed: may be shared"),
    m.CONSENT_NO: N_("Refused: disaster only"),
    m.CONSENT_UNKNOWN: N_("No answer: disaster only"),
}
_CONSENT_COLOURS = {m.CONSENT_YES: "#d9ead3", m.CONSENT_NO: "#f4cccc", m.CONSENT_UNKNOWN: "#fff2cc"}
_DUE_COLOUR = "#b00020"


@dataclass(slots=True)
class RegisterFilter:
    text: str = ""
    block_id: int | None = None
    reason: str = ""
    consent: str = ""
    review_due: bool = False


def search_text(row: RegisterRow) -> str:
    return f"{jtext.fold(row.family_name + row.given_name)} {jtext.fold(row.family_reading + row.given_reading)}"


def filter_register(rows: list[RegisterRow], flt: RegisterFilter, today: dt.date) -> list[RegisterRow]:
    """Rows matching every filter, order kept (五十音 from the query)."""
    terms = jtext.query_terms(flt.text)
    out = []
    for row in rows:
        if flt.block_id is not None and row.block_id != flt.block_id:
            continue
        if flt.reason and flt.reason not in row.reasons:
            continue
        if flt.consent and row.consent != flt.consent:
            continue
        if flt.review_due and not row.review_due(today):
            continue
        if terms:
            text = search_text(row)
            if not all(t in text for t in terms):
                continue
        out.append(row)
    return out


def reasons_text(row: RegisterRow) -> str:
    parts = []
    for code in row.reasons:
        label = _(REASON_LABELS.get(code, code))
        if code == "care_level" and row.care_level:
            label = row.care_level
        parts.append(label)
    return "、".join(parts)


def _line(name: str, relation: str, phone: str) -> str:
    text = name + (f"（{relation}）" if relation else "")
    return f"{text} {jtext.format_phone(phone)}".strip() if phone else text


class RegisterModel(RowTableModel):
    headers = tuple(label for _key, label in COLUMNS)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[RegisterRow] = []
        self.today = dt.date.today()
        self.date_style = DATE_WAREKI

    def set_rows(self, rows: list[RegisterRow], today: dt.date, date_style: str = DATE_WAREKI) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.today = today
        self.date_style = date_style
        self.endResetModel()

    def row_at(self, index: QModelIndex | int) -> RegisterRow | None:
        r = index.row() if isinstance(index, QModelIndex) else index
        return self.rows[r] if 0 <= r < len(self.rows) else None

    # -- Qt model ---------------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) or not (0 <= index.column() < len(COLUMNS)):
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.BackgroundRole and key == "consent":
            return QBrush(QColor(_CONSENT_COLOURS.get(row.consent, "#ffffff")))
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "review" and row.review_due(self.today):
                return QBrush(QColor(_DUE_COLOUR))
            if key == "consent":
                return QBrush(QColor("#1a1a1a"))
        if role == RECORD_ID_ROLE:
            return row.record_id
        return None

    def _display(self, row: RegisterRow, key: str) -> str:
        if key == "name":
            return row.name
        if key == "block":
            return row.block_name or _("(no block)")
        if key == "reasons":
            return reasons_text(row)
        if key == "consent":
            return _(CONSENT_BADGES.get(row.consent, row.consent))
        if key == "supporters":
            if not row.supporters:
                return _("(none yet)")
            first = row.supporters[0]
            more = len(row.supporters) - 1
            return _line(first.name, "", first.phone) + (_(" and %d more") % more if more else "")
        if key == "contact":
            if not row.emergency_contacts:
                return _("(none yet)")
            c = row.emergency_contacts[0]
            return _line(c.name, c.relation, c.phone)
        if key == "review":
            when = format_date(row.last_reviewed, self.date_style) if row.last_reviewed else _("never")
            return f"{when} {_('(due)')}" if row.review_due(self.today) else when
        return ""

    def _tooltip(self, row: RegisterRow, key: str) -> str | None:
        if key == "name":
            return row.reading or None
        if key == "consent":
            return _(CONSENT_LABELS.get(row.consent, row.consent))
        if key == "review" and row.review_due(self.today):
            return _("Not checked for a year: open the record, check it with the person and press 「Checked today」.")
        if key == "supporters" and row.supporters:
            return "\n".join(_line(s.name, s.relation, s.phone) for s in row.supporters)
        if key == "contact" and row.emergency_contacts:
            return "\n".join(_line(c.name, c.relation, c.phone) for c in row.emergency_contacts)
        return None
