"""The three directions of method §2, one function each, with seconds per stage.

* :func:`translate_train` (§2.1): labelled source sentences → MT → align → project → silver
  target sentences. ``markers=True`` uses EasyProject instead of align + project (§8.2).
* :func:`translate_test` (§2.2): target sentences → MT into English → English NER → align →
  project back onto the original words. ``back_translation=True`` is the §8.1 variant.
* :func:`model_transfer` (§2.4): a multilingual NER model run directly on the target.

Backends may be objects or spec strings (``registry.resolve``): a translator (``hf:MODEL``,
``given:FILE``), an NER tagger (``hf:MODEL``, ``spacy:PKG``; anything with
``tag(list_of_word_lists) -> list[list[Span]]``) and an aligner (``fusion``, ``simalign:MODEL``…).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Protocol, Sequence

from .errors import ConfigError
from .types import Alignment, Projection, Sentence, SentencePair, Span

DIRECTIONS = ("translate-train", "translate-test", "model-transfer")


class NerTagger(Protocol):
    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[Span]]: ...


@dataclass(frozen=True)
class PipelineResult:
    """Labelled target sentences (input order), the pairs projected, and seconds per stage."""

    direction: str
    sentences: list[Sentence]
    pairs: list[SentencePair] = field(default_factory=list)
    projections: list[Projection] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    diagnostics: dict[str, Any] = field(default_factory=dict)


def _resolve(stage: str, obj: Any, **options: Any) -> Any:
    if isinstance(obj, str):
        from .registry import resolve

        return resolve(stage, obj, **options)
    if obj is None:
        raise ConfigError(stage, None, hint=f"pass a {stage} object or spec string")
    return obj


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self._t
        self._t = now

    def merge(self, other: dict[str, float]) -> None:
        for k, v in other.items():
            self.timings[k] = self.timings.get(k, 0.0) + v
        self._t = time.perf_counter()


def _labelled(sentence: Sentence, projection: Projection) -> Sentence:
    return replace(sentence, spans=tuple(projection.labelled))


def _keep(spans: Sequence[Span], keep_labels: Sequence[str] | None) -> tuple[Span, ...]:
    if keep_labels is None:
        return tuple(spans)
    return tuple(s for s in spans if s.label in keep_labels)


def translate_train(sources: Sequence[Sentence], translator: Any, *, src_lang: str, tgt_lang: str,
                    aligner: Any = "fusion", config: Any = None, markers: bool = False,
                    tokenize: Callable[[str], list[str]] | None = None, compat_released_matching: bool = False,
                    on_mismatch: str = "drop", progress: Any = None) -> PipelineResult:
    """Silver target data from gold source sentences (§2.1); EasyProject with ``markers=True`` (§8.2)."""
    from .translate.text import detokenize
    from .translate.text import tokenize as nltk_tokenize

    clock = _Clock()
    translator = _resolve("translator", translator)
    clock.lap("load")
    if markers:
        from .markers import project_markers

        report = project_markers(sources, translator, src_lang, tgt_lang, tokenize=tokenize, on_mismatch=on_mismatch,
                                 compat_released_matching=compat_released_matching)
        clock.lap("translate+markers")
        return PipelineResult("translate-train", report.sentences, timings=clock.timings,
                              diagnostics={"kept_fraction": report.kept_fraction, "dropped": report.reasons,
                                           "statuses": [r.status for r in report.results]})
    texts = [detokenize(s.words, src_lang) for s in sources]
    outputs = translator.translate(texts, src_lang, tgt_lang)
    clock.lap("translate")
    split = tokenize or (lambda t: nltk_tokenize(t, tgt_lang))
    pairs = []
    for k, (src, out) in enumerate(zip(sources, outputs)):
        words = split(out)
        src = replace(src, lang=src.lang or src_lang)
        pairs.append(SentencePair(src.id or str(k), src, Sentence.from_words(words, id=src.id, text=out, lang=tgt_lang)))
    clock.lap("tokenize")
    from .pipeline import run

    res = run(pairs, config, aligner=aligner, progress=progress)
    clock.merge(res.timings)
    out_sents = [_labelled(p.tgt, proj) for p, proj in zip(pairs, res.projections)]
    return PipelineResult("translate-train", out_sents, pairs, res.projections, res.alignments, clock.timings)


def translate_test(targets: Sequence[Sentence], translator: Any, ner: Any, *, tgt_lang: str, src_lang: str = "en",
                   aligner: Any = "fusion", config: Any = None, keep_labels: Sequence[str] | None = None,
                   back_translation: bool = False, bt_translator: Any = None, compat_released_matching: bool = False,
                   progress: Any = None) -> PipelineResult:
    """Label original target sentences through English (§2.2); their gold spans stay in ``pairs[i].tgt``.

    ``keep_labels`` filters the English NER output (e.g. ``("PER", "ORG", "LOC")`` drops MISC as the
    thesis does). ``back_translation=True`` projects through a marked back-translation (§8.1),
    translated by ``bt_translator`` (default: ``translator``).
    """
    from .translate.text import detokenize, tokenize

    clock = _Clock()
    translator = _resolve("translator", translator)
    tagger = _resolve("ner", ner)
    clock.lap("load")
    texts = [detokenize(t.words, t.lang or tgt_lang) for t in targets]
    english = translator.translate(texts, tgt_lang, src_lang)
    clock.lap("translate")
    en_words = [tokenize(e, src_lang) for e in english]
    clock.lap("tokenize")
    spans = tagger.tag(en_words)
    clock.lap("ner")
    pairs = []
    for k, (tgt, words, text, sp) in enumerate(zip(targets, en_words, english, spans)):
        src = Sentence.from_words(words, _keep(sp, keep_labels), id=tgt.id, text=text, lang=src_lang)
        pairs.append(SentencePair(tgt.id or str(k), src, replace(tgt, lang=tgt.lang or tgt_lang)))
    diagnostics: dict[str, Any] = {"translations": english}
    if back_translation:
        from .backtranslate import refine

        bt = _resolve("translator", bt_translator) if bt_translator is not None else translator
        res = refine(pairs, bt, aligner=aligner, config=config, src_lang=src_lang, tgt_lang=tgt_lang,
                     compat_released_matching=compat_released_matching, progress=progress)
        diagnostics["unmatched_markers"] = res.unmatched_markers
        diagnostics["back_translations"] = [b.sentence for b in res.back_translations]
        clock.merge(res.timings)
        projections, alignments = res.projections, res.alignments
    else:
        from .pipeline import run

        res = run(pairs, config, aligner=aligner, progress=progress)
        clock.merge(res.timings)
        projections, alignments = res.projections, res.alignments
    out = [_labelled(p.tgt, proj) for p, proj in zip(pairs, projections)]
    return PipelineResult("translate-test", out, pairs, projections, alignments, clock.timings, diagnostics)


def model_transfer(targets: Sequence[Sentence], ner: Any, *, keep_labels: Sequence[str] | None = None) -> PipelineResult:
    """Run a multilingual NER model directly on the target sentences (§2.4)."""
    clock = _Clock()
    tagger = _resolve("ner", ner)
    clock.lap("load")
    spans = tagger.tag([list(t.words) for t in targets])
    clock.lap("ner")
    out = [replace(t, spans=tuple(sorted(_keep(sp, keep_labels)))) for t, sp in zip(targets, spans)]
    return PipelineResult("model-transfer", out, timings=clock.timings)


__all__ = ["DIRECTIONS", "PipelineResult", "model_transfer", "translate_test", "translate_train"]
