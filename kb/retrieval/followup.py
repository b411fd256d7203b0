"""Follow-ups: turn a question that leans on the conversation into one that stands alone."""

from __future__ import annotations

import re

from kb import langs
from kb.glossary import Glossary
from kb.langs.base import SHORT_FOLLOW_UP


def is_follow_up(query: str, glossary: Glossary) -> bool:
    """Whether a question needs the conversation to be understood: it opens or closes like a follow-up,
    points back with a pronoun, or names nothing the report is about."""
    if langs.cue("follow_up", query):
        return True
    # "增长了多少？", "Өсөлт хэд вэ?": no name of anything the report is about. A subject of seven characters or
    # more is a topic of its own: "新设外商投资企业多少家？" after the trade total was searched with the total's
    # words and drafted from the total's sentence.
    return not glossary.names_anything(query) and len(query) <= 12 and len(subject(query)) <= 6


def subject(query: str) -> str:
    """A question without its asking words: "二连浩特口岸货运量是多少？" → "二连浩特口岸货运量"."""
    return langs.subject(query)


def _asks_same(asked: str) -> bool:
    """"X呢？", "Тэгвэл X?": the previous question again, of X."""
    return bool(SHORT_FOLLOW_UP.search(asked)) or langs.cue("short_follow_up", asked)


def rewrite(query: str, previous: str, glossary: Glossary) -> str:
    """The follow-up `query` as a question of its own, given the previous (standalone) question.

    Naming a new place ("那珠恩嘎达布其呢？") asks the previous question of that place;
    otherwise the follow-up asks something new of the previous question's subject
    ("增长了多少？" after "二连浩特口岸货运量是多少？" → "二连浩特口岸货运量 增长了多少？").
    """
    if not is_follow_up(query, glossary):
        return query
    # The report's own setting asked something new of is no new subject: "在全区排第几？" asks the previous
    # subject's rank in the region ("那全区呢？" still asks the previous question of the region).
    def named(spans: tuple[tuple[int, int, str], ...]) -> list[tuple[int, int, str]]:
        own = [s for s in spans if query[s[0]:s[1]] in langs.self_references()]
        again = not re.sub(r"\W+", "", subject(langs.strip_cue("lead", _strip_places(query, own)).strip()))
        return [s for s in spans if again or s not in own]
    new_places = named(glossary.place_spans(query))
    old_places = glossary.place_spans(previous)
    if not (new_places and old_places):
        # Places beyond the league, when the previous question names one alone ("北京的推介会…？" → "上海那场呢？").
        anywhere = glossary.place_spans(previous, league_only=False)
        if len(anywhere) == 1 and (named_anywhere := named(glossary.place_spans(query, league_only=False))):
            new_places, old_places = list(named_anywhere), list(anywhere)
    if new_places and old_places:
        names = " ".join(query[a:b] for a, b, _ in new_places)
        # The previous question with its places swapped for the new ones, keeping the rest.
        a, b = old_places[0][0], old_places[-1][1]
        swapped = previous[:a] + names + previous[b:]
        rest = subject(_strip_places(query, new_places))
        return f"{swapped} {rest}".strip() if rest else swapped
    asked = langs.strip_cue("lead", query).strip()
    swapped = _swap_opposite(previous, asked)
    if swapped and _asks_same(asked):
        return swapped  # "入境呢？" after "…出境的中欧班列有多少列？": the same question of the other
    kept = subject(previous)
    for a, b in langs.opposites():
        for old, new in ((a, b), (b, a)):
            if new in asked.lower() and old in kept.lower():
                kept = re.sub(old, "", kept, flags=re.I)
    return f"{kept} {asked}".strip()


def _swap_opposite(previous: str, asked: str) -> str | None:
    for a, b in langs.opposites():
        for old, new in ((a, b), (b, a)):
            if new in asked.lower() and old in previous.lower() and new not in previous.lower():
                return re.sub(old, new, previous, flags=re.I)
    return None


def _strip_places(text: str, spans: list[tuple[int, int, str]]) -> str:
    for a, b, _ in reversed(spans):
        text = text[:a] + text[b:]
    return text
