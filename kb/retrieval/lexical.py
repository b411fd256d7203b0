"""Lexical overlap: IDF-weighted Chinese words (jieba), numbers and words of other scripts."""

from __future__ import annotations

import csv
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from kb.settings import PROJECT_ROOT

UNIGRAM_WEIGHT = 0.3
_TOKEN = re.compile(r"[\u3400-\u9fff]+|\d+(?:\.\d+)?|[A-Za-z\u0400-\u04ff]+")
# Question words and particles: they say what kind of answer is wanted, not what about.
_STOP = set("的是了吗呢有几哪什么在和与及为多少请问呀啊吧个这那其中对该已")
_STOP_WORDS = {
    "多少", "什么", "哪些", "哪个", "哪里", "怎么", "怎样", "如何", "是否", "为什么", "请问", "有没有", "是不是",
    "一下", "主要",
}
# Content words are nouns, verbs, adjectives, idioms, names and Latin words (jieba's tags).
_CONTENT_TAGS = set("nvaijle")
_FUNCTION = re.compile(r"[几哪么何谁吗呢]|多少|一共|是否|有没有|这|那|一[个年天次条列家]|第")
_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")
GLOSSARY = PROJECT_ROOT / "corpus" / "glossary.tsv"


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # Names of ports, places and programmes must stay whole words.
    if GLOSSARY.is_file():
        with GLOSSARY.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                for word in re.findall(r"[\u3400-\u9fff]{2,}", row.get("zh") or ""):
                    jieba.add_word(word, freq=2000)
    return jieba


def tokens(text: str) -> set[str]:
    """Chinese words and their parts (jieba search mode), single characters, numbers, words."""
    out: set[str] = set()
    jieba = _jieba()
    for m in _TOKEN.finditer(text):
        run = m.group()
        if "\u3400" <= run[0] <= "\u9fff":
            out.update(w for w in jieba.cut_for_search(run) if len(w) > 1 and w not in _STOP_WORDS)
            out.update(c for c in run if c not in _STOP)
        else:
            out.add(run.lower())
    return out


class LexicalScorer:
    """How much of a question's rare vocabulary a text contains, from 0 to 1."""

    def __init__(self, corpus: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        texts = []
        for text in corpus:
            df.update(tokens(text))
            texts.append(text)
            n += 1
        self.text = "\n".join(texts)
        self.n = max(n, 1)
        self.idf = {t: math.log(1 + self.n / c) for t, c in df.items()}
        self._cache: dict[str, set[str]] = {}

    def query_weights(self, question: str) -> dict[str, float]:
        # Tokens the corpus never uses cannot match anything; leave them out of the total.
        return {
            t: self.idf[t] * (UNIGRAM_WEIGHT if len(t) == 1 and not t.isdigit() else 1.0)
            for t in tokens(question) if t in self.idf
        }

    def unknown(self, question: str) -> tuple[float, list[str]]:
        """Share of the question's content words the corpus never uses, and those words.

        A question about hotels, visas or GDP names things the report never
        mentions; a paraphrase of something it covers mostly does not. Years
        the report never mentions ("2019年") are counted as unknown words too.
        """
        jieba = _jieba()
        import jieba.posseg as pseg  # noqa: F401  (jieba's tagger, loaded with its dictionary)

        words = [
            w for w, flag in jieba.posseg.cut(question)
            if len(w) > 1 and not _FUNCTION.search(w) and flag[:1] in _CONTENT_TAGS
        ]
        unknown = [w for w in words if w not in self.text]
        unknown += [y for y in _YEAR.findall(question) if y not in self.text]
        return (len(unknown) / len(words) if words else 0.0), unknown

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
            w = self.idf.get(t, 0.0) * (UNIGRAM_WEIGHT if len(t) == 1 and not t.isdigit() else 1.0)
            total += w
            if t in question_tokens:
                got += w
        return got / total if total else 0.0

    def score(self, weights: dict[str, float], text: str) -> float:
        total = sum(weights.values())
        if not total:
            return 0.0
        have = self._tokens(text)
        return sum(w for t, w in weights.items() if t in have) / total


def read_glossary(path: Path = GLOSSARY) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))
