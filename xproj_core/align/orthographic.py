"""Orthographic word alignment: names, numbers, cognates and identical tokens, in any script.

Each word is reduced to a *key*: romanised (uroman, only for words outside the Latin script),
case-folded, diacritics and punctuation stripped (``Москва`` → ``moskva``, ``1.000`` → ``1000``).
Two words are similar by normalised Levenshtein similarity of their keys. Across scripts, where
romanisation of abjads drops vowels and names change vowels between languages, two more
measures count: consonant skeletons (``Moskva`` ≈ ``Moscow``: ``mskv``; ``mhmd`` ≈ ``Muhammad``;
× :data:`SKELETON_WEIGHT`) and identical vowel-free consonants (``awbama`` ≈ ``Obama``: ``bm``;
:data:`CONSONANT_WEIGHT`). Links are one-to-one, best first (ties: nearer relative position first); the link
score is the similarity.

Words with digits link only when their keys are equal (``1,000`` = ``1.000``, ``2016`` ≠ ``2017``).
Short words (key shorter than ``min_length``) are linked only when their raw forms are identical
(``short="identical"``), or only when identical *and* marked by a digit or a capital letter
(``short="marked"``: numbers such as ``2``, acronyms such as ``EU``, never ``a``/``a`` or
``in``/``in``), or never (``short="never"``).
Pure punctuation is linked only with ``punctuation=True`` (whatever ``short`` says), only to the
identical token.
"""

from __future__ import annotations

import os
import pickle
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..errors import ConfigError
from ..registry import register
from ..types import Alignment, Link
from . import Progress, WordPair

DEFAULT_THRESHOLD = 0.6
DEFAULT_MIN_LENGTH = 4
DEFAULT_SHORT = "marked"
SHORT_RULES = ("identical", "marked", "never")
SKELETON_WEIGHT = 0.9  # a cross-script skeleton match counts a little less than a spelling match
CONSONANT_WEIGHT = 0.85  # identical vowel-free consonants (short names in abjads: Obama ~ awbama)


# ------------------------------------------------------------------ romanisation


def _cache_dir() -> Path:
    return Path(os.environ.get("XPROJ_CACHE") or Path.home() / ".cache" / "xproj")


def _none() -> None:  # picklable default factory (uroman uses a lambda)
    return None


@lru_cache(maxsize=1)
def _uroman():
    """The uroman romaniser; its tables take ~10 s to load, so a pickled copy is kept in the cache dir."""
    from collections import defaultdict
    from importlib.metadata import version

    import uroman

    path = _cache_dir() / f"uroman-{version('uroman')}.pkl"
    try:
        with open(path, "rb") as f:
            obj = pickle.load(f)  # our own cache file, written below
        if isinstance(obj, uroman.Uroman):
            return obj
    except Exception:  # noqa: BLE001 - absent or stale cache: rebuild it
        pass
    obj = uroman.Uroman()
    try:
        obj.dict_num = defaultdict(_none, obj.dict_num)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - the cache is an optimisation only
        pass
    return obj


def _is_latin(word: str) -> bool:
    """ASCII, Latin letters with diacritics, or characters without a script (digits, punctuation)."""
    for c in word:
        o = ord(c)
        if o < 0x250 or 0x1E00 <= o <= 0x1EFF or 0x2000 <= o <= 0x2BFF or unicodedata.category(c)[0] in "NPSZ":
            continue
        return False
    return True


