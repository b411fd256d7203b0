"""The chat and the booth in a real browser (Debian's Chromium via Playwright), and the /chat API via gradio_client."""

from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.settings import PROJECT_ROOT
from ui.i18n import STRINGS
from ui.logs import ChatLog, FeedbackLog

CHROMIUM = "/usr/bin/chromium"
ARTEFACTS = PROJECT_ROOT / "artefacts"
WAIT = 30_000  # ms: an upper bound for an answer on a busy 2-core machine, not a speed requirement
KIOSK_IDLE = 8  # seconds: long enough to see the answer first, short enough for a test
FREIGHT = "二连浩特口岸1-11月进出口货运量是多少？"


@dataclass
class Server:
    url: str
    chat_log: ChatLog
    feedback: FeedbackLog


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(bot, tmp_path_factory, kiosk: bool):
    from ui.app import build_app, launch_options

    logs = tmp_path_factory.mktemp("logs")
    server = Server("", ChatLog(logs / "chat.jsonl"), FeedbackLog(logs / "feedback.jsonl"))
    app = build_app(bot, server.chat_log, feedback=server.feedback, kiosk=kiosk)
    port = _free_port()
    app.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                       **launch_options(kiosk, KIOSK_IDLE))
    server.url = f"http://127.0.0.1:{port}/"
    return app, server


@pytest.fixture(scope="module")
def server(bot, tmp_path_factory):
    app, srv = _serve(bot, tmp_path_factory, kiosk=False)
    yield srv
    app.close()


