"""連絡記録 (contact log) page — a shell until the contact-log work lands."""
from __future__ import annotations

from desktop.i18n import _
from ui.placeholder import ShellPage


class ContactsPage(ShellPage):
    def __init__(self, context, parent=None):
        self.title = _("Contact records")
        self.what = _(
            "Here you will write down each phone call, visit or letter: with whom, when, how it went, "
            "and when to get in touch again."
        )
        self.next_step = _("This page is being prepared. The home page will list the people nobody has reached for a while.")
        super().__init__(context, parent)
