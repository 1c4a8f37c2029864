"""Word normalisation for training statistical aligners (smaller vocabulary, fewer rare words).

A normaliser is named by a spec string, so it can be chosen on the command line and recorded
in a run signature:

* ``none``      the word as is;
* ``lower``     lower-cased (``str.casefold``);
* ``fold``      lower-cased, diacritics stripped (NFKD, combining marks dropped);
* ``prefix:K``  ``fold`` then the first ``K`` characters (a crude stemmer that works for any
  language with inflectional suffixes; words of non-segmented scripts are left whole).

The normalised form is only used to *train* the aligner: links always index the original words.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Callable

from ..errors import ConfigError

NORMALISERS = ("none", "lower", "fold", "prefix:K")

Normaliser = Callable[[str], str]


def _lower(word: str) -> str:
    return word.casefold()


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Recompose: scripts such as Hangul or Devanagari must not be left decomposed.
    return unicodedata.normalize("NFC", stripped) or word


def _is_cjk(word: str) -> bool:
    """True for words of scripts written without spaces (a "word" there is already short)."""
    return any(unicodedata.east_asian_width(c) in ("W", "F") for c in word)


def make_normaliser(spec: str) -> Normaliser:
    """Build the normaliser named by ``spec`` (see module docstring); bad specs raise ConfigError."""
    spec = (spec or "none").strip()
    if spec == "none":
        return str
    if spec == "lower":
        return _lower
    if spec == "fold":
        return _fold
    name, _, arg = spec.partition(":")
    if name == "prefix" and arg.isdigit() and int(arg) > 0:
        k = int(arg)

        def prefix(word: str) -> str:
            folded = _fold(word)
            return folded if _is_cjk(folded) else folded[:k]

        return prefix
    raise ConfigError("normaliser", spec, NORMALISERS, hint="K is a positive integer, e.g. prefix:5")
