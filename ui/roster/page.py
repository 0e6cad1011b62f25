"""名簿 (roster) page — a shell until the roster work lands."""
from __future__ import annotations

from desktop.i18n import _
from ui.placeholder import ShellPage


class RosterPage(ShellPage):
    def __init__(self, context, parent=None):
        self.title = _("Roster")
        self.what = _(
            "Here you will see everyone in the association by household, in あいうえお order, "
            "and add, correct or search for people (やまだ also finds 山田)."
        )
        self.next_step = _("This page is being prepared. Meanwhile the home page shows how many people and households the file holds.")
        super().__init__(context, parent)
