"""Words <-> text around translation: detokenise before MT, split MT output into words.

Follows method §2.2: NLTK's Treebank detokeniser (plain concatenation for ja/th/zh) and
NLTK ``word_tokenize`` without sentence splitting; a character splitter for ja/th and
jieba for zh when installed (characters otherwise).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from .langcodes import parse

#: languages written without spaces between words.
NO_SPACE = ("ja", "jpn", "th", "tha", "zh", "zho", "yue", "lo", "lao", "km", "khm", "my", "mya")


def _base(lang: str) -> str:
    return parse(lang)[0] if lang else ""


def is_unspaced(lang: str) -> bool:
    return _base(lang) in NO_SPACE


@lru_cache(maxsize=1)
def _detok():
    from nltk.tokenize.treebank import TreebankWordDetokenizer

    return TreebankWordDetokenizer()


@lru_cache(maxsize=1)
def _tok():
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


def detokenize(words: Sequence[str], lang: str = "") -> str:
    """Join words into text for MT: Treebank detokeniser, or concatenation for ja/th/zh."""
    if is_unspaced(lang):
        return "".join(words)
    return _detok().detokenize(list(words))


def tokenize(text: str, lang: str = "") -> list[str]:
    """Split MT output into words: NLTK word_tokenize (one line); characters for ja/th; jieba for zh."""
    base = _base(lang)
    if base in ("zh", "zho", "yue"):
        try:
            import jieba  # optional

            return [w for w in jieba.cut(text) if w.strip()]
        except ImportError:
            return [c for c in text if not c.isspace()]
    if is_unspaced(lang):
        return [c for c in text if not c.isspace()]
    return [w for w in _tok().tokenize(text) if w]
