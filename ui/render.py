"""HTML of the conversation: questions, answers whose [n] open their source card, feedback beside each answer.

Every piece of text from a visitor, from the browser's storage or from the report is
HTML-escaped here, so none of it can ever become markup. Answers are rendered from the
`Answer.to_dict()` shape (what the browser keeps), so a restored conversation looks the same.
"""

from __future__ import annotations

import html
import re

from kb import langs
from ui.i18n import DEFAULT_EDITION, for_answer, localise, t, title_gloss
from ui.sources import Place, Sources, attr

SHOWN_QUESTION = 300  # characters of a (possibly 10 000-character) question echoed back
RELATED_CHARS = 90  # of a related passage: enough to tell what it is about
REASONS = ("figure", "question", "other")
NOTICES = ("no_words", "failed")  # kept as keys in a turn, so a language switch re-words them
_MARKER = re.compile(r"\[(\d+)\]")
_SENTENCE_END = re.compile(r"[。！？；]\s*|[.!?;]\s+")
# Thumbs drawn inline (Feather icons, MIT): the booth laptop has no emoji font to draw 👍 with.
_THUMB = {
    "up": "M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 "
          "2 0 0 1 2-2h3",
    "down": "M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 "
            "22 4v7a2.31 2.31 0 0 1-2.33 2H17",
}


def _icon(name: str) -> str:
    return f"<svg class='bh-icon' viewBox='0 0 24 24' aria-hidden='true'><path d='{_THUMB[name]}'/></svg>"


def esc(text: str) -> str:
    """Escaped text whose line breaks survive as <br>."""
    return html.escape(text).replace("\r", "").replace("\n", "<br>")


def marked(text: str, span: object) -> str:
    """`text` escaped, with the answering sentence [start, end) in <mark>."""
    if not isinstance(span, (list, tuple)) or len(span) != 2 or int(span[0]) < 0:
        return esc(text)
    a, b = int(span[0]), int(span[1])
    return f"{esc(text[:a])}<mark>{esc(text[a:b])}</mark>{esc(text[b:])}"


def excerpt(text: str, span: object, around: int = 1) -> tuple[str, list[int] | None]:
    """The answering sentence with `around` sentences either side, "…" where cut, and its span in that.

    The booth shows this rather than the whole passage: at 28 px a 700-character Mongolian passage
    alone is taller than the screen.
    """
    if not isinstance(span, (list, tuple)) or len(span) != 2 or int(span[0]) < 0:
        return text, None
    a, b = int(span[0]), int(span[1])
    starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)), len(text)]
    first = max(i for i, s in enumerate(starts[:-1]) if s <= a)
    last = max(i for i, s in enumerate(starts[:-1]) if s < b)
    lo, hi = starts[max(0, first - around)], starts[min(len(starts) - 1, last + 1 + around)]
    head, tail = ("…" if lo > 0 else ""), ("…" if hi < len(text) else "")
    shown = head + text[lo:hi].strip() + tail
    shift = len(head) - lo - (len(text[lo:hi]) - len(text[lo:hi].lstrip()))
    return shown, [a + shift, b + shift]


def plain(answer_text: str) -> str:
    """An answer as plain text for the conversation history: no [n] markers."""
    return _MARKER.sub("", answer_text).strip()


def supporting(answer: dict) -> tuple[list[tuple[int, dict]], list[dict]]:
    """The citations the answer's [n] markers point at (numbered), and the others (merely retrieved)."""
    cites = [c for c in answer.get("citations") or [] if isinstance(c, dict)]
    if not answer.get("found"):
        return [], []
    wanted = sorted({int(n) for n in _MARKER.findall(answer.get("answer", "")) if 0 < int(n) <= len(cites)})
    cited = [(n, cites[n - 1]) for n in wanted]
    return cited, [c for i, c in enumerate(cites, start=1) if i not in wanted]


def _title(place: Place, lab: str, answer_lang: str | None) -> str:
    title = place.title
    if answer_lang and place.edition == _edition(answer_lang):  # in the answer's script: 書寫… for Traditional
        title = localise(title, answer_lang)
    text = t(lab, "title_quoted", title=title)
    text += title_gloss(lab, place.titles, place.edition)
    if place.translation:
        text += t(lab, "unofficial")
    return ", ".join(x for x in (text, place.publisher, place.date) if x)


def _edition(code: str) -> str | None:
    try:
        return langs.pack(code).edition
    except KeyError:
        return None


