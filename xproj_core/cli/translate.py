"""``xproj translate``: machine-translate a file, one sentence per line, through the persistent cache."""

from __future__ import annotations

import argparse

TRANSLATOR_HELP = ("hf:HUB_ID_OR_DIR (NLLB-200, M2M100, Marian/OPUS-MT) | given:FILE (translations made elsewhere: "
                   "one per line, or 'source<TAB>translation')")
DEFAULT_TRANSLATOR = "hf:facebook/nllb-200-distilled-600M"
#: translation model of each preset (method §2.2; ``offline`` needs --translator given:FILE).
PRESET_TRANSLATOR = {"paper": "hf:facebook/nllb-200-3.3B", "offline": None}


def add_translator_options(p: argparse.ArgumentParser) -> None:
    """Options shared with ``xproj pipeline``: model, cache, device, batch size."""
    p.add_argument("--translator", default=None, metavar="SPEC", help=f"{TRANSLATOR_HELP} (default {DEFAULT_TRANSLATOR})")
    p.add_argument("--cache", metavar="DIR", default=None, help="translation cache directory (default $XPROJ_CACHE or ~/.cache/xproj)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the translation cache")
    p.add_argument("--device", default="auto", help="auto (cuda > mps > cpu) | cpu | cuda | cuda:1 …")
    p.add_argument("--batch-size", type=int, default=16, help="sentences per generation batch")


def add_parser(sub) -> None:
    p = sub.add_parser(
        "translate",
        help="machine-translate sentences (NLLB-200, M2M100, OPUS-MT), cached",
        description="Translate INPUT (one sentence per line; with --tokenized, space-separated words that are "
        "detokenised first) and write one translation per line. Languages are ISO 639-1/639-3 codes (sw, swh, "
        "zh-Hant); each model family's own codes are derived from them.",
    )
    p.add_argument("--input", required=True, metavar="FILE")
    p.add_argument("--output", required=True, metavar="FILE")
    p.add_argument("--src-lang", required=True, help="source language, e.g. en")
    p.add_argument("--tgt-lang", required=True, help="target language, e.g. sw")
    p.add_argument("--preset", choices=tuple(PRESET_TRANSLATOR), default=None,
                   help="paper: NLLB-200-3.3B; offline: only --translator given:FILE")
    p.add_argument("--tokenized", action="store_true", help="INPUT holds space-separated words: detokenise before MT")
    p.add_argument("--tokenize-output", action="store_true", help="write the translations as space-separated words")
    add_translator_options(p)
    p.set_defaults(func=run)


def build_translator(args: argparse.Namespace, preset: str | None = None):
    """The translator the flags describe, wrapped in the persistent cache unless ``--no-cache``."""
    from ..errors import ConfigError
    from ..registry import resolve, split_spec

    spec = args.translator or (PRESET_TRANSLATOR.get(preset) if preset else None) or (
        None if preset == "offline" else DEFAULT_TRANSLATOR)
    if spec is None:
        raise ConfigError("translator", None, hint="the offline preset needs --translator given:FILE")
    name = split_spec(spec)[0]
    options = {"device": args.device, "batch_size": args.batch_size} if name == "hf" else {}
    translator = resolve("translator", spec, **options)
    if args.no_cache or name == "given":
        return translator
    from ..translate.cache import CachedTranslator

    return CachedTranslator(translator, args.cache)


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from ..errors import InputError
    from ..translate.text import detokenize, tokenize

    path = Path(args.input)
    if not path.is_file():
        raise InputError(args.input, None, "file not found")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(args.input, None, f"not UTF-8 text ({exc.reason})") from None
    texts = [detokenize(ln.split(), args.src_lang) if args.tokenized else ln.strip() for ln in lines]
    translator = build_translator(args, args.preset)
    out = translator.translate(texts, args.src_lang, args.tgt_lang)
    if args.tokenize_output:
        out = [" ".join(tokenize(t, args.tgt_lang)) for t in out]
    Path(args.output).write_text("".join(" ".join(t.splitlines()) + "\n" for t in out), encoding="utf-8")
    hits = getattr(translator, "hits", None)
    cached = f", {hits} from cache" if hits is not None else ""
    print(f"translated {len(texts)} sentences {args.src_lang}->{args.tgt_lang} with {translator.name}{cached} "
          f"-> {args.output}", file=sys.stderr)
    return 0
