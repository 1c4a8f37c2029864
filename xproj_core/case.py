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
    return word[:1].isupper()


def _lower(word: str) -> bool:
    return word[:1].islower()


def has_case(words) -> bool:
    """True when a word after the first starts with an upper-case letter."""
    for w in words[1:]:
        if w[:1].isupper():
            return True
    return False


def case_words(pair: SentencePair, mode: str = "entity") -> set[int]:
    """Source words whose links to lower-case target words :func:`case_filter` drops."""
    src = pair.src.words
    n = len(src)
    caps: set[int] = set()
    if mode == "off":
        return caps
    word = mode == "word"
    for e in pair.src.spans:  # plain loops: this runs for every pair of the fast path
        end = e.end if e.end < n else n
        for i in range(e.start, end):
            if src[i][:1].isupper():
                if word:
                    caps.add(i)
                else:
                    caps.update(range(e.start, end))
                    break
    return caps


def case_filter(pair: SentencePair, alignment: Alignment, mode: str = "entity") -> Alignment:
    """``alignment`` without links from capitalised entities (or words) to lower-case target words (see module)."""
    tgt = pair.tgt.words
    if mode == "off" or not pair.src.spans or not alignment.links:
        return alignment
    caps = case_words(pair, mode)
    if not caps:
        return alignment
    m = len(tgt)
    keep = tuple(l for l in alignment.links if not (l.src in caps and 0 <= l.tgt < m and tgt[l.tgt][:1].islower()))
    if len(keep) == len(alignment.links) or not has_case(tgt):
        return alignment
    return Alignment(keep)
