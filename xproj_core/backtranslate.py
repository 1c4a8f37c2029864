"""Back-translation refinement for translate-test (method §8.1; an opt-in variant, never the default).

It *replaces* the cross-lingual alignment English ↔ T by a monolingual one T' ↔ T:

1. wrap the English entities in ``[ ]`` and translate the marked sentence into the target
   language with a marker-aware model (``ychenNLP/nllb-200-3.3B-easyproject``); translate each
   entity string on its own too (one batched call for everything);
2. read each ``[ … ]`` left to right and give it the label of the still-unused translated entity
   with the best ``SequenceMatcher`` ratio ``> 0.5`` (ties: the earliest).
   ``compat_released_matching=True`` reproduces the released code: the *last* qualifying entity,
   compared with the bracketed string *including* the brackets;
3. unmatched markers: the brackets are removed, the words kept, and the sentence's
   ``unmatched_markers`` count reported (the released code leaves ``[``/``]`` tokens in the text);
4. align T' ↔ T with the same aligner and project with the same configuration (T' is the
   labelled side), through :func:`xproj_core.pipeline.run`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .markers import mark, normalise_markers, pick, split_marked
from .types import Alignment, Projection, Sentence, SentencePair, Span


@dataclass(frozen=True)
class BackTranslation:
    """Per sentence: the labelled back-translation T' and how many markers found no entity."""

    sentence: Sentence
    translation: str
    unmatched_markers: int
    stray_brackets: int


def label_back_translation(source: Sentence, translation: str, translated_entities: Sequence[str], *, tgt_lang: str,
                           tokenize: Callable[[str], list[str]] | None = None,
                           compat_released_matching: bool = False) -> BackTranslation:
    """Read T' (words and labelled spans) from the marked back-translation of ``source`` (§8.1 step 5)."""
    from .translate.text import tokenize as split_words

    tokenize = tokenize or (lambda text: split_words(text, tgt_lang))  # NLTK; characters for ja/th; jieba for zh
    parsed = split_marked(normalise_markers(translation), tokenize)
    pool: list[str | None] = list(translated_entities)
    labels = [s.label for s in source.spans]
    spans: list[Span] = []
    unmatched = 0
    for (a, b), inner, raw in zip(parsed.spans, parsed.inner, parsed.raw):
        query = raw if compat_released_matching else inner
        k = pick(query, pool, "last" if compat_released_matching else "best")
        if k is None:
            unmatched += 1
            continue
        spans.append(Span(a, b, labels[k]))
        pool[k] = None
    sent = Sentence.from_words(parsed.words, spans, id=source.id, text=parsed.text or None, lang=tgt_lang)
    return BackTranslation(sent, translation, unmatched, parsed.stray)


def back_translate(sources: Sequence[Sentence], translator: Any, src_lang: str, tgt_lang: str, *,
                   tokenize: Callable[[str], list[str]] | None = None,
                   compat_released_matching: bool = False) -> list[BackTranslation]:
    """Marked back-translation of labelled English sentences, one batched translator call."""
    from .translate.text import detokenize

    marked = [mark(s, src_lang) for s in sources]
    ents = list(dict.fromkeys(detokenize(s.words[e.start:e.end], src_lang) for s in sources for e in s.spans))
    out = translator.translate(marked + ents, src_lang, tgt_lang)
    table = dict(zip(ents, out[len(marked):]))
    result = []
    for src, translation in zip(sources, out[:len(marked)]):
        tr_ents = [table[detokenize(src.words[e.start:e.end], src_lang)] for e in src.spans]
        result.append(label_back_translation(src, translation, tr_ents, tgt_lang=tgt_lang, tokenize=tokenize,
                                             compat_released_matching=compat_released_matching))
    return result


@dataclass(frozen=True)
class RefinedResult:
    projections: list[Projection]
    pairs: list[SentencePair]  # src = T' (labelled back-translation), tgt = T
    alignments: list[Alignment]
    back_translations: list[BackTranslation]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def unmatched_markers(self) -> int:
        return sum(b.unmatched_markers for b in self.back_translations)


def refine(pairs: Sequence[SentencePair], translator: Any, *, aligner: Any = "fusion", config: Any = None,
           src_lang: str = "en", tgt_lang: str | None = None, tokenize: Callable[[str], list[str]] | None = None,
           compat_released_matching: bool = False, progress: Any = None) -> RefinedResult:
    """Project ``pair.src.spans`` (English) onto ``pair.tgt`` (T) through the back-translation T'."""
    from .pipeline import run

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    by_lang: dict[str, list[int]] = {}
    for k, p in enumerate(pairs):
        by_lang.setdefault(tgt_lang or p.tgt.lang, []).append(k)
    bts: list[BackTranslation | None] = [None] * len(pairs)
    for lang, idx in by_lang.items():
        for k, bt in zip(idx, back_translate([pairs[k].src for k in idx], translator, src_lang, lang, tokenize=tokenize,
                                             compat_released_matching=compat_released_matching)):
            bts[k] = bt
    timings["back_translate"] = time.perf_counter() - t0
    mono = [SentencePair(p.id, bt.sentence, p.tgt) for p, bt in zip(pairs, bts)]
    res = run(mono, config, aligner=aligner, progress=progress)
    for key, v in res.timings.items():
        timings[key] = timings.get(key, 0.0) + v
    return RefinedResult(res.projections, mono, res.alignments, bts, timings)  # type: ignore[arg-type]
