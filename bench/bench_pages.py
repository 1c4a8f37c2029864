"""Page-level timings of the review queue, analysis, efficiency and export pages on a large project.

Builds a workspace of N sentence pairs (the demo corpus repeated, fresh ids, target gold and gold
alignments kept), projects it twice (alignment-score matching and the politov heuristic, through
the gold sure links, so no aligner time is involved), then times

* the core functions behind the pages (``analysis.review_queue``, scores + error instances), and
* each page in Streamlit's AppTest: the first run (cold ``st.cache_data``) and a rerun (warm).

    python bench/bench_pages.py [--n 10000] [--repeat 3]

Prints a Markdown table (for docs/results/app_bench.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(path: Path, n: int) -> None:
    from xproj_core.demo import demo_gold_alignments, load_demo
    from xproj_core.pipeline import run
    from xproj_core.project import ProjectionConfig
    from xproj_core.store import Store
    from xproj_core.types import Alignment

    demo, gold = load_demo(), demo_gold_alignments()
    pairs, golds = [], {}
    for k in range(n):
        p = demo[k % len(demo)]
        pid = f"{p.tgt.lang}-{k:06d}"
        pairs.append(replace(p, id=pid))
        if p.id in gold:
            golds[pid] = gold[p.id]
    store = Store(path)
    project = store.create_project(f"bench-{n}", pairs, gold_alignments=golds)
    als = [Alignment.from_pairs(sorted(golds[p.id].sure)) if p.id in golds else Alignment() for p in pairs]
    for name, cfg in (("matching", ProjectionConfig()), ("heuristic", ProjectionConfig(method="heuristic"))):
        res = run(pairs, cfg, alignments=als)
        store.add_run(project, name, dict(cfg.to_dict(), aligner="pharaoh:gold"), cfg.signature(), res.projections,
                      {p.id: a for p, a in zip(pairs, res.alignments)}, {**res.timings, "align": 0.0})


def timed(fn, repeat: int) -> tuple[tuple[float, float], object]:
    """Median (wall, CPU) seconds of ``fn`` over ``repeat`` calls, and its last result."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return (statistics.median(walls), statistics.median(cpus)), out


def bench_core(path: Path, repeat: int) -> list[tuple[str, float]]:
    from xproj_core import analysis
    from xproj_core.store import Store

    store = Store(path)
    [project] = store.projects()
    run = store.runs(project.id)[0]
    rows = []
    t, pairs = timed(lambda: store.pairs(project.id), repeat)
    rows.append(("store.pairs (decode all pairs)", t))
    t, pred = timed(lambda: analysis.predictions(store, run.id, pairs), repeat)
    rows.append(("analysis.predictions (one run)", t))
    t, _ = timed(lambda: analysis.scores_by_lang(pairs, pred), repeat)
    rows.append(("analysis.scores_by_lang", t))
    als = store.alignments(run.id)
    t, inst = timed(lambda: analysis.instances(pairs, pred, alignments=als), repeat)
    rows.append(("analysis.instances (categories, no re-projection)", t))
    t, _ = timed(lambda: analysis.review_queue(store, project.id, run.id), repeat)
    rows.append(("analysis.review_queue (2 runs, with categories)", t))
    from xproj_core import triage

    t, digest = timed(lambda: store.pair_digest(project.id), repeat)
    rows.append(("store.pair_digest (ids, surfaces, spans, target words)", t))
    t, rd = timed(lambda: store.run_digest(run.id), repeat)
    rows.append(("store.run_digest (spans, signals, linked words, categories)", t))
    t, dpred = timed(lambda: analysis.digest_predictions(store, run.id, rd, digest.ids), repeat)
    t2, _ = timed(lambda: analysis.scores_by_lang_digest(digest, dpred), repeat)
    rows.append(("analysis.digest_predictions + scores_by_lang_digest", (t[0] + t2[0], t[1] + t2[1])))
    t, _ = timed(lambda: triage.run_digest_queue(store, project.id, run.id), repeat)
    rows.append(("triage.run_digest_queue (2 runs, with categories; what the page uses)", t))
    return rows


