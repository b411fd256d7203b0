"""Glossary: names and terms of the report in Chinese, Mongolian Cyrillic and Latin spellings."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.translit import fold

PLACE_TYPES = {"place", "port"}
# Vocabulary (同比, 口岸) rather than a thing of its own: naming one does not make a question stand alone.
GENERIC_TYPES = {"term"}
# The league and the places in it: the report gives figures for each, and a figure for one
# is not a figure for another. Places abroad or elsewhere in China are context, not rivals.
LEAGUE_PLACES = {"xilingol", "erenhot", "zhuengadabuqi", "xilinhot", "east_ujimqin", "abag", "sonid_left", "duolun"}


@dataclass(frozen=True)
class Term:
    id: str
    type: str
    zh: str
    mn: str
    latin: str
    variants: tuple[str, ...]
    note: str

    @property
    def mongolian_forms(self) -> list[str]:
        """Every Cyrillic spelling, folded (ү→у, ө→о) the way phone typing would lose them."""
        forms = [self.mn] + [v for v in self.variants if re.search(r"[\u0400-\u04ff]", v)]
        return [fold(f) for f in forms if len(f) >= 3]


def load_glossary(path: Path) -> list[Term]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Term(r["id"], r["type"], r["zh"], r["mn_cyrl"], r["latin"],
                 tuple(v for v in (r.get("variants") or "").split("|") if v), r.get("note") or "")
            for r in csv.DictReader(fh, delimiter="\t")
        ]


class Glossary:
    """Finds the report's names in a Mongolian question, to search the Chinese text for them too."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        # Longest first, so "Зүүн хатавч боомт" is found before "боомт" alone.
        self._forms = sorted(
            ((form, t) for t in terms for form in t.mongolian_forms), key=lambda ft: -len(ft[0])
        )
        self._ids = {t.id for t in terms}
        # 全区/全盟 ("the whole region/league") are how the report names its own setting: a question
        # saying only that ("在全区排第几？") still leans on the conversation.
        self._every_chinese_form = {
            form for t in terms if t.type not in GENERIC_TYPES for form in (t.zh, *t.variants)
            if len(form) >= 2 and re.search(r"[\u4e00-\u9fff]", form)
        } - {"全区", "全盟", "自治区", "全國", "全国"}
        self._chinese_forms = sorted(
            ((form, t) for t in terms if t.type in PLACE_TYPES for form in (t.zh, *t.variants)
             if re.search(r"[\u4e00-\u9fff]", form)),
            key=lambda ft: -len(ft[0]),
        )
        # Longest form first, each with the town it stands for: the order place_spans claims text in.
        self._place_forms = [(form, self._town(t.id)) for form, t in
                             [*self._chinese_forms, *((f, t) for f, t in self._forms if t.type in PLACE_TYPES)]]
        # The chain asks about the same sentences many times per question (score, refuse, cite).
        self.place_spans = lru_cache(maxsize=16384)(self._place_spans)  # type: ignore[method-assign]

    def find(self, mongolian: str) -> list[Term]:
        """Terms whose Mongolian spelling (any variant, any case ending) the text contains."""
        text = fold(mongolian)
        found: list[Term] = []
        for form, term in self._forms:
            if form in text:
                if term not in found:
                    found.append(term)
                text = text.replace(form, " ")
        return found

    def names_anything(self, text: str) -> bool:
        """Whether the text names something the report is about (not a generic term such as 同比), in any script."""
        return any(form in text for form in self._every_chinese_form) or any(
            t.type not in GENERIC_TYPES for t in self.find(text)
        )

    def chinese_for(self, mongolian: str) -> list[str]:
        return [t.zh for t in self.find(mongolian)]

    def canonical_for(self, mongolian: str) -> list[str]:
        """The standard spelling of each term written another way ("Эрлянь" → "Эрээн хот")."""
        text = fold(mongolian)
        return [t.mn for t in self.find(mongolian) if fold(t.mn) not in text]

    def places(self, text: str) -> frozenset[str]:
        """The league's places a text names, in Chinese or Mongolian; a port counts as its town.

        "二连浩特公路口岸" and "Эрээн хот" both give "erenhot": answer picking asks
        whether a sentence is about the place the question is about, or several.
        """
        return frozenset(town for _, _, town in self.place_spans(text))

    def places_anywhere(self, text: str) -> frozenset[str]:
        """Every place and port the text names, at home or abroad."""
        return frozenset(town for _, _, town in self.place_spans(text, league_only=False))

    def place_spans(self, text: str, league_only: bool = True) -> tuple[tuple[int, int, str], ...]:
        """Where the text names a place (by default one of the league's): (start, end, town), in text order."""
        return self._place_spans(text, league_only)  # replaced by a cached copy per instance

    def _place_spans(self, text: str, league_only: bool = True) -> tuple[tuple[int, int, str], ...]:
        # Folding keeps every character's position, so spans found in it hold for `text`.
        folded = fold(text)
        spans = []
        for form, town in self._place_forms:
            start = folded.find(form)
            while start >= 0:
                if town in LEAGUE_PLACES or not league_only:
                    spans.append((start, start + len(form), town))
                # Claimed: a shorter name inside a longer one ("二连" in "二连浩特") is not found again.
                folded = folded[:start] + "\0" * len(form) + folded[start + len(form) :]
                start = folded.find(form, start + len(form))
        return tuple(sorted(spans))

    def _town(self, term_id: str) -> str:
        head = term_id.split("_")[0]
        return head if head in self._ids else term_id

    def cyrillic_vocabulary(self) -> list[str]:
        return [t.mn for t in self.terms] + [v for t in self.terms for v in t.variants]
