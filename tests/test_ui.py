"""The chat and the booth in a real browser (Debian's Chromium via Playwright), and the /chat API via gradio_client.

These are the behaviours that need one look each, on a laptop; tests/test_ui_devices.py runs what
every device and interface language must do.
"""

from __future__ import annotations

import pytest

from kb.chain import MAX_QUESTION
from tests.ui_browser import (
    ARTEFACTS,
    DEVICES,
    WAIT,
    ask,
    launch_browser,
    offline,
    open_page,
    ready,
    reply,
    serve,
    shot,
    switch_language,
)
from ui.i18n import STRINGS
from ui.suggest import load_questions

KIOSK_IDLE = 8  # seconds: long enough to see the answer first, short enough for a test
FREIGHT = "二连浩特口岸1-11月进出口货运量是多少？"
LAPTOP = DEVICES["desktop"]


@pytest.fixture(scope="module")
def server(bot, tmp_path_factory):
    app, srv = serve(bot, tmp_path_factory, kiosk=False)
    yield srv
    app.close()


@pytest.fixture(scope="module")
def kiosk_server(bot, tmp_path_factory):
    app, srv = serve(bot, tmp_path_factory, kiosk=True, idle_seconds=KIOSK_IDLE)
    yield srv
    app.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    page = open_page(browser, server.url, LAPTOP)
    yield page
    page.context.close()


def test_chat_api_answers_like_the_cli_and_follows_history(server, bot):
    from gradio_client import Client

    client = Client(server.url, verbose=False)
    result = client.predict(question=FREIGHT, api_name="/chat")
    assert result == bot.ask(FREIGHT).to_dict()  # the same object `kb ask --json` prints
    assert result["found"] and "1964.1万吨" in result["answer"] and "1964.1万吨" in result["citations"][0]["text"]
    history = [{"role": "user", "content": FREIGHT}, {"role": "assistant", "content": result["answer"]}]
    follow = client.predict(question="那珠恩嘎达布其口岸呢？", history=history, api_name="/chat")
    assert follow["found"] and "325.5万吨" in follow["answer"] and follow["rewritten"]
    assert "error" in client.predict(question="", api_name="/chat")
    logged = server.chat_log.read()
    assert [r["question"] for r in logged[-2:]] == [FREIGHT, "那珠恩嘎达布其口岸呢？"]
    assert logged[-1]["channel"] == "api" and logged[-1]["citations"]


@pytest.mark.browser
def test_an_answer_appears_whole_with_only_its_supporting_source_as_a_card(page, server, bot):
    # Record every text the answer shows while it arrives: one means it was never drip-fed.
    # Feedback is offered only with a finished answer: never beside a turn still waiting for one.
    page.evaluate("""() => { window.seen = new Set(); window.early = false;
        const look = () => {
          document.querySelectorAll('#chat .bh-answer').forEach((a) => window.seen.add(a.textContent));
          if (document.querySelector('#chat .bh-turn:has(.bh-pending) .bh-rate')) window.early = true;
        };
        new MutationObserver(look).observe(document.body, {subtree: true, childList: true, characterData: true}); }""")
    ask(page, FREIGHT)
    turn = reply(page, 1)
    expected = bot.ask(FREIGHT).to_dict()
    assert page.evaluate("() => [...window.seen]") == [expected["answer"]] and not page.evaluate("window.early")
    assert turn.locator(".source-card").count() == 1  # the answer cites [1] only
    assert turn.locator("details.related summary").inner_text() == STRINGS["zh"]["related"].format(
        n=len(expected["citations"]) - 1)
    mark = turn.locator(".source-card mark")
    assert not mark.is_visible()
    turn.locator("button.cite-ref").click()
    assert mark.is_visible() and "1964.1万吨" in mark.inner_text()
    summary = turn.locator(".source-card summary").inner_text()
    assert summary.count("推动口岸货运通关提速增效") == 1 and turn.locator(".source-card").inner_text().count(
        "推动口岸货运通关提速增效") == 1  # the section is named once
    shot(page, "chat.png", full_page=True)
    offline(page)
    assert server.chat_log.read()[-1]["question"] == FREIGHT


