"""EasyProject: translate with ``[ ]`` markers around entities, then read the labels back (method §8.2).

1. Wrap every source entity in ``[`` … ``]`` (the same marker for all types), detokenise and
   translate; translate each entity string on its own too (one batched call).
2. Normalise bracket variants (``[[``, ``] ]``, ``《》``, ``【】``, HTML entities) to ``[``/``]``.
3. Drop the sentence when the bracket counts or the extracted spans differ from the entity count.
4. Label the bracket spans: in order when there is one entity or one type; otherwise exact
   lower-cased match (translated entities, then source entities), then fuzzy
   ``SequenceMatcher`` ratio ``> 0.5``, else ``X``; one ``X`` takes the single leftover label.
   xproj takes the *best* fuzzy match among the entities not used yet (ties: earliest); with
   ``compat_released_matching=True`` it takes the *first* above the threshold and does not
   remove used entities, as the released EasyProject code does.
5. Drop the sentence when the label multiset differs from the source's.
6. Split into words (Moses by default; jieba for zh; characters for ja/th); bracket words get the label.

Dropped sentences are silent data loss in the original; :class:`MarkerReport` counts them and
gives the kept fraction. ``on_mismatch="flag"`` keeps them (markers removed, spans that could be
read kept) with the reason instead of dropping them.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable, Sequence

from .errors import ConfigError
from .types import Sentence, Span

OPEN, CLOSE = "[", "]"
FUZZY_THRESHOLD = 0.5
_BRACKET = re.compile(r"\[(.*?)\]", re.S)
_VARIANTS = [(re.compile(r"\[\s*\["), OPEN), (re.compile(r"\]\s*\]"), CLOSE), (re.compile("[《【［]"), OPEN),
             (re.compile("[》】］]"), CLOSE)]
PICK_MODES = ("best", "first", "last")


def mark(sentence: Sentence, lang: str = "en") -> str:
    """The sentence as text with each entity wrapped in ``[ … ]`` (Treebank detokeniser)."""
    from .translate.text import detokenize

    words: list[str] = []
    starts = Counter(s.start for s in sentence.spans)
    ends = Counter(s.end for s in sentence.spans)
    for i, w in enumerate(sentence.words):
        words += [OPEN] * starts[i] + [w]
        words += [CLOSE] * ends[i + 1]
    text = detokenize(words, lang)
    return re.sub(r"\[\s+", "[", re.sub(r"\s+\]", "]", text))


def normalise_markers(text: str) -> str:
    """Unescape HTML entities and map bracket variants to ``[``/``]``."""
    text = html.unescape(text)
    for pat, rep in _VARIANTS:
        text = pat.sub(rep, text)
    return text


def ratio(a: str, b: str) -> float:
    """``difflib.SequenceMatcher`` ratio of the lower-cased strings."""
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


def pick(query: str, pool: Sequence[str], mode: str = "best", threshold: float = FUZZY_THRESHOLD) -> int | None:
    """Index of the pool string matching ``query`` with ratio ``> threshold``.

    ``best``: the highest ratio (ties: earliest); ``first``/``last``: the first/last above threshold.
    """
    if mode not in PICK_MODES:
        raise ConfigError("fuzzy match mode", mode, PICK_MODES)
    hits = [(ratio(query, s), k) for k, s in enumerate(pool) if s is not None]
    hits = [(r, k) for r, k in hits if r > threshold]
    if not hits:
        return None
    if mode == "first":
        return hits[0][1]
    if mode == "last":
        return hits[-1][1]
    return max(hits, key=lambda h: (h[0], -h[1]))[1]


@dataclass(frozen=True)
class Marked:
    """Words of a marked translation and its bracket spans (unlabelled), with their inner text."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    inner: tuple[str, ...]  # bracket content, one per span
    raw: tuple[str, ...]  # the bracketed string including ``[``/``]``
    text: str  # translation with markers removed
    stray: int = 0  # unpaired bracket characters removed


