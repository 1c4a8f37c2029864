"""Offline aligner + projection end to end on 10,000 pairs (``pipeline.run``, default config).

Usage: python bench/bench_pipeline.py [--pairs 10000] [--aligner fusion] [--profile FILE]

Pairs: the 1,000 UNER-PUD en→de pairs (``--uner-dir``) repeated and shuffled up to ``--pairs``
(ids made unique), or synthetic pairs (``bench_projection.corpus``, random words) when the data is
absent. Prints wall and CPU seconds per stage; ``--profile`` writes a cProfile dump and prints the
top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xproj_core.pipeline import run  # noqa: E402
from xproj_core.project import ProjectionConfig  # noqa: E402
from xproj_core.types import Sentence, SentencePair  # noqa: E402


def load_pairs(n: int, uner_dir: Path, seed: int = 0) -> tuple[list[SentencePair], str]:
    rng = random.Random(seed)
    if (uner_dir / "en").is_dir():
        from xproj_core.io.conll import read_tagged
        from xproj_core.io.pairs import make_pairs

        en = read_tagged(str(uner_dir / "en/en_pud-ud-test.iob2"), lang="en")
        de_path = uner_dir / "de/de_pud-ud-test.iob2"
        base = make_pairs(en, read_tagged(str(de_path), lang="de"), "en", str(de_path))
        source = f"UNER-PUD en→de ({len(base)} pairs) repeated and shuffled"
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_projection import corpus

        vocab = [f"w{k}" for k in range(3000)]
        base = []
        for p, _ in zip(*corpus(1000)):
            words = [rng.choice(vocab) for _ in p.src.words]
            base.append(SentencePair(p.id, replace(p.src, words=tuple(words)),
                                     Sentence.from_words([w.upper() for w in words[:len(p.tgt.words)]] +
                                                         ["X"] * max(0, len(p.tgt.words) - len(words)))))
        source = "synthetic (UNER-PUD absent)"
    out = []
    while len(out) < n:
        chunk = list(base)
        rng.shuffle(chunk)
        out.extend(replace(p, id=f"{p.id}#{len(out) + k}") for k, p in enumerate(chunk))
    return out[:n], source


def measure(n: int, aligner: str, uner_dir: Path, profile: str | None = None) -> dict:
    """Run ``pipeline.run`` on ``n`` pairs; wall/CPU seconds, stage timings and the pair source."""
    pairs, source = load_pairs(n, uner_dir)
    load = os.getloadavg()[0]
    prof = cProfile.Profile() if profile else None
    w0, c0, k0 = time.perf_counter(), time.process_time(), os.times()
    if prof:
        prof.enable()
    result = run(pairs, ProjectionConfig(), aligner=aligner)
    if prof:
        prof.disable()
        prof.dump_stats(profile)
    wall, cpu, k1 = time.perf_counter() - w0, time.process_time() - c0, os.times()
    kids = (k1.children_user + k1.children_system) - (k0.children_user + k0.children_system)
    t = result.timings
    return {"pairs": len(pairs), "source": source, "aligner": aligner, "load": load, "wall": wall, "cpu": cpu,
            "child_cpu": kids, "align": t.get("align", 0.0), "projection": sum(v for k, v in t.items() if k != "align"),
            "timings": t, "spans": sum(len(p.spans) for p in result.projections)}


def describe(r: dict) -> str:
    return (f"{r['pairs']:,} pairs ({r['source']}), aligner `{r['aligner']}`, load average {r['load']:.1f} on "
            f"{os.cpu_count()} cores: total {r['wall']:.1f} s wall; CPU {r['cpu']:.1f} s in the Python process + "
            f"{r['child_cpu']:.1f} s in eflomal child processes; alignment {r['align']:.1f} s wall, projection "
            f"{r['projection']:.2f} s wall ({r['pairs'] / max(r['projection'], 1e-9):,.0f} pairs/s); "
            f"{r['spans']:,} spans projected.")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=10_000)
    ap.add_argument("--aligner", default="fusion")
    ap.add_argument("--uner-dir", default="/work/shared/data/uner_pud")
    ap.add_argument("--profile", default=None, help="write a cProfile dump here and print the top functions")
    args = ap.parse_args(argv)
    r = measure(args.pairs, args.aligner, Path(args.uner_dir), args.profile)
    print(describe(r))
    print("stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in r["timings"].items()))
    if args.profile:
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