@pytest.mark.browser
def test_follow_ups_are_asked_with_the_conversation_and_never_repeat_a_question_on_screen(page):
    static = [s.question for s in load_questions()["zh"][:4]]
    assert page.locator("#suggestions button").all_inner_texts() == static
    ask(page, FREIGHT)
    reply(page, 1)
    offered = page.locator("#followups button:visible").all_inner_texts()
    assert offered and FREIGHT not in offered and not set(offered) & set(static)
    assert not page.locator("#suggestions").is_visible()  # once a conversation starts, follow-ups replace them
    page.locator("#followups button", has_text="那珠恩嘎达布其口岸呢？").click()
    second = reply(page, 2)
    assert "325.5万吨" in second.locator(".bh-answer").inner_text()
    again = page.locator("#followups button:visible").all_inner_texts()
    assert "那珠恩嘎达布其口岸呢？" not in again and FREIGHT not in again and not set(again) & set(static)


@pytest.mark.browser
def test_a_traditional_question_gets_traditional_answer_labels_and_follow_ups(page):
    ask(page, "二連浩特口岸的進出口貨運量是多少？")
    turn = reply(page, 1)
    assert "1964.1萬噸" in turn.locator(".bh-answer").inner_text()
    turn.locator("button.cite-ref").click()
    assert "1964.1萬噸" in turn.locator("mark").first.inner_text()
    assert "《書寫國家向北開放重要橋頭堡嶄新篇章》" in turn.locator(".card-title").inner_text()
    assert turn.locator("button.cite-ref").get_attribute("aria-label") == "出處 1"
    assert "出處：" in turn.locator(".bh-copy").get_attribute("data-copy")
    assert all(q == q.replace("连", "連") for q in page.locator("#followups button:visible").all_inner_texts())


@pytest.mark.browser
def test_a_mongolian_answer_cites_its_passage_beside_the_chinese_original(page):
    ask(page, "Эрээн–Замын-Үүдийн хамтын ажиллагааны бүсийг хэзээ баталсан бэ?")
    turn = reply(page, 1)
    assert "2024 оны 3 дугаар сарын 19" in turn.locator(".bh-answer").inner_text()
    turn.locator("button.cite-ref").first.click()
    pair = turn.locator(".source-card").first.locator(".pair")
    mn, zh = pair.locator(".passage[lang='mn'] mark"), pair.locator(".passage[lang='zh'] mark")
    assert "Эрээн–Замын-Үүд" in mn.inner_text() and "2024年3月19日" in zh.inner_text()
    mn_box, zh_box = mn.bounding_box(), pair.locator(".passage[lang='zh']").bounding_box()
    assert mn_box and zh_box and zh_box["x"] > mn_box["x"]  # side by side, not stacked
    ARTEFACTS.mkdir(exist_ok=True)
    turn.screenshot(path=str(ARTEFACTS / "citation.png"))


@pytest.mark.browser
def test_an_empty_question_does_nothing(page, server):
    before = len(server.chat_log.read())
    for empty in ("", "   \n "):
        ask(page, empty)
        page.wait_for_timeout(700)  # a reply would be back well within this: nothing is sent at all
    assert page.locator("#chat .bh-turn").count() == 0 and not page.locator("#ask-note").is_visible()
    assert len(server.chat_log.read()) == before


@pytest.mark.browser
def test_a_too_long_question_keeps_its_text_with_a_character_counter(page, server):
    counter = page.locator("#counter .bh-counter")
    page.locator("#question textarea").fill("货" * 120)
    assert not counter.is_visible()  # nobody needs counting at 120 characters
    page.locator("#question textarea").fill("货" * 3000)
    page.locator("#counter .bh-counter.over", has_text=f"3000 / {MAX_QUESTION}").wait_for(timeout=WAIT)
    before = len(server.chat_log.read())
    page.locator("#ask").click()
    page.locator("#ask-note", has_text="3000").wait_for(timeout=WAIT)
    assert page.locator("#question textarea").input_value() == "货" * 3000  # nothing typed is lost
    assert page.locator("#chat .bh-turn").count() == 0 and len(server.chat_log.read()) == before
    page.locator("#question textarea").fill("货" * 300 + "二连浩特口岸货运量是多少？")
    page.locator("#ask").click()
    reply(page, 1)
    assert not page.locator("#ask-note").is_visible() and page.locator("#question textarea").input_value() == ""


