"""The glossary view: every entry of corpus/glossary.tsv, searched in any script, paged, in the interface language.

corpus/glossary.tsv is written for maintainers: its notes are English and carry curation
remarks ("uncertain: …", "The PDF writes …"). Visitors read ui/glossary_notes.tsv instead:
each entry's note for readers, in English, Chinese and Mongolian, without those remarks.
"""

from __future__ import annotations

import csv
import html
import math
import re
from pathlib import Path

from kb import langs
from kb.glossary import Term
from ui.i18n import chinese_for, column, label_columns, name_titles, t, writes_notes

NOTES = Path(__file__).with_name("glossary_notes.tsv")
PAGE = 20  # entries a page: a phone screen or two of cards
# A note's curation remarks, for an entry the notes file does not cover yet (English interface only).
_CURATION = re.compile(r"(uncertain|PDF|OCR|transliteration|no established|no official|spellings? vary)", re.I)


def load_notes(path: Path = NOTES) -> dict[str, dict[str, str]]:
    """{term id: {"en": …, "zh": …, "mn": …}} from the readers' notes file."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["id"]: {k: (r.get(k) or "").strip() for k in label_columns()}
                for r in csv.DictReader(fh, delimiter="\t")}


def reader_note(note: str) -> str:
    """A maintainer's note without its curation remarks: the sentences that name none."""
    sentences = re.split(r"(?<=[.;])\s+", note.strip())
    return " ".join(s for s in sentences if s and not _CURATION.search(s)).strip()


def note_for(term: Term, ui: str, notes: dict[str, dict[str, str]]) -> str:
    """The note a reader of `ui` sees: the readers' note in that language, else nothing rather than English."""
    mine = column(notes.get(term.id, {}), ui)
    return mine or (reader_note(term.note) if writes_notes(ui) else "")


def type_name(term: Term, ui: str) -> str:
    key = f"type_{term.type}"
    try:
        return t(ui, key)
    except KeyError:
        return term.type


def _norm(text: str) -> str:
    # Traditional finds Simplified, and "Зуун хатавч" typed without ү/ө finds "Зүүн хатавч".
    return langs.search_key(text)


def search(terms: list[Term], query: str, notes: dict[str, dict[str, str]] | None = None) -> list[Term]:
    """Terms whose names, spellings or notes hold the query; names matching better come first."""
    q = _norm(query or "")
    if not q:
        return list(terms)
    notes = notes or {}
    ranked = []
    for term in terms:
        names = [_norm(n) for n in (term.zh, term.mn, term.latin, *term.variants) if n]
        if q in names:
            rank = 0
        elif any(n.startswith(q) for n in names):
            rank = 1
        elif any(q in n for n in names):
            rank = 2
        elif q == term.id.lower() or any(q in _norm(n) for n in notes.get(term.id, {}).values()):
            rank = 3
        else:
            continue
        ranked.append((rank, term))
    return [term for _, term in sorted(ranked, key=lambda r: r[0])]


def pages(n: int) -> int:
    return max(1, math.ceil(n / PAGE))


def _pager(page: int, total: int, ui: str) -> str:
    last = pages(total) - 1
    prev_off = " disabled" if page <= 0 else ""
    next_off = " disabled" if page >= last else ""
    where = html.escape(t(ui, "page", page=page + 1, pages=last + 1))
    return (f"<nav class='g-pager'><button type='button' class='g-page' data-page='{page - 1}'{prev_off}>‹ "
            f"{html.escape(t(ui, 'prev'))}</button><span class='g-where'>{where}</span>"
            f"<button type='button' class='g-page' data-page='{page + 1}'{next_off}>{html.escape(t(ui, 'next'))} ›"
            f"</button></nav>")


def glossary_html(terms: list[Term], query: str, ui: str, page: int = 0,
                  notes: dict[str, dict[str, str]] | None = None) -> str:
    """One page of the entries matching `query`, as cards, with the count and the pager."""
    notes = notes if notes is not None else {}
    found = search(terms, query, notes)
    page = min(max(0, int(page)), pages(len(found)) - 1)
    e = html.escape
    cards = []
    zh_title, mn_title, latin_title = name_titles(ui)
    for term in found[page * PAGE:(page + 1) * PAGE]:
        zh = chinese_for(ui, term.zh)
        note = note_for(term, ui, notes)
        cards.append(
            f"<article class='g-term' data-term='{e(term.id)}'><div class='g-names'>"
            f"<span class='g-zh' lang='zh' title='{e(zh_title)}'>{e(zh)}</span>"
            f"<span class='g-mn' lang='mn' title='{e(mn_title)}'>{e(term.mn)}</span>"
            f"<span class='g-latin' title='{e(latin_title)}'>{e(term.latin)}</span></div>"
            f"<span class='g-type'>{e(type_name(term, ui))}</span>"
            + (f"<p class='g-note'>{e(note)}</p>" if note else "") + "</article>"
        )
    count = t(ui, "glossary_count", n=len(found)) if found else t(ui, "glossary_none")
    pager = _pager(page, len(found), ui) if len(found) > PAGE else ""
    return (f"<div class='bh-glossary' data-page='{page}'><p class='glossary-count'>{e(count)}</p>"
            f"<div class='g-list'>{''.join(cards)}</div>{pager}</div>")
