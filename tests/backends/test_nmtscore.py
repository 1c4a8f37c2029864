"""NMTScore direct on a tiny local NLLB-style model: maths, batching, pass counts, caches, fusion."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tiny_seq2seq import tiny_seq2seq
from xproj_core import registry
from xproj_core.errors import ConfigError
from xproj_core.nmtscore import NMTScorer
from xproj_core.types import Alignment, Candidate, Sentence, SentencePair, Span


def _pair(src_lang="en", tgt_lang="sw"):
    src = Sentence.from_words("Angela Merkel visited Nairobi .".split(), [Span(0, 2, "PER"), Span(3, 4, "LOC")],
                              lang=src_lang)
    tgt = Sentence.from_words("Merkel alitembelea Nairobi jana .".split(), lang=tgt_lang)
    return SentencePair("p1", src, tgt)


CANDS = [Candidate(0, 1), Candidate(0, 2), Candidate(2, 3)]


def _manual_ce(m, b, b_lang, a, a_lang):
    """Unbatched reference: mean −log p over A's tokens after the language token, EOS included."""
    import torch

    enc = torch.tensor([m.source_ids([b], b_lang, a_lang)[0]])
    a_ids = m._ids([a], target=True)[0] + [m.eos]
    dec = torch.tensor([m.decoder_prefix(a_lang) + a_ids[:-1]])
    with torch.no_grad():
        logp = torch.log_softmax(m.model(input_ids=enc, decoder_input_ids=dec).logits[0], -1)
    first = len(m.decoder_prefix(a_lang)) - 1
    return -float(np.mean([logp[first + k, t].item() for k, t in enumerate(a_ids)]))


def test_cross_entropy_matches_unbatched_reference():
    m = tiny_seq2seq("nllb")
    items = [("Angela Merkel", "en", "Merkel", "sw"), ("Nairobi", "sw", "Angela Merkel visited", "en"),
             ("x", "en", "Merkel alitembelea Nairobi", "sw")]
    batched = m.cross_entropy(items, batch_size=8)
    for it, got in zip(items, batched):
        assert got == pytest.approx(_manual_ce(m, *it), abs=1e-4)


def test_score_is_symmetric_normalised_direct():
    m = tiny_seq2seq("nllb")
    scorer = NMTScorer(m, threshold=0.0)
    pair = _pair()
    out = scorer.score(pair, Alignment(), CANDS)
    assert out.shape == (2, 3) and (out >= 0).all()
    p = lambda b, lb, a, la: 2 ** (-_manual_ce(m, b, lb, a, la))  # noqa: E731
    e, c = "Angela Merkel", "Merkel"
    want = (p(c, "sw", e, "en") / p(e, "en", e, "en") + p(e, "en", c, "sw") / p(c, "sw", c, "sw")) / 2
    assert out[0, 0] == pytest.approx(want, rel=1e-3)


def test_identical_phrase_same_language_scores_one():
    scorer = NMTScorer(tiny_seq2seq("nllb"), threshold=0.0)
    src = Sentence.from_words(["Nairobi", "jana"], [Span(0, 1, "LOC")], lang="sw")
    tgt = Sentence.from_words(["Nairobi", "jana"], lang="sw")
    out = scorer.score(SentencePair("m", src, tgt), Alignment(), [Candidate(0, 1), Candidate(1, 2)])
    assert out[0, 0] == pytest.approx(1.0)
    assert out[0, 1] != pytest.approx(1.0)


def test_threshold_zeroes_low_scores():
    m = tiny_seq2seq("nllb")
    raw = NMTScorer(m, threshold=0.0).score(_pair(), Alignment(), CANDS)
    thr = float(np.median(raw))
    cut = NMTScorer(m, threshold=thr).score(_pair(), Alignment(), CANDS)
    assert ((cut == 0) == (raw <= thr)).all()
    assert NMTScorer(m).threshold == 0.1


