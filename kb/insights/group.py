"""Group rewordings of one question: normalise, then compare by embedding and by the words they share.

Measured on the 512 eval questions (every pair in one language, both scripts): e5-small gives
0.95-0.99 to different questions on one topic ("出境多少列" / "入境多少列" 0.98), so the cosine
alone merges what visitors asked apart. Two wordings are one question when their cosine is at
least MIN_COSINE, they share at least MIN_OVERLAP of their content words (Jaccard), they name the
same numbers and the same places. On those 512 questions this makes 486 groups; read by hand, all
26 merges are one question (in 3, one wording asks one thing more: "…多少？按年增長多少？"). With
overlap 0.6: 31 merges, 2 of them different questions (how many firms / their capital)."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np

from kb.privacy import EMAIL, ID, PHONE

MIN_COSINE = 0.95
MIN_OVERLAP = 0.65
_HAN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"\d+(?:\.\d+)?|[^\W\d_\u3400-\u9fff]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# kb/privacy.py's placeholders: what was typed, not what was asked.
_MASKED = re.compile("|".join(re.escape(p) for p in (EMAIL, ID, PHONE)))
STEM = 5  # Mongolian words compared by their first letters: "боомтоор", "боомтын" are one word
# Question framing, not content: two wordings differing only here ask the same thing.
_STOP = frozenset({
    "的", "是", "有", "了", "吗", "呢", "吧", "啊", "呀", "多少", "几", "什么", "哪些", "哪个", "哪", "请问", "一下",
    "怎么", "如何", "么", "我", "想", "知道", "хэдэн", "хэд", "вэ", "бэ", "юу", "ямар", "уу", "үү", "юм", "вэй",
    "ve", "be", "yu", "yum", "uu",
})


class QuestionReader(Protocol):
    folds_scripts: bool | None

    def embed(self, text: str) -> Sequence[float]: ...
    def fold(self, text: str) -> str: ...
    def places(self, text: str) -> frozenset[str]: ...


@dataclass(frozen=True)
class Reader:
    """What grouping needs from the loaded chain: vectors, one script per language, the places named."""

    embed: Callable[[str], Sequence[float]]
    fold: Callable[[str], str] = lambda text: text
    places: Callable[[str], frozenset[str]] = lambda text: frozenset()
    folds_scripts: bool = False  # whether fold() turns Latin-typed Mongolian into Cyrillic


def reader_from_chain(bot) -> Reader:
    """The chain's own reading: its script conversion (Traditional, Latin letters) and its glossary's places."""

    def fold(text: str) -> str:
        try:
            return bot.normalise(text)[1]
        except ValueError:  # QuestionError: a question the chain would not take; compare it as typed
            return text

    def places(text: str) -> frozenset[str]:
        return bot.glossary.places_anywhere(text)

    return Reader(bot.embeddings.embed_query, fold, places, folds_scripts=True)


def reader_from_embeddings(embeddings) -> Reader:
    """Without the chain (no index yet): vectors and Traditional → Simplified only."""
    return Reader(embeddings.embed_query)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # A tokenizer of our own: the chain adds the glossary's names to jieba's shared one when it first
    # tokenises the report, so with that one a grouping would depend on what the process did before.
    from kb.langs.zh import dictionary

    return jieba.Tokenizer(str(dictionary()))


def normalise(text: str, fold: Callable[[str], str] = lambda t: t) -> str:
    """One spelling for one wording: NFKC, one script per language, Simplified, lower case, no punctuation."""
    text = fold(_MASKED.sub(" ", unicodedata.normalize("NFKC", text)))
    text = _t2s().convert(text).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def tokens(normalised: str) -> frozenset[str]:
    """Content words: jieba's words of Chinese, the first STEM letters of other words, numbers."""
    out: set[str] = set()
    for run in _HAN.findall(normalised):
        out.update(_jieba().lcut(run))
    out.update(w if w[0].isdigit() else w[:STEM] for w in _WORD.findall(normalised))
    return frozenset(w for w in out if w.strip() and w not in _STOP)


