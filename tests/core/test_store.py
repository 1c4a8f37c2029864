"""Store: round trips, append-only corrections with undo, atomic writes, concurrent writers."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from xproj_core.errors import ConfigError, InputError
from xproj_core.store import STATUSES, Correction, Store
from xproj_core.types import Alignment, Link, ProjectedSpan, Projection, Sentence, SentencePair, Span


def make_pairs(n=3, lang="de"):
    out = []
    for k in range(n):
        src = Sentence(("Angela", "Merkel", "visited", "<b>Paris</b>", "&", "Rome"),
                       (Span(0, 2, "PER"), Span(3, 4, "LOC")), id=f"s{k}", lang="en")
        tgt = Sentence(("Angela", "Merkel", "besuchte", "<b>Paris</b>", "&", "Rom"), (Span(0, 2, "PER"),),
                       id=f"t{k}", text="Angela Merkel  besuchte <b>Paris</b> & Rom", lang=lang)
        out.append(SentencePair(f"{lang}-{k:04d}", src, tgt))
    return out


def make_run(pairs):
    projs = {p.id: Projection(p.id, (ProjectedSpan(Span(0, 2, "PER"), 0, 0.8, 0.1), ProjectedSpan(Span(3, 4, "LOC"), 1, 1.0)),
                              objective=1.8, rel_cost=0.9, method="greedy") for p in pairs}
    aligns = {p.id: Alignment((Link(0, 0), Link(1, 1, 0.25), Link(3, 3, 0.875))) for p in pairs}
    return projs, aligns


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "ws" / "x.sqlite")


def test_store_roundtrip_pairs_runs(store):
    pairs = make_pairs(3) + make_pairs(2, "ar")
    pid = store.create_project("demo", pairs, meta={"source": "test"})
    info = store.project(pid)
    assert (info.name, info.n_pairs, info.langs, info.meta) == ("demo", 5, ("ar", "de"), {"source": "test"})
    assert store.pairs(pid) == pairs
    assert [p.id for p in store.pairs(pid, lang="ar")] == ["ar-0000", "ar-0001"]
    assert store.pair(pid, "de-0001") == pairs[1]
    projs, aligns = make_run(pairs)
    rid = store.add_run(pid, "r1", {"aligner": "fusion"}, "aligner=fusion", projs, aligns, {"align": 1.5})
    run = store.run(rid)
    assert (run.project_id, run.signature, run.config, run.timings) == (pid, "aligner=fusion", {"aligner": "fusion"}, {"align": 1.5})
    assert store.projections(rid) == projs
    got = store.alignments(rid)
    assert got == aligns
    assert [l.score for l in got["de-0000"].links] == [1.0, 0.25, 0.875]
    assert store.alignment(rid, "de-0001") == aligns["de-0001"] and store.alignment(rid, "nope") is None
    assert store.projection(rid, "de-0002") == projs["de-0002"] and store.projection(999, "de-0002") is None
    assert [r.id for r in store.runs(pid)] == [rid]
    with pytest.raises(ConfigError):
        store.pair(pid, "nope")
    with pytest.raises(ConfigError):
        store.run(999)
    store.delete_project(pid)
    assert store.projects() == [] and store.projections(rid) == {}


def test_store_rejects_bad_input(store):
    pairs = make_pairs(2)
    with pytest.raises(InputError, match="duplicate pair id"):
        store.create_project("dup", pairs + pairs[:1])
    pid = store.create_project("ok", pairs)
    bad = {"zz": Projection("zz", ())}
    with pytest.raises(InputError, match="unknown pair id"):
        store.add_run(pid, "r", {}, "sig", bad, {})
    assert store.runs(pid) == []
    rid = store.add_run(pid, "r", {}, "sig", *make_run(pairs))
    with pytest.raises(ConfigError, match="status"):
        store.add_correction(Correction(rid, "de-0000", (), "approved"))
    with pytest.raises(ConfigError):
        store.add_correction(Correction(rid, "missing", (), "accepted"))


def test_store_corrections_history_undo_final(store):
    pairs = make_pairs(3)
    pid = store.create_project("p", pairs)
    rid = store.add_run(pid, "r", {}, "sig", *make_run(pairs))
    assert store.undo(rid, "de-0000") is None  # nothing to undo: no marker written
    assert store.history(rid, "de-0000") == []
    c1 = store.add_correction(Correction(rid, "de-0000", (Span(0, 2, "PER"),), "corrected", author="ann", note="drop LOC"))
    c2 = store.add_correction(Correction(rid, "de-0000", (Span(0, 1, "PER"),), "corrected",
                                         links=(Link(0, 0), Link(5, 5, 0.5)), author="bob"))
    store.add_correction(Correction(rid, "de-0001", (), "rejected"))
    store.add_correction(Correction(rid, "de-0002", (), "accepted"))
    cur = store.current(rid)
    assert cur["de-0000"].id == c2 and cur["de-0000"].author == "bob" and cur["de-0000"].links[1].score == 0.5
    assert cur["de-0000"].at and cur["de-0000"].at.endswith("+00:00")
    final = store.final_spans(rid)
    assert final == {"de-0000": (Span(0, 1, "PER"),), "de-0002": (Span(0, 2, "PER"), Span(3, 4, "LOC"))}
    assert store.final_spans(rid, include_rejected=True)["de-0001"] == ()
    assert store.review_counts(rid) == {"corrected": 1, "accepted": 1, "rejected": 1}
    undone = store.undo(rid, "de-0000", author="bob")
    assert undone.id == c2
    assert store.current(rid)["de-0000"].id == c1
    store.undo(rid, "de-0000")
    assert "de-0000" not in store.current(rid)
    assert store.final_spans(rid)["de-0000"] == (Span(0, 2, "PER"), Span(3, 4, "LOC"))  # back to the projection
    hist = store.history(rid, "de-0000")
    assert [c.status for c in hist] == ["corrected", "corrected", "undo", "undo"]  # append-only
    assert hist[2].author == "bob" and hist[0].note == "drop LOC"
    assert set(STATUSES) == {"corrected", "accepted", "rejected"}


def test_store_transaction_rolls_back_on_error(store):
    import sqlite3

    pairs = make_pairs(50)
    pid = store.create_project("p", pairs)
    projs, aligns = make_run(pairs)
    # make the 31st row insert fail inside the transaction, after the run row and 30 pairs were written
    con = sqlite3.connect(store.path)
    con.execute("CREATE TRIGGER boom BEFORE INSERT ON run_pairs WHEN NEW.pair_id='de-0030' "
                "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
    con.commit()
    with pytest.raises(sqlite3.DatabaseError, match="disk on fire"):
        store.add_run(pid, "r", {}, "sig", projs, aligns)
    assert store.runs(pid) == []
    assert con.execute("SELECT COUNT(*) FROM run_pairs").fetchone()[0] == 0
    con.execute("DROP TRIGGER boom")
    con.commit()
    con.close()
    rid = store.add_run(pid, "r", {}, "sig", projs, aligns)
    assert len(store.projections(rid)) == 50


def test_store_killed_writer_leaves_consistent_file(tmp_path):
    path = tmp_path / "k.sqlite"
    Store(path)
    code = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {os.getcwd()!r})
        from xproj_core.store import Store
        from xproj_core.types import Sentence, SentencePair, Span
        s = Store({str(path)!r})
        pairs = [SentencePair(str(i), Sentence(("a", "b") * 20, (Span(0, 1, "PER"),)), Sentence(("c",) * 40)) for i in range(4000)]
        k = 0
        while True:
            k += 1
            print("writing", k, flush=True)
            s.create_project("p", pairs)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().split() == ["writing", "1"]
        assert proc.stdout.readline().split() == ["writing", "2"]  # project 1 is committed, project 2 is being written
        time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    s = Store(path)
    infos = s.projects()
    assert infos and infos[0].n_pairs == 4000
    for info in infos:
        assert len(s.pair_ids(info.id)) == info.n_pairs == 4000


def test_store_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "c.sqlite"
    pairs = make_pairs(4)
    s0 = Store(path)
    pid = s0.create_project("p", pairs)
    rid = s0.add_run(pid, "r", {}, "sig", *make_run(pairs))
    errors = []

    def writer(author):
        st = Store(path)  # its own Store object on the same file
        try:
            for k in range(40):
                st.add_correction(Correction(rid, pairs[k % 4].id, (Span(0, 1, "PER"),), "corrected", author=author))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(a,)) for a in ("a", "b", "c")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    log = s0.all_corrections(rid)
    assert len(log) == 120 and {c.author for c in log} == {"a", "b", "c"}
    assert len({c.id for c in log}) == 120


def test_store_not_a_workspace(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(InputError, match="not an xproj workspace"):
        Store(bad)
    (tmp_path / "dir.sqlite").mkdir()
    with pytest.raises(InputError, match="cannot open the workspace"):
        Store(tmp_path / "dir.sqlite")
    import sqlite3

    newer = tmp_path / "newer.sqlite"
    Store(newer)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version=99")
    con.close()
    with pytest.raises(InputError, match="newer than this xproj"):
        Store(newer)


def test_store_demo_with_gold_alignments(store):
    from xproj_core.demo import demo_gold_alignments, load_demo

    pairs, gold = load_demo(), demo_gold_alignments()
    pid = store.create_project("demo", pairs, gold_alignments=gold)
    assert store.project(pid).langs == ("ar", "de", "sw", "zh")
    assert store.gold_alignments(pid) == gold
    assert store.pairs(pid, lang="zh") == [p for p in pairs if p.tgt.lang == "zh"]
    with pytest.raises(InputError, match="unknown pair id"):
        store.create_project("x", pairs[:2], gold_alignments=gold)


def test_store_merge_into_gold(store):
    from xproj_core.demo import demo_gold_alignments, load_demo

    pairs = load_demo(("sw",))[:4]
    gold = demo_gold_alignments(("sw",))
    pid = store.create_project("sw", pairs, gold_alignments={p.id: gold[p.id] for p in pairs})
    rid = store.add_run(pid, "r", {}, "sig", *make_run(pairs))
    store.add_correction(Correction(rid, pairs[0].id, (Span(0, 1, "PER"),), "corrected"))
    store.add_correction(Correction(rid, pairs[1].id, (), "accepted"))
    store.add_correction(Correction(rid, pairs[2].id, (), "rejected"))
    new = store.merge_into_gold(rid)
    merged = store.pairs(new)
    assert [p.id for p in merged] == [pairs[0].id, pairs[1].id]
    assert merged[0].tgt.spans == (Span(0, 1, "PER"),) and merged[0].src == pairs[0].src
    assert merged[1].tgt.spans == (Span(0, 2, "PER"), Span(3, 4, "LOC"))  # accepted = as projected
    assert set(store.gold_alignments(new)) == {pairs[0].id, pairs[1].id}
    assert store.project(new).meta["from_run"] == rid
    everything = store.pairs(store.merge_into_gold(rid, "all", only_reviewed=False))
    assert [p.id for p in everything] == [pairs[0].id, pairs[1].id, pairs[3].id]
