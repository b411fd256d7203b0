"""The typed records the stages pass along: Query → Passage → Draft → Answer, with Citation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Query:
    """A question as the chain understands it."""

    question: str  # as asked
    lang: str  # the question's language and script (kb.langs codes)
    edition: str  # the edition it is answered from
    text: str  # for retrieval: its questions (context sentences dropped), in the index script, with added names
    asked: str  # standing alone, in the index's script, before the names retrieval adds
    rewritten: str | None = None  # a follow-up as it stands alone, when it differs from the question
    translated: bool = False  # the edition is a translation: its sentences have originals
    # For the sentence scorer and the unknown-words test, when it differs from `text`: the questions alone, with
    # the league's places the context before them names ("We run a firm in Hohhot … via Erlian. … which months?").
    words: str = ""

    @property
    def scored(self) -> str:
        return self.words or self.text


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage: its span, its cosine to the question, and its original in a translation."""

    start: int
    end: int
    score: float = 0.0
    original: str = ""
    statement: str = ""  # the sentence restated to stand alone (its subject and period explicit)
    ref: str = ""  # "<report>:<block>:<n>": the sentence's place in the report, the same in every edition
    bank: float = 0.0  # cosine of the question to the closest bank question this sentence answers
    near: float = 0.0  # … and to the closest near miss (a question in its words that it does not answer)
    votes: float = 0.0  # share of the question's nearest bank questions that this sentence answers


@dataclass(frozen=True)
class Passage:
    """A passage of an edition, as the index holds it and retrieval scored it."""

    id: str
    text: str
    section: str = ""
    doc_id: str = ""
    start: int = 0
    end: int = 0
    kind: str = "paragraph"
    edition: str = ""
    pair: str = ""  # the same passage in the other edition (translation <-> original)
    block_ids: tuple[str, ...] = ()
    score: float = 0.0  # what ranks it: dense + lexical weight × lexical
    dense: float = 0.0
    lexical: float = 0.0
    sentences: tuple[Sentence, ...] = ()

    @property
    def source(self) -> str:
        return f"{self.doc_id or 'report'}.md:{self.start}-{self.end}"


@dataclass
class Citation:
    id: str
    text: str
    source: str
    section: str
    score: float = 0.0
    highlight: list[int] | None = None  # [start, end) of the answering sentence in `text`
    original: Citation | None = None  # for a translated passage: the passage it was translated from

    def to_dict(self) -> dict:
        out = asdict(self)
        if self.original is not None:
            o = self.original
            out["original"] = {"id": o.id, "text": o.text, "section": o.section, "highlight": o.highlight,
                               "source": o.source}
        return out


@dataclass(frozen=True)
class Draft:
    """What a drafter proposes: the answer text and the passages it cites, first the one it comes from.

    `text` is None when the drafter found nothing to propose. The checks (kb/checks.py) decide
    whether it answers; they read `recall` (how much of the question the chosen sentence holds)
    and `before` (the passage up to the answer, where its period may be named).
    """

    query: Query
    passages: tuple[Passage, ...]  # as retrieved, ranked
    text: str | None = None
    citations: tuple[Citation, ...] = ()
    recall: float = 0.0
    bank: float = 0.0  # how close the question is to a bank question the chosen sentence answers
    near: float = 0.0  # … and to a near miss, a question in its words that it does not answer
    before: str = ""
    confidence: float | None = None  # a fitted scorer's chance that the chosen sentence answers (None: hand weights)


@dataclass
class Answer:
    question: str
    answer: str
    found: bool
    lang: str
    citations: list[Citation] = field(default_factory=list)
    # A follow-up as the chain understood it, standing alone ("那珠恩嘎达布其呢？" → "珠恩嘎达布其…货运量是多少？").
    rewritten: str | None = None
    refused_by: str | None = None  # the check that found the draft does not answer (not in the JSON contract)

    def to_dict(self) -> dict:
        return {"question": self.question, "answer": self.answer, "found": self.found, "lang": self.lang,
                "citations": [c.to_dict() for c in self.citations], "rewritten": self.rewritten}
