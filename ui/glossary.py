"""The glossary view: corpus/glossary.tsv searched in any script, shown as an escaped HTML table."""

from __future__ import annotations

import html

from kb import langs
from kb.glossary import Term
from ui.i18n import t

SHOWN = 60  # rows at most: the whole glossary (~250 rows) is too long to scan on one screen


def _norm(text: str) -> str:
    # Traditional finds Simplified, and "Зуун хатавч" typed without ү/ө finds "Зүүн хатавч".
    return langs.search_key(text)


def search(terms: list[Term], query: str) -> list[Term]:
    """Terms whose names, spellings or note hold the query; names matching better come first."""
    q = _norm(query or "")
    if not q:
        return list(terms)
    ranked = []
    for term in terms:
        names = [_norm(n) for n in (term.zh, term.mn, term.latin, *term.variants) if n]
        if q in names:
            rank = 0
        elif any(n.startswith(q) for n in names):
            rank = 1
        elif any(q in n for n in names):
            rank = 2
        elif q in _norm(term.note) or q == term.id.lower():
            rank = 3
        else:
            continue
        ranked.append((rank, term))
    return [term for _, term in sorted(ranked, key=lambda r: r[0])]


def glossary_html(terms: list[Term], query: str, ui: str) -> str:
    found = search(terms, query)
    cols = ["type", "zh", "mn_cyrl", "latin", "note"]
    head = "".join(f"<th>{html.escape(t(ui, c))}</th>" for c in cols)
    rows = []
    for term in found[:SHOWN]:
        cells = [term.type, term.zh, term.mn, term.latin, term.note]
        rows.append(
            f"<tr data-term='{html.escape(term.id)}'>"
            + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
        )
    count = html.escape(t(ui, "glossary_count", n=len(found), shown=min(len(found), SHOWN)))
    return (
        f"<div class='bh-glossary'><p class='glossary-count'>{count}</p>"
        f"<table class='glossary-table'><tr>{head}</tr>{''.join(rows)}</table></div>"
    )
