"""``xproj pipeline translate-train|translate-test|model-transfer``: the three directions of method §2."""

from __future__ import annotations

import argparse

from ._common import add_progress_flag, progress_bar
from .translate import DEFAULT_TRANSLATOR, add_translator_options

#: component defaults per preset; flags override single fields.
PRESETS: dict[str, dict] = {
    # Politov et al.: NLLB-200-3.3B, XLM-R-large CoNLL-03, SimAlign mBERT itermax, unbounded n-grams, greedy.
    "paper": {"translator": "hf:facebook/nllb-200-3.3B",
              "ner": "hf:FacebookAI/xlm-roberta-large-finetuned-conll03-english",
              "aligner": "simalign:bert-base-multilingual-cased", "max_len": None,
              "bt_translator": "hf:ychenNLP/nllb-200-3.3B-easyproject"},
    # no model downloads: translations from a file, statistical + orthographic aligner.
    "offline": {"translator": None, "ner": None, "aligner": "fusion", "max_len": 10, "bt_translator": None},
}
DEFAULTS = {"translator": DEFAULT_TRANSLATOR, "ner": "hf:FacebookAI/xlm-roberta-large-finetuned-conll03-english",
            "aligner": "fusion", "max_len": 10, "bt_translator": None}


def _common(p: argparse.ArgumentParser, *, translate: bool = True, project: bool = True) -> None:
    p.add_argument("--input", metavar="FILE", help="token/tag file (CoNLL, MasakhaNER, UNER) or tokenised text")
    p.add_argument("--dataset", metavar="NAME:LANG[:SPLIT]", help="read a hub dataset instead of --input "
                   "(masakhaner2, wikiann, europarl-ner, uner; e.g. masakhaner2:swa); its §9.1 label mapping is applied")
    p.add_argument("--dataset-source", metavar="DIR", help="local copy of the dataset (save_to_disk layout)")
    p.add_argument("--input-format", default=None, help="tsv | conll2003 | masakhaner | uner | text (default: detect)")
    p.add_argument("--output", required=True, metavar="FILE", help="labelled output (token<TAB>tag)")
    p.add_argument("--jsonl", metavar="FILE", help="also write JSONL with token and character offsets")
    p.add_argument("--preset", choices=tuple(PRESETS), default=None,
                   help="paper: NLLB-200-3.3B + XLM-R-large CoNLL-03 + SimAlign mBERT itermax + n-grams + greedy; "
                   "offline: --translator given:FILE + fusion aligner")
    if translate:
        add_translator_options(p)
    if project:
        p.add_argument("--aligner", default=None, help="fusion | eflomal | ortho | simalign:MODEL | pharaoh:FILE")
        p.add_argument("--method", choices=("matching", "heuristic"), default="matching")
        p.add_argument("--heuristic", default="politov", help="heuristic preset (with --method heuristic)")
        p.add_argument("--solver", choices=("greedy", "exact"), default="greedy")
        p.add_argument("--max-len", type=int, default=None, help="longest n-gram candidate (0 = unbounded; preset default)")
    add_progress_flag(p)


def add_parser(sub) -> None:
    p = sub.add_parser("pipeline", help="translate-train, translate-test or model transfer end to end",
                       description="Run one direction of method §2 with model backends; prints seconds per stage.")
    dirs = p.add_subparsers(dest="direction", metavar="DIRECTION")
    tt = dirs.add_parser("translate-train", help="translate labelled source data and project it (silver target data)")
    _common(tt)
    tt.add_argument("--src-lang", required=True)
    tt.add_argument("--tgt-lang", required=True)
    tt.add_argument("--markers", action="store_true", help="EasyProject: translate with [ ] markers instead of aligning")
    tt.add_argument("--on-mismatch", choices=("drop", "flag"), default="drop", help="markers that do not reconcile")
    tt.add_argument("--compat-released-matching", action="store_true", help="EasyProject's first-match label assignment")
    tt.set_defaults(func=run)
    te = dirs.add_parser("translate-test", help="label target sentences via English MT + English NER + projection")
    _common(te)
    te.add_argument("--tgt-lang", required=True, help="language of INPUT")
    te.add_argument("--src-lang", default="en", help="pivot language of the NER model (default en)")
    te.add_argument("--ner", default=None, metavar="SPEC", help="English NER: hf:MODEL | spacy:PKG")
    te.add_argument("--keep-labels", default=None, help="comma-separated NER labels to project (e.g. PER,ORG,LOC)")
    te.add_argument("--back-translation", action="store_true", help="§8.1 variant: project through a marked back-translation")
    te.add_argument("--bt-translator", default=None, metavar="SPEC", help="marker-aware model for --back-translation")
    te.add_argument("--compat-released-matching", action="store_true", help="released code's last-match marker labels")
    te.set_defaults(func=run)
    mt = dirs.add_parser("model-transfer", help="run a multilingual NER model directly on the target")
    _common(mt, translate=False, project=False)
    mt.add_argument("--ner", default=None, metavar="SPEC", help="multilingual NER: hf:MODEL | spacy:PKG")
    mt.add_argument("--keep-labels", default=None, help="comma-separated labels to keep")
    mt.add_argument("--tgt-lang", default="", help="language of INPUT (recorded only)")
    mt.set_defaults(func=run)
    p.set_defaults(func=lambda args: (p.print_help(), 1)[1])


