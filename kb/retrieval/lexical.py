"""Lexical overlap: IDF-weighted Chinese words (jieba), numbers and words of other scripts."""

from __future__ import annotations

import csv
import logging
import math
import os
import pickle
import re
from collections import Counter
from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path

from kb.settings import PROJECT_ROOT

UNIGRAM_WEIGHT = 0.3
STEM = 5
_TOKEN = re.compile(r"[\u3400-\u9fff]+|\d+(?:\.\d+)?|[A-Za-z\u0400-\u04ff]+")
# Question words and particles: they say what kind of answer is wanted, not what about.
_STOP = set("的是了吗呢有几哪什么在和与及为多少请问呀啊吧个这那其中对该已")
_STOP_WORDS = {
    "多少", "什么", "哪些", "哪个", "哪里", "怎么", "怎样", "如何", "是否", "为什么", "请问", "有没有", "是不是",
    "一下", "主要",
}
# Content words are nouns, verbs, adjectives, idioms, names and Latin words (jieba's tags).
_CONTENT_TAGS = set("nvaijle")
_NAME_TAGS = {"ns", "nr", "nt", "nz"}
_FUNCTION = re.compile(r"[几哪么何谁吗呢]|多少|一共|是否|有没有|这|那|一[个年天次条列家]|第")
# How a question is framed, not what it is about: "是不是…", "目的是什么", "还有…吗".
_FRAME = {"是不是", "目的", "还有", "没有", "一直", "以前", "达到", "获得", "出去", "进来", "主要", "情况"}
def _is_name(flag: str) -> bool:
    return flag in _NAME_TAGS or flag.startswith("nr")  # nrt: a transliterated name (乌兰巴托)


_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")
# Mongolian question words and particles.
_MN_STOP = {
    "хэд", "хэдэн", "хэдий", "хэдэнд", "вэ", "бэ", "уу", "үү", "юу", "юун", "ямар", "хэзээ", "хаана", "аль", "нь",
    "болон", "энэ", "тэр", "байна", "байсан", "байгаа", "байдаг", "гэж", "мөн", "юм", "хэрхэн", "яагаад", "хамгийн",
    "одоо", "одоогоор", "оны", "онд", "сард", "сарын", "жил", "тухай", "талаар", "дээр", "хүртэл", "хүртэлх",
    "тайлан", "тайланд", "вэй", "бол", "хэн", "хэний", "хэдээр", "ойролцоогоор", "нийт", "дотор",
    "дүгээр", "дугаар", "эхний", "сараас", "онос",
}
GLOSSARY = PROJECT_ROOT / "corpus" / "glossary.tsv"


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # Names of ports, places and programmes must stay whole words.
    for word in _glossary_words():
        jieba.add_word(word, freq=2000)
    return jieba


@lru_cache(maxsize=1)
def _glossary_words() -> frozenset[str]:
    return frozenset(w for row in read_glossary() for w in re.findall(r"[\u3400-\u9fff]{2,}", row.get("zh") or ""))


_ACRONYM = re.compile(r"(?<![A-Za-zА-Яа-яЁёӨөҮү])[A-ZА-ЯЁӨҮ]{2,6}(?![A-Za-zА-Яа-яЁёӨөҮү])")


@lru_cache(maxsize=1)
def _glossary_acronyms() -> frozenset[str]:
    """Abbreviations the glossary knows (ӨМӨЗО, IMAR): another way to name something the report names."""
    return frozenset(a for row in read_glossary() for a in _ACRONYM.findall(row.get("variants") or ""))


def unknown_acronyms(question: str, text: str) -> list[str]:
    """Abbreviations in the question (GDP, ДНБ) that neither the report nor the glossary uses.

    An abbreviation names one precise thing, a measure or an organisation: when the report never
    writes it, it does not report on it.
    """
    return [a for a in _ACRONYM.findall(question) if a not in text and a not in _glossary_acronyms()]


@lru_cache(maxsize=1)
def _glossary_names() -> frozenset[str]:
    """Chinese names of places, ports, organisations, projects and programmes (not plain terms).

    Whole names only: "国道207线…公路" must not make 公路 a name, or a question's plain
    words would be taken for names and the unknown-word share would be measured on too few.
    """
    return frozenset(
        name for row in read_glossary() if row.get("type") not in {"term", "product"}
        for name in [row.get("zh") or "", *(row.get("variants") or "").split("|")]
        if re.fullmatch(r"[\u3400-\u9fff]{2,}", name)
    )