def test_pass_counts_and_memory_cache():
    scorer = NMTScorer(tiny_seq2seq("nllb"))
    pair = _pair()
    before = scorer.model.forward_passes
    scorer.score(pair, Alignment(), CANDS)
    n_e, n_c = 2, 3
    assert scorer.passes == 2 * n_e * n_c + n_e + n_c  # 17 <= 4 per pair (24)
    assert scorer.model.forward_passes - before == scorer.passes
    scorer.score(pair, Alignment(), CANDS)
    assert scorer.passes == 17  # second call: everything cached
    one_way = NMTScorer(tiny_seq2seq("nllb"), both_directions=False)
    one_way.score(pair, Alignment(), CANDS)
    assert one_way.passes == n_e * n_c + n_c


def test_persistent_cache_survives_new_scorer(tmp_path):
    m = tiny_seq2seq("nllb")
    first = NMTScorer(m, cache=tmp_path / "nmt")
    a = first.score(_pair(), Alignment(), CANDS)
    second = registry.resolve("scorer", "nmt", model=m, cache=str(tmp_path / "nmt"))
    b = second.score(_pair(), Alignment(), CANDS)
    assert second.passes == 0 and np.allclose(a, b)


def test_precompute_batches_many_sentences():
    scorer = NMTScorer(tiny_seq2seq("nllb"))
    pairs = [_pair(), _pair()]
    scorer.precompute(pairs, [CANDS, CANDS])
    passes = scorer.passes
    scorer.score(pairs[0], Alignment(), CANDS)
    assert scorer.passes == passes == 17  # duplicates de-duplicated, score() fully cached


def test_languages_required_and_checked():
    scorer = NMTScorer(tiny_seq2seq("nllb"))
    with pytest.raises(ConfigError, match="languages"):
        scorer.score(_pair("", ""), Alignment(), CANDS)
    scorer = NMTScorer(tiny_seq2seq("nllb"), src_lang="en", tgt_lang="sw")
    assert scorer.score(_pair("", ""), Alignment(), CANDS).shape == (2, 3)
    with pytest.raises(ConfigError, match="eng_Latn"):  # a language the tiny model lacks
        NMTScorer(tiny_seq2seq("nllb")).score(_pair("en", "it"), Alignment(), CANDS)


def test_nmt_is_a_fusion_component():
    from xproj_core.scoring import DiceScorer, FusedScorer

    pair = _pair()
    align = Alignment.from_pairs([(0, 0), (1, 0), (3, 2)])
    nmt = NMTScorer(tiny_seq2seq("nllb"))
    fused = FusedScorer([("align", 0.5, DiceScorer()), ("nmt", 1.0, nmt)])  # preset align_nmt (§6.4)
    total, parts = fused.score_components(pair, align, CANDS)
    assert set(parts) == {"align", "nmt"}
    assert np.allclose(total, 0.5 * parts["align"] + parts["nmt"])
    assert math.isclose(parts["align"][1, 2], 1.0)


def test_nmt_by_spec_in_projection_config(tmp_path, monkeypatch):
    """``scores={"align": 0.5, "nmt:MODEL": 1}`` builds the scorer through the registry, persistent cache on."""
    from tiny_seq2seq import tiny_dir
    from xproj_core.project import ProjectionConfig, project_pair

    monkeypatch.setenv("XPROJ_CACHE", str(tmp_path / "cache"))
    config = ProjectionConfig(scores={"align": 0.5, f"nmt:{tiny_dir('nllb')}": 1.0}, max_len=3)
    pair = _pair()
    proj = project_pair(pair, Alignment.from_pairs([(0, 0), (1, 0), (3, 2)]), config)
    assert len(proj.spans) >= 1
    names = {n for ev in proj.evidence for c in ev.candidates for n, _ in c.components}
    assert "nmt" in names
    assert (tmp_path / "cache" / "cache.sqlite").is_file()


def test_bilingual_marian_needs_one_direction():
    with pytest.raises(ConfigError, match="one direction"):
        NMTScorer(tiny_seq2seq("marian-bilingual"))
    scorer = NMTScorer(tiny_seq2seq("marian-bilingual"), both_directions=False)
    src = Sentence.from_words(["Berlin"], [Span(0, 1, "LOC")], lang="en")
    out = scorer.score(SentencePair("m", src, Sentence.from_words(["Berlin", "ist"], lang="de")), Alignment(),
                       [Candidate(0, 1), Candidate(0, 2)])
    assert out.shape == (1, 2) and scorer.passes == 2 + 2  # 2 pairs + 2 candidate self-scores
