"""The bundled demo corpus (``assets/demo/``): English sentences with entities, hand-translated
into German, Arabic, Chinese and Swahili, with target gold spans and gold word alignments.

File format (documented in ``assets/demo/README.md``): ``en.txt`` has ``NNNN ||| annotated
English``; each ``<lang>.txt`` has ``NNNN ||| annotated target ||| links``. Words are separated by
spaces; an entity is written ``[LABEL word … ]``; links are 0-based ``i-j`` (sure) or ``ipj``
(possible only), ``i`` indexing the English words. ``#`` starts a comment line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .types import GoldAlignment, Sentence, SentencePair, Span

DEMO_DIR = Path(__file__).resolve().parent.parent / "assets" / "demo"
LANGS = ("de", "ar", "zh", "sw")
LANG_NAMES = {"en": "English", "de": "German", "ar": "Arabic", "zh": "Chinese", "sw": "Swahili"}
NO_SPACE_LANGS = frozenset({"zh", "ja", "th"})

_LINK = re.compile(r"(\d+)([-p])(\d+)")
_NO_SPACE_BEFORE = set(".,;:!?%)]}»،؛؟”")
_NO_SPACE_AFTER = set("([{«“")


def parse_annotated(text: str, where: str = "<demo>", line: int | None = None) -> tuple[tuple[str, ...], tuple[Span, ...]]:
    """``"[PER Angela Merkel ] visited [LOC Paris ] ."`` -> words and spans."""
    words: list[str] = []
    spans: list[Span] = []
    open_at: tuple[int, str] | None = None
    for tok in text.split():
        if tok.startswith("[") and len(tok) > 1 and tok[1:].isupper():
            if open_at is not None:
                raise InputError(where, line, f"entity opened with {tok!r} inside another entity", "close it with ' ]' first")
            open_at = (len(words), tok[1:])
        elif tok == "]":
            if open_at is None or open_at[0] == len(words):
                raise InputError(where, line, "']' without an open, non-empty entity")
            spans.append(Span(open_at[0], len(words), open_at[1]))
            open_at = None
        else:
            words.append(tok)
    if open_at is not None:
        raise InputError(where, line, f"entity [{open_at[1]} is never closed", "add ' ]'")
    return tuple(words), tuple(spans)


def detokenise(words: tuple[str, ...], lang: str) -> str:
    """A plausible running text: no space before punctuation; none between CJK words."""
    out = ""
    for k, w in enumerate(words):
        if k:
            prev = words[k - 1]
            if lang in NO_SPACE_LANGS:
                sep = " " if prev[-1].isascii() and w[0].isascii() and w[0] not in _NO_SPACE_BEFORE else ""
            else:
                sep = "" if (w in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER) else " "
            out += sep
        out += w
    return out


def parse_links(text: str, n_src: int, n_tgt: int, where: str, line: int) -> GoldAlignment:
    sure, possible = set(), set()
    for tok in text.split():
        m = _LINK.fullmatch(tok)
        if m is None:
            raise InputError(where, line, f"bad link {tok!r}", "0-based i-j (sure) or ipj (possible)")
        i, j = int(m.group(1)), int(m.group(3))
        if not (i < n_src and j < n_tgt):
            raise InputError(where, line, f"link {tok!r} out of range ({n_src} source, {n_tgt} target words)")
        (sure if m.group(2) == "-" else possible).add((i, j))
    return GoldAlignment(frozenset(sure), frozenset(possible | sure))


def _rows(path: Path, fields: int):
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("|||")]
        if len(parts) != fields:
            raise InputError(str(path), no, f"expected {fields} '|||'-separated fields, found {len(parts)}")
        yield no, parts


@lru_cache(maxsize=4)
def _load(root: str, langs: tuple[str, ...]) -> tuple[tuple[SentencePair, ...], tuple[tuple[str, GoldAlignment], ...]]:
    base = Path(root)
    src: dict[str, Sentence] = {}
    en = base / "en.txt"
    for no, (num, text) in _rows(en, 2):
        words, spans = parse_annotated(text, str(en), no)
        src[num] = Sentence(words, spans, id=f"en-{num}", text=detokenise(words, "en"), lang="en")
    pairs, gold = [], []
    for lang in langs:
        path = base / f"{lang}.txt"
        for no, (num, text, links) in _rows(path, 3):
            if num not in src:
                raise InputError(str(path), no, f"sentence {num} is not in en.txt")
            words, spans = parse_annotated(text, str(path), no)
            tgt = Sentence(words, spans, id=f"{lang}-{num}", text=detokenise(words, lang), lang=lang)
            pairs.append(SentencePair(f"{lang}-{num}", src[num], tgt))
            gold.append((pairs[-1].id, parse_links(links, len(src[num].words), len(words), str(path), no)))
    return tuple(pairs), tuple(gold)


def load_demo(langs: tuple[str, ...] = LANGS, root: str | Path = DEMO_DIR) -> list[SentencePair]:
    """Demo pairs (ids ``de-0001`` …); ``pair.src`` is English, ``pair.tgt.spans`` the target gold."""
    return list(_load(str(root), tuple(langs))[0])


def demo_gold_alignments(langs: tuple[str, ...] = LANGS, root: str | Path = DEMO_DIR) -> dict[str, GoldAlignment]:
    """Hand-made gold word alignments by pair id (0-based, English first)."""
    return dict(_load(str(root), tuple(langs))[1])
