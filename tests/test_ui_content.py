"""What the conversation shows, without a browser: escaping, source cards, citing lines, strings, the stored session."""

from __future__ import annotations

import re

import pytest

from kb.chain import Answer, Citation
from kb.settings import PROJECT_ROOT
from tests.ui_browser import paragraph_of
from ui.chat import clean_session, history_of
from ui.i18n import STRINGS, for_answer, polite
from ui.render import copy_text, excerpt, plain, render_conversation, render_turn, supporting
from ui.sources import Sources

SOURCES = Sources(PROJECT_ROOT / "corpus")
TITLE_ZH = "书写国家向北开放重要桥头堡崭新篇章"


def _answer(**kw) -> dict:
    text, sentence = "前文。<b>其中</b>货运量完成1964.1万吨；后文。", "<b>其中</b>货运量完成1964.1万吨；"
    span = [text.index(sentence), text.index(sentence) + len(sentence)]
    cite = Citation("c1", text, "report.zh.md:1-20", "推动<口岸>", 1.0, span)
    other = Citation("c2", "无关的段落。", "report.zh.md:30-40", "边民互市", 0.5)
    return Answer(**{"question": "q", "answer": "<b>其中</b>货运量完成1964.1万吨；[1]", "found": True,
                     "lang": "zh-Hans", "citations": [cite, other], **kw}).to_dict()


def test_report_text_is_escaped_and_the_answering_sentence_marked():
    html = render_turn(0, {"q": "<i>问</i>", "a": _answer(), "fb": {}}, "zh", SOURCES)
    assert "<b>" not in html and "<i>" not in html and "&lt;b&gt;其中&lt;/b&gt;" in html
    assert "推动&lt;口岸&gt;" in html
    assert re.search(r"<mark>&lt;b&gt;其中&lt;/b&gt;货运量完成1964\.1万吨；</mark>", html)
    assert "data-card='src-0-1'" in html and "id='src-0-1'" in html  # [1] opens card 1 of turn 0


def test_only_what_the_answer_cites_is_a_source_card_the_rest_is_related():
    answer = _answer()
    cited, others = supporting(answer)
    assert [n for n, _ in cited] == [1] and [c["id"] for c in others] == ["c2"]
    html = render_turn(0, {"q": "q", "a": answer}, "en", SOURCES)
    assert html.count("class='source-card'") == 1 and "Other related passages (1)" in html
    assert "class='related'" not in render_turn(0, {"q": "q", "a": answer}, "en", SOURCES, kiosk=True)
    refused = Answer("q", "报告没有涉及这个问题。", False, "zh-Hans", []).to_dict()
    assert supporting(refused) == ([], []) and "bh-copy" not in render_turn(0, {"q": "q", "a": refused}, "zh", SOURCES)


@pytest.mark.parametrize("as_dict", [True, False])
def test_a_mongolian_citation_shows_its_chinese_original_beside_it(as_dict: bool):
    original = {"id": "z1", "text": "甲。二连浩特口岸完成1964.1万吨。", "highlight": [2, 19], "section": "推动口岸货运",
                "source": "report.zh.md:269-470"}
    if not as_dict:  # the shape kb.chain is moving to: the original as a Citation
        original = Citation(original["id"], original["text"], original["source"], original["section"], 1.0, [2, 19])
    cite = Citation("m1", "А. Эрээн боомт 19.641 сая тонн.", "report.mn.md:1185-1882", "Боомт", 1.0, [3, 31])
    answer = {**Answer("q", "Эрээн боомт 19.641 сая тонн.[1]", True, "mn-Cyrl", [cite]).to_dict()}
    answer["citations"][0]["original"] = original
    html = render_turn(0, {"q": "q", "a": answer}, "mn", SOURCES)
    pair = html[html.index("<div class='pair'>"):]
    assert pair.index("lang='mn'") < pair.index("lang='zh'")
    assert "<mark>二连浩特口岸完成1964.1万吨。</mark>" in pair and "<mark>Эрээн боомт 19.641 сая тонн.</mark>" in pair
    assert "§ 推动口岸货运" in pair and STRINGS["mn"]["original"] in pair and TITLE_ZH in pair


def test_a_citation_is_placed_by_report_title_section_and_paragraph(bot):
    freight = bot.ask("二连浩特口岸1-11月进出口货运量是多少？").citations[0]
    place = SOURCES.place(freight)
    assert (place.title, place.section, place.paragraph, place.translation) == (TITLE_ZH, "推动口岸货运通关提速增效", 1,
                                                                                 False)
    for q in ["入境多少列？", "二连浩特航空口岸是第几个航空口岸？", "Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?"]:
        for cite in bot.ask(q).citations:
            got = SOURCES.place(cite)
            assert got.paragraph == paragraph_of(cite.source, cite.highlight), (q, cite.source)
            assert got.section == cite.section and got.title
    mn = SOURCES.place(bot.ask("Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?").citations[0])
    assert mn.translation and mn.title.startswith("Улсын хойд зүгт") and mn.paragraph == 1
    assert SOURCES.place({"source": "somewhere else", "section": "§"}).paragraph is None


