"""Gold NER datasets from the Hugging Face hub (or local copies in the same layout) as xproj types.

| name | hub repo | config | label set (method §9.1) |
|---|---|---|---|
| ``masakhaner2`` | ``masakhane/masakhaner2`` | ``<lang>`` (``swa``, ``yor`` …) | PER/ORG/LOC; DATE → O |
| ``wikiann`` (``panx``, ``xtreme``) | ``google/xtreme`` | ``PAN-X.<lang>`` | PER/ORG/LOC; MISC → O |
| ``europarl-ner`` | ``ShkalikovOleh/europarl-ner`` | ``<lang>`` (en/de/es/it) | PER/ORG/LOC/MISC |
| ``uner`` | ``universalner/universal_ner`` | ``<lang>_pud`` (or ``<lang>_<treebank>``) | PER/ORG/LOC; MISC → O |

Every dataset has ``tokens`` and ``ner_tags`` (a ``ClassLabel`` sequence or tag strings);
``id``/``idx`` and ``text`` are used when present. ``source=`` points at a local copy: a
directory written by ``save_to_disk`` (a ``Dataset`` or ``DatasetDict``, optionally one
sub-directory per language) or anything ``datasets.load_dataset`` reads. Europarl-NER and
UNER-PUD are parallel by position, so :func:`load_parallel` pairs them sentence by sentence.
The ``datasets`` package is imported only inside the loaders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BackendUnavailable, ConfigError, InputError
from .tags import map_labels as _map_labels
from .tags import spans_from_tags
from .types import Sentence, SentencePair


@dataclass(frozen=True)
class HubDataset:
    repo: str
    config: str  # format string with {lang}
    split: str
    label_map: tuple[tuple[str, str | None], ...]  # applied to gold and predictions before scoring
    parallel: bool = False


DATASETS: dict[str, HubDataset] = {
    "masakhaner2": HubDataset("masakhane/masakhaner2", "{lang}", "test", (("DATE", None), ("MISC", None))),
    "wikiann": HubDataset("google/xtreme", "PAN-X.{lang}", "test", (("MISC", None), ("DATE", None))),
    "europarl-ner": HubDataset("ShkalikovOleh/europarl-ner", "{lang}", "test", (("DATE", None),), parallel=True),
    "uner": HubDataset("universalner/universal_ner", "{lang}_pud", "test", (("MISC", None), ("DATE", None)),
                       parallel=True),
}
ALIASES = {"panx": "wikiann", "pan-x": "wikiann", "xtreme": "wikiann", "europarl": "europarl-ner",
           "masakhaner": "masakhaner2", "uner-pud": "uner"}


def spec(name: str) -> HubDataset:
    key = ALIASES.get(name.lower(), name.lower())
    if key not in DATASETS:
        raise ConfigError("dataset", name, sorted(DATASETS))
    return DATASETS[key]


def label_map(name: str) -> dict[str, str | None]:
    """The §9.1 mapping for ``name`` (label -> new label, ``None`` = O), for gold and predictions alike."""
    return dict(spec(name).label_map)


def _uner_config(lang: str) -> str:
    return lang if "_" in lang else f"{lang}_pud"


def _open(name: str, lang: str, split: str | None, source: str | Path | None) -> Any:
    try:
        import datasets
    except ImportError:  # pragma: no cover - pinned in requirements.txt
        raise BackendUnavailable("hub datasets need the 'datasets' package: pip install datasets") from None
    ds = spec(name)
    split = split or ds.split
    config = _uner_config(lang) if ds is DATASETS["uner"] else ds.config.format(lang=lang)
    for local in ([Path(source) / config, Path(source) / lang, Path(source)] if source is not None else []):
        if local.is_dir() and _is_saved(local):
            return _pick(datasets.load_from_disk(str(local)), split, local)
    target = str(source) if source is not None else ds.repo
    try:
        return datasets.load_dataset(target, config, split=split)
    except (OSError, ValueError, ConnectionError, ImportError) as exc:  # DatasetNotFoundError is an OSError
        raise BackendUnavailable(f"cannot load dataset {target!r} config {config!r} split {split!r}: "
                                 f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__} "
                                 "(offline? download it once with network access, or pass source=DIR)") from None


def _is_saved(path: Path) -> bool:
    return (path / "dataset_dict.json").is_file() or (path / "dataset_info.json").is_file() or \
        (path / "state.json").is_file()


def _pick(obj: Any, split: str, source: Any) -> Any:
    if hasattr(obj, "keys") and not hasattr(obj, "features"):  # DatasetDict
        if split not in obj:
            raise InputError(str(source), None, f"no split {split!r}", f"splits: {', '.join(obj.keys())}")
        return obj[split]
    return obj


def _tag_names(dataset: Any) -> list[str] | None:
    feat = dataset.features.get("ner_tags")
    inner = getattr(feat, "feature", None)
    if inner is None and isinstance(feat, list) and feat:
        inner = feat[0]
    names = getattr(inner, "names", None)
    return list(names) if names else None


def to_sentences(dataset: Any, *, lang: str = "", prefix: str = "", mapping: dict[str, str | None] | None = None,
                 limit: int | None = None) -> list[Sentence]:
    """Rows with ``tokens`` and ``ner_tags`` -> :class:`Sentence` (IOB2 repair, label mapping)."""
    for col in ("tokens", "ner_tags"):
        if col not in dataset.column_names:
            raise InputError(prefix or None, None, f"dataset has no {col!r} column",
                             f"columns: {', '.join(dataset.column_names)}")
    names = _tag_names(dataset)
    out = []
    for k, row in enumerate(dataset):
        if limit is not None and k >= limit:
            break
        tags = [names[t] if names is not None else str(t) for t in row["ner_tags"]]
        if len(tags) != len(row["tokens"]):
            raise InputError(prefix or None, k + 1, f"{len(row['tokens'])} tokens but {len(tags)} tags")
        try:
            spans = spans_from_tags(tags)
        except ValueError as exc:
            raise InputError(prefix or None, k + 1, str(exc)) from None
        if mapping:
            spans = _map_labels(spans, mapping)
        sid = str(row.get("id", row.get("idx", "")) or f"{prefix}{k}")
        text = row.get("text") or None
        words = tuple(str(w) for w in row["tokens"])
        if text is not None and any(text.find(w) < 0 for w in words[:3]):
            text = None
        out.append(Sentence(words, tuple(sorted(spans)), id=sid, text=text, lang=lang))
    return out


def load_sentences(name: str, lang: str, split: str | None = None, *, source: str | Path | None = None,
                   map_labels: bool = True, limit: int | None = None) -> list[Sentence]:
    """Gold sentences of one language, with the §9.1 label mapping unless ``map_labels=False``."""
    dataset = _open(name, lang, split, source)
    mapping = label_map(name) if map_labels else None
    return to_sentences(dataset, lang=lang, prefix=f"{spec(name).repo}:{lang}:", mapping=mapping, limit=limit)


def load_parallel(name: str, src_lang: str, tgt_lang: str, split: str | None = None, *,
                  source: str | Path | None = None, map_labels: bool = True, limit: int | None = None) -> list[SentencePair]:
    """Position-aligned gold pairs (Europarl-NER, UNER-PUD): ``src.spans`` project, ``tgt.spans`` score."""
    if not spec(name).parallel:
        raise ConfigError("parallel dataset", name, [k for k, v in DATASETS.items() if v.parallel])
    src = load_sentences(name, src_lang, split, source=source, map_labels=map_labels, limit=limit)
    tgt = load_sentences(name, tgt_lang, split, source=source, map_labels=map_labels, limit=limit)
    if len(src) != len(tgt):
        raise InputError(str(source or spec(name).repo), None,
                         f"{len(src)} {src_lang} sentences but {len(tgt)} {tgt_lang} sentences", "not parallel")
    return [SentencePair(s.id if s.id == t.id else f"{k}", s, t) for k, (s, t) in enumerate(zip(src, tgt))]


def names() -> list[str]:
    return sorted(DATASETS)


__all__ = ["DATASETS", "HubDataset", "label_map", "load_parallel", "load_sentences", "names", "to_sentences"]
