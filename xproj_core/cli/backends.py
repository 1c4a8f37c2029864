"""``xproj backends``: every registered backend per stage, and whether its packages are installed."""

from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("backends", help="list backends and optional packages")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..registry import MODULES, STAGES, available, names

    for stage in STAGES:
        if not names(stage):
            continue
        print(f"{stage}:")
        for name in names(stage):
            module = MODULES.get(stage, {}).get(name, "")
            pkgs = available(module)
            status = ", ".join(f"{k} {'ok' if v else 'MISSING'}" for k, v in pkgs.items()) or "no extra packages"
            print(f"  {name:<16} {module:<34} {status}")
    return 0
