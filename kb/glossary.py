"""Glossary: the report's names and terms in every spelling its editions and readers use (corpus/glossary.tsv)."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb import langs
from kb.langs.base import ACRONYM
from kb.langs.mn_translit import fold

PLACE_TYPES = {"place", "port"}
# Vocabulary (同比, 口岸) rather than a thing of its own: naming one does not make a question stand alone.
GENERIC_TYPES = {"term"}


@dataclass(frozen=True)
class Term:
    id: str
    type: str
    zh: str
    mn: str
    latin: str
    variants: tuple[str, ...]
    note: str
    en: str = ""
    en_variants: tuple[str, ...] = ()

    @property
    def mongolian_forms(self) -> list[str]:
        """Every Cyrillic spelling, folded (ү→у, ө→о) the way phone typing would lose them."""
        forms = [self.mn] + [v for v in self.variants if re.search(r"[\u0400-\u04ff]", v)]
        return [_dashes(fold(f)) for f in forms if len(f) >= 3]

    @property
    def english_forms(self) -> list[str]:
        """The English name and its common variants, lower-cased."""
        return [f.lower() for f in (self.en, *self.en_variants) if len(f) >= 3]

    @property
    def chinese_names(self) -> list[str]:
        """The Chinese spellings of a name (not of a plain term): a Chinese name inside another language's question."""
        if self.type in GENERIC_TYPES:
            return []
        # Not how the report names its own setting (全区, 全盟): that names nothing a question leans on.
        return [f for f in (self.zh, *self.variants) if len(f) >= 2 and re.fullmatch(r"[\u3400-\u9fff]+", f)
                and f not in langs.self_references()]

    def spelling(self, edition: str) -> str:
        """The term as an edition writes it: its column of the glossary."""
        return {"zh": self.zh, "mn": self.mn, "en": self.en}.get(edition, "")


def load_glossary(path: Path) -> list[Term]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Term(r["id"], r["type"], r["zh"], r["mn_cyrl"], r["latin"],
                 tuple(v for v in (r.get("variants") or "").split("|") if v), r.get("note") or "",
                 r.get("en") or "", tuple(v for v in (r.get("en_variants") or "").split("|") if v))
            for r in csv.DictReader(fh, delimiter="\t")
        ]


