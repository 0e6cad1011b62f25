"""Subcommands of `tsunagari`. Each module here has `register(subparsers)`; a parser sets
`func=handler` where `handler(args) -> int` (the exit code). Qt-free."""

COMMAND_MODULES = [
    "desktop.commands.core",
    "desktop.commands.roster",
    "desktop.commands.transfer",
    "desktop.commands.printing",
]
