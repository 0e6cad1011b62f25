"""The command line: one parser, subcommands from desktop.commands. Qt-free."""
from __future__ import annotations

import argparse
import functools
import importlib
import sys

from desktop import APP_DISPLAY_NAME, __version__
from desktop.commands import COMMAND_MODULES
from desktop.commands.common import CommandError
from desktop.i18n import _, set_language


def build_parser() -> argparse.ArgumentParser:
    # No abbreviations: "--password x" must not silently mean "--password-file x".
    parser = argparse.ArgumentParser(
        prog="tsunagari",
        allow_abbrev=False,
        description=_("%s: the roster, support register and print tool of a neighbourhood association.")
        % APP_DISPLAY_NAME,
    )
    parser.add_argument("--version", action="version", version=f"tsunagari {__version__}")
    parser.add_argument("--demo", action="store_true", help=_("open the window on a fresh demo association"))
    parser.add_argument("--db", dest="gui_db", metavar="PATH", help=_("open this association file in the window"))
    parser.add_argument("--lang", choices=("ja", "en"), help=_("language of the window and messages"))
    parser.add_argument("--smoke-test", action="store_true", help=_("open the window, then close it after a moment (packaging check)"))
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=functools.partial(argparse.ArgumentParser, allow_abbrev=False)
    )
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def run_command(args) -> int:
    try:
        return args.func(args)
    except CommandError as exc:
        print(f"tsunagari: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print(_("Stopped; nothing half-done was kept."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `tsunagari check | head`: the reader stopped reading. The work was done; say nothing
        # more, and keep Python from printing a traceback when it flushes stdout at exit.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:
        from desktop.messages import explain_write_error, is_write_failure

        if not is_write_failure(exc):
            raise
        print(f"tsunagari: {explain_write_error(exc)}", file=sys.stderr)
        return 3


def parse(argv: list[str]):
    lang = language_from_argv(argv)
    if lang:
        set_language(lang)
    return build_parser().parse_args(argv)
