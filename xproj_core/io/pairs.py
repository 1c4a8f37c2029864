"""Pair source and target sentences read from two files."""

from __future__ import annotations

import os
from typing import Sequence

from ..errors import InputError
from ..types import Sentence, SentencePair


def make_pairs(src: Sequence[Sentence], tgt: Sequence[Sentence], src_path: str | os.PathLike | None = None,
               tgt_path: str | os.PathLike | None = None) -> list[SentencePair]:
    """Zip ``src`` and ``tgt`` into pairs. The id is the source sentence id, or its 0-based index.

    Different sentence counts, or a repeated id, raise :class:`InputError` naming both files.
    """
    sp, tp = str(src_path or "<source>"), str(tgt_path or "<target>")
    if len(src) != len(tgt):
        raise InputError(tp, None, f"{len(tgt)} sentences in {tp} but {len(src)} in {sp}",
                         "the files must be parallel: sentence i of one translates sentence i of the other")
    pairs, seen = [], {}
    for i, (s, t) in enumerate(zip(src, tgt)):
        pid = s.id or str(i)
        if pid in seen:
            raise InputError(sp, None, f"sentence id {pid!r} used twice (sentences {seen[pid]} and {i}, 0-based)",
                             "sentence ids must be unique")
        seen[pid] = i
        pairs.append(SentencePair(pid, s, t))
    return pairs
