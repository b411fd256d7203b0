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
        hits = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=max(k or self.k, CANDIDATES))
        weights = self.lexical.query_weights(query)
        ranked, counts = [], {}
        for doc, distance in hits:
            counts[doc.id or ""] = int(doc.metadata.get("n_sentences", 0))
            dense = 1.0 - float(distance)  # cosine space: distance = 1 - similarity
            lexical = self.lexical.score(weights, doc.metadata.get("section", "") + doc.page_content)
            p = passage(doc.id or "", doc.page_content, doc.metadata)
            ranked.append(replace(p, dense=round(dense, 4), lexical=round(lexical, 4),
                                  score=round(dense + self.lexical_weight * lexical, 4)))
        ranked.sort(key=lambda p: p.score, reverse=True)
        top = self._with_sentences(ranked[: k or self.k], np.asarray(vector, dtype=np.float32), counts)
        return self._with_bank(top, vector)

    def _with_bank(self, passages: list[Passage], vector: list[float]) -> list[Passage]:
        """Each sentence's closeness to the bank questions it answers (and the near misses it does not)."""
        if self.bank is None or not passages:
            return passages
        got = self.bank.query(query_embeddings=[vector], n_results=BANK_HITS, include=["metadatas", "distances"])
        asked: dict[str, float] = {}
        near: dict[str, float] = {}
        for meta, distance in zip(got["metadatas"][0], got["distances"][0], strict=True):
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
