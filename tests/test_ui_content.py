"""What the chat shows, without a browser: escaping, citations, streaming pieces, strings, figures, glossary, logs."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kb.chain import Answer, Citation
from kb.settings import PROJECT_ROOT, Settings
from ui.figures import figures_html, find_figures, load_spec, passages_from_index, passages_from_report, shown
from ui.glossary import glossary_html, search
from ui.i18n import STRINGS, polite
from ui.logs import FeedbackLog
from ui.render import pieces, plain, render, render_question
from ui.suggest import Suggester, load_questions

REPORT = PROJECT_ROOT / "corpus" / "report.zh.md"


def _answer(**kw) -> Answer:
    text, sentence = "前文。<b>其中</b>货运量完成1964.1万吨；后文。", "<b>其中</b>货运量完成1964.1万吨；"
    span = [text.index(sentence), text.index(sentence) + len(sentence)]
    cite = Citation("c1", text, "report.zh.md:1-20", "推动<口岸>", 1.0, span)
    return Answer(**{"question": "q", "answer": "<b>其中</b>货运量完成1964.1万吨；[1]", "found": True,
                     "lang": "zh-Hans", "citations": [cite], **kw})


def test_render_escapes_report_text_and_marks_the_answering_sentence():
    html = render(_answer())
    assert "<b>" not in html and "&lt;b&gt;其中&lt;/b&gt;" in html
    assert "推动&lt;口岸&gt;" in html
    assert re.search(r"<mark>&lt;b&gt;其中&lt;/b&gt;货运量完成1964\.1万吨；</mark>", html)
    assert "<details class='citation' data-n='1'>" in html and "[1]" in html


def test_a_mongolian_citation_shows_its_chinese_original_beside_it():
    original = Citation("z1", "甲。二连浩特口岸完成1964.1万吨。", "s", "推动口岸货运", highlight=[2, 19])
    cite = Citation("m1", "А. Эрээн боомт 19.641 сая тонн.", "report.mn.md:1-9", "Боомт", 1.0, [3, 31], original)
    html = render(Answer("q", "Эрээн боомт 19.641 сая тонн.[1]", True, "mn-Cyrl", [cite]), ui="mn")
    pair = html[html.index("<div class='pair'>"):]
    assert pair.index("lang='mn'") < pair.index("lang='zh'")
    assert "<mark>二连浩特口岸完成1964.1万吨。</mark>" in pair and "<mark>Эрээн боомт 19.641 сая тонн.</mark>" in pair
    assert "§ 推动口岸货运" in pair and STRINGS["mn"]["original"] in pair


def test_a_question_is_shown_as_text_and_cut_when_huge():
    shown = render_question("<script>alert(1)</script>")
    assert shown == "<div class='bh-question'>&lt;script&gt;alert(1)&lt;/script&gt;</div>"
    assert len(render_question("长" * 10_000)) < 400


def test_an_answer_streams_in_growing_pieces_ending_with_the_whole_text():
    text = "其中，二连浩特口岸进出口货运量完成1964.1万吨，同比增长11%；[1]"
    seen = list(pieces(text))
    assert len(seen) > 5 and seen[-1] == text
    assert all(b.startswith(a) and len(b) > len(a) for a, b in zip(seen, seen[1:], strict=False))
    assert not any(s.endswith("[") or s.endswith("[1") for s in seen)  # a marker arrives whole
    assert "1964.1" in next(s for s in seen if "1964" in s)  # a number arrives whole
    assert plain(text) == "其中，二连浩特口岸进出口货运量完成1964.1万吨，同比增长11%；"


def test_every_language_has_every_string_and_polite_refusals():
    keys = set(STRINGS["zh"])
    assert all(set(s) == keys for s in STRINGS.values())
    assert polite("zh", "") == STRINGS["zh"]["empty"]
    assert "10000" in polite("mn", "長" * 10_000)
    assert polite("en", "😀😀") == STRINGS["en"]["no_words"]


def test_every_key_figure_is_in_the_report_once_and_in_the_index(bot):
    specs = load_spec()
    report = REPORT.read_text(encoding="utf-8")
    for spec in specs:
        assert len(spec.pattern.findall(report)) == 1, f"{spec.id} must match the report exactly once"
    from_report = find_figures(specs, passages_from_report(REPORT))
    from_index = find_figures(specs, passages_from_index(bot.store))
    assert [f.text for f in from_index] == [f.text for f in from_report]
    by_id = {f.id: f for f in from_index}
    assert by_id["freight_erenhot"].text == "1964.1万吨" and shown(by_id["freight_erenhot"], "mn") == "19.641 сая тонн"
    assert by_id["fdi"].text == "2亿6441万元" and shown(by_id["fdi"], "en") == "264.41 million yuan"
    for f in from_index:
        a, b = f.sentence
        assert f.text in f.passage.text[a:b]
    html = figures_html(from_index, "zh")
    assert html.count("<svg") == 3 and "id='fig-src-freight_erenhot'" in html and "<mark>" in html


def test_a_figure_missing_from_the_report_is_an_error():
    from ui.figures import FigureError, FigureSpec

    spec = FigureSpec("gone", "freight", True, re.compile(r"不存在的口岸货运量(?P<value>[\d.]+万吨)"), {})
    with pytest.raises(FigureError, match="gone"):
        find_figures([spec], passages_from_report(REPORT))


def test_glossary_search_in_any_script():
    from kb.glossary import load_glossary

    terms = load_glossary(PROJECT_ROOT / "corpus" / "glossary.tsv")
    assert search(terms, "二連浩特")[0].id == "erenhot"
    assert search(terms, "Зуун хатавч")[0].id == "zhuengadabuqi"
    assert search(terms, "erenhot")[0].id == "erenhot"
    assert search(terms, "no such thing at all") == []
    html = glossary_html(terms, "<script>", "en")
    assert "<script>" not in html and "0 entries" in html


def test_suggested_questions_and_their_follow_ups_are_answered(bot):
    questions = load_questions()
    assert set(questions) >= {"zh", "mn", "en"}
    for edition in ("zh", "mn"):
        for s in questions[edition]:
            first = bot.ask(s.question)
            assert first.found, s.question
            history = [{"role": "user", "content": s.question}, {"role": "assistant", "content": plain(first.answer)}]
            for nxt in s.next:
                assert bot.ask(nxt, history=history).found, f"{nxt} after {s.question}"


def test_follow_ups_come_from_the_answers_section_and_skip_what_was_asked(bot):
    suggester = Suggester(bot)
    answer = bot.ask("二连浩特口岸1-11月进出口货运量是多少？")
    nexts = suggester.followups(answer, [answer.question])
    assert nexts[0] == "那珠恩嘎达布其口岸呢？" and answer.question not in nexts
    free = bot.ask("二连浩特口岸的進出口貨運量是多少？")  # typed, not suggested, and in Traditional
    offered = suggester.followups(free, [free.question])
    assert offered and all(q == q.replace("连", "連") for q in offered)  # offered in Traditional too
    mn = bot.ask("Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?")
    assert all(re.search(r"[\u0400-\u04ff]", q) for q in suggester.followups(mn, [mn.question]))


def test_feedback_is_one_json_line_per_record(tmp_path):
    log = FeedbackLog(tmp_path / "logs" / "feedback.jsonl")
    turn = {"question": "问", "answer": "答[1]", "found": True, "lang": "zh-Hans", "citations": ["c1", "c2"]}
    log.rate(turn, "up")
    log.rate(turn, None, comment="  少了数字  ")
    lines = (tmp_path / "logs" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["rating"] for x in lines] == ["up", None]
    assert json.loads(lines[1])["comment"] == "少了数字" and json.loads(lines[1])["citations"] == ["c1", "c2"]


def test_kiosk_idle_setting_and_serve_options(monkeypatch):
    monkeypatch.setenv("KB_KIOSK_IDLE_SECONDS", "45")
    assert Settings.from_env().kiosk_idle_seconds == 45
    assert Settings().kiosk_idle_seconds == 180
    calls = []
    monkeypatch.setattr("ui.app.launch", lambda settings, kiosk=False: calls.append((settings, kiosk)))
    from kb.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--kiosk", "--idle-seconds", "7", "--port", "7999"])
    assert result.exit_code == 0, result.output
    assert calls[0][1] is True and calls[0][0].kiosk_idle_seconds == 7 and calls[0][0].port == 7999
    CliRunner().invoke(cli, ["serve"])
    assert calls[1][1] is False and calls[1][0].kiosk_idle_seconds == 45
