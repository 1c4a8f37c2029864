"""Given alignments: links computed elsewhere (fast_align, awesome-align, a human), one Pharaoh
line of 0-based ``i-j`` links per sentence pair, ``i`` indexing the labelled (source) side."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..errors import ConfigError, InputError
from ..registry import register
from ..types import Alignment
from . import Progress, WordPair


class PharaohAligner:
    """Reads ``path`` at :meth:`align` time and checks it against the pairs (line count, index ranges)."""

    name = "pharaoh"
    positional = True  # one line per pair, in corpus order: never split by language pair

    def __init__(self, path: str | Path, extra_parallel: Sequence[WordPair] = ()) -> None:
        self.path = Path(path)

    def signature(self) -> str:
        return f"pharaoh({self.path.name})"

    def align(self, pairs: Sequence[WordPair], progress: Progress | None = None) -> list[Alignment]:
        from ..io.pharaoh import read_pharaoh

        if not self.path.is_file():
            raise InputError(str(self.path), None, "alignment file not found",
                             "give an existing Pharaoh file: pharaoh:PATH")
        out = read_pharaoh(self.path, expected=[(list(s), list(t)) for s, t in pairs])
        if progress:
            progress(len(pairs), len(pairs))
        return out


@register("aligner", "pharaoh")
def build_pharaoh(arg: str | None = None, **options) -> PharaohAligner:
    """``pharaoh:FILE``."""
    path = arg or options.pop("path", None)
    if not path:
        raise ConfigError("aligner spec", "pharaoh", hint="pharaoh needs a file: pharaoh:links.txt")
    return PharaohAligner(path, **options)
