"""Glossary: names and terms of the report in Chinese, Mongolian Cyrillic and Latin spellings."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from kb.translit import fold


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

    def chinese_for(self, mongolian: str) -> list[str]:
        return [t.zh for t in self.find(mongolian)]

    def canonical_for(self, mongolian: str) -> list[str]:
        """The standard spelling of each term written another way ("Эрлянь" → "Эрээн хот")."""
        text = fold(mongolian)
        return [t.mn for t in self.find(mongolian) if fold(t.mn) not in text]

    def cyrillic_vocabulary(self) -> list[str]:
        return [t.mn for t in self.terms] + [v for t in self.terms for v in t.variants]
