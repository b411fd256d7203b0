"""English: detected, and answered "not covered" in English; read as Chinese until an English edition exists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kb.langs import zh
from kb.langs.base import Pack, Reading, Scripts

EN = "en"
# Words that only English questions use; anything else Latin-typed is taken as Mongolian.
WORDS = frozenset({
    "what", "how", "many", "much", "which", "when", "where", "why", "who", "the", "is", "are",
    "was", "were", "did", "does", "of", "in", "port", "freight", "trains", "trade", "volume",
})


@dataclass
class English(Pack):
    name: str = "en"
    codes: tuple[str, ...] = (EN,)
    edition: str = "en"
    messages: dict[str, str] = field(default_factory=lambda: {EN: "The report does not cover this."})

    def detect(self, text: str, scripts: Scripts) -> str | None:
        if not scripts.latin:
            return None
        return EN if len(set(re.findall(r"[a-z]+", text.lower())) & WORDS) >= 2 else None

    def values(self, text: str) -> list[Decimal]:
        # Digits as digits until the English pack reads "million" and "billion" (issue 18).
        return zh.PACK.values(text)

    def reading(self, indexed: frozenset[str]) -> Reading:
        # Until the English edition is indexed, English questions search the Chinese text under its
        # rules (which English words never meet): what Bridgehead has always done.
        return Reading("en") if "en" in indexed else zh.PACK.reading(indexed)


PACK = English()
