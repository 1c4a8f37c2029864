"""Small helpers shared by the command modules: progress bars and option types."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def progress_bar(desc: str, *, enabled: bool = True) -> Iterator:
    """Yield a ``progress(done, total)`` callback drawing a tqdm bar on stderr."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(desc=desc, unit="pair", file=sys.stderr, dynamic_ncols=True, leave=True)

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


def add_progress_flag(p) -> None:
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def add_aligner_options_flag(p) -> None:
    p.add_argument("--aligner-opt", action="append", default=[], metavar="KEY=VALUE",
                   help="aligner option, repeatable, e.g. symmetrize=grow-diag, normalise=prefix:5, threshold=0.7, "
                   "runs=1, priors=false (see `xproj backends` and docs/results/aer.md)")


def parse_options(items: list[str]) -> dict:
    """``["threshold=0.7", "priors=false"]`` -> ``{"threshold": 0.7, "priors": False}``."""
    from ..errors import ConfigError

    out: dict = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError("--aligner-opt value", item, hint="expected KEY=VALUE, e.g. threshold=0.7")
        value: object = raw
        low = raw.strip().lower()
        if low in ("true", "false"):
            value = low == "true"
        elif low in ("none", "null"):
            value = None
        else:
            for cast in (int, float):
                try:
                    value = cast(raw)
                    break
                except ValueError:
                    pass
        out[key.strip()] = value
    return out