def source_line(place: Place, lab: str, answer_lang: str | None, key: str = "source_line") -> str:
    """"Source: <title>, section …, paragraph …" in the label language."""
    title = _title(place, lab, answer_lang)
    if place.paragraph is None:
        return t(lab, "source_line_nopara", title=title, section=place.section)
    return t(lab, key, title=title, section=place.section, paragraph=place.paragraph)


def copy_text(answer: dict, ui: str, sources: Sources) -> str:
    """What Copy puts on the clipboard: the answer as plain text, then each of its sources on a line."""
    lab = for_answer(ui, answer.get("lang"))
    lines = [answer.get("answer", "").strip()]
    cited, _ = supporting(answer)
    if cited:
        lines.append("")
    for n, cite in cited:
        lines.append(f"[{n}] {source_line(sources.place(cite), lab, answer.get('lang'))}")
        original = cite.get("original")
        if original:
            lines.append(f"    {source_line(sources.place(original), lab, answer.get('lang'), 'original_line')}")
    return "\n".join(lines)


def _answer_text(text: str, turn: int, lab: str) -> str:
    """The answer sentence, each [n] a button that opens source card n."""
    parts, last = [], 0
    for m in _MARKER.finditer(text):
        card = f"src-{turn}-{m.group(1)}"
        label = html.escape(f"{t(lab, 'sources')} {m.group(1)}")
        parts += [esc(text[last:m.start()]),
                  f"<button type='button' class='cite-ref' data-card='{card}' aria-controls='{card}' "
                  f"aria-label='{label}'>{m.group()}</button>"]
        last = m.end()
    return "".join([*parts, esc(text[last:])])


def _passage(cite: dict, place: Place | None, lab: str, lang: str, label: str = "", short: bool = False) -> str:
    """A passage with its answering sentence marked; its section line unless the card's summary gives it."""
    head = f"<div class='pair-label'>{esc(label)}</div>" if label else ""
    if place is not None:
        para = f" · {esc(t(lab, 'paragraph', n=place.paragraph))}" if place.paragraph else ""
        head += f"<div class='cite-section'>§ {esc(place.section)}{para}</div>"
    text, span = str(cite.get("text", "")), cite.get("highlight")
    if short:
        text, span = excerpt(text, span)
    return (f"<div class='passage' lang='{html.escape(lang)}'>{head}"
            f"<div class='cite-text'>{marked(text, span)}</div></div>")


def _card(turn: int, n: int, cite: dict, lab: str, answer_lang: str | None, sources: Sources, opened: bool) -> str:
    place = sources.place(cite)
    lang = (answer_lang or DEFAULT_EDITION) if place.edition == DEFAULT_EDITION else place.edition
    original = cite.get("original")
    if original:  # a translation: the passage and the Chinese original it was made from, side by side
        o_place = sources.place(original)
        head = f"{t(lab, 'original')}: {_title(o_place, lab, None)}"
        body = ("<div class='pair'>" + _passage(cite, None, lab, lang, _translation(lab, place.edition), opened)
                + _passage(_as_dict(original), o_place, lab, DEFAULT_EDITION, head, opened) + "</div>")
    else:
        body = _passage(cite, None, lab, lang, short=opened)
    para = f" · {esc(t(lab, 'paragraph', n=place.paragraph))}" if place.paragraph else ""
    return (f"<details class='source-card' id='src-{turn}-{n}' data-n='{n}'{' open' if opened else ''}>"
            f"<summary><span class='cite-n'>[{n}]</span> <span class='card-section'>{esc(place.section)}</span>"
            f"<span class='card-para'>{para}</span></summary>"
            f"<div class='card-title'>{esc(_title(place, lab, answer_lang))}</div>{body}</details>")


def _translation(lab: str, edition: str) -> str:
    """"Mongolian translation (unofficial)", or the English one: the label of a translated passage."""
    try:
        return t(lab, f"translation_{edition}")
    except KeyError:
        return t(lab, "unofficial").strip(" （）()")


def _as_dict(original: object) -> dict:
    """A Citation.original as a dict, whether kb hands over a dict or (soon) a Citation."""
    if isinstance(original, dict):
        return original
    return {k: attr(original, k) for k in ("id", "text", "source", "section", "highlight")}


def _related(others: list[dict], lab: str) -> str:
    if not others:
        return ""
    items = "".join(
        f"<li><span class='cite-section'>§ {esc(str(c.get('section', '')))}</span> "
        f"{esc(str(c.get('text', ''))[:RELATED_CHARS])}…</li>" for c in others
    )
    return (f"<details class='related'><summary>{esc(t(lab, 'related', n=len(others)))}</summary>"
            f"<ul>{items}</ul></details>")