def default_tokenizer(lang: str) -> Callable[[str], list[str]]:
    """Moses (sacremoses, no escaping) for spaced languages, else :func:`translate.text.tokenize`."""
    from .translate.text import is_unspaced, tokenize

    if is_unspaced(lang):
        return lambda s: tokenize(s, lang)
    try:
        from sacremoses import MosesTokenizer
    except ImportError:  # pragma: no cover - sacremoses is pinned in requirements.txt
        return lambda s: tokenize(s, lang)
    from .translate.langcodes import parse

    mt = MosesTokenizer(lang=parse(lang)[0][:2] or "en")
    return lambda s: mt.tokenize(s, escape=False)


def split_marked(text: str, tokenize: Callable[[str], list[str]]) -> Marked:
    """Tokenise a (normalised) marked translation; brackets found left to right, non-greedy."""
    words: list[str] = []
    spans, inner, raw = [], [], []
    pieces: list[str] = []
    stray = 0
    pos = 0

    def plain(segment: str) -> None:
        nonlocal stray
        stray += segment.count(OPEN) + segment.count(CLOSE)
        segment = segment.replace(OPEN, " ").replace(CLOSE, " ")
        words.extend(tokenize(segment) if segment.strip() else [])
        pieces.append(segment)

    for m in _BRACKET.finditer(text):
        plain(text[pos:m.start()])
        content = m.group(1)
        stray += content.count(OPEN)
        content_clean = content.replace(OPEN, " ")
        toks = tokenize(content_clean) if content_clean.strip() else []
        if toks:
            spans.append((len(words), len(words) + len(toks)))
            inner.append(content_clean.strip())
            raw.append(m.group(0))
        words.extend(toks)
        pieces.append(content_clean)
        pos = m.end()
    plain(text[pos:])
    clean = re.sub(r"\s+", " ", "".join(pieces)).strip()
    return Marked(tuple(words), tuple(spans), tuple(inner), tuple(raw), clean, stray)


def assign_labels(inner: Sequence[str], entities: Sequence[str], translated: Sequence[str], labels: Sequence[str], *,
                  compat_released_matching: bool = False) -> list[str]:
    """EasyProject label assignment (§8.2 step 4); unresolved spans get ``"X"``."""
    n = len(inner)
    if n == 1 or len(set(labels)) <= 1:
        return list(labels[:n]) + ["X"] * max(0, n - len(labels))
    used: set[int] = set()
    out: list[str] = []
    for text in inner:
        k = None
        for pool in (translated, entities):  # exact lower-cased match
            live = [s if (compat_released_matching or j not in used) else None for j, s in enumerate(pool)]
            hit = [j for j, s in enumerate(live) if s is not None and s.lower() == text.lower()]
            if hit:
                k = hit[0]
                break
        if k is None:
            mode = "first" if compat_released_matching else "best"
            for pool in (translated, entities):
                live = [s if (compat_released_matching or j not in used) else None for j, s in enumerate(pool)]
                k = pick(text, live, mode)
                if k is not None:
                    break
        if k is None:
            out.append("X")
        else:
            used.add(k)
            out.append(labels[k])
    if out.count("X") == 1:
        left = Counter(labels) - Counter(l for l in out if l != "X")
        if sum(left.values()) == 1:
            out[out.index("X")] = next(iter(left))
    return out


@dataclass(frozen=True)
class MarkerResult:
    """One source sentence: the target sentence (or ``None`` if dropped), status and reason."""

    source: Sentence
    marked: str
    translation: str
    sentence: Sentence | None
    status: str  # "kept" | "dropped" | "flagged"
    reason: str = ""  # marker_count | span_count | unlabelled | label_mismatch
    detail: str = ""


@dataclass(frozen=True)
class MarkerReport:
    results: tuple[MarkerResult, ...]
    reasons: dict[str, int] = field(default_factory=dict)  # reason -> number of sentences

    @property
    def kept(self) -> list[Sentence]:
        return [r.sentence for r in self.results if r.status == "kept"]

    @property
    def sentences(self) -> list[Sentence]:
        """Kept and flagged sentences, in input order."""
        return [r.sentence for r in self.results if r.sentence is not None]

    @property
    def kept_fraction(self) -> float:
        """EasyProject's ``sentence_percentage``: kept / total (1.0 for no input)."""
        return len(self.kept) / len(self.results) if self.results else 1.0


