"""要支援者 (support register) page — a shell until the register work lands."""
from __future__ import annotations

from desktop.i18n import _
from ui.placeholder import ShellPage


class RegisterPage(ShellPage):
    def __init__(self, context, parent=None):
        self.title = _("People who need help")
        self.what = _(
            "Here you will keep the people who need help in a disaster: why, whether they agreed to share "
            "their information, who helps them, where they go, and when the record was last checked."
        )
        self.next_step = _("This page is being prepared. The home page will list the records that are due for a check.")
        super().__init__(context, parent)
