"""Baseline: what a naive LangChain tutorial builds, to measure Bridgehead against."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from kb import langs
from kb.embed import make_embeddings, model_id
from kb.index import open_client
from kb.reports import load_specs
from kb.settings import Settings
from kb.types import Answer, Citation

COLLECTION = "baseline"
# The tutorial's defaults: 500-character chunks overlapping by 50, dense top 5.
CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
TOP_K = 5


class Baseline:
    """Raw report -> RecursiveCharacterTextSplitter -> e5 -> Chroma top 5; the top chunk is the answer.

    No cleaning, no sentence picking, no lexical re-ranking, no refusals: the same
    embedding model and the same store as Bridgehead, so only the method differs.
    """

    def __init__(self, settings: Settings | None = None, embeddings: Embeddings | None = None) -> None:
        from langchain_chroma import Chroma

        self.settings = settings or Settings.from_env()
        spec = load_specs(self.settings.corpus_dir)[0]
        self.source = spec.path(spec.original)  # the raw extraction, as a tutorial would load it
        self.embeddings = embeddings or make_embeddings(self.settings)
        client = open_client(self.settings)
        mid = model_id(self.embeddings)
        existing = {c if isinstance(c, str) else c.name for c in client.list_collections()}
        if COLLECTION in existing and (client.get_collection(COLLECTION).metadata or {}).get("model") != mid:
            client.delete_collection(COLLECTION)  # built with another model: its vectors do not compare
        self.store = Chroma(client=client, collection_name=COLLECTION, embedding_function=self.embeddings,
                            collection_metadata={"model": mid})
        if self.store._collection.count() == 0:
            self.build()

    def chunks(self) -> list[str]:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        text = self.source.read_text(encoding="utf-8")
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        return splitter.split_text(text)

    def build(self) -> int:
        """Embed the raw report's chunks into the baseline collection; how many."""
        texts = self.chunks()
        self.store.add_texts(texts, metadatas=[{"source": self.source.name, "n": n} for n in range(len(texts))],
                             ids=[f"baseline-{n}" for n in range(len(texts))])
        return len(texts)

    def _search(self, question: str) -> list[tuple[str, dict, float]]:
        hits = self.store.similarity_search_with_score(question, k=TOP_K)
        return [(d.page_content, d.metadata, float(score)) for d, score in hits]

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """The top chunk as the answer; `history` is accepted and ignored, as the tutorial would."""
        lang = langs.detect(question)
        hits = self._search(question)
        if not hits:
            return Answer(question, langs.not_covered(lang), False, lang, [])
        # Chroma's default space is squared L2; on unit vectors that is 2 - 2·cosine.
        citations = [
            Citation(f"baseline-{meta.get('n')}", text, f"{self.source.name}#{meta.get('n')}", "",
                     round(1 - distance / 2, 4))
            for text, meta, distance in hits
        ]
        return Answer(question, hits[0][0], True, lang, citations)

    def passages(self, question: str) -> list[str]:
        return [text for text, _, _ in self._search(question)]
