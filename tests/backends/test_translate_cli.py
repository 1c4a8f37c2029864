"""``xproj translate`` and ``xproj pipeline …`` through ``main(argv)``, offline."""

from __future__ import annotations

from tiny_seq2seq import tiny_dir
from xproj_core.cli import main

CONLL = "John\tB-PER\nlives\tO\nin\tO\nBerlin\tB-LOC\n.\tO\n\nParis\tB-LOC\nis\tO\nbig\tO\n.\tO\n"


def test_translate_given_file(tmp_path, capsys):
    (tmp_path / "in.txt").write_text("Hello world\nBye\n", encoding="utf-8")
    (tmp_path / "t.tsv").write_text("Hello world\tHallo Welt\nBye\tTschüss!\n", encoding="utf-8")
    rc = main(["translate", "--input", str(tmp_path / "in.txt"), "--output", str(tmp_path / "out.txt"), "--src-lang",
               "en", "--tgt-lang", "de", "--translator", f"given:{tmp_path / 't.tsv'}", "--tokenize-output"])
    assert rc == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "Hallo Welt\nTschüss !\n"
    assert "translated 2 sentences en->de" in capsys.readouterr().err


def test_translate_hf_uses_persistent_cache(tmp_path, capsys):
    (tmp_path / "in.txt").write_text("Nairobi .\nAngela Merkel\n", encoding="utf-8")
    argv = ["translate", "--input", str(tmp_path / "in.txt"), "--output", str(tmp_path / "out.txt"), "--src-lang", "en",
            "--tgt-lang", "sw", "--translator", f"hf:{tiny_dir('nllb')}", "--cache", str(tmp_path / "cache"),
            "--device", "cpu"]
    assert main(argv) == 0
    assert "0 from cache" in capsys.readouterr().err
    first = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert main(argv) == 0
    assert "2 from cache" in capsys.readouterr().err
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == first and len(first.splitlines()) == 2


def test_translate_errors_exit_2(tmp_path, capsys):
    (tmp_path / "in.txt").write_text("x\n", encoding="utf-8")
    base = ["translate", "--input", str(tmp_path / "in.txt"), "--output", str(tmp_path / "o"), "--src-lang", "en"]
    assert main(base + ["--tgt-lang", "it", "--translator", f"hf:{tiny_dir('nllb')}", "--no-cache"]) == 2
    assert "xproj: error: unknown language for" in capsys.readouterr().err
    assert main(base + ["--tgt-lang", "de", "--preset", "offline"]) == 2
    assert "given:FILE" in capsys.readouterr().err


def test_pipeline_translate_train_offline_preset(tmp_path, capsys):
    (tmp_path / "src.tsv").write_text(CONLL, encoding="utf-8")
    (tmp_path / "t.tsv").write_text("John lives in Berlin.\tJohn wohnt in Berlin.\nParis is big.\tParis ist groß.\n",
                                    encoding="utf-8")
    rc = main(["pipeline", "translate-train", "--input", str(tmp_path / "src.tsv"), "--output", str(tmp_path / "o.tsv"),
               "--src-lang", "en", "--tgt-lang", "de", "--preset", "offline", "--translator",
               f"given:{tmp_path / 't.tsv'}", "--quiet", "--method", "heuristic"])
    err = capsys.readouterr().err
    assert rc == 0, err
    lines = (tmp_path / "o.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[0].split("\t")[0] == "John" and lines[3].split("\t")[0] == "Berlin"
    assert "translate-train:" in err and "translate" in err and "align" in err


def test_pipeline_model_transfer_scores_gold(tmp_path, capsys):
    from tiny_encoders import tiny_token_classifier

    ner = tiny_token_classifier(tmp_path / "ner", lexicon={"Berlin": "B-LOC", "Paris": "B-LOC"})
    (tmp_path / "tgt.tsv").write_text(CONLL, encoding="utf-8")
    rc = main(["pipeline", "model-transfer", "--input", str(tmp_path / "tgt.tsv"), "--output", str(tmp_path / "o.tsv"),
               "--ner", f"hf:{ner}", "--keep-labels", "LOC"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "span F1 against the input's labels: 100.0" in err
    assert "Berlin\tB-LOC" in (tmp_path / "o.tsv").read_text(encoding="utf-8")


def test_pipeline_translate_test_from_local_dataset(tmp_path, capsys):
    """--dataset NAME:LANG with --dataset-source: hub layout read offline; MISC mapped to O on both sides."""
    import datasets
    from tiny_encoders import tiny_token_classifier

    names = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
    feats = datasets.Features({"tokens": datasets.Sequence(datasets.Value("string")),
                               "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names))})
    ds = datasets.Dataset.from_dict({"tokens": [["Berlin", "ist", "groß"]], "ner_tags": [[5, 0, 0]]}, features=feats)
    datasets.DatasetDict({"test": ds}).save_to_disk(str(tmp_path / "PAN-X.de"))
    (tmp_path / "t.tsv").write_text("Berlin ist groß\tBerlin is big\n", encoding="utf-8")
    ner = tiny_token_classifier(tmp_path / "ner", lexicon={"Berlin": "B-LOC"})
    rc = main(["pipeline", "translate-test", "--dataset", "wikiann:de", "--dataset-source", str(tmp_path),
               "--output", str(tmp_path / "o.tsv"), "--tgt-lang", "de", "--translator", f"given:{tmp_path / 't.tsv'}",
               "--ner", f"hf:{ner}", "--aligner", "ortho", "--quiet"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "span F1 against the input's labels: 100.0" in err
    assert (tmp_path / "o.tsv").read_text(encoding="utf-8").startswith("Berlin\tB-LOC")
    assert main(["pipeline", "translate-test", "--output", "x", "--tgt-lang", "de"]) == 2
    assert "exactly one of --input" in capsys.readouterr().err
