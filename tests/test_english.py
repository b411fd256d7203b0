"""English: an edition of its own, told apart from Mongolian typed in Latin letters, answered in English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kb import langs
from kb.ingest import load_alignment
from kb.langs import en as en_pack

en, zh = langs.pack("en"), langs.pack("zh")


@pytest.mark.parametrize(("text", "lang"), [
    ("Erenhot freight", "en"),
    ("trains to Europe?", "en"),
    ("How much cargo went through 二连浩特?", "en"),
    ("Ereen boomtoor heden tonn achaa nevtersen be?", "mn-Latn"),
    ("Zamiin-Uud Ereen ediin zasgiin hamtiin ajillagaanii bus hezee batlagdsan be?", "mn-Latn"),
    ("erlianhaote kouan huoyunliang", "mn-Latn"),  # pinyin is not English
    # Keyword queries with no listed word of either language: the letters decide.
    ("zhuengadabuqi tonnage record?", "en"),
    ("trailer trucks zhuengadabuqi", "en"),
    ("overseas warehouse erenhot russia", "en"),
    ("solar fridge mongolia", "en"),
    ("ereen boomtoor garsan achaa", "mn-Latn"),
    ("zamiin uud hamtiin bus hezee", "mn-Latn"),
    # Chinese only for its names: asked in the language around them; Chinese that asks stays Chinese.
    ("二连浩特航空口岸 opened?", "en"),
    ("二连浩特 智慧口岸 试点 хэзээ", "mn-Cyrl"),
    ("二连浩特 FDI", "zh-Hans"),
    ("边检通app怎么下载", "zh-Hans"),
    ("边检通app", "zh-Hans"),
])
def test_english_is_told_from_latin_typed_mongolian_and_pinyin(text, lang):
    assert langs.detect(text) == lang


def test_english_figures_are_read_as_values():
    assert en.values("19.641 million tonnes") == zh.values("1964.1万吨") == [Decimal(19641000)]
    assert en.values("112.93 million yuan") == zh.values("1亿1293万元")
    assert en.values("US$27.5511 million") == zh.values("2755.11万美元")
    assert en.values("3,112 trains") == [Decimal(3112)]


def test_every_aligned_english_sentence_states_the_same_values(spec):
    pairs = load_alignment(spec)
    assert len(pairs) >= 90 and all(p["en"] for p in pairs)
    for p in pairs:
        original, translated = set(zh.values(p["zh"])), set(en.values(p["en"])) | en.numeral_values(p["en"])
        assert original <= translated, (p.block_id, p.n, original - translated, p["en"])


def test_english_edition_mirrors_the_report(editions):
    original, english = editions[0], next(e for e in editions if e.lang == "en")
    assert [(b.block_id, b.kind) for b in english.doc.blocks] == [(b.block_id, b.kind) for b in original.doc.blocks]


def test_english_question_answered_in_english_with_the_chinese_original(bot):
    answer = bot.ask("How much freight passed through Erenhot port in January–November 2024?")
    assert answer.lang == "en" and answer.found and "19.641 million tonnes" in answer.answer
    first = answer.citations[0]
    assert first.source.startswith("report.en.md:") and first.original and "1964.1万吨" in first.original.text
    a, b = first.original.highlight
    assert "1964.1万吨" in first.original.text[a:b]


def test_not_covered_in_english(bot):
    answer = bot.ask("What is the hotel price in Erenhot this winter?")
    assert not answer.found and answer.answer == "The report does not cover this."


@pytest.mark.parametrize(("question", "figure"), [
    ("How much cargo went through 二连浩特?", "19.641 million tonnes"),  # a Chinese name in an English question
    ("how much stuff went through erenhot", "19.641 million tonnes"),
    ("How much cargo went through Zhuengadabuqi?", "3.255 million tonnes"),
])
def test_cargo_asked_in_everyday_words_is_the_freight_volume(bot, question, figure):
    # "cargo" also stands in "strengthened cargo organisation": the freight figure must win over that wording.
    answer = bot.ask(question)
    assert answer.lang == "en" and answer.found and figure in answer.answer


def test_a_shortened_month_matches_the_month_the_edition_spells_out():
    """"Jan-Oct" is the editions' "January to October" (it matched nothing and lost to a neighbour sentence)."""
    asked = langs.tokens("erenhot imports exports jan-oct")
    assert {"january", "october"} <= asked
    assert langs.tokens("May") == {"may"}  # a month written whole is itself


def test_trains_named_are_not_a_count_of_trains_asked():
    kind = next(k for k in en_pack.KINDS if k.name == "trains")
    assert kind.asks.search("How many trains left Erenhot?")
    assert kind.asks.search("china europe trains erenhot 2024?")  # a keyword query wants the figure
    assert not kind.asks.search("What do the westbound trains carry out of China?")
    assert not kind.asks.search("Which countries do the trains reach?")
