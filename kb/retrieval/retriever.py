"""Retrieve: dense Chroma search, re-ranked by lexical overlap, as a LangChain retriever."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from langchain_chroma import Chroma
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from kb.index import LRU
from kb.retrieval.lexical import LexicalScorer

log = logging.getLogger(__name__)

# Dense cosine scores of e5 sit in a narrow band (about 0.75-0.95), so a
# modest lexical weight is enough to reorder near-ties; chosen on the eval set.
LEXICAL_WEIGHT = 0.15
CANDIDATES = 12


class PassageRetriever(BaseRetriever):
    """Top passages for a question.

    Each Document's metadata carries `id`, `score` (what ranks it), `dense`,
    `lexical`, and `sentences`: [start, end, cosine to the question] for each
    sentence of the passage, so the answer step can pick one without re-embedding.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Chroma  # one edition's passages
    sentences: chromadb.Collection
    lexical: LexicalScorer
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
        vector = self.store.embeddings.embed_query(query)
        hits = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=max(self.k, CANDIDATES))
        weights = self.lexical.query_weights(query)
        ranked = []
        for doc, distance in hits:
            dense = 1.0 - float(distance)  # cosine space: distance = 1 - similarity
            lexical = self.lexical.score(weights, doc.metadata.get("section", "") + doc.page_content)
            doc.metadata.update(
                dense=round(dense, 4), lexical=round(lexical, 4),
                score=round(dense + self.lexical_weight * lexical, 4), id=doc.id,
            )
            ranked.append(doc)
        ranked.sort(key=lambda d: d.metadata["score"], reverse=True)
        top = ranked[: self.k]
        self._attach_sentences(top, np.asarray(vector, dtype=np.float32))
        return top

    def _attach_sentences(self, docs: list[Document], vector: np.ndarray) -> None:
        known = {d.metadata["id"]: self._spans.get(d.metadata["id"]) for d in docs}
        missing = [d for d in docs if known[d.metadata["id"]] is None]
        # By id, "<chunk id>:<n>": a metadata filter would scan the whole sentence table.
        ids = [f"{d.metadata['id']}:{n}" for d in missing for n in range(int(d.metadata.get("n_sentences", 0)))]
        got = self.sentences.get(ids=ids, include=["embeddings", "metadatas"]) if ids else {"ids": []}
        rows: dict[str, list] = {d.metadata["id"]: [] for d in missing}
        for meta, emb in zip(got.get("metadatas") or [], got.get("embeddings", []), strict=True):
            rows[meta["chunk_id"]].append(((meta["start"], meta["end"]), emb))
        for chunk_id, found in rows.items():
            found.sort(key=lambda r: r[0])
            matrix = np.asarray([emb for _, emb in found], dtype=np.float32).reshape(len(found), len(vector))
            known[chunk_id] = ([span for span, _ in found], matrix)
            self._spans.remember(chunk_id, known[chunk_id])
        for d in docs:
            spans, matrix = known[d.metadata["id"]]
            sims = matrix @ vector if len(spans) else []
            d.metadata["sentences"] = [[a, b, round(float(s), 4)] for (a, b), s in zip(spans, sims, strict=True)]
