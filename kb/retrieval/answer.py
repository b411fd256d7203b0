"""Answer: pick the sentence of the retrieved passages that answers, and cite it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from langchain_core.documents import Document

from kb.lang import NOT_COVERED
from kb.retrieval.lexical import LexicalScorer, tokens

# What a question asks for, by its words, and the figure that answers it.
_DATE = r"\d{4}年(?:\d{1,2}月)?|\d{1,2}月\d{1,2}日"
_HINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"多少列|几列|班列.*(多少|几)|开行.*(多少|几)"), r"\d+列"),
    (re.compile(r"多少吨|货运量|重量"), r"\d+(?:\.\d+)?万?吨|\d+(?:\.\d+)?KG"),
    (re.compile(r"增长|增速|增幅|百分|比例|完成率|同比"), r"\d+(?:\.\d+)?%|\d+倍"),
    (re.compile(r"金额|资金|投资|交易额|总额|多少钱|多少元|外资|协议额"), r"\d+(?:\.\d+)?(?:亿|万)?(?:美元|元)"),
    (re.compile(r"多少人|多少名|几名|学生|学员|人次|一行"), r"\d+(?:\.\d+)?万?(?:名|人)"),
    (re.compile(r"多少家|几家|企业数"), r"\d+家"),
    (re.compile(r"多少辆|几辆"), r"\d+辆"),
    (re.compile(r"多少个|几个|多少项|几项"), r"\d+(?:个|项)"),
    (re.compile(r"多长|多少公里|几公里|里程"), r"\d+(?:\.\d+)?公里"),
    (re.compile(r"何时|什么时候|哪天|哪一天|哪年|哪一年|日期|几月|哪个月|时间"), _DATE),
    (re.compile(r"第几|排名|位列|名次"), r"第\d+"),
]
# Weights chosen on evals/zh.jsonl by grid search (README: "How the answer is picked").
HINT_BONUS = 0.25
DENSE_WEIGHT = 1.0
FOCUS_WEIGHT = 0.3
PRECISION_WEIGHT = 0.6
# A translated sentence is also judged by its original, and any sentence by the places it
# names (see Bridgehead._bonus).
COMPANION_WEIGHT = 0.5
SPECIFIC_WEIGHT = 0.2
_CLAUSE = re.compile(r"[，、：,;]")
_WHEN = re.compile(r"\d+月|\d{4}年")
# A question that asks for the total too ("共…？其中…？", "出境和入境各多少？") keeps the whole sentence.
_ASKS_TOTAL = re.compile(r"其中|各|分别|总共|一共|[？?].+[？?]")
# "各多少？", "тус бүр хэд вэ?": several figures, so a sentence cut at "；" goes on into the next one.
_ASKS_EACH = re.compile(r"各|分别|тус\s*бүр|тус\s*тус", re.I)
# A sentence cut at "；" continues in the next: "其中出境1705列…；入境1407列…".
EXTEND_GAIN = 0.05
PASSAGES_FOR_ANSWER = 3
# Calibrated on the eval set (see README): below these the report does not cover it.
MIN_PASSAGE_SCORE = 0.80
MIN_SENTENCE_LEXICAL = 0.30
MAX_UNKNOWN_SHARE = 0.75  # of the question's content words absent from the report

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Citation:
    id: str
    text: str
    source: str
    section: str
    score: float
    highlight: list[int] | None = None  # [start, end) of the answering sentence in `text`
    # For a translated passage: the original it was translated from, {id, text, source, section, highlight}.
    original: dict | None = None


@dataclass
class Answer:
    question: str
    answer: str
    found: bool
    lang: str
    citations: list[Citation] = field(default_factory=list)
    # A follow-up as the chain understood it, standing alone ("那珠恩嘎达布其呢？" → "珠恩嘎达布其…货运量是多少？").
    rewritten: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


class UngroundedAnswerError(AssertionError):
    """An answer states a number that none of its cited passages contains."""


def numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def check_grounded(answer: str, citations: list[Citation]) -> None:
    """Every number the answer states must stand in a passage it cites."""
    cited = set()
    for c in citations:
        cited.update(numbers(c.text))
    text = re.sub(r"\[\d+\]", "", answer)  # citation marks are not facts
    missing = [n for n in numbers(text) if n not in cited]
    if missing:
        raise UngroundedAnswerError(f"numbers {missing} are not in any cited passage")


_MN_NUM = r"\d+(?:\.\d+)?\s*(?:мянган|мянга|сая|тэрбум)?\s*"
_MN_HINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"тонн|ачаа", re.I), _MN_NUM + r"тонн"),
    (re.compile(r"хувь|хувиар|өс[сө]|өсөлт", re.I), r"\d+(?:\.\d+)?\s*%|\d+\s*дахин"),
    (re.compile(r"галт тэрэг|цуваа", re.I), r"\d+\s*(?:галт тэрэг|цуваа)"),
    (re.compile(r"юан|доллар|хөрөнгө|мөнгө|дүн|үнийн", re.I), _MN_NUM + r"(?:юань|ам\.\s?доллар)"),
    (re.compile(r"хэзээ|хэдэнд|хэдий", re.I), r"\d{4}\s*он|\d+[-–]?\s*(?:дугаар|дүгээр|р)\s*сар"),
    (re.compile(r"хүн|оюутан|суралцагч|гишүүн", re.I), r"\d+(?:\.\d+)?\s*(?:мянган\s*)?(?:хүн|оюутан|суралцагч)"),
]

# The same kinds of figure, asked in Mongolian, as they stand in the Chinese original.
_ZH_OF_MN = [_HINTS[1][1], _HINTS[2][1], _HINTS[0][1], _HINTS[3][1], _DATE, _HINTS[4][1]]
MN_TO_ZH_HINTS: list[tuple[re.Pattern[str], str]] = [
    (q, zh) for (q, _), zh in zip(_MN_HINTS, _ZH_OF_MN, strict=True)
]


# A request for something made up (a joke, a poem) has no answer in a report, however close its words.
_MADE_UP = re.compile(r"笑话|段子|(?:写|作|编|来)[^。？?！!]{0,24}诗|诗歌|绕口令|онигоо|шүлэг|хошин", re.I)

# "多少万吨…?" asks for a figure in a unit: a sentence with no figure in that unit (or one it converts
# to) does not answer it, even when it is about the right thing ("出境多少标准箱" vs a count of trains).
# Counters that many things share (个, 人) are left out: answers say 名, 批次, 项 for them.
_ZH_UNITS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (re.compile(r"(?:多少|几)(?:万|亿)?吨"), re.compile(r"吨")),
    (re.compile(r"(?:多少|几)(?:亿|万|千)?(?:元|块)|多少钱"), re.compile(r"元")),
    (re.compile(r"(?:多少|几)(?:万)?标准箱"), re.compile(r"标准箱|TEU", re.I)),
    (re.compile(r"(?:多少|几)(?:万)?人次"), re.compile(r"人次")),
    (re.compile(r"(?:多少|几)(?:公里|千米)"), re.compile(r"公里|千米")),
    (re.compile(r"(?:多少|几)(?:架次)"), re.compile(r"架次")),
    (re.compile(r"(?:多少|几)辆"), re.compile(r"辆")),
    (re.compile(r"(?:多少|几)列"), re.compile(r"列")),
    (re.compile(r"投资(?:额|总额)?(?:了|是|为|有)?多少|多少投资"), re.compile(r"元")),
]


_MN_UNITS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (re.compile(r"хэдэн\s+(?:км|километр)", re.I), re.compile(r"км|километр", re.I)),
    (re.compile(r"хэдэн\s+(?:хүн|ажилтан|ажилчин)|хүн\s+ам", re.I), re.compile(r"хүн|ажилт|ажилчин", re.I)),
    (re.compile(r"үнэ\s+хэд|хэд(?:эн)?\s+(?:\S+\s+)?(?:юан|доллар|төгрөг)", re.I),
     re.compile(r"юан|доллар|төгрөг", re.I)),
]

# The report's figures run to November ("1月至11月"): they are not the whole year's a question asks for.
_WHOLE_YEAR = re.compile(r"全年|整年|含12月|12月份|бүтэн\s+жил|жилийн\s+турш|12\s*(?:дугаар|дүгээр|-р)\s*сар", re.I)
# Up to some month before December: "1月至12月" is the whole year.
_PART_YEAR = re.compile(r"1(?:月至|至|-|到)(?:1[01]|[1-9])(?!\d)\s*(?:月|дугаар|дүгээр|-р|р)")
_ANY_PERIOD = re.compile(_PART_YEAR.pattern + r"|\d{4}\s*(?:年|он)")


def _part_for_whole(asked: str, text: str, before: str) -> bool:
    """Whether the question wants a whole year and the answer gives the months up to some month,
    in its own words or in the last period the passage named before it ("1月至11月，…。其中，…")."""
    if not _WHOLE_YEAR.search(asked):
        return False
    if _PART_YEAR.search(text):
        return True
    periods = _ANY_PERIOD.findall(before)
    return bool(periods and _PART_YEAR.fullmatch(periods[-1]))


# "How many / how much" wants a figure; a sentence whose only numbers are dates does not give one.
_ASKS_QUANTITY = re.compile(r"多少(?![天年月日次])|\bхэд(?:эн)?\b(?!\s*(?:он|дэх|дахь|сар|өдөр))", re.I)
_DATES = re.compile(
    r"\d{4}年|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日|\[\d+\]"
    r"|\d{4}\s*он\w*|\d+(?:[-–]\d+)?[-–]?\s*(?:дугаар|дүгээр|р)?\s*сар\w*|сарын\s*\d+|\d+-нд", re.I)
_FIGURE = re.compile(
    r"\d|[一二三四五六七八九十两百千万亿]|\b(?:нэг|хоёр|гурав|гурван|дөрөв|дөрвөн|тав|таван|зургаа|зургаан|долоо"
    r"|долоон|найм|найман|ес|есөн|арав|арван|зуу|зуун|мянга|мянган)\b", re.I)


def states_a_figure(text: str) -> bool:
    """Whether the text gives a quantity (in digits or number words), dates and citation marks aside."""
    return bool(_FIGURE.search(_DATES.sub(" ", text)))


@dataclass(frozen=True)
class Profile:
    """How to read questions of one edition's language."""

    hints: list[tuple[re.Pattern[str], str]]
    units: list[tuple[re.Pattern[str], re.Pattern[str]]] = field(default_factory=list)
    min_passage_score: float = MIN_PASSAGE_SCORE
    unknown_test: str | None = "zh"  # which words-the-report-never-uses test applies ("zh", "mn", none)
    max_unknown_share: float = MAX_UNKNOWN_SHARE


