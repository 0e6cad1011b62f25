"""Copy numbering for prints with personal data (domain.md §1.6: a 管理台帳 notes every copy).

The engine renders a job once and writes it `copies` times, copy after copy, into one PDF;
each copy's pages carry 「N部のうち k」 and the ledger number (document.ListCanvas). Address
prints (labels, postcards, envelopes) hold their copies the same way, set after set, but
unmarked: the mark would go out with the mail. These helpers turn a ledger entry into the
print options, so the GUI and the command line number copies the same way.
"""
from __future__ import annotations

import datetime as dt

from desktop.printing.document import PrintOptions, copy_mark, mode_banner

__all__ = ["copy_mark", "options_for", "copy_of_page"]


def options_for(entry=None, *, date: dt.date | None = None, mode: str | None = None, reason: str = "",
                copies: int | None = None) -> PrintOptions:
    """PrintOptions for a job: copies and ledger number from a PrintCustody `entry` (or
    `copies` alone for a preview), and the register banner when `mode` is given."""
    opts = PrintOptions(date=date or dt.date.today())
    if entry is not None:
        opts.copies, opts.ledger_no = entry.copies, entry.id
    elif copies:
        opts.copies = copies
    if mode:
        opts.banner = mode_banner(mode, reason)
        opts.disaster = mode == "disaster"
    return opts


def copy_of_page(page: int, pages_per_copy: int) -> int:
    """Which copy (1-based) a 1-based page of the combined PDF belongs to."""
    return (page - 1) // max(1, pages_per_copy) + 1
