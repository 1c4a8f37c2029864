"""Speed of the model-free aligners (pairs per second), on 10k sentence pairs by default.

The corpus is the UNER-PUD en–de pairs repeated with shuffled word order inside each sentence
(so the aligner cannot memorise repeats), when the shared data is present
(``XPROJ_SHARED``, default ``../shared``); otherwise a synthetic corpus of ~20-word pairs
(a word cipher with local reordering). Target: the whole offline pipeline for 10k pairs in
under 60 s on 2 cores, so the aligner must stay well below that.

    python bench/bench_aligners.py                       # 10k pairs, fusion eflomal ortho
    python bench/bench_aligners.py --pairs 2000 --aligners fusion
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from xproj_core.registry import resolve  # noqa: E402


def uner_pairs() -> list[tuple[list[str], list[str]]] | None:
    data = Path(os.environ.get("XPROJ_SHARED", REPO.parent / "shared")) / "data" / "uner_pud"
    files = [data / "en" / "en_pud-ud-test.iob2", data / "de" / "de_pud-ud-test.iob2"]
    if not all(f.is_file() for f in files):
        return None
    sides = []
    for f in files:
        sents, cur = [], []
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                if cur:
                    sents.append(cur)
                cur = []
            elif not line.startswith("#"):
                cur.append(line.split("\t")[1])
        if cur:
            sents.append(cur)
        sides.append(sents)
    return list(zip(*sides))


def synthetic_pairs(n: int, rng: random.Random) -> list[tuple[list[str], list[str]]]:
    vocab = [f"w{k}" for k in range(5000)]
    out = []
    for _ in range(n):
        src = rng.choices(vocab, k=rng.randint(12, 28))
        tgt = [f"c{w[1:]}" for w in src]
        for k in range(0, len(tgt) - 1, 3):
            tgt[k], tgt[k + 1] = tgt[k + 1], tgt[k]
        out.append((src, tgt))
    return out


def corpus(n: int, seed: int = 1) -> tuple[list[tuple[list[str], list[str]]], str]:
    rng = random.Random(seed)
    base = uner_pairs()
    if base is None:
        return synthetic_pairs(n, rng), "synthetic cipher"
    out = [(list(s), list(t)) for s, t in base]
    while len(out) < n:
        s, t = rng.choice(base)
        s, t = list(s), list(t)
        rng.shuffle(s)
        rng.shuffle(t)
        out.append((s, t))
    return out[:n], "UNER-PUD en-de, repeated with shuffled words"


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children (the eflomal binary)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=10_000)
    ap.add_argument("--aligners", nargs="+", default=["fusion", "eflomal", "ortho"])
    args = ap.parse_args(argv)
    pairs, what = corpus(args.pairs)
    words = sum(len(s) + len(t) for s, t in pairs) / (2 * len(pairs))
    print(f"{len(pairs)} pairs ({what}), {words:.1f} words per sentence, {os.cpu_count()} CPUs visible")
    print(f"load average before: {os.getloadavg()[0]:.1f} (wall time is only meaningful on an idle machine)")
    print("| aligner | wall s | pairs/s (wall) | CPU s (all threads, incl. eflomal) | links/pair |\n|---|---:|---:|---:|---:|")
    for spec in args.aligners:
        aligner = resolve("aligner", spec)
        c0, t0 = cpu_seconds(), time.perf_counter()
        out = aligner.align(pairs)
        dt, dc = time.perf_counter() - t0, cpu_seconds() - c0
        print(f"| {spec} | {dt:.1f} | {len(pairs) / dt:.0f} | {dc:.1f} | {sum(len(a) for a in out) / len(out):.1f} |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
