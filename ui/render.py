"""HTML for the chat: questions, answers streamed in pieces, and numbered citations that open onto their passage.

Every piece of text from a visitor or from the report is HTML-escaped here, so neither can
ever become markup. Each message is one HTML block with no blank line inside: the chatbot
runs Markdown over messages, and a blank line would end the block and let Markdown in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from kb.chain import Answer
from ui.i18n import t

SHOWN_QUESTION = 300  # characters of a (possibly 10 000-character) question echoed back
_MARKER = re.compile(r"\[\d+\]")
_PIECE = re.compile(r"\[\d+\]|[A-Za-z\u0400-\u04ff0-9.,%\-]+\s*|\s+|.")


def esc(text: str) -> str:
    """Escaped text whose line breaks survive as <br> (a blank line would end the HTML block)."""
    return html.escape(text).replace("\r", "").replace("\n", "<br>")


def marked(text: str, span: list[int] | None) -> str:
    """`text` escaped, with the answering sentence [start, end) in <mark>."""
    if not span or span[0] < 0:
        return esc(text)
    a, b = span
    return f"{esc(text[:a])}<mark>{esc(text[a:b])}</mark>{esc(text[b:])}"


def render_question(question: str) -> str:
    shown = question.strip()
    if len(shown) > SHOWN_QUESTION:
        shown = shown[:SHOWN_QUESTION] + "…"
    return f"<div class='bh-question'>{esc(shown) or '…'}</div>"


def _answer_text(text: str) -> str:
    """The answer sentence, its [n] markers set apart as references to the numbered sources."""
    parts, last = [], 0
    for m in _MARKER.finditer(text):
        parts += [esc(text[last:m.start()]), f"<sup class='cite-ref'>{m.group()}</sup>"]
        last = m.end()
    return "".join([*parts, esc(text[last:])])


def _passage(text: str, span: list[int] | None, section: str, lang: str, label: str = "") -> str:
    head = f"<div class='pair-label'>{esc(label)}</div>" if label else ""
    return (
        f"<div class='passage' lang='{lang}'>{head}<div class='cite-section'>§ {esc(section)}</div>"
        f"<div class='cite-text'>{marked(text, span)}</div></div>"
    )


def render_citations(answer: Answer, ui: str) -> str:
    """Numbered <details> per cited passage: the summary names its section, opening it shows the passage."""
    lang = "mn" if answer.lang.startswith("mn") else "zh"
    items = []
    for n, c in enumerate(answer.citations, start=1):
        if c.original:  # a translation: the Mongolian passage and its Chinese original side by side
            o = c.original
            body = (
                "<div class='pair'>"
                + _passage(c.text, c.highlight, c.section, lang, t(ui, "translation"))
                + _passage(o.text, o.highlight, o.section, "zh", t(ui, "original"))
                + "</div>"
            )
        else:
            body = _passage(c.text, c.highlight, c.section, lang)
        items.append(
            f"<details class='citation' data-n='{n}'><summary><span class='cite-n'>[{n}]</span> "
            f"{esc(c.section)} <small class='cite-source'>{esc(c.source)}</small></summary>{body}</details>"
        )
    if not items:
        return ""
    return f"<div class='bh-sources'><div class='bh-sources-title'>{esc(t(ui, 'sources'))}</div>{''.join(items)}</div>"


def render(answer: Answer, ui: str = "zh") -> str:
    """The assistant's message: the answer, then its numbered citations (closed until opened)."""
    hint = ""
    if not answer.found and answer.lang == "en" and t(ui, "en_hint"):
        hint = f"<div class='bh-hint'>{esc(t(ui, 'en_hint'))}</div>"
    body = f"<div class='bh-answer' lang='{answer.lang}'>{_answer_text(answer.answer)}</div>{hint}"
    return body + render_citations(answer, ui)


def render_message(text: str, kind: str = "notice") -> str:
    """A message of the interface's own (a polite refusal, an error), never markup from outside."""
    return f"<div class='bh-{kind}'>{esc(text)}</div>"


def render_partial(text: str, lang: str) -> str:
    """An answer still arriving: the text so far and a cursor."""
    return f"<div class='bh-answer streaming' lang='{lang}'>{_answer_text(text)}<span class='cursor'>▍</span></div>"


def pieces(text: str, size: int = 3) -> Iterator[str]:
    """The text as it grows, a few characters (or one Latin/Cyrillic word) at a time; [n] markers whole."""
    tokens = _PIECE.findall(text)
    shown = ""
    for i in range(0, len(tokens), size):
        shown += "".join(tokens[i : i + size])
        yield shown
    if shown != text:  # the pattern consumes everything; this is only a guard
        yield text


def plain(answer_text: str) -> str:
    """An answer as plain text for the conversation history: no [n] markers."""
    return _MARKER.sub("", answer_text).strip()
