"""The first Gradio chat: ask a question, read a short answer and the passages it cites."""

from __future__ import annotations

import html
import json
import threading
import time
from pathlib import Path

import gradio as gr

from kb.chain import Answer, Bridgehead, QuestionError
from kb.settings import Settings

EXAMPLES = [
    "二连浩特口岸1-11月进出口货运量是多少？",
    "中欧班列出境多少列？",
    "中蒙二连浩特—扎门乌德经济合作区是什么时候批复设立的？",
    "边民互市贸易交易金额是多少？",
    "Эрээн–Замын-Үүдийн хамтын ажиллагааны бүсийг хэзээ баталсан бэ?",
]
TITLE = "Bridgehead · 北方桥头堡问答"
# System fonts only: the default theme would fetch web fonts, and the booth is offline.
THEME = gr.themes.Default(
    font=["Noto Sans CJK SC", "WenQuanYi Micro Hei", "system-ui", "sans-serif"],
    font_mono=["DejaVu Sans Mono", "monospace"],
)
CSS = ".citation mark { background: #ffe08a; }"


def render(answer: Answer) -> str:
    """The assistant's message: the answer, then each cited passage with the sentence marked.

    Passage text is HTML-escaped: the report (or a question) must never become markup.
    """
    parts = [html.escape(answer.answer)]
    for n, c in enumerate(answer.citations, start=1):
        body = _marked(c.text, c.highlight)
        if c.original:  # a translated passage: the Chinese original beside it
            body += f"<br><small>原文 · Эх бичвэр</small><br>{_marked(c.original['text'], c.original.get('highlight'))}"
        parts.append(
            f"<details class='citation'{' open' if n == 1 else ''}><summary>[{n}] {html.escape(c.section)}"
            f"</summary>{body}</details>"
        )
    return "\n\n".join(parts)


def _marked(text: str, span: list[int] | None) -> str:
    if not span:
        return html.escape(text)
    a, b = span
    return f"{html.escape(text[:a])}<mark>{html.escape(text[a:b])}</mark>{html.escape(text[b:])}"


class ChatLog:
    """Append-only JSONL log of questions and answers; a line is written whole or not at all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    def append(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()


def build_app(bot: Bridgehead, log: ChatLog | None = None) -> gr.Blocks:
    def answer_json(question: str) -> dict:
        """Answer one question; returns the same JSON object as `kb ask --json`."""
        try:
            answer = bot.ask(question)
        except QuestionError as exc:
            return {"question": question, "error": str(exc)}
        if log:
            log.append({
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "question": question, "answer": answer.answer,
                "found": answer.found, "lang": answer.lang, "citations": [c.id for c in answer.citations],
            })
        return answer.to_dict()

    def respond(question: str, history: list[dict]) -> tuple[str, list[dict]]:
        result = answer_json(question)
        if "error" in result:
            reply = f"请换个问法：{result['error']}。"
        else:
            reply = render(Answer(**{**result, "citations": [_citation(c) for c in result["citations"]]}))
        shown = html.escape(question.strip()) or "…"
        return "", [*history, {"role": "user", "content": shown}, {"role": "assistant", "content": reply}]

    with gr.Blocks(title=TITLE) as app:
        gr.Markdown(f"# {TITLE}\n锡林郭勒盟向北开放桥头堡报告问答：每个回答都标注出处。")
        chat = gr.Chatbot(label="对话", height=520, sanitize_html=True, feedback_options=None)
        with gr.Row():
            box = gr.Textbox(placeholder="输入问题，例如：二连浩特口岸货运量是多少？", show_label=False, scale=5,
                             elem_id="question")
            send = gr.Button("提问", variant="primary", scale=1, elem_id="ask")
        gr.Examples(EXAMPLES, inputs=box)
        send.click(respond, [box, chat], [box, chat], api_visibility="private")
        box.submit(respond, [box, chat], [box, chat], api_visibility="private")
        gr.api(answer_json, api_name="chat")
    return app


def _citation(c: dict):
    from kb.retrieval.answer import Citation

    return Citation(**c)


def launch(settings: Settings) -> None:
    bot = Bridgehead(settings)
    app = build_app(bot, ChatLog(settings.data_dir / "logs" / "chat.jsonl"))
    app.queue(default_concurrency_limit=2).launch(
        server_name=settings.host, server_port=settings.port, theme=THEME, css=CSS,
        footer_links=["api"], show_error=False,
    )
