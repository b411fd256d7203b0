"""The key-figures view: the report's headline numbers as a table and inline SVG bar charts, each linked to its passage.

Figures are read from the indexed passages by the patterns in corpus/report.figures.tsv, never typed in
here, so the view cannot drift from the report. The chart is SVG drawn on the server: no
plotting library, nothing fetched by the browser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kb import langs
from kb.reports import load_specs
from kb.settings import PROJECT_ROOT
from ui.i18n import t
from ui.render import marked

SPEC = PROJECT_ROOT / "corpus" / "report.figures.tsv"
GROUPS = ("freight", "trains", "money")
_SENTENCE_END = "。！？；"
_UNITS = [  # (Chinese suffix, English, Mongolian): 美元 before 元
    ("吨", "t", "тонн"), ("列", "trains", "галт тэрэг"), ("美元", "US dollars", "ам.доллар"), ("元", "yuan", "юань"),
]
_SCALES = [(Decimal(10**9), "billion", "тэрбум"), (Decimal(10**6), "million", "сая")]


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
                              {"zh": r["zh"], "mn": r["mn"], "en": r["en"]}))
    return out


def _original() -> str:
    """The edition the figures are read from: the original of the project's report."""
    return load_specs(PROJECT_ROOT / "corpus")[0].edition


def passages_from_index(store) -> list[Passage]:
    """The original's passages the chat answers from (a LangChain Chroma store), in report order."""
    got = store.get(where={"lang": _original()}, include=["documents", "metadatas"])
    rows = sorted(zip(got["ids"], got["documents"], got["metadatas"], strict=True),
                  key=lambda r: int(r[2].get("start", 0)))
    return [Passage(i, m.get("section", ""), d) for i, d, m in rows]


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
    if ui == "zh":
        return figure.text
    unit = next((u for u in _UNITS if figure.text.endswith(u[0])), ("", "", ""))
    word = unit[1] if ui == "en" else unit[2]
    for scale, en, mn in _SCALES:
        if figure.value >= scale:
            return f"{_num(figure.value / scale)} {en if ui == 'en' else mn} {word}".strip()
    return f"{_num(figure.value)} {word}".strip()


def _anchor(figure: Figure) -> str:
    return f"fig-src-{figure.id}"


def chart_svg(figures: list[Figure], ui: str, title: str) -> str:
    """A horizontal bar chart, each label on its own line above its bar; each bar links to its figure's passage."""
    width, value_w, bar_h, label_h, gap, top = 640, 170, 18, 20, 10, 34
    biggest = max((f.value for f in figures), default=Decimal(1)) or Decimal(1)
    rows = []
    for i, f in enumerate(figures):
        y = top + i * (label_h + bar_h + gap)
        w = max(2, int((width - value_w) * f.value / biggest))
        rows.append(
            f"<a href='#{_anchor(f)}' class='fig-bar' data-fig='{f.id}'>"
            f"<text x='0' y='{y + 14}'>{html.escape(f.spec.labels[ui])}</text>"
            f"<rect x='0' y='{y + label_h}' width='{w}' height='{bar_h}' rx='3'></rect>"
            f"<text x='{w + 6}' y='{y + label_h + 14}' class='fig-num'>{html.escape(shown(f, ui))}</text></a>"
        )
    height = top + len(figures) * (label_h + bar_h + gap)
    return (
        f"<svg class='fig-chart' role='img' viewBox='0 0 {width} {height}' width='100%' "
        f"aria-label='{html.escape(title)}' xmlns='http://www.w3.org/2000/svg'>"
        f"<text x='0' y='20' class='fig-title'>{html.escape(title)}</text>{''.join(rows)}</svg>"
    )


def figures_html(figures: list[Figure], ui: str) -> str:
    """Table, charts and (hidden until a figure is clicked: CSS :target) the passage of each figure."""
    head = (f"<tr><th>{html.escape(t(ui, 'figure'))}</th><th>{html.escape(t(ui, 'value'))}</th>"
            f"<th>{html.escape(t(ui, 'section'))}</th></tr>")
    body, charts, sources = [], [], []
    for group in GROUPS:
        members = [f for f in figures if f.spec.group == group]
        if not members:
            continue
        body.append(f"<tr class='fig-group'><th colspan='3'>{html.escape(t(ui, group))}</th></tr>")
        for f in members:
            body.append(
                f"<tr data-fig='{f.id}'><td>{html.escape(f.spec.labels[ui])}</td>"
                f"<td class='fig-value'><a href='#{_anchor(f)}'>{html.escape(shown(f, ui))}</a></td>"
                f"<td>{html.escape(f.passage.section)}</td></tr>"
            )
        charted = [f for f in members if f.spec.chart]
        if charted:
            charts.append(chart_svg(charted, ui, t(ui, group)))
    for f in figures:
        sources.append(
            f"<div class='fig-source' id='{_anchor(f)}'><div class='cite-section'>§ {html.escape(f.passage.section)}"
            f"</div><div class='cite-text'>{marked(f.passage.text, list(f.sentence))}</div></div>"
        )
    return (
        f"<div class='bh-figures'><p>{html.escape(t(ui, 'figures_intro'))}</p>"
        f"<div class='fig-sources'>{''.join(sources)}</div>"
        f"<div class='fig-layout'><table class='fig-table'>{head}{''.join(body)}</table>"
        f"<div class='fig-charts'>{''.join(charts)}</div></div></div>"
    )
