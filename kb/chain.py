"""Chain: understand → retrieve → draft → check → present, each a stage you can call alone, as one LCEL runnable."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda

from kb import langs
from kb.asking import questions_asked
from kb.checks import Checks, Context
from kb.embed import make_embeddings
from kb.errors import QuestionError
from kb.glossary import Glossary, load_glossary
from kb.index import IndexError_, active_collection, open_client, open_store
from kb.langs.base import Reading
from kb.langs.mn import transliterator
from kb.reports import load_specs
from kb.retrieval.answer import SentenceDrafter, citation
from kb.retrieval.bankvectors import BankVectors, cache_file
from kb.retrieval.followup import rewrite
from kb.retrieval.retriever import PassageRetriever
from kb.retrieval.scorer import SCORER_FILE, HandScorer, LearnedScorer, Scorer, make_scorer
from kb.settings import Settings
from kb.text import clean_text
from kb.types import Answer, Citation, Draft, Passage, Query

MAX_QUESTION = 500
log = logging.getLogger(__name__)


# Markup pasted with a question ("<b>…</b>") is not part of it: its Latin letters would decide the language.
_TAGS = re.compile(r"</?[A-Za-z][^<>]{0,200}>")


def validate(question: str) -> str:
    question = clean_text(_TAGS.sub(" ", question or "")).strip()
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION:
        raise QuestionError(f"the question is {len(question)} characters long; ask in at most {MAX_QUESTION}")
    if not re.search(r"\w", question):
        raise QuestionError("the question has no words in it")
    return question


def _forget_other_caches(cache: Path, index: str, keep: int = 6) -> None:
    """Caches of earlier indexes: the newest few stay (the previous index may still answer), older go."""
    if not cache.is_dir():
        return
    for pattern in ("*.lexical.pkl", "*.bank.npz"):
        files = sorted(cache.glob(pattern), key=lambda f: f.stat().st_mtime, reverse=True)
        for f in files[keep:]:
            if not f.name.startswith(index):
                f.unlink(missing_ok=True)


class Bridgehead:
    """Everything needed to answer, loaded once: model, store, retrievers, glossary, stages and chain."""

    def __init__(self, settings: Settings | None = None, embeddings: Embeddings | None = None,
                 pin: bool = False) -> None:
        self.settings = settings or Settings.from_env()
        active_collection(open_client(self.settings))  # fail fast, before loading a model, if nothing is indexed
        self.specs = load_specs(self.settings.corpus_dir)
        self.original = self.specs[0].edition  # the language the reports are written in
        self.glossary = Glossary(load_glossary(self.settings.corpus_dir / "glossary.tsv"),
                                 compared=frozenset().union(*(s.compared for s in self.specs)),
                                 setting=frozenset().union(*(s.setting for s in self.specs)))
        langs.register_names(self.glossary.word_list(), self.glossary.names())  # before any text is cut into tokens
        years = {str(s.period.year) for s in self.specs if s.period}
        self._year = years.pop() if len(years) == 1 else None  # "1月至11月" dates a figure only if one year is meant
        self._between = frozenset().union(*(s.between for s in self.specs))
        self.embeddings = embeddings or make_embeddings(self.settings)
        self.index = open_store(self.settings, self.embeddings, pin)  # pin: a server's private copy
        self.index_name = self.index.name
        cache = self.settings.data_dir / "cache"
        self.retrievers: dict[str, PassageRetriever] = {}
        bank = BankVectors.load(self.index.bank, cache_file(self.settings.data_dir, self.index_name)) \
            if self.index.bank else None
        for edition in self.index.editions:
            r = PassageRetriever.from_store(self.index.editions[edition], self.index.sentences,
                                            cache / f"{self.index_name}__{edition}.lexical.pkl", k=self.settings.top_k,
                                            bank=bank)
            if r is not None:
                r.lexical.names, r.lexical.acronyms = self.glossary.names(), self.glossary.acronyms()
                self.retrievers[edition] = r
        _forget_other_caches(cache, self.index_name)
        self.banked = self._banked()
        if not self.banked:
            for r in self.retrievers.values():
                r.bank = None  # the bank speaks for every report or for none: one without would rank under the rest
        if self.original not in self.retrievers:
            raise IndexError_(f"the index holds no passages of the {self.original!r} original: run `kb ingest`")
        self.indexed = frozenset(self.retrievers)
        self._plain = {e: self.glossary.plain_forms(r.lexical.text) for e, r in self.retrievers.items()}
        self.retriever = self.retrievers[self.original]
        self.store = self.retriever.store  # the original's passages: what the key figures read
        vocabulary = [r.lexical.text for e, r in self.retrievers.items() if e != self.original]
        self.translit = transliterator([*vocabulary, *self.glossary.cyrillic_vocabulary()])
        self.drafter = SentenceDrafter({e: r.lexical for e, r in self.retrievers.items()}, self.glossary,
                                       self.original, self._scorer())
        self.checks = Checks()
        self.chain = self._build_chain()

    def _banked(self) -> bool:
        """Every report has its question bank in this index: only then does the bank speak for all."""
        return self.index.bank is not None and bool(self.index.bank.count()) and all(s.bank for s in self.specs)

    def _scorer(self) -> Scorer:
        """The fitted scorer, when the index is the kind it was fitted on: with every report's bank (a
        sentence no bank question points at would look unsupported next to one that has them) and the
        same editions (a Mongolian question read against the Chinese text measures otherwise);
        else the hand weights."""
        scorer = make_scorer(self.settings.scorer, self.settings.corpus_dir / SCORER_FILE)
        if isinstance(scorer, LearnedScorer):
            if not self.banked:
                log.info("answering with the hand weights: not every report has a question bank in this index")
                return HandScorer()
            if scorer.editions and set(scorer.editions) != set(self.index.editions):
                log.info("answering with the hand weights: the scorer was fitted on editions %s, the index has %s",
                         ",".join(scorer.editions), ",".join(self.index.editions))
                return HandScorer()
        return scorer

    # -- stages -------------------------------------------------------------------------
    def normalise(self, question: str) -> tuple[str, str]:
        """The question's language, and the question in the script the index reads."""
        question = validate(question)
        lang = langs.detect(question)
        return lang, langs.pack(lang).to_index(question, lang, self.translit)

    def _standalone(self, question: str, history: list[dict] | None) -> tuple[str, str, str | None]:
        """(lang, asked, rewritten): a follow-up rewritten from the conversation's earlier questions."""
        lang, query = self.normalise(question)
        family = langs.pack(lang).name
        previous = None
        for message in history or []:
            if message.get("role") != "user" or not str(message.get("content") or "").strip():
                continue
            try:
                turn_lang, turn = self.normalise(str(message["content"]))
            except QuestionError:
                continue
            same = previous is not None and langs.pack(turn_lang).name == langs.pack(previous[0]).name
            previous = (turn_lang, rewrite(turn, previous[1], self.glossary) if same else turn)
        if previous is None or langs.pack(previous[0]).name != family:
            return lang, query, None
        rewritten = rewrite(query, previous[1], self.glossary)
        return lang, rewritten, rewritten if rewritten != query else None

    def _searched(self, message: str) -> tuple[str, str]:
        """What is searched for a long message, and what its sentences are scored by: its questions, not the
        context told before them ("Сайн байна уу, бид Улаанбаатарт ложистикийн компанитай. Эрээн боомтоор хэдэн
        тонн…?" was refused for the company's words). When only the context names the place the questions are
        about, the whole message is searched (the questions alone lost two held-out answers) and the questions
        are scored with the context's places (the context's words, "logistics firm in Hohhot", refused them)."""
        questions = questions_asked(message)
        if questions != message and (named := self.glossary.place_spans(message)) \
                and not self.glossary.place_spans(questions):
            return message, " ".join([questions, *dict.fromkeys(message[a:b] for a, b, _ in named)])
        return questions, questions

    def understand(self, inputs: dict | str, history: list[dict] | None = None) -> Query:
        """The question standing alone, in the script the index reads, with the edition to search."""
        if isinstance(inputs, dict):
            inputs, history = inputs.get("question", ""), inputs.get("history")
        question = validate(inputs)
        lang, asked, rewritten = self._standalone(question, history)
        pack, reading = langs.pack(lang), self.reading(lang)
        # The question mark first: "…1-11 sard Ereen boomtoor heden tonn achaa orj garsan bol" asks in its last
        # sentence, which only the mark tells from the context before it.
        searched, scored = self._searched(pack.as_question(asked))
        names: list[str] = []
        if pack.edition != self.original:
            # Name variants the edition does not use ("Эрлянь") get its spelling alongside; when the language's own
            # edition is not indexed, the original is searched, naming what the glossary knows.
            names = self.glossary.canonical_for(asked, pack.edition) if reading.edition == pack.edition \
                else self.glossary.originals_for(asked)
        plain = self._plain[reading.edition]
        text, words = (self.glossary.plainer(" ".join([t, *names]), plain) for t in (searched, scored))
        return Query(question, lang, reading.edition, text, asked, rewritten, reading.edition != self.original,
                     words if words != text else "")

    def reading(self, lang: str) -> Reading:
        return langs.reading(lang, self.indexed)

    def retrieve(self, query: Query, k: int | None = None) -> list[Passage]:
        return self.retrievers[query.edition].search(query.text, k)

    def draft(self, query: Query, passages: list[Passage]) -> Draft:
        return self.drafter.draft(query, passages, self.reading(query.lang))

    def check(self, draft: Draft) -> str | None:
        """The first check the draft fails (it does not answer), or None."""
        reading = self.reading(draft.query.lang)
        ctx = Context(reading, self.retrievers[reading.edition].lexical, self.glossary, self._texts,
                      self.glossary.setting, self.drafter.scorer.threshold_for(draft.query.lang), self._year,
                      self._between)
        return self.checks.first_failure(draft, ctx)

    def present(self, draft: Draft, refused_by: str | None) -> Answer:
        """The answer as the asker reads it: in their script, a translation's citations with their originals."""
        q = draft.query
        if refused_by or draft.text is None:
            return Answer(q.question, langs.not_covered(q.lang), False, q.lang, [], q.rewritten, refused_by)
        cites = list(draft.citations)
        if q.translated:
            by_id = {p.id: p for p in draft.passages}
            cites = [self._with_original(c, by_id.get(c.id)) for c in cites]
        pack = langs.pack(q.lang)
        local = lambda s: pack.localise(s, q.lang)  # noqa: E731
        cites = [replace(c, text=local(c.text), section=local(c.section)) for c in cites]
        return Answer(q.question, local(draft.text), True, q.lang, cites, q.rewritten)

    def answer(self, query: Query, passages: list[Passage]) -> Answer:
        draft = self.draft(query, passages)
        return self.present(draft, self.check(draft))

    def _texts(self, ids: list[str]) -> dict[str, str]:
        return {i: p.text for i, p in self.index.get(ids).items()}

    def _with_original(self, cite: Citation, p: Passage | None) -> Citation:
        """Attach the passage a translated one was translated from, its sentence marked."""
        found = self.index.get([p.pair]).get(p.pair) if p and p.pair else None
        if not found:
            return cite
        highlight = None
        if cite.highlight:
            a, b = cite.highlight
            said = next((s.original for s in p.sentences if (s.start, s.end) == (a, b)), "")
            pos = found.text.find(said) if said else -1
            highlight = [pos, pos + len(said)] if pos >= 0 else None
        return replace(cite, original=replace(citation(found, highlight), score=0.0))

    def _build_chain(self) -> Runnable:
        # For LangChain callers; `ask` runs the same stages directly.
        # Sequential on purpose: RunnablePassthrough.assign would start a thread per question.
        return (
            RunnableLambda(self.understand)
            | RunnableLambda(lambda q: (q, self.retrieve(q)))
            | RunnableLambda(lambda qp: self.answer(*qp))
        )

    # -- use ----------------------------------------------------------------------------
    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer `question`; `history` is the conversation so far as [{"role", "content"}] messages.

        The stages `self.chain` joins, called in the same order without LangChain's per-step
        config, callbacks and signature inspection: through `chain.invoke` a warm answer took
        2.4-3.0 ms longer (22.5 vs 20.1 ms p50 over 172 eval questions, alternating), the same answers.
        """
        query = self.understand({"question": question, "history": history or []})
        return self.answer(query, self.retrieve(query))

    def passages(self, question: str, history: list[dict] | None = None, k: int | None = None) -> list[str]:
        """The ranked passage texts retrieval finds (answered or refused), originals for translations."""
        query = self.understand(question, history)
        found = self.retrieve(query, k)
        if not query.translated:
            return [p.text for p in found]
        originals = self.index.get([p.pair for p in found if p.pair])
        return [originals[p.pair].text if p.pair in originals else p.text for p in found]


__all__ = ["MAX_QUESTION", "Answer", "Bridgehead", "Citation", "QuestionError", "validate"]