class Glossary:
    """Finds the report's names in a Mongolian question, to search the Chinese text for them too."""

    def __init__(self, terms: list[Term], compared: frozenset[str] = frozenset(),
                 setting: frozenset[str] = frozenset()) -> None:
        """`compared`: the places a report gives figures for each (a figure for one is not a figure for
        another; places abroad are context, not rivals); `setting`: the places it is about as a whole
        (naming them narrows nothing). Both come from the report specs."""
        self.terms = terms
        self.compared, self.setting = compared, setting
        # Longest first, so "Зүүн хатавч боомт" is found before "боомт" alone; English names too.
        self._forms = sorted(
            ((form, t) for t in terms for form in (*t.mongolian_forms, *t.english_forms, *t.chinese_names)),
            key=lambda ft: -len(ft[0]),
        )
        self._ids = {t.id for t in terms}
        # The forms by their first two letters: a question holds few of them, so `find` tests tens of
        # its 2 000 forms, not all (6 ms of a 35 ms warm answer before).
        self._by_head: dict[str, list[int]] = {}
        for i, (form, _) in enumerate(self._forms):
            self._by_head.setdefault(form[:2], []).append(i)
        # How the report names its own setting (全区/全盟): a question saying only that still leans on the
        # conversation.
        self._every_chinese_form = {
            form for t in terms if t.type not in GENERIC_TYPES for form in (t.zh, *t.variants)
            if len(form) >= 2 and re.search(r"[\u4e00-\u9fff]", form)
        } - langs.self_references()
        self._chinese_forms = sorted(
            ((form, t) for t in terms if t.type in PLACE_TYPES for form in (t.zh, *t.variants)
             if re.search(r"[\u4e00-\u9fff]", form)),
            key=lambda ft: -len(ft[0]),
        )
        # Longest form first, each with the town it stands for: the order place_spans claims text in.
        places = [(form, self._town(t.id)) for form, t in
                  [*self._chinese_forms, *((f, t) for f, t in self._forms if t.type in PLACE_TYPES)]]
        # Dashes as people type them: "Эрээн–Замын-Үүд", "Эрээн-Замын Үүд", "Erenhot - Zamyn Uud".
        self._place_forms = sorted({(_undash(f), town) for f, town in places}, key=lambda ft: (-len(ft[0]), ft))
        # In a question, a name that holds two places ("Эрээн–Замын-Үүдийн бүс", "Erenhot–Zamyn-Üüd zone") asks
        # about the zone, not the two towns: claimed, it stands for no place, or the zone's passages (which say
        # "中蒙经济合作区") would have to name both towns (3 Mongolian repo answers were refused so). In a passage
        # it still names them, for a question that names the towns ("二连浩特扎门乌德合作区…").
        self._port_forms = {_undash(fold(f)) for f, t in [*self._chinese_forms, *self._forms] if t.type == "port"}
        towns = _by_head(places)
        wholes = {(_undash(whole), "") for t in terms if t.type not in PLACE_TYPES | GENERIC_TYPES
                  for whole in (*t.mongolian_forms, *t.english_forms,
                                *(f for f in (t.zh, *t.variants) if re.search(r"[\u4e00-\u9fff]", f)))
                  if len(_named_in(towns, whole)) >= 2}
        self._asked_forms = sorted({*self._place_forms, *wholes}, key=lambda ft: (-len(ft[0]), ft))
        # Each list's forms in order, and the town a form stands for (its first, as the longest-first order claims it).
        self._place_towns, self._asked_towns = (([f for f, _ in fs], dict(reversed(fs)))
                                                for fs in (self._place_forms, self._asked_forms))
        # The same names with their terms, and each term's forms that hold no place: what `plainer` searches by.
        # Only names holding a place the report gives figures for: "京津冀…工作安排" holds Beijing and Tianjin, and
        # its other name is another document.
        self._wholes = sorted({(w, t) for t in terms if t.type not in PLACE_TYPES | GENERIC_TYPES
                               for w in _forms_of(t) if len(named := _named_in(towns, w)) >= 2 and named & compared},
                              key=lambda wt: (-len(wt[0]), wt[0]))
        self._placeless = {t.id: sorted((f for f in _forms_of(t) if not _named_in(towns, f)), key=len, reverse=True)
                           for _, t in self._wholes}
        # The countries a name holds ("中哈霍尔果斯国际边境合作中心" holds Kazakhstan): `find` claims the whole name
        # first, so a country inside it is not found on its own.
        countries = _by_head([(f, c.id) for c in terms if c.type == "country"
                              for f in (*c.mongolian_forms, *c.english_forms, *c.chinese_names)])
        self._holds = {t.id: frozenset().union(*(_named_in(countries, w) for w in
                                                  (*t.mongolian_forms, *t.english_forms, *t.chinese_names)))
                       for t in terms if t.type != "country"}
        # The chain asks about the same sentences many times per question (score, refuse, cite).
        self.place_spans = lru_cache(maxsize=16384)(self._place_spans)  # type: ignore[method-assign]

    def find(self, text: str) -> list[Term]:
        """Terms whose Mongolian spelling (any variant, any case ending) or English name the text contains."""
        text = _dashes(fold(text))
        found: list[Term] = []
        heads = {text[i : i + 2] for i in range(len(text) - 1)}
        candidates = sorted(i for h in heads for i in self._by_head.get(h, ()))
        for form, term in (self._forms[i] for i in candidates):
            if _contains(text, form):
                if term not in found:
                    found.append(term)
                text = _blank(text, form)
        return found

    def countries(self, text: str) -> frozenset[str]:
        """The countries a text names, on their own or inside another name ("中老磨憨—磨丁经济合作区": Laos)."""
        found = self.find(text)
        own = frozenset(t.id for t in found if t.type == "country")
        return own.union(*(self._holds.get(t.id, ()) for t in found))

    def names_anything(self, text: str) -> bool:
        """Whether the text names something the report is about (not a generic term such as 同比), in any script."""
        return any(form in text for form in self._every_chinese_form) or any(
            t.type not in GENERIC_TYPES for t in self.find(text)
        )

    def chinese_for(self, mongolian: str) -> list[str]:
        return [t.zh for t in self.find(mongolian)]

    def originals_for(self, translated: str) -> list[str]:
        """The report's own spelling of each name a question in a translation's language uses."""
        return self.chinese_for(translated)

    def canonical_for(self, text: str, edition: str = "mn") -> list[str]:
        """The edition's spelling of each term the text writes another way ("Эрлянь" → "Эрээн хот", "Erlian" →
        "Erenhot")."""
        folded = _dashes(fold(text))
        return [s for t in self.find(text) if (s := t.spelling(edition)) and _dashes(fold(s)) not in folded]

    def places(self, text: str) -> frozenset[str]:
        """The league's places a text names, in Chinese or Mongolian; a port counts as its town.

        "二连浩特公路口岸" and "Эрээн хот" both give "erenhot": answer picking asks
        whether a sentence is about the place the question is about, or several.
        """
        return frozenset(town for _, _, town in self.place_spans(text))

    def places_anywhere(self, text: str, asked: bool = False) -> frozenset[str]:
        """Every place and port the text names, at home or abroad; `asked`: as a question asks about them."""
        return frozenset(town for _, _, town in self.place_spans(text, league_only=False, asked=asked))

    def towns(self, text: str) -> frozenset[str]:
        """The places a text names as places, not by a port's name: "经二连浩特口岸" names the port, "二连浩特市"
        the town."""
        folded = _undash(fold(text))
        return frozenset(town for a, b, town in self.place_spans(text, league_only=False)
                         if folded[a:b] not in self._port_forms)

    def place_spans(self, text: str, league_only: bool = True, asked: bool = False) -> tuple[tuple[int, int, str], ...]:
        """Where the text names a place (by default one of the league's): (start, end, town), in text order."""
        return self._place_spans(text, league_only, asked)  # replaced by a cached copy per instance

    def _place_spans(self, text: str, league_only: bool = True,
                     asked: bool = False) -> tuple[tuple[int, int, str], ...]:
        # Folding keeps every character's position, so spans found in it hold for `text`.
        forms, town_of = self._asked_towns if asked else self._place_towns
        return tuple(sorted((a, b, town) for a, b, form in _claims(_undash(fold(text)), forms)
                            if (town := town_of[form]) and (town in self.compared or not league_only)))

    def plain_forms(self, edition_text: str) -> dict[str, str]:
        """For each name that holds two places, the longest form of its term that names none and that the
        edition writes: "中蒙二连浩特—扎门乌德经济合作区" → "中蒙经济合作区", as the zone's other sentences say."""
        folded = _bare(edition_text)
        out: dict[str, str] = {}
        for whole, term in self._wholes:
            plain = next((f for f in self._placeless[term.id] if _contains(folded, f)), None)
            if plain:
                out[whole] = plain
        return out

    def plainer(self, text: str, forms: dict[str, str]) -> str:
        """The text with each name holding two places written as `plain_forms` gives it: the question is about
        the zone, and a search by the two towns' names found the one sentence that names the zone in full (the
        approval) for any question about it."""
        pieces, end = [], 0
        for a, b, whole in sorted(_claims(_bare(text), forms)):  # `forms` is longest first
            pieces += [text[end:a], forms[whole]]
            end = b
        return "".join([*pieces, text[end:]])

    def _town(self, term_id: str) -> str:
        head = term_id.split("_")[0]
        return head if head in self._ids else term_id

    def names(self) -> frozenset[str]:
        """Whole names of places, ports, organisations, projects and programmes in Han script (not plain terms).

        Whole names only: "国道207线…公路" must not make 公路 a name, or a question's plain
        words would be taken for names and the unknown-word share would be measured on too few.
        """
        return frozenset(
            name for t in self.terms if t.type not in {"term", "product"} for name in (t.zh, *t.variants)
            if re.fullmatch(r"[\u3400-\u9fff]{2,}", name)
        )

    def acronyms(self) -> frozenset[str]:
        """Abbreviations the glossary knows (ӨМӨЗО, IMAR): another way to name something the report names."""
        return frozenset(a for t in self.terms for v in t.variants for a in ACRONYM.findall(v))

    def word_list(self) -> list[str]:
        """The Han-script names a tokeniser must keep whole."""
        return [t.zh for t in self.terms if t.zh]

    def cyrillic_vocabulary(self) -> list[str]:
        return [t.mn for t in self.terms] + [v for t in self.terms for v in t.variants]