@pytest.mark.browser
def test_bad_input_gets_a_polite_message_and_html_stays_text(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ask(page, "😀🚂📦")
    assert reply(page, 1).locator(".bh-notice").inner_text().strip() == STRINGS["zh"]["no_words"]
    assert reply(page, 1).locator(".bh-rate").count() == 0  # nothing to rate in a notice
    ask(page, "<img src=x onerror=alert(1)><script>alert(2)</script>货运量")
    reply(page, 2)
    assert page.locator("#chat .bh-question").last.get_by_text("<script>alert(2)</script>").count() == 1
    assert dialogs == []
    assert page.locator("#chat img[src='x'], #chat script").count() == 0


@pytest.mark.browser
def test_a_language_switch_relabels_everything_and_closes_an_open_passage(page):
    page.locator("#tab-figures-button").click()
    page.locator("#figures .fig-item[data-fig='trains_out'] .fig-open").click()
    source = page.locator("#figures #fig-src-trains_out")
    assert source.is_visible()
    switch_language(page, "mn")
    assert not source.is_visible()
    page.locator("#tab-chat-button").click()
    ask(page, "😀")
    assert reply(page, 1).inner_text().strip().endswith(STRINGS["mn"]["no_words"])  # notices in the interface language
    switch_language(page, "en")
    assert reply(page, 1).locator(".bh-notice").inner_text().strip() == STRINGS["en"]["no_words"]
    ask(page, FREIGHT)
    assert "1964.1万吨" in reply(page, 2).inner_text()  # a Chinese question still gets a Chinese answer


@pytest.mark.browser
def test_helpful_is_recorded_and_a_new_conversation_leaves_nothing_to_restore(page, server):
    ask(page, FREIGHT)
    turn = reply(page, 1)
    before = len(server.feedback.read())
    turn.locator(".bh-rate[data-rating='up']").click()
    turn.locator(".bh-thanks", has_text=STRINGS["zh"]["thanks"]).wait_for(timeout=WAIT)
    records = server.feedback.read()[before:]
    assert [r["rating"] for r in records] == ["up"] and records[0]["question"] == FREIGHT and records[0]["citations"]
    assert turn.locator(".bh-form").count() == 0 and turn.locator(".bh-rate[disabled]").count() == 2
    page.locator("#new").click()
    page.locator("#chat .bh-empty").wait_for(timeout=WAIT)
    page.reload()
    ready(page)
    assert page.locator("#chat .bh-turn").count() == 0 and page.locator("#suggestions").is_visible()


@pytest.mark.browser
def test_the_booth_keeps_nothing_in_the_browser_and_clears_itself_when_idle(browser, kiosk_server):
    page = open_page(browser, kiosk_server.url, DEVICES["booth"])
    assert page.locator("#comment, .bh-comment").count() == 0
    page.locator("#suggestion-0").click()
    turn = reply(page, 1)
    assert "1964.1万吨" in turn.inner_text() and turn.locator(".bh-copy").count() == 0
    stored = page.evaluate("() => Object.keys(localStorage).join(' ') + ' ' + Object.values(localStorage).join(' ')")
    assert FREIGHT not in stored and "bridgehead" not in stored
    shot(page, "kiosk.png")
    # Nobody touches the page now: after KIOSK_IDLE seconds it must be a fresh page again.
    page.wait_for_function("() => !document.querySelector('#chat .bh-answer')", timeout=KIOSK_IDLE * 1000 + WAIT)
    page.locator("#question textarea").wait_for(timeout=WAIT)
    body = page.locator("body").inner_text()
    assert "1964.1" not in body and page.locator("#chat .bh-turn").count() == 0
    offline(page)
    page.context.close()
