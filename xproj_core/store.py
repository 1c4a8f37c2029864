"""Workspace persistence: projects, sentence pairs, runs and append-only corrections (SQLite).

One SQLite file per workspace, WAL mode, a ``busy_timeout``, and one short connection per
operation, so a :class:`Store` may be shared between Streamlit threads and two processes
may write to the same file. Every write is one transaction: an interrupted save leaves
nothing half-written.

Corrections are never updated or deleted. :meth:`Store.undo` appends an ``undo`` marker
that cancels the latest effective correction of a sentence; :meth:`Store.current`
replays the history. Evidence (candidate tables) is not stored: the app recomputes it
for one sentence with ``project_pair``.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from . import digest
from .errors import ConfigError, InputError
from .types import Alignment, GoldAlignment, Link, ProjectedSpan, Projection, Sentence, SentencePair, Span

STATUSES = ("corrected", "accepted", "rejected")
UNDO = "undo"
SCHEMA_VERSION = 2  # 2: digests (one compact JSON blob per project and per run; v1 workspaces gain them lazily)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS projects (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL,
  n_pairs INTEGER NOT NULL, langs TEXT NOT NULL, meta TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, pair_id TEXT NOT NULL, lang TEXT NOT NULL, data TEXT NOT NULL,
  gold TEXT, PRIMARY KEY (project_id, pair_id));
CREATE INDEX IF NOT EXISTS pairs_order ON pairs(project_id, idx);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name TEXT NOT NULL, created TEXT NOT NULL, signature TEXT NOT NULL,
  config TEXT NOT NULL, timings TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS run_pairs (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, pair_id TEXT NOT NULL,
  projection TEXT, alignment TEXT, PRIMARY KEY (run_id, pair_id));
CREATE TABLE IF NOT EXISTS corrections (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  pair_id TEXT NOT NULL, status TEXT NOT NULL, spans TEXT NOT NULL, links TEXT,
  author TEXT NOT NULL, at TEXT NOT NULL, note TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS corrections_pair ON corrections(run_id, pair_id, id);
CREATE TABLE IF NOT EXISTS project_digests (
  project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS run_digests (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, data TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Correction:
    """One reviewer action on one sentence of a run; ``status`` is one of :data:`STATUSES`.

    ``spans`` are the target spans after the action (for ``accepted``: the projected spans
    that were accepted; empty means "as projected"). ``links`` is an edited alignment, if
    any. ``at`` and ``id`` are set by the store. Undo markers have ``status == "undo"``.
    """

    run_id: int
    pair_id: str
    spans: tuple[Span, ...]
    status: str
    links: tuple[Link, ...] | None = None
    author: str = "user"
    at: str = ""
    note: str = ""
    id: int = 0


@dataclass(frozen=True)
class ProjectInfo:
    id: int
    name: str
    created: str
    n_pairs: int
    langs: tuple[str, ...]
    meta: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class RunInfo:
    id: int
    project_id: int
    name: str
    created: str
    signature: str
    config: dict = field(default_factory=dict, hash=False, compare=False)
    timings: dict = field(default_factory=dict, hash=False, compare=False)


# ---------------------------------------------------------------- serialisation (compact JSON)

def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _enc_spans(spans: Iterable[Span]) -> list:
    return [[s.start, s.end, s.label] for s in spans]


def _dec_spans(rows: Iterable) -> tuple[Span, ...]:
    return digest.decode_spans(rows)  # equal spans share one immutable object: faster, less memory


def _enc_sentence(s: Sentence) -> dict:
    d: dict[str, Any] = {"w": list(s.words)}
    if s.spans:
        d["s"] = _enc_spans(s.spans)
    if s.id:
        d["i"] = s.id
    if s.text is not None:
        d["t"] = s.text
    if s.lang:
        d["l"] = s.lang
    return d


def _dec_sentence(d: dict) -> Sentence:
    return Sentence(tuple(d["w"]), _dec_spans(d.get("s", ())), d.get("i", ""), d.get("t"), d.get("l", ""))


def encode_pair(p: SentencePair) -> str:
    return _dump({"s": _enc_sentence(p.src), "t": _enc_sentence(p.tgt)})


def decode_pair(pair_id: str, data: str) -> SentencePair:
    d = json.loads(data)
    return SentencePair(pair_id, _dec_sentence(d["s"]), _dec_sentence(d["t"]))


def encode_links(links: Iterable[Link]) -> str:
    """Compact JSON ``{"s": [src…], "t": [tgt…], "p": [score…]}`` (``p`` left out when every score is 1.0)."""
    links = tuple(links)
    d: dict[str, list] = {"s": [l.src for l in links], "t": [l.tgt for l in links]}
    if any(l.score != 1.0 for l in links):
        d["p"] = [round(l.score, 5) for l in links]
    return _dump(d)


def decode_links(text: str) -> tuple[Link, ...]:
    d = json.loads(text)
    if "p" in d:
        return tuple(map(Link, d["s"], d["t"], d["p"]))
    return tuple(map(Link, d["s"], d["t"]))


def encode_projection(p: Projection) -> str:
    rows = [[s.span.start, s.span.end, s.span.label, s.entity_index, s.score, s.runner_up_score] for s in p.spans]
    return _dump({"s": rows, "o": p.objective, "r": p.rel_cost, "m": p.method})


def decode_projection(pair_id: str, data: str) -> Projection:
    d = json.loads(data)
    spans = tuple(ProjectedSpan(Span(a, b, l), e, sc, ru) for a, b, l, e, sc, ru in d["s"])
    return Projection(pair_id, spans, d.get("o", 0.0), d.get("r", 0.0), (), d.get("m", ""))


def _enc_gold(g: Any) -> str:
    def pairs(x: Any) -> list:
        if isinstance(x, Alignment):
            return sorted(x.pairs())
        return sorted((int(p[0]), int(p[1])) if not isinstance(p, Link) else (p.src, p.tgt) for p in x)

    return _dump({"s": pairs(g.sure), "p": pairs(g.possible)})


def _dec_gold(data: str) -> Any:
    d = json.loads(data)
    sure = frozenset((a, b) for a, b in d["s"])
    return GoldAlignment(sure=sure, possible=frozenset((a, b) for a, b in d["p"]) | sure)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


# ---------------------------------------------------------------- the store

class Store:
    """A workspace file. Cheap to construct; safe to share between threads."""

    def __init__(self, path: str | Path, *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise InputError(str(self.path), None, f"workspace schema version {version} is newer than this xproj ({SCHEMA_VERSION})", "upgrade xproj")
            if version < SCHEMA_VERSION:  # new file, or a migration (schema 2 only adds tables)
                con.executescript(_SCHEMA)
                con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # -- connections -------------------------------------------------------------------
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.DatabaseError as e:  # e.g. a directory
            raise InputError(str(self.path), None, f"cannot open the workspace: {e}",
                             "is it a directory or a read-only location? set XPROJ_WORKSPACE") from None
        try:
            con.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("PRAGMA synchronous=NORMAL")
            yield con
        except sqlite3.DatabaseError as e:
            if "not a database" in str(e) or "malformed" in str(e):
                raise InputError(str(self.path), None, f"not an xproj workspace: {e}", "choose another XPROJ_WORKSPACE") from None
            if "unable to open" in str(e) or "readonly" in str(e):
                raise InputError(str(self.path), None, f"cannot open the workspace: {e}",
                                 "is it a directory or a read-only location? set XPROJ_WORKSPACE") from None
            raise
        finally:
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): committed whole or rolled back whole."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # -- projects ----------------------------------------------------------------------
    def create_project(self, name: str, pairs: Sequence[SentencePair], *, meta: Mapping | None = None,
                       gold_alignments: Mapping[str, Any] | None = None) -> int:
        """Store a corpus of pairs (ids must be unique) and optional gold alignments by pair id."""
        gold = dict(gold_alignments or {})
        seen: set[str] = set()
        for p in pairs:
            if p.id in seen:
                raise InputError(None, None, f"duplicate pair id {p.id!r} in project {name!r}", "pair ids must be unique")
            seen.add(p.id)
        unknown = set(gold) - seen
        if unknown:
            raise InputError(None, None, f"gold alignment for unknown pair id {sorted(unknown)[0]!r}")
        langs = sorted({p.tgt.lang for p in pairs if p.tgt.lang})
        rows = [(i, p.id, p.tgt.lang, encode_pair(p), _enc_gold(gold[p.id]) if p.id in gold else None)
                for i, p in enumerate(pairs)]
        with self._write() as con:
            cur = con.execute("INSERT INTO projects(name, created, n_pairs, langs, meta) VALUES (?,?,?,?,?)",
                              (name, _now(), len(rows), _dump(langs), _dump(dict(meta or {}))))
            pid = cur.lastrowid
            con.executemany("INSERT INTO pairs(project_id, idx, pair_id, lang, data, gold) VALUES (?,?,?,?,?,?)",
                            [(pid, *r) for r in rows])
            con.execute("INSERT INTO project_digests(project_id, data) VALUES (?,?)", (pid, digest.encode_pairs(pairs)))
        return int(pid)

    @staticmethod
    def _project_info(row) -> ProjectInfo:
        return ProjectInfo(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), json.loads(row[5]))

    def projects(self) -> list[ProjectInfo]:
        with self._connect() as con:
            rows = con.execute("SELECT id, name, created, n_pairs, langs, meta FROM projects ORDER BY id").fetchall()
        return [self._project_info(r) for r in rows]

    def project(self, project_id: int) -> ProjectInfo:
        with self._connect() as con:
            row = con.execute("SELECT id, name, created, n_pairs, langs, meta FROM projects WHERE id=?", (project_id,)).fetchone()
        if row is None:
            raise ConfigError("project", project_id, [str(p.id) for p in self.projects()])
        return self._project_info(row)

    def delete_project(self, project_id: int) -> None:
        with self._write() as con:
            con.execute("DELETE FROM projects WHERE id=?", (project_id,))

    def pairs(self, project_id: int, *, lang: str | None = None) -> list[SentencePair]:
        """Pairs in insertion order; ``lang`` keeps only pairs whose target language is ``lang``."""
        sql, args = "SELECT pair_id, data FROM pairs WHERE project_id=?", [project_id]
        if lang is not None:
            sql += " AND lang=?"
            args.append(lang)
        with self._connect() as con:
            rows = con.execute(sql + " ORDER BY idx", args).fetchall()
        with digest.bulk_decode():
            return [decode_pair(pid, d) for pid, d in rows]

    def pair_ids(self, project_id: int, *, lang: str | None = None) -> list[str]:
        sql, args = "SELECT pair_id FROM pairs WHERE project_id=?", [project_id]
        if lang is not None:
            sql += " AND lang=?"
            args.append(lang)
        with self._connect() as con:
            return [r[0] for r in con.execute(sql + " ORDER BY idx", args)]

    def pair(self, project_id: int, pair_id: str) -> SentencePair:
        with self._connect() as con:
            row = con.execute("SELECT data FROM pairs WHERE project_id=? AND pair_id=?", (project_id, pair_id)).fetchone()
        if row is None:
            raise ConfigError("pair id", pair_id, hint=f"not in project {project_id}")
        return decode_pair(pair_id, row[0])

    def gold_alignments(self, project_id: int) -> dict[str, GoldAlignment]:
        """``pair_id -> GoldAlignment`` (0-based sure/possible links) for pairs that have one."""
        with self._connect() as con:
            rows = con.execute("SELECT pair_id, gold FROM pairs WHERE project_id=? AND gold IS NOT NULL ORDER BY idx",
                               (project_id,)).fetchall()
        with digest.bulk_decode():
            return {pid: _dec_gold(g) for pid, g in rows}

    # -- digests (compact columns for the list and score pages) ------------------------
    @staticmethod
    def _stored_pair_digest(con: sqlite3.Connection, project_id: int) -> digest.PairDigest | None:
        row = con.execute("SELECT data FROM project_digests WHERE project_id=?", (project_id,)).fetchone()
        return None if row is None else digest.decode_pairs(row[0])

    def _pair_digest(self, con: sqlite3.Connection, project_id: int) -> digest.PairDigest:
        found = self._stored_pair_digest(con, project_id)
        if found is not None:
            return found
        rows = con.execute("SELECT pair_id, data FROM pairs WHERE project_id=? ORDER BY idx", (project_id,)).fetchall()
        return digest.decode_pairs(digest.encode_pairs([decode_pair(pid, d) for pid, d in rows]))

    def pair_digest(self, project_id: int) -> digest.PairDigest:
        """Ids, languages, surfaces and spans of a project's pairs in one read (no words).

        Workspaces from before schema 2 (or with a digest of an older layout) get it computed on
        first use and stored."""
        with self._connect() as con:
            found = self._stored_pair_digest(con, project_id)
        if found is not None:
            return found
        self.project(project_id)  # ConfigError if unknown
        text = digest.encode_pairs(self.pairs(project_id))
        with self._write() as con:
            if con.execute("SELECT 1 FROM projects WHERE id=?", (project_id,)).fetchone() is not None:  # not deleted meanwhile
                con.execute("INSERT OR REPLACE INTO project_digests(project_id, data) VALUES (?,?)", (project_id, text))
        return digest.decode_pairs(text)

    def run_digest(self, run_id: int) -> digest.RunDigest:
        """Projected spans, review signals, linked target words and error categories of a run in one read.

        Workspaces from before schema 2 (or with a digest of an older layout) get it computed on
        first use and stored."""
        with self._connect() as con:
            row = con.execute("SELECT data FROM run_digests WHERE run_id=?", (run_id,)).fetchone()
        found = None if row is None else digest.decode_run(row[0])
        if found is not None:
            return found
        info = self.run(run_id)
        text = digest.encode_run(self.projections(run_id), self.alignments(run_id), self.pair_digest(info.project_id))
        with self._write() as con:
            if con.execute("SELECT 1 FROM runs WHERE id=?", (run_id,)).fetchone() is not None:  # not deleted meanwhile
                con.execute("INSERT OR REPLACE INTO run_digests(run_id, data) VALUES (?,?)", (run_id, text))
        return digest.decode_run(text)

    # -- runs --------------------------------------------------------------------------
    def add_run(self, project_id: int, name: str, config: Mapping, signature: str,
                projections: Iterable[Projection] | Mapping[str, Projection],
                alignments: Mapping[str, Alignment], timings: Mapping | None = None) -> int:
        """Store one projection run (projections by pair id, without evidence) in one transaction."""
        projs = list(projections.values()) if isinstance(projections, Mapping) else list(projections)
        by_id: dict[str, list] = {}
        for p in projs:
            by_id.setdefault(p.pair_id, [None, None])[0] = encode_projection(p)
        for pid, a in alignments.items():
            by_id.setdefault(pid, [None, None])[1] = encode_links(a.links)
        with self._write() as con:
            known = {r[0] for r in con.execute("SELECT pair_id FROM pairs WHERE project_id=?", (project_id,))}
            if not known and con.execute("SELECT 1 FROM projects WHERE id=?", (project_id,)).fetchone() is None:
                raise ConfigError("project", project_id)
            extra = set(by_id) - known
            if extra:
                raise InputError(None, None, f"run {name!r} has a projection for unknown pair id {sorted(extra)[0]!r}")
            cur = con.execute("INSERT INTO runs(project_id, name, created, signature, config, timings) VALUES (?,?,?,?,?,?)",
                              (project_id, name, _now(), signature, _dump(dict(config)), _dump(dict(timings or {}))))
            rid = cur.lastrowid
            con.executemany("INSERT INTO run_pairs(run_id, pair_id, projection, alignment) VALUES (?,?,?,?)",
                            [(rid, pid, pr, al) for pid, (pr, al) in by_id.items()])
            con.execute("INSERT INTO run_digests(run_id, data) VALUES (?,?)",
                        (rid, digest.encode_run({p.pair_id: p for p in projs}, alignments,
                                                self._pair_digest(con, project_id))))
        return int(rid)

    @staticmethod
    def _run_info(row) -> RunInfo:
        return RunInfo(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), json.loads(row[6]))

    def runs(self, project_id: int) -> list[RunInfo]:
        with self._connect() as con:
            rows = con.execute("SELECT id, project_id, name, created, signature, config, timings FROM runs "
                               "WHERE project_id=? ORDER BY id", (project_id,)).fetchall()
        return [self._run_info(r) for r in rows]

    def run(self, run_id: int) -> RunInfo:
        with self._connect() as con:
            row = con.execute("SELECT id, project_id, name, created, signature, config, timings FROM runs WHERE id=?",
                              (run_id,)).fetchone()
        if row is None:
            raise ConfigError("run", run_id)
        return self._run_info(row)

    def delete_run(self, run_id: int) -> None:
        with self._write() as con:
            con.execute("DELETE FROM runs WHERE id=?", (run_id,))

    def projections(self, run_id: int) -> dict[str, Projection]:
        """``pair_id -> Projection`` (spans, scores, objective, rel_cost; no evidence)."""
        with self._connect() as con:
            rows = con.execute("SELECT pair_id, projection FROM run_pairs WHERE run_id=? AND projection IS NOT NULL",
                               (run_id,)).fetchall()
        with digest.bulk_decode():
            return {pid: decode_projection(pid, d) for pid, d in rows}

    def alignments(self, run_id: int) -> dict[str, Alignment]:
        with self._connect() as con:
            rows = con.execute("SELECT pair_id, alignment FROM run_pairs WHERE run_id=? AND alignment IS NOT NULL",
                               (run_id,)).fetchall()
        with digest.bulk_decode():
            return {pid: Alignment(decode_links(d)) for pid, d in rows}

    def projection(self, run_id: int, pair_id: str) -> Projection | None:
        """One sentence's stored projection (None if the run has none for it)."""
        row = self._run_pair(run_id, pair_id, "projection")
        return None if row is None else decode_projection(pair_id, row)

    def alignment(self, run_id: int, pair_id: str) -> Alignment | None:
        """One sentence's stored alignment (None if the run has none for it)."""
        row = self._run_pair(run_id, pair_id, "alignment")
        return None if row is None else Alignment(decode_links(row))

    def _run_pair(self, run_id: int, pair_id: str, column: str) -> str | None:
        with self._connect() as con:
            row = con.execute(f"SELECT {column} FROM run_pairs WHERE run_id=? AND pair_id=?", (run_id, pair_id)).fetchone()
        return None if row is None else row[0]

    # -- corrections -------------------------------------------------------------------
    def _insert_correction(self, con: sqlite3.Connection, c: Correction) -> int:
        links = None if c.links is None else encode_links(c.links)
        cur = con.execute("INSERT INTO corrections(run_id, pair_id, status, spans, links, author, at, note) "
                          "VALUES (?,?,?,?,?,?,?,?)",
                          (c.run_id, c.pair_id, c.status, _dump(_enc_spans(c.spans)), links, c.author, _now(), c.note))
        return int(cur.lastrowid)

    def add_correction(self, c: Correction) -> int:
        """Append one correction (one transaction); returns its id. ``at`` is set here."""
        if c.status not in STATUSES:
            raise ConfigError("correction status", c.status, STATUSES)
        with self._write() as con:
            self._check_run_pair(con, c.run_id, c.pair_id)
            return self._insert_correction(con, c)

    @staticmethod
    def _check_run_pair(con: sqlite3.Connection, run_id: int, pair_id: str) -> None:
        row = con.execute("SELECT 1 FROM runs r JOIN pairs p ON p.project_id=r.project_id "
                          "WHERE r.id=? AND p.pair_id=?", (run_id, pair_id)).fetchone()
        if row is None:
            raise ConfigError("run/pair", f"{run_id}/{pair_id}", hint="no such run, or the pair is not in its project")

    @staticmethod
    def _correction(row) -> Correction:
        cid, run_id, pair_id, status, spans, links, author, at, note = row
        return Correction(run_id, pair_id, _dec_spans(json.loads(spans)), status,
                          None if links is None else decode_links(links), author, at, note, cid)

    _COLS = "id, run_id, pair_id, status, spans, links, author, at, note"

    def history(self, run_id: int, pair_id: str) -> list[Correction]:
        """Every correction of one sentence, oldest first, undo markers included."""
        with self._connect() as con:
            rows = con.execute(f"SELECT {self._COLS} FROM corrections WHERE run_id=? AND pair_id=? ORDER BY id",
                               (run_id, pair_id)).fetchall()
        return [self._correction(r) for r in rows]

    def all_corrections(self, run_id: int) -> list[Correction]:
        """The whole log of a run, oldest first (for provenance exports)."""
        with self._connect() as con:
            rows = con.execute(f"SELECT {self._COLS} FROM corrections WHERE run_id=? ORDER BY id", (run_id,)).fetchall()
        with digest.bulk_decode():
            return [self._correction(r) for r in rows]

    @staticmethod
    def _effective(log: Iterable[Correction]) -> dict[str, Correction]:
        stacks: dict[str, list[Correction]] = {}
        for c in log:
            st = stacks.setdefault(c.pair_id, [])
            if c.status == UNDO:
                if st:
                    st.pop()
            else:
                st.append(c)
        return {pid: st[-1] for pid, st in stacks.items() if st}

    def corrections_version(self, run_id: int) -> tuple[int, int]:
        """(number of log entries, latest id) of a run: changes with every correction or undo (a cache key)."""
        with self._connect() as con:
            n, last = con.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM corrections WHERE run_id=?",
                                  (run_id,)).fetchone()
        return int(n), int(last)

    def current(self, run_id: int) -> dict[str, Correction]:
        """The latest effective correction per pair (each undo cancels the one before it)."""
        return self._effective(self.all_corrections(run_id))

    def undo(self, run_id: int, pair_id: str, author: str = "user") -> Correction | None:
        """Append an undo marker; returns the correction it cancelled, or None if there was none."""
        with self._write() as con:
            rows = con.execute(f"SELECT {self._COLS} FROM corrections WHERE run_id=? AND pair_id=? ORDER BY id",
                               (run_id, pair_id)).fetchall()
            undone = self._effective(self._correction(r) for r in rows).get(pair_id)
            if undone is None:
                return None
            self._insert_correction(con, Correction(run_id, pair_id, (), UNDO, author=author, note=f"undo #{undone.id}"))
        return undone

    def final_spans(self, run_id: int, *, include_rejected: bool = False) -> dict[str, tuple[Span, ...]]:
        """Spans to export per pair: corrected spans for ``corrected``; for ``accepted`` the
        accepted spans (the projection when they are empty); projected spans for unreviewed
        pairs. ``rejected`` pairs are left out (or map to ``()`` with ``include_rejected``)."""
        projs = self.projections(run_id)
        out = {pid: p.labelled for pid, p in projs.items()}
        for pid, c in self.current(run_id).items():
            if c.status == "rejected":
                if include_rejected:
                    out[pid] = ()
                else:
                    out.pop(pid, None)
            elif c.status == "accepted" and not c.spans:
                out[pid] = projs[pid].labelled if pid in projs else ()
            else:
                out[pid] = tuple(sorted(c.spans))
        return out

    def merge_into_gold(self, run_id: int, name: str | None = None, *, only_reviewed: bool = True) -> int:
        """A new project whose target gold is this run's final spans ("merge into gold").

        ``only_reviewed`` keeps corrected/accepted pairs only; rejected pairs are always left out.
        Source sides, texts and gold alignments are copied; ``meta`` records where the gold came from.
        """
        run = self.run(run_id)
        final = self.final_spans(run_id)
        current = self.current(run_id)
        keep = [p for p in self.pairs(run.project_id) if p.id in final
                and (not only_reviewed or (p.id in current and current[p.id].status in ("corrected", "accepted")))]
        merged = [SentencePair(p.id, p.src, Sentence(p.tgt.words, final[p.id], p.tgt.id, p.tgt.text, p.tgt.lang)) for p in keep]
        gold = {k: v for k, v in self.gold_alignments(run.project_id).items() if k in final}
        meta = {"source": "merged", "from_project": run.project_id, "from_run": run_id, "only_reviewed": only_reviewed}
        base = self.project(run.project_id).name
        return self.create_project(name or f"{base} (gold from run {run_id})", merged, meta=meta,
                                   gold_alignments={p.id: gold[p.id] for p in keep if p.id in gold})

    def review_counts(self, run_id: int) -> dict[str, int]:
        """Number of pairs per current status (``corrected``/``accepted``/``rejected``)."""
        counts = dict.fromkeys(STATUSES, 0)
        for c in self.current(run_id).values():
            counts[c.status] += 1
        return counts