PROFILES = {
    "zh": Profile(_HINTS, _ZH_UNITS),
    "mn": Profile(_MN_HINTS, _MN_UNITS, min_passage_score=0.78, unknown_test="mn", max_unknown_share=0.5),
    # A Mongolian question read against the Chinese text (no Mongolian edition indexed).
    "mn>zh": Profile([], min_passage_score=0.78, unknown_test=None),
}


def _hint_patterns(question: str, hints: list[tuple[re.Pattern[str], str]] = _HINTS) -> list[re.Pattern[str]]:
    return [re.compile(p) for q, p in hints if q.search(question)]


def focus_score(
    text: str, weights: dict[str, float], lexical: LexicalScorer, hints: list[re.Pattern[str]]
) -> float:
    """The best clause pair of a whole sentence (see _best_window)."""
    return _best_window(text, 0, len(text), weights, lexical, hints)


def _best_window(
    text: str, start: int, end: int, weights: dict[str, float], lexical: LexicalScorer,
    hints: list[re.Pattern[str]],
) -> float:
    """Score of the best pair of adjacent clauses: the figure and what it is about.

    A long sentence lists several figures ("全盟…2289.6万吨…其中，二连浩特…1964.1万吨");
    only the clause holding a figure plus the clause before it tell which one is asked for.
    """
    cuts = [start] + [m.end() for m in _CLAUSE.finditer(text, start, end)] + [end]
    clauses = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    best = 0.0
    for j, (a, b) in enumerate(clauses):
        score = lexical.score(weights, text[clauses[j - 1][0] if j else a : b])
        if hints and any(h.search(text, a, b) for h in hints):
            score += HINT_BONUS
        best = max(best, score)
    return best