def _weight(token: str) -> float:
    if len(token) == 1 and not token.isdigit():
        return UNIGRAM_WEIGHT
    return 1.0


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
            word = run.lower()
            out.add(word)
            # Mongolian adds case endings to a stem ("боомт", "боомтоор", "боомтын"): match stems too.
            if len(word) > STEM and not word.isdigit():
                out.add(word[:STEM] + "~")
    return out


CACHE_VERSION = 1  # bump when tokens() changes: a saved scorer from the old tokens would mis-score


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
        self._setup("\n".join(texts), max(n, 1), {t: math.log(1 + max(n, 1) / c) for t, c in df.items()})

    def _setup(self, text: str, n: int, idf: dict[str, float]) -> None:
        self.text, self.n, self.idf = text, n, idf
        self._cache: dict[str, set[str]] = {}

    def save(self, path: Path) -> None:
        """Write what the scorer learnt from its corpus, atomically: tokenising 100 000 passages takes 90 s."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("wb") as fh:
            pickle.dump({"version": CACHE_VERSION, "text": self.text, "n": self.n, "idf": self.idf}, fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> LexicalScorer | None:
        """A scorer saved by `save`; None when the file is missing, unreadable or from another version."""
        try:
            with path.open("rb") as fh:
                state = pickle.load(fh)  # our own file, written by save() under the data dir
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return None
        if not isinstance(state, dict) or state.get("version") != CACHE_VERSION:
            return None
        scorer = cls.__new__(cls)
        scorer._setup(state["text"], state["n"], state["idf"])
        return scorer

    def query_weights(self, question: str) -> dict[str, float]:
        # Tokens the corpus never uses cannot match anything; leave them out of the total.
        return {t: self.idf[t] * _weight(t) for t in tokens(question) if t in self.idf and t not in _MN_STOP}

    def unknown(self, question: str) -> tuple[float, list[str], bool]:
        """Share of the question's content words the corpus never uses, those words, and
        whether one of them is a place name or a year the corpus never mentions.

        A question about hotels, visas or Manzhouli names things the report never
        mentions; a paraphrase of something it covers mostly does not.
        """
        import jieba.posseg as pseg

        _jieba()
        tagged = [(w, flag) for w, flag in pseg.cut(question) if len(w) > 1 and not _FUNCTION.search(w)]
        # Names the report knows (二连浩特, 中欧班列) say where, not what is asked: leave them out.
        words = [
            (w, flag) for w, flag in tagged
            if flag[:1] in _CONTENT_TAGS and not (w in self.text and (flag in _NAME_TAGS or w in _glossary_names()))
        ]
        unknown = [w for w, flag in words if w not in _FRAME and not self._known(w, compound=not _is_name(flag))]
        # A place name of three or more characters the report never mentions (满洲里, 乌兰巴托).
        strong = any(flag == "ns" and len(w) >= 3 and w not in self.text for w, flag in tagged)
        years = [y for y in _YEAR.findall(question) if y not in self.text] + unknown_acronyms(question, self.text)
        return (len(unknown) / len(words) if words else 0.0), unknown + years, strong or bool(years)

    def _known(self, word: str, compound: bool = True) -> bool:
        """In the report, or a compound of words that are (外资企业: 外资 and 企业 both occur).

        Not for names: 乌兰巴托 is not 乌兰 + 巴托.
        """
        if word in self.text:
            return True
        if not compound:
            return False
        import jieba

        parts = [p for p in jieba.cut_for_search(word) if len(p) > 1 and p != word]
        return len(parts) >= 2 and all(p in self.text for p in parts)

    @cached_property
    def lower_text(self) -> str:
        # Once, not per question: at 100 000 passages lower-casing the corpus dominated a Mongolian answer (kb bench).
        return self.text.lower()

    def unknown_mongolian(self, question: str) -> tuple[float, list[str], bool]:
        """The same test for a Cyrillic question, by word stems (Mongolian inflects by suffixes)."""
        text = self.lower_text
        words = [w for w in re.findall(r"[\u0400-\u04ff]{3,}", question.lower()) if w not in _MN_STOP]
        unknown = [w for w in words if (w[:STEM] if len(w) > STEM else w) not in text]
        years = [y for y in re.findall(r"(?:19|20)\d\d(?=\s*он)", question) if y not in text]
        years += unknown_acronyms(question, self.text)
        return (len(unknown) / len(words) if words else 0.0), unknown + years, bool(years)

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
