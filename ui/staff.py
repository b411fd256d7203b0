"""The staff page of `kb serve` (/staff): what visitors asked, as tables, inline SVG charts and CSV downloads.

Served by `kb serve` only, never by the booth (`--kiosk`). With KB_STAFF_TOKEN set, a request
must present it (header `X-Staff-Token` or `Authorization: Bearer`, or `?token=` once, which
sets a cookie); without it, the page answers requests from this machine alone (loopback, and
not relayed by a proxy). Plain HTML, no script: nothing for the page to fetch or run.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from html import escape
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from kb.insights.group import Grouper, reader_from_chain
from kb.insights.output import csv_text, tables
from kb.insights.read import Filters, InsightsError, read_logs
from kb.insights.summary import summarise
from kb.settings import Settings
from ui.i18n import CHOICES, DEFAULT, STRINGS, t
from ui.staff_svg import bars, columns, shares

COOKIE = "bh_staff"
CSV_NAMES = ("summary", "by_day", "by_hour", "by_language", "by_script", "by_channel", "top_questions",
             "top_unanswered", "rated_down", "comments")
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
HEADERS = {
    "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}
STYLE = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "DejaVu Sans", system-ui, sans-serif; margin: 1.5em;
       color: #1f2937; max-width: 1200px; }
h1 { font-size: 1.5em; margin: 0 0 .3em; } h2 { font-size: 1.15em; margin: 1.4em 0 .5em; }
.intro { opacity: .8; max-width: 70em; } nav a { margin-right: 1em; } nav a.on { font-weight: 700; }
form { margin: 1em 0; display: flex; gap: 1em; flex-wrap: wrap; align-items: end; }
form label { display: flex; flex-direction: column; font-size: .9em; gap: .2em; }
.cards { display: flex; flex-wrap: wrap; gap: .8em; }
.card { border: 1px solid #e5e7eb; border-radius: 8px; padding: .6em 1em; min-width: 9em; }
.card b { display: block; font-size: 1.6em; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; } .charts figure { margin: 1em 0 0; }
figcaption { font-weight: 600; font-size: .95em; }
.chart { max-width: 100%; height: auto; font-size: 13px; } .chart text { fill: #1f2937; }
.chart .on-bar { fill: #fff; font-weight: 700; } .chart .axis { font-size: 11px; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #e5e7eb; padding: .35em .5em;
        text-align: left; vertical-align: top; } th { background: #f3f4f6; } td.n { text-align: right; width: 6em; }
.wordings { font-size: .85em; opacity: .75; } .csv { font-size: .85em; margin-left: .8em; font-weight: 400; }
.error { color: #b91c1c; }
"""


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _cookie_value(token: str) -> str:
    # The cookie holds a digest of the token, not the token: a copied cookie does not reveal it.
    return hmac.new(token.encode(), b"bridgehead-staff-page", hashlib.sha256).hexdigest()


def access(request: Request, token: str) -> str:
    """'ok', 'token' (a token is needed and was not presented) or 'loopback' (only this machine may look)."""
    if token:
        auth = request.headers.get("authorization", "")
        presented = [request.headers.get("x-staff-token", ""), auth[7:] if auth.lower().startswith("bearer ") else "",
                     request.query_params.get("token", "")]
        if any(p and hmac.compare_digest(p.encode(), token.encode()) for p in presented):
            return "ok"
        cookie = request.cookies.get(COOKIE, "")
        return "ok" if cookie and hmac.compare_digest(cookie, _cookie_value(token)) else "token"
    host = request.client.host if request.client else ""
    relayed = any(h in request.headers for h in PROXY_HEADERS)
    return "ok" if _loopback(host) and not relayed else "loopback"


def _ui(request: Request) -> str:
    ui = request.query_params.get("lang", DEFAULT)
    return ui if ui in STRINGS else DEFAULT


def _query(request: Request, **changes: str) -> str:
    params = {k: v for k, v in request.query_params.items() if k != "token" and v}
    params.update({k: v for k, v in changes.items() if v})
    return urlencode(params)


def _lang_label(ui: str, lang: str) -> str:
    key = f"staff_lang_{lang}"
    return t(ui, key) if key in STRINGS[ui] else lang