def _breakdown(text: str, start: int, end: int, question_tokens: set[str]) -> tuple[str, int]:
    """("1月至11月，……", new start) when the question asks for a part of a total:
    "出境多少列？" of "1月至11月，中欧班列出入境3112列，…，其中出境1705列，…" is the part after 其中.

    Only when a word of the question stands after 其中 and not before it; the sentence's
    opening time phrase stays in front, so the figure keeps its period.
    """
    cut = text.find("其中", start, end)
    if cut <= start:
        return "", start
    before, after = tokens(text[start:cut]), tokens(text[cut:end])
    if not any(len(t) > 1 and t in after and t not in before for t in question_tokens):
        return "", start
    first = _CLAUSE.search(text, start, cut)
    opening = text[start : first.start()] if first else ""
    return (f"{opening}，……" if _WHEN.search(opening) else "……"), cut


def _continuation(
    doc: Document, start: int, end: int, weights: dict[str, float], lexical: LexicalScorer,
    hints: list[re.Pattern[str]], each: bool = False,
) -> tuple[int, int] | None:
    """The answer and the sentence it runs on into across a "；", when that one holds the rest
    of what was asked ("出境和入境各多少？"), or any more of the figure asked for when the
    question wants each one: its span, else None."""
    text = doc.page_content
    spans = [(s, e) for s, e, _ in doc.metadata.get("sentences", [])]
    if (start, end) not in spans:
        return None
    i = spans.index((start, end))
    # Words, not numbers: "1-11月" in the question must not pull in a sentence for its "11%".
    weights = {t: w for t, w in weights.items() if not t.isdigit()}
    covered = lexical.score(weights, text[start:end])
    for j in (i + 1, i - 1):
        if not 0 <= j < len(spans):
            continue
        first, second = sorted([(start, end), spans[j]])
        if not text[first[0] : first[1]].rstrip().endswith(("；", ";")):
            continue
        other = text[spans[j][0] : spans[j][1]]
        if hints and not any(h.search(other) for h in hints):
            continue
        if (each and hints) or lexical.score(weights, text[first[0] : second[1]]) - covered >= EXTEND_GAIN:
            return first[0], second[1]
    return None


