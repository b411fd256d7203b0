"""Language packs: every language Bridgehead reads, behind one protocol; a new language is one more pack.

Each pack (kb/langs/zh.py, mn.py, en.py) owns what its language knows: detection cues, normalisation
to the script the index reads, tokens and stop words, numbers, question kinds, units, refusal and
follow-up cues, and the "not covered" message. Code outside this package asks the registry below and
never branches on a language code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from kb.langs import en, mn, zh
from kb.langs.base import SENTENCE_END, Kind, Language, Reading, Scripts, UnitRule, Unknown, word_tokens

# In this order packs are asked to detect a text, and their cues are read together.
PACKS: tuple[Language, ...] = (zh.PACK, mn.PACK, en.PACK)
DEFAULT = zh.HANS  # a text with no letters at all
_BY_CODE = {code: p for p in PACKS for code in p.codes}
_BY_NAME = {p.name: p for p in PACKS}
_RUN = re.compile(r"[\u3400-\u9fff]+|\d+(?:\.\d+)?|[A-Za-z\u0400-\u04ff]+")


def pack(code: str) -> Language:
    """The pack of a question language ("mn-Latn") or of an edition ("mn")."""
    try:
        return _BY_CODE.get(code) or _BY_NAME[code]
    except KeyError:
        raise KeyError(f"no language pack for {code!r}") from None


def codes() -> list[str]:
    return list(_BY_CODE)


def detect(text: str) -> str:
    """The question's language and script (a BCP 47 code), by its letters and each pack's cues."""
    scripts = Scripts.of(text)
    for p in PACKS:
        if code := p.detect(text, scripts):
            return code
    return mn.PACK.detect_latin(text, scripts) or DEFAULT


def not_covered(code: str) -> str:
    return pack(code).not_covered(code)


def cue(name: str, text: str) -> bool:
    """Whether any language's cue `name` (kb/langs/base.py CUES) is in the text."""
    return any(p.cues[name].search(text) for p in PACKS if name in p.cues)


def cue_patterns(name: str) -> list[re.Pattern[str]]:
    return [p.cues[name] for p in PACKS if name in p.cues]


def month_ranges(text: str) -> set[tuple[int, int]]:
    """Every run of months the text names, in any language: {(1, 11)} for "1月至11月" or "January to November"."""
    return {r for p in PACKS if "month_range" in p.cues for m in p.cues["month_range"].finditer(text)
            if (r := p.month_range(m.group()))}


def ordinals(name: str, text: str) -> set[int]:
    """The numbers an ordinal cue (`quarter_no`, `meeting_no`) finds in the text, in any language."""
    return {n for p in PACKS if name in p.cues for m in p.cues[name].finditer(text) for g in m.groups()
            if g and (n := p.ordinal(g)) is not None}


def strip_cue(name: str, text: str) -> str:
    for pattern in cue_patterns(name):
        text = pattern.sub("", text)
    return text


def unify(text: str) -> str:
    """The text in the one script each language is compared in (Traditional Chinese as Simplified)."""
    for p in PACKS:
        text = p.unify(text)
    return text


def search_key(text: str) -> str:
    """The text as a search compares it: one script per language, keyboard-ambiguous letters folded."""
    text = unify(text)
    for p in PACKS:
        text = p.loosen(text)
    return text.lower().strip()


def figure_values(fact: str) -> list[Decimal]:
    """The values of a figure as its own language writes it ("1964.1万吨", "19.641 сая тонн")."""
    return pack(detect(fact)).values(fact)


def stands_alone(answer: str) -> bool:
    """Whether an answer reads as a sentence of its own: no opening that leans on the sentence before,
    no gap marked "……", and it ends as a sentence ends."""
    text = re.sub(r"\[\d+\]", "", answer).strip()
    return bool(text) and bool(SENTENCE_END.search(text)) and "……" not in text and not cue("dependent", text)


def values(text: str) -> set[Decimal]:
    """The values of every figure the text states, read as each language writes numbers."""
    return {v for p in PACKS for v in p.values(text)}


def tokens(text: str) -> set[str]:
    """The lexical tokens of a text: each run of one script as its pack cuts it (words, stems, characters)."""
    out: set[str] = set()
    for m in _RUN.finditer(text):
        run = m.group()
        for p in PACKS:
            got = p.run_tokens(run)
            if got is not None:
                out |= got
                break
        else:
            out |= word_tokens(run)
    return out


def stop_words() -> frozenset[str]:
    return frozenset().union(*(p.stop_words for p in PACKS))


def opposites() -> list[tuple[str, str]]:
    return [pair for p in PACKS for pair in p.opposites]


def sides() -> list[tuple[str, str, str]]:
    return [s for p in PACKS for s in p.sides]


def sides_asked(question: str) -> list[tuple[str, str, str]]:
    """(side asked, the other side, their total) for each total the question asks one side of alone ("入境"
    but not "出境"; the total's own name, "出入境", says nothing of which)."""
    out = []
    for a, b, both in sides():
        rest = question.replace(both, "")
        out += [(one, other, both) for one, other in ((a, b), (b, a)) if one in rest and other not in rest]
    return out


def sides_apart(question: str) -> list[tuple[str, str, str]]:
    """(one side, the other, their total) for each total whose two sides the question asks apart ("出口和进口分别
    多少", "imports vs exports"): the question names both outside the total's own name, and says so."""
    if not cue("separately", question):
        return []
    return [(a, b, both) for a, b, both in sides() if a in (rest := question.replace(both, "")) and b in rest]


def part_markers() -> list[str]:
    return [m for p in PACKS for m in p.part_markers]


def self_references() -> frozenset[str]:
    return frozenset().union(*(p.self_references for p in PACKS))


def subject(question: str) -> str:
    """The question without its asking words, as its language writes them."""
    for p in PACKS:
        if (got := p.subject(question)) is not None:
            return got
    return question


def register_names(names: list[str], proper: Iterable[str] = ()) -> None:
    """The glossary's names, so that every pack keeps them whole; `proper`: those of places, bodies and
    programmes (not plain terms), which a pack may know mistyped."""
    proper = tuple(proper)
    for p in PACKS:
        p.register_names(names, proper)


def tokens_recipe() -> str:
    """What every pack's tokens depend on besides the code: a cache of tokens keeps it beside them."""
    return "|".join(f"{p.name}:{p.tokens_recipe()}" for p in PACKS)


def reading(code: str, indexed: frozenset[str]) -> Reading:
    return pack(code).reading(indexed)


__all__ = [
    "DEFAULT", "PACKS", "Kind", "Language", "Reading", "UnitRule", "Unknown", "codes", "cue", "cue_patterns",
    "detect", "figure_values", "not_covered", "opposites", "ordinals", "pack", "part_markers", "reading",
    "register_names",
    "search_key", "self_references", "sides", "sides_apart", "sides_asked", "stands_alone", "stop_words", "strip_cue",
    "subject",
    "tokens", "tokens_recipe", "unify",
    "values",
]
