"""The chat as its users meet it, in every interface language: phone, laptop and booth.

A phone is 390×844 with touch, a laptop 1366×768, the booth 1920×1080 in kiosk mode.

One server per mode for the whole module (the chat serves the phone and the laptop, the booth has
its own), one Chromium; each test opens a fresh browser context, as a new visitor would.
"""

from __future__ import annotations

import pytest

from kb.reports import load_specs
from tests.ui_browser import (
    CORPUS,
    DEVICES,
    LANGS,
    WAIT,
    Device,
    inner_scrollers,
    launch_browser,
    offline,
    on_screen,
    open_page,
    paragraph_of,
    ready,
    reply,
    serve,
    shot,
    small_controls,
    switch_language,
)
from ui.i18n import HTML_LANG, STRINGS, for_answer, localise
from ui.suggest import load_questions

pytestmark = pytest.mark.browser
CASES = [pytest.param(DEVICES[d], ui, id=f"{d}-{ui}") for d in DEVICES for ui in LANGS]
SPEC = load_specs(CORPUS)[0]


@pytest.fixture(scope="module")
def servers(bot, tmp_path_factory):
    chat_app, chat = serve(bot, tmp_path_factory, kiosk=False)
    kiosk_app, kiosk = serve(bot, tmp_path_factory, kiosk=True)
    yield {False: chat, True: kiosk}
    chat_app.close()
    kiosk_app.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


def _visit(browser, servers, device: Device, ui: str):
    server = servers[device.kiosk]
    page = open_page(browser, server.url, device)
    switch_language(page, ui)
    return page, server


def _title(cite: dict, answer_lang: str) -> str:
    edition = cite["source"].split(":")[0].split(".")[-2]
    title = SPEC.title_in(edition)
    return localise(title, answer_lang) if edition == "zh" else title


@pytest.mark.parametrize(("device", "ui"), CASES)
def test_asking_on_each_device_in_each_language(browser, servers, bot, device: Device, ui: str):
    page, server = _visit(browser, servers, device, ui)
    name = f"{device.name}-{ui}"
    assert page.evaluate("document.documentElement.lang") == HTML_LANG[ui]
    assert on_screen(page, "#question textarea") and on_screen(page, "#ask"), "the question box is off the first screen"
    assert small_controls(page, device, f"{name}-start") == []
    if device.kiosk:
        notice = page.locator("#log-notice")
        assert notice.is_visible() and notice.inner_text().strip() == STRINGS[ui]["log_notice"]
    shot(page, f"{name}-start.png")

    question = load_questions()[ui][0].question
    expected = bot.ask(question).to_dict()
    page.locator("#suggestion-0").tap() if device.touch else page.locator("#suggestion-0").click()
    turn = reply(page, 1)
    assert turn.locator(".bh-answer").inner_text().strip() == expected["answer"]
    assert on_screen(page, "#question textarea"), "the question box left the screen after the answer"
    assert small_controls(page, device, f"{name}-answer") == []
    assert inner_scrollers(page) == []
    cite = expected["citations"][0]
    card = turn.locator("#src-0-1")
    if device.kiosk:  # read from two metres: the supporting passage open, large, and all of it on screen
        size = card.locator(".cite-text").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 28 and card.locator("mark").first.is_visible()
        box, composer = turn.bounding_box(), page.locator("#composer").bounding_box()
        assert box and composer and box["y"] >= 0 and box["y"] + box["height"] <= composer["y"] + 1
    else:
        assert not card.locator("mark").first.is_visible()  # closed until its [1] is touched
    turn.locator("button.cite-ref").first.click()
    assert card.locator("mark").first.is_visible()
    card_text = card.inner_text()
    assert _title(cite, expected["lang"]) in card_text and cite["section"] in card_text
    shot(page, f"{name}-answer.png")

    lab = for_answer(ui, expected["lang"])
    if not device.kiosk:
        turn.locator(".bh-copy").click()
        page.locator(".bh-copy.done").wait_for(timeout=WAIT)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(expected["answer"]) and "<" not in copied
        line = next(x for x in copied.splitlines() if x.startswith("[1] "))
        assert line.startswith("[1] " + STRINGS[lab]["source_line"].split("{")[0])
        assert _title(cite, expected["lang"]) in line and cite["section"] in line
        assert STRINGS[lab]["paragraph"].format(n=paragraph_of(cite["source"], cite["highlight"])) in line

    before = len(server.feedback.read())
    turn.locator(".bh-rate[data-rating='down']").click()
    turn.locator(".bh-form .bh-reason[data-reason='figure']").click()
    if not device.kiosk:
        turn.locator(".bh-comment").fill("需要2023年的数字")
    assert small_controls(page, device) == []
    turn.locator(".bh-send").click()
    turn.locator(".bh-thanks", has_text=STRINGS[lab]["thanks"]).wait_for(timeout=WAIT)
    records = server.feedback.read()[before:]
    assert [r["rating"] for r in records] == ["down", None] and records[1]["reasons"] == ["figure"]
    assert records[1]["comment"] == ("" if device.kiosk else "需要2023年的数字")
    assert all(r["question"] == question and r["answer"] == expected["answer"] for r in records)

    page.reload()
    ready(page)
    if device.kiosk:  # the next visitor finds a fresh booth
        assert page.locator("#chat .bh-turn").count() == 0
    else:  # the investor finds the conversation, the language and the feedback given, from the browser alone
        restored = reply(page, 1)
        assert restored.locator(".bh-answer").inner_text().strip() == expected["answer"]
        assert restored.locator(".bh-thanks").is_visible()
        page.locator("#ask", has_text=STRINGS[ui]["ask"]).wait_for(timeout=WAIT)
        page.wait_for_function(f"document.documentElement.lang === '{HTML_LANG[ui]}'", timeout=WAIT)
    offline(page)
    page.context.close()


