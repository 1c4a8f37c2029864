"""Server time of the inspect view: open one sentence, and re-project it after a link edit.

    python bench/bench_inspect.py            # prints a table; --write appends it to docs/results/app_bench.md

Measures (target < 300 ms each):

* ``open``: what the page computes for one sentence (stored state + live evidence with ``project_pair``,
  candidate table, linked-view HTML, SVG, heatmap frame);
* ``edit``: toggling one link and re-projecting (the live update after an edit);
* ``page``: a whole warm AppTest rerun of ``pages/inspect.py`` (script + widgets + rendering to protos),
  after selecting the sentence, and after a link edit.

Sentences: the demo corpus (every pair, median and max), and synthetic long sentences (100 / 400 words,
near-diagonal links, 5 entities).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xproj_core import render  # noqa: E402
from xproj_core import workbench as wb  # noqa: E402
from xproj_core.store import Store  # noqa: E402
from xproj_core.types import Alignment, Sentence, SentencePair, Span  # noqa: E402


def open_view(store, run_id, pair, config, stored=None):
    view = wb.sentence_view(store, run_id, pair, config=config, stored_alignment=stored)
    wb.candidate_rows(pair, view.projection)
    wb.entity_summary(pair, view.projection)
    render.linked_view_html(pair, view.alignment, projected=view.spans, gold=pair.tgt.spans)
    render.linked_view_svg(pair, view.alignment, projected=view.spans, gold=pair.tgt.spans)
    wb.heatmap_cells(pair, view.alignment, projected=view.spans)
    return view


def edit_view(store, run_id, pair, config, view):
    link = view.alignment.links[0] if view.alignment.links else None
    draft = wb.toggle_link(view.alignment, link.src if link else 0, link.tgt if link else 0)
    v = wb.sentence_view(store, run_id, pair, config=config, alignment=draft)
    wb.candidate_rows(pair, v.projection)
    render.linked_view_html(pair, v.alignment, projected=v.spans, gold=pair.tgt.spans)
    return v


def timed(fn, *args, repeat=5):
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(*args)
        out.append(1000 * (time.perf_counter() - t))
    return min(out)


def synthetic(n: int, seed: int = 0) -> tuple[SentencePair, Alignment]:
    rng = random.Random(seed)
    src = tuple(f"w{i}" for i in range(n))
    tgt = tuple(f"v{i}" for i in range(n))
    starts = sorted(rng.sample(range(0, n - 3, 4), 5))
    spans = tuple(Span(s, s + rng.randint(1, 3), rng.choice(["PER", "ORG", "LOC"])) for s in starts)
    links = [(i, min(n - 1, max(0, i + rng.choice([-1, 0, 0, 0, 1])))) for i in range(n) if rng.random() < 0.85]
    pair = SentencePair(f"syn-{n}", Sentence(src, spans, lang="en"), Sentence(tgt, spans, lang="de"))
    return pair, Alignment.from_pairs(links)


def bench_core(tmp: Path) -> list[tuple[str, str, float, float]]:
    store = Store(tmp / "bench.sqlite")
    pid, rid = wb.create_demo_project(store)
    config = wb.config_from_run(store.run(rid).config)
    rows = []
    opens, edits = [], []
    for pair in store.pairs(pid):  # as the page: this pair's alignment and history from the store
        view = open_view(store, rid, pair, config)
        opens.append(timed(open_view, store, rid, pair, config))
        edits.append(timed(edit_view, store, rid, pair, config, view))
    rows.append(("demo (median)", f"{len(opens)} pairs", statistics.median(opens), statistics.median(edits)))
    rows.append(("demo (max)", "", max(opens), max(edits)))
    for n in (100, 400):
        pair, alignment = synthetic(n)
        p2 = store.create_project(f"syn{n}", [pair])
        from xproj_core.project import project_pair

        proj = project_pair(pair, alignment, config, evidence=False)
        r2 = store.add_run(p2, "syn", store.run(rid).config, "syn", [proj], {pair.id: alignment}, {})
        view = open_view(store, r2, pair, config, alignment)
        rows.append((f"synthetic {n} words", "5 entities", timed(open_view, store, r2, pair, config, alignment),
                     timed(edit_view, store, r2, pair, config, view)))
    return rows


def bench_page(tmp: Path) -> tuple[float, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["XPROJ_WORKSPACE"] = str(tmp / "page.sqlite")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/inspect.py").run()
    store = Store(tmp / "page.sqlite")
    [project] = store.projects()
    [run] = store.runs(project.id)
    pair = next(p for p in store.pairs(project.id) if p.tgt.lang == "de" and p.src.spans)
    at.selectbox(key="inspect_pair").set_value(pair.id).run()  # warm
    opens = []
    for other in [p for p in store.pairs(project.id) if p.tgt.lang == "de"][:6]:
        t = time.perf_counter()
        at.selectbox(key="inspect_pair").set_value(other.id).run()
        opens.append(1000 * (time.perf_counter() - t))
    at.selectbox(key="inspect_pair").set_value(pair.id).run()
    link = store.alignments(run.id)[pair.id].links[0]
    at.selectbox(key="link_src").set_value(f"{link.src} · {pair.src.words[link.src]}")
    at.selectbox(key="link_tgt").set_value(f"{link.tgt} · {pair.tgt.words[link.tgt]}")
    t = time.perf_counter()
    at.button(key=f"toggle_{run.id}_{pair.id}").click().run()
    edit = 1000 * (time.perf_counter() - t)
    assert not at.exception, [e.value for e in at.exception]
    return statistics.median(opens), edit


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="append the table to docs/results/app_bench.md")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = bench_core(Path(tmp))
        page_open, page_edit = bench_page(Path(tmp))
    lines = ["| sentences | | open view (ms) | re-project after a link edit (ms) |", "|---|---|---:|---:|"]
    lines += [f"| {a} | {b} | {o:.1f} | {e:.1f} |" for a, b, o, e in rows]
    lines.append(f"| whole page rerun (AppTest, warm, demo, median) | | {page_open:.0f} | {page_edit:.0f} |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        out = ROOT / "docs" / "results" / "app_bench.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("a", encoding="utf-8") as f:
            f.write("\n## Inspect view (app pages 1)\n\nCommand: `python bench/bench_inspect.py`. "
                    "Server time, best of 5 per sentence; target < 300 ms.\n\n" + table + "\n")


if __name__ == "__main__":
    main()
