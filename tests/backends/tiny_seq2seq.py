"""Tiny seq2seq models built locally for tests: random weights, real loading code paths.

``build_tiny(path, family)`` trains a byte-level BPE tokenizer with ``tokenizers`` on a few
sentences, adds the family's language tokens (NLLB ``eng_Latn``, M2M100 ``__en__``, Marian
multi-target ``>>deu<<`` or none), wraps it in a transformers fast tokenizer, builds a tiny
M2M100 (NLLB shares its architecture) or Marian config, and ``save_pretrained``s both.
Translations are garbage; tests check mechanics only.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = [
    "The European Parliament met in Strasbourg on Monday .",
    "Das Europäische Parlament tagte am Montag in Straßburg .",
    "Angela Merkel visited Nairobi and Dar es Salaam .",
    "Rais Samia Suluhu Hassan alitembelea Nairobi jana .",
    "Le président a rencontré Barack Obama à Paris .",
    "東京 は 日本 の 首都 です 。 مرحبا بالعالم",
    "[ John Smith ] works for [ Google ] in [ Zürich ] .",
]

LANGS = {
    "nllb": ["eng_Latn", "deu_Latn", "swh_Latn", "fra_Latn", "jpn_Jpan"],
    "m2m100": ["__en__", "__de__", "__sw__", "__fr__", "__ja__"],
    "marian": [">>deu<<", ">>fra<<"],
    "marian-bilingual": [],
}


def build_tiny(path: str | Path, family: str = "nllb", seed: int = 0) -> Path:
    """Write a tiny model + tokenizer of ``family`` to ``path``; returns the path."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import (M2M100Config, M2M100ForConditionalGeneration, MarianConfig, MarianMTModel,
                              PreTrainedTokenizerFast)

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    langs = LANGS[family]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=specials + langs,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(CORPUS, trainer=trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
                                   unk_token="<unk>", additional_special_tokens=langs)
    fast.save_pretrained(path)
    torch.manual_seed(seed)
    small = dict(vocab_size=len(fast), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
                 decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=256,
                 pad_token_id=1, bos_token_id=0, eos_token_id=2)
    if family.startswith("marian"):
        model = MarianMTModel(MarianConfig(decoder_start_token_id=1, decoder_vocab_size=len(fast), **small))
    else:
        model = M2M100ForConditionalGeneration(M2M100Config(decoder_start_token_id=2, **small))
    model.generation_config.max_length = 32
    model.save_pretrained(path)
    return path


_DIRS: dict[str, Path] = {}
_LOADED: dict[str, object] = {}


def tiny_dir(family: str = "nllb") -> Path:
    """A tiny model of ``family`` in a temporary directory, built once per test session."""
    if family not in _DIRS:
        import atexit
        import shutil
        import tempfile

        root = Path(tempfile.mkdtemp(prefix="xproj-tiny-"))
        atexit.register(shutil.rmtree, root, True)
        name = "opus-mt-en-de" if family == "marian-bilingual" else f"tiny-{family}"
        _DIRS[family] = build_tiny(root / name, family)
    return _DIRS[family]


def tiny_seq2seq(family: str = "nllb"):
    """The loaded :class:`xproj_core.translate.hf.Seq2Seq` of :func:`tiny_dir`, shared by tests."""
    if family not in _LOADED:
        from xproj_core.translate.hf import Seq2Seq

        _LOADED[family] = Seq2Seq.shared(str(tiny_dir(family)), device="cpu")
    return _LOADED[family]
