"""Hugging Face NER backend on tiny local token classifiers with known predictions."""

from __future__ import annotations

import numpy as np
import pytest

from tiny_encoders import IOB1_LABELS, IOB2_LABELS, tiny_token_classifier
from xproj_core import registry
from xproj_core.errors import BackendUnavailable, ConfigError
from xproj_core.ner import NerTagger, annotate, class_columns, ner_candidates
from xproj_core.ner.hf import HfTagger
from xproj_core.types import Candidate, Sentence, Span

pytestmark = pytest.mark.slow

# "Berlinstadt" is Berlin ##s ##t ##a ##d ##t: only its first sub-token may decide the word's label
LEXICON = {"John": "B-PER", "Smith": "I-PER", "Berlin": "B-LOC", "##s": "B-ORG", "##t": "I-ORG", "Siemens": "B-ORG"}
SENT = ["John", "Smith", "lives", "in", "Berlinstadt", "Siemens"]


@pytest.fixture(scope="module")
def iob2_dir(tmp_path_factory):
    return str(tiny_token_classifier(tmp_path_factory.mktemp("ner") / "iob2", IOB2_LABELS, LEXICON))


@pytest.fixture(scope="module")
def tagger(iob2_dir):
    return HfTagger(iob2_dir, device="cpu")


def test_ner_hf_first_sub_token_decides(tagger):
    assert isinstance(tagger, NerTagger)
    assert tagger.tokenizer.tokenize("Berlinstadt")[:2] == ["Berlin", "##s"]
    (spans,) = tagger.tag([SENT])
    assert spans == [Span(0, 2, "PER"), Span(4, 5, "LOC"), Span(5, 6, "ORG")]


def test_ner_hf_probabilities_and_temperature(tagger):
    (p1,) = tagger.probabilities([SENT])
    (p5,) = tagger.probabilities([SENT], temperature=5.0)
    assert p1.shape == (len(SENT), len(IOB2_LABELS)) and np.allclose(p1.sum(axis=1), 1.0)
    assert [tagger.labels[k] for k in p1.argmax(axis=1)] == ["B-PER", "I-PER", "O", "O", "B-LOC", "B-ORG"]
    assert (p5.max(axis=1) < p1.max(axis=1)).all() and (p5.argmax(axis=1) == p1.argmax(axis=1)).all()


def test_ner_hf_windows_and_odd_words(tagger):
    long = SENT * 5
    windowed = HfTagger((tagger.model, tagger.tokenizer), device="cpu", window=5)  # 3 sub-tokens per pass
    assert windowed.tag([long]) == tagger.tag([long])  # the 0-layer model is context-free
    out = tagger.tag([[], ["John", "\x00", "Smith"], ["東", "京"]])
    assert out[0] == [] and out[2] == []
    # the control character yields no sub-token and is tagged O, splitting the name
    assert out[1] == [Span(0, 1, "PER"), Span(2, 3, "PER")]


def test_ner_hf_iob1_checkpoint_is_repaired(tmp_path):
    lex = {"John": "I-PER", "Smith": "I-PER", "Berlin": "I-LOC", "Paris": "B-LOC", "Siemens": "I-ORG"}
    tagger = registry.resolve("ner", f"hf:{tiny_token_classifier(tmp_path / 'iob1', IOB1_LABELS, lex)}", device="cpu")
    (spans,) = tagger.tag([["John", "Smith", "Berlin", "Paris", "and", "Siemens"]])
    assert spans == [Span(0, 2, "PER"), Span(2, 3, "LOC"), Span(3, 4, "LOC"), Span(5, 6, "ORG")]
    cols = class_columns(tagger.labels)
    per = tagger.labels.index("I-PER")
    assert cols["PER"] == ([per], [per])  # no B-PER: the I- column serves both positions (§6.2 step 2)
    assert cols["LOC"] == ([tagger.labels.index("B-LOC")], [tagger.labels.index("I-LOC")])


def test_ner_hf_label_map_and_helpers(iob2_dir):
    tagger = HfTagger(iob2_dir, device="cpu", label_map={"ORG": None, "PER": "PERSON"})
    assert "B-ORG" not in tagger.labels and "B-PERSON" in tagger.labels
    sents = [Sentence.from_words(SENT), Sentence.from_words(["Siemens", "John"])]
    tagged = annotate(tagger, sents)
    assert tagged[0].spans == (Span(0, 2, "PERSON"), Span(4, 5, "LOC"))
    assert tagged[1].spans == (Span(1, 2, "PERSON"),) and tagged[1].words == ("Siemens", "John")
    assert ner_candidates(tagger, [SENT]) == [(Candidate(0, 2), Candidate(4, 5))]
    assert ner_candidates(tagger, [SENT[:2]], subranges=True) == [(Candidate(0, 1), Candidate(0, 2), Candidate(1, 2))]


def test_ner_hf_errors(tmp_path):
    with pytest.raises(BackendUnavailable):
        registry.resolve("ner", f"hf:{tmp_path / 'nope'}")
    with pytest.raises(ConfigError):
        registry.resolve("ner", "hf")
    labels = [f"LABEL_{k}" for k in range(3)]
    with pytest.raises(BackendUnavailable) as err:
        HfTagger(str(tiny_token_classifier(tmp_path / "generic", labels, {})), device="cpu")
    assert "id2label" in str(err.value)


def test_ner_hf_plugs_into_projection(iob2_dir):
    from xproj_core.ner import span_source
    from xproj_core.project import ProjectionConfig, project_pair
    from xproj_core.types import Alignment, SentencePair

    src = Sentence.from_words(["Mr", "John", "Smith", "works", "in", "Berlin"], [Span(1, 3, "PER"), Span(5, 6, "LOC")])
    tgt = Sentence.from_words(["Herr", "John", "Smith", "arbeitet", "in", "Berlinstadt"])
    pair = SentencePair("p1", src, tgt)
    alignment = Alignment.from_pairs([(0, 0), (1, 1), (3, 3), (4, 4), (5, 5)])  # "Smith" left unaligned
    spans = span_source(HfTagger(iob2_dir, device="cpu"), [pair])
    assert spans == {"p1": (Span(1, 3, "PER"), Span(5, 6, "LOC"))}
    # NER candidates + NER-probability score (per class) only
    cfg = ProjectionConfig(candidates="ner", scores={f"ner:hf:{iob2_dir}": 1.0})
    assert project_pair(pair, alignment, cfg, candidate_spans=spans).labelled == (Span(1, 3, "PER"), Span(5, 6, "LOC"))
    # alignment alone picks the tight [1, 2) (Dice 0.67 vs 0.5); fused with the class-agnostic NER score
    # (≈1.0 vs 1.15 with the length bonus) the whole name wins
    align_only = ProjectionConfig(candidates="ngram")
    assert Span(1, 2, "PER") in project_pair(pair, alignment, align_only).labelled
    fused = ProjectionConfig(candidates="ngram", scores={"align": 0.5, f"ner_spans:hf:{iob2_dir}": 1.0})
    proj = project_pair(pair, alignment, fused)
    assert proj.labelled == (Span(1, 3, "PER"), Span(5, 6, "LOC"))
    assert {n for c in proj.evidence[0].candidates for n, _ in c.components} >= {"align", "ner_spans"}
