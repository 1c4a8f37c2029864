"""Given alignments read from a Pharaoh file."""

import pytest

from xproj_core import registry
from xproj_core.align.pharaoh import PharaohAligner
from xproj_core.errors import ConfigError, InputError

PAIRS = [(["a", "b"], ["x", "y", "z"]), (["c"], ["w"]), (["d"], ["v"])]


def test_reads_links(tmp_path):
    f = tmp_path / "links.txt"
    f.write_text("0-0 1-2\n\n0-0\n", encoding="utf-8")
    calls = []
    out = registry.resolve("aligner", f"pharaoh:{f}").align(PAIRS, progress=lambda d, t: calls.append((d, t)))
    assert [a.pairs() for a in out] == [{(0, 0), (1, 2)}, set(), {(0, 0)}]
    assert calls[-1] == (3, 3)
    assert PharaohAligner(f).positional


def test_line_count_mismatch(tmp_path):
    f = tmp_path / "links.txt"
    f.write_text("0-0\n0-0\n", encoding="utf-8")
    with pytest.raises(InputError, match="2 alignment lines but 3 sentence pairs") as e:
        PharaohAligner(f).align(PAIRS)
    assert str(f) in str(e.value)


def test_out_of_range_and_bad_token(tmp_path):
    f = tmp_path / "links.txt"
    f.write_text("0-0\n0-1\n0-0\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        PharaohAligner(f).align(PAIRS)
    assert e.value.line == 2
    f.write_text("0-0\nzero-one\n0-0\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        PharaohAligner(f).align(PAIRS)
    assert e.value.line == 2


def test_missing_file_and_spec(tmp_path):
    with pytest.raises(InputError, match="not found"):
        PharaohAligner(tmp_path / "nope.txt").align(PAIRS)
    with pytest.raises(ConfigError, match="pharaoh:"):
        registry.resolve("aligner", "pharaoh")
