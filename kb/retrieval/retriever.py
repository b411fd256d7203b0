"""Retrieve: dense Chroma search, re-ranked by lexical overlap, as a LangChain retriever."""

from __future__ import annotations

from typing import Any

import chromadb
import numpy as np
from langchain_chroma import Chroma
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from kb.retrieval.lexical import LexicalScorer

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

    store: Chroma
    sentences: chromadb.Collection
    lexical: LexicalScorer
    k: int = 5
    lexical_weight: float = LEXICAL_WEIGHT
    where: dict | None = None  # e.g. {"lang": "mn"}: search one edition

    @classmethod
    def from_store(
        cls, store: Chroma, sentences: chromadb.Collection, where: dict | None = None, **kwargs: Any
    ) -> PassageRetriever | None:
        """A retriever over the passages matching `where`; None when there are none."""
        texts = store.get(where=where, include=["documents"])["documents"]
        if not texts:
            return None
        return cls(store=store, sentences=sentences, lexical=LexicalScorer(texts), where=where, **kwargs)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun | None = None
    ) -> list[Document]:
        vector = self.store.embeddings.embed_query(query)
        hits = self.store.similarity_search_by_vector_with_relevance_scores(
            vector, k=max(self.k, CANDIDATES), filter=self.where
        )
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
        got = self.sentences.get(
            where={"chunk_id": {"$in": [d.metadata["id"] for d in docs]}}, include=["embeddings", "metadatas"]
        )
        sims = np.asarray(got["embeddings"], dtype=np.float32) @ vector if got["ids"] else []
        by_chunk: dict[str, list[list[float]]] = {}
        for meta, sim in zip(got["metadatas"], sims, strict=True):
            by_chunk.setdefault(meta["chunk_id"], []).append([meta["start"], meta["end"], round(float(sim), 4)])
        for d in docs:
            d.metadata["sentences"] = sorted(by_chunk.get(d.metadata["id"], []))
