"""The key-figures view: the report's headline numbers in groups, each with its bar, opening onto its passage.

Figures are read from the indexed passages by the patterns in corpus/report.figures.tsv, never typed in
here, so the view cannot drift from the report. Bars are HTML drawn on the server (real text at
the page's size, not a scaled picture): no plotting library, nothing fetched by the browser.
In the Mongolian and English interfaces a figure's passage is the Mongolian edition's, beside
the Chinese original it was translated from.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kb import langs
from kb.reports import load_specs
from kb.settings import PROJECT_ROOT
from ui.i18n import (
    DEFAULT_EDITION,
    FIGURE_SCALES,
    FIGURE_UNITS,
    chinese_for,
    column,
    edition_of,
    fallback_edition,
    html_lang,
    known,
    label_columns,
    reads_chinese,
    t,
)
from ui.render import esc, excerpt, marked

logger = logging.getLogger(__name__)
SPEC = PROJECT_ROOT / "corpus" / "report.figures.tsv"
GROUPS = ("freight", "trains", "money")
_SENTENCE_END = "。！？；"


class FigureError(ValueError):
    """A figure of corpus/report.figures.tsv is not in the report (the report or the pattern changed)."""


@dataclass(frozen=True)
class FigureSpec:
    id: str
    group: str
    chart: bool
    pattern: re.Pattern[str]
    labels: dict[str, str]


@dataclass(frozen=True)
class Passage:
    id: str
    section: str
    text: str
    pair: str = ""  # the id of the same passage in the Mongolian edition, if there is one


@dataclass(frozen=True)
class Translated:
    """A figure's passage in a translated edition, with the sentence stating the figure."""

    edition: str
    section: str
    text: str
    sentence: tuple[int, int] | None


@dataclass(frozen=True)
class Figure:
    spec: FigureSpec
    text: str  # as the report writes it: "1964.1万吨"
    value: Decimal  # in units: 19641000 (tonnes)
    passage: Passage
    sentence: tuple[int, int]  # the sentence stating it, [start, end) in passage.text

    @property
    def id(self) -> str:
        return self.spec.id


def load_spec(path: Path = SPEC) -> list[FigureSpec]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    out = []
    for row in body:
        r = dict(zip(header, row, strict=True))
        out.append(FigureSpec(r["id"], r["group"], r["chart"] == "1", re.compile(r["pattern"]),
                              {k: r[k] for k in label_columns()}))
    return out


def _original() -> str:
    """The edition the figures are read from: the original of the project's report."""
    return load_specs(PROJECT_ROOT / "corpus")[0].edition


def passages_from_index(store) -> list[Passage]:
    """The original's passages the chat answers from (a LangChain Chroma store), in report order."""
    got = store.get(where={"lang": _original()}, include=["documents", "metadatas"])
    rows = sorted(zip(got["ids"], got["documents"], got["metadatas"], strict=True),
                  key=lambda r: int(r[2].get("start", 0)))
    return [Passage(i, m.get("section", ""), d, str(m.get("pair") or "")) for i, d, m in rows]


def passages_from_report(path: Path) -> list[Passage]:
    """The report's paragraphs with their section headings (for checking the spec without an index)."""
    out, section = [], ""
    for n, para in enumerate(path.read_text(encoding="utf-8").split("\n\n")):
        para = para.strip()
        if para.startswith("#"):
            section = para.lstrip("# ").strip()
        elif para:
            out.append(Passage(f"p{n}", section, para))
    return out


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    ends = [i for c in _SENTENCE_END if (i := text.find(c, end)) >= 0]
    return a, (min(ends) + 1 if ends else len(text))


def find_figures(specs: list[FigureSpec], passages: list[Passage], strict: bool = True) -> list[Figure]:
    """Each spec's figure, from the first passage where its pattern matches.

    A missing figure raises FigureError when `strict` (tests); the app shows the others.
    """
    figures, missing = [], []
    for spec in specs:
        hit = next(((p, m) for p in passages if (m := spec.pattern.search(p.text))), None)
        if hit is None:
            missing.append(spec.id)
            continue
        p, m = hit
        text = m.group("value")
        values = langs.pack(_original()).values(text)
        figures.append(Figure(spec, text, values[0] if values else Decimal(0), p, _sentence(p.text, *m.span())))
    if missing and strict:
        raise FigureError(f"figures not found in the report: {', '.join(missing)} (see {SPEC.name})")
    return figures


