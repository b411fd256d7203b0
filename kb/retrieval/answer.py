"""Draft: pick the sentence of the retrieved passages that answers, and cite its passage."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from kb import langs
from kb.glossary import Glossary
from kb.langs.base import Reading
from kb.retrieval.lexical import LexicalScorer, tokens
from kb.retrieval.scorer import BANK_FLOOR, FEATURES, HINT_BONUS, HandScorer, Scorer, gaps
from kb.types import Citation, Draft, Passage, Query, Sentence

STATEMENT_RECALL = True
_CLAUSE = re.compile(r"[，、：,;]")
_DIGIT = re.compile(r"\d")
# Two questions in one ("共…？其中…？") want the whole sentence, as the cue asks_total does.
_TWO_QUESTIONS = re.compile(r"[？?].+[？?]")
# A sentence cut at "；" continues in the next: "其中出境1705列…；入境1407列…".
EXTEND_GAIN = 0.05
PASSAGES_FOR_ANSWER = 3


def _years(text: str) -> set[str]:
    return {m.group()[:4] for p in langs.cue_patterns("year") for m in p.finditer(text)}


def asks_total(question: str) -> bool:
    return bool(_TWO_QUESTIONS.search(question)) or langs.cue("asks_total", question)


def focus_score(
    text: str, weights: dict[str, float], lexical: LexicalScorer, hints: list[re.Pattern[str]]
) -> float:
    """The best clause pair of a whole sentence (see _best_window)."""
    return _best_window(text, 0, len(text), weights, lexical, hints)


def _best_window(
    text: str, start: int, end: int, weights: dict[str, float], lexical: LexicalScorer,
    hints: list[re.Pattern[str]],
) -> float:
    """Score of the best pair of adjacent clauses: the figure and what it is about.

    A long sentence lists several figures ("全盟…2289.6万吨…其中，二连浩特…1964.1万吨");
    only the clause holding a figure plus the clause before it tell which one is asked for.
    """
    cuts = [start] + [m.end() for m in _CLAUSE.finditer(text, start, end)] + [end]
    clauses = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    best = 0.0
    for j, (a, b) in enumerate(clauses):
        score = lexical.score(weights, text[clauses[j - 1][0] if j else a : b])
        if hints and any(h.search(text, a, b) for h in hints):
            score += HINT_BONUS
        best = max(best, score)
    return best


def _dated(opening: str) -> str:
    """The lead an answer cut from its sentence keeps: the opening time phrase, so the figure keeps its period."""
    return f"{opening}，……" if langs.cue("when", opening) else "……"


def _breakdown(text: str, start: int, end: int, question_tokens: set[str]) -> tuple[str, int]:
    """("1月至11月，……", new start) when the question asks for a part of a total:
    "出境多少列？" of "1月至11月，中欧班列出入境3112列，…，其中出境1705列，…" is the part after 其中.

    Only when a word of the question stands after the marker and not before it.
    """
    found = [c for m in langs.part_markers() if (c := text.find(m, start, end)) > start]
    if not found:
        return "", start
    cut = min(found)
    before, after = tokens(text[start:cut]), tokens(text[cut:end])
    if not any(len(t) > 1 and t in after and t not in before for t in question_tokens):
        return "", start
    first = _CLAUSE.search(text, start, cut)
    return _dated(text[start : first.start()] if first else ""), cut


def _spans(p: Passage) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in p.sentences]


def _continuation(
    p: Passage, start: int, end: int, weights: dict[str, float], lexical: LexicalScorer,
    hints: list[re.Pattern[str]], each: bool = False, question: str = "",
) -> tuple[int, int] | None:
    """The answer and the sentence it runs on into across a "；", when that one holds the rest
    of what was asked ("出境和入境各多少？"), or any more of the figure asked for when the
    question wants each one: its span, else None."""
    text, spans = p.text, _spans(p)
    if (start, end) not in spans:
        return None
    i = spans.index((start, end))
    # Words, not numbers: "1-11月" in the question must not pull in a sentence for its "11%".
    weights = {t: w for t, w in weights.items() if not t.isdigit()}
    covered = lexical.score(weights, text[start:end])
    for j in (i + 1, i - 1):
        if not 0 <= j < len(spans):
            continue
        first, second = sorted([(start, end), spans[j]])
        if not text[first[0] : first[1]].rstrip().endswith(("；", ";")):
            continue
        other = text[spans[j][0] : spans[j][1]]
        if hints and not any(h.search(other) for h in hints):
            continue
        if _gives_other_side(question, other):
            continue  # "入境…多少列？" answered by "入境1407列" does not run back into "…其中出境1705列；"
        if (each and hints) or lexical.score(weights, text[first[0] : second[1]]) - covered >= EXTEND_GAIN:
            return first[0], second[1]
    return None


def _gives_other_side(question: str, sentence: str) -> bool:
    """The question asks one side of a breakdown (入境) and the sentence gives the other (出境) alone."""
    return any(other in (said := sentence.replace(both, "")) and one not in said
               for one, other, both in langs.sides_asked(question))


def _other_side(p: Passage, start: int, end: int, question: str) -> tuple[int, int] | None:
    """The sentence after a "；" that gives the side asked for, when the chosen one gives the other.

    "入境多少列？" scores best on "1月至11月，中欧班列出入境3112列，…，其中出境1705列，…；" (it shares
    the period and the trains), but the answer is the next sentence, "入境1407列，同比增长2.3%。".
    """
    text, spans = p.text, _spans(p)
    if (start, end) not in spans or spans.index((start, end)) + 1 >= len(spans):
        return None
    nxt = spans[spans.index((start, end)) + 1]
    chosen, following = text[start:end], text[nxt[0] : nxt[1]].lstrip()
    if not chosen.rstrip().endswith(("；", ";")):
        return None
    for asked, other, both in langs.sides_asked(question):
        said = chosen.replace(both, "")  # the total names both sides at once: it gives neither alone
        if other in said and asked not in said and following.startswith(asked):
            return nxt
    return None


def _statements(p: Passage, start: int, end: int) -> list[tuple[str, int, int]]:
    """(statement, start, end) of every sentence the answer's span touches, when each has one."""
    touched = [s for s in p.sentences if s.start < end and s.end > start]
    if not touched or not all(s.statement for s in touched):
        return []
    return [(s.statement, s.start, s.end) for s in touched]


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer: its passage's rank, the sentence, its lexical recall, its FEATURES row."""

    p_index: int
    sentence: Sentence
    recall: float
    features: tuple[float, ...] = ()

    def feature(self, name: str) -> float:
        return self.features[FEATURES.index(name)]


