"""pipeline.run: alignment per language pair, projection, progress and timings."""

import pytest

from xproj_core.errors import InputError
from xproj_core.pipeline import RunResult, align_pairs, language_groups, run
from xproj_core.project import ProjectionConfig
from xproj_core.types import Alignment, Sentence, SentencePair, Span

CALLS = []


class DiagonalAligner:
    """Links word i to word i; records each batch (a stand-in for a statistical aligner)."""

    name = "diag"

    def __init__(self, extra_parallel=None):
        self.extra = extra_parallel

    def align(self, pairs, progress=None):
        CALLS.append((len(pairs), self.extra))
        out = []
        for k, (s, t) in enumerate(pairs):
            out.append(Alignment.from_pairs([(i, i) for i in range(min(len(s), len(t)))]))
            if progress:
                progress(k + 1, len(pairs))
        return out


@pytest.fixture(autouse=True)
def diag_aligner(monkeypatch):
    """Register the fake aligner for these tests only."""
    from xproj_core import registry

    monkeypatch.setitem(registry._BUILDERS["aligner"], "test_diag",
                        lambda arg=None, extra_parallel=None, **_: DiagonalAligner(extra_parallel))
    monkeypatch.setitem(registry.MODULES["aligner"], "test_diag", __name__)


def make(pid, src_lang, tgt_lang, n=4):
    src = Sentence.from_words([f"s{i}" for i in range(n)], [Span(1, 3, "PER")], lang=src_lang)
    tgt = Sentence.from_words([f"t{i}" for i in range(n)], lang=tgt_lang)
    return SentencePair(pid, src, tgt)


def test_groups_by_language_pair_and_keeps_order():
    CALLS.clear()
    pairs = [make("a", "en", "de"), make("b", "en", "sw"), make("c", "en", "de", n=5)]
    assert language_groups(pairs) == {("en", "de"): [0, 2], ("en", "sw"): [1]}
    seen = []
    res = run(pairs, ProjectionConfig(), aligner="test_diag", extra_parallel={("en", "de"): [(["x"], ["y"])]},
              progress=lambda d, t: seen.append((d, t)))
    assert isinstance(res, RunResult)
    assert [c[0] for c in CALLS] == [2, 1]
    assert CALLS[0][1] == [(["x"], ["y"])] and CALLS[1][1] is None
    assert [p.pair_id for p in res.projections] == ["a", "b", "c"]
    assert all(p.labelled == (Span(1, 3, "PER"),) for p in res.projections)
    assert len(res.alignments) == 3 and res.alignments[2].pairs() == {(i, i) for i in range(5)}
    assert {"align", "candidates", "score", "solve"} <= set(res.timings) and "total" not in res.timings
    assert seen[-1] == (6, 6) and all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))
    assert res.config == ProjectionConfig()


def test_aligner_object_positional_and_given_alignments():
    CALLS.clear()
    obj = DiagonalAligner()
    obj.positional = True
    pairs = [make("a", "en", "de"), make("b", "en", "sw")]
    res = run(pairs, ProjectionConfig(method="heuristic"), aligner=obj)
    assert [c[0] for c in CALLS] == [2]
    assert set(res.timings) == {"align", "heuristic"}
    CALLS.clear()
    given = run(pairs, alignments=res.alignments)
    assert CALLS == [] and "align" not in given.timings
    assert [p.labelled for p in given.projections] == [p.labelled for p in res.projections]


def test_wrong_alignment_count_is_input_error():
    class Short(DiagonalAligner):
        def align(self, pairs, progress=None):
            return super().align(pairs)[:-1]

    with pytest.raises(InputError, match="returned 1 alignments for 2"):
        align_pairs([make("a", "en", "de"), make("b", "en", "de")], Short())


def test_pharaoh_file_is_positional(tmp_path):
    pairs = [make("a", "en", "de", n=3), make("b", "en", "sw", n=3), make("c", "en", "de", n=3)]
    links = tmp_path / "links.txt"
    links.write_text("0-0 1-1 2-2\n0-0 1-2 2-1\n0-1 1-1 2-2\n", encoding="utf-8")
    res = run(pairs, ProjectionConfig(), aligner=f"pharaoh:{links}")
    assert res.alignments[1].pairs() == {(0, 0), (1, 2), (2, 1)}
    assert res.alignments[2].pairs() == {(0, 1), (1, 1), (2, 2)}
    assert [p.labelled for p in res.projections][1] == (Span(1, 3, "PER"),)