class StaffPage:
    """The page and its CSV downloads over the logs in settings.data_dir / logs, grouped with the chain's reader."""

    def __init__(self, settings: Settings, bot) -> None:
        self.settings, self.token = settings, settings.staff_token
        self.grouper = Grouper(reader_from_chain(bot))

    def routes(self) -> list[Route]:
        return [Route("/staff", self.page, methods=["GET"]), Route("/staff/", self.page, methods=["GET"]),
                Route("/staff/csv/{name}", self.csv, methods=["GET"])]

    def _guard(self, request: Request) -> Response | None:
        ui = _ui(request)
        state = access(request, self.token)
        if state != "ok":
            text = t(ui, "staff_need_token" if state == "token" else "staff_loopback_only")
            body = f"<!doctype html><html lang='{ui}'><meta charset='utf-8'><title>{escape(t(ui, 'staff_title'))}" \
                   f"</title><style>{STYLE}</style><h1>{escape(t(ui, 'staff_title'))}</h1><p>{escape(text)}</p>"
            return HTMLResponse(body, status_code=403, headers=HEADERS)
        if request.query_params.get("token"):  # take the token off the address bar and history
            query = _query(request)
            response = RedirectResponse(f"{request.url.path}{'?' + query if query else ''}", status_code=303,
                                        headers=HEADERS)
            response.set_cookie(COOKIE, _cookie_value(self.token), httponly=True, samesite="strict",
                                path="/staff", secure=request.url.scheme == "https")
            return response
        return None

    def _summary(self, request: Request) -> dict:
        q = request.query_params
        filters = Filters.parse(q.get("since") or None, q.get("until") or None, q.get("channel") or None)
        return summarise(read_logs(self.settings.data_dir / "logs", filters), self.grouper, filters)

    def page(self, request: Request) -> Response:
        refused = self._guard(request)
        if refused is not None:
            return refused
        ui = _ui(request)
        try:
            summary, error = self._summary(request), ""
        except InsightsError as exc:
            summary, error = summarise(read_logs(self.settings.data_dir / "logs"), self.grouper), str(exc)
        return HTMLResponse(page_html(summary, ui, request, error), status_code=400 if error else 200,
                            headers=HEADERS)

    def csv(self, request: Request) -> Response:
        refused = self._guard(request)
        if refused is not None:
            return refused
        name = request.path_params["name"].removesuffix(".csv")
        try:
            table = tables(self._summary(request)).get(name)
        except InsightsError as exc:
            return Response(str(exc), status_code=400, media_type="text/plain", headers=HEADERS)
        if table is None:
            return Response("no such table", status_code=404, media_type="text/plain", headers=HEADERS)
        return Response("\ufeff" + csv_text(*table), media_type="text/csv; charset=utf-8", headers={
            **HEADERS, "Content-Disposition": f'attachment; filename="bridgehead-{name}.csv"'})


def staff_routes(settings: Settings, bot) -> list[Route]:
    """The staff page's routes, to hand to the app `kb serve` runs (Blocks.launch app_kwargs={"routes": …})."""
    return StaffPage(settings, bot).routes()


def _table(ui: str, head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return f"<p>{escape(t(ui, 'staff_none'))}</p>"
    th = "".join(f"<th>{escape(t(ui, h))}</th>" for h in head)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(f'<tr>{r}</tr>' for r in map(''.join, rows))}" \
           "</tbody></table>"


def _td(value: object, number: bool = False) -> str:
    return f"<td class='n'>{escape(str(value))}</td>" if number else f"<td>{escape(str(value))}</td>"


def _groups(ui: str, groups: list[dict]) -> list[list[str]]:
    out = []
    for g in groups:
        others = [f"{w['question']} ({w['count']})" for w in g["wordings"][1:]]
        wordings = f"<div class='wordings'>{escape(' · '.join(others))}</div>" if others else ""
        langs = ", ".join(f"{_lang_label(ui, k)} {v}" for k, v in g["langs"].items())
        out.append([f"<td>{escape(g['question'])}{wordings}</td>", _td(g["count"], True), _td(langs)])
    return out


