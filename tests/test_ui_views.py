"""The chat's other views and parts, without a browser: key figures, glossary, suggestions, feedback log, settings."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kb.glossary import load_glossary
from kb.ingest.editions import load_alignment
from kb.reports import load_specs
from kb.settings import PROJECT_ROOT, Settings
from ui.figures import (
    figures_html,
    find_figures,
    load_spec,
    passages_from_index,
    passages_from_report,
    shown,
    translations,
)
from ui.glossary import PAGE, glossary_html, load_notes, note_for, pages, search
from ui.i18n import STRINGS
from ui.logs import FeedbackLog
from ui.render import plain
from ui.suggest import Suggester, load_questions

REPORT = PROJECT_ROOT / "corpus" / "report.zh.md"
TERMS = load_glossary(PROJECT_ROOT / "corpus" / "glossary.tsv")
CURATION = re.compile(r"uncertain|PDF|OCR|transliteration|not verified|no official|spellings vary", re.I)


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
    assert shown(by_id["freight_erenhot"], "zh-Hant") == "1964.1萬噸"
    for f in from_index:
        a, b = f.sentence
        assert f.text in f.passage.text[a:b]
    html = figures_html(from_index, "zh")
    assert html.count("class='fig-open'") == len(specs) and "id='fig-src-freight_erenhot' hidden" in html
    assert html.count("class='fig-bar'") == sum(s.chart for s in specs) and "<mark>" in html


def test_key_figures_show_the_interface_languages_edition_beside_the_original(bot):
    figures = find_figures(load_spec(), passages_from_index(bot.store))
    alignment = load_alignment(load_specs(PROJECT_ROOT / "corpus")[0])
    editions = {e: translations(figures, bot.index, alignment, e) for e in ("mn", "en")}
    for edition, said in (("mn", "19.641 сая тонн"), ("en", "19.641 million tonnes")):
        assert set(editions[edition]) == {f.id for f in figures}  # every figure's passage is in each edition
        erenhot = editions[edition]["freight_erenhot"]
        a, b = erenhot.sentence
        assert said in erenhot.text[a:b], (edition, erenhot.text[a:b])
        html = figures_html(figures, edition, editions)
        source = html[html.index("id='fig-src-freight_erenhot'"):]
        source = source[:source.index("fig-close")]
        assert f"lang='{edition}'" in source and "<mark>" in source and said in source and "lang='zh'" in source
    assert editions["mn"]["freight_erenhot"].section.startswith("Боомтын ачаа тээврийн")
    zh = figures_html(figures, "zh", editions)
    assert "lang='mn'" not in zh and "lang='en'" not in zh


def test_a_figure_missing_from_the_report_is_an_error():
    from ui.figures import FigureError, FigureSpec

    spec = FigureSpec("gone", "freight", True, re.compile(r"不存在的口岸货运量(?P<value>[\d.]+万吨)"), {})
    with pytest.raises(FigureError, match="gone"):
        find_figures([spec], passages_from_report(REPORT))


def test_glossary_search_in_any_script():
    assert search(TERMS, "二連浩特")[0].id == "erenhot"
    assert search(TERMS, "Зуун хатавч")[0].id == "zhuengadabuqi"
    assert search(TERMS, "erenhot")[0].id == "erenhot"
    assert search(TERMS, "no such thing at all") == []
    html = glossary_html(TERMS, "<script>", "en")
    assert "<script>" not in html and STRINGS["en"]["glossary_none"] in html


def test_glossary_pages_show_every_entry_once():
    seen: list[str] = []
    for page in range(pages(len(TERMS))):
        seen += re.findall(r"data-term='([^']+)'", glossary_html(TERMS, "", "zh", page, load_notes()))
    assert sorted(seen) == sorted(t.id for t in TERMS) and len(seen) == len(TERMS) > 4 * PAGE
    assert "data-page='1'" in glossary_html(TERMS, "", "zh", 0) and "disabled" in glossary_html(TERMS, "", "zh", 0)


def test_glossary_notes_are_for_readers_in_every_interface_language():
    notes = load_notes()
    assert set(notes) == {t.id for t in TERMS}, "every glossary entry needs its readers' note (ui/glossary_notes.tsv)"
    for term in TERMS:
        for ui in ("zh", "zh-Hant", "mn", "en"):
            note = note_for(term, ui, notes)
            assert not CURATION.search(note), f"{term.id} ({ui}) shows a curation remark: {note}"
            if ui in ("zh", "zh-Hant") and note:
                assert re.search(r"[\u4e00-\u9fff]", note) and not re.search(r"[A-Za-z]{4,} [a-z]{3,}", note), term.id
            if ui == "mn" and note:
                assert re.search(r"[\u0400-\u04ff]{3,}", note) and not re.search(r"\b(the|and|of)\b", note), term.id
    html = glossary_html(TERMS, "Эрээн", "mn", 0, notes)
    assert ">Газар<" in html and "Шилийн гол аймгийн хошууны зэрэглэлтэй хот" in html
    assert "uncertain" not in glossary_html(TERMS, "abag", "en", 0, notes)


def test_suggested_questions_and_their_follow_ups_are_answered(bot):
    questions = load_questions()
    assert set(questions) >= {"zh", "zh-Hant", "mn", "en"}
    for edition in ("zh", "mn", "en", "zh-Hant"):
        for s in questions[edition]:
            first = bot.ask(s.question)
            assert first.found, s.question
            history = [{"role": "user", "content": s.question}, {"role": "assistant", "content": plain(first.answer)}]
            for nxt in s.next:
                assert bot.ask(nxt, history=history).found, f"{nxt} after {s.question}"


def test_follow_ups_never_repeat_the_question_nor_the_static_row(bot):
    suggester = Suggester(bot)
    questions = load_questions()
    static = {q for ui in questions for q in suggester.suggestions(ui)}
    answer = bot.ask("二连浩特口岸1-11月进出口货运量是多少？")
    nexts = suggester.followups(answer, [answer.question])
    assert nexts[0] == "那珠恩嘎达布其口岸呢？" and answer.question not in nexts
    for edition in ("zh", "mn", "en"):
        for s in questions[edition]:
            asked = bot.ask(s.question)
            offered = suggester.followups(asked, [s.question])
            assert offered and s.question not in offered and not set(offered) & static, (s.question, offered)
    free = bot.ask("二连浩特口岸的進出口貨運量是多少？")  # typed, not suggested, and in Traditional
    offered = suggester.followups(free, [free.question])
    assert offered and all(q == q.replace("连", "連") for q in offered)  # offered in Traditional too
    mn = bot.ask("Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?")
    assert all(re.search(r"[\u0400-\u04ff]", q) for q in suggester.followups(mn, [mn.question]))


def test_feedback_is_one_json_line_per_record(tmp_path):
    log = FeedbackLog(tmp_path / "logs" / "feedback.jsonl")
    turn = {"question": "问", "answer": "答[1]", "found": True, "lang": "zh-Hans", "citations": ["c1", "c2"]}
    log.rate(turn, "down")
    log.rate(turn, None, comment="  少了数字  ", reasons=["figure"])
    lines = (tmp_path / "logs" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["rating"] for x in lines] == ["down", None]
    assert json.loads(lines[1])["comment"] == "少了数字" and json.loads(lines[1])["citations"] == ["c1", "c2"]
    assert json.loads(lines[1])["reasons"] == ["figure"]


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
    from ui.app import launch_options

    assert str(7 * 1000) in launch_options(True, 7)["js"] and "idleMs" not in launch_options(False)["js"]
