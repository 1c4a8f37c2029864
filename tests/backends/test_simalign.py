"""SimAlign backend: matching methods on small matrices, then the aligner on a tiny local BERT."""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pytest

from tiny_encoders import tiny_bert
from xproj_core import registry
from xproj_core.align import Aligner
from xproj_core.align.simalign import SimAligner, distort, intersect, itermax, match, max_weight_match, similarity
from xproj_core.errors import BackendUnavailable, ConfigError


def pairs_of(mat: np.ndarray) -> set[tuple[int, int]]:
    return {(int(i), int(j)) for i, j in zip(*np.nonzero(mat))}


# -- matching methods -----------------------------------------------------------------------
def test_simalign_similarity_is_shifted_cosine():
    x = np.array([[1.0, 0.0], [0.0, 2.0]])
    y = np.array([[3.0, 0.0], [-1.0, 0.0]])
    assert np.allclose(similarity(x, y), [[1.0, 0.0], [0.5, 0.5]])


def test_simalign_inter_needs_both_argmaxes():
    sim = np.array([[0.9, 0.8, 0.1],
                    [0.95, 0.2, 0.3],
                    [0.1, 0.7, 0.6]])
    # row 0 → col 0 but col 0 prefers row 1; row 2 → col 1 and col 1 → row 0 (0.8 > 0.7)
    assert pairs_of(intersect(sim)) == {(1, 0)}


def test_simalign_itermax_adds_links_for_unaligned_words():
    sim = np.array([[0.9, 0.1, 0.2, 0.1],
                    [0.8, 0.3, 0.7, 0.2],
                    [0.1, 0.6, 0.2, 0.1],
                    [0.1, 0.2, 0.3, 0.9]])
    inter = pairs_of(intersect(sim))
    assert inter == {(0, 0), (2, 1), (3, 3)}
    # row 1 is unaligned; column 0 is taken, so its cell counts 0.9·0.8 = 0.72 > 0.7 → (1, 0)
    assert pairs_of(itermax(sim)) == inter | {(1, 0)}
    sim[1, 2] = 0.75  # now the fully free cell wins → (1, 2)
    assert pairs_of(itermax(sim)) == inter | {(1, 2)}
    assert pairs_of(itermax(sim[:2, :2])) == pairs_of(intersect(sim[:2, :2]))  # ≤ 2 words: inter only


def test_simalign_mwmf_is_the_maximum_weight_matching():
    rng = np.random.default_rng(1)
    for shape in [(3, 4), (4, 3), (4, 4)]:
        sim = rng.uniform(size=shape)
        got = max_weight_match(sim)
        m, n = shape
        # brute force over all matchings of size min(m, n)
        k = min(m, n)
        best = max(((sum(sim[r, c] for r, c in zip(rs, cs)), set(zip(rs, cs)))
                    for rs in itertools.combinations(range(m), k)
                    for cs in itertools.permutations(range(n), k)), key=lambda t: t[0])
        assert pairs_of(got) == best[1]


def test_simalign_mwmf_matches_networkx():
    pytest.importorskip("networkx")
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "bench"))
    from bench_simalign_matching import networkx_match

    sim = np.random.default_rng(7).uniform(size=(12, 15))
    assert np.array_equal(networkx_match(sim), max_weight_match(sim))


def test_simalign_distortion_penalises_off_diagonal():
    sim = np.ones((3, 3))
    d = distort(sim, 0.5)
    assert np.allclose(np.diag(d), 1.0) and d[0, 2] == pytest.approx(0.5) and d[0, 1] == pytest.approx(0.875)
    assert distort(sim, 0.0) is sim


def test_simalign_unknown_method_lists_valid_ones():
    with pytest.raises(ConfigError) as err:
        match(np.ones((2, 2)), "hungarian")
    assert "itermax" in str(err.value)
    assert pairs_of(match(np.eye(2), "a")) == {(0, 0), (1, 1)}  # SimAlign letter codes


