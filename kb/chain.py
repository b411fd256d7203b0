"""Chain: question -> normalise -> retrieve -> extract answer, as one LCEL runnable."""

from __future__ import annotations

import re
from dataclasses import replace
from operator import itemgetter

from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from kb import lang as langs
from kb.embed import make_embeddings
from kb.index import active_collection, open_client, open_store
from kb.retrieval.answer import Answer, Citation, extract
from kb.retrieval.retriever import PassageRetriever
from kb.settings import Settings

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


def _prepare(question: str) -> dict:
    question = validate(question)
    lang = langs.detect(question)
    query = langs.to_simplified(question) if lang == langs.ZH_HANT else question
    return {"question": question, "lang": lang, "query": query}


def _localise(answer: Answer) -> Answer:
    if answer.lang != langs.ZH_HANT or not answer.found:
        return answer
    t = langs.to_traditional
    # Same character count, so highlight offsets stay valid.
    cites = [replace(c, text=t(c.text), section=t(c.section)) for c in answer.citations]
    return replace(answer, answer=t(answer.answer), citations=cites)


def build_chain(retriever: PassageRetriever) -> Runnable:
    def answer(state: dict) -> Answer:
        result = extract(state["query"], state["passages"], retriever.lexical, state["lang"])
        return _localise(replace(result, question=state["question"]))

    return (
        RunnableLambda(_prepare)
        | RunnablePassthrough.assign(passages=itemgetter("query") | retriever)
        | RunnableLambda(answer)
    )


class Bridgehead:
    """Everything needed to answer, loaded once: model, store, retriever, chain."""

    def __init__(self, settings: Settings | None = None, embeddings: Embeddings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        active_collection(open_client(self.settings))  # fail fast, before loading a model, if nothing is indexed
        self.embeddings = embeddings or make_embeddings(self.settings)
        self.store, sentences = open_store(self.settings, self.embeddings)
        self.retriever = PassageRetriever.from_store(self.store, sentences, k=self.settings.top_k)
        self.chain = build_chain(self.retriever)

    def ask(self, question: str) -> Answer:
        return self.chain.invoke(question)

    def passages(self, question: str) -> list[str]:
        """The ranked passage texts retrieval finds for a question (answered or refused)."""
        return [d.page_content for d in self.retriever.invoke(_prepare(question)["query"])]


__all__ = ["Answer", "Bridgehead", "Citation", "QuestionError", "build_chain", "validate"]
