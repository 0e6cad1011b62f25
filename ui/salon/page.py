"""サロン (salons and attendance) page — a shell until the salon work lands."""
from __future__ import annotations

from desktop.i18n import _
from ui.placeholder import ShellPage


class SalonPage(ShellPage):
    def __init__(self, context, parent=None):
        self.title = _("Salons")
        self.what = _(
            "Here you will keep your salons and each meeting: the date, the theme, and who came, "
            "who sent word they could not come, and who was sent a letter."
        )
        self.next_step = _("This page is being prepared. The home page will show the next meeting.")
        super().__init__(context, parent)
