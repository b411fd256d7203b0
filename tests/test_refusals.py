"""Honest refusals: a near miss in the report's own vocabulary is refused, the real question still answered."""

from __future__ import annotations

import pytest

from kb.lang import NOT_COVERED
from kb.retrieval.answer import _part_for_whole, states_a_figure
from kb.retrieval.lexical import unknown_acronyms


@pytest.mark.parametrize(
    ("covered", "fact", "missed"),
    [
        # The report gives the freight in tonnes: a question for its value in yuan is not answered by it.
        ("二连浩特口岸进出口货运量是多少万吨？", "1964.1万吨", "二连浩特口岸进出口货运量是多少亿元？"),
        # It counts the trains, not the containers they carried.
        ("1至11月中欧班列出入境多少列？", "3112列", "1至11月中欧班列出入境多少标准箱？"),
        # It dates the road project; it never says what it cost.
        ("国道207线水库至豁子梁段公路项目什么时候通车？", "2024年9月", "国道207线水库至豁子梁段公路项目投资了多少？"),
        # Its figures run to November: they are not the whole year's.
        ("二连浩特口岸1至11月进出口货运量是多少？", "1964.1万吨", "二连浩特口岸今年全年的进出口货运量是多少？"),
        ("中欧班列1到11月出入境多少列？", "3112列", "中欧班列今年全年出入境多少列？"),
    ],
)
def test_a_figure_the_report_does_not_give_is_not_covered(bot, covered, fact, missed):
    answer = bot.ask(covered)
    assert answer.found and fact in answer.answer
    refused = bot.ask(missed)
    assert not refused.found and refused.answer == NOT_COVERED["zh-Hans"] and refused.citations == []


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        # Something made up: no report answers a request for a poem or a joke, however close its words.
        ("写一首关于二连浩特口岸货运量的诗", "zh-Hans"),
        ("講個關於中歐班列的笑話", "zh-Hant"),
        ("Эрээн боомтын ачаа тээврийн тухай шүлэг бичээч", "mn-Cyrl"),
        # A port the report does not cover: Erenhot's figures are not its figures.
        ("满洲里口岸1-11月进出口货运量是多少？", "zh-Hans"),
        ("甘其毛都口岸今年开行了多少列中欧班列？", "zh-Hans"),
        ("Manjuur boomtoor heden tonn achaa nevtersen be?", "mn-Latn"),
        # An abbreviation the report never uses names a measure it does not report.
        ("二连浩特口岸的PMI是多少？", "zh-Hans"),
        ("Эрээн хотын ДНБ хэд вэ?", "mn-Cyrl"),
        ("Ereen hotiin DNB hed ve?", "mn-Latn"),
        # How many people work there: a sum of contracts is not a count of workers.
        ("Эрээн–Замын-Үүдийн эдийн засгийн хамтын ажиллагааны бүсэд хэдэн ажилчин ажилладаг вэ?", "mn-Cyrl"),
        # The whole year, when the report's figures stop at November.
        ("Эрээн боомтоор 2024 онд бүтэн жилийн турш хэдэн тонн ачаа нэвтэрсэн бэ?", "mn-Cyrl"),
    ],
)
def test_questions_in_the_reports_words_that_it_does_not_answer_are_refused(bot, question, lang):
    answer = bot.ask(question)
    assert not answer.found and answer.answer == NOT_COVERED[lang] and answer.citations == []


def test_an_abbreviation_the_glossary_knows_is_not_unknown():
    assert unknown_acronyms("ӨМӨЗО болон GDP", text="") == ["GDP"]
    assert unknown_acronyms("IMAR, TEU", text="… 1 TEU …") == []


def test_a_figure_is_a_quantity_not_a_date():
    assert not states_a_figure("该公路于2023年7月开工建设，2024年9月完成交工验收。[1]")
    assert states_a_figure("二连浩特口岸进出口货运量完成1964.1万吨。[1]")
    assert states_a_figure("开展了五期对蒙职业教育专项培训。")
    assert states_a_figure("2024 онд таван удаагийн сургалт зохион байгуулжээ.")
    assert not states_a_figure("2024 оны 4-9 дүгээр сард Эрээний авто замын боомтыг нээлттэй байлгажээ.")


def test_a_compound_of_the_reports_words_is_not_an_unknown_word(bot):
    lexical = bot.retriever.lexical
    # The report says 外商投资企业; an investor says 外资企业: both halves occur, so it is not off-topic.
    assert lexical.unknown("锡林郭勒盟新设外资企业有多少家？")[1] == []
    # A name is not its syllables: 乌兰巴托 (Ulaanbaatar) is not 乌兰 + 巴托, both of which occur.
    assert "乌兰巴托" in lexical.unknown("二连浩特每周有几班飞乌兰巴托？")[1]


def test_a_whole_year_is_not_the_months_up_to_november():
    whole = "今年全年的进出口货运量是多少？"
    assert _part_for_whole(whole, "1月至11月，全盟口岸进出口货运量完成2289.6万吨。", "")
    # The period can stand in the sentence before the figure, within the passage.
    assert _part_for_whole(whole, "其中，二连浩特口岸进出口货运量完成1964.1万吨；", "2024年，…，1月至11月，全盟…。")
    assert not _part_for_whole(whole, "1月至12月，全盟口岸进出口货运量完成2500万吨。", "")
    assert not _part_for_whole(whole, "其中，…完成1964.1万吨；", "1月至11月，…。2023年度，两个口岸均创历史新高。")
    assert not _part_for_whole("1至11月进出口货运量是多少？", "1月至11月，…完成2289.6万吨。", "")
    assert _part_for_whole("Эрээн боомтоор бүтэн жилийн турш хэдэн тонн?", "1-11 дүгээр сард 19.641 сая тонн", "")
