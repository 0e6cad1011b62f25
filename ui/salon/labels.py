"""Words and marks for attendance states and session modes (shared by the salon views)."""
from __future__ import annotations

from PySide6.QtGui import QColor

from desktop.i18n import _, N_

STATE_LABELS = {
    "attended": N_("Attended"),
    "absent": N_("Absent"),
    "absent_notice": N_("Absent, sent word"),
    "letter": N_("Letter"),
}
# The marks people use on paper attendance sheets, for the month grid.
STATE_MARKS = {"attended": "○", "absent": "×", "absent_notice": "△", "letter": "✉"}
STATE_COLORS = {
    "attended": QColor("#d9f0d9"),
    "absent": QColor("#f6d5d5"),
    "absent_notice": QColor("#fbecc8"),
    "letter": QColor("#d7e6f7"),
}
MODE_LABELS = {"in_person": N_("In person"), "online": N_("Online"), "letter": N_("By letter")}


def state_label(state: str | None) -> str:
    return _(STATE_LABELS[state]) if state in STATE_LABELS else _("(not marked)")


def mode_label(mode: str) -> str:
    return _(MODE_LABELS.get(mode, mode))


def legend() -> str:
    return "　".join(f"{STATE_MARKS[s]} {_(STATE_LABELS[s])}" for s in STATE_LABELS)


def comfortable_rows(view) -> None:
    """Rows tall enough to click (≥ 32 px) at the current text size; called again on refresh."""
    height = max(36, view.fontMetrics().height() + 16)
    header = view.verticalHeader()
    header.setMinimumSectionSize(height)
    header.setDefaultSectionSize(height)