def _num(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def shown(figure: Figure, ui: str) -> str:
    """The figure as the interface language writes it: 1964.1万吨, 19.641 million t, 19.641 сая тонн."""
    if reads_chinese(ui):
        return chinese_for(ui, figure.text)
    ui = known(ui)
    word = next((w for suffix, w in FIGURE_UNITS[ui] if figure.text.endswith(suffix)), "")
    for scale, name in FIGURE_SCALES[ui]:
        if figure.value >= scale:
            return f"{_num(figure.value / scale)} {name} {word}".strip()
    return f"{_num(figure.value)} {word}".strip()


def label(figure: Figure, ui: str) -> str:
    return column(figure.spec.labels, ui)


def _paired(index, edition: str, figures: list[Figure]) -> dict[str, tuple[str, str]]:
    """Original passage id -> (text, section) of the same passage in `edition`, from the bot's Store."""
    stores = getattr(index, "editions", None) or {}
    if edition in stores:  # a translation's passages name their original: read the edition once
        got = stores[edition].get(include=["documents", "metadatas"])
        return {m["pair"]: (d, str(m.get("section", ""))) for d, m in zip(got["documents"], got["metadatas"],
                                                                         strict=True) if m.get("pair")}
    found = index.get(sorted({f.passage.pair for f in figures if f.passage.pair}))
    return {f.passage.id: (p.text, p.section) for f in figures
            if (p := found.get(f.passage.pair)) is not None and getattr(p, "edition", edition) == edition}


def translations(figures: list[Figure], index, alignment: list, edition: str) -> dict[str, Translated]:
    """Each figure's passage in a translated edition (mn, en), where one exists.

    The sentence stating the figure is found through the sentence alignment (corpus/report.align.jsonl):
    the edition's sentence whose original states the figure.
    """
    try:
        paired = _paired(index, edition, figures)
    except Exception:  # the figures still show, with the original's passage only
        logger.exception("the %s passages of the key figures could not be read", edition)
        return {}
    out: dict[str, Translated] = {}
    original = _original()
    for f in figures:
        if f.passage.id not in paired:
            continue
        text, section = paired[f.passage.id]
        span = None
        for row in alignment:
            said, there = row.texts.get(original, ""), row.texts.get(edition, "")
            if there and f.text in said and said in f.passage.text and (i := text.find(there)) >= 0:
                span = (i, i + len(there))
                break
        out[f.id] = Translated(edition, section, text, span)
    return out


def _passage(section: str, text: str, span: tuple[int, int] | None, lang: str, head: str = "",
             short: bool = False) -> str:
    top = f"<div class='pair-label'>{esc(head)}</div>" if head else ""
    marks: list[int] | None = list(span) if span else None
    if short:
        text, marks = excerpt(text, marks)
    return (f"<div class='passage' lang='{lang}'>{top}<div class='cite-section'>§ {esc(section)}</div>"
            f"<div class='cite-text'>{marked(text, marks)}</div></div>")


def _source(f: Figure, ui: str, other: Translated | None, short: bool) -> str:
    zh_text, zh_section = f.passage.text, f.passage.section
    # opencc keeps the character count, so the sentence offsets stay valid in Traditional
    zh_text, zh_section = chinese_for(ui, zh_text), chinese_for(ui, zh_section)
    if other is not None:
        head = t(ui, f"translation_{other.edition}")
        body = ("<div class='pair'>" + _passage(other.section, other.text, other.sentence, other.edition, head, short)
                + _passage(zh_section, zh_text, f.sentence, DEFAULT_EDITION, t(ui, "original"), short) + "</div>")
    else:
        body = _passage(zh_section, zh_text, f.sentence, html_lang(ui, DEFAULT_EDITION), short=short)
    return (f"<div class='fig-source' id='fig-src-{f.id}' hidden>{body}"
            f"<button type='button' class='fig-close' aria-controls='fig-src-{f.id}'>{esc(t(ui, 'close'))}</button>"
            f"</div>")


def figures_html(figures: list[Figure], ui: str, translated: dict[str, dict[str, Translated]] | None = None,
                 short: bool = False) -> str:
    """The figures by group, each a button with its value and bar that opens its passage (closed at first).

    `translated` holds each translated edition's passages ({"mn": {figure id: …}, "en": …}): the
    Mongolian and English interfaces show their edition's passage beside the original (English
    falls back to Mongolian). `short` (the booth) shows the sentence stating the figure with a
    sentence either side, not the whole passage.
    """
    ui, translated = known(ui), translated or {}
    other = fallback_edition(ui)
    mine, fallback = translated.get(edition_of(ui), {}), translated.get(other, {}) if other else {}
    groups = []
    for group in GROUPS:
        members = [f for f in figures if f.spec.group == group]
        if not members:
            continue
        biggest = max((f.value for f in members if f.spec.chart), default=Decimal(0)) or Decimal(1)
        items = []
        for f in members:
            bar = ""
            if f.spec.chart:
                width = max(1, int(100 * f.value / biggest))
                bar = f"<span class='fig-bar' aria-hidden='true'><span style='width:{width}%'></span></span>"
            items.append(
                f"<div class='fig-item' data-fig='{f.id}'><button type='button' class='fig-open' "
                f"aria-expanded='false' aria-controls='fig-src-{f.id}'><span class='fig-label'>{esc(label(f, ui))}"
                f"</span><span class='fig-value'>{esc(shown(f, ui))}</span>{bar}</button>"
                f"{_source(f, ui, mine.get(f.id) or fallback.get(f.id), short)}</div>"
            )
        groups.append(f"<section class='fig-group' data-group='{group}'><h3>{esc(t(ui, group))}</h3>"
                      f"{''.join(items)}</section>")
    return (f"<div class='bh-figures'><p class='fig-intro'>{esc(t(ui, 'figures_intro'))}</p>"
            f"<div class='fig-groups'>{''.join(groups)}</div></div>")