def _claims(folded: str, forms: Iterable[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, form) wherever each form stands, in the order given: a form claims its text, so a shorter name
    inside a longer one ("二连" in "二连浩特") is not found again."""
    for form in forms:
        start = _find(folded, form)
        while start >= 0:
            yield start, start + len(form), form
            folded = folded[:start] + "\0" * len(form) + folded[start + len(form) :]
            start = _find(folded, form, start + len(form))


def _forms_of(term: Term) -> set[str]:
    """Every spelling of a term as a folded, undashed text is searched for it."""
    return {_bare(f) for f in (*term.mongolian_forms, *term.english_forms, term.zh, *term.variants) if len(f) >= 2}


def _cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def _latin(form: str) -> bool:
    return form.isascii()


def _find(text: str, form: str, start: int = 0) -> int:
    """Where a name stands in the text: anywhere for a Chinese or Cyrillic form (Mongolian adds endings),
    as a word for a Latin one ("port" is not in "export")."""
    if not _latin(form):
        at = text.find(form, start)
        # A Cyrillic name starts a word: "гэрээний" (of the contract) holds "эрээн" and named Erenhot.
        if at > 0 and _cyrillic(form[0]):
            while at > 0 and _cyrillic(text[at - 1]):
                at = text.find(form, at + 1)
        return at
    if form not in text:  # the substring test first: a regex per name per question cost 100 ms (kb eval)
        return -1
    m = _word_start(form).search(text, start)
    return m.start() if m else -1


def _by_head(named: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """(form, what it names) by the form's first two letters, forms of two letters or more."""
    index: dict[str, list[tuple[str, str]]] = {}
    for form, what in named:
        if len(form) >= 2:
            index.setdefault(form[:2], []).append((form, what))
    return index


def _named_in(index: dict[str, list[tuple[str, str]]], text: str) -> set[str]:
    """What the indexed forms found in the text name: only forms whose first two letters stand in it are tried
    (each form against each name made a glossary take 0.6 s to build instead of 0.03 s)."""
    heads = {text[i : i + 2] for i in range(len(text) - 1)}
    return {what for head in heads for form, what in index.get(head, ()) if _contains(text, form)}


def _dashes(text: str) -> str:
    """En and em dashes as the hyphen phones type, one for one: "Эрээн-Замын-Үүдийн хамтын ажиллагааны бүс" is the
    zone ("Эрээн–Замын-Үүдийн …"), not Erenhot and Zamyn-Üüd, which refused it as asking of both towns."""
    return _DASHES.sub("-", text)


# Between Cyrillic letters only: English forms keep their dashes, whose query expansion e5 was measured on (with
# "China-Europe" typed as the term, "how many kinds of goods…" searched the trains' count, not the goods').
_DASHES = re.compile(r"(?<=[\u0400-\u04ff])[–—](?=[\u0400-\u04ff])")


def _undash(text: str) -> str:
    """Dashes and hyphens as spaces, one for one, so spans found stay where they are."""
    return re.sub(r"[–—-]", " ", text)


def _bare(text: str) -> str:
    """Folded, undashed and without Latin accents, one letter for one: "Zamyn-Üüd" is "zamyn uud"."""
    return "".join(c if c.isascii() or not c.isalpha() or _cyrillic(c) or c >= "\u3400"
                   else unicodedata.normalize("NFD", c)[0] for c in _undash(fold(text)))


def _contains(text: str, form: str) -> bool:
    return _find(text, form) >= 0


def _blank(text: str, form: str) -> str:
    if not _latin(form):
        return text.replace(form, " ")
    return _word_start(form).sub(" ", text) if form in text else text


@lru_cache(maxsize=4096)
def _word_start(form: str) -> re.Pattern[str]:
    # A whole word, or the word with an English ending ("ports", "Erenhot's", "Mongolian", "importer"):
    # "car" is not in "cargo" nor "train" in "training" (both put a product in the question's search).
    return re.compile(r"(?<![a-z])" + re.escape(form) + r"(?:s|es|ed|d|n|ns|er|ers|'s|’s)?(?![a-z])")
