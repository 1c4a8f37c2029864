"""CPU time of the NER-probability score (method §6.2) for one long sentence.

    python bench/bench_ner_score.py [--words 80 --max-len 10 --entities 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xproj_core.candidates import Candidates  # noqa: E402
from xproj_core.ner_score import ner_scores  # noqa: E402
from xproj_core.types import Span  # noqa: E402

LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=80)
    ap.add_argument("--max-len", type=int, default=10)
    ap.add_argument("--entities", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    m = args.words
    logits = np.random.default_rng(0).normal(size=(m, len(LABELS))) * 3
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    cands = Candidates.build((a, b) for a in range(m) for b in range(a + 1, min(a + args.max_len, m) + 1))
    ents = [Span(k, k + 1, ("PER", "LOC", "ORG")[k % 3]) for k in range(args.entities)]
    for mode in ("per_class", "spans"):
        t = time.process_time()
        for _ in range(args.repeat):
            ner_scores(probs, LABELS, ents, cands, mode=mode)
        ms = (time.process_time() - t) / args.repeat * 1e3
        print(f"{mode:9s}: {m} words, {len(cands)} candidates, {len(ents)} entities: {ms:.3f} ms CPU per sentence")


if __name__ == "__main__":
    main()