def reconcile(source: Sentence, translation: str, translated_entities: Sequence[str], *, tgt_lang: str = "",
              tokenize: Callable[[str], list[str]] | None = None, compat_released_matching: bool = False,
              src_lang: str = "en") -> tuple[Sentence, str, str]:
    """``(sentence, reason, detail)`` read from a marked translation; ``reason`` is ``""`` when it reconciles.

    Reasons: ``marker_count``, ``span_count``, ``unlabelled``, ``label_mismatch``.

    On a mismatch the returned sentence has the markers removed and only the spans that could
    be read (none when the counts differ).
    """
    from .translate.text import detokenize

    tokenize = tokenize or default_tokenizer(tgt_lang)
    text = normalise_markers(translation)
    n = len(source.spans)
    parsed = split_marked(text, tokenize)
    bare = Sentence.from_words(parsed.words, id=source.id, text=parsed.text or None, lang=tgt_lang)
    if text.count(OPEN) != n or text.count(CLOSE) != n:
        return bare, "marker_count", f"{text.count(OPEN)} '[' and {text.count(CLOSE)} ']' for {n} entities"
    if len(parsed.spans) != n:
        return bare, "span_count", f"{len(parsed.spans)} bracket spans for {n} entities"
    labels = [s.label for s in source.spans]
    entities = [detokenize(source.words[s.start:s.end], src_lang) for s in source.spans]
    got = assign_labels(parsed.inner, entities, translated_entities, labels,
                        compat_released_matching=compat_released_matching)
    spans = [Span(a, b, l) for (a, b), l in zip(parsed.spans, got) if l != "X"]
    sent = Sentence.from_words(parsed.words, spans, id=source.id, text=parsed.text or None, lang=tgt_lang)
    if "X" in got:
        return sent, "unlabelled", f"{got.count('X')} bracket spans without a label"
    if Counter(got) != Counter(labels):
        return sent, "label_mismatch", f"labels {sorted(got)} differ from the source's {sorted(labels)}"
    return sent, "", ""


def project_markers(sources: Sequence[Sentence], translator, src_lang: str, tgt_lang: str, *,
                    compat_released_matching: bool = False, on_mismatch: str = "drop",
                    tokenize: Callable[[str], list[str]] | None = None) -> MarkerReport:
    """Translate-train with markers: labelled target sentences from labelled source sentences."""
    if on_mismatch not in ("drop", "flag"):
        raise ConfigError("on_mismatch", on_mismatch, ("drop", "flag"))
    from .translate.text import detokenize

    marked = [mark(s, src_lang) for s in sources]
    ent_texts = [detokenize(s.words[e.start:e.end], src_lang) for s in sources for e in s.spans]
    outputs = translator.translate(marked + list(dict.fromkeys(ent_texts)), src_lang, tgt_lang)
    translations, ent_out = outputs[:len(marked)], dict(zip(dict.fromkeys(ent_texts), outputs[len(marked):]))
    tokenize = tokenize or default_tokenizer(tgt_lang)
    results = []
    reasons: Counter = Counter()
    for src, text, translation in zip(sources, marked, translations):
        tr_ents = [ent_out[detokenize(src.words[e.start:e.end], src_lang)] for e in src.spans]
        sent, reason, detail = reconcile(src, translation, tr_ents, tgt_lang=tgt_lang, tokenize=tokenize,
                                 compat_released_matching=compat_released_matching, src_lang=src_lang)
        if not reason:
            results.append(MarkerResult(src, text, translation, sent, "kept"))
            continue
        reasons[reason] += 1
        keep = sent if on_mismatch == "flag" else None
        results.append(MarkerResult(src, text, translation, keep, "flagged" if keep else "dropped", reason, detail))
    return MarkerReport(tuple(results), dict(reasons))
