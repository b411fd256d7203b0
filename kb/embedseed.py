"""Shipped vectors: the corpus's texts embedded once by `kb vectors`, so a fresh clone's first ingest computes none.

A fresh `kb ingest` embeds 5 062 texts (the bank's 4 704 questions are 106 436 tokens): 21.5–21.8 s on
this 2-core machine at fp32, against issue 15's 8 s. The vectors depend only on the model and the text,
so they ship beside the corpus like the fitted scorer, keyed as the embedding cache keys them (model id,
side, sha256 of the text). A text the seed lacks (an edited passage, a new bank question) is computed;
a seed made by another model is never used: it carries the vectors of a probe text on each side, and
the live model must give the same ones (cosine >= PROBE_COSINE) before any of its vectors is read.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from kb.settings import Settings

OFF = "off"
PROBE = "二连浩特口岸 Эрээн боомт Erenhot port"
# fp32 ONNX Runtime against sentence-transformers measured 0.9999997; int8 against fp32 0.98-0.99.
PROBE_COSINE = 0.99999
SIDES = ("passage", "query")

log = logging.getLogger(__name__)


def digest(text: str) -> str:
    """The key of a text's vector, here and in the embedding cache."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_path(settings: Settings, model: str) -> Path | None:
    """KB_EMBED_SEED: a folder of `<model>.npz` files; empty for `<corpus dir>/vectors`; "off" for none."""
    return None if settings.embed_seed == OFF else _file(settings, model)


def _file(settings: Settings, model: str) -> Path:
    """Where `kb vectors` writes (the default folder when ingests are told to read none)."""
    folder = Path(settings.embed_seed) if settings.embed_seed not in ("", OFF) else settings.corpus_dir / "vectors"
    return folder / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', model)}.npz"


class Seed:
    """The shipped vectors of one model, read on first use and checked against the live model per side."""

    def __init__(self, path: Path | None, model: str) -> None:
        self.path, self.model = path, model
        self._rows: dict[str, int] | None = None
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._probes: dict[str, np.ndarray] = {}
        self._checked: dict[str, bool] = {}

    def _load(self) -> dict[str, int]:
        if self._rows is not None:
            return self._rows
        self._rows = {}
        if self.path is None or not self.path.is_file():
            return self._rows
        try:
            with np.load(self.path, allow_pickle=False) as data:
                if str(data["model"]) != self.model:
                    raise ValueError(f"made by {data['model']}, not {self.model}")
                keys, self._vectors = [str(k) for k in data["keys"]], np.asarray(data["vectors"], dtype=np.float32)
                self._probes = {side: np.asarray(data[f"probe_{side}"], dtype=np.float32) for side in SIDES}
            if len(keys) != len(self._vectors):
                raise ValueError("keys and vectors differ in number")
        # A damaged or foreign file: compute as if there were none.
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            log.warning("shipped vectors %s not used (%s); every text is embedded", self.path, exc)
            return self._rows
        self._rows = {k: i for i, k in enumerate(keys)}
        return self._rows

    def _agrees(self, side: str, compute: Callable[[list[str]], list[list[float]]]) -> bool:
        if side not in self._checked:
            live = np.asarray(compute([PROBE])[0], dtype=np.float32)
            shipped = self._probes[side]
            cosine = float(live @ shipped / (np.linalg.norm(live) * np.linalg.norm(shipped) or 1.0))
            self._checked[side] = cosine >= PROBE_COSINE
            if not self._checked[side]:
                log.warning("shipped vectors %s not used for %ss: the model gives the probe cosine %.6f to them "
                            "(run `kb vectors` to remake them)", self.path, side, cosine)
        return self._checked[side]

    def vectors(self, side: str, digests: Iterable[str],
                compute: Callable[[list[str]], list[list[float]]]) -> dict[str, list[float]]:
        """The shipped vectors of those `digests` it holds (none if the live model disagrees with its probe)."""
        rows = self._load()
        wanted = [d for d in digests if f"{side}:{d}" in rows]
        if not wanted or not self._agrees(side, compute):
            return {}
        return {d: self._vectors[rows[f"{side}:{d}"]].tolist() for d in wanted}


def write(path: Path, model: str, sides: dict[str, dict[str, list[float]]],
          probes: dict[str, list[float]]) -> int:
    """Write the seed atomically (a crash leaves the old file whole); returns the number of vectors."""
    rows = [(f"{side}:{d}", sides[side][d]) for side in SIDES for d in sorted(sides.get(side, {}))]
    keys = [k for k, _ in rows]
    vectors = np.asarray([v for _, v in rows], dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez_compressed(out, model=np.asarray(model), keys=np.asarray(keys), vectors=vectors,
                                **{f"probe_{side}": np.asarray(probes[side], dtype=np.float32) for side in SIDES})
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the seed is shipped data
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(keys)


def export(settings: Settings, embeddings) -> tuple[Path, int]:
    """Write the seed of every text an ingest of the corpus embeds, from the cache where it holds them."""
    from kb.embed import model_id
    from kb.embedcache import EmbeddingCache
    from kb.embedcache import location as cache_location
    from kb.index import embed_queries, sentences_of
    from kb.ingest.editions import load_bank
    from kb.ingest.pipeline import report_chunks
    from kb.reports import load_specs

    mid = model_id(embeddings)
    path = _file(settings, mid)
    specs = load_specs(settings.corpus_dir)
    chunks = report_chunks(settings, specs=specs)
    passages = {c.embed_text for c in chunks} | {s.embed_text for s in sentences_of(chunks)}
    questions = {q.question for spec in specs for q in load_bank(spec)}
    computes = {"passage": embeddings.embed_documents, "query": lambda ts: embed_queries(embeddings, ts)}
    old = Seed(path, mid)  # what the seed already holds is kept, once the live model agrees with it
    sides: dict[str, dict[str, list[float]]] = {}
    for side, texts in (("passage", passages), ("query", questions)):
        ordered = sorted(texts, key=len)
        vectors = EmbeddingCache(cache_location(settings), mid, side, old).embed(ordered, computes[side])
        sides[side] = {digest(t): v for t, v in zip(ordered, vectors, strict=True)}
    probes = {side: computes[side]([PROBE])[0] for side in SIDES}
    return path, write(path, mid, sides, probes)
