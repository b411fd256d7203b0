"""Chain: question -> normalise -> retrieve -> extract answer, as one LCEL runnable."""

from __future__ import annotations

import re
from dataclasses import replace

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from kb import lang as langs
from kb.embed import make_embeddings
from kb.glossary import Glossary, load_glossary
from kb.index import active_collection, open_client, open_store
from kb.ingest.editions import load_alignment
from kb.retrieval.answer import PROFILES, Answer, Citation, extract
from kb.retrieval.lexical import tokens
from kb.retrieval.retriever import PassageRetriever
from kb.settings import Settings
from kb.translit import Transliterator

MAX_QUESTION = 500


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long, no words)."""


def validate(question: str) -> str:
    question = (question or "").strip()
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION:
        raise QuestionError(f"the question is {len(question)} characters long; ask in at most {MAX_QUESTION}")
    if not re.search(r"\w", question):
        raise QuestionError("the question has no words in it")
    return question


def _localise(answer: Answer) -> Answer:
    if answer.lang != langs.ZH_HANT or not answer.found:
        return answer
    t = langs.to_traditional
    # Same character count, so highlight offsets stay valid.
    cites = [replace(c, text=t(c.text), section=t(c.section)) for c in answer.citations]
    return replace(answer, answer=t(answer.answer), citations=cites)


class Bridgehead:
    """Everything needed to answer, loaded once: model, store, retrievers, chain."""

    def __init__(self, settings: Settings | None = None, embeddings: Embeddings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        active_collection(open_client(self.settings))  # fail fast, before loading a model, if nothing is indexed
        self.embeddings = embeddings or make_embeddings(self.settings)
        self.store, sentences = open_store(self.settings, self.embeddings)
        k = self.settings.top_k
        self.retrievers = {
            edition: r for edition in ("zh", "mn")
            if (r := PassageRetriever.from_store(self.store, sentences, where={"lang": edition}, k=k))
        }
        if "zh" not in self.retrievers:
            from kb.index import IndexError_

            raise IndexError_("the index holds no Chinese passages: run `kb ingest`")
        self.retriever = self.retrievers["zh"]
        self.glossary = Glossary(load_glossary(self.settings.corpus_dir / "glossary.tsv"))
        mn_text = self.retrievers["mn"].lexical.text if "mn" in self.retrievers else ""
        self.translit = Transliterator([mn_text, *self.glossary.cyrillic_vocabulary()])
        self.to_zh = {a.mn: a.zh for a in load_alignment(self.settings.corpus_dir)}
        self.chain = self._build_chain()

    # -- stages -------------------------------------------------------------------------
    def prepare(self, question: str) -> dict:
        """Detect the language; give retrieval the question in the script the index reads."""
        question = validate(question)
        lang = langs.detect(question)
        if lang == langs.ZH_HANT:
            return {"question": question, "lang": lang, "query": langs.to_simplified(question), "edition": "zh"}
        if lang in {langs.MN_CYRL, langs.MN_LATN}:
            query = self.translit.text(question) if lang == langs.MN_LATN else question
            if "mn" in self.retrievers:
                # Name variants the edition does not use ("Эрлянь") get its spelling alongside.
                query = " ".join([query, *self.glossary.canonical_for(query)])
                return {"question": question, "lang": lang, "query": query, "edition": "mn"}
            # No Mongolian edition indexed: search the Chinese text, naming what the glossary knows.
            names = " ".join(self.glossary.chinese_for(query))
            return {"question": question, "lang": lang, "query": f"{query} {names}".strip(), "edition": "mn>zh"}
        return {"question": question, "lang": lang, "query": question, "edition": "zh"}

    def _retriever(self, edition: str) -> PassageRetriever:
        return self.retrievers["mn" if edition == "mn" else "zh"]

    def retrieve(self, state: dict) -> list[Document]:
        return self._retriever(state["edition"]).invoke(state["query"])

    def answer(self, state: dict) -> Answer:
        retriever = self._retriever(state["edition"])
        profile = PROFILES[state["edition"]]
        companion = self._companion(state["query"]) if state["edition"] == "mn" else None
        result = extract(state["query"], state["passages"], retriever.lexical, state["lang"], profile, companion)
        result = replace(result, question=state["question"])
        if state["edition"] == "mn" and result.found:
            result = replace(result, citations=[self._with_original(c) for c in result.citations])
        return _localise(result)

    def _companion(self, query: str):
        """Score a Mongolian sentence by how well its Chinese original holds the names the question uses."""
        zh = self.retrievers["zh"].lexical
        names = " ".join(self.glossary.chinese_for(query))
        weights, wanted = zh.query_weights(names), tokens(names)
        if not weights:
            return None

        def score(mn_sentence: str) -> float:
            original = self.to_zh.get(mn_sentence)
            return zh.score(weights, original) + zh.precision(wanted, original) if original else 0.0

        return score

    def _with_original(self, cite: Citation) -> Citation:
        """Attach the Chinese passage a Mongolian one was translated from, its sentence marked."""
        got = self.store.get(where={"pair": cite.id}, include=["documents", "metadatas"]) if cite.id else None
        if not got or not got["ids"]:
            return cite
        text, meta = got["documents"][0], got["metadatas"][0]
        highlight = None
        if cite.highlight:
            zh = self.to_zh.get(cite.text[cite.highlight[0] : cite.highlight[1]])
            pos = text.find(zh) if zh else -1
            highlight = [pos, pos + len(zh)] if pos >= 0 else None
        original = {
            "id": got["ids"][0], "text": text, "section": meta.get("section", ""), "highlight": highlight,
            "source": f"{meta.get('doc_id')}.md:{meta.get('start')}-{meta.get('end')}",
        }
        return replace(cite, original=original)

    def _build_chain(self) -> Runnable:
        return (
            RunnableLambda(self.prepare)
            | RunnablePassthrough.assign(passages=RunnableLambda(self.retrieve))
            | RunnableLambda(self.answer)
        )

    # -- use ----------------------------------------------------------------------------
    def ask(self, question: str) -> Answer:
        return self.chain.invoke(question)

    def passages(self, question: str) -> list[str]:
        """The ranked passage texts retrieval finds (answered or refused), originals for translations."""
        state = self.prepare(question)
        docs = self.retrieve(state)
        return [d.page_content for d in docs] if state["edition"] != "mn" else self._originals(docs)

    def _originals(self, docs: list[Document]) -> list[str]:
        ids = [d.metadata.get("pair") for d in docs]
        got = self.store.get(ids=[i for i in ids if i], include=["documents"])
        by_id = dict(zip(got["ids"], got["documents"], strict=True))
        return [by_id.get(i, d.page_content) for i, d in zip(ids, docs, strict=True)]


__all__ = ["Answer", "Bridgehead", "Citation", "QuestionError", "validate"]