@lru_cache(maxsize=200_000)
def romanise(word: str) -> str:
    """``word`` in Latin script (uroman for other scripts; Latin words are returned unchanged)."""
    if _is_latin(word):
        return word
    try:
        return _uroman().romanize_string(word) or word
    except Exception:  # noqa: BLE001 - one odd word must not stop an alignment run
        return word


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """Romanised, case-folded, diacritic- and punctuation-free form of ``word``."""
    decomposed = unicodedata.normalize("NFKD", romanise(word).casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


_PHONETIC = [(re.compile(p), r) for p, r in (
    (r"ph", "f"), (r"[ckq]", "k"), (r"[wv]", "v"), (r"[zs]", "s"), (r"[yj]", "i"), (r"x", "ks"),
)]


def _collapse(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """Consonant skeleton of a key: rough phonetic classes, vowels after the first letter dropped,
    doubled letters collapsed (``moscow``/``moskva`` → ``mskv``, ``muhammad``/``mhmd`` → ``mhmd``)."""
    s = key
    for pat, rep in _PHONETIC:
        s = pat.sub(rep, s)
    return _collapse(s[:1] + re.sub(r"[aeiou]+", "", s[1:]))


@lru_cache(maxsize=200_000)
def consonants(key: str) -> str:
    """Every vowel dropped, ``w``/``y`` counted as vowels (romanised abjads write long vowels with
    them), doubled letters collapsed: ``awbama`` (أوباما) and ``obama`` → ``bm``."""
    s = re.sub(r"[aeiouwy]+", "", key)
    for pat, rep in _PHONETIC:
        s = pat.sub(rep, s)
    return _collapse(s)


# ------------------------------------------------------------------ similarity


def similarity_matrix(src: Sequence[str], tgt: Sequence[str], min_length: int = DEFAULT_MIN_LENGTH,
                      short: str = DEFAULT_SHORT, punctuation: bool = False):
    """|src|×|tgt| numpy matrix of word similarities in [0, 1] under the linking rules above."""
    import numpy as np
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import cdist

    sk = [word_key(w) for w in src]
    tk = [word_key(w) for w in tgt]
    sim = np.zeros((len(src), len(tgt)), dtype=np.float32)
    if not src or not tgt:
        return sim
    s_long = [i for i, k in enumerate(sk) if len(k) >= min_length]
    t_long = [j for j, k in enumerate(tk) if len(k) >= min_length]
    if s_long and t_long:
        block = cdist([sk[i] for i in s_long], [tk[j] for j in t_long], scorer=Levenshtein.normalized_similarity,
                      dtype=np.float32)
        s_latin = [_is_latin(src[i]) for i in s_long]
        t_latin = [_is_latin(tgt[j]) for j in t_long]
        if not all(s_latin) or not all(t_latin):
            block = np.where(np.array(s_latin)[:, None] != np.array(t_latin)[None, :],
                             np.maximum(block, _cross_script([sk[i] for i in s_long], [tk[j] for j in t_long])), block)
        s_num = np.array([any(c.isdigit() for c in sk[i]) for i in s_long])
        t_num = np.array([any(c.isdigit() for c in tk[j]) for j in t_long])
        if s_num.any() or t_num.any():  # numbers link only when equal: 2016 is not 2017
            numeric = s_num[:, None] | t_num[None, :]
            block = np.where(numeric & (block < 1.0), 0.0, block).astype(np.float32)
        sim[np.ix_(s_long, t_long)] = block
    for i, w in enumerate(src):
        if len(sk[i]) >= min_length:
            continue
        if sk[i] and not (short == "identical" or (short == "marked" and _marked(w))):
            continue
        if not sk[i] and not punctuation:
            continue
        for j, v in enumerate(tgt):
            if v == w:
                sim[i, j] = 1.0
    return sim


def _marked(word: str) -> bool:
    """A digit or an upper-case letter: numbers and acronyms, not function words."""
    return any(c.isdigit() or c.isupper() for c in word)


def _cross_script(s_keys: list[str], t_keys: list[str]):
    """Similarity credited to words in different scripts: consonant skeletons (3+ letters) by
    Levenshtein, or identical vowel-free consonant strings (2+ letters)."""
    import numpy as np
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import cdist

    s_sk, t_sk = [skeleton(k) for k in s_keys], [skeleton(k) for k in t_keys]
    skel = cdist(s_sk, t_sk, scorer=Levenshtein.normalized_similarity, dtype=np.float32) * SKELETON_WEIGHT
    skel *= np.array([len(x) >= 3 for x in s_sk])[:, None] & np.array([len(x) >= 3 for x in t_sk])[None, :]
    s_cs, t_cs = [consonants(k) for k in s_keys], [consonants(k) for k in t_keys]
    same = np.array([[a == b and len(a) >= 2 for b in t_cs] for a in s_cs], dtype=np.float32)
    return np.maximum(skel, same * CONSONANT_WEIGHT)


def one_to_one(sim, threshold: float) -> list[tuple[int, int, float]]:
    """Greedy best-first one-to-one links with ``sim >= threshold``; ties go to the pair nearest
    the diagonal (relative positions), so repeated tokens link in order."""
    import numpy as np

    n, m = sim.shape
    if n == 0 or m == 0:
        return []
    ii, jj = np.nonzero(sim >= threshold)
    if len(ii) == 0:
        return []
    dist = np.abs((ii + 0.5) / n - (jj + 0.5) / m)
    order = np.lexsort((dist, -sim[ii, jj]))
    used_i, used_j, out = set(), set(), []
    for k in order:
        i, j = int(ii[k]), int(jj[k])
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            out.append((i, j, float(sim[i, j])))
    return out


class OrthographicAligner:
    """Links words whose romanised spellings are similar (see module docstring)."""

    name = "ortho"

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, min_length: int = DEFAULT_MIN_LENGTH,
                 short: str = DEFAULT_SHORT, punctuation: bool = False,
                 extra_parallel: Sequence[WordPair] | None = ()) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ConfigError("orthographic threshold", threshold, hint="a similarity in (0, 1]")
        if short not in SHORT_RULES:
            raise ConfigError("short-word rule", short, SHORT_RULES)
        if min_length < 1:
            raise ConfigError("orthographic min_length", min_length, hint="a positive number of characters")
        self.threshold, self.min_length, self.short, self.punctuation = threshold, min_length, short, punctuation

    def signature(self) -> str:
        return f"ortho(t={self.threshold},min={self.min_length},short={self.short},punct={int(self.punctuation)})"

    def align_one(self, src: Sequence[str], tgt: Sequence[str]) -> Alignment:
        sim = similarity_matrix(src, tgt, self.min_length, self.short, self.punctuation)
        return Alignment(tuple(sorted(Link(i, j, round(s, 4)) for i, j, s in one_to_one(sim, self.threshold))))

    def align(self, pairs: Sequence[WordPair], progress: Progress | None = None) -> list[Alignment]:
        total, out = len(pairs), []
        step = max(1, total // 100)
        for k, (src, tgt) in enumerate(pairs):
            out.append(self.align_one(src, tgt))
            if progress and (k + 1) % step == 0:
                progress(k + 1, total)
        if progress:
            progress(total, total)
        return out


@register("aligner", "ortho")
def build_ortho(arg: str | None = None, **options) -> OrthographicAligner:
    """``ortho`` or ``ortho:THRESHOLD`` (e.g. ``ortho:0.9``)."""
    if arg:
        try:
            options.setdefault("threshold", float(arg))
        except ValueError:
            raise ConfigError("orthographic threshold", arg, hint="a number in (0, 1], e.g. ortho:0.8") from None
    return OrthographicAligner(**options)
