"""印刷 (print) page — a shell until the printing work lands."""
from __future__ import annotations

from desktop.i18n import _
from ui.placeholder import ShellPage


class PrintingPage(ShellPage):
    def __init__(self, context, parent=None):
        self.title = _("Print")
        self.what = _(
            "Here you will print what you need on paper before a disaster: call lists, safety-check sheets, "
            "address labels, postcards, the member list and each person's evacuation plan."
        )
        self.next_step = _("This page is being prepared. Every print will first be shown on the screen so you can check it.")
        super().__init__(context, parent)
