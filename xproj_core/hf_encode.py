"""Run a Hugging Face encoder over pre-tokenised sentences, keeping the word ↔ sub-token map.

Shared by the SimAlign aligner and the NER taggers. torch/transformers are imported inside
functions only. Long sentences are cut into windows of the model's maximum length (each window
gets its own special tokens) instead of being truncated, so no word is silently lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .errors import BackendUnavailable, ConfigError


def pick_device(device: str | None = "auto") -> str:
    """``"auto"`` → ``cuda`` when available, else ``mps``, else ``cpu``; any other value is kept."""
    if device not in (None, "", "auto"):
        return str(device)
    import torch

    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def load(model: Any, *, task: str = "base", tokenizer: Any = None, device: str = "auto") -> tuple[Any, Any, str]:
    """Load ``(model, tokenizer, device)`` from a hub id, a local directory or loaded objects.

    ``model`` may be a string, a loaded ``PreTrainedModel`` (pass ``tokenizer`` too) or a
    ``(model, tokenizer)`` tuple. ``task`` is ``base`` (hidden states) or ``token-classification``.
    """
    if isinstance(model, tuple):
        model, tokenizer = model
    dev = pick_device(device)
    if isinstance(model, str):
        from transformers import AutoModel, AutoModelForTokenClassification, AutoTokenizer

        cls = AutoModelForTokenClassification if task == "token-classification" else AutoModel
        try:
            tok = tokenizer if tokenizer is not None else AutoTokenizer.from_pretrained(model)
            mdl = cls.from_pretrained(model)
        except (OSError, ValueError) as exc:
            raise BackendUnavailable(
                f"cannot load model {model!r}: {str(exc).splitlines()[0]} "
                "(pass a local directory, or a hub id already in the Hugging Face cache; "
                "downloads need HF_HUB_OFFLINE unset)"
            ) from None
        model, tokenizer = mdl, tok
    if tokenizer is None:
        raise ConfigError("tokenizer", None, hint="a loaded model needs its tokenizer: pass (model, tokenizer)")
    model.eval()
    model.to(dev)
    return model, tokenizer, dev


@dataclass(frozen=True)
class Encoded:
    """One sentence as sub-token ids (no special tokens) and the word index of each sub-token."""

    ids: tuple[int, ...]
    word_of: np.ndarray  # int array, len(ids)


def encode_words(tokenizer: Any, sentences: Sequence[Sequence[str]]) -> list[Encoded]:
    """Sub-tokenise word lists; words that yield no sub-token are simply absent from ``word_of``.

    Uses the fast tokenizer's ``word_ids``; tokenizers that refuse pre-split input (byte-level
    BPE without ``add_prefix_space``) or have no ``word_ids`` are run word by word, as SimAlign does.
    """
    sents = [[str(w) for w in words] for words in sentences]
    todo = [k for k, words in enumerate(sents) if words]
    out: list[Encoded] = [Encoded((), np.zeros(0, dtype=np.int64)) for _ in sents]
    try:  # one batched call to the fast tokenizer
        enc = tokenizer([sents[k] for k in todo], is_split_into_words=True, add_special_tokens=False) if todo else None
        for row, k in enumerate(todo):
            wids = enc.word_ids(row)
            ids = enc["input_ids"][row]
            keep = [t for t, w in enumerate(wids) if w is not None]
            out[k] = Encoded(tuple(ids[t] for t in keep), np.array([wids[t] for t in keep], dtype=np.int64))
        return out
    except (ValueError, TypeError, AttributeError):
        pass
    for k in todo:
        ids, word_of = [], []
        for i, w in enumerate(sents[k]):
            piece = list(tokenizer(w, add_special_tokens=False)["input_ids"])
            ids += piece
            word_of += [i] * len(piece)
        out[k] = Encoded(tuple(ids), np.array(word_of, dtype=np.int64))
    return out


def _specials(tokenizer: Any) -> tuple[list[int], list[int]]:
    """Special-token ids the tokenizer puts before and after a single sequence."""
    full = list(tokenizer("x")["input_ids"])
    inner = list(tokenizer("x", add_special_tokens=False)["input_ids"])
    for k in range(len(full) - len(inner) + 1):
        if full[k: k + len(inner)] == inner:
            return full[:k], full[k + len(inner):]
    return [], []


def max_length(model: Any, tokenizer: Any) -> int:
    """The longest input the model takes, special tokens included."""
    n = getattr(tokenizer, "model_max_length", None)
    if not n or n > 100_000:
        n = getattr(model.config, "max_position_embeddings", 512) - 2
    return int(n)


def run(model: Any, tokenizer: Any, encoded: Sequence[Encoded], *, output: str = "hidden", layer: int = -1,
        batch_size: int = 16, device: str = "cpu", window: int | None = None) -> list[np.ndarray]:
    """Per sentence, a (sub-tokens × dim) array: hidden states of ``layer`` or classifier logits.

    ``window`` caps the sub-tokens per forward pass (default: the model's maximum length);
    longer sentences are encoded window by window.
    """
    import torch

    pre, post = _specials(tokenizer)
    room = (window or max_length(model, tokenizer)) - len(pre) - len(post)
    if room < 1:
        raise ConfigError("window", window, hint="too small for the special tokens")
    chunks: list[tuple[int, int, list[int]]] = []  # (sentence, offset, ids)
    for s, enc in enumerate(encoded):
        for off in range(0, len(enc.ids), room):
            chunks.append((s, off, list(enc.ids[off: off + room])))
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    pieces: dict[int, list[tuple[int, np.ndarray]]] = {}
    order = sorted(range(len(chunks)), key=lambda k: len(chunks[k][2]))
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            batch = [chunks[k] for k in order[b: b + batch_size]]
            width = max(len(c[2]) for c in batch) + len(pre) + len(post)
            ids = torch.full((len(batch), width), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for r, (_, _, c) in enumerate(batch):
                row = pre + c + post
                ids[r, : len(row)] = torch.tensor(row)
                mask[r, : len(row)] = 1
            res = model(input_ids=ids.to(device), attention_mask=mask.to(device), output_hidden_states=(output == "hidden"))
            if output == "hidden":
                hs = res.hidden_states
                if not -len(hs) <= layer < len(hs):
                    raise ConfigError("layer", layer, hint=f"the model has hidden states 0..{len(hs) - 1}")
                arr = hs[layer]
            else:
                arr = res.logits
            arr = arr.float().cpu().numpy()
            for r, (s, off, c) in enumerate(batch):
                pieces.setdefault(s, []).append((off, arr[r, len(pre): len(pre) + len(c)]))
    if pieces:
        dim = next(iter(pieces.values()))[0][1].shape[1]
    else:  # nothing to encode at all
        dim = model.config.num_labels if output == "logits" else model.config.hidden_size
    out = []
    for s in range(len(encoded)):
        parts = sorted(pieces.get(s, []), key=lambda p: p[0])
        out.append(np.concatenate([p[1] for p in parts]) if parts else np.zeros((0, dim), dtype=np.float32))
    return out
