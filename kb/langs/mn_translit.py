"""Mongolian typed in Latin letters, back to Cyrillic, guided by a vocabulary (part of the Mongolian pack).

Phone typing drops ү/ө and spells х as h or kh, so "Zuun hatavch" could be
several Cyrillic strings. Rules give a first spelling; the glossary and the
words of the Mongolian edition then decide the ambiguous letters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_MULTI = [
    ("ai", "ай"), ("oi", "ой"), ("ui", "уй"), ("ei", "эй"), ("kh", "х"), ("sh", "ш"), ("ch", "ч"), ("ts", "ц"),
    ("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("ye", "е"),
]
_SINGLE = dict(zip("abvgdejziklmnoprstufhcyqwx", "абвгдэжзиклмнопрстуфхцыквк", strict=True))
_SINGLE["x"] = "кс"
# Typed so where a keyboard has them: the repo's Cyrillic questions so romanised were answered 0.883, now
# 0.959, as when typed u and o.
_SINGLE.update({"ü": "ү", "ö": "ө"})
# Letters a phone keyboard cannot tell apart: fold them so both spellings meet.
_FOLD = str.maketrans({"ү": "у", "ө": "о", "е": "э", "ь": "", "ъ": ""})
# … and looser still, where nothing meets the first fold: ө is typed u as often as o ("hurungu" is хөрөнгө).
_LOOSE = str.maketrans({"у": "о"})
_WORD = re.compile(r"[A-Za-zÜüÖö]+(?:['’][A-Za-zÜüÖö]+)?")
_CYRL_WORD = re.compile(r"[\u0400-\u04ff]+")
MIN_PREFIX = 4
# The letters a Russian keyboard types for ү and ө.
_RUSSIAN_KEYS = re.compile(r"[уо]")


def rule_translit(word: str) -> str:
    """Letter-by-letter Latin → Cyrillic, choosing у/о/э where the keyboard is ambiguous."""
    w, out, i = word.lower(), [], 0
    while i < len(w):
        pair = w[i : i + 2]
        hit = next((c for lat, c in _MULTI if pair == lat), None)
        if hit:
            out.append(hit)
            i += 2
        else:
            out.append(_SINGLE.get(w[i], w[i]))
            i += 1
    return "".join(out)


# Where one Latin spelling stands for several Cyrillic ones, try each ("buyu" is буюу, "yagaad" яагаад).
_AMBIGUOUS = [("ii", ("ий", "ы", "ии")), ("yu", ("ю", "юу")), ("ya", ("я", "яа")), ("yo", ("ё",)), ("ye", ("е",)),
              ("y", ("ы", "й", "ү")),
              # x is х as often as h is ("xeden", "xaana"): the repo's Latin questions so retyped were answered
              # 0.803 against 0.908; кс stays for the loanwords that write it ("export" is экспорт).
              ("x", ("х", "кс"))]
MAX_SPELLINGS = 16


def spellings(word: str) -> list[str]:
    """Cyrillic spellings of a Latin word, the rule spelling first."""
    out = [""]
    w, i = word.lower(), 0
    while i < len(w):
        for lat, options in _AMBIGUOUS:
            if w.startswith(lat, i):
                out = [o + c for o in out for c in options][:MAX_SPELLINGS]
                i += len(lat)
                break
        else:
            j = i + 1
            while j < len(w) and not any(w.startswith(lat, j) for lat, _ in _AMBIGUOUS):
                j += 1
            piece = rule_translit(w[i:j])
            out = [o + piece for o in out]
            i = j
    return out


def fold(cyrillic: str) -> str:
    return cyrillic.lower().translate(_FOLD)


def _loose(folded: str) -> str:
    return folded.translate(_LOOSE)


# A word the editions capitalise this often is a name, and is written so.
NAME_SHARE = 0.8


class Transliterator:
    """Latin-typed Mongolian → Cyrillic, preferring spellings the vocabulary knows."""

    def __init__(self, vocabulary: Iterable[str], phrases: dict[str, str] | None = None) -> None:
        forms = Counter(w for text in vocabulary for w in _CYRL_WORD.findall(text))
        counts: Counter[str] = Counter()
        for w, n in forms.items():
            counts[w.lower()] += n
        # Names as the editions write them ("Эрээн"): e5 read "эрээн боомтоор хэдэн тонн…" nearest to a
        # question about trains a day, "Эрээн боомтоор хэдэн тонн…" nearest to the freight's own.
        self._names = {w.lower(): w for w, n in forms.items()
                       if w[:1].isupper() and n >= NAME_SHARE * counts[w.lower()] and counts[w.lower()] >= 2}
        self._by_fold: dict[str, str] = {}
        for word, _ in counts.most_common():
            self._by_fold.setdefault(fold(word), word)
        self._by_loose: dict[str, str] = {}
        for key, word in self._by_fold.items():
            self._by_loose.setdefault(_loose(key), word)
        self._folds = sorted(self._by_fold)
        self._known = set(counts)
        # Longest phrases first, so "Zamyn Uud" wins over "Zamyn".
        self._phrases = sorted(((k.lower(), v) for k, v in (phrases or {}).items()), key=lambda kv: -len(kv[0]))

    def word(self, latin: str) -> str:
        guesses = spellings(latin)
        for lookup, key in ((self._by_fold, fold), (self._by_loose, lambda g: _loose(fold(g)))):
            for guess in guesses:
                hit = lookup.get(key(guess))
                if hit:
                    return hit
        # A known stem with another suffix ("hurungu" → "хөрөнгө…"): keep the stem's letters.
        best, best_guess = "", guesses[0]
        for guess in guesses:
            stem = self._stem(fold(guess))
            if len(stem) > len(best):
                best, best_guess = stem, guess
        return best + best_guess[len(best) :] if best else guesses[0]

    def _stem(self, key: str) -> str:
        """The letters of the known word sharing the longest prefix (MIN_PREFIX at least) with a folded key."""
        n, cand = max(((_common_prefix(c, key), c) for c in self._candidates(key)), key=lambda t: t[0],
                      default=(0, ""))
        return self._by_fold[cand][:n] if n >= MIN_PREFIX else ""

    def _candidates(self, key: str) -> list[str]:
        import bisect

        lo = bisect.bisect_left(self._folds, key[:MIN_PREFIX])
        hi = bisect.bisect_right(self._folds, key[:MIN_PREFIX] + "\uffff")
        return self._folds[lo:hi]

    def text(self, latin_text: str) -> str:
        out = latin_text
        for latin, cyrillic in self._phrases:
            out = re.sub(rf"(?<![A-Za-z]){re.escape(latin)}(?![A-Za-z])", cyrillic, out, flags=re.IGNORECASE)
        return _WORD.sub(lambda m: self._cased(m.group()), out)

    def respell(self, cyrillic_text: str) -> str:
        """Cyrillic typed on a Russian keyboard, у for ү and о for ө ("гадаад хоронго оруулалт" for "гадаад
        хөрөнгө оруулалт"), with the letters the editions write: the repo's Cyrillic questions so
        typed were answered 0.861 against 0.948 as written. A word the vocabulary knows is left as typed."""
        return _CYRL_WORD.sub(lambda m: self._respelled(m.group()), cyrillic_text)

    def _respelled(self, word: str) -> str:
        low = word.lower()
        if low in self._known or not _RUSSIAN_KEYS.search(low):
            return word
        key = fold(low)
        known = self._by_fold.get(key)
        if known is None:
            # A known stem with another ending ("хоронгийн" → "хөрөнг…"): its letters for the stem's length.
            stem = self._stem(key)
            if not stem or fold(stem) != key[: len(stem)]:
                return word
            known = stem + low[len(stem) :]
        if len(known) != len(low):
            return word
        # Only ү and ө are restored: every other letter stays as typed, capitals included.
        return "".join((k.upper() if c.isupper() else k) if c.lower() in "уо" and k in "үө" else c
                       for c, k in zip(word, known, strict=True))

    def _cased(self, latin: str) -> str:
        # An abbreviation stays one ("DNB" → "ДНБ"): the answer step tells it from a word by its capitals.
        word = self.word(latin)
        if len(latin) > 1 and latin.isupper():
            return word.upper()
        word = self._names.get(word, word)
        return word[:1].upper() + word[1:] if latin[:1].isupper() else word


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
