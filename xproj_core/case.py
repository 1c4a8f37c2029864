"""Case agreement for cased scripts: drop links from capitalised entities to lower-case target words.

Names keep their capital in Latin, Cyrillic, Greek and Armenian scripts, while demonyms, adjectives
("Russia" → "russische"), verbs ("Lincoln war") and common words do not. A spurious link from an
entity word to such a word makes the Dice score reward a span that reaches it, or projects the
entity onto an adjective that target annotators do not label. :func:`case_filter` removes a link
``(i, j)`` when

* source word ``i`` belongs to an entity with a word that starts with an upper-case letter (mode
  ``entity``, the default: the entity's article or preposition, "the Rhine" → "der Rhein", loses
  its links too) or itself starts with an upper-case letter (mode ``word``),
* target word ``j`` starts with a lower-case letter, and
* the target sentence shows case (some word after the first starts with an upper-case letter), so a
  lower-cased corpus is left alone.

Scripts without case (Arabic, CJK, …) have no lower-case letters, so nothing changes for them.
Lower-case words inside a multi-word name ("Leonardo da Vinci") stay inside a candidate that starts
and ends on the name's capitalised words; only their link is gone.
"""

from __future__ import annotations

from .types import Alignment, SentencePair

#: ``off`` keeps every link; see the module docstring for ``word`` and ``entity``.
MODES = ("off", "word", "entity")


def _upper(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _lower(word: str) -> bool:
    return bool(word) and word[0].islower()


def has_case(words) -> bool:
    """True when a word after the first starts with an upper-case letter."""
    return any(_upper(w) for w in words[1:])


def case_filter(pair: SentencePair, alignment: Alignment, mode: str = "entity") -> Alignment:
    """``alignment`` without links from capitalised entities (or words) to lower-case target words (see module)."""
    src, tgt = pair.src.words, pair.tgt.words
    if mode == "off" or not pair.src.spans or not alignment.links:
        return alignment
    n, m = len(src), len(tgt)
    if mode == "word":
        caps = {i for e in pair.src.spans for i in range(e.start, min(e.end, n)) if _upper(src[i])}
    else:
        caps = {i for e in pair.src.spans if any(_upper(w) for w in src[e.start:e.end])
                for i in range(e.start, min(e.end, n))}
    if not caps:
        return alignment
    keep = tuple(l for l in alignment.links
                 if not (l.src in caps and 0 <= l.tgt < m and _lower(tgt[l.tgt])))
    if len(keep) == len(alignment.links) or not has_case(tgt):
        return alignment
    return Alignment(keep)
