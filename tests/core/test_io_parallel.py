"""``src ||| tgt`` parallel text."""

from __future__ import annotations

import pytest

from _io_samples import UNICODE_SENTENCES
from xproj_core.errors import InputError
from xproj_core.io.parallel import format_parallel, read_parallel, write_parallel
from xproj_core.types import SentencePair


def test_parallel_reads_lines_with_extra_spaces(tmp_path):
    p = tmp_path / "x.src-tgt"
    p.write_text("2 .   ||| 2 .  \r\nle  chat |||  the cat\n東京\u3000駅 ||| Tokyo Station\n", encoding="utf-8")
    assert read_parallel(p) == [(["2", "."], ["2", "."]), (["le", "chat"], ["the", "cat"]),
                                (["東京\u3000駅"], ["Tokyo", "Station"])]


@pytest.mark.parametrize("line,reason", [("no separator here", "missing"), ("a ||| b ||| c", "2 '|||'")])
def test_parallel_bad_line(tmp_path, line, reason):
    p = tmp_path / "x.txt"
    p.write_text(f"a ||| b\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_parallel(p)
    assert e.value.line == 2 and reason in e.value.reason


def test_parallel_round_trip_unicode(tmp_path):
    pairs = [SentencePair(s.id, s, t) for s, t in zip(UNICODE_SENTENCES, reversed(UNICODE_SENTENCES))]
    p = tmp_path / "out.txt"
    write_parallel(pairs, p)
    assert read_parallel(p) == [(list(x.src.words), list(x.tgt.words)) for x in pairs]
    assert format_parallel([(["a"], ["b", "c"])]) == "a ||| b c\n"
    with pytest.raises(ValueError):
        format_parallel([(["a b"], ["c"])])
