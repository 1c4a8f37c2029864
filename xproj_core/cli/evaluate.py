"""``xproj evaluate``: exact-span P/R/F1 (seqeval default mode) and error categories."""

from __future__ import annotations

import argparse
import json


def add_parser(sub) -> None:
    p = sub.add_parser("evaluate", help="score predicted spans against gold",
                       description="Exact-span P/R/F1 overall and per type (equal to seqeval's default mode), "
                       "untyped F1, proj_ratio-free error categories.")
    p.add_argument("--gold", required=True, metavar="G", help="gold token/tag file")
    p.add_argument("--pred", required=True, metavar="P", help="predicted token/tag file over the same tokens")
    p.add_argument("--gold-format", default=None)
    p.add_argument("--pred-format", default=None)
    p.add_argument("--map", action="append", default=[], metavar="LABEL=NEW",
                   help="map a label before scoring (NEW = O drops it), e.g. --map DATE=O; repeatable")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def _mapping(items: list[str]) -> dict[str, str]:
    from ..errors import ConfigError

    out = {}
    for item in items:
        label, sep, new = item.partition("=")
        if not sep or not label:
            raise ConfigError("--map value", item, hint="expected LABEL=NEW, e.g. DATE=O")
        out[label] = new
    return out


def evaluate_files(gold_path: str, pred_path: str, gold_format=None, pred_format=None, mapping=None) -> dict:
    """Read both files, check they cover the same tokens, and return the report as a dict."""
    from ..errors import InputError
    from ..evaluate import categorise, span_scores
    from ..io.conll import read_tagged
    from ..tags import map_labels

    gold = read_tagged(gold_path, format=gold_format)
    pred = read_tagged(pred_path, format=pred_format)
    if len(gold) != len(pred):
        raise InputError(pred_path, None, f"{len(pred)} sentences, but {gold_path} has {len(gold)}",
                         "both files must hold the same sentences in the same order")
    for i, (g, p) in enumerate(zip(gold, pred)):
        if len(g.words) != len(p.words):
            raise InputError(pred_path, None, f"sentence {i + 1} has {len(p.words)} tokens, gold has {len(g.words)}")
    mapping = mapping or {}
    gs = [map_labels(s.spans, mapping) for s in gold]
    ps = [map_labels(s.spans, mapping) for s in pred]
    typed = span_scores(gs, ps)
    untyped = span_scores(gs, ps, typed=False)
    errors = categorise(gs, ps)

    def prf(x) -> dict:
        return {"precision": x.precision, "recall": x.recall, "f1": x.f1, "tp": x.tp, "fp": x.fp, "fn": x.fn}

    return {
        "sentences": len(gold),
        "micro": prf(typed.micro),
        "untyped": prf(untyped.micro),
        "per_type": {k: prf(v) for k, v in sorted(typed.per_type.items())},
        "errors": errors.counts(),
    }


def run(args: argparse.Namespace) -> int:
    report = evaluate_files(args.gold, args.pred, args.gold_format, args.pred_format, _mapping(args.map))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    rows = [("ALL (micro)", report["micro"]), ("untyped", report["untyped"])] + list(report["per_type"].items())
    print(f"{'type':<12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
    for name, r in rows:
        print(f"{name:<12} {100 * r['precision']:6.2f} {100 * r['recall']:6.2f} {100 * r['f1']:6.2f} "
              f"{r['tp'] + r['fn']:6d} {r['tp'] + r['fp']:6d}")
    print("\nerror categories: " + ", ".join(f"{k}={v}" for k, v in report["errors"].items()))
    return 0
