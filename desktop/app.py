"""Entry point: `main(argv) -> int` runs a subcommand (no Qt) or the window.

Start-up order of the window (build_app): logging → excepthook → organisation/app
names (before QSettings) → single-instance lock → open + migrate the database →
translators → main window. `build_app` returns without entering the event loop so tests
and benchmarks can drive it.
"""
from __future__ import annotations

import sys

from desktop import cli


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = cli.parse(argv)
    if args.command:
        return cli.run_command(args)
    from desktop.gui import run_gui

    return run_gui(args)
