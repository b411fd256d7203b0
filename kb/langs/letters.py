"""English or Mongolian typed in Latin letters, by letter n-grams: a naive Bayes fitted on the bank's questions.

The word lists of en.py and mn.py decide when they disagree by a word or more; a keyword query
("erenhot throughput 2024 ytd", "bianjiantong app erenhot") often holds no listed word of either,
and 4 % of the bank's English questions were taken for Mongolian that way. Letters still tell:
"-tion", "th", "ough" against "-aar", "uu", "kh", doubled vowels. `kb fit` refits the table
(`letters.json` beside this file) from the bank and the repo's eval questions.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("letters.json")
LANGS = ("en", "mn-Latn")
ORDERS = (1, 2, 3, 4)
MIN_COUNT = 2  # n-grams seen once are mostly names: they would only teach the bank's vocabulary
_WORD = re.compile(r"[a-z]+")


def grams(text: str) -> list[str]:
    """Letter n-grams of each Latin word, padded so word starts and ends count ("^th", "on$")."""
    out = []
    for word in _WORD.findall(text.lower()):
        padded = f"^{word}$"
        out += [padded[i:i + n] for n in ORDERS for i in range(len(padded) - n + 1)]
    return out


def fit(texts: dict[str, Iterable[str]]) -> dict:
    """Per language, each n-gram's log probability (add-one smoothed) and the unseen one's."""
    counts = {lang: Counter(g for t in items for g in grams(t)) for lang, items in texts.items()}
    vocab = {g for c in counts.values() for g, k in c.items() if k >= MIN_COUNT}
    table = {}
    for lang, c in counts.items():
        total = sum(c[g] for g in vocab) + len(vocab) + 1
        table[lang] = {"unseen": math.log(1 / total),
                       "grams": {g: round(math.log((c[g] + 1) / total), 4) for g in sorted(vocab) if c[g]}}
    return table


def save(table: dict, path: Path = TABLE) -> None:
    path.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    _table.cache_clear()


@cache
def _table() -> dict:
    return json.loads(TABLE.read_text(encoding="utf-8")) if TABLE.is_file() else {}


def log_odds(text: str, first: str, second: str, table: dict | None = None) -> float:
    """Mean log-likelihood ratio per n-gram of `first` over `second` (0.0 when nothing tells them apart)."""
    table = _table() if table is None else table
    if first not in table or second not in table:
        return 0.0
    a, b = table[first], table[second]
    gs = [g for g in grams(text) if g in a["grams"] or g in b["grams"]]
    if not gs:
        return 0.0
    return sum(a["grams"].get(g, a["unseen"]) - b["grams"].get(g, b["unseen"]) for g in gs) / len(gs)
