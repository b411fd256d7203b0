"""Chain: question -> normalise -> retrieve -> extract answer, as one LCEL runnable."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda

from kb import lang as langs
from kb.embed import make_embeddings
from kb.glossary import Glossary, load_glossary
from kb.index import active_collection, open_client, open_store
from kb.ingest.editions import load_alignment
from kb.lang import NOT_COVERED
from kb.retrieval.answer import (
    COMPANION_WEIGHT,
    MN_TO_ZH_HINTS,
    PROFILES,
    SPECIFIC_WEIGHT,
    Answer,
    Citation,
    Profile,
    extract,
    focus_score,
)
from kb.retrieval.followup import rewrite
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


# The report is about the league in Inner Mongolia: naming them narrows nothing.
EVERYWHERE = frozenset({"xilingol", "inner_mongolia"})


def _script(lang: str) -> str:
    return lang.split("-")[0]


def _forget_other_caches(cache: Path, index: str, keep: int = 6) -> None:
    """Lexical caches of earlier indexes: the newest few stay (the previous index may still answer), older go."""
    if not cache.is_dir():
        return
    files = sorted(cache.glob("*.lexical.pkl"), key=lambda f: f.stat().st_mtime, reverse=True)
    for f in files[keep:]:
        if not f.name.startswith(index + "__"):
            f.unlink(missing_ok=True)


class Bridgehead:
    """Everything needed to answer, loaded once: model, store, retrievers, chain."""

    def __init__(self, settings: Settings | None = None, embeddings: Embeddings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        active_collection(open_client(self.settings))  # fail fast, before loading a model, if nothing is indexed
        self.embeddings = embeddings or make_embeddings(self.settings)
        self.index = open_store(self.settings, self.embeddings)
        self.index_name = self.index.name
        k = self.settings.top_k
        cache = self.settings.data_dir / "cache"
        self.retrievers = {
            edition: r for edition in ("zh", "mn")
            if edition in self.index.editions
            and (r := PassageRetriever.from_store(self.index.editions[edition], self.index.sentences,
                                                  cache / f"{self.index_name}__{edition}.lexical.pkl", k=k))
        }
        _forget_other_caches(cache, self.index_name)
        if "zh" not in self.retrievers:
            from kb.index import IndexError_

            raise IndexError_("the index holds no Chinese passages: run `kb ingest`")
        self.retriever = self.retrievers["zh"]
        self.store = self.retriever.store  # the Chinese passages: what the key figures read
        self.glossary = Glossary(load_glossary(self.settings.corpus_dir / "glossary.tsv"))
        mn_text = self.retrievers["mn"].lexical.text if "mn" in self.retrievers else ""
        self.translit = Transliterator([mn_text, *self.glossary.cyrillic_vocabulary()])
        self.to_zh = {a.mn: a.zh for a in load_alignment(self.settings.corpus_dir)}
        self.chain = self._build_chain()

    # -- stages -------------------------------------------------------------------------
    def normalise(self, question: str) -> tuple[str, str]:
        """The question's language, and the question in the script the index reads."""
        question = validate(question)
        lang = langs.detect(question)
        if lang == langs.ZH_HANT:
            return lang, langs.to_simplified(question)
        if lang == langs.MN_LATN:
            return lang, self.translit.text(question)
        return lang, question

    def standalone(self, question: str, history: list[dict] | None) -> tuple[str, str, str | None]:
        """(lang, query, rewritten): a follow-up rewritten from the conversation's earlier questions."""
        lang, query = self.normalise(question)
        previous = None
        for message in history or []:
            if message.get("role") != "user" or not str(message.get("content") or "").strip():
                continue
            try:
                turn_lang, turn = self.normalise(str(message["content"]))
            except QuestionError:
                continue
            same = previous is not None and _script(turn_lang) == _script(previous[0])
            previous = (turn_lang, rewrite(turn, previous[1], self.glossary) if same else turn)
        if previous is None or _script(previous[0]) != _script(lang):
            return lang, query, None
        rewritten = rewrite(query, previous[1], self.glossary)
        return lang, rewritten, rewritten if rewritten != query else None

    def prepare(self, inputs: dict | str) -> dict:
        """Detect the language; give retrieval the question, standing alone, in the script the index reads."""
        if isinstance(inputs, str):
            inputs = {"question": inputs}
        question = validate(inputs.get("question", ""))
        lang, query, rewritten = self.standalone(question, inputs.get("history"))
        # `asked`: the question as asked (standing alone), before the names the chain adds for retrieval.
        state = {"question": question, "lang": lang, "query": query, "asked": query, "rewritten": rewritten,
                 "edition": "zh"}
        if lang in {langs.MN_CYRL, langs.MN_LATN}:
            if "mn" in self.retrievers:
                # Name variants the edition does not use ("Эрлянь") get its spelling alongside.
                state["query"] = " ".join([query, *self.glossary.canonical_for(query)])
                state["edition"] = "mn"
            else:
                # No Mongolian edition indexed: search the Chinese text, naming what the glossary knows.
                names = " ".join(self.glossary.chinese_for(query))
                state["query"], state["edition"] = f"{query} {names}".strip(), "mn>zh"
        return state

    def _retriever(self, edition: str) -> PassageRetriever:
        return self.retrievers["mn" if edition == "mn" else "zh"]

    def retrieve(self, state: dict) -> list[Document]:
        return self._retriever(state["edition"]).invoke(state["query"])

    def answer(self, state: dict) -> Answer:
        retriever = self._retriever(state["edition"])
        profile = PROFILES[state["edition"]]
        bonus = self._bonus(state["query"], state["edition"], profile)
        result = extract(
            state["query"], state["passages"], retriever.lexical, state["lang"], profile, bonus, state["asked"]
        )
        result = replace(result, question=state["question"], rewritten=state["rewritten"])
        pairs = {d.metadata.get("id"): d.metadata.get("pair", "") for d in state["passages"]}
        if result.found and not self._names_the_places(state["query"], result.citations[0], pairs):
            result = replace(result, answer=NOT_COVERED[result.lang], found=False, citations=[])
        if state["edition"] == "mn" and result.found:
            result = replace(result, citations=[self._with_original(c, pairs.get(c.id)) for c in result.citations])
        return _localise(result)

    def _names_the_places(self, query: str, cite: Citation, pairs: dict[str, str]) -> bool:
        """Whether the answering passage is about every place the question names.

        "珠恩嘎达布其口岸开行了多少列中欧班列？" finds the China-Europe train passage, which
        is about Erenhot: the report does not say, and the answer must not pretend it does.
        """
        asked = self.glossary.places_anywhere(query) - EVERYWHERE
        if not asked:
            return True
        named = self.glossary.places_anywhere(cite.text)
        if pair := pairs.get(cite.id):
            # The passage in the other edition too: the translation names outright some places the
            # original leaves implicit (measured: one more false refusal in zh-Hant without it).
            named |= self.glossary.places_anywhere(self.index.get([pair]).get(pair, ("", {}))[0])
        return asked <= named

    def _bonus(self, query: str, edition: str, profile: Profile) -> Callable[[str], float] | None:
        """What the chain knows about a sentence beyond its passage: its original, the places it names."""
        translated = edition == "mn"
        companion = self._companion(query) if translated else None
        # Only a question after a figure is about one place; "which port…" wants the others named.
        asks_figure = any(q.search(query) for q, _ in profile.hints)
        asked = self.glossary.places(query) if asks_figure else frozenset()

        def score(sentence: str) -> float:
            original = self.to_zh.get(sentence, "") if translated else sentence
            total = COMPANION_WEIGHT * companion(original) if companion and original else 0.0
            if asked:
                named = self.glossary.places(original or sentence)
                # A figure for the place asked about, not for a list of places or the whole league.
                total += SPECIFIC_WEIGHT * (len(asked & named) / len(named) if named else 0.5)
            return total

        return score if companion or asked else None

    def _companion(self, query: str) -> Callable[[str], float] | None:
        """Score a Chinese original by how well it holds the names and kind of figure a Mongolian question asks."""
        zh = self.retrievers["zh"].lexical
        names = " ".join(self.glossary.chinese_for(query))
        weights, wanted = zh.query_weights(names), tokens(names)
        hints = [re.compile(p) for q, p in MN_TO_ZH_HINTS if q.search(query)]
        if not weights:
            return None
        return lambda original: focus_score(original, weights, zh, hints) + zh.precision(wanted, original)

    def _with_original(self, cite: Citation, pair: str | None) -> Citation:
        """Attach the Chinese passage a Mongolian one was translated from, its sentence marked."""
        found = self.index.get([pair]).get(pair) if pair else None
        if not found:
            return cite
        text, meta = found
        highlight = None
        if cite.highlight:
            zh = self.to_zh.get(cite.text[cite.highlight[0] : cite.highlight[1]])
            pos = text.find(zh) if zh else -1
            highlight = [pos, pos + len(zh)] if pos >= 0 else None
        original = {
            "id": pair, "text": text, "section": meta.get("section", ""), "highlight": highlight,
            "source": f"{meta.get('doc_id')}.md:{meta.get('start')}-{meta.get('end')}",
        }
        return replace(cite, original=original)

    def _build_chain(self) -> Runnable:
        # Sequential on purpose: RunnablePassthrough.assign would start a thread per question.
        return (
            RunnableLambda(self.prepare)
            | RunnableLambda(lambda state: {**state, "passages": self.retrieve(state)})
            | RunnableLambda(self.answer)
        )

    # -- use ----------------------------------------------------------------------------
    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer `question`; `history` is the conversation so far as [{"role", "content"}] messages."""
        return self.chain.invoke({"question": question, "history": history or []})

    def passages(self, question: str, history: list[dict] | None = None, k: int | None = None) -> list[str]:
        """The ranked passage texts retrieval finds (answered or refused), originals for translations."""
        state = self.prepare({"question": question, "history": history or []})
        retriever = self._retriever(state["edition"])
        docs = (retriever.model_copy(update={"k": k}) if k else retriever).invoke(state["query"])
        return [d.page_content for d in docs] if state["edition"] != "mn" else self._originals(docs)

    def _originals(self, docs: list[Document]) -> list[str]:
        found = self.index.get([p for d in docs if (p := d.metadata.get("pair"))])
        return [found.get(d.metadata.get("pair", ""), (d.page_content, {}))[0] for d in docs]


__all__ = ["Answer", "Bridgehead", "Citation", "QuestionError", "validate"]
