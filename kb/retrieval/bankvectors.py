"""The question bank held in memory and searched exactly: Chroma's round trip cost more than the search."""

from __future__ import annotations

import logging
from pathlib import Path

import chromadb
import numpy as np

log = logging.getLogger(__name__)

# Measured on this machine over 100 eval questions against the report's 4 704 bank questions: a Chroma
# query with metadatas 2.4-3.0 ms, the same product in numpy 0.27-0.35 ms. Reading the collection
# once takes 0.3 s, so the matrix is kept beside the lexical cache (an index never changes once built).
FORMAT = 1


def cache_file(data_dir: Path, index: str) -> Path:
    """Where an index's bank vectors are kept: beside its lexical statistics."""
    return data_dir / "cache" / f"{index}.bank.npz"


class BankVectors:
    """A bank collection's ids, metadatas and unit vectors; `query` answers as `Collection.query` does."""

    def __init__(self, ids: list[str], metadatas: list[dict], matrix: np.ndarray) -> None:
        if len(ids) != len(metadatas) or len(ids) != len(matrix):
            raise ValueError("ids, metadatas and vectors differ in number")
        self.ids, self.metadatas = list(ids), list(metadatas)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True) if len(matrix) else np.ones((0, 1), np.float32)
        self.matrix = (matrix / np.maximum(norms, 1e-12)).astype(np.float32)

    @classmethod
    def load(cls, collection: chromadb.Collection, cache: Path | None = None) -> BankVectors:
        """The collection's vectors, from `cache` when it was written for this collection, else read and kept."""
        if cache is not None:
            kept = cls._read(cache, collection.name)
            if kept is not None:
                return kept
        got = collection.get(include=["embeddings", "metadatas"])
        dim = len(got["embeddings"][0]) if len(got["ids"]) else 0
        bank = cls(got["ids"], [dict(m or {}) for m in got["metadatas"] or []],
                   np.asarray(got["embeddings"], dtype=np.float32).reshape(len(got["ids"]), dim))
        if cache is not None:  # a read-only data dir: answer anyway, just start slower next time
            bank.keep(cache, collection.name)
        return bank

    def keep(self, cache: Path, collection_name: str) -> None:
        """Write the vectors for the collection of that name (ingest does, so a first start need not read them)."""
        try:
            self._write(cache, collection_name)
        except OSError as exc:
            log.warning("cannot keep the bank's vectors at %s: %s", cache, exc)

    def count(self) -> int:
        return len(self.ids)

    def query(self, query_embeddings: list[list[float]], n_results: int = 10,
              include: list[str] | tuple[str, ...] = ("metadatas", "distances")) -> dict:
        """The n closest by cosine distance for each query vector, shaped as Chroma's QueryResult."""
        out: dict[str, list] = {"ids": [], "metadatas": [], "distances": []}
        for vector in query_embeddings:
            v = np.asarray(vector, dtype=np.float32)
            sims = self.matrix @ (v / max(float(np.linalg.norm(v)), 1e-12))
            n = min(n_results, len(sims))
            top = np.argpartition(-sims, n - 1)[:n] if 0 < n < len(sims) else np.arange(n)
            # Ties broken by position, so the same question always reads the same neighbours.
            top = top[np.lexsort((top, -sims[top]))]
            out["ids"].append([self.ids[i] for i in top])
            out["metadatas"].append([self.metadatas[i] for i in top])
            out["distances"].append([float(1.0 - sims[i]) for i in top])
        return {k: v for k, v in out.items() if k == "ids" or k in include}

    def _write(self, path: Path, name: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        with part.open("wb") as f:
            np.savez(f, format=FORMAT, name=name, ids=np.asarray(self.ids, dtype=str),
                     refs=np.asarray([str(m.get("ref", "")) for m in self.metadatas], dtype=str),
                     langs=np.asarray([str(m.get("lang", "")) for m in self.metadatas], dtype=str),
                     answerable=np.asarray([bool(m.get("answerable", True)) for m in self.metadatas]),
                     matrix=self.matrix)
        part.replace(path)  # whole or not at all: a reader never sees half a file

    @classmethod
    def _read(cls, path: Path, name: str) -> BankVectors | None:
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"]) != FORMAT or str(z["name"]) != name:
                    return None
                metas = [{"ref": str(r), "lang": str(lang), "answerable": bool(a)}
                         for r, lang, a in zip(z["refs"], z["langs"], z["answerable"], strict=True)]
                return cls([str(i) for i in z["ids"]], metas, z["matrix"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as exc:
            log.warning("ignoring the bank cache %s: %s", path, exc)
            return None
