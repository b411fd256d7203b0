"""Vectors by content hash, kept across indexes: a rebuilt or fresh store embeds only texts never seen before.

The question bank tripled to 4 704 questions, and embedding them took 30 s of a 36 s ingest on this
machine; with the cache, `kb ingest --rebuild`, a deleted `<data>/chroma` or a second data dir on the
same machine (KB_EMBED_CACHE shared) embed nothing they have embedded before. Keyed like simonw/llm's
embeddings: (model id, passage or query side, sha256 of the text). One SQLite file, written in one
transaction per batch, so a crash leaves what was stored whole.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from kb.embedseed import Seed, digest
from kb.settings import Settings

OFF = "off"


def location(settings: Settings) -> Path | None:
    """KB_EMBED_CACHE: a file; empty for `<data dir>/embeddings.sqlite3`; "off" for none."""
    if settings.embed_cache == OFF:
        return None
    return Path(settings.embed_cache) if settings.embed_cache else settings.data_dir / "embeddings.sqlite3"


class EmbeddingCache:
    """Vectors of one model on one side ("passage" or "query"), by the hash of their text.

    What the cache lacks is read from the shipped seed (kb/embedseed.py) when it has it, and kept in the
    cache; only what neither holds is computed.
    """

    def __init__(self, path: Path | None, model: str, side: str, seed: Seed | None = None) -> None:
        self.path, self.model, self.side, self.seed = path, model, side, seed
        self.hits = 0
        self.seeded = 0

    def _connect(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, side TEXT, digest TEXT, vector BLOB, "
                       "PRIMARY KEY (model, side, digest))")
            return db
        except (OSError, sqlite3.Error):  # a read-only or damaged cache: embed as if there were none
            return None

    def _cached(self, db: sqlite3.Connection, digests: list[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        try:
            for i in range(0, len(digests), 500):
                part = digests[i:i + 500]
                rows = db.execute(f"SELECT digest, vector FROM vectors WHERE model = ? AND side = ? AND digest IN "
                                  f"({','.join('?' * len(part))})", [self.model, self.side, *part])
                found |= {d: np.frombuffer(v, dtype=np.float32).tolist() for d, v in rows}
        except sqlite3.Error:
            return {}
        return found

    def embed(self, texts: Sequence[str], compute: Callable[[list[str]], list[list[float]]]) -> list[list[float]]:
        """The vectors of `texts`, computing (in one call) only those neither the cache nor the seed holds."""
        db = self._connect()
        keys = {t: digest(t) for t in texts}
        found = self._cached(db, list(set(keys.values()))) if db is not None else {}
        if self.seed is not None:
            missing = {keys[t] for t in keys if keys[t] not in found}
            shipped = self.seed.vectors(self.side, missing, compute) if missing else {}
            self.seeded += len(shipped)
            found |= shipped
        else:
            shipped = {}
        todo = [t for t in dict.fromkeys(texts) if keys[t] not in found]
        self.hits += len(set(texts)) - len(todo)
        computed = dict(zip((keys[t] for t in todo), compute(todo), strict=True)) if todo else {}
        found |= computed
        if db is not None:
            new = shipped | computed
            # A full disk or a locked file: the vectors are here, the ingest goes on uncached.
            with contextlib.suppress(sqlite3.Error), db:
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                               [(self.model, self.side, d, np.asarray(v, dtype=np.float32).tobytes())
                                for d, v in new.items()])
            db.close()
        return [found[keys[t]] for t in texts]