def bench_pages(path: Path, repeat: int) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["XPROJ_WORKSPACE"] = str(path)
    rows = []
    for page, label, view in (("pages/review.py", "Review queue", None),
                              ("pages/analysis.py", "Analysis (Scores view)", "Scores"),
                              ("pages/analysis.py", "Analysis (Errors view, drill-down)", "Errors"),
                              ("pages/efficiency.py", "Efficiency", None), ("pages/export.py", "Export (CoNLL IOB2)", None),
                              ("pages/inspect.py", "Inspect (one sentence, sentence picker)", None)):
        colds, warms, ccpu, wcpu = [], [], [], []
        for _ in range(repeat):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.run()
            st.cache_data.clear()  # first visit of a fresh server: nothing loaded yet
            st.cache_resource.clear()
            at.switch_page(page)
            if view:
                at.session_state["analysis_causes"] = False  # the default for projects over 2,000 pairs
                at.session_state["analysis_view"] = view
            t0, c0 = time.perf_counter(), time.process_time()
            at.run()
            colds.append(time.perf_counter() - t0)
            ccpu.append(time.process_time() - c0)
            assert not at.exception, [e.value for e in at.exception]
            t0, c0 = time.perf_counter(), time.process_time()
            at.run()
            warms.append(time.perf_counter() - t0)
            wcpu.append(time.process_time() - c0)
        med = statistics.median
        rows.append((label, (med(colds), med(ccpu)), (med(warms), med(wcpu))))
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workspace", type=Path, default=None, help="reuse (or create) this workspace file")
    ap.add_argument("--out", type=Path, default=None, help="write this benchmark's section into a Markdown file")
    args = ap.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="xproj-bench-pages-")
    path = args.workspace or Path(tmp) / "xproj.sqlite"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.n)
        print(f"built {args.n:,}-pair workspace with 2 runs in {time.perf_counter() - t0:.1f} s: {path}", file=sys.stderr)
    core = bench_core(path, args.repeat)
    pages = bench_pages(path, args.repeat)
    cmd = "python bench/bench_pages.py " + " ".join(argv if argv is not None else sys.argv[1:])
    md = [f"## Pages: review queue, analysis, efficiency, export on {args.n:,} sentences (app-pages-2)", "",
          f"{args.n:,} pairs (the demo corpus repeated with fresh ids; target gold and gold alignments kept), two runs "
          "(alignment-score matching, politov heuristic) projected through the gold sure links. Target: review queue "
          "and analysis under 1 s. Median of "
          f"{args.repeat}; wall and CPU seconds. Machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores shared with other jobs, load average {os.getloadavg()[0]:.1f} at the end "
          "(wall times grow with the load; CPU time much less).", "", f"Command: `{cmd.strip()}`", "",
          "| core function | wall s | CPU s |", "|---|---:|---:|"]
    md += [f"| {name} | {w:.3f} | {c:.3f} |" for name, (w, c) in core]
    md += ["", "Pages in Streamlit's AppTest. *First visit*: every cache of a fresh server cleared, so the page "
           "also reads the run from the store (review queue, scores, error table: the project and run digests; "
           "efficiency, export, inspect: decoded pairs/alignments; kept in `st.cache_resource` afterwards). "
           "*Rerun*: any widget change afterwards.", "",
           "| page | first visit wall s | first visit CPU s | rerun wall s | rerun CPU s |", "|---|---:|---:|---:|---:|"]
    md += [f"| {name} | {cw:.2f} | {cc:.2f} | {ww:.2f} | {wc:.2f} |" for name, (cw, cc), (ww, wc) in pages]
    target = [(name, cw, ww) for name, (cw, _), (ww, _) in pages if name.startswith(("Review", "Analysis"))]
    miss_first = [name for name, cw, _ in target if cw >= 1.0]
    miss_rerun = [name for name, _, ww in target if ww >= 1.0]
    md += ["", "Against the 1 s target (review queue, analysis), wall: reruns "
           + (f"miss it ({', '.join(miss_rerun)})" if miss_rerun else "meet it") + "; first visits "
           + (f"miss it for {', '.join(miss_first)}" if miss_first else "meet it") + "."]
    md.append("")
    print("\n".join(md))
    if args.out:
        write_section(args.out, md)


def write_section(path: Path, md: list[str]) -> None:
    """Replace this benchmark's own section (or append it), leaving the other sections alone."""
    head = md[0].split(":")[0]  # "## Pages"
    text = path.read_text(encoding="utf-8") if path.exists() else "# App benchmarks\n"
    lines = text.splitlines()
    start = next((k for k, line in enumerate(lines) if line.startswith(head + ":")), None)
    if start is not None:
        end = next((k for k in range(start + 1, len(lines)) if lines[k].startswith("## ")), len(lines))
        lines[start:end] = md
    else:
        lines += ([""] if lines and lines[-1] else []) + md
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