# The two sides of a total the report breaks down: a question names one (入境), a sentence may give the other.
_SIDES = [("入境", "出境", "出入境"), ("进口", "出口", "进出口")]


def _other_side(doc: Document, start: int, end: int, question: str) -> tuple[int, int] | None:
    """The sentence after a "；" that gives the side asked for, when the chosen one gives the other.

    "入境多少列？" scores best on "1月至11月，中欧班列出入境3112列，…，其中出境1705列，…；" (it shares
    the period and the trains), but the answer is the next sentence, "入境1407列，同比增长2.3%。".
    """
    text = doc.page_content
    spans = [(s, e) for s, e, _ in doc.metadata.get("sentences", [])]
    if (start, end) not in spans or spans.index((start, end)) + 1 >= len(spans):
        return None
    nxt = spans[spans.index((start, end)) + 1]
    chosen, following = text[start:end], text[nxt[0] : nxt[1]].lstrip()
    if not chosen.rstrip().endswith(("；", ";")):
        return None
    for a, b, both in _SIDES:
        # 出入境 names both sides at once: it says nothing about which one is asked or given.
        asked_text, said = question.replace(both, ""), chosen.replace(both, "")
        for asked, other in ((a, b), (b, a)):
            if asked in asked_text and other not in asked_text and other in said and asked not in said \
                    and following.startswith(asked):
                return nxt
    return None


def _source(doc: Document) -> str:
    m = doc.metadata
    return f"{m.get('doc_id', 'report')}.md:{m.get('start')}-{m.get('end')}"


