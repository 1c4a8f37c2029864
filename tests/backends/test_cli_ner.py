"""`xproj project` with NER candidates and NER scores from a (tiny, local) spaCy pipeline."""

from __future__ import annotations

import pytest

from tiny_encoders import tiny_spacy
from xproj_core.cli import main
from xproj_core.io.conll import read_tagged

SRC = "John\tB-PER\nSmith\tI-PER\nlives\tO\nin\tO\nBerlin\tB-LOC\n\n"
TGT = "John Smith wohnt in Berlin\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "src.tsv").write_text(SRC, encoding="utf-8")
    (tmp_path / "tgt.txt").write_text(TGT, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("extra", [
    ["--candidates", "ner"],
    ["--candidates", "union"],
    ["--score", "align=0.5", "--score", "ner_spans=0.5"],
])
def test_project_with_spacy_ner(files, extra):
    model = tiny_spacy(files / "spacy")
    out = files / "out.tsv"
    rc = main(["project", "--source", str(files / "src.tsv"), "--target", str(files / "tgt.txt"), "--output", str(out),
               "--aligner", "ortho", "--target-ner", f"spacy:{model}", "-q", *extra])
    assert rc == 0
    (sent,) = read_tagged(out)
    assert [(s.start, s.end, s.label) for s in sent.spans] == [(0, 2, "PER"), (4, 5, "LOC")]


def test_ner_candidates_need_a_model(files, capsys):
    rc = main(["project", "--source", str(files / "src.tsv"), "--target", str(files / "tgt.txt"),
               "--output", str(files / "o.tsv"), "--aligner", "ortho", "--candidates", "ner", "-q"])
    assert rc == 2 and "--target-ner" in capsys.readouterr().err
