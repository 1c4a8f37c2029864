"""Word alignments as text: Pharaoh ``i-j`` (0-based hypotheses) and sure/possible gold files (1-based).

Gold files (method §9.4): ``i-j`` is a sure link, ``ipj`` (or ``i-j-P``; ``i-j-S`` is sure) a possible one;
indices are 1-based and converted to 0-based here, once. The one-link-per-line WPT/NAACL layout
``sent i j [S|P] [confidence]`` is read too.
"""

from __future__ import annotations

import os
import re
from typing import Iterable, Sequence

from ..errors import InputError
from ..types import Alignment, GoldAlignment, SentencePair
from ._text import Source, read_lines, write_text

__all__ = ["GoldAlignment", "read_pharaoh", "write_pharaoh", "format_pharaoh", "read_gold_alignments",
           "write_gold_alignments", "format_gold"]

_LINK = re.compile(r"(\d+)-(\d+)")
_GOLD = re.compile(r"(\d+)([-pP])(\d+)(?:-([SsPp]))?")
_NAACL = re.compile(r"(\d+)\s+(\d+)\s+(\d+)(?:\s+([SsPp]))?(?:\s+[0-9.eE+-]+)?")

Expected = Sequence["SentencePair | tuple[int | Sequence[str], int | Sequence[str]]"]


def _lengths(expected: Expected) -> list[tuple[int, int]]:
    out = []
    for e in expected:
        if isinstance(e, SentencePair):
            out.append((len(e.src.words), len(e.tgt.words)))
        else:
            a, b = e
            out.append((a if isinstance(a, int) else len(a), b if isinstance(b, int) else len(b)))
    return out


def _check_count(where: str, found: int, lengths: list[tuple[int, int]] | None, nlines: int) -> None:
    if lengths is not None and found != len(lengths):
        raise InputError(where, nlines or None, f"{found} alignment lines but {len(lengths)} sentence pairs",
                         "one line per sentence pair, an empty line for a pair without links")


def _check_range(where: str, no: int, tok: str, i: int, j: int, lengths, k: int, base: int) -> None:
    if lengths is None:
        return
    ls, lt = lengths[k]
    if not (0 <= i < ls and 0 <= j < lt):
        hint = "links are 0-based i-j" if base == 0 else "gold links are 1-based"
        if base == 0 and (i == ls or j == lt):
            hint = "1-based links? read gold files with read_gold_alignments"
        raise InputError(where, no, f"link {tok!r} out of range: the pair has {ls} source and {lt} target words", hint)


def read_pharaoh(path: Source, expected: Expected | None = None, *, name: str | None = None) -> list[Alignment]:
    """One :class:`Alignment` per line of 0-based ``i-j`` links (empty line = no links).

    ``expected``: the sentence pairs (or ``(src_len, tgt_len)``) to check the line count and index ranges.
    """
    where, lines = read_lines(path, name)
    lengths = None if expected is None else _lengths(expected)
    _check_count(where, len(lines), lengths, len(lines))
    out = []
    for k, line in enumerate(lines):
        no = k + 1
        pairs = []
        for tok in line.split():
            m = _LINK.fullmatch(tok)
            if not m:
                hint = "gold file? read it with read_gold_alignments" if _GOLD.fullmatch(tok) else "expected i-j with 0-based word numbers"
                raise InputError(where, no, f"bad link {tok!r}", hint)
            i, j = int(m[1]), int(m[2])
            _check_range(where, no, tok, i, j, lengths, k, 0)
            pairs.append((i, j))
        out.append(Alignment.from_pairs(pairs))
    return out


def format_pharaoh(alignment: Alignment | Iterable[tuple[int, int]]) -> str:
    pairs = alignment.pairs() if isinstance(alignment, Alignment) else set(alignment)
    return " ".join(f"{i}-{j}" for i, j in sorted(pairs))


def write_pharaoh(alignments: Iterable[Alignment], path: str | os.PathLike) -> None:
    write_text(path, "".join(format_pharaoh(a) + "\n" for a in alignments))


def read_gold_alignments(path: Source, expected: Expected | None = None, *, name: str | None = None) -> list[GoldAlignment]:
    """Gold sure/possible links per sentence, converted to 0-based."""
    where, lines = read_lines(path, name)
    lengths = None if expected is None else _lengths(expected)
    first = next((ln for ln in lines if ln.strip()), "")
    if _NAACL.fullmatch(first.strip()):
        return _read_naacl(where, lines, lengths)
    _check_count(where, len(lines), lengths, len(lines))
    out = []
    for k, line in enumerate(lines):
        no = k + 1
        sure, possible = set(), set()
        for tok in line.split():
            m = _GOLD.fullmatch(tok)
            if not m:
                raise InputError(where, no, f"bad gold link {tok!r}", "expected i-j (sure) or ipj (possible), 1-based")
            i, j = int(m[1]) - 1, int(m[3]) - 1
            if i < 0 or j < 0:
                raise InputError(where, no, f"index 0 in gold link {tok!r}", "gold links are 1-based; 0-based hypotheses are read with read_pharaoh")
            _check_range(where, no, tok, i, j, lengths, k, 1)
            is_possible = m[2] in "pP" or (m[4] or "S") in "pP"
            (possible if is_possible else sure).add((i, j))
        out.append(GoldAlignment(frozenset(sure), frozenset(possible | sure)))
    return out


def _read_naacl(where: str, lines: list[str], lengths) -> list[GoldAlignment]:
    by_sent: dict[int, tuple[set, set]] = {}
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        m = _NAACL.fullmatch(line.strip())
        if not m:
            raise InputError(where, no, f"bad gold line {line.strip()!r}", "expected 'sentence i j [S|P]', 1-based")
        k, i, j = int(m[1]) - 1, int(m[2]) - 1, int(m[3]) - 1
        if min(k, i, j) < 0:
            raise InputError(where, no, "index 0 in a 1-based gold line")
        if lengths is not None and k >= len(lengths):
            raise InputError(where, no, f"sentence {k + 1} beyond the {len(lengths)} sentence pairs")
        _check_range(where, no, f"{i + 1}-{j + 1}", i, j, lengths, k, 1)
        sure, possible = by_sent.setdefault(k, (set(), set()))
        (possible if (m[4] or "S") in "pP" else sure).add((i, j))
    n = len(lengths) if lengths is not None else (max(by_sent) + 1 if by_sent else 0)
    return [GoldAlignment(frozenset(by_sent.get(k, ((), ()))[0]), frozenset(set().union(*by_sent.get(k, ((), ())))))
            for k in range(n)]


def format_gold(gold: GoldAlignment) -> str:
    """1-based: ``i-j`` for sure links, ``ipj`` for possible-only ones."""
    toks = [f"{i + 1}-{j + 1}" if (i, j) in gold.sure else f"{i + 1}p{j + 1}" for i, j in sorted(gold.possible | gold.sure)]
    return " ".join(toks)


def write_gold_alignments(golds: Iterable[GoldAlignment], path: str | os.PathLike) -> None:
    write_text(path, "".join(format_gold(g) + "\n" for g in golds))