def extract(
    question: str, passages: list[Document], lexical: LexicalScorer, lang: str, profile: Profile = PROFILES["zh"],
    bonus: Callable[[str], float] | None = None, asked: str | None = None,
) -> Answer:
    """The best sentence of the top passages, with its passage cited as [1].

    A sentence's score adds its cosine to the question (from the retriever),
    its lexical recall (best clause pair and whole sentence, with a bonus when
    it holds the kind of figure asked for), its lexical precision and the
    chain's `bonus` (what it knows beyond the passage: originals, places).
    """
    if not passages or passages[0].metadata["score"] < profile.min_passage_score or _MADE_UP.search(asked or question):
        return Answer(question, NOT_COVERED[lang], False, lang)
    if profile.unknown_test:
        test = lexical.unknown if profile.unknown_test == "zh" else lexical.unknown_mongolian
        share, unknown, strong = test(asked or question)
        if strong or (share >= profile.max_unknown_share and unknown):
            return Answer(question, NOT_COVERED[lang], False, lang)
    weights = lexical.query_weights(question)
    q_tokens = tokens(question)
    hints = _hint_patterns(question, profile.hints)
    best: tuple[float, int, int, int, float] | None = None  # score, passage, start, end, recall
    for p_index, doc in enumerate(passages[:PASSAGES_FOR_ANSWER]):
        if doc.metadata.get("kind") == "caption":
            continue  # a photo's caption ("…贸易区一角") names a place; it states no fact to answer with
        text = doc.page_content
        for start, end, dense in doc.metadata.get("sentences", []):
            sentence = text[start:end]
            recall = lexical.score(weights, sentence)
            if hints and any(h.search(sentence) for h in hints):
                recall += HINT_BONUS
            focus = _best_window(text, start, end, weights, lexical, hints)
            score = (
                DENSE_WEIGHT * dense + FOCUS_WEIGHT * focus + (1 - FOCUS_WEIGHT) * recall
                + PRECISION_WEIGHT * lexical.precision(q_tokens, sentence)
                + (bonus(sentence) if bonus else 0.0)
            )
            if best is None or score > best[0]:
                best = (score, p_index, start, end, lexical.score(weights, sentence))
    if best is None or best[4] < MIN_SENTENCE_LEXICAL:
        return Answer(question, NOT_COVERED[lang], False, lang)

    _, p_index, start, end, _ = best
    doc = passages[p_index]
    each = bool(_ASKS_EACH.search(asked or question))
    start, end = _continuation(doc, start, end, weights, lexical, hints, each) or (start, end)
    lead, start = ("", start) if _ASKS_TOTAL.search(question) else _breakdown(doc.page_content, start, end, q_tokens)
    if not _ASKS_TOTAL.search(question) and (side := _other_side(doc, start, end, asked or question)):
        opening = _CLAUSE.search(doc.page_content, start, end)
        head = doc.page_content[start : opening.start()] if opening else ""
        lead, (start, end) = (f"{head}，……" if _WHEN.search(head) else ""), side
    order = [p_index] + [i for i in range(len(passages)) if i != p_index]
    citations = []
    for rank, i in enumerate(order[:PASSAGES_FOR_ANSWER]):
        doc = passages[i]
        citations.append(Citation(
            id=doc.metadata.get("id") or doc.id or "", text=doc.page_content, source=_source(doc),
            section=doc.metadata.get("section", ""), score=doc.metadata["score"],
            highlight=[start, end] if rank == 0 else None,
        ))
    text = lead + passages[p_index].page_content[start:end] + "[1]"
    asked_for = asked or question
    if any(q.search(asked_for) and not a.search(text) for q, a in profile.units) or (
        _ASKS_QUANTITY.search(asked_for) and not states_a_figure(text)
    ) or _part_for_whole(asked_for, text, passages[p_index].page_content[:start]):
        return Answer(question, NOT_COVERED[lang], False, lang)
    check_grounded(text, citations)
    return Answer(question, text, True, lang, citations)
