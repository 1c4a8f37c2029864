"""The `xproj` command end to end on tiny files (alignments given, so no training)."""

from __future__ import annotations

import json

import pytest

from xproj_core.cli import main
from xproj_core.io.conll import read_tagged

SRC = "Angela\tB-PER\nMerkel\tI-PER\nvisited\tO\nParis\tB-LOC\n.\tO\n\nThe\tO\nUN\tB-ORG\nmet\tO\n\n"
TGT = "Angela Merkel besuchte Paris .\nDie UNO traf sich\n"
LINKS = "0-0 1-1 2-2 3-3 4-4\n0-0 1-1 2-2\n"
GOLD = "Angela\tB-PER\nMerkel\tI-PER\nbesuchte\tO\nParis\tB-LOC\n.\tO\n\nDie\tO\nUNO\tB-ORG\ntraf\tO\nsich\tO\n\n"


@pytest.fixture
def files(tmp_path):
    for name, text in {"src.tsv": SRC, "tgt.txt": TGT, "links.txt": LINKS, "gold.tsv": GOLD}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("method,solver", [("matching", "greedy"), ("matching", "exact"), ("heuristic", "greedy")])
def test_project_with_given_alignments(files, method, solver):
    out = files / "out.tsv"
    rc = main(["project", "--source", str(files / "src.tsv"), "--target", str(files / "tgt.txt"), "--output", str(out),
               "--aligner", f"pharaoh:{files / 'links.txt'}", "--method", method, "--solver", solver, "-q"])
    assert rc == 0
    sents = read_tagged(out)
    assert [s.words for s in sents] == [tuple(TGT.split("\n")[0].split()), tuple(TGT.split("\n")[1].split())]
    assert [(s.start, s.end, s.label) for s in sents[0].spans] == [(0, 2, "PER"), (3, 4, "LOC")]
    assert [(s.start, s.end, s.label) for s in sents[1].spans] == [(1, 2, "ORG")]
    # the output evaluates perfectly against the gold
    rc = main(["evaluate", "--gold", str(files / "gold.tsv"), "--pred", str(out), "--json"])
    assert rc == 0


def test_evaluate_json(files, capsys):
    pred = files / "pred.tsv"
    pred.write_text(GOLD.replace("B-ORG", "B-LOC"), encoding="utf-8")
    assert main(["evaluate", "--gold", str(files / "gold.tsv"), "--pred", str(pred), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["micro"]["tp"] == 2 and report["micro"]["fp"] == 1 and report["micro"]["fn"] == 1
    assert report["untyped"]["f1"] == 1.0
    assert report["errors"]["wrong_type"] == 1


def test_bad_input_is_a_clear_error(files, capsys):
    bad = files / "bad.tsv"
    bad.write_text("Angela\tB-PER\nMerkel\tX-PER\n\n", encoding="utf-8")
    rc = main(["project", "--source", str(bad), "--target", str(files / "tgt.txt"), "--output", str(files / "o.tsv"), "-q"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("xproj: error: ") and "bad.tsv:2" in err
    assert not (files / "o.tsv").exists()


def test_mismatched_sentence_counts(files, capsys):
    three = files / "three.txt"
    three.write_text(TGT + "Noch ein Satz\n", encoding="utf-8")
    rc = main(["project", "--source", str(files / "src.tsv"), "--target", str(three),
               "--output", str(files / "o.tsv"), "--aligner", "ortho", "-q"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "three.txt" in err and "3" in err and "2" in err


def test_unknown_aligner_lists_valid_names(files, capsys):
    rc = main(["project", "--source", str(files / "src.tsv"), "--target", str(files / "tgt.txt"),
               "--output", str(files / "o.tsv"), "--aligner", "giza", "-q"])
    err = capsys.readouterr().err
    assert rc == 2 and "giza" in err and "fusion" in err


def test_align_and_align_eval(files, capsys):
    par = files / "par.txt"
    par.write_text("Paris is big ||| Paris ist groß\nBerlin 2024 ||| Berlin 2024\n", encoding="utf-8")
    out = files / "out.pharaoh"
    assert main(["align", "--input", str(par), "--output", str(out), "--aligner", "ortho", "-q"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "0-0" in lines[0].split() and {"0-0", "1-1"} <= set(lines[1].split())
    gold = files / "gold.align"
    gold.write_text("1-1 2-2 3p3\n1-1 2-2\n", encoding="utf-8")
    assert main(["align-eval", "--gold", str(gold), "--pred", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert 0.0 <= report["aer"] <= 1.0 and report["sentences"] == 2


def test_backends_lists_stages(capsys):
    assert main(["backends"]) == 0
    out = capsys.readouterr().out
    assert "aligner:" in out and "fusion" in out and "solver:" in out


def test_unknown_backend_option_is_a_config_error():
    from xproj_core.errors import ConfigError
    from xproj_core.registry import resolve

    with pytest.raises(ConfigError, match="bogus"):
        resolve("aligner", "fusion", bogus=1)


def test_aligner_options_reach_the_backend(files, capsys):
    par = files / "par.txt"
    par.write_text("Moskau ||| Moskva\n", encoding="utf-8")
    out = files / "out.pharaoh"
    # a similarity threshold of 0.99 rejects the near-identical pair, 0.5 accepts it
    assert main(["align", "--input", str(par), "--output", str(out), "--aligner", "ortho", "--aligner-opt", "threshold=0.99", "-q"]) == 0
    assert out.read_text(encoding="utf-8").strip() == ""
    assert main(["align", "--input", str(par), "--output", str(out), "--aligner", "ortho", "--aligner-opt", "threshold=0.5", "-q"]) == 0
    assert out.read_text(encoding="utf-8").strip() == "0-0"
    assert main(["align", "--input", str(par), "--output", str(out), "--aligner", "ortho", "--aligner-opt", "nonsense=1", "-q"]) == 2
    assert "nonsense" in capsys.readouterr().err


def test_case_agreement_flag(files):
    from xproj_core.cli import build_parser
    from xproj_core.cli.project import config_from_args

    base = ["project", "--source", "s", "--target", "t", "--output", "o"]
    assert config_from_args(build_parser().parse_args(base)).case_agreement == "entity"
    off = config_from_args(build_parser().parse_args(base + ["--case-agreement", "off"]))
    assert off.case_agreement == "off" and "nocase" in off.signature()
