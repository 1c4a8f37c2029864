"""Hub dataset loaders on tiny local copies in the hub layout (no network)."""

from __future__ import annotations

import pytest

datasets = pytest.importorskip("datasets")

from xproj_core import datasets as xd  # noqa: E402
from xproj_core.errors import BackendUnavailable, ConfigError, InputError  # noqa: E402
from xproj_core.types import Span  # noqa: E402

MASAKHA_TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-DATE", "I-DATE"]
EUROPARL_TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]


def _save(path, rows, names, split="test", extra=None):
    feats = datasets.Features({"id": datasets.Value("string"), "tokens": datasets.Sequence(datasets.Value("string")),
                               "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names)), **(extra or {})})
    ds = datasets.Dataset.from_dict(rows, features=feats)
    datasets.DatasetDict({split: ds}).save_to_disk(str(path))
    return path


def test_masakhaner2_layout_maps_date_and_repairs_iob(tmp_path):
    t = MASAKHA_TAGS.index
    rows = {"id": ["0", "1"],
            "tokens": [["Rais", "Samia", "Suluhu", "alifika", "Jumatatu"], ["Nairobi", "ni", "mji"]],
            "ner_tags": [[0, t("B-PER"), t("I-PER"), 0, t("B-DATE")], [t("I-LOC"), 0, 0]]}  # stray I-LOC
    _save(tmp_path / "swa", rows, MASAKHA_TAGS)
    sents = xd.load_sentences("masakhaner2", "swa", source=tmp_path)
    assert [s.spans for s in sents] == [(Span(1, 3, "PER"),), (Span(0, 1, "LOC"),)]  # DATE -> O
    assert sents[0].id == "0" and sents[0].lang == "swa"
    raw = xd.load_sentences("masakhaner", "swa", source=tmp_path, map_labels=False)
    assert Span(4, 5, "DATE") in raw[0].spans
    assert len(xd.load_sentences("masakhaner2", "swa", source=tmp_path, limit=1)) == 1


def test_wikiann_config_dir_and_parallel_europarl(tmp_path):
    t = EUROPARL_TAGS.index
    _save(tmp_path / "PAN-X.de", {"id": ["a"], "tokens": [["Berlin", "Zoo"]], "ner_tags": [[t("B-MISC"), t("B-LOC")]]},
          EUROPARL_TAGS)
    assert xd.load_sentences("panx", "de", source=tmp_path)[0].spans == (Span(1, 2, "LOC"),)  # MISC -> O
    for lang, toks in (("en", ["the", "European", "Parliament"]), ("de", ["das", "Europäische", "Parlament"])):
        _save(tmp_path / "ep" / lang, {"id": [""], "tokens": [toks], "ner_tags": [[0, t("B-ORG"), t("I-ORG")]]},
              EUROPARL_TAGS)
    pairs = xd.load_parallel("europarl-ner", "en", "de", source=tmp_path / "ep")
    assert len(pairs) == 1 and pairs[0].src.spans == pairs[0].tgt.spans == (Span(1, 3, "ORG"),)
    assert pairs[0].src.lang == "en" and pairs[0].tgt.words[1] == "Europäische"
    with pytest.raises(ConfigError):
        xd.load_parallel("wikiann", "en", "de", source=tmp_path)


def test_uner_layout_with_text_and_idx(tmp_path):
    names = EUROPARL_TAGS[:7]
    feats = datasets.Features({"idx": datasets.Value("string"), "text": datasets.Value("string"),
                               "tokens": datasets.Sequence(datasets.Value("string")),
                               "ner_tags": datasets.Sequence(datasets.ClassLabel(names=names)),
                               "annotator": datasets.Sequence(datasets.Value("string"))})
    ds = datasets.Dataset.from_dict({"idx": ["n01001011"], "text": ["Tokyo's mayor"], "tokens": [["Tokyo", "'s", "mayor"]],
                                     "ner_tags": [[5, 0, 0]], "annotator": [["a", "a", "a"]]}, features=feats)
    ds.save_to_disk(str(tmp_path / "en_pud"))
    s = xd.load_sentences("uner", "en", source=tmp_path)[0]
    assert s.id == "n01001011" and s.text == "Tokyo's mayor" and s.spans == (Span(0, 1, "LOC"),)


def test_errors(tmp_path):
    with pytest.raises(ConfigError, match="masakhaner2"):
        xd.load_sentences("conll2099", "en")
    _save(tmp_path / "swa", {"id": ["0"], "tokens": [["a"]], "ner_tags": [[0]]}, MASAKHA_TAGS, split="train")
    with pytest.raises(InputError, match="no split 'test'"):
        xd.load_sentences("masakhaner2", "swa", source=tmp_path)
    assert xd.load_sentences("masakhaner2", "swa", "train", source=tmp_path)[0].words == ("a",)
    with pytest.raises(BackendUnavailable, match="cannot load dataset"):
        xd.load_sentences("masakhaner2", "xx", source=tmp_path / "nowhere")
    with pytest.raises(BackendUnavailable, match="offline"):  # HF_DATASETS_OFFLINE=1 (tests/conftest.py)
        xd.load_sentences("masakhaner2", "swa")
    assert xd.label_map("masakhaner2") == {"DATE": None, "MISC": None}
