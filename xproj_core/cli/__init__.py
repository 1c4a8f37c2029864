"""The ``xproj`` command: one sub-command module per group, over the same core as the app.

Each module in :data:`COMMANDS` exposes ``add_parser(subparsers)``, which adds its sub-commands
with ``set_defaults(func=...)``. Modules import only argparse-level things at the top, so
``xproj --help`` stays fast; heavy libraries are imported inside the command functions.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from ..errors import XprojError

#: command modules, in the order they appear in ``xproj --help``.
COMMANDS = ("project", "evaluate", "align", "translate", "pipeline", "backends")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="xproj",
        description="Projection-based data transfer for cross-lingual NER: align, project, evaluate.",
    )
    parser.add_argument("--version", action="version", version=f"xproj {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:  # a command group whose module is not installed
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except XprojError as exc:
        print(f"xproj: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("xproj: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
