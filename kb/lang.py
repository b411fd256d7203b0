"""Language: tell the question's language and script, and convert Chinese scripts."""

from __future__ import annotations

import re
from functools import lru_cache

ZH_HANS, ZH_HANT, MN_CYRL, MN_LATN, EN = "zh-Hans", "zh-Hant", "mn-Cyrl", "mn-Latn", "en"

_HAN = re.compile(r"[\u3400-\u9fff]")
_CYRL = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# Words that only English questions use; anything else Latin-typed is taken as Mongolian.
_ENGLISH = {
    "what", "how", "many", "much", "which", "when", "where", "why", "who", "the", "is", "are",
    "was", "were", "did", "does", "of", "in", "port", "freight", "trains", "trade", "volume",
}

NOT_COVERED = {
    ZH_HANS: "报告没有涉及这个问题。",
    ZH_HANT: "報告沒有涉及這個問題。",
    MN_CYRL: "Тайланд энэ асуултын талаар мэдээлэл алга.",
    MN_LATN: "Тайланд энэ асуултын талаар мэдээлэл алга.",
    EN: "The report does not cover this.",
}


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


def detect(text: str) -> str:
    """zh-Hans, zh-Hant, mn-Cyrl, mn-Latn or en, by script and a few cues."""
    han, cyrl, latin = (len(p.findall(text)) for p in (_HAN, _CYRL, _LATIN))
    if han and han >= cyrl and han * 2 >= latin:
        # Traditional when converting to Simplified changes the text.
        return ZH_HANT if to_simplified(text) != text else ZH_HANS
    if cyrl:
        return MN_CYRL
    if latin:
        words = set(re.findall(r"[a-z]+", text.lower()))
        return EN if len(words & _ENGLISH) >= 2 else MN_LATN
    return ZH_HANS