def citation(p: Passage, highlight: list[int] | None = None) -> Citation:
    return Citation(id=p.id, text=p.text, source=p.source, section=p.section, score=p.score, highlight=highlight)


@dataclass
class SentenceDrafter:
    """Drafts an answer from the best sentence of the top passages.

    A sentence's score adds its cosine to the question (from the retriever), its lexical recall
    (best clause pair and whole sentence, with a bonus when it holds the kind of figure asked for),
    its lexical precision, and what is known beyond its passage: for a translation, how well its
    original holds what was asked; for a figure, whether it is about the place asked about alone.
    """

    lexicals: dict[str, LexicalScorer]  # by edition
    glossary: Glossary
    original: str  # the edition translations are made from
    scorer: Scorer = field(default_factory=HandScorer)

    def candidates(self, query: Query, passages: list[Passage], reading: Reading) -> list[Candidate]:
        """Every sentence of the top passages that may answer, with what it measures against the question."""
        lexical = self.lexicals[reading.edition]
        question, asked = query.scored, query.asked
        weights = lexical.query_weights(question)
        q_tokens = tokens(question)
        hints = [re.compile(k.answer) for k in reading.asked_kinds(question)]
        bonus = self._bonus(question, reading)
        # "与2023年相比…？" asks the change over 2023: 2024's sentences answer it, with their 同比.
        years = set() if langs.cue("compared", asked) else _years(asked)
        # "How many tonnes…?" is not answered by "freight grew steadily": a sentence without a figure.
        wants_figure = bool(hints) or langs.cue("asks_quantity", asked)
        found: list[Candidate] = []
        rows: list[list[float]] = []
        for p_index, p in enumerate(passages[:PASSAGES_FOR_ANSWER]):
            if p.kind == "caption":
                continue  # a photo's caption ("…贸易区一角") names a place; it states no fact to answer with
            for s in p.sentences:
                sentence = p.text[s.start : s.end]
                if years and (said := _years(s.statement or sentence)) and not years & said:
                    continue  # "2023年…？" is not answered by a sentence that states another year's figure
                plain = lexical.score(weights, sentence)
                stated = lexical.score(weights, s.statement) if s.statement else 0.0
                # What the sentence leaves implicit (its period, its subject), its statement says.
                recall = max(plain, stated) if STATEMENT_RECALL else plain
                hint = float(bool(hints) and any(h.search(sentence) for h in hints))
                focus = _best_window(p.text, s.start, s.end, weights, lexical, hints)
                companion, specific = bonus(sentence, s.original if query.translated else sentence) \
                    if bonus else (0.0, 0.0)
                rows.append([s.score, focus, recall, hint, lexical.precision(q_tokens, sentence), s.bank, s.near,
                             companion, specific, float(p_index), p.score, stated, math.log1p(len(sentence)),
                             max(0.0, s.bank - BANK_FLOOR), s.votes,
                             float(wants_figure and not _DIGIT.search(s.statement or sentence)),
                             lexical.missing(weights, sentence, s.statement)])
                found.append(Candidate(p_index, s, recall))
        if not rows:
            return []  # every sentence skipped (another year's, a caption's): `kb bench` crashed on synthetic corpora
        matrix = gaps(np.asarray(rows, dtype=np.float64).reshape(len(rows), -1))
        return [Candidate(c.p_index, c.sentence, c.recall, tuple(matrix[i])) for i, c in enumerate(found)]

    def question_features(self, query: Query, reading: Reading) -> tuple[float, ...]:
        """QUESTION_FEATURES: what the question itself says about answerability, whatever the candidates."""
        if reading.unknown is None:
            return (0.0, 0.0)
        u = reading.unknown(query.scored, self.lexicals[reading.edition])
        return (u.share, float(u.strong))

    def draft(self, query: Query, passages: list[Passage], reading: Reading) -> Draft:
        found = self.candidates(query, passages, reading)
        if not found:
            return Draft(query, tuple(passages), confidence=0.0 if self.scorer.name != "hand" else None)
        matrix = np.asarray([c.features for c in found], dtype=np.float64)
        scores = self.scorer.scores(matrix)
        chosen = found[int(np.argmax(scores))]
        confidence = self.scorer.confidence(matrix, scores, self.question_features(query, reading))
        lexical = self.lexicals[reading.edition]
        question, asked = query.scored, query.asked
        weights = lexical.query_weights(question)
        q_tokens = tokens(question)
        hints = [re.compile(k.answer) for k in reading.asked_kinds(question)]
        p_index, start, end = chosen.p_index, chosen.sentence.start, chosen.sentence.end
        recall, bank, near = chosen.recall, chosen.sentence.bank, chosen.sentence.near
        p = passages[p_index]
        each = langs.cue("asks_each", asked) or bool(langs.sides_apart(asked))
        start, end = _continuation(p, start, end, weights, lexical, hints, each, asked) or (start, end)
        lead, start = ("", start) if asks_total(question) else _breakdown(p.text, start, end, q_tokens)
        if not asks_total(question) and (side := _other_side(p, start, end, asked)):
            opening = _CLAUSE.search(p.text, start, end)
            head = p.text[start : opening.start()] if opening else ""
            lead, (start, end) = (_dated(head) if langs.cue("when", head) else ""), side
        if said := _statements(p, start, end):
            # The sentences restated to stand alone: the answer an investor can paste, whole.
            text, (start, end) = langs.pack(p.edition).joiner.join(s for s, _, _ in said), (said[0][1], said[-1][2])
        else:
            text = lead + p.text[start:end]
        order = [p_index] + [i for i in range(len(passages)) if i != p_index]
        cites = tuple(citation(passages[i], [start, end] if rank == 0 else None)
                      for rank, i in enumerate(order[:PASSAGES_FOR_ANSWER]))
        return Draft(query, tuple(passages), text + "[1]", cites, recall, bank, near, p.text[:start], confidence)

    def _bonus(self, question: str, reading: Reading) -> Callable[[str, str], tuple[float, float]] | None:
        """What is known about a sentence beyond its passage: (sentence, its original or itself) ->
        (how well its original holds what a translated question asks, how much it is about the place asked)."""
        translated = reading.edition != self.original
        companion = self._companion(question, reading) if translated else None
        # Only a question after a figure is about one place; "which port…" wants the others named.
        asked = self.glossary.places(question) if reading.asked_kinds(question) else frozenset()

        def score(sentence: str, original: str) -> tuple[float, float]:
            together = companion(original) if companion and original else 0.0
            specific = 0.0
            if asked:
                named = self.glossary.places(original or sentence)
                # A figure for the place asked about, not for a list of places or the whole league.
                specific = len(asked & named) / len(named) if named else 0.5
            return together, specific

        return score if companion or asked else None

    def _companion(self, question: str, reading: Reading) -> Callable[[str], float] | None:
        """Score an original by how well it holds the names and the kind of figure a translated question asks."""
        lexical = self.lexicals[self.original]
        names = " ".join(self.glossary.originals_for(question))
        weights, wanted = lexical.query_weights(names), tokens(names)
        original_kinds = {k.name: k for k in langs.pack(self.original).reading(frozenset()).kinds}
        # The kinds of figure asked, by name, as they stand in the original.
        hints = [re.compile(original_kinds[k.name].answer) for k in reading.asked_kinds(question)
                 if k.name in original_kinds]
        if not weights:
            return None
        return lambda original: focus_score(original, weights, lexical, hints) + lexical.precision(wanted, original)
