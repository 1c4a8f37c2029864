"""Pharaoh hypotheses and sure/possible gold alignments."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xproj_core.errors import InputError
from xproj_core.evaluate import aer
from xproj_core.io.parallel import read_parallel
from xproj_core.io.pharaoh import (
    format_gold, format_pharaoh, read_gold_alignments, read_pharaoh, write_gold_alignments, write_pharaoh,
)
from xproj_core.types import Alignment, GoldAlignment, SentencePair, Sentence


def _file(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    return p


def _err(fn, *a, **kw) -> InputError:
    with pytest.raises(InputError) as e:
        fn(*a, **kw)
    return e.value


def test_pharaoh_reads_links_and_empty_lines(tmp_path):
    al = read_pharaoh(_file(tmp_path, "0-0 2-1 1-1\n\n3-3 3-3\r\n"))
    assert [a.pairs() for a in al] == [{(0, 0), (1, 1), (2, 1)}, set(), {(3, 3)}]
    assert format_pharaoh(al[0]) == "0-0 1-1 2-1"


def test_pharaoh_round_trip(tmp_path):
    al = [Alignment.from_pairs([(0, 1), (1, 0)]), Alignment(), Alignment.from_pairs([(5, 7)])]
    p = tmp_path / "sub" / "links.txt"
    write_pharaoh(al, p)
    assert p.read_text() == "0-1 1-0\n\n5-7\n"
    assert read_pharaoh(p) == al


def test_pharaoh_bad_token(tmp_path):
    e = _err(read_pharaoh, _file(tmp_path, "0-0\n1-1 3-x\n"))
    assert e.line == 2 and "'3-x'" in e.reason
    assert "read_gold_alignments" in _err(read_pharaoh, _file(tmp_path, "1p2\n")).hint


def test_pharaoh_range_and_count_checks(tmp_path):
    pairs = [SentencePair("0", Sentence(("a", "b")), Sentence(("x", "y", "z"))), (1, 1)]
    assert len(read_pharaoh(_file(tmp_path, "1-2 0-0\n0-0\n"), expected=pairs)) == 2
    e = _err(read_pharaoh, _file(tmp_path, "1-2 2-0\n0-0\n"), expected=pairs)
    assert e.line == 1 and "'2-0'" in e.reason and "2 source and 3 target" in e.reason and "1-based" in e.hint
    e = _err(read_pharaoh, _file(tmp_path, "0-0\n"), expected=pairs)
    assert "1 alignment lines but 2 sentence pairs" in e.reason
    # word lists work as lengths too
    assert len(read_pharaoh(_file(tmp_path, "0-1\n"), expected=[(["a"], ["b", "c"])])) == 1


def test_pharaoh_binary_file(tmp_path):
    p = tmp_path / "b.bin"
    p.write_bytes(b"0-0\n\xff\xfe\x00\x00")
    assert _err(read_pharaoh, p).line == 2


def test_gold_sure_possible_one_based(tmp_path):
    g = read_gold_alignments(_file(tmp_path, "1-1 2p3 3-2-P 4-4-S\n\n"))
    assert g[0] == GoldAlignment(frozenset({(0, 0), (3, 3)}), frozenset({(0, 0), (3, 3), (1, 2), (2, 1)}))
    assert g[1] == GoldAlignment()
    assert g[0].sure <= g[0].possible


def test_gold_naacl_layout(tmp_path):
    g = read_gold_alignments(_file(tmp_path, "1 1 1 S\n1 2 3 P\n3 2 2\n"))
    assert len(g) == 3
    assert g[0].sure == {(0, 0)} and g[0].possible == {(0, 0), (1, 2)}
    assert g[1] == GoldAlignment() and g[2].sure == {(1, 1)}


def test_gold_errors(tmp_path):
    e = _err(read_gold_alignments, _file(tmp_path, "1-1\n0-1\n"))
    assert e.line == 2 and "1-based" in e.hint
    assert _err(read_gold_alignments, _file(tmp_path, "1-1 1q2\n")).line == 1
    e = _err(read_gold_alignments, _file(tmp_path, "1-1 2-4\n"), expected=[(2, 3)])
    assert e.line == 1 and "'2-4'" in e.reason


def test_gold_round_trip(tmp_path):
    golds = [GoldAlignment(frozenset({(0, 0)}), frozenset({(0, 0), (1, 2)})), GoldAlignment()]
    assert format_gold(golds[0]) == "1-1 2p3"
    p = tmp_path / "g.gold"
    write_gold_alignments(golds, p)
    assert read_gold_alignments(p) == golds


def _shared() -> Path:
    return Path(os.environ.get("XPROJ_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))


@pytest.mark.skipif(not (_shared() / "data" / "align_gold").is_dir(), reason="shared alignment gold absent")
@pytest.mark.parametrize("pair,expected,n_sure", [("enfr", 4.1, 4038), ("roen", 20.7, 6198)])
def test_gold_published_awesome_align_aer(pair, expected, n_sure):
    base = _shared() / "data" / "align_gold" / pair / pair
    par = read_parallel(f"{base}.src-tgt")
    gold = read_gold_alignments(f"{base}.gold", expected=par)
    hyp = read_pharaoh(f"{base}.awesome-align.out", expected=par)
    scores = aer(gold, hyp)
    assert round(100 * scores.aer, 1) == expected
    assert scores.n_sure == n_sure
