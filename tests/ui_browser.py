"""Helpers for the browser tests: a real server, Debian's Chromium per device, and what a user would measure."""

from __future__ import annotations

import json
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.ingest.clean import CAPTION_MARK
from kb.settings import PROJECT_ROOT
from ui.i18n import CHOICES, HTML_LANG, STRINGS
from ui.logs import ChatLog, FeedbackLog

CHROMIUM = "/usr/bin/chromium"
ARTEFACTS = PROJECT_ROOT / "artefacts"
CORPUS = PROJECT_ROOT / "corpus"
WAIT = 30_000  # ms: an upper bound for an answer on a busy 2-core machine, not a speed requirement
LANGS = [value for _, value in CHOICES]
LABELS = {value: label for label, value in CHOICES}


@dataclass(frozen=True)
class Device:
    name: str
    width: int
    height: int
    touch: bool
    kiosk: bool
    min_control: int  # px: the smallest a control may measure, either way


DEVICES = {
    "phone": Device("phone", 390, 844, True, False, 44),
    "desktop": Device("desktop", 1366, 768, False, False, 44),
    "booth": Device("booth", 1920, 1080, False, True, 56),
}


@dataclass
class Server:
    url: str
    chat_log: ChatLog
    feedback: FeedbackLog


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(bot, tmp_path_factory, kiosk: bool, idle_seconds: int = 180):
    """A real Gradio server of the app, launched as `kb serve` (or `kb serve --kiosk`) launches it."""
    from ui.app import build_app, launch_options

    logs = tmp_path_factory.mktemp("logs")
    server = Server("", ChatLog(logs / "chat.jsonl"), FeedbackLog(logs / "feedback.jsonl"))
    app = build_app(bot, server.chat_log, feedback=server.feedback, kiosk=kiosk)
    port = _free_port()
    # As ui/server.py mounts it for `kb serve`: no run history kept in the browser.
    app.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                       footer_links=[] if kiosk else ["api"], run_history=False, **launch_options(kiosk, idle_seconds))
    server.url = f"http://127.0.0.1:{port}/"
    return app, server


def launch_browser(playwright):
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed: run scripts/setup.sh --test")
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run"],
    )


def open_page(browser, url: str, device: Device, context=None):
    """A page of `url` as `device` shows it; every request it makes is recorded in page.requests."""
    if context is None:
        context = browser.new_context(viewport={"width": device.width, "height": device.height},
                                      is_mobile=device.touch, has_touch=device.touch)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    page.goto(url)
    ready(page)
    return page


def ready(page) -> None:
    """Wait for the page as a visitor gets it: shown, and the conversation the browser kept restored."""
    page.locator("#question textarea").wait_for(timeout=WAIT)
    page.wait_for_function("window.bhReady === true", timeout=WAIT)


def switch_language(page, ui: str) -> None:
    """Touch the language's button and wait until every relabelled part shows it (Gradio updates them one by one)."""
    if not page.locator(f"#ui-lang input[value='{ui}']").is_checked():
        page.locator("#ui-lang label", has_text=LABELS[ui]).click()
    try:
        page.locator("#ask", has_text=STRINGS[ui]["ask"]).wait_for(state="attached", timeout=WAIT)
        page.locator("#tab-glossary-button", has_text=STRINGS[ui]["tab_glossary"]).wait_for(timeout=WAIT)
        page.locator(f"#question textarea[placeholder='{STRINGS[ui]['box']}']").wait_for(state="attached",
                                                                                          timeout=WAIT)
        if page.locator("#suggestions").is_visible():
            page.locator("#suggestion-0", has_text=_first_suggestion(ui)).wait_for(timeout=WAIT)
        page.wait_for_function(f"document.documentElement.lang === {json.dumps(HTML_LANG[ui])}", timeout=WAIT)
    except Exception:
        shot(page, f"failed-switch-{ui}.png", full_page=True)
        (ARTEFACTS / f"failed-switch-{ui}.html").write_text(page.content())
        raise


def _first_suggestion(ui: str) -> str:
    from ui.suggest import load_questions

    return load_questions()[ui][0].question


def ask(page, question: str) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()


def reply(page, n: int):
    """The n-th finished turn (1-based): an answer with its buttons, or a notice."""
    done = page.locator("#chat .bh-turn").filter(has=page.locator(".bh-actions, .bh-notice"))
    turn = done.nth(n - 1)
    turn.wait_for(timeout=WAIT)
    return turn


def controls(page) -> list[dict]:
    """Every visible control on the page with its size: what a thumb has to hit.

    A radio button is measured by its label (the input is drawn as the label, the circle hidden).
    """
    return page.evaluate("""() => {
      const sel = "button, a[href], input:not([type=radio]):not([type=checkbox]):not([type=hidden]), textarea, " +
                  "select, summary, [role=tab], label:has(input[type=radio])";
      const out = [];
      for (const el of document.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        if (!r.width || !r.height || s.visibility === 'hidden' || s.display === 'none') continue;
        if (el.closest('[hidden]') || (el.offsetParent === null && s.position !== 'fixed')) continue;
        const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.placeholder || '').trim();
        out.push({what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className}`.slice(0, 60) +
                        ` "${text.slice(0, 24)}"`, w: Math.round(r.width), h: Math.round(r.height)});
      }
      return out;
    }""")


def small_controls(page, device: Device, record: str | None = None) -> list[dict]:
    """Controls under the device's minimum size; `record` writes every control's size to artefacts/."""
    found = controls(page)
    if record:
        ARTEFACTS.mkdir(exist_ok=True)
        (ARTEFACTS / f"controls-{record}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1))
    return [c for c in found if c["w"] < device.min_control or c["h"] < device.min_control]


def inner_scrollers(page) -> list[str]:
    """Elements that scroll inside the page (other than the question box itself), and a page wider than the screen."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')].filter((el) => {
        const s = getComputedStyle(el);
        return el.tagName !== 'TEXTAREA' && el.clientHeight > 0 && el.clientWidth > 0 && (
          (['auto', 'scroll'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 2) ||
          (['auto', 'scroll'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 2));
      }).map((el) => `${el.tagName}#${el.id}.${el.className}`.slice(0, 80)).concat(
        document.documentElement.scrollWidth > innerWidth + 1 ? ['the page is wider than the screen'] : [])""")


def on_screen(page, selector: str) -> bool:
    """Whether the element is wholly inside the window as it is now scrolled."""
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return bool(box and size and box["y"] >= 0 and box["x"] >= 0 and box["y"] + box["height"] <= size["height"]
                and box["x"] + box["width"] <= size["width"])


def offline(page) -> None:
    elsewhere = [u for u in page.requests if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]
    assert page.requests and elsewhere == []


def shot(page, name: str, **kw) -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    path = ARTEFACTS / name
    page.screenshot(path=str(path), **kw)
    return path


def paragraph_of(source: str, highlight: list[int] | None) -> int:
    """The paragraph number within its section of the sentence a citation marks, read from the edition here.

    Counted independently of ui/sources.py: paragraphs are the edition's non-empty lines that are
    neither headings nor photo captions.
    """
    name, span = source.split(":")
    at = int(span.split("-")[0]) + (highlight[0] if highlight else 0)
    pos, n = 0, 0
    for line in (CORPUS / name).read_text(encoding="utf-8").split("\n"):
        if line.startswith("#"):
            n = 0
        elif line.strip() and not line.startswith(CAPTION_MARK):
            n += 1
            if pos <= at < pos + len(line):
                return n
        pos += len(line) + 1
    raise AssertionError(f"{source} is not in the edition")
