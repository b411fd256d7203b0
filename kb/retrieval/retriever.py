"""Retrieve: dense Chroma search re-ranked by lexical overlap, giving Passages with their sentences scored."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from langchain_chroma import Chroma
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from kb.index import LRU, passage
from kb.retrieval.lexical import LexicalScorer
from kb.types import Passage, Sentence

log = logging.getLogger(__name__)

# Dense cosine scores of e5 sit in a narrow band (about 0.75-0.95), so a
# modest lexical weight is enough to reorder near-ties; chosen on the eval set.
LEXICAL_WEIGHT = 0.15
CANDIDATES = 12
# Bank questions read per question: enough to reach a sentence's closest questions in every language.
BANK_HITS = 24


class PassageRetriever(BaseRetriever):
    """Top passages for a question: `search` gives Passages, each with its score parts and its sentences'
    cosines to the question (so the draft step picks one without re-embedding); as a LangChain retriever
    the same passages come as Documents."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Chroma  # one edition's passages
    sentences: chromadb.Collection
    lexical: LexicalScorer
    bank: chromadb.Collection | None = None
    k: int = 5
    lexical_weight: float = LEXICAL_WEIGHT
    # chunk id -> its sentences' spans and vectors: fixed for the life of an index, read once.
    _spans: LRU = PrivateAttr(default_factory=lambda: LRU(4096))
    # Passage id -> (text, metadata), bank question id -> metadata: fixed for the life of an index too.
    # Chroma reads them from SQLite on every query otherwise: a passage query took 1.51 ms with
    # documents and metadata, 0.72 ms with distances alone; a bank query 1.66 and 0.85 ms.
    _docs: LRU = PrivateAttr(default_factory=lambda: LRU(4096))
    _bank_meta: LRU = PrivateAttr(default_factory=lambda: LRU(16384))

    @classmethod
    def from_store(
        cls, store: Chroma, sentences: chromadb.Collection, cache: Path | None = None, **kwargs: Any
    ) -> PassageRetriever | None:
        """A retriever over the passages of `store`; None when it holds none.

        `cache` keeps the lexical statistics between starts (an index never changes once built).
        """
        lexical = LexicalScorer.load(cache) if cache else None
        if lexical is None:
            texts = store.get(include=["documents"])["documents"]
            if not texts:
                return None
            lexical = LexicalScorer(texts)
            if cache:
                try:
                    lexical.save(cache)
                except OSError as exc:  # a read-only data dir: answer anyway, just start slower next time
                    log.warning("cannot keep the lexical index at %s: %s", cache, exc)
        return cls(store=store, sentences=sentences, lexical=lexical, **kwargs)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun | None = None
    ) -> list[Document]:
        return [Document(page_content=p.text, id=p.id, metadata={
            "id": p.id, "section": p.section, "doc_id": p.doc_id, "start": p.start, "end": p.end, "kind": p.kind,
            "pair": p.pair, "score": p.score, "dense": p.dense, "lexical": p.lexical}) for p in self.search(query)]

    def search(self, query: str, k: int | None = None) -> list[Passage]:
        vector = self.store.embeddings.embed_query(query)
        hits = self._nearest(vector, max(k or self.k, CANDIDATES))
        weights = self.lexical.query_weights(query)
        ranked, counts = [], {}
        for chunk_id, text, meta, distance in hits:
            counts[chunk_id] = int(meta.get("n_sentences", 0))
            dense = 1.0 - float(distance)  # cosine space: distance = 1 - similarity
            lexical = self.lexical.score(weights, meta.get("section", "") + text)
            p = passage(chunk_id, text, meta)
            ranked.append(replace(p, dense=round(dense, 4), lexical=round(lexical, 4),
                                  score=round(dense + self.lexical_weight * lexical, 4)))
        ranked.sort(key=lambda p: p.score, reverse=True)
        top = self._with_sentences(ranked[: k or self.k], np.asarray(vector, dtype=np.float32), counts)
        return self._with_bank(top, vector)

    def _nearest(self, vector: list[float], n: int) -> list[tuple[str, str, dict, float]]:
        """(id, text, metadata, distance) of the `n` passages nearest `vector`, nearest first.

        The same query LangChain's similarity search makes, its texts and metadata read by id once.
        """
        collection = self.store._collection
        got = collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        ids, distances = got["ids"][0], got["distances"][0]
        known = {i: self._docs.get(i) for i in ids}
        if missing := [i for i, row in known.items() if row is None]:
            rows = collection.get(ids=missing, include=["documents", "metadatas"])
            for i, text, meta in zip(rows["ids"], rows["documents"], rows["metadatas"], strict=True):
                known[i] = (text, meta or {})
                self._docs.remember(i, known[i])
        return [(i, *known[i], d) for i, d in zip(ids, distances, strict=True)]  # type: ignore[misc]

    def _bank_metadata(self, ids: list[str]) -> list[dict]:
        known = {i: self._bank_meta.get(i) for i in ids}
        if missing := [i for i, meta in known.items() if meta is None]:
            rows = self.bank.get(ids=missing, include=["metadatas"])  # type: ignore[union-attr]
            for i, meta in zip(rows["ids"], rows["metadatas"], strict=True):
                known[i] = meta or {}
                self._bank_meta.remember(i, known[i])
        return [known[i] for i in ids]  # type: ignore[misc]

    def _with_bank(self, passages: list[Passage], vector: list[float]) -> list[Passage]:
        """Each sentence's closeness to the bank questions it answers (and the near misses it does not)."""
        if self.bank is None or not passages:
            return passages
        got = self.bank.query(query_embeddings=[vector], n_results=BANK_HITS, include=["distances"])
        asked: dict[str, float] = {}
        near: dict[str, float] = {}
        for meta, distance in zip(self._bank_metadata(got["ids"][0]), got["distances"][0], strict=True):
            into = asked if meta.get("answerable", True) else near
            into[meta["ref"]] = max(into.get(meta["ref"], 0.0), round(1.0 - float(distance), 4))
        return [replace(p, sentences=tuple(replace(s, bank=asked.get(s.ref, 0.0), near=near.get(s.ref, 0.0))
                                           if s.ref else s for s in p.sentences)) for p in passages]

    def _with_sentences(self, passages: list[Passage], vector: np.ndarray, counts: dict[str, int]) -> list[Passage]:
        known = {p.id: self._spans.get(p.id) for p in passages}
        missing = [p for p in passages if known[p.id] is None]
        # By id, "<chunk id>:<n>": a metadata filter would scan the whole sentence table.
        ids = [f"{p.id}:{n}" for p in missing for n in range(counts.get(p.id, 0))]
        got = self.sentences.get(ids=ids, include=["embeddings", "metadatas"]) if ids else {"ids": []}
        rows: dict[str, list] = {p.id: [] for p in missing}
        for meta, emb in zip(got.get("metadatas") or [], got.get("embeddings", []), strict=True):
            rows[meta["chunk_id"]].append(((meta["start"], meta["end"]), emb,
                                           (meta.get("original", ""), meta.get("statement", ""), meta.get("ref", ""))))
        for chunk_id, found in rows.items():
            found.sort(key=lambda r: r[0])
            matrix = np.asarray([emb for _, emb, _ in found], dtype=np.float32).reshape(len(found), len(vector))
            known[chunk_id] = ([(span, said) for span, _, said in found], matrix)
            self._spans.remember(chunk_id, known[chunk_id])
        out = []
        for p in passages:
            spans, matrix = known[p.id]
            sims = matrix @ vector if len(spans) else []
            out.append(replace(p, sentences=tuple(Sentence(a, b, round(float(s), 4), *said)
                                                  for ((a, b), said), s in zip(spans, sims, strict=True))))
        return out
