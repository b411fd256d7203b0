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
from kb.retrieval.bankvectors import BankVectors
from kb.retrieval.lexical import LexicalScorer
from kb.types import Passage, Sentence

log = logging.getLogger(__name__)

# Dense cosine scores of e5 sit in a narrow band (about 0.75-0.95), so a
# modest lexical weight is enough to reorder near-ties; chosen on the eval set.
LEXICAL_WEIGHT = 0.15
CANDIDATES = 12
# Bank questions read per question: enough to reach a sentence's closest questions in every language.
BANK_HITS = 24
# A passage dense search missed joins the candidates when a bank question this close points into it,
# and any candidate ranks higher by how much closer than that (repo eval sets: see README).
BANK_PASSAGE_FLOOR = 0.9
BANK_PASSAGE_WEIGHT = 1.0
BANK_PASSAGES = 3


class PassageRetriever(BaseRetriever):
    """Top passages for a question: `search` gives Passages, each with its score parts and its sentences'
    cosines to the question (so the draft step picks one without re-embedding); as a LangChain retriever
    the same passages come as Documents."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Chroma  # one edition's passages
    sentences: chromadb.Collection
    lexical: LexicalScorer
    bank: BankVectors | chromadb.Collection | None = None
    k: int = 5
    lexical_weight: float = LEXICAL_WEIGHT
    # chunk id -> its sentences' spans and vectors: fixed for the life of an index, read once.
    _spans: LRU = PrivateAttr(default_factory=lambda: LRU(4096))
    _refs: dict[str, str] | None = PrivateAttr(default=None)
    # chunk id -> (text, metadata): fixed too. Asking Chroma for distances alone and reading the texts
    # here took a question's passage search from 3.2 to about 1 ms (100 eval questions, same run).
    _docs: LRU = PrivateAttr(default_factory=lambda: LRU(4096))

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
        found = self._dense(vector, max(k or self.k, CANDIDATES))
        bank = self._bank_hits(vector)
        found += self._bank_passages(bank, {f[0] for f in found}, np.asarray(vector, dtype=np.float32))
        weights = self.lexical.query_weights(query)
        support = self._support(bank)
        ranked, counts, lead = [], {}, {}
        for chunk_id, text, meta, dense in found:
            counts[chunk_id] = int(meta.get("n_sentences", 0))
            lexical = self.lexical.score(weights, meta.get("section", "") + text)
            p = passage(chunk_id, text, meta)
            ranked.append(replace(p, dense=round(dense, 4), lexical=round(lexical, 4),
                                  score=round(dense + self.lexical_weight * lexical, 4)))
            # What ranks it besides: the bank questions close to this one that its sentences answer.
            lead[chunk_id] = BANK_PASSAGE_WEIGHT * max(0.0, support.get(chunk_id, 0.0) - BANK_PASSAGE_FLOOR)
        ranked.sort(key=lambda p: p.score + lead[p.id], reverse=True)
        top = self._with_sentences(ranked[: k or self.k], np.asarray(vector, dtype=np.float32), counts)
        return self._with_bank(top, bank)

    def _dense(self, vector: list[float], n: int) -> list[tuple[str, str, dict, float]]:
        """(id, text, metadata, cosine) of the n passages closest to the vector."""
        got = self.store._collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        ids, distances = got["ids"][0], got["distances"][0]
        known = {i: self._docs.get(i) for i in ids}
        missing = [i for i, d in known.items() if d is None]
        if missing:
            rows = self.store.get(ids=missing, include=["documents", "metadatas"])
            for i, text, meta in zip(rows["ids"], rows["documents"], rows["metadatas"], strict=True):
                known[i] = (text, meta or {})
                self._docs.remember(i, known[i])
        return [(i, *known[i], 1.0 - float(d)) for i, d in zip(ids, distances, strict=True) if known[i] is not None]

    def _bank_hits(self, vector: list[float]) -> dict | None:
        if self.bank is None:
            return None
        return self.bank.query(query_embeddings=[vector], n_results=BANK_HITS, include=["metadatas", "distances"])

    @property
    def _chunk_of_ref(self) -> dict[str, str]:
        """Sentence ref -> the chunk of this edition holding it, read once per index."""
        if self._refs is None:
            ids = set(self.store.get(include=[])["ids"])
            rows = self.sentences.get(include=["metadatas"])["metadatas"] or []
            self._refs = {m["ref"]: m["chunk_id"] for m in rows if m.get("ref") and m.get("chunk_id") in ids}
        return self._refs

    def _support(self, bank: dict | None) -> dict[str, float]:
        """Chunk id -> the closest answerable bank question one of its sentences answers."""
        if not bank:
            return {}
        out: dict[str, float] = {}
        for meta, distance in zip(bank["metadatas"][0], bank["distances"][0], strict=True):
            chunk = self._chunk_of_ref.get(meta.get("ref", "")) if meta.get("answerable", True) else None
            if chunk:
                out[chunk] = max(out.get(chunk, 0.0), 1.0 - float(distance))
        return out

    def _bank_passages(self, bank: dict | None, have: set[str], vector: np.ndarray
                       ) -> list[tuple[str, str, dict, float]]:
        """Passages the dense search missed whose sentences answer a bank question close to this one."""
        wanted = [c for c, sim in sorted(self._support(bank).items(), key=lambda kv: -kv[1])
                  if c not in have and sim >= BANK_PASSAGE_FLOOR][:BANK_PASSAGES]
        if not wanted:
            return []
        got = self.store.get(ids=wanted, include=["documents", "metadatas", "embeddings"])
        return [(i, text, meta, float(np.asarray(emb, dtype=np.float32) @ vector))
                for i, text, meta, emb in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"],
                                              strict=True)]

    def _with_bank(self, passages: list[Passage], got: dict | None) -> list[Passage]:
        """Each sentence's closeness to the bank questions it answers (and the near misses it does not)."""
        if got is None or not passages:
            return passages
        asked: dict[str, float] = {}
        near: dict[str, float] = {}
        votes: dict[str, int] = {}
        for meta, distance in zip(got["metadatas"][0], got["distances"][0], strict=True):
            into = asked if meta.get("answerable", True) else near
            into[meta["ref"]] = max(into.get(meta["ref"], 0.0), round(1.0 - float(distance), 4))
            if meta.get("answerable", True):
                votes[meta["ref"]] = votes.get(meta["ref"], 0) + 1
        n = max(1, len(got["metadatas"][0]))
        return [replace(p, sentences=tuple(replace(s, bank=asked.get(s.ref, 0.0), near=near.get(s.ref, 0.0),
                                                   votes=round(votes.get(s.ref, 0) / n, 4))
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