@pytest.mark.parametrize(("device", "ui"), CASES)
def test_key_figures_and_glossary_on_each_device_in_each_language(browser, servers, device: Device, ui: str):
    page, _ = _visit(browser, servers, device, ui)
    name = f"{device.name}-{ui}"
    page.locator("#tab-figures-button").click()
    item = page.locator("#figures .fig-item[data-fig='freight_erenhot']")
    item.locator(".fig-open").click()
    source = item.locator(".fig-source")
    assert source.is_visible()
    marks = source.locator("mark").all_inner_texts()
    if ui in ("mn", "en"):  # the interface language's edition of the passage, beside the Chinese original
        said = {"mn": "19.641 сая тонн", "en": "19.641 million tonnes"}[ui]
        assert any(said in m for m in marks) and source.locator(f".passage[lang='{ui}']").is_visible()
    assert any(("1964.1萬噸" if ui == "zh-Hant" else "1964.1万吨") in m for m in marks)
    assert small_controls(page, device, f"{name}-figures") == [] and inner_scrollers(page) == []
    shot(page, f"{name}-figures.png", full_page=True)
    source.locator(".fig-close").click()
    assert not source.is_visible()

    page.locator("#tab-glossary-button").click()
    glossary = page.locator("#glossary")
    first = glossary.locator(".g-term").first
    assert first.locator(".g-type").inner_text() == STRINGS[ui]["type_place"]
    note = first.locator(".g-note").inner_text()
    assert note and "uncertain" not in note.lower()
    if ui != "en":
        assert not any(w in note for w in ("League", "border", "the ")), f"an English note in {ui}: {note}"
    assert small_controls(page, device, f"{name}-glossary") == [] and inner_scrollers(page) == []
    shot(page, f"{name}-glossary.png")
    shown = glossary.locator(".g-term").count()
    first_id = first.get_attribute("data-term")
    glossary.locator(".g-pager .g-page").last.click()
    glossary.locator(".bh-glossary[data-page='1']").wait_for(timeout=WAIT)
    assert glossary.locator(".g-term").first.get_attribute("data-term") != first_id and shown == 20
    page.context.close()
