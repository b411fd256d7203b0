"""Lexical overlap: IDF-weighted tokens (each language pack cuts its own script), numbers and words."""

from __future__ import annotations

import math
import os
import pickle
from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from kb import langs
from kb.langs.base import ACRONYM

UNIGRAM_WEIGHT = 0.3


def _weight(token: str) -> float:
    if len(token) == 1 and not token.isdigit():
        return UNIGRAM_WEIGHT
    return 1.0


def tokens(text: str) -> set[str]:
    return langs.tokens(text)


CACHE_VERSION = 1  # bump when tokens() changes: a saved scorer from the old tokens would mis-score


class LexicalScorer:
    """How much of a question's rare vocabulary a text contains, from 0 to 1.

    `names` (whole names of places and organisations) and `acronyms` (abbreviations) are what the
    glossary knows besides the passages: the unknown-word tests do not count them as unknown.
    """

    def __init__(self, corpus: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        texts = []
        for text in corpus:
            df.update(tokens(text))
            texts.append(text)
            n += 1
        self._setup("\n".join(texts), max(n, 1), {t: math.log(1 + max(n, 1) / c) for t, c in df.items()})

    def _setup(self, text: str, n: int, idf: dict[str, float]) -> None:
        self.text, self.n, self.idf = text, n, idf
        self.names: frozenset[str] = frozenset()
        self.acronyms: frozenset[str] = frozenset()
        self._stop = langs.stop_words()
        self._cache: dict[str, set[str]] = {}

    def save(self, path: Path) -> None:
        """Write what the scorer learnt from its corpus, atomically: tokenising 100 000 passages takes 90 s."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("wb") as fh:
            state = {"version": CACHE_VERSION, "tokens": langs.tokens_recipe(), "text": self.text, "n": self.n,
                     "idf": self.idf}
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> LexicalScorer | None:
        """A scorer saved by `save`; None when the file is missing, unreadable or from another version."""
        try:
            with path.open("rb") as fh:
                state = pickle.load(fh)  # our own file, written by save() under the data dir
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return None
        if (not isinstance(state, dict) or state.get("version") != CACHE_VERSION
                or state.get("tokens") != langs.tokens_recipe()):
            return None
        scorer = cls.__new__(cls)
        scorer._setup(state["text"], state["n"], state["idf"])
        return scorer

    def query_weights(self, question: str) -> dict[str, float]:
        # Tokens the corpus never uses cannot match anything; leave them out of the total.
        return {t: self.idf[t] * _weight(t) for t in tokens(question) if t in self.idf and t not in self._stop}

    def unknown_acronyms(self, question: str) -> list[str]:
        """Abbreviations in the question (GDP, ДНБ) that neither the report nor the glossary uses.

        An abbreviation names one precise thing, a measure or an organisation: when the report never
        writes it, it does not report on it.
        """
        return [a for a in ACRONYM.findall(question) if a not in self.text and a not in self.acronyms]

    @cached_property
    def lower_text(self) -> str:
        # Once, not per question: at 100 000 passages lower-casing the corpus dominated a Mongolian answer (kb bench).
        return self.text.lower()

    def _tokens(self, text: str) -> set[str]:
        got = self._cache.get(text)
        if got is None:
            if len(self._cache) > 50_000:
                self._cache.clear()
            got = self._cache[text] = tokens(text)
        return got

    def precision(self, question_tokens: set[str], text: str) -> float:
        """How much of a text's rare vocabulary the question asks about, from 0 to 1.

        Recall alone favours long sentences that list everything; this favours
        the sentence that is about what was asked and little else.
        """
        total = got = 0.0
        for t in self._tokens(text):
            w = self.idf.get(t, 0.0) * _weight(t)
            total += w
            if t in question_tokens:
                got += w
        return got / total if total else 0.0

    def missing(self, weights: dict[str, float], *texts: str) -> float:
        """The rarest word of the question that none of the texts hold, as a share of the rarest word it has:
        1.0 when "cashmere" is asked and the sentence speaks of goods in general."""
        if not weights:
            return 0.0
        have = set().union(*(self._tokens(t) for t in texts if t))
        return max((w for t, w in weights.items() if t not in have), default=0.0) / max(weights.values())

    def score(self, weights: dict[str, float], text: str) -> float:
        total = sum(weights.values())
        if not total:
            return 0.0
        have = self._tokens(text)
        return sum(w for t, w in weights.items() if t in have) / total
