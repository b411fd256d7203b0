"""After the event, end to end: a real `kb serve` and a real booth take questions in four scripts, some not covered,
some rated down with comments; `kb insights --json` counts exactly those, and the staff page shows them in a real
browser, only with the token. A phone number typed at the booth never reaches the disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.evaluate import load_eval_set
from kb.insights.group import family
from kb.settings import PROJECT_ROOT, Settings
from tests.test_ui import browser  # noqa: F401
from tests.ui_browser import ARTEFACTS, DEVICES, WAIT, _free_port, open_page
from tests.ui_browser import ask as _ask
from tests.ui_browser import offline as _offline
from tests.ui_browser import reply as _reply
from ui.i18n import STRINGS

TOKEN = "booth-staff-7f3a"
PHONE = "13812345678"
FREIGHT = ["二连浩特口岸货运量是多少？", "二連浩特口岸貨運量是多少？", "二连浩特口岸的货运量有多少？"]
WEATHER = ["明天二连浩特天气怎么样？", "明天二连浩特的天气怎么样？"]
MN_FREIGHT = ["Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?", "Ereen boomtiin achaa teevriin hemjee hed ve?"]
COMMENTS = ["Өсөлтийн хувийг бас мэдмээр байна", "需要住宿信息"]
CHAT = [  # (question, rating, comment): the chat of `kb serve`, each question in a conversation of its own
    (FREIGHT[0], "Like", None), (FREIGHT[1], None, None), (FREIGHT[2], None, None), (WEATHER[0], None, None),
    (MN_FREIGHT[0], "Dislike", COMMENTS[0]), ("Ereen hotod yamar zochid buudal baidag ve?", "Dislike", COMMENTS[1]),
]
KIOSK = [(f"我的电话是{PHONE}，中欧班列出境多少列？", None), (WEATHER[1], "Dislike"), (MN_FREIGHT[1], None)]
API = ["中欧班列入境多少列？", "二連浩特有甚麼好酒店？", "<script>alert(1)</script>货运量"]


@dataclass
class Event:
    data: Path
    chat_url: str
    kiosk_url: str


def _start(data: Path, port: int, *args: str, **env: str) -> subprocess.Popen:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    full = {**clean, "KB_DATA_DIR": str(data), "KB_PORT": str(port), "KB_RELOAD_SECONDS": "0",
            "GRADIO_TEMP_DIR": str(data / "gradio-tmp"), **env}
    out = (data / f"serve-{port}.log").open("w")  # in the data dir: the phone-number check reads it too
    return subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", *args], env=full, cwd=PROJECT_ROOT,
                            stdout=out, stderr=subprocess.STDOUT)


def _wait(proc: subprocess.Popen, url: str, log: Path, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds  # an upper bound for a cold start on a busy machine, not a speed test
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"kb serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    pytest.fail(f"kb serve did not answer at {url}:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def event(indexed_settings: Settings, tmp_path_factory):
    data = tmp_path_factory.mktemp("event") / "data"
    shutil.copytree(indexed_settings.data_dir, data, ignore=shutil.ignore_patterns("logs"))
    chat_port, kiosk_port = _free_port(), _free_port()
    procs = [_start(data, chat_port, KB_STAFF_TOKEN=TOKEN),
             _start(data, kiosk_port, "--kiosk", KB_STAFF_TOKEN=TOKEN, KB_KIOSK_IDLE_SECONDS="600")]
    try:
        for proc, port in zip(procs, (chat_port, kiosk_port), strict=True):
            _wait(proc, f"http://127.0.0.1:{port}/", data / f"serve-{port}.log")
        yield Event(data, f"http://127.0.0.1:{chat_port}/", f"http://127.0.0.1:{kiosk_port}/")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _rate(page, rating: str | None, comment: str | None) -> None:
    """Feedback beside the answer: a thumb, and after a thumbs-down the comment (ui/render.py)."""
    turn = _reply(page, 1)
    if rating:
        turn.locator(f".bh-rate[data-rating='{'up' if rating == 'Like' else 'down'}']").click()
        # Recorded once the page shows it: thanks for a thumbs-up, the reasons form for a thumbs-down.
        turn.locator(".bh-thanks" if rating == "Like" else ".bh-form").wait_for(timeout=WAIT)
    if comment:
        turn.locator(".bh-comment").fill(comment)
        turn.locator(".bh-send").click()
        turn.locator(".bh-thanks", has_text=STRINGS["zh"]["thanks"]).wait_for(timeout=WAIT)


def _open(browser, url: str, kiosk: bool = False):  # noqa: F811
    return open_page(browser, url, DEVICES["booth" if kiosk else "desktop"])


@pytest.fixture(scope="module")
def asked(event: Event, browser):  # noqa: F811
    """Every question asked the way visitors ask: typed into the chat and the booth, and through the API."""
    from gradio_client import Client

    for question, rating, comment in CHAT:
        page = _open(browser, event.chat_url)
        _ask(page, question)
        _reply(page, 1)
        _rate(page, rating, comment)
        page.context.close()
    for question, rating in KIOSK:
        page = _open(browser, event.kiosk_url, kiosk=True)
        _ask(page, question)
        _reply(page, 1)
        _rate(page, rating, None)
        page.context.close()
    client = Client(event.chat_url, verbose=False)
    for question in API:
        client.predict(question=question, api_name="/chat")
    return [(q, "chat") for q, _, _ in CHAT] + [(q, "kiosk") for q, _ in KIOSK] + [(q, "api") for q in API]


@pytest.fixture(scope="module")
def insights(event: Event, asked, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("insights")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KB_")}, "KB_DATA_DIR": str(event.data)}
    run = subprocess.run([sys.executable, "-m", "kb.cli", "insights", "--json", "--csv", str(out_dir / "csv"),
                          "--unanswered-as-eval", str(out_dir / "todo.jsonl")], env=env, cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout), out_dir, run.stdout


def _wordings(group: dict) -> set[str]:
    return {w["question"] for w in group["wordings"]}


def test_kb_insights_counts_exactly_what_was_asked_and_groups_rewordings(bot, asked, insights):
    s, out_dir, _ = insights
    answers = {q: bot.ask(q) for q, _ in asked}  # the same chain and index the servers answer from
    not_covered = {q.replace(PHONE, "[phone]") for q, a in answers.items() if not a.found}
    assert set(WEATHER) <= not_covered and "二連浩特有甚麼好酒店？" in not_covered  # some were not covered
    assert s["questions"] == len(asked) == 12
    assert s["answered"] == sum(a.found for a in answers.values()) and s["not_covered"] == len(not_covered)
    assert {r["key"]: r["questions"] for r in s["by_channel"]} == {"chat": 6, "kiosk": 3, "api": 3}
    langs = Counter(a.lang for a in answers.values())
    assert {r["key"]: r["questions"] for r in s["by_script"]} == dict(langs)
    # Four scripts at least; the markup probe "<script>alert(1)</script>货运量" is read by its letters as
    # English or Latin-typed Mongolian, whichever the fitted table says: counted as it was answered.
    four = {"zh-Hans", "zh-Hant", "mn-Cyrl", "mn-Latn"}
    assert four <= set(langs) <= four | {"en"}
    assert {r["key"]: r["questions"] for r in s["by_language"]} == dict(Counter(family(x) for x in langs.elements()))
    assert sum(r["questions"] for r in s["by_day"]) == 12 and s["unreadable_lines"] == {"chat": 0, "feedback": 0}
    # A question and its rewordings count together, across Simplified / Traditional and Cyrillic / Latin letters.
    groups = [_wordings(g) for g in s["top_questions"]]
    assert set(FREIGHT) in groups and set(MN_FREIGHT) in groups
    assert next(g for g in s["top_questions"] if _wordings(g) == set(FREIGHT))["count"] == 3
    (weather,) = [g for g in s["top_unanswered"] if set(WEATHER) & _wordings(g)]
    assert _wordings(weather) == set(WEATHER) and weather["count"] == 2
    assert set().union(*(_wordings(g) for g in s["top_unanswered"])) == not_covered
    # Ratings: one up, three down (two with comments, one from the booth's thumbs).
    r = s["ratings"]
    assert (r["up"], r["down"]) == (1, 3) and sorted(c["comment"] for c in r["comments"]) == sorted(COMMENTS)
    downs = {d["question"]: d for d in r["rated_down"]}
    assert set(downs) == {CHAT[4][0], CHAT[5][0], WEATHER[1]}
    assert downs[CHAT[4][0]]["comments"] == [COMMENTS[0]] and downs[WEATHER[1]]["channel"] == "kiosk"
    ms = s["answer_ms"]
    assert ms["timed"] == 12 and 0 < ms["median"] <= ms["p95"]
    # The CSV files and the eval lines hold the same.
    assert "明天二连浩特天气怎么样？" in (out_dir / "csv" / "top_unanswered.csv").read_text("utf-8-sig")
    todo = load_eval_set([out_dir / "todo.jsonl"])
    assert len(todo) == s["distinct_unanswered"] and {i.question for i in todo} <= not_covered


def test_a_phone_number_typed_at_the_booth_never_reaches_the_disk(event, asked, insights):
    hits = [p for p in event.data.rglob("*") if p.is_file() and PHONE.encode() in p.read_bytes()]
    assert hits == [] and PHONE not in insights[2]
    logged = [json.loads(x) for x in (event.data / "logs" / "chat.jsonl").read_text("utf-8").splitlines()]
    assert sum("[phone]" in r["question"] for r in logged) == 1


@pytest.mark.browser
def test_the_staff_page_shows_the_event_only_with_the_token(event, asked, insights, browser):  # noqa: F811
    s = insights[0]
    staff = f"{event.chat_url}staff"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in (staff, f"{staff}?token=wrong", f"{event.chat_url}staff/csv/top_unanswered.csv"):
        refused = page.goto(url)
        assert refused.status == 403 and WEATHER[0] not in page.content()
    assert STRINGS["zh"]["staff_need_token"] in page.locator("body").inner_text()
    page.goto(f"{staff}?token={TOKEN}")
    assert page.url == staff and TOKEN not in page.url  # the token leaves the address bar for a cookie
    assert page.locator(".card[data-key='staff_questions'] b").inner_text() == "12"
    assert page.locator(".card[data-key='staff_down'] b").inner_text() == "3"
    rows = page.locator("#top-unanswered tbody tr")
    assert rows.count() == s["distinct_unanswered"]
    assert WEATHER[0] in rows.first.inner_text() and rows.first.locator("td.n").inner_text() == "2"
    assert all(c in page.locator("#rated-down").inner_text() for c in COMMENTS)
    assert page.locator("#chart-time svg, #chart-lang svg, #chart-share svg").count() == 3
    assert page.locator("#chart-lang svg g.bar").count() == len(s["by_script"]) >= 4  # a bar per script asked
    assert PHONE not in page.content() and page.locator("body script").count() == 0 and dialogs == []
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "staff.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#top-unanswered a.csv").click()
    assert WEATHER[0] in Path(download.value.path()).read_text("utf-8-sig")
    page.locator("nav a", has_text="Монгол").click()
    page.locator("h1", has_text=STRINGS["mn"]["staff_title"]).wait_for(timeout=WAIT)
    assert STRINGS["mn"]["staff_top_unanswered"] in page.locator("#top-unanswered h2").inner_text()
    page.screenshot(path=str(ARTEFACTS / "staff-mn.png"), full_page=True)
    _offline(page)
    context.close()
    fresh = browser.new_page()  # another browser: no cookie, no page
    assert fresh.goto(staff).status == 403
    fresh.close()
    # The booth never serves the staff page, token or not.
    request = urllib.request.Request(f"{event.kiosk_url}staff", headers={"X-Staff-Token": TOKEN})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=30)
    assert err.value.code == 404


def test_without_a_token_the_page_answers_this_machine_alone(bot, tmp_path):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from ui.staff import staff_routes

    open_app = Starlette(routes=staff_routes(Settings(data_dir=tmp_path), bot))
    for host in ("127.0.0.1", "::1"):
        assert TestClient(open_app, client=(host, 5000)).get("/staff").status_code == 200
    remote = TestClient(open_app, client=("192.168.1.20", 5000)).get("/staff")
    assert remote.status_code == 403 and "KB_STAFF_TOKEN" in remote.text
    relayed = TestClient(open_app, client=("127.0.0.1", 5000)).get("/staff", headers={"X-Forwarded-For": "203.0.113.9"})
    assert relayed.status_code == 403  # a proxy on this machine relays other machines
    locked = Starlette(routes=staff_routes(Settings(data_dir=tmp_path, staff_token="t0k"), bot))
    assert TestClient(locked, client=("127.0.0.1", 5000)).get("/staff").status_code == 403
    away = TestClient(locked, client=("192.168.1.20", 5000))
    assert away.get("/staff", headers={"Authorization": "Bearer t0k"}).status_code == 200
    assert away.get("/staff/csv/by_day.csv", headers={"X-Staff-Token": "t0k"}).text.startswith("\ufeffday,")
    assert away.get("/staff", headers={"X-Staff-Token": "t0K"}).status_code == 403
