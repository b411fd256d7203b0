"""The Language protocol: what a pack tells Bridgehead about one language, and the shapes it says it in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kb.langs.mn_translit import Transliterator
    from kb.retrieval.lexical import LexicalScorer

HAN = re.compile(r"[\u3400-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")
# Abbreviations in Latin or Cyrillic capitals (GDP, ДНБ): a question naming one the report never writes is refused.
ACRONYM = re.compile(r"(?<![A-Za-zА-Яа-яЁёӨөҮү])[A-ZА-ЯЁӨҮ]{2,6}(?![A-Za-zА-Яа-яЁёӨөҮү])")
# "X?" alone, a follow-up that asks the previous question again of X (a pack may add its own particle).
SHORT_FOLLOW_UP = re.compile(r"^[^？?]{1,8}[？?]?$")
# How a sentence ends, in any script the packs write.
SENTENCE_END = re.compile(r"[。！？.!?][”’\"'）)]*$")
STEM = 5  # alphabetic words match by their first letters too: Mongolian adds case endings to a stem


@dataclass(frozen=True)
class Scripts:
    """How many letters of each script a text has: what detection starts from."""

    han: int
    cyrillic: int
    latin: int

    @classmethod
    def of(cls, text: str) -> Scripts:
        return cls(len(HAN.findall(text)), len(CYRILLIC.findall(text)), len(LATIN.findall(text)))


@dataclass(frozen=True)
class Kind:
    """A kind of question, by name (tonnes, percent, date …): how it is asked, and the figure that answers it."""

    name: str
    asks: re.Pattern[str]
    answer: str  # the pattern of the figure that answers it, in this language's edition


@dataclass(frozen=True)
class UnitRule:
    """A question asking for a figure in a unit (多少吨), or for a kind of answer (a day, a price, a list of
    names), is answered only by a text giving it."""

    asks: re.Pattern[str]
    gives: re.Pattern[str]
    # A good: asked for by quantity ("多少吨牛肉"), its figure stands in the clause that names it.
    measured: bool = False

    @classmethod
    def naming(cls, pattern: re.Pattern[str]) -> UnitRule:
        """What the question names (coal, 人口) the answer names too."""
        return cls(pattern, pattern)

    @classmethod
    def goods(cls, pattern: re.Pattern[str], gives: re.Pattern[str] | None = None) -> UnitRule:
        """A good the question names: the answer names it, and measures it where a quantity is asked."""
        return cls(pattern, gives or pattern, measured=True)


@dataclass(frozen=True)
class Unknown:
    """The words-the-report-never-uses test: their share of the question's content words, which, and
    whether one alone decides (a place, a year or an abbreviation the report never names)."""

    share: float
    words: tuple[str, ...]
    strong: bool


@dataclass(frozen=True)
class Reading:
    """How questions of one language are read against the edition they search."""

    edition: str
    kinds: tuple[Kind, ...] = ()
    units: tuple[UnitRule, ...] = ()
    # Calibrated on the eval set (README): below this the top passage is not about the question.
    min_passage_score: float = 0.80
    unknown: Callable[[str, LexicalScorer], Unknown] | None = None
    max_unknown_share: float = 0.75

    def asked_kinds(self, question: str) -> list[Kind]:
        return [k for k in self.kinds if k.asks.search(question)]


# The names of the cues a pack may give (a pack leaves out those its language has no words for).
CUES = (
    "made_up",  # a request for something made up (a joke, a poem)
    "small_talk",  # a whole message that only greets, thanks or asks after the bot
    "whole_year",  # the question wants a whole year
    "part_year",  # a period from January to a month before December
    "year",  # a year, as a text names one
    "asks_quantity",  # "how many / how much"
    "dates",  # dates, which are not quantities
    "figure_words",  # numbers in words
    "asks_total",  # the question wants the total as well as its parts
    "asks_each",  # the question wants each of several figures
    "members",  # a count quoted, its members asked ("那12个项目具体是什么"): the count its group
    "enumeration",  # a list of names in a text ("A、B等"): what answers a members question where it counts them
    "separately",  # the two sides of a total asked apart ("出口和进口分别", "imports vs exports"): the total is neither
    "part_of",  # a figure the question quotes, and a part of it asked ("1705列里面", "of the 1,705", "1705-ийн хэд нь")
    "self_context",  # a clause about the asker (我们是包头的企业, we're a firm in Baotou, манай компани): context
    "rank_place",  # a place in an order (第8位, 4th, 7-р байр): an ordinal, not a part of any figure
    "asks_town",  # which city, county or banner (哪个城市, which town, аль хотод): answered by naming one
    "when",  # a time phrase that dates a figure
    "follow_up",  # a question that leans on the conversation
    "asking",  # the words of a question that ask rather than say what about
    "lead",  # a follow-up's opening word (那么, тэгвэл)
    "dependent",  # an opening that leans on the sentence before (其中, Үүнээс, Of this): no standalone answer
    "advice",  # a request for advice, an opinion or a forecast: no report states one
    "period",  # the question names the period it asks about (2024年, 1-11月, 今年, this year)
    "single_month",  # one month on its own (10月份, October alone), group 1 its number or name
    "month_range",  # a run of months (1月至11月, January to November)
    "month_named",  # any month a text names, alone, in a run or in a date (11月7日, 7 November), group 1 which
    "unit_after",  # a unit written right after a figure (万, 吨, сая): a quantity, not a phone number
    "id_number",  # an identity number as the language's country writes it (УБ99112233)
    "short_follow_up",  # "X呢？": the previous question again, of X
    "compared",  # the question compares with a year ("与2023年相比", "compared with 2023"): it asks the change
    "year_on_year",  # a change over the same period a year before (同比, year on year): what such a question wants
    "last_year",  # the year before the report's (去年, last year, өнгөрсөн жил)
    "quarter_no",  # a quarter by its number (二季度, Q2, 2-р улирал), the groups its number
    "meeting_no",  # a meeting by its number (第五次会议, the 6th meeting, зургаадугаар хуралдаан), groups its number
)


class Language(Protocol):
    """One language pack: detection, normalisation, tokens, numbers, question kinds, units and cues."""

    name: str
    codes: tuple[str, ...]  # the question languages it serves, BCP 47 ("zh-Hans", "zh-Hant")
    edition: str  # the edition its questions are answered from, when it is indexed
    cues: dict[str, re.Pattern[str]]
    opposites: tuple[tuple[str, str], ...]  # 出境/入境: a follow-up naming one asks of it instead of the other
    sides: tuple[tuple[str, str, str], ...]  # a total and its two sides (出境, 入境, 出入境)
    part_markers: tuple[str, ...]  # "其中": what follows gives parts of the total before it
    self_references: frozenset[str]  # how the report names its own setting (全区, 全盟)
    stop_words: frozenset[str]  # question words: they say what kind of answer is wanted, not what about

    def detect(self, text: str, scripts: Scripts) -> str | None: ...
    def not_covered(self, code: str) -> str: ...
    def to_index(self, text: str, code: str, translit: Transliterator | None) -> str: ...
    def as_question(self, text: str) -> str: ...
    def localise(self, text: str, code: str) -> str: ...
    def run_tokens(self, run: str) -> set[str] | None: ...
    def values(self, text: str) -> list[Decimal]: ...
    def numeral_values(self, text: str) -> set[Decimal]: ...
    def reading(self, indexed: frozenset[str]) -> Reading: ...
    def subject(self, question: str) -> str | None: ...
    def register_names(self, names: list[str], proper: tuple[str, ...] = ()) -> None: ...
    def tokens_recipe(self) -> str: ...
    def counted(self, question: str) -> re.Pattern[str] | None: ...
    def unify(self, text: str) -> str: ...
    def loosen(self, text: str) -> str: ...


@dataclass
class Pack:
    """Defaults for a pack: no cues, no numbers, questions read as they are."""

    name: str = ""
    codes: tuple[str, ...] = ()
    edition: str = ""
    messages: dict[str, str] = field(default_factory=dict)
    cues: dict[str, re.Pattern[str]] = field(default_factory=dict)
    opposites: tuple[tuple[str, str], ...] = ()
    sides: tuple[tuple[str, str, str], ...] = ()
    part_markers: tuple[str, ...] = ()
    self_references: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    joiner: str = " "  # between two sentences of an answer
    month_names: tuple[str, ...] = ()  # January … December as the language writes them (digits need none)
    ordinal_words: dict[str, int] = field(default_factory=dict)  # 五 → 5, sixth → 6, зургаа → 6 (digits need none)
    question_mark: str = "?"

    def detect(self, text: str, scripts: Scripts) -> str | None:
        return None

    def not_covered(self, code: str) -> str:
        return self.messages.get(code) or next(iter(self.messages.values()))

    def to_index(self, text: str, code: str, translit: Transliterator | None) -> str:
        return text

    def as_question(self, text: str) -> str:
        """The text searched for a question typed without its question mark, with it: the bank's questions end
        on one, and "ereen boomtoor heden tonn achaa nevtersen be" came 0.930 to its bank question and was
        refused (0.948 with the mark)."""
        if not self.question_mark or not text.strip() or SENTENCE_END.search(text.rstrip()):
            return text
        return text.rstrip() + self.question_mark

    def localise(self, text: str, code: str) -> str:
        return text

    def run_tokens(self, run: str) -> set[str] | None:
        return None

    def tokens_recipe(self) -> str:
        """What its tokens depend on besides the code (a dictionary file): tokens saved under another are stale."""
        return ""

    def values(self, text: str) -> list[Decimal]:
        return []

    def numeral_values(self, text: str) -> set[Decimal]:
        return set()

    def reading(self, indexed: frozenset[str]) -> Reading:
        return Reading(self.edition)

    def subject(self, question: str) -> str | None:
        return None

    def month_range(self, text: str) -> tuple[int, int] | None:
        """(first, last) month of a run of months the month_range cue found: "1月至11月", "January to November"."""
        months = []
        for token in re.findall(r"\d{1,2}|[^\W\d_]+", text):
            if token.isdigit():
                months.append(int(token))
            elif found := [i for i, m in enumerate(self.month_names, 1) if m.lower().startswith(token.lower()[:3])]:
                months.append(found[0])
        return (months[0], months[-1]) if len(months) >= 2 and 1 <= months[0] < months[-1] <= 12 else None

    def ordinal(self, word: str) -> int | None:
        """The number an ordinal cue found: "6th", "六", "sixth", "зургаа"."""
        if digits := re.match(r"\d+", word):
            return int(digits.group())
        return self.ordinal_words.get(word.lower())

    def register_names(self, names: list[str], proper: tuple[str, ...] = ()) -> None:
        return None

    def counted(self, question: str) -> re.Pattern[str] | None:
        """What an answer must count when the question counts things ("how many cities…?"), else None.
        (A language whose counters name the unit, 多少列, says it through its UnitRules instead.)"""
        return None

    def unify(self, text: str) -> str:
        """The text in the one script this language is compared in (Traditional → Simplified)."""
        return text

    def loosen(self, text: str) -> str:
        """The text with letters a keyboard may not tell apart folded together (ү → у), for search."""
        return text

    def values_of_figure(self, text: str) -> list[Decimal]:
        """The values of a figure written in this language, as an eval fact or a glossary note writes it."""
        return self.values(text)


def word_tokens(run: str) -> set[str]:
    """An alphabetic word (or a number), lower-cased, and its stem."""
    word = run.lower()
    out = {word}
    if len(word) > STEM and not word.isdigit():
        out.add(word[:STEM] + "~")
    return out


def normal(value: Decimal) -> Decimal:
    return value.normalize() if value != value.to_integral() else value.quantize(Decimal(1))