def setting(args: argparse.Namespace, key: str):
    """Flag value, else the preset's, else the default."""
    value = getattr(args, key, None)
    if value is not None:
        return value
    table = PRESETS.get(args.preset) if args.preset else DEFAULTS
    return table.get(key, DEFAULTS.get(key))


def projection_config(args: argparse.Namespace, tgt_lang: str = ""):
    from ..project import ProjectionConfig
    from ..translate.text import is_unspaced

    if args.max_len is not None:
        max_len = args.max_len or None
    else:
        max_len = setting(args, "max_len")
        if max_len is None and args.preset == "paper" and is_unspaced(tgt_lang):
            max_len = 30  # paper: words are characters in ja/th/zh
    if args.method == "heuristic":
        return ProjectionConfig(method="heuristic", heuristic=args.heuristic)
    return ProjectionConfig(method="matching", solver=args.solver, max_len=max_len)


def _need(args: argparse.Namespace, key: str, flag: str):
    from ..errors import ConfigError

    value = setting(args, key)
    if value is None:
        raise ConfigError(key, None, hint=f"preset {args.preset!r} has no default; pass {flag}")
    return value


def read_input(args: argparse.Namespace, tagged: bool, lang: str):
    """Sentences from ``--input`` (tagged file, or tokenised text when ``tagged`` is False) or ``--dataset``."""
    from dataclasses import replace

    from ..errors import ConfigError
    from ..io.conll import read_tagged, read_target

    if bool(args.input) == bool(args.dataset):
        raise ConfigError("input", None, hint="pass exactly one of --input FILE and --dataset NAME:LANG")
    if args.dataset:
        from .. import datasets

        name, _, rest = args.dataset.partition(":")
        ds_lang, _, split = rest.partition(":")
        if not ds_lang:
            raise ConfigError("dataset", args.dataset, hint="write NAME:LANG, e.g. masakhaner2:swa")
        sents = datasets.load_sentences(name, ds_lang, split or None, source=args.dataset_source)
        return [replace(s, lang=lang or s.lang) for s in sents]
    sents = read_tagged(args.input, format=args.input_format) if tagged else read_target(args.input, format=args.input_format)
    return [replace(s, lang=s.lang or lang) for s in sents]


def run(args: argparse.Namespace) -> int:
    import sys

    from .. import pipelines
    from ..io.conll import write_conll
    from .translate import build_translator

    keep = tuple(args.keep_labels.split(",")) if getattr(args, "keep_labels", None) else None
    if args.direction == "translate-train":
        sources = read_input(args, True, args.src_lang)
        translator = build_translator(args, args.preset)
        with progress_bar("project", enabled=not args.quiet) as progress:
            result = pipelines.translate_train(
                sources, translator, src_lang=args.src_lang, tgt_lang=args.tgt_lang, aligner=setting(args, "aligner"),
                config=projection_config(args, args.tgt_lang), markers=args.markers, on_mismatch=args.on_mismatch,
                compat_released_matching=args.compat_released_matching, progress=progress)
    else:
        targets = read_input(args, False, args.tgt_lang)
        ner = _need(args, "ner", "--ner hf:MODEL or spacy:PKG")
        if args.direction == "model-transfer":
            result = pipelines.model_transfer(targets, ner, keep_labels=keep)
        else:
            translator = build_translator(args, args.preset)
            bt = setting(args, "bt_translator") if args.back_translation else None
            if bt is not None:
                bt = build_translator(argparse.Namespace(**{**vars(args), "translator": bt}))
            with progress_bar("project", enabled=not args.quiet) as progress:
                result = pipelines.translate_test(
                    targets, translator, ner, tgt_lang=args.tgt_lang, src_lang=args.src_lang,
                    aligner=setting(args, "aligner"), config=projection_config(args, args.tgt_lang), keep_labels=keep,
                    back_translation=args.back_translation, bt_translator=bt,
                    compat_released_matching=args.compat_released_matching, progress=progress)
        if any(t.spans for t in targets):  # gold labels present: score them
            from ..evaluate import span_scores

            gold = [t.spans if keep is None else tuple(s for s in t.spans if s.label in keep) for t in targets]
            pred = [s.spans for s in result.sentences]
            if args.dataset:  # §9.1: the dataset's mapping applies to predictions too (e.g. projected MISC -> O)
                from ..datasets import label_map
                from ..tags import map_labels

                mapping = label_map(args.dataset.partition(":")[0])
                pred = [map_labels(p, mapping) for p in pred]
            rep = span_scores(gold, pred)
            print(f"span F1 against the input's labels: {100 * rep.micro.f1:.1f} "
                  f"(P {100 * rep.micro.precision:.1f}, R {100 * rep.micro.recall:.1f})", file=sys.stderr)
    write_conll(result.sentences, args.output)
    if args.jsonl:
        from ..io.jsonl import write_jsonl

        write_jsonl(result.sentences, args.jsonl)
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    extra = ""
    if "kept_fraction" in result.diagnostics:
        extra = f"; kept {100 * result.diagnostics['kept_fraction']:.1f}% of sentences"
    if "unmatched_markers" in result.diagnostics:
        extra = f"; {result.diagnostics['unmatched_markers']} unmatched markers"
    n_spans = sum(len(s.spans) for s in result.sentences)
    print(f"{args.direction}: {n_spans} spans in {len(result.sentences)} sentences{extra} ({stages}) -> {args.output}",
          file=sys.stderr)
    return 0
