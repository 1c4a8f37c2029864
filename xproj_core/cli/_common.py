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