@pytest.fixture(scope="module")
def kiosk_server(bot, tmp_path_factory):
    app, srv = _serve(bot, tmp_path_factory, kiosk=True)
    yield srv
    app.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed: run scripts/setup.sh --test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A page of the chat; every request it makes is recorded in page.requests."""
    page = _open(browser, server.url)
    yield page
    page.close()


def _open(browser, url: str, width: int = 1280, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    page.goto(url)
    page.locator("#question textarea").wait_for(timeout=WAIT)
    return page


def _ask(page, question: str) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()


def _reply(page, n: int):
    """The n-th finished assistant message (1-based): an answer done streaming, or a notice."""
    done = page.locator("#chat [data-testid='bot']").filter(
        has=page.locator(".bh-answer:not(.streaming), .bh-notice")
    )
    reply = done.nth(n - 1)
    reply.wait_for(timeout=WAIT)
    return reply


def _offline(page) -> None:
    elsewhere = [u for u in page.requests if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]
    assert page.requests and elsewhere == []


def _shot(page, name: str, **kw) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / name), **kw)


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
def test_a_chinese_answer_streams_in_with_numbered_citations_and_the_sentence_marked(page, server):
    # Record every length the answer has while it streams: several mean it arrived in pieces.
    page.evaluate("""() => { window.partials = new Set();
        new MutationObserver(() => { const s = document.querySelector('#chat .bh-answer.streaming');
          if (s) window.partials.add(s.textContent.length); })
        .observe(document.body, {subtree: true, childList: true, characterData: true}); }""")
    _ask(page, FREIGHT)
    reply = _reply(page, 1)
    assert "1964.1万吨" in reply.locator(".bh-answer").inner_text()
    assert page.evaluate("() => window.partials.size") >= 3
    summaries = reply.locator("details.citation summary")
    assert summaries.count() >= 2 and summaries.first.inner_text().startswith("[1]")
    mark = reply.locator("details.citation").first.locator("mark")
    assert not mark.is_visible()  # closed until opened
    summaries.first.click()
    assert mark.is_visible() and "1964.1万吨" in mark.inner_text()
    assert "推动口岸货运通关提速增效" in reply.locator("details.citation").first.locator(".cite-section").inner_text()
    page.locator("#followups button", has_text="那珠恩嘎达布其口岸呢？").wait_for(state="visible", timeout=WAIT)
    _shot(page, "chat.png", full_page=True)
    _offline(page)
    assert server.chat_log.read()[-1]["question"] == FREIGHT


@pytest.mark.browser
def test_a_follow_up_suggestion_is_asked_with_the_conversation(page):
    _ask(page, FREIGHT)
    _reply(page, 1)
    page.locator("#followups button", has_text="那珠恩嘎达布其口岸呢？").click()
    second = _reply(page, 2)
    assert "325.5万吨" in second.locator(".bh-answer").inner_text()


@pytest.mark.browser
def test_a_traditional_chinese_question_is_answered_in_traditional(page):
    _ask(page, "二連浩特口岸的進出口貨運量是多少？")
    reply = _reply(page, 1)
    assert "1964.1萬噸" in reply.locator(".bh-answer").inner_text()
    reply.locator("details.citation summary").first.click()
    assert "1964.1萬噸" in reply.locator("mark").first.inner_text()


@pytest.mark.browser
def test_a_mongolian_answer_cites_its_passage_beside_the_chinese_original(page):
    _ask(page, "Эрээн–Замын-Үүдийн хамтын ажиллагааны бүсийг хэзээ баталсан бэ?")
    reply = _reply(page, 1)
    assert "2024 оны 3 дугаар сарын 19" in reply.locator(".bh-answer").inner_text()
    reply.locator("details.citation summary").first.click()
    pair = reply.locator("details.citation").first.locator(".pair")
    mn, zh = pair.locator(".passage[lang='mn'] mark"), pair.locator(".passage[lang='zh'] mark")
    assert "Эрээн–Замын-Үүд" in mn.inner_text() and "2024年3月19日" in zh.inner_text()
    mn_box, zh_box = mn.bounding_box(), pair.locator(".passage[lang='zh']").bounding_box()
    assert mn_box and zh_box and zh_box["x"] > mn_box["x"]  # side by side, not stacked
    ARTEFACTS.mkdir(exist_ok=True)
    reply.screenshot(path=str(ARTEFACTS / "citation.png"))


@pytest.mark.browser
def test_switching_the_interface_language_changes_labels_not_answers(page):
    assert page.locator("#ask").inner_text() == STRINGS["zh"]["ask"]
    page.locator("#ui-lang label", has_text="Монгол").click()
    # Gradio updates each component on its own: wait for every label, not just the first.
    page.locator("#ask", has_text=STRINGS["mn"]["ask"]).wait_for(timeout=WAIT)
    page.get_by_role("tab", name=STRINGS["mn"]["tab_figures"]).wait_for(state="visible", timeout=WAIT)
    page.locator("#suggestions button", has_text="Эрээн боомтын").first.wait_for(timeout=WAIT)
    page.locator(f"#question textarea[placeholder='{STRINGS['mn']['box']}']").wait_for(timeout=WAIT)
    _ask(page, "")
    assert _reply(page, 1).inner_text().strip() == STRINGS["mn"]["empty"]  # refusals in the interface language
    page.locator("#ui-lang label", has_text="English").click()
    page.locator("#ask", has_text=STRINGS["en"]["ask"]).wait_for(timeout=WAIT)
    page.locator("#new", has_text=STRINGS["en"]["new"]).wait_for(timeout=WAIT)
    _ask(page, FREIGHT)
    assert "1964.1万吨" in _reply(page, 2).inner_text()  # a Chinese question still gets a Chinese answer


@pytest.mark.browser
def test_bad_input_gets_a_polite_message_and_html_stays_text(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _ask(page, "")
    assert _reply(page, 1).inner_text().strip() == STRINGS["zh"]["empty"]
    _ask(page, "货" * 10_000)
    assert "10000" in _reply(page, 2).inner_text()
    _ask(page, "😀🚂📦")
    assert _reply(page, 3).inner_text().strip() == STRINGS["zh"]["no_words"]
    _ask(page, "<img src=x onerror=alert(1)><script>alert(2)</script>货运量")
    _reply(page, 4)
    assert page.locator("#chat [data-testid='user']").last.get_by_text("<script>alert(2)</script>").count() == 1
    assert dialogs == []
    assert page.locator("#chat img[src='x'], #chat script").count() == 0


@pytest.mark.browser
def test_feedback_is_appended_to_the_log(page, server):
    _ask(page, FREIGHT)
    reply = _reply(page, 1)
    before = len(server.feedback.read())
    page.locator("#chat button[aria-label='Like']").last.click()
    page.locator("#feedback-note", has_text=STRINGS["zh"]["thanks"]).wait_for(timeout=WAIT)
    page.locator("#comment textarea").fill("很清楚，谢谢")
    page.locator("#send-comment").click()
    page.wait_for_function("() => document.querySelector('#comment textarea').value === ''", timeout=WAIT)
    records = server.feedback.read()[before:]
    assert [r["rating"] for r in records] == ["up", None] and records[1]["comment"] == "很清楚，谢谢"
    assert all(r["question"] == FREIGHT and "1964.1万吨" in r["answer"] and r["citations"] for r in records)
    assert reply.locator("details.citation").count() == len(records[0]["citations"])


@pytest.mark.browser
def test_key_figures_link_to_their_passage_and_the_glossary_searches(page):
    from ui.figures import load_spec

    page.get_by_role("tab", name=STRINGS["zh"]["tab_figures"]).click()
    figures = page.locator("#figures")
    assert figures.locator("tr[data-fig]").count() == len(load_spec()) and figures.locator("svg").count() == 3
    source = figures.locator("#fig-src-freight_erenhot")
    assert not source.is_visible()
    figures.locator("tr[data-fig='freight_erenhot'] a").click()
    assert source.is_visible() and "1964.1万吨" in source.locator("mark").inner_text()
    _shot(page, "figures.png", full_page=True)
    page.get_by_role("tab", name=STRINGS["zh"]["tab_glossary"]).click()
    page.locator("#glossary-search textarea, #glossary-search input").first.fill("Эрээн")
    page.locator("#glossary tr[data-term='erenhot']").wait_for(timeout=WAIT)
    page.locator("#glossary-search textarea, #glossary-search input").first.fill("<script>x")
    page.locator("#glossary .glossary-count", has_text="共0条").wait_for(timeout=WAIT)
    assert page.locator("#glossary script").count() == 0


@pytest.mark.browser
def test_the_booth_has_large_type_big_buttons_and_clears_itself_when_idle(browser, kiosk_server):
    page = _open(browser, kiosk_server.url, 1920, 1080)  # a booth laptop, full screen
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('#question textarea')).fontSize)")
    assert size >= 24
    button = page.locator("#suggestions button").first
    assert button.bounding_box()["height"] >= 70 and page.locator("#comment").count() == 0
    button.click()
    reply = _reply(page, 1)
    assert "1964.1万吨" in reply.inner_text()
    reply.locator("details.citation summary").first.click()
    page.evaluate("() => window.scrollTo(0, 0)")
    _shot(page, "kiosk.png")
    # Nobody touches the page now: after KIOSK_IDLE seconds it must be a fresh page again.
    page.wait_for_function("() => !document.querySelector('#chat .bh-answer')", timeout=KIOSK_IDLE * 1000 + WAIT)
    page.locator("#question textarea").wait_for(timeout=WAIT)
    body = page.locator("body").inner_text()
    assert "1964.1" not in body and page.locator("#chat [data-testid='user']").count() == 0
    _offline(page)
    page.close()
