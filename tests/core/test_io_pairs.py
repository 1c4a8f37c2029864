"""Pairing source and target sentences."""

from __future__ import annotations

import pytest

from xproj_core.errors import InputError
from xproj_core.io.pairs import make_pairs
from xproj_core.types import Sentence


def test_pairs_ids_from_source_or_index():
    src = [Sentence(("a",), id="s-1"), Sentence(("b",))]
    tgt = [Sentence(("x",)), Sentence(("y",), id="t-2")]
    pairs = make_pairs(src, tgt, "en.iob2", "de.txt")
    assert [p.id for p in pairs] == ["s-1", "1"]
    assert pairs[1].src is src[1] and pairs[1].tgt is tgt[1]


def test_pairs_count_mismatch_names_both_files():
    with pytest.raises(InputError) as e:
        make_pairs([Sentence(("a",))] * 3, [Sentence(("b",))] * 2, "en.iob2", "de.txt")
    msg = str(e.value)
    assert "en.iob2" in msg and "de.txt" in msg and "3" in msg and "2" in msg


def test_pairs_duplicate_ids():
    with pytest.raises(InputError) as e:
        make_pairs([Sentence(("a",), id="1"), Sentence(("b",))], [Sentence(("x",))] * 2, "en", "de")
    assert "'1'" in e.value.reason
