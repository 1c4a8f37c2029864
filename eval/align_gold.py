"""AER of the model-free aligners on the gold word alignments (method.md §9.4).

Gold sets: ``align_gold/enfr`` (Hansards, sure + possible) and ``align_gold/roen`` (WPT-05, sure
only). Every statistical run is trained on the test pairs only (no extra parallel text).
eflomal is a clock-seeded sampler, so each normaliser is run ``--repeats`` times and the table
gives the mean AER (and the spread) over the runs; all symmetrisation and fusion variants of a
run reuse the same directional alignments, so their differences are not sampling noise.

    python eval/align_gold.py                      # full grid, markdown on stdout
    python eval/align_gold.py --repeats 1 --norms prefix:4 --out docs/results/aer.md

Exits 0 with a message when the shared data is absent (``XPROJ_SHARED``, default ``../shared``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import require_shared  # noqa: E402

from xproj_core.align.eflomal import EflomalAligner, combine  # noqa: E402
from xproj_core.align.fusion import fuse  # noqa: E402
from xproj_core.align.orthographic import OrthographicAligner  # noqa: E402
from xproj_core.evaluate import aer  # noqa: E402
from xproj_core.io.pharaoh import read_gold_alignments, read_pharaoh  # noqa: E402

PAIRS = ("enfr", "roen")
NORMS = ("none", "lower", "fold", "prefix:3", "prefix:4", "prefix:5", "prefix:6")
SYMS = ("intersection", "grow-diag", "grow-diag-final-and", "grow-diag-final", "union")
FUSIONS = (("seed", True), ("seed", False), ("add", True), ("add", False))
ORTHO = (  # (threshold, min_length, short, punctuation)
    (0.8, 4, "identical", False),
    (0.8, 4, "identical", True),
    (0.9, 4, "identical", True),
    (0.7, 4, "identical", True),
    (0.8, 3, "identical", True),
    (0.8, 5, "identical", True),
    (0.8, 4, "never", False),
)


def load(name: str):
    root = require_shared("align_gold", name)
    pairs = []
    for line in (root / f"{name}.src-tgt").read_text(encoding="utf-8").splitlines():
        src, _, tgt = line.partition("|||")
        pairs.append((src.split(), tgt.split()))
    gold = read_gold_alignments(root / f"{name}.gold", pairs)
    return pairs, gold, root


def pct(x: float) -> str:
    return f"{100 * x:.1f}"


def cell(values: list[float]) -> str:
    if len(values) == 1:
        return pct(values[0])
    return f"{pct(statistics.mean(values))} ±{pct(statistics.pstdev(values))}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", nargs="+", default=list(PAIRS), choices=PAIRS)
    ap.add_argument("--norms", nargs="+", default=list(NORMS))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", help="also write the markdown to this file")
    args = ap.parse_args(argv)

    lines = ["# AER of the model-free aligners (lower is better)", "",
             f"`python eval/align_gold.py {' '.join(argv if argv is not None else sys.argv[1:])}`".replace(" `", "`"),
             "", f"Trained on the test pairs only; mean over {args.repeats} eflomal run(s) (± population sd).",
             "Published (trained on far more text): eflomal 8.2 / 25.1, fast_align 10.5 / 32.1 (en-fr / ro-en).", ""]
    data = {p: load(p) for p in args.pairs}

    # --- orthographic only (deterministic)
    lines += ["## Orthographic aligner alone", "",
              "| threshold | min_length | short | punct | " + " | ".join(f"{p} AER | {p} P | {p} R" for p in args.pairs) + " |",
              "|---|---|---|---|" + "---|---|---|" * len(args.pairs)]
    ortho_cache: dict[tuple, dict[str, list]] = {}
    for cfg in ORTHO:
        al = OrthographicAligner(threshold=cfg[0], min_length=cfg[1], short=cfg[2], punctuation=cfg[3])
        row = [str(c) for c in cfg]
        ortho_cache[cfg] = {}
        for p in args.pairs:
            pairs, gold, _ = data[p]
            pred = al.align(pairs)
            ortho_cache[cfg][p] = [{(l.src, l.tgt): l.score for l in a} for a in pred]
            s = aer(gold, pred)
            row += [pct(s.aer), pct(s.precision), pct(s.recall)]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")

    # --- statistical runs
    results: dict[tuple, dict[str, list[float]]] = {}
    timings: dict[str, list[float]] = {p: [] for p in args.pairs}
    for p in args.pairs:
        pairs, gold, root = data[p]
        for norm in args.norms:
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                directional = EflomalAligner(normalise=norm).directional(pairs)
                timings[p].append(time.perf_counter() - t0)
                for sym in SYMS:
                    pred = [combine(f, r, sym) for f, r in directional]
                    results.setdefault(("eflomal", norm, sym, "", ""), {}).setdefault(p, []).append(aer(gold, pred).aer)
                for cfg in ORTHO:
                    for mode, override in FUSIONS:
                        for sym in ("intersection", "grow-diag", "grow-diag-final-and"):
                            pred = [fuse(f, r, o, sym, mode, override) for (f, r), o in zip(directional, ortho_cache[cfg][p])]
                            key = ("fusion", norm, sym, f"{mode}{'+override' if override else ''}", "/".join(map(str, cfg)))
                            results.setdefault(key, {}).setdefault(p, []).append(aer(gold, pred).aer)
            print(f"  {p} {norm} done", file=sys.stderr, flush=True)

    def mean_over_pairs(key):
        return statistics.mean(statistics.mean(results[key][p]) for p in args.pairs)

    header = ("| aligner | normaliser | symmetrisation | fusion | ortho (thr/min/short/punct) | "
              + " | ".join(f"{p} AER" for p in args.pairs) + " | mean |")
    sep = "|---|---|---|---|---|" + "---|" * (len(args.pairs) + 1)

    def row(key):
        return ("| " + " | ".join(key) + " | " + " | ".join(cell(results[key][p]) for p in args.pairs)
                + f" | {pct(mean_over_pairs(key))} |")

    eflomal_keys = [k for k in results if k[0] == "eflomal"]
    lines += ["## eflomal: normaliser × symmetrisation", "", header, sep] + [row(k) for k in eflomal_keys] + [""]
    fusion_keys = sorted((k for k in results if k[0] == "fusion"), key=mean_over_pairs)
    lines += ["## Fusion: all variants, best first", "", header, sep] + [row(k) for k in fusion_keys] + [""]
    best_e = min(eflomal_keys, key=mean_over_pairs)
    best_f = fusion_keys[0]
    lines += ["## Best", "", header, sep, row(best_e), row(best_f), "",
              "Reference: awesome-align's published output scored by the same code: "
              + ", ".join(f"{p} {pct(aer(data[p][1], read_pharaoh(data[p][2] / f'{p}.awesome-align.out')).aer)}"
                          for p in args.pairs), "",
              "eflomal training time per run (s, both directions, this machine): "
              + ", ".join(f"{p} {statistics.mean(t):.1f}" for p, t in timings.items()), ""]
    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