def test_copy_is_plain_text_with_title_section_and_paragraph_in_the_interface_language(bot):
    answer = bot.ask("二连浩特口岸1-11月进出口货运量是多少？").to_dict()
    text = copy_text(answer, "en", SOURCES)
    assert text.startswith(answer["answer"]) and "<" not in text
    assert text.splitlines()[-1] == (f"[1] Source: {TITLE_ZH} (Writing a New Chapter for the Northern Bridgehead of "
                                     "China's Opening-up), section “推动口岸货运通关提速增效”, paragraph 1")
    zh = copy_text(answer, "zh", SOURCES).splitlines()[-1]
    assert zh == f"[1] 出处：《{TITLE_ZH}》，“推动口岸货运通关提速增效”一节，第1段"
    mn = copy_text(bot.ask("Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?").to_dict(), "mn", SOURCES).splitlines()
    assert mn[-2].startswith("[1] Эх сурвалж: «Улсын хойд") and "албан бус орчуулга" in mn[-2]
    assert mn[-1].strip() == f"Хятад эх: «{TITLE_ZH}», «推动口岸货运通关提速增效» бүлэг, 1-р догол мөр"
    en = copy_text(bot.ask("What was Erenhot port's import and export freight volume?").to_dict(), "en", SOURCES)
    line, original = en.splitlines()[-2:]
    assert line.startswith("[1] Source: Writing a New Chapter") and "(unofficial translation), section “" in line
    assert original.strip().startswith(f"Chinese original: {TITLE_ZH}") and "paragraph 1" in original
    hant = bot.ask("二連浩特口岸的進出口貨運量是多少？").to_dict()
    assert copy_text(hant, "zh", SOURCES).splitlines()[-1].startswith("[1] 出處：《書寫國家")


def test_the_booth_shows_the_answering_sentence_with_a_sentence_either_side():
    text = "甲句。乙句其中1964.1万吨；丙句。丁句。"
    a = text.index("乙")
    shown, span = excerpt(text, [a, text.index("；") + 1])
    assert shown == "甲句。乙句其中1964.1万吨；丙句。…" and shown[span[0]:span[1]] == "乙句其中1964.1万吨；"
    mn = "Нэг. Хоёр 2023 онд. Гурав 19.641 сая тонн; Дөрөв. Тав."
    shown, span = excerpt(mn, [mn.index("Гурав"), mn.index(";") + 1])
    assert shown == "…Хоёр 2023 онд. Гурав 19.641 сая тонн; Дөрөв.…" and shown[span[0]:span[1]].startswith("Гурав")


def test_a_question_is_shown_as_text_and_cut_when_huge():
    html = render_turn(0, {"q": "<script>alert(1)</script>", "a": None, "notice": "no_words"}, "zh", SOURCES)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert STRINGS["zh"]["no_words"] in html and "bh-rate" not in html
    assert len(render_turn(0, {"q": "长" * 10_000, "a": None, "notice": "failed"}, "zh", SOURCES)) < 700
    assert STRINGS["en"]["chat_placeholder"] in render_conversation([], "en", SOURCES)


def test_every_language_has_every_string_and_traditional_is_traditional():
    keys = set(STRINGS["zh"])
    assert all(set(s) == keys for s in STRINGS.values())
    assert STRINGS["zh-Hant"]["sources"] == "出處" and STRINGS["zh-Hant"]["tab_glossary"] == "術語表"
    assert for_answer("zh", "zh-Hant") == "zh-Hant" and for_answer("zh-Hant", "zh-Hans") == "zh"
    assert for_answer("mn", "zh-Hant") == "mn"
    assert polite("zh", "") == STRINGS["zh"]["empty"]
    assert "10000" in polite("mn", "長" * 10_000)
    assert polite("en", "😀😀") == STRINGS["en"]["no_words"]


def test_a_stored_conversation_is_kept_only_where_well_formed():
    good = {"q": "问", "a": _answer(), "fb": {"rating": "down", "sent": True, "x": 1}, "next": ["接着", 3]}
    raw = {"turns": [good, {"q": 5}, "junk", {"q": "等", "pending": True}, {"q": "😀", "a": None, "notice": "no_words"},
                     {"q": "x", "a": {"answer": 7}}]}
    turns = clean_session(raw)["turns"]
    assert [t["q"] for t in turns] == ["问", "😀"] and turns[0]["fb"] == {"rating": "down", "sent": True}
    assert turns[0]["next"] == ["接着"]
    assert clean_session(None) == {"turns": []} and clean_session({"turns": "x"}) == {"turns": []}
    assert history_of(turns) == [{"role": "user", "content": "问"},
                                 {"role": "assistant", "content": plain(good["a"]["answer"])}]
    assert len(clean_session({"turns": [good] * 100})["turns"]) == 30