def family(lang: str) -> str:
    """zh-Hans and zh-Hant are one language to group in, mn-Cyrl and mn-Latn another."""
    return (lang or "unknown").split("-")[0]


@dataclass
class Group:
    """Wordings of one question: the representative is the wording asked most."""

    key: str
    records: list[dict] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def wordings(self) -> Counter:
        return Counter(r["question"].strip() for r in self.records)

    @property
    def representative(self) -> str:
        # The wording asked most, one without a masked value if there is one; a tie goes to the first asked.
        ranked = sorted(self.wordings.items(), key=lambda kv: (_MASKED.search(kv[0]) is not None, -kv[1]))
        return ranked[0][0]

    @property
    def langs(self) -> Counter:
        return Counter(r["lang"] for r in self.records)


@dataclass
class _Form:
    text: str
    family: str
    records: list[dict]
    words: frozenset[str]
    numbers: tuple[str, ...]
    places: frozenset[str]
    vector: np.ndarray | None = None


class Grouper:
    """Groups questions; vectors are kept per normalised wording, so a page shown again embeds only what is new."""

    def __init__(self, reader: QuestionReader, min_cosine: float = MIN_COSINE, min_overlap: float = MIN_OVERLAP,
                 cache_size: int = 50_000) -> None:
        self.reader, self.min_cosine, self.min_overlap = reader, min_cosine, min_overlap
        self._vectors: dict[str, np.ndarray] = {}
        self._forms: dict[str, tuple[str, frozenset[str], tuple[str, ...], frozenset[str]]] = {}
        self._cache_size = cache_size

    def settings(self) -> dict:
        return {"min_cosine": self.min_cosine, "min_overlap": self.min_overlap,
                "scripts_folded": self.reader.folds_scripts}

    def _vector(self, text: str) -> np.ndarray:
        vec = self._vectors.get(text)
        if vec is None:
            vec = np.asarray(self.reader.embed(text), dtype=np.float32)
            vec /= np.linalg.norm(vec) or 1.0
            if len(self._vectors) >= self._cache_size:
                self._vectors.clear()
            self._vectors[text] = vec
        return vec

    def _read(self, question: str) -> tuple[str, frozenset[str], tuple[str, ...], frozenset[str]]:
        """(normalised text, content words, numbers, places) of a question, kept: a booth repeats its questions."""
        read = self._forms.get(question)
        if read is None:
            text = normalise(question, self.reader.fold) or question.strip()
            read = (text, tokens(text), tuple(sorted(_NUMBER.findall(text))), self.reader.places(text))
            if len(self._forms) >= self._cache_size:
                self._forms.clear()
            self._forms[question] = read
        return read

    def group(self, records: Iterable[dict]) -> list[Group]:
        """Groups of the records' questions, most asked first (ties: first asked first)."""
        forms: dict[tuple[str, str], _Form] = {}
        for r in records:
            fam = family(r["lang"])
            text, words, numbers, places = self._read(r["question"])
            form = forms.get((fam, text))
            if form is None:
                form = forms[(fam, text)] = _Form(text, fam, [], words, numbers, places)
            form.records.append(r)
        leaders: list[tuple[_Form, Group]] = []
        for form in sorted(forms.values(), key=lambda f: -len(f.records)):  # stable: first asked wins a tie
            best, best_cos = None, -1.0
            for leader, grp in leaders:
                if self._same(form, leader):
                    cos = float(self._vector(form.text) @ self._vector(leader.text))
                    if cos >= self.min_cosine and cos > best_cos:
                        best, best_cos = grp, cos
            if best is None:
                best = Group(form.text)
                leaders.append((form, best))
            best.records.extend(form.records)
        return sorted((g for _, g in leaders), key=lambda g: -g.count)

    def _same(self, a: _Form, b: _Form) -> bool:
        if a.family != b.family or a.numbers != b.numbers or a.places != b.places:
            return False
        union = a.words | b.words
        return bool(union) and len(a.words & b.words) / len(union) >= self.min_overlap
