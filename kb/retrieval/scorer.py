"""Score: how well each candidate sentence answers a question, by hand weights or by a model fitted on the bank."""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

# What the drafter measures of a sentence against a question (kb/retrieval/answer.py), in this order.
OWN = ("dense", "focus", "recall", "hint", "precision", "bank", "near", "companion", "specific",
       "rank", "passage", "statement_recall", "length", "bank_excess", "votes",
       "no_figure", "missing")
# The same measures against the best candidate of the question: a sentence is chosen among others.
GAPS = ("dense", "focus", "recall", "bank", "near", "precision", "companion", "bank_excess", "votes", "hint",
        "no_figure", "missing")
FEATURES = OWN + tuple(f"{g}_gap" for g in GAPS)
# What answerability reads: the chosen sentence's features, its score and its lead over the runner-up, and of
# the question the share of its words the report never uses and whether it names something the report never does.
# (Its language as well, one column each, measured no better: refusals 0.743 against 0.755 at the same answers.)
QUESTION_FEATURES = ("unknown_share", "unknown_strong")
ANSWER_FEATURES = FEATURES + ("score", "margin") + QUESTION_FEATURES
SCORER_FILE = "scorer.json"  # beside the report it was fitted on
# The choice reads the hand weights' score too, as a prior the fit corrects: without it the fit gave up
# the hand weights' preference for a figure about the place asked alone (the league's total answered
# "Эрээн боомтоор … хэдэн тонн"), at the same cross-validated choice.
CHOOSE_FEATURES = FEATURES + ("hand", "hand_gap")

# Hand weights, chosen on evals/zh.jsonl by grid search (README: "How the answer is picked").
HINT_BONUS = 0.25
DENSE_WEIGHT = 1.0
FOCUS_WEIGHT = 0.3
PRECISION_WEIGHT = 0.6
# A translated sentence is also judged by its original, and any sentence by the places it names.
COMPANION_WEIGHT = 0.5
SPECIFIC_WEIGHT = 0.2
# The closest bank question a sentence answers: e5 puts unrelated questions near 0.8, rewordings above 0.9.
# Weight by kb eval on the repo sets (answers, all: 0 → 0.826, 2 → 0.847, 4 → 0.860, 6 → 0.868, 8 → 0.870).
BANK_WEIGHT = 6.0
BANK_FLOOR = 0.8


def gaps(rows: np.ndarray) -> np.ndarray:
    """Append each GAPS measure minus its best value among the question's candidates."""
    cols = [OWN.index(g) for g in GAPS]
    own = rows[:, cols]
    return np.hstack([rows, own - own.max(axis=0, keepdims=True)]) if len(rows) else np.zeros((0, len(FEATURES)))


def with_hand(features: np.ndarray) -> np.ndarray:
    """CHOOSE_FEATURES: the rows with the hand weights' score and its gap to the question's best."""
    hand = HandScorer().scores(features)[:, None] if len(features) else np.zeros((0, 1))
    return np.hstack([features, hand, hand - (hand.max() if len(hand) else 0.0)])


def answer_row(features: np.ndarray, scores: np.ndarray, question: tuple[float, ...]) -> np.ndarray:
    """ANSWER_FEATURES of a question: its best candidate's row, score and lead, and the question's own."""
    order = np.argsort(-scores)
    best = order[0]
    margin = scores[best] - (scores[order[1]] if len(order) > 1 else scores[best] - 5.0)
    return np.concatenate([features[best], [scores[best], margin], question])


class Scorer(Protocol):
    name: str
    threshold: float  # a confidence below this refuses

    def threshold_for(self, lang: str) -> float:
        """The threshold for questions in `lang` (BCP 47 code)."""
        ...

    def scores(self, features: np.ndarray) -> np.ndarray:
        """One score per candidate row (FEATURES columns); the highest is the answer."""
        ...

    def confidence(self, features: np.ndarray, scores: np.ndarray, question: tuple[float, ...]) -> float | None:
        """How likely the best candidate answers the question (QUESTION_FEATURES of it given); None when
        this scorer cannot tell."""
        ...


