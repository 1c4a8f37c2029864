"""Word aligners behind one protocol.

An aligner takes a *batch* of word-list pairs (statistical aligners need the whole corpus)
and returns one :class:`~xproj_core.types.Alignment` per pair, links ``(src_i, tgt_j)``
with a score each. Backends are named by spec strings (``fusion``, ``eflomal``, ``ortho``,
``pharaoh:FILE``, ``simalign:MODEL``) and built with ``registry.resolve("aligner", spec)``.
"""

from __future__ import annotations

from typing import Callable, Protocol, Sequence, runtime_checkable

from ..types import Alignment

WordPair = tuple[Sequence[str], Sequence[str]]
Progress = Callable[[int, int], None]  # (done, total)


@runtime_checkable
class Aligner(Protocol):
    name: str

    def align(self, pairs: Sequence[WordPair], progress: Progress | None = None) -> list[Alignment]:
        """Align every pair; ``progress(done, total)`` is called as work advances."""
        ...
