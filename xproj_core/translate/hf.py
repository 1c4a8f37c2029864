"""Hugging Face seq2seq translation: NLLB-200, M2M100 and Marian/OPUS-MT (spec ``hf:MODEL``).

``MODEL`` is a hub id (``facebook/nllb-200-distilled-600M``) or a local directory. The family
is read from the model itself: Marian by ``model_type``, NLLB by its ``eng_Latn`` token,
M2M100 by ``__en__``. Language handling is done here, not by the tokenizer's ``src_lang``:

* source ids: ``[src_lang] + text + [eos]`` (NLLB, M2M100) or ``[>>tgt<<] + text + [eos]``
  (multi-target Marian) or ``text + [eos]`` (bilingual Marian);
* decoder prefix: ``[decoder_start, tgt_lang]`` (NLLB, M2M100) or ``[decoder_start]`` (Marian).

:class:`Seq2Seq` also does batched forced decoding for :mod:`xproj_core.nmtscore`.
torch and transformers are imported inside functions only.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Sequence

from ..errors import BackendUnavailable, ConfigError
from ..hf_encode import pick_device
from ..registry import register
from . import langcodes

_LANG_PATTERNS = {"nllb": re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$"), "m2m100": re.compile(r"^__[a-z]{2,3}__$"),
                  "marian": re.compile(r"^>>[a-z]{2,3}(_[A-Z][a-z]{3})?<<$")}


def _offline() -> bool:
    return any(os.environ.get(v, "").lower() in ("1", "true", "yes", "on")
               for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def load_seq2seq(name_or_path: str, device: str | None = None, dtype: str | None = None) -> tuple[Any, Any]:
    """Load ``(model, tokenizer)`` by hub id or local path; :class:`BackendUnavailable` if impossible."""
    local = Path(name_or_path).expanduser()
    if name_or_path.startswith((".", "/", "~")) and not local.is_dir():
        raise BackendUnavailable(f"translation model directory {name_or_path!r} does not exist")
    try:
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BackendUnavailable(f"hf translation needs torch and transformers ({exc}); pip install -r requirements.txt") from None
    target = str(local) if local.is_dir() else name_or_path
    if dtype and not isinstance(getattr(torch, dtype, None), torch.dtype):
        raise ConfigError("dtype", dtype, ("float32", "float16", "bfloat16"))
    try:
        tokenizer = AutoTokenizer.from_pretrained(target)
        kwargs = {"dtype": getattr(torch, dtype)} if dtype else {}
        model = AutoModelForSeq2SeqLM.from_pretrained(target, **kwargs)
    except ImportError as exc:  # e.g. a sentencepiece-only tokenizer (M2M100, Marian) without sentencepiece
        raise BackendUnavailable(f"cannot load the tokenizer of {name_or_path!r}: {exc}") from None
    except (OSError, ValueError) as exc:
        hint = ("HF_HUB_OFFLINE is set: download it first (hf download " + name_or_path + ") or pass a local directory"
                if _offline() else "check the hub id, or pass a local directory")
        raise BackendUnavailable(f"cannot load translation model {name_or_path!r}: {str(exc).splitlines()[0]} ({hint})") from None
    model.to(pick_device(device))
    model.eval()
    return model, tokenizer


def detect_family(model: Any, tokenizer: Any) -> str:
    """``"nllb"``, ``"m2m100"`` or ``"marian"``, read from the model type and the vocabulary."""
    if getattr(model.config, "model_type", "") == "marian":
        return "marian"
    vocab = tokenizer.get_vocab()
    if "eng_Latn" in vocab:
        return "nllb"
    if "__en__" in vocab:
        return "m2m100"
    raise ConfigError("model family", getattr(model.config, "model_type", "?"), langcodes.FAMILIES,
                      hint="xproj knows NLLB-200, M2M100 and Marian/OPUS-MT translation models")


_SHARED: dict[tuple, "Seq2Seq"] = {}


class Seq2Seq:
    """A loaded seq2seq model with language handling: generation and batched forced decoding."""

    def __init__(self, model: Any, tokenizer: Any, name: str = "", device: str | None = None) -> None:
        self.model, self.tokenizer = model, tokenizer
        self.name = name or getattr(model.config, "_name_or_path", "") or type(model).__name__
        self.family = detect_family(model, tokenizer)
        if device is not None:  # None: leave an already-loaded model where it is
            model.to(pick_device(device))
        self.device = next(model.parameters()).device
        vocab = tokenizer.get_vocab()
        pat = _LANG_PATTERNS[self.family]
        self.lang_tokens = sorted(t for t in vocab if pat.match(t))
        self._vocab = vocab
        self._lang_ids: dict[str, int | None] = {}
        cfg = model.generation_config
        start = getattr(cfg, "decoder_start_token_id", None)
        if start is None:
            start = model.config.decoder_start_token_id
        self.decoder_start = int(start)
        self.eos = int(tokenizer.eos_token_id)
        self.pad = int(tokenizer.pad_token_id if tokenizer.pad_token_id is not None else self.eos)
        self.forward_passes = 0  # forced-decoding sequences scored (one per (A, B) pair)
        self.truncated = 0  # source texts cut to max_length tokens (reported, never silent)

    @classmethod
    def load(cls, name_or_path: str, device: str | None = None, dtype: str | None = None) -> "Seq2Seq":
        model, tok = load_seq2seq(name_or_path, device, dtype)
        return cls(model, tok, name=name_or_path)

    @classmethod
    def shared(cls, name_or_path: str, device: str | None = None, dtype: str | None = None) -> "Seq2Seq":
        """Like :meth:`load`, but one instance per ``(model, device, dtype)`` in this process, so the
        translator and the NMT scorer share the weights (the last two models are kept)."""
        key = (str(name_or_path), pick_device(device), dtype)
        if key not in _SHARED:
            if len(_SHARED) >= 2:
                _SHARED.pop(next(iter(_SHARED)))
            _SHARED[key] = cls.load(*key)
        return _SHARED[key]

    # -- language codes -------------------------------------------------------------------
    def lang_id(self, lang: str) -> int | None:
        """Token id of ``lang`` for this model (``None`` for a bilingual Marian model)."""
        if lang not in self._lang_ids:
            self._lang_ids[lang] = self._lang_id(lang)
        return self._lang_ids[lang]

    def _lang_id(self, lang: str) -> int | None:
        if self.family == "marian":
            if not self.lang_tokens:
                return None
            for cand in langcodes.marian_candidates(lang):
                if cand in self._vocab:
                    return self._vocab[cand]
            raise ConfigError(f"target language for {self.name}", lang, self.lang_tokens)
        code = langcodes.code_for(self.family, lang)
        token = f"__{code}__" if self.family == "m2m100" else code
        if token not in self._vocab:
            raise ConfigError(f"language for {self.name}", lang, self.lang_tokens)
        return self._vocab[token]

    def check_pair(self, src_lang: str, tgt_lang: str) -> None:
        """Bilingual OPUS-MT models name their pair (``opus-mt-en-de``): refuse another pair."""
        if self.family != "marian":
            self.lang_id(src_lang), self.lang_id(tgt_lang)
            return
        m = re.search(r"opus-mt-([a-z_]+)-([a-z_]+)", self.name.replace("\\", "/").split("/")[-1])
        if m:
            src, tgt = m.groups()
            if src not in ("mul",) and not langcodes.same_language(src, src_lang):
                raise ConfigError(f"source language for {self.name}", src_lang, (src,))
            if tgt not in ("mul",) and not self.lang_tokens and not langcodes.same_language(tgt, tgt_lang):
                raise ConfigError(f"target language for {self.name}", tgt_lang, (tgt,))
        if self.lang_tokens:
            self.lang_id(tgt_lang)

    # -- encoding ---------------------------------------------------------------------------
    def _ids(self, texts: Sequence[str], target: bool = False) -> list[list[int]]:
        if target and self.family == "marian":
            enc = self.tokenizer(text_target=list(texts), add_special_tokens=False)
        else:
            enc = self.tokenizer(list(texts), add_special_tokens=False)
        return [list(x) for x in enc["input_ids"]]

    def source_ids(self, texts: Sequence[str], src_lang: str, tgt_lang: str, max_length: int = 512) -> list[list[int]]:
        ids = self._ids(texts)
        if self.family == "marian":
            lead = self.lang_id(tgt_lang)
        else:
            lead = self.lang_id(src_lang)
        prefix = [lead] if lead is not None else []
        keep = max_length - len(prefix) - 1
        self.truncated += sum(len(x) > keep for x in ids)
        return [prefix + x[:keep] + [self.eos] for x in ids]

    def decoder_prefix(self, tgt_lang: str) -> list[int]:
        if self.family == "marian":
            return [self.decoder_start]
        return [self.decoder_start, self.lang_id(tgt_lang)]

    def _pad(self, seqs: list[list[int]]):
        import torch

        n = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), n), self.pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), n), dtype=torch.long)
        for i, s in enumerate(seqs):
            ids[i, :len(s)] = torch.tensor(s, dtype=torch.long)
            mask[i, :len(s)] = 1
        return ids.to(self.device), mask.to(self.device)

    # -- generation -------------------------------------------------------------------------
    def generate(self, texts: Sequence[str], src_lang: str, tgt_lang: str, *, batch_size: int = 16,
                 max_length: int = 512, max_new_tokens: int | None = None, num_beams: int | None = None) -> list[str]:
        import torch

        self.check_pair(src_lang, tgt_lang)
        if not texts:
            return []
        before = self.truncated
        ids = self.source_ids(texts, src_lang, tgt_lang, max_length)
        if self.truncated > before:
            import warnings

            warnings.warn(f"{self.truncated - before} of {len(texts)} texts exceed {max_length} tokens and were "
                          f"truncated before translation with {self.name}", stacklevel=3)
        prefix = self.decoder_prefix(tgt_lang)
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        out: list[str] = [""] * len(ids)
        gen_kw: dict[str, Any] = {}
        if max_new_tokens:
            gen_kw["max_new_tokens"] = max_new_tokens
        if num_beams:
            gen_kw["num_beams"] = num_beams
        for b in range(0, len(order), batch_size):
            chunk = order[b:b + batch_size]
            input_ids, mask = self._pad([ids[i] for i in chunk])
            dec = torch.tensor([prefix] * len(chunk), dtype=torch.long, device=self.device)
            with torch.no_grad():
                gen = self.model.generate(input_ids=input_ids, attention_mask=mask, decoder_input_ids=dec, **gen_kw)
            texts_out = self.tokenizer.batch_decode(gen[:, len(prefix):], skip_special_tokens=True)
            for i, t in zip(chunk, texts_out):
                out[i] = t.strip()
        return out

    # -- forced decoding ----------------------------------------------------------------------
    def cross_entropy(self, items: Sequence[tuple[str, str, str, str]], *, batch_size: int = 64) -> list[float]:
        """Mean token cross-entropy (natural log) of forcing A given B, for ``(B, lang_B, A, lang_A)``.

        Averaged over A's tokens after the language token, EOS included, padding excluded
        (method §6.3). Each item costs one forced-decoding pass (``forward_passes``).
        """
        import torch

        if not items:
            return []
        enc: list[list[int]] = []
        dec: list[list[int]] = []
        starts: list[int] = []
        src_texts = list(dict.fromkeys(it[0] for it in items))
        tgt_texts = list(dict.fromkeys(it[2] for it in items))
        src_ids = dict(zip(src_texts, self._ids(src_texts)))
        tgt_ids = dict(zip(tgt_texts, self._ids(tgt_texts, target=True)))
        for b_text, b_lang, a_text, a_lang in items:
            lead = self.lang_id(a_lang) if self.family == "marian" else self.lang_id(b_lang)
            enc.append(([lead] if lead is not None else []) + src_ids[b_text][:510] + [self.eos])
            a_ids = tgt_ids[a_text]
            prefix = self.decoder_prefix(a_lang)
            dec.append(prefix + a_ids + [self.eos])
            starts.append(len(prefix))
        out = [0.0] * len(items)
        order = sorted(range(len(items)), key=lambda i: -(len(enc[i]) + len(dec[i])))
        for b in range(0, len(order), batch_size):
            chunk = order[b:b + batch_size]
            input_ids, mask = self._pad([enc[i] for i in chunk])
            full, full_mask = self._pad([dec[i] for i in chunk])
            dec_in, dec_mask = full[:, :-1], full_mask[:, :-1]
            labels = full[:, 1:]
            with torch.no_grad():
                logits = self.model(input_ids=input_ids, attention_mask=mask, decoder_input_ids=dec_in,
                                    decoder_attention_mask=dec_mask).logits
            logp = torch.log_softmax(logits.float(), dim=-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
            positions = torch.arange(labels.shape[1], device=labels.device).unsqueeze(0)
            first = torch.tensor([starts[i] - 1 for i in chunk], device=labels.device).unsqueeze(1)
            keep = (positions >= first) & (full_mask[:, 1:] == 1)
            ce = -(logp * keep).sum(1) / keep.sum(1).clamp(min=1)
            for i, v in zip(chunk, ce.tolist()):
                out[i] = float(v)
            self.forward_passes += len(chunk)
        return out


class HFTranslator:
    """:class:`~xproj_core.translate.Translator` over a :class:`Seq2Seq` model."""

    def __init__(self, model: "Seq2Seq | str", *, device: str | None = None, batch_size: int = 16,
                 max_length: int = 512, max_new_tokens: int | None = None, num_beams: int | None = None,
                 dtype: str | None = None) -> None:
        self.seq2seq = model if isinstance(model, Seq2Seq) else Seq2Seq.shared(model, device, dtype)
        self.name = f"hf:{self.seq2seq.name}"
        self.batch_size, self.max_length = batch_size, max_length
        self.max_new_tokens, self.num_beams = max_new_tokens, num_beams

    @property
    def family(self) -> str:
        return self.seq2seq.family

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        return self.seq2seq.generate(texts, src_lang, tgt_lang, batch_size=self.batch_size, max_length=self.max_length,
                                     max_new_tokens=self.max_new_tokens, num_beams=self.num_beams)


@register("translator", "hf")
def build_hf(arg: str | None, *, cache: Any = None, **options: Any):
    """``hf:MODEL``; ``cache=`` a directory or :class:`KVCache` wraps it in a persistent cache."""
    if not arg:
        raise ConfigError("translator", "hf", hint="write hf:HUB_ID or hf:/path/to/model")
    translator = HFTranslator(arg, **options)
    if cache is not None:
        from .cache import CachedTranslator

        return CachedTranslator(translator, cache)
    return translator
