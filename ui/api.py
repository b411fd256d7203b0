"""The REST API beside the chat: POST /api/ask answers as `kb ask --json` does, GET /api/health, their docs page.

Served by the same process and port as the Gradio page, outside Gradio's queue: each question runs
on a small thread pool (the chain is thread-safe for reads), so an integrator's call never waits
behind the page's streaming answers. Bad input is HTTP 400 or 422 with {"error", "code"}, the error
in the asker's language (told from the question when there is one), never a traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from kb import langs
from kb.chain import QuestionError
from kb.langs import zh
from kb.text import RequestError, check_request, decode
from ui.i18n import EN, MN, ZH, accept_language, polite, ui_for_answer
from ui.logs import ChatLog, now

log = logging.getLogger(__name__)
WORKERS = 4  # answering threads: two cores, and an answer holds the GIL for part of its ~50 ms
MAX_BODY = 64 * 1024  # bytes: a question is at most 500 characters, its history 20 messages

ERRORS = {
    "not_json": {ZH: "请求体必须是 JSON 对象，例如 {\"question\": \"…\"}。",
                 MN: "Хүсэлт JSON объект байх ёстой, жишээ нь {\"question\": \"…\"}.",
                 EN: 'The request body must be a JSON object, e.g. {"question": "…"}.'},
    "not_text": {ZH: "问题必须是文字（question 应为字符串）。",
                 MN: "Асуулт текст байх ёстой (question нь мөр байна).",
                 EN: "question must be text (a JSON string)."},
    "bad_history": {ZH: "history 必须是 [{\"role\": \"user\" 或 \"assistant\", \"content\": 文字}] 这样的列表。",
                    MN: "history нь [{\"role\": \"user\" эсвэл \"assistant\", \"content\": текст}] "
                        "жагсаалт байх ёстой.",
                    EN: 'history must be a list of {"role": "user" or "assistant", "content": text}.'},
    "too_large": {ZH: "请求太大了。", MN: "Хүсэлт хэтэрхий том байна.", EN: "The request is too large."},
    "failed": {ZH: "抱歉，出了点问题，请再试一次。", MN: "Уучлаарай, алдаа гарлаа. Дахин оролдоно уу.",
               EN: "Sorry, something went wrong. Please try again."},
}
_CODES = {"question must be text": "not_text"}

ASK_SCHEMA = {
    "type": "object", "required": ["question"],
    "properties": {
        "question": {"type": "string", "maxLength": 500, "example": "二连浩特口岸1-11月进出口货运量是多少？"},
        "history": {"type": "array", "maxItems": 20, "description": "the conversation so far, oldest first",
                    "items": {"type": "object", "required": ["role", "content"], "properties": {
                        "role": {"type": "string", "enum": ["user", "assistant"]}, "content": {"type": "string"}}}},
    },
}


class CitationOut(BaseModel):
    id: str
    text: str
    source: str
    section: str
    score: float
    highlight: list[int] | None = None
    original: dict | None = None


class AnswerOut(BaseModel):
    """The object `kb ask --json` prints."""

    question: str
    answer: str
    found: bool
    lang: str
    citations: list[CitationOut]
    rewritten: str | None = None


class ErrorOut(BaseModel):
    error: str
    code: str


class HealthOut(BaseModel):
    status: str
    loaded: bool
    index: str | None
    editions: list[str]


def asker_language(question: str | None, accept: str) -> tuple[str, bool]:
    """(interface language, Traditional?) of the asker: the question's, else Accept-Language, else English."""
    if question and question.strip():
        lang = langs.detect(question)
        return ui_for_answer(lang), lang == zh.HANT
    return accept_language(accept) or (EN, False)


def error(status: int, code: str, question: str | None, accept: str) -> JSONResponse:
    ui, traditional = asker_language(question, accept)
    text = polite(ui, question or "") if code == "question" else ERRORS[code][ui]
    return JSONResponse({"error": zh.to_traditional(text) if traditional else text,
                         "code": "question_refused" if code == "question" else code}, status_code=status)


def router(bot, chat_log: ChatLog | None, kiosk: bool = False) -> APIRouter:
    """/api/health always; /api/ask too, except in the booth."""
    api = APIRouter(prefix="/api", tags=["Bridgehead"])
    pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="kb-api")

    @api.get("/health", response_model=HealthOut, summary="Whether the index is loaded, and which")
    def health() -> HealthOut:
        name = getattr(bot, "index_name", None)
        return HealthOut(status="ok" if name else "loading", loaded=bool(name), index=name,
                         editions=sorted(getattr(bot, "retrievers", {}) or {}))

    if kiosk:
        return api

    def answer(question: str, history: list[dict]) -> dict:
        result = bot.ask(question, history)
        if chat_log:
            chat_log.append({"time": now(), "channel": "rest", "question": question, "answer": result.answer,
                             "found": result.found, "lang": result.lang,
                             "citations": [c.id for c in result.citations], "rewritten": result.rewritten})
        return result.to_dict()

    @api.post("/ask", summary="Answer a question from the report, citing passages", response_model=AnswerOut,
              responses={400: {"model": ErrorOut, "description": "the body is not a JSON object"},
                         422: {"model": ErrorOut, "description": "a question that is not text or cannot be asked, "
                                                                  "or a malformed history"}},
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": ASK_SCHEMA}}}})
    async def ask(request: Request) -> JSONResponse:
        """The `kb ask --json` object for `question`, following `history` if given; in the question's language."""
        accept = request.headers.get("accept-language", "")
        body = await request.body()
        if len(body) > MAX_BODY:
            return error(413, "too_large", None, accept)
        try:
            row = json.loads(decode(body))
        except (json.JSONDecodeError, RecursionError):
            return error(400, "not_json", None, accept)
        if not isinstance(row, dict):  # [1, 2], 5, "text": the question is not a text field
            return error(422, "not_text", None, accept)
        asked = row.get("question") if isinstance(row.get("question"), str) else None
        try:
            question, history = check_request(row)
        except RequestError as exc:
            return error(422, _CODES.get(str(exc), "bad_history"), asked, accept)
        try:
            result = await asyncio.get_running_loop().run_in_executor(pool, answer, question, history)
        except QuestionError:
            return error(422, "question", question, accept)
        except Exception:  # the caller gets one clear line; the traceback stays in the server's log
            log.exception("answering %r failed", question[:200])
            return error(500, "failed", question, accept)
        return JSONResponse(result)

    return api


def add_docs(app: FastAPI) -> None:
    """The OpenAPI page at /api/docs, its scripts served from the swagger-ui-bundle package (no CDN offline)."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/api/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger-assets")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="Bridgehead API",
                                   swagger_js_url="/api/docs/assets/swagger-ui-bundle.js",
                                   swagger_css_url="/api/docs/assets/swagger-ui.css",
                                   swagger_favicon_url="/api/docs/assets/favicon-32x32.png")
