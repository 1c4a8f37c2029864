"""Parallel text, one ``source tokens ||| target tokens`` pair per line (fast_align / awesome-align input)."""

from __future__ import annotations

import os
import re
from typing import Iterable, Sequence

from ..errors import InputError
from ..types import SentencePair
from ._text import Source, read_lines, write_text

SEP = "|||"
_SPLIT = re.compile(r"[ \t]+")  # ASCII only: U+3000 may sit inside CJK tokens


def _words(side: str) -> list[str]:
    return [w for w in _SPLIT.split(side.strip(" \t")) if w]


def read_parallel(path: Source, *, name: str | None = None) -> list[tuple[list[str], list[str]]]:
    """``(source words, target words)`` per line; a line without exactly one ``|||`` is an InputError."""
    where, lines = read_lines(path, name)
    out = []
    for no, line in enumerate(lines, 1):
        n = line.count(SEP)
        if n != 1:
            reason = "missing ' ||| ' between source and target" if n == 0 else f"{n} '|||' separators, expected 1"
            raise InputError(where, no, reason, "expected 'source tokens ||| target tokens'")
        src, _, tgt = line.partition(SEP)
        out.append((_words(src), _words(tgt)))
    return out


def format_parallel(pairs: Iterable[SentencePair | tuple[Sequence[str], Sequence[str]]]) -> str:
    rows = []
    for p in pairs:
        src, tgt = (p.src.words, p.tgt.words) if isinstance(p, SentencePair) else p
        for w in (*src, *tgt):
            if not w or SEP in w or any(c in w for c in " \t\n\r"):
                raise ValueError(f"token {w!r} cannot be written to a ' ||| ' file")
        rows.append(f"{' '.join(src)} {SEP} {' '.join(tgt)}\n")
    return "".join(rows)


def write_parallel(pairs: Iterable[SentencePair | tuple[Sequence[str], Sequence[str]]], path: str | os.PathLike) -> None:
    """Write pairs (SentencePair or ``(src_words, tgt_words)``) as ``src ||| tgt`` lines."""
    write_text(path, format_parallel(pairs))
