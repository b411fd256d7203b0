"""Follow-up questions: rewritten from the conversation, answered about the right subject."""

from __future__ import annotations

import json

import pytest

from kb.evaluate import EvalItem, run_eval
from kb.retrieval.followup import is_follow_up, rewrite
from tests.conftest import kb


def _turns(*pairs: tuple[str, str]) -> list[dict]:
    return [m for q, a in pairs for m in ({"role": "user", "content": q}, {"role": "assistant", "content": a})]


@pytest.mark.parametrize(("follow_up", "previous", "expected"), [
    ("那珠恩嘎达布其呢？", "二连浩特口岸1-11月进出口货运量是多少？", "珠恩嘎达布其1-11月进出口货运量是多少？"),
    ("增长了多少？", "二连浩特口岸货运量是多少？", "二连浩特口岸货运量 增长了多少？"),
    ("入境呢？", "中欧班列出境多少列？", "中欧班列入境多少列？"),
    # The report's setting asked something new of is the frame of a rank, not a new subject; alone, it is one.
    ("在全区排第几？", "1至10月锡林郭勒盟实际使用外资是多少？", "1至10月锡林郭勒盟实际使用外资 在全区排第几？"),
    ("那全区呢？", "二连浩特口岸货运量是多少？", "全区货运量是多少？"),
])
def test_chinese_follow_ups_are_rewritten_to_stand_alone(glossary, follow_up, previous, expected):
    assert rewrite(follow_up, previous, glossary) == expected


def test_a_question_that_stands_alone_is_left_as_it_is(glossary):
    question = "中蒙二连浩特—扎门乌德经济合作区是什么时候批复设立的？"
    assert not is_follow_up(question, glossary)
    assert rewrite(question, "二连浩特口岸货运量是多少？", glossary) == question


def test_a_short_question_on_a_topic_of_its_own_is_answered_for_it(bot):
    """Seven characters of subject name a topic of their own: the previous question's words would drown it."""
    first = "全盟1-10月进出口总额是多少？"
    answer = bot.ask("新设外商投资企业几家？", _turns((first, bot.ask(first).answer)))
    assert answer.rewritten is None and answer.found and "46家" in answer.answer


def test_mongolian_follow_up_keeps_the_subject(glossary):
    got = rewrite("Тэгвэл өсөлт хэд вэ?", "Эрээн боомтоор хэдэн тонн ачаа нэвтэрсэн бэ?", glossary)
    assert "Эрээн боомтоор" in got and "өсөлт" in got and "Тэгвэл" not in got


@pytest.mark.parametrize("first", ["二连浩特口岸货运量是多少？", "二连浩特口岸1-11月进出口货运量是多少？"])
def test_switching_the_port_answers_for_the_new_port(bot, first):
    history = _turns((first, "其中，二连浩特口岸进出口货运量完成1964.1万吨，同比增长11%；[1]"))
    answer = bot.ask("那珠恩嘎达布其呢？", history)
    # Only the new port's figure: "1-11月" must not pull in Erenhot's sentence for its "11%".
    assert answer.found and "325.5万吨" in answer.answer and "1964.1" not in answer.answer
    assert answer.rewritten and "珠恩嘎达布其" in answer.rewritten
    assert "325.5万吨" in answer.citations[0].text


@pytest.mark.parametrize(("first", "then", "fact"), [
    ("合作区在北京办的招商推介会达成了多少协议资金？", "那在上海办的呢？", "40.37亿元"),
    ("How much investment was agreed at the zone's promotion event in Beijing?", "And the one held in Shanghai?",
     "4.037 billion yuan"),
])
def test_a_place_beyond_the_league_asks_the_previous_question_of_it(bot, first, then, fact):
    """Beijing and Shanghai are not the league's places, but naming the other city asks of its conference."""
    answer = bot.ask(then, history=_turns((first, bot.ask(first).answer)))
    assert answer.found and fact in answer.answer


def test_without_history_the_same_words_are_not_a_question_about_freight(bot):
    answer = bot.ask("那珠恩嘎达布其呢？")
    assert answer.rewritten is None
    assert "325.5万吨" not in answer.answer


def test_mongolian_follow_up_answers_the_growth_of_the_same_port(bot):
    first = "Эрээн боомтоор 2024 оны 1-11 дүгээр сард хэдэн тонн ачаа нэвтэрсэн бэ?"
    answer = bot.ask("Тэгвэл өсөлт хэд вэ?", _turns((first, bot.ask(first).answer)))
    assert answer.lang == "mn-Cyrl" and answer.found
    assert "11%" in answer.answer and "Эрээн" in answer.answer


def test_traditional_follow_up_is_answered_in_traditional(bot):
    answer = bot.ask("那珠恩嘎達布其呢？", _turns(("二連浩特口岸的進出口貨運量是多少？", "…")))
    assert answer.lang == "zh-Hant" and "325.5萬噸" in answer.answer


def test_eval_runner_asks_a_dialogue_turn_by_turn(bot):
    item = EvalItem("d", "zh-Hans", "那珠恩嘎达布其呢？", True, (("325.5万吨",),), "325.5万吨",
                    history=("二连浩特口岸货运量是多少？",))
    [result] = run_eval(bot.ask, bot.passages, [item], progress=False)
    assert result.correct and result.rank == 1


def test_cli_follow_up_after_an_earlier_question(indexed_settings):
    env = {"KB_DATA_DIR": str(indexed_settings.data_dir)}
    out = kb("ask", "--json", "--after", "二连浩特口岸货运量是多少？", "那珠恩嘎达布其呢？", env=env)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert "325.5万吨" in d["answer"] and d["rewritten"]
    lines = "二连浩特口岸货运量是多少？\n增长了多少？\n"
    out = kb("ask", "--json", "--conversation", "-", stdin=lines, env=env)
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert "1964.1万吨" in first["answer"] and "11%" in second["answer"] and second["rewritten"]
