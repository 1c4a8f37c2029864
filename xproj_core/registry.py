"""One table of backends per stage, named by a spec string ``name[:arg]``.

A backend registers its builder with :func:`register` in its own module. So that
``import xproj_core`` stays light, :data:`MODULES` says which module defines each name;
:func:`resolve` imports it on first use (sacrebleu's ``_get_tokenizer`` pattern).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from typing import Any, Callable

from .errors import ConfigError

STAGES = ("translator", "aligner", "candidates", "scorer", "solver", "ner")

#: name -> module that registers it. Heavy modules are only imported when resolved.
MODULES: dict[str, dict[str, str]] = {
    "translator": {
        "given": "xproj_core.translate.given",
        "hf": "xproj_core.translate.hf",
    },
    "aligner": {
        "fusion": "xproj_core.align.fusion",
        "eflomal": "xproj_core.align.eflomal",
        "ortho": "xproj_core.align.orthographic",
        "pharaoh": "xproj_core.align.pharaoh",
        "simalign": "xproj_core.align.simalign",
    },
    "candidates": {
        "ngram": "xproj_core.candidates",
        "aligned_window": "xproj_core.candidates",
        "ner": "xproj_core.candidates",
        "given": "xproj_core.candidates",
    },
    "scorer": {
        "align": "xproj_core.scoring",
        "ortho": "xproj_core.scoring",
        "nmt": "xproj_core.nmtscore",
        "ner": "xproj_core.ner_score",
        "ner_spans": "xproj_core.ner_score",
    },
    "solver": {
        "greedy": "xproj_core.solve",
        "exact": "xproj_core.solve",
    },
    "ner": {
        "hf": "xproj_core.ner.hf",
        "spacy": "xproj_core.ner.spacy",
    },
}

#: optional third-party packages each module needs (for ``xproj backends``).
REQUIRES: dict[str, tuple[str, ...]] = {
    "xproj_core.align.eflomal": ("eflomal",),
    "xproj_core.align.orthographic": ("uroman",),
    "xproj_core.align.simalign": ("torch", "transformers"),  # own SimAlign implementation
    "xproj_core.translate.hf": ("torch", "transformers"),
    "xproj_core.nmtscore": ("torch", "transformers"),
    "xproj_core.ner.hf": ("torch", "transformers"),
    "xproj_core.ner.spacy": ("spacy",),
}

_BUILDERS: dict[str, dict[str, Callable[..., Any]]] = {s: {} for s in STAGES}


def register(stage: str, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: register ``builder(arg: str | None, **options)`` under ``stage``/``name``."""
    if stage not in _BUILDERS:
        raise ConfigError("stage", stage, STAGES)

    def deco(builder: Callable[..., Any]) -> Callable[..., Any]:
        _BUILDERS[stage][name] = builder
        MODULES.setdefault(stage, {}).setdefault(name, builder.__module__)
        return builder

    return deco


def names(stage: str) -> list[str]:
    """Every name known for ``stage`` (registered or lazily importable), sorted."""
    return sorted(set(MODULES.get(stage, {})) | set(_BUILDERS.get(stage, {})))


def split_spec(spec: str) -> tuple[str, str | None]:
    """``"pharaoh:links.txt"`` -> ``("pharaoh", "links.txt")``; split at the first colon only."""
    name, sep, arg = spec.partition(":")
    return name.strip(), (arg if sep else None)


def resolve(stage: str, spec: str, **options: Any) -> Any:
    """Build the backend named by ``spec`` for ``stage``; unknown names raise :class:`ConfigError`."""
    if stage not in _BUILDERS:
        raise ConfigError("stage", stage, STAGES)
    name, arg = split_spec(spec)
    if name not in _BUILDERS[stage]:
        module = MODULES.get(stage, {}).get(name)
        if module is None:
            raise ConfigError(stage, name, names(stage))
        importlib.import_module(module)
    if name not in _BUILDERS[stage]:
        raise ConfigError(stage, name, names(stage), hint=f"{MODULES[stage][name]} did not register it")
    try:
        return _BUILDERS[stage][name](arg, **options)
    except TypeError as exc:  # an unknown keyword option: a user error, not a bug
        bad = re.search(r"unexpected keyword argument '(\w+)'", str(exc))
        if bad is None:
            raise
        raise ConfigError(f"option of {stage} {name!r}", bad.group(1), hint=str(exc)) from None


def available(module: str) -> dict[str, bool]:
    """Which optional packages of ``module`` are installed (checked without importing them)."""
    return {pkg: importlib.util.find_spec(pkg) is not None for pkg in REQUIRES.get(module, ())}