def test_simalign_and_ner_modules_import_light():
    code = ("import sys, xproj_core.align.simalign, xproj_core.ner.hf, xproj_core.ner.spacy, xproj_core.ner_score\n"
            "from xproj_core.hf_encode import pick_device\n"
            "print(pick_device('cpu'), *[m in sys.modules for m in ('torch', 'transformers', 'spacy', 'simalign')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["cpu", "False", "False", "False", "False"]


# -- the aligner on a tiny model --------------------------------------------------------------
@pytest.fixture(scope="module")
def bert_dir(tmp_path_factory):
    return str(tiny_bert(tmp_path_factory.mktemp("simalign") / "bert", positions=False))


PERMUTED = [
    (["John", "Smith", "lives", "in", "Berlin"], ["in", "Berlin", "lives", "John", "Smith"]),
    (["Berlinstadt", "cat", "Paris"], ["Paris", "Berlinstadt", "cat"]),  # "Berlinstadt" = 6 sub-tokens
    (["القاهرة", "مدينة", "Paris"], ["Paris", "القاهرة", "مدينة"]),      # RTL (no sub-token shared)
    (["東", "京", "は"], ["は", "東", "京"]),                              # CJK
]


@pytest.mark.slow
@pytest.mark.parametrize("token_type", ["bpe", "word"])
def test_simalign_recovers_a_permutation(bert_dir, token_type):
    # without position embeddings a word's vector ignores order, so every method finds the permutation
    aligner = SimAligner(bert_dir, layer=2, token_type=token_type, device="cpu")
    results = aligner.align_methods(PERMUTED, methods=("inter", "itermax", "mwmf"))
    for (src, tgt), res in zip(PERMUTED, results):
        expected = {(i, tgt.index(w)) for i, w in enumerate(src)}
        for method, alignment in res.items():
            assert alignment.pairs() == expected, (method, src)
            assert all(0.99 <= link.score <= 1.0 for link in alignment)


@pytest.mark.slow
def test_simalign_word_similarities_and_device(bert_dir):
    import torch

    aligner = SimAligner(bert_dir, layer=2, method="inter")  # device="auto"
    assert aligner.device == ("cuda" if torch.cuda.is_available() else aligner.device)
    src, tgt = PERMUTED[1]
    (mat,) = aligner.word_similarities([(src, tgt)])
    assert mat.shape == (3, 3) and np.allclose(mat[[0, 1, 2], [1, 2, 0]], 1.0) and (mat <= 1.0 + 1e-9).all()
    (alignment,) = aligner.align([(src, tgt)])
    assert all(link.score == pytest.approx(mat[link.src, link.tgt]) for link in alignment)


@pytest.mark.slow
def test_simalign_registry_builds_from_a_local_dir(bert_dir):
    aligner = registry.resolve("aligner", f"simalign:{bert_dir}?layer=1&method=inter", method="mwmf", extra_parallel=[])
    assert isinstance(aligner, Aligner) and (aligner.method, aligner.layer) == ("mwmf", 1)  # keyword beats spec
    seen = []
    out = aligner.align([(["a", "cat"], ["cat", "a"]), ([], ["cat"]), (["mat"], [])], progress=lambda d, t: seen.append((d, t)))
    assert out[0].pairs() == {(0, 1), (1, 0)}
    assert len(out[1]) == 0 and len(out[2]) == 0  # empty sides give empty alignments
    assert seen[-1] == (3, 3)
    with pytest.raises(ConfigError) as err:  # the paper's layer 8 does not exist in a 2-layer model
        registry.resolve("aligner", f"simalign:{bert_dir}")
    assert "?layer=N" in str(err.value)


@pytest.mark.slow
def test_simalign_long_sentences_are_windowed_not_truncated(bert_dir):
    words = "John Smith lives in Berlin and Angela Merkel visited Paris London".split()
    src, tgt = words * 2, list(reversed(words * 2))
    aligner = SimAligner(bert_dir, layer=2, method="mwmf", window=8, device="cpu")  # 6 sub-tokens per pass
    (alignment,) = aligner.align([(src, tgt)])
    assert {link.src for link in alignment} == set(range(len(src)))
    assert {link.tgt for link in alignment} == set(range(len(tgt)))


@pytest.mark.slow
def test_simalign_runs_in_the_projection_pipeline(bert_dir):
    from xproj_core.pipeline import run
    from xproj_core.types import Sentence, SentencePair, Span

    src = Sentence.from_words(["John", "Smith", "lives", "in", "Berlin"], [Span(0, 2, "PER"), Span(4, 5, "LOC")])
    tgt = Sentence.from_words(["in", "Berlin", "lives", "John", "Smith"])
    result = run([SentencePair("p", src, tgt)], aligner=f"simalign:{bert_dir}?layer=2&method=itermax")
    assert result.projections[0].labelled == (Span(1, 2, "LOC"), Span(3, 5, "PER"))


def test_simalign_bad_inputs_are_reported(tmp_path):
    with pytest.raises(ConfigError):
        registry.resolve("aligner", "simalign:whatever", method="best")
    with pytest.raises(ConfigError) as err:
        registry.resolve("aligner", "simalign:whatever?layers=3")
    assert "token_type" in str(err.value)
    with pytest.raises(ConfigError):
        registry.resolve("aligner", "simalign:whatever?layer=eight")
    with pytest.raises(BackendUnavailable) as err:
        registry.resolve("aligner", f"simalign:{tmp_path / 'missing-model'}")
    assert "missing-model" in str(err.value)


def test_hf_encode_falls_back_to_word_by_word():
    from xproj_core.hf_encode import encode_words

    class ByteTokenizer:  # refuses pre-split input, like byte-level BPE without add_prefix_space
        def __call__(self, text, **kw):
            if not isinstance(text, str):
                raise ValueError("pre-tokenized input needs add_prefix_space=True")
            return {"input_ids": list(text.encode())}

    out = encode_words(ByteTokenizer(), [["ab", "", "é"], []])
    assert out[0].ids == (97, 98, 195, 169) and out[0].word_of.tolist() == [0, 0, 2, 2]  # "" has no sub-token
    assert out[1].ids == () and len(out[1].word_of) == 0
