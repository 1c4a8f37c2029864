"""Tiny local models for backend tests: built in a temp dir in well under a second, no hub access.

* :func:`tiny_tokenizer` — a WordPiece tokenizer trained with ``tokenizers`` on :data:`CORPUS`.
* :func:`tiny_bert` — a 2-layer random BERT; ``positions=False`` zeroes the position embeddings,
  which makes every word's vector independent of word order (permutation tests for SimAlign).
* :func:`tiny_token_classifier` — a 0-layer BERT token classifier whose prediction for a
  sub-token is fixed by a lexicon ``{sub-token: label}`` (everything else ``O``), so tests
  know the exact expected tags.
* :func:`tiny_spacy` — a blank spaCy pipeline with an ``entity_ruler``, saved to disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

CORPUS = [
    "John Smith lives in Berlin .",
    "Angela Merkel visited Paris and London .",
    "the cat sat on the mat",
    "die Katze sass auf der Matte",
    "Microsoft Google Siemens Berlin Paris John Smith Angela Merkel",
    "il gatto era sul tappeto",
    "東 京 は 大 き い",
    "القاهرة مدينة كبيرة",
] * 4

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
IOB2_LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")
#: IOB1-style / incomplete label set, like the CoNLL-03 XLM-R checkpoint (no B-PER).
IOB1_LABELS = ("O", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")


def tiny_tokenizer(corpus: Sequence[str] = CORPUS, vocab_size: int = 220):
    """A BERT-style fast tokenizer (``[CLS] … [SEP]``) trained on ``corpus``."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.train_from_iterator(corpus, trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIALS))
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    tok.decoder = decoders.WordPiece()
    return PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]")


def tiny_bert(path: Path, *, positions: bool = True, layers: int = 2, seed: int = 0) -> Path:
    """Save a random tiny ``BertModel`` + tokenizer to ``path``; returns ``path``."""
    import torch
    from transformers import BertConfig, BertModel

    tok = tiny_tokenizer()
    torch.manual_seed(seed)
    cfg = BertConfig(vocab_size=len(tok), hidden_size=32, num_hidden_layers=layers, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=64)
    model = BertModel(cfg)
    if not positions:
        with torch.no_grad():
            model.embeddings.position_embeddings.weight.zero_()
    model.save_pretrained(path)
    tok.save_pretrained(path)
    return Path(path)


def tiny_token_classifier(path: Path, labels: Sequence[str] = IOB2_LABELS, lexicon: Mapping[str, str] | None = None,
                          *, scale: float = 3.0) -> Path:
    """Save a 0-layer BERT token classifier predicting ``lexicon[sub-token]`` (else ``O``).

    Each sub-token's embedding is one-hot at its label's index; LayerNorm keeps the argmax and
    the classifier is ``scale`` × identity, so the winning label is known exactly.
    """
    import torch
    from transformers import BertConfig, BertForTokenClassification

    tok = tiny_tokenizer()
    lexicon = dict(lexicon or {})
    n = len(labels)
    cfg = BertConfig(vocab_size=len(tok), hidden_size=n + 1, num_hidden_layers=0, num_attention_heads=1,
                     intermediate_size=4, max_position_embeddings=64, num_labels=n,
                     id2label=dict(enumerate(labels)), label2id={lab: k for k, lab in enumerate(labels)})
    model = BertForTokenClassification(cfg)
    vocab = tok.get_vocab()
    with torch.no_grad():
        emb = torch.zeros(len(tok), n + 1)
        emb[:, labels.index("O") if "O" in labels else 0] = 1.0
        for piece, label in lexicon.items():
            if piece not in vocab:
                raise KeyError(f"{piece!r} is not a sub-token of the tiny tokenizer")
            emb[vocab[piece]] = 0.0
            emb[vocab[piece], labels.index(label)] = 1.0
        model.bert.embeddings.word_embeddings.weight.copy_(emb)
        model.bert.embeddings.position_embeddings.weight.zero_()
        model.bert.embeddings.token_type_embeddings.weight.zero_()
        model.bert.embeddings.LayerNorm.weight.fill_(1.0)
        model.bert.embeddings.LayerNorm.bias.zero_()
        model.classifier.weight.copy_(scale * torch.eye(n, n + 1))
        model.classifier.bias.zero_()
    model.save_pretrained(path)
    tok.save_pretrained(path)
    return Path(path)


def tiny_spacy(path: Path, patterns: Sequence[dict] | None = None, lang: str = "en") -> Path:
    """Save a blank spaCy pipeline with an ``entity_ruler`` (OntoNotes-style labels by default)."""
    import spacy

    nlp = spacy.blank(lang)
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(list(patterns or [
        {"label": "PERSON", "pattern": [{"ORTH": "John"}, {"ORTH": "Smith"}]},
        {"label": "GPE", "pattern": [{"ORTH": "Berlin"}]},
        {"label": "ORG", "pattern": [{"ORTH": "Siemens"}]},
        {"label": "NORP", "pattern": [{"ORTH": "German"}]},
        {"label": "DATE", "pattern": [{"ORTH": "Monday"}]},
    ]))
    nlp.to_disk(path)
    return Path(path)
