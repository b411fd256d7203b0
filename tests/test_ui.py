"""The chat in a real browser (Debian's Chromium via Playwright) and through gradio_client."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest

from kb.settings import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
ARTEFACTS = PROJECT_ROOT / "artefacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(bot, tmp_path_factory):
    from ui.app import CSS, THEME, ChatLog, build_app

    log_path = tmp_path_factory.mktemp("logs") / "chat.jsonl"
    app = build_app(bot, ChatLog(log_path))
    port = _free_port()
    app.queue().launch(
        server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, theme=THEME, css=CSS
    )
    yield f"http://127.0.0.1:{port}/", log_path
    app.close()


def test_chat_api_through_gradio_client(server):
    from gradio_client import Client

    url, log_path = server
    client = Client(url, verbose=False)
    result = client.predict(question="二连浩特口岸1-11月进出口货运量是多少？", api_name="/chat")
    assert result["found"] and "1964.1万吨" in result["answer"]
    assert "1964.1万吨" in result["citations"][0]["text"]
    bad = client.predict(question="", api_name="/chat")
    assert "error" in bad
    logged = [json.loads(line) for line in Path(log_path).read_text(encoding="utf-8").splitlines()]
    assert logged[-1]["question"].startswith("二连浩特") and logged[-1]["citations"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed: run scripts/setup.sh --test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.mark.browser
def test_ask_in_the_browser_and_see_the_cited_sentence(server, browser):
    url, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.locator("#question textarea").fill("二连浩特口岸1-11月进出口货运量是多少？")
    page.locator("#ask").click()
    bot_message = page.locator(".message.bot, [data-testid='bot']").last
    bot_message.wait_for(timeout=15_000)
    page.get_by_text("1964.1万吨").first.wait_for(timeout=15_000)
    mark = page.locator("mark").first
    assert "1964.1万吨" in mark.inner_text()
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "chat.png"), full_page=True)
    page.close()


@pytest.mark.browser
def test_html_in_a_question_is_shown_not_run(server, browser):
    url, _ = server
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.locator("#question textarea").fill("<img src=x onerror=alert(1)><script>alert(2)</script>货运量")
    page.locator("#ask").click()
    page.get_by_text("<script>", exact=False).first.wait_for(timeout=15_000)
    assert dialogs == []
    assert page.locator(".message img[src='x']").count() == 0
    page.close()
