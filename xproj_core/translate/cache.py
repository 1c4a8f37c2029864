"""A persistent key-value cache in SQLite, and a translator wrapper that uses it.

Keys are tuples of strings (model, languages, text); they are hashed, values stored as JSON.
One short connection per operation (WAL mode), so the cache is safe to share between
processes and Streamlit threads. The NMT score cache (:mod:`xproj_core.nmtscore`) uses the
same class under another namespace.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, Iterable, Sequence

from . import Translator


def default_cache_dir() -> Path:
    """``$XPROJ_CACHE`` or ``~/.cache/xproj``."""
    return Path(os.environ.get("XPROJ_CACHE") or Path.home() / ".cache" / "xproj")


def _key(parts: Sequence[str]) -> str:
    return hashlib.sha256(json.dumps(list(parts), ensure_ascii=False).encode("utf-8")).hexdigest()


class KVCache:
    """``get_many``/``put_many`` over ``(namespace, key tuple) -> JSON value`` in one SQLite file."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        path = Path(path) if path is not None else default_cache_dir() / "cache.sqlite"
        if path.suffix == "" or path.is_dir():
            path = path / "cache.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with closing(self._connect()) as con, con:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("CREATE TABLE IF NOT EXISTS kv (ns TEXT, key TEXT, value TEXT, PRIMARY KEY (ns, key))")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get_many(self, ns: str, keys: Iterable[Sequence[str]]) -> dict[tuple[str, ...], Any]:
        """Values of the keys present; missing keys are absent from the result."""
        wanted = {_key(k): tuple(k) for k in keys}
        out: dict[tuple[str, ...], Any] = {}
        hashes = list(wanted)
        with closing(self._connect()) as con:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i:i + 500]
                rows = con.execute(
                    f"SELECT key, value FROM kv WHERE ns = ? AND key IN ({','.join('?' * len(chunk))})", [ns, *chunk]
                ).fetchall()
                for h, value in rows:
                    out[wanted[h]] = json.loads(value)
        return out

    def put_many(self, ns: str, items: dict[tuple[str, ...], Any]) -> None:
        rows = [(ns, _key(k), json.dumps(v, ensure_ascii=False)) for k, v in items.items()]
        if not rows:
            return
        with closing(self._connect()) as con, con:
            con.executemany("INSERT OR REPLACE INTO kv (ns, key, value) VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        with closing(self._connect()) as con:
            return con.execute("SELECT COUNT(*) FROM kv").fetchone()[0]


class CachedTranslator:
    """Wrap a translator: texts seen before (same model and languages) are not translated again.

    ``hits`` and ``misses`` count texts, for tests and progress reports.
    """

    def __init__(self, inner: Translator, cache: KVCache | str | os.PathLike | None = None) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", type(inner).__name__)
        self.cache = cache if isinstance(cache, KVCache) else KVCache(cache)
        self.hits = 0
        self.misses = 0

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        keys = [(self.name, src_lang, tgt_lang, t) for t in texts]
        found = self.cache.get_many("translation", keys)
        todo = list(dict.fromkeys(k for k in keys if k not in found))
        self.hits += len(keys) - len([k for k in keys if k not in found])
        if todo:
            self.misses += len(todo)
            new = self.inner.translate([k[3] for k in todo], src_lang, tgt_lang)
            fresh = dict(zip(todo, new))
            self.cache.put_many("translation", fresh)
            found.update(fresh)
        return [found[k] for k in keys]