def page_html(s: dict, ui: str, request: Request, error: str = "") -> str:
    """The whole page for the summary `s`, in the interface language `ui`."""
    q = request.query_params

    def section(key: str, title: str, body: str, csv: str | None = None) -> str:
        link = f"<a class='csv' href='/staff/csv/{csv}.csv?{escape(_query(request))}'>{escape(t(ui, 'staff_csv'))}" \
               "</a>" if csv else ""
        return f"<section id='{key}'><h2>{escape(title)}{link}</h2>{body}</section>"

    nav = "".join(f"<a href='?{escape(_query(request, lang=code))}' class='{'on' if code == ui else ''}'>"
                  f"{escape(label)}</a>" for label, code in CHOICES)
    options = "".join(f"<option value='{c}'{' selected' if q.get('channel') == c else ''}>"
                      f"{escape(t(ui, f'staff_{c}') if c else t(ui, 'staff_all'))}</option>"
                      for c in ("", "chat", "kiosk", "api"))
    form = (f"<form method='get' action='/staff'><input type='hidden' name='lang' value='{ui}'>"
            f"<label>{escape(t(ui, 'staff_since'))}"
            f"<input type='date' name='since' value='{escape(q.get('since', ''))}'></label>"
            f"<label>{escape(t(ui, 'staff_until'))}"
            f"<input type='date' name='until' value='{escape(q.get('until', ''))}'></label>"
            f"<label>{escape(t(ui, 'staff_channel'))}<select name='channel'>{options}</select></label>"
            f"<button type='submit'>{escape(t(ui, 'staff_apply'))}</button></form>")
    ms, r = s["answer_ms"], s["ratings"]
    cards = [("staff_questions", s["questions"]), ("staff_answered", s["answered"]),
             ("staff_not_covered", s["not_covered"]),
             ("staff_answered_share", f"{s['answered_share']:.0%}" if s["answered_share"] is not None else "-"),
             ("staff_distinct", s["distinct_questions"]), ("staff_up", r["up"]), ("staff_down", r["down"]),
             ("staff_median", f"{ms['median']:.0f} ms" if ms["median"] is not None else "-"),
             ("staff_p95", f"{ms['p95']:.0f} ms" if ms["p95"] is not None else "-")]
    bad = s["unreadable_lines"]["chat"] + s["unreadable_lines"]["feedback"]
    if bad:
        cards.append(("staff_unreadable", bad))
    cards_html = "".join(f"<div class='card' data-key='{k}'>{escape(t(ui, k))}<b>{escape(str(v))}</b></div>"
                         for k, v in cards)
    days = [(row["key"], row["questions"]) for row in s["by_day"]]
    over_hours = len(days) <= 1
    time_title = t(ui, "staff_over_hours" if over_hours else "staff_over_time")
    points = [(f"{row['key']}:00", row["questions"]) for row in s["by_hour"]] if over_hours else days
    by_lang = [(_lang_label(ui, row["key"]), row["questions"]) for row in s["by_script"]]
    share_rows = [(_lang_label(ui, row["key"]), row["answered"], row["not_covered"]) for row in s["by_script"]]
    charts = (f"<div class='charts'><figure id='chart-time'>{columns(points, time_title)}"
              f"<figcaption>{escape(time_title)}</figcaption></figure>"
              f"<figure id='chart-lang'>{bars(by_lang, t(ui, 'staff_by_language'))}"
              f"<figcaption>{escape(t(ui, 'staff_by_language'))}</figcaption></figure>"
              f"<figure id='chart-share'>{shares(share_rows, t(ui, 'staff_share'), (t(ui, 'staff_answered'), t(ui, 'staff_not_covered')))}"  # noqa: E501
              f"<figcaption>{escape(t(ui, 'staff_share'))}</figcaption></figure></div>")
    channel_rows = [[_td(t(ui, f"staff_{row['key']}") if f"staff_{row['key']}" in STRINGS[ui] else row["key"]),
                     _td(row["questions"], True), _td(row["answered"], True), _td(row["not_covered"], True)]
                    for row in s["by_channel"]]
    downs = [[_td(d["question"]), _td(d["answer"]), _td(d["down"], True), _td(" · ".join(d["comments"]))]
             for d in r["rated_down"]]
    comments = [[_td(c["time"] or ""), _td(c["rating"] or ""), _td(c["question"]), _td(c["comment"])]
                for c in r["comments"]]
    period = f"{s['first'] or '-'} – {s['last'] or '-'}"
    return "".join([
        f"<!doctype html><html lang='{ui}'><head><meta charset='utf-8'><title>{escape(t(ui, 'staff_title'))}</title>",
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><style>{STYLE}</style></head><body>",
        f"<nav>{nav}</nav><h1>{escape(t(ui, 'staff_title'))}</h1><p class='intro'>{escape(t(ui, 'staff_intro'))}</p>",
        f"<p class='error'>{escape(t(ui, 'staff_bad_filter', error=error))}</p>" if error else "",
        form, f"<p>{escape(t(ui, 'staff_period'))}: {escape(period)}</p>",
        section("summary", t(ui, "staff_questions"), f"<div class='cards'>{cards_html}</div>", "summary"),
        charts,
        section("by-channel", t(ui, "staff_by_channel"), _table(ui, ["staff_channel", "staff_questions",
                "staff_answered", "staff_not_covered"], channel_rows), "by_channel"),
        section("top-unanswered", t(ui, "staff_top_unanswered"), _table(ui, ["staff_question", "staff_count",
                "staff_languages"], _groups(ui, s["top_unanswered"])), "top_unanswered"),
        section("top-questions", t(ui, "staff_top"), _table(ui, ["staff_question", "staff_count", "staff_languages"],
                _groups(ui, s["top_questions"])), "top_questions"),
        section("rated-down", t(ui, "staff_rated_down"), _table(ui, ["staff_question", "staff_answer", "staff_count",
                "staff_comment"], downs), "rated_down"),
        section("comments", t(ui, "staff_comments"), _table(ui, ["staff_time", "staff_rating", "staff_question",
                "staff_comment"], comments), "comments"),
        section("downloads", t(ui, "staff_csv"), "<ul>" + "".join(
            f"<li><a href='/staff/csv/{name}.csv?{escape(_query(request))}'>{name}.csv</a></li>"
            for name in CSV_NAMES) + "</ul>"),
        "</body></html>",
    ])
