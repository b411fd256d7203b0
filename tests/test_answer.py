"""End to end on the real report: the right passage, the right figure, honest refusals."""

from __future__ import annotations

import pytest

from kb import langs
from kb.chain import QuestionError
from kb.checks import grounded, numbers


def test_headline_question_is_answered_with_its_passage(bot):
    answer = bot.ask("二连浩特口岸1-11月进出口货运量是多少？")
    assert answer.found and answer.lang == "zh-Hans"
    assert "1964.1万吨" in answer.answer
    first = answer.citations[0]
    assert "1964.1万吨" in first.text and first.section == "推动口岸货运通关提速增效"
    a, b = first.highlight
    assert "1964.1万吨" in first.text[a:b]


@pytest.mark.parametrize(
    ("question", "fact", "wrong"),
    [
        ("珠恩嘎达布其口岸货运量同比增长了多少？", "32.3%", "13.6%"),
        ("1月至11月中欧班列出境多少列？", "1705列", None),
        ("中蒙二连浩特—扎门乌德经济合作区哪天获国务院批复？", "2024年3月19日", None),
        ("锡林郭勒职业学院2024年招收了多少名来华留学生？", "79名", None),
    ],
)
def test_specific_facts(bot, question, fact, wrong):
    answer = bot.ask(question)
    assert answer.found and fact in answer.answer
    if wrong:
        assert wrong not in answer.answer
    assert fact in answer.citations[0].text


def test_every_number_in_an_answer_is_in_a_cited_passage(bot):
    for q in ["二连浩特口岸1-11月进出口货运量是多少？", "边民互市交易金额是多少？", "太锡铁路完成投资多少？"]:
        answer = bot.ask(q)
        cited = " ".join(c.text for c in answer.citations)
        assert all(n in cited for n in numbers(answer.answer.replace("[1]", "")))


@pytest.mark.parametrize(
    "question", ["明天锡林浩特天气怎么样？", "去二连浩特住哪家酒店好？", "2019年二连浩特口岸的货运量是多少？"]
)
def test_questions_the_report_does_not_cover_are_refused(bot, question):
    answer = bot.ask(question)
    assert not answer.found and answer.citations == []
    assert answer.answer == "报告没有涉及这个问题。"


def test_traditional_question_gets_a_traditional_answer(bot):
    answer = bot.ask("二連浩特口岸1至11月的進出口貨運量是多少？")
    assert answer.lang == "zh-Hant" and answer.found
    assert "1964.1萬噸" in answer.answer
    assert "貨運量" in answer.citations[0].text


@pytest.mark.parametrize("bad", ["", "   ", "🙂🙂🙂", "问" * 600])
def test_bad_questions_get_a_clear_error(bot, bad):
    with pytest.raises(QuestionError):
        bot.ask(bad)


def test_answer_json_contract(bot):
    d = bot.ask("中欧班列入境多少列？").to_dict()
    assert {"question", "answer", "found", "lang", "citations"} <= set(d)
    assert {"id", "text", "source", "section", "score"} <= set(d["citations"][0])
    scores = [c["score"] for c in d["citations"]]
    assert d["citations"][0]["source"].startswith("report.zh.md:")
    assert len(scores) >= 2


def test_a_part_of_a_total_is_answered_with_a_sentence_that_names_the_part(bot):
    """"出境多少列" gets the standalone statement of the sentence that gives the 1705 trains out, its period
    and subject spelt out, the sentence itself highlighted in the passage."""
    answer = bot.ask("中欧班列出境多少列？")
    assert answer.found and "出境1705列" in answer.answer and langs.stands_alone(answer.answer), answer.answer
    first = answer.citations[0]
    a, b = first.highlight
    assert "1705列" in first.text[a:b]
    both = bot.ask("中欧班列共出入境多少列？其中出境多少列？")
    assert "3112列" in both.answer and "1705列" in both.answer


@pytest.mark.parametrize(("question", "fact"), [
    ("中蒙二连浩特—扎门乌德经济合作区签了多少协议资金？", "83.57亿元"),
    ("Эрээн–Замын-Үүдийн бүсэд хэдэн гол төсөл тодорхойлсон бэ?", "111"),
    ("What investment has the Erenhot–Zamyn-Üüd zone completed on its 9 infrastructure projects?", "112.93"),
])
def test_the_zone_named_in_full_is_answered_from_the_sentences_that_call_it_short(bot, question, fact):
    """Only the approval sentence names the zone with its two towns; the others say "中蒙经济合作区"."""
    answer = bot.ask(question)
    assert answer.found and fact in answer.answer, answer.answer


def test_the_other_side_of_a_breakdown_is_the_sentence_that_gives_it(bot):
    """"入境" is in the sentence after the "；": "…其中出境1705列…；入境1407列，同比增长2.3%。"."""
    for question in ("1到11月从二连浩特入境的中欧班列有多少列？", "入境的中欧班列同比增长多少？"):
        answer = bot.ask(question)
        assert answer.found and "1407列" in answer.answer and "1705" not in answer.answer, answer.answer
        a, b = answer.citations[0].highlight
        assert answer.citations[0].text[a:b].startswith("入境1407列")


@pytest.mark.parametrize("question", [
    "1至11月经二连浩特的中欧班列一共多少列？出境和入境各多少？",
    "Эрээнээр хилээр гарсан, орж ирсэн Хятад-Европын галт тэрэг тус бүр хэд вэ?",
])
def test_asked_for_each_side_the_answer_gives_both(bot, question):
    """Both sides stand in two sentences joined by "；": the answer runs on into the second."""
    answer = bot.ask(question)
    assert answer.found and "1705" in answer.answer and "1407" in answer.answer, answer.answer
    assert grounded(answer.answer, [c.text for c in answer.citations])


@pytest.mark.parametrize(("question", "figure", "period"), [
    ("二连浩特口岸1-11月进出口货运量是多少？", "1964.1万吨", "2024年1月至11月"),
    ("Эрээн боомтоор 2024 оны 1-11 дүгээр сард хэдэн тонн ачаа нэвтэрсэн бэ?", "19.641 сая тонн", "2024 оны 1-11"),
    ("Ereen boomtoor heden tonn achaa nevtersen be?", "19.641 сая тонн", "2024 оны 1-11"),
    ("How much freight passed through Erenhot port in January–November 2024?", "19.641 million tonnes",
     "January to November 2024"),
])
def test_the_answer_stands_alone_with_its_subject_and_period(bot, question, figure, period):
    """What an investor pastes into an email: one sentence with the place, the period and the figure, no
    leading 其中 / Үүнээс / Of this, ending as a sentence ends; its numbers stand in the cited passage."""
    answer = bot.ask(question)
    assert answer.found and figure in answer.answer and period in answer.answer, answer.answer
    assert langs.stands_alone(answer.answer)
    cited = [c.text for c in answer.citations] + [c.original.text for c in answer.citations if c.original]
    assert grounded(answer.answer, cited)


def test_the_langchain_chain_answers_as_ask_does(bot):
    asked = [("二连浩特口岸1-11月进出口货运量是多少？", []),
             ("那珠恩嘎达布其口岸呢？", [{"role": "user", "content": "二连浩特口岸货运量是多少？"}]),
             ("Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?", []), ("现在去合作区开厂划算吗？", [])]
    for question, history in asked:
        assert bot.chain.invoke({"question": question, "history": history}) == bot.ask(question, history)
    with pytest.raises(QuestionError):
        bot.chain.invoke({"question": "   ", "history": []})