def _feedback(turn: int, state: dict, lab: str, kiosk: bool) -> str:
    rating, sent = state.get("rating"), state.get("sent")
    if sent or rating == "up":
        return f"<div class='bh-thanks' role='status'>{esc(t(lab, 'thanks'))}</div>"
    if rating != "down":
        return ""
    chips = "".join(f"<button type='button' class='bh-reason' data-reason='{r}' aria-pressed='false'>"
                    f"{esc(t(lab, 'reason_' + r))}</button>" for r in REASONS)
    comment = "" if kiosk else (f"<textarea class='bh-comment' rows='2' maxlength='2000' "
                                f"placeholder='{html.escape(t(lab, 'comment_box'))}'></textarea>")
    return (f"<div class='bh-form' data-turn='{turn}'><div class='bh-why'>{esc(t(lab, 'why'))}</div>"
            f"<div class='bh-reasons'>{chips}</div>{comment}"
            f"<button type='button' class='bh-send' data-turn='{turn}'>{esc(t(lab, 'send'))}</button></div>")


def _actions(turn: int, answer: dict, state: dict, ui: str, lab: str, kiosk: bool, sources: Sources) -> str:
    rating = state.get("rating")
    done = " disabled" if rating else ""
    copy = ""
    if answer.get("found") and not kiosk:  # nobody at the booth takes the clipboard home
        copy = (f"<button type='button' class='bh-copy' data-copy='{html.escape(copy_text(answer, ui, sources))}' "
                f"data-done='{html.escape(t(lab, 'copied'))}'>{esc(t(lab, 'copy'))}</button>")
    rate = "".join(
        f"<button type='button' class='bh-rate' data-turn='{turn}' data-rating='{r}' "
        f"aria-pressed='{'true' if rating == r else 'false'}'{done}>{_icon(r)} {esc(t(lab, key))}</button>"
        for r, key in (("up", "helpful"), ("down", "not_helpful"))
    )
    return f"<div class='bh-actions'>{copy}{rate}</div>{_feedback(turn, state, lab, kiosk)}"


def render_turn(i: int, turn: dict, ui: str, sources: Sources, kiosk: bool = False) -> str:
    """One question and what answers it: the answer with its cards and feedback, a notice, or a pending line."""
    q = str(turn.get("q", "")).strip()
    shown = q[:SHOWN_QUESTION] + ("…" if len(q) > SHOWN_QUESTION else "")
    out = [f"<section class='bh-turn' id='turn-{i}' data-turn='{i}'><div class='bh-question'>{esc(shown)}</div>"]
    answer = turn.get("a")
    if turn.get("pending"):
        out.append(f"<div class='bh-pending' role='status'>{esc(t(ui, 'pending'))}</div>")
    elif isinstance(answer, dict):
        lab = for_answer(ui, answer.get("lang"))
        out.append(f"<div class='bh-answer' lang='{html.escape(str(answer.get('lang', '')))}'>"
                   f"{_answer_text(str(answer.get('answer', '')), i, lab)}</div>")
        cited, others = supporting(answer)
        if cited:
            cards = "".join(_card(i, n, c, lab, answer.get("lang"), sources, kiosk) for n, c in cited)
            out.append(f"<div class='bh-sources'>{cards}{'' if kiosk else _related(others, lab)}</div>")
        out.append(_actions(i, answer, turn.get("fb") or {}, ui, lab, kiosk, sources))
    else:
        notice = str(turn.get("notice", "failed"))
        text = t(ui, notice) if notice in NOTICES else notice
        out.append(f"<div class='bh-notice' role='status'>{esc(text)}</div>")
    return "".join(out) + "</section>"


def render_conversation(turns: list[dict], ui: str, sources: Sources, kiosk: bool = False) -> str:
    """The whole conversation, or the invitation to ask when there is none yet."""
    if not turns:
        return f"<div class='bh-conv bh-empty' data-turns='0'><p>{esc(t(ui, 'chat_placeholder'))}</p></div>"
    body = "".join(render_turn(i, turn, ui, sources, kiosk) for i, turn in enumerate(turns))
    mode = " data-kiosk='1'" if kiosk else ""
    return f"<div class='bh-conv' data-turns='{len(turns)}'{mode}>{body}</div>"