@dataclass(frozen=True)
class HandScorer:
    """The grid-searched weights the project started with."""

    name: str = "hand"
    threshold: float = 0.0

    def threshold_for(self, lang: str) -> float:
        return self.threshold

    def scores(self, features: np.ndarray) -> np.ndarray:
        f = {n: features[:, i] for i, n in enumerate(FEATURES)}
        return (DENSE_WEIGHT * f["dense"] + FOCUS_WEIGHT * f["focus"]
                + (1 - FOCUS_WEIGHT) * (f["recall"] + HINT_BONUS * f["hint"])
                + PRECISION_WEIGHT * f["precision"] + BANK_WEIGHT * f["bank_excess"]
                + COMPANION_WEIGHT * f["companion"] + SPECIFIC_WEIGHT * f["specific"])

    def confidence(self, features: np.ndarray, scores: np.ndarray, question: tuple[float, ...]) -> float | None:
        return None


@dataclass(frozen=True)
class Linear:
    """A logistic regression over standardised columns, as fitted by `kb fit`."""

    columns: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def to_dict(self) -> dict:
        return {"columns": list(self.columns), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "coef": self.coef.round(6).tolist(),
                "intercept": round(float(self.intercept), 6)}

    @classmethod
    def from_dict(cls, d: dict) -> Linear:
        return cls(tuple(d["columns"]), np.asarray(d["mean"], dtype=np.float64),
                   np.asarray(d["scale"], dtype=np.float64), np.asarray(d["coef"], dtype=np.float64),
                   float(d["intercept"]))


@dataclass(frozen=True)
class LearnedScorer:
    """Sentence choice and answerability fitted on labelled (question, sentence) pairs (kb/fit.py)."""

    choose: Linear
    answer: Linear
    threshold: float  # answerability below this refuses
    editions: tuple[str, ...] = ()  # the editions indexed when it was fitted: its features assume them
    name: str = "learned"
    by_language: tuple[tuple[str, float], ...] = ()  # (lang, threshold) where a language's differs

    def threshold_for(self, lang: str) -> float:
        return dict(self.by_language).get(lang, self.threshold)

    def scores(self, features: np.ndarray) -> np.ndarray:
        return self.choose.logits(with_hand(features))

    def confidence(self, features: np.ndarray, scores: np.ndarray, question: tuple[float, ...]) -> float | None:
        if not len(scores):
            return 0.0
        row = answer_row(features, scores, question)
        return 1.0 / (1.0 + math.exp(-float(self.answer.logits(row[None, :])[0])))

    def to_dict(self, about: dict | None = None) -> dict:
        return {"features": list(FEATURES), "choose": self.choose.to_dict(), "answer": self.answer.to_dict(),
                "threshold": round(self.threshold, 4),
                "threshold_by_language": {lang: round(t, 4) for lang, t in self.by_language}, "about": about or {}}

    @classmethod
    def load(cls, path: Path) -> LearnedScorer:
        d = json.loads(path.read_text(encoding="utf-8"))
        if tuple(d.get("features", ())) != FEATURES or tuple(d["choose"]["columns"]) != CHOOSE_FEATURES:
            raise ValueError(f"{path} was fitted on other features: run `kb fit` again")
        by_language = tuple((lang, float(t)) for lang, t in d.get("threshold_by_language", {}).items())
        return cls(Linear.from_dict(d["choose"]), Linear.from_dict(d["answer"]), float(d["threshold"]),
                   tuple(d.get("about", {}).get("editions", ())), by_language=by_language)


def make_scorer(kind: str, path: Path) -> Scorer:
    """"hand", "learned" (the fitted file must load), or "auto": learned when the file is there and fits."""
    if kind == "hand":
        return HandScorer()
    if kind == "learned" or path.is_file():
        try:
            return LearnedScorer.load(path)
        except (OSError, ValueError, KeyError) as exc:
            if kind == "learned":
                raise
            log.warning("answering with the hand weights: %s", exc)
    return HandScorer()
