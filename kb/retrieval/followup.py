"""Follow-ups: turn a question that leans on the conversation into one that stands alone."""

from __future__ import annotations

import re

from kb.glossary import Glossary

# A question leans on what came before when it opens or closes like a follow-up, points back
# with a pronoun, or names nothing the report is about.
_ZH_FOLLOW = re.compile(r"^(?:那么?|那个|还有|另外|再问|而|同期)|呢[？?。]?$|[它其该此]|这个|上述|同比呢")
_MN_FOLLOW = re.compile(
    r"^(?:тэгвэл|тэгэхээр|харин|тэгээд|бас|мөн)\b|\b(?:тэр|түүний|тэрний|энэ|үүний|тус|тэдгээр)\b", re.I
)
# The words of a Chinese question that ask rather than say what about.
_ZH_ASKING = re.compile(
    r"(?:是|有|为|达到?|完成了?|共|一共|总共)?(?:多少[个列家项吨元人次]?|几[个列家项月年]?|什么|哪[些个里年天]?|怎么样?|如何|是否|吗|呢|[？?])"
)
_LEAD = re.compile(r"^(?:那么?|那个|还有|另外|再问一下|再问|而|请问|тэгвэл|тэгэхээр|харин|тэгээд)[\s,，]*", re.I)
# "X呢？", "Тэгвэл X?": the previous question again, of X.
_ASKS_SAME = re.compile(r"^[^？?]{1,8}(?:呢)?[？?]?$")
# Asking "入境呢？" after "出境多少列？" asks of the one instead of the other.
_OPPOSITES = [("出境", "入境"), ("出口", "进口"), ("公路", "铁路"), ("гарсан", "орсон"), ("экспорт", "импорт")]
_MN_ASKING = re.compile(
    r"\b(?:хэд|хэдэн|хэдий|хэдэнд|хэзээ|хаана|ямар|юу|аль|вэ|бэ|уу|үү|юм)\b|[?？]",
    re.I,
)


def is_follow_up(query: str, glossary: Glossary) -> bool:
    """Whether a question needs the conversation to be understood."""
    if _ZH_FOLLOW.search(query) or _MN_FOLLOW.search(query):
        return True
    # "增长了多少？", "Өсөлт хэд вэ?": no name of anything the report is about.
    return not glossary.names_anything(query) and len(query) <= 12


def subject(query: str) -> str:
    """A question without its asking words: "二连浩特口岸货运量是多少？" → "二连浩特口岸货运量"."""
    if re.search(r"[\u4e00-\u9fff]", query):
        return _LEAD.sub("", _ZH_ASKING.sub("", query)).strip(" ，,")
    return re.sub(r"\s+", " ", _MN_ASKING.sub(" ", query)).strip(" ,")


def rewrite(query: str, previous: str, glossary: Glossary) -> str:
    """The follow-up `query` as a question of its own, given the previous (standalone) question.

    Naming a new place ("那珠恩嘎达布其呢？") asks the previous question of that place;
    otherwise the follow-up asks something new of the previous question's subject
    ("增长了多少？" after "二连浩特口岸货运量是多少？" → "二连浩特口岸货运量 增长了多少？").
    """
    if not is_follow_up(query, glossary):
        return query
    new_places = glossary.place_spans(query)
    old_places = glossary.place_spans(previous)
    if new_places and old_places:
        named = " ".join(query[a:b] for a, b, _ in new_places)
        # The previous question with its places swapped for the new ones, keeping the rest.
        a, b = old_places[0][0], old_places[-1][1]
        swapped = previous[:a] + named + previous[b:]
        rest = subject(_strip_places(query, new_places))
        return f"{swapped} {rest}".strip() if rest else swapped
    asked = _LEAD.sub("", query).strip()
    swapped = _swap_opposite(previous, asked)
    if swapped and _ASKS_SAME.search(asked):
        return swapped  # "入境呢？" after "…出境的中欧班列有多少列？": the same question of the other
    kept = subject(previous)
    for a, b in _OPPOSITES:
        for old, new in ((a, b), (b, a)):
            if new in asked.lower() and old in kept.lower():
                kept = re.sub(old, "", kept, flags=re.I)
    return f"{kept} {asked}".strip()


def _swap_opposite(previous: str, asked: str) -> str | None:
    for a, b in _OPPOSITES:
        for old, new in ((a, b), (b, a)):
            if new in asked.lower() and old in previous.lower() and new not in previous.lower():
                return re.sub(old, new, previous, flags=re.I)
    return None


def _strip_places(text: str, spans: list[tuple[int, int, str]]) -> str:
    for a, b, _ in reversed(spans):
        text = text[:a] + text[b:]
    return text
