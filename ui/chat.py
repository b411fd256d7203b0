"""The conversation behind the page and the API: ask with history, stream the answer, log it, take feedback.

A visitor's session is a dict kept in a gr.State: the rendered messages the chatbot shows,
and one plain-text turn per question (question, answer, citation ids) for the history the
chain reads and for the feedback log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import gradio as gr

from kb.chain import Answer, Bridgehead, QuestionError
from kb.text import RequestError, check_history, check_question, clean_text
from ui.i18n import polite, t
from ui.logs import ChatLog, FeedbackLog, now
from ui.render import pieces, plain, render, render_message, render_partial, render_question
from ui.suggest import FOLLOWUPS, Suggester

log = logging.getLogger(__name__)
MAX_HISTORY = 20  # messages of history passed to the chain: enough for any follow-up, bounded for the API


def new_session() -> dict[str, Any]:
    return {"messages": [], "turns": [], "rated": None}


def history_of(turns: list[dict]) -> list[dict]:
    """The conversation as the chain reads it: plain question and plain answer text, no HTML."""
    out: list[dict] = []
    for turn in turns:
        if turn.get("error"):
            continue
        out += [{"role": "user", "content": turn["question"]}, {"role": "assistant", "content": plain(turn["answer"])}]
    return out[-MAX_HISTORY:]


def clean_history(history: object) -> list[dict]:
    """History from an API caller, kept only where it is well formed: [{"role": user|assistant, "content": str}]."""
    if not isinstance(history, list):
        return []
    out = [
        {"role": m["role"], "content": m["content"]} for m in history
        if isinstance(m, dict) and m.get("role") in {"user", "assistant"} and isinstance(m.get("content"), str)
    ]
    return out[-MAX_HISTORY:]


class Chat:
    """Answers for one app: the UI's streaming handler, the /chat API function, feedback handlers."""

    def __init__(self, bot: Bridgehead, chat_log: ChatLog | None, feedback: FeedbackLog | None,
                 suggester: Suggester, channel: str = "chat", delay: float = 0.02) -> None:
        self.bot, self.chat_log, self.feedback, self.suggester = bot, chat_log, feedback, suggester
        self.channel = channel
        self.delay = delay  # seconds between streamed pieces: lets a reader see the answer arrive

    def ask(self, question: str, history: list[dict], channel: str) -> Answer:
        start = time.perf_counter()
        answer = self.bot.ask(question, history=history)
        if self.chat_log:
            self.chat_log.append({
                "time": now(), "channel": channel, "question": question, "answer": answer.answer,
                "found": answer.found, "lang": answer.lang, "citations": [c.id for c in answer.citations],
                "rewritten": answer.rewritten, "answer_ms": round((time.perf_counter() - start) * 1000, 1),
            })
        return answer

    def answer_json(self, question: str, history: list[dict] | None = None) -> dict:
        """Answer one question, optionally following a conversation; the same JSON object as `kb ask --json`.

        `history` is the conversation so far, [{"role": "user"|"assistant", "content": "plain text"}].
        A question that cannot be asked, or is not text, gives {"question", "error"}.
        """
        try:
            question = check_question(question)
            return self.ask(question, check_history(history), "api").to_dict()
        except (QuestionError, RequestError) as exc:
            return {"question": question if isinstance(question, str) else None, "error": str(exc)}
        except Exception:  # the caller gets an error object; the traceback stays in the server's log
            log.exception("answering %r failed", str(question)[:200])
            return {"question": question if isinstance(question, str) else None, "error": "could not answer"}

    def respond(self, question: str, session: dict, ui: str) -> Iterator[tuple]:
        """Stream one answer into the chat: (box, chat, session, follow-up row, follow-up buttons...)."""
        session = session or new_session()
        question = clean_text(question if isinstance(question, str) else "")
        messages = [*session["messages"], {"role": "user", "content": render_question(question)}]
        skip = [gr.skip()] * (FOLLOWUPS + 1)
        try:
            answer = self.ask(question, history_of(session["turns"]), self.channel)
        except QuestionError:
            yield from self._refuse(session, messages, question, polite(ui, question), skip)
            return
        except Exception:  # an answer must never crash the page; the log keeps the traceback
            log.exception("answering %r failed", question[:200])
            yield from self._refuse(session, messages, question, t(ui, "failed"), skip)
            return
        yield "", messages + [{"role": "assistant", "content": render_partial("", answer.lang)}], session, *skip
        for shown in pieces(answer.answer):
            time.sleep(self.delay)
            partial = {"role": "assistant", "content": render_partial(shown, answer.lang)}
            yield "", [*messages, partial], session, *skip
        session["messages"] = [*messages, {"role": "assistant", "content": render(answer, ui)}]
        session["turns"].append({
            "question": question, "answer": answer.answer, "found": answer.found, "lang": answer.lang,
            "citations": [c.id for c in answer.citations],
        })
        asked = [turn["question"] for turn in session["turns"]]
        nexts = self.suggester.followups(answer, asked)
        yield "", session["messages"], session, *followup_updates(nexts)

    def _refuse(self, session: dict, messages: list[dict], question: str, text: str, skip: list) -> Iterator[tuple]:
        session["messages"] = [*messages, {"role": "assistant", "content": render_message(text)}]
        # A turn for every question keeps message i's turn at i // 2 for the feedback handler.
        session["turns"].append({"question": question, "answer": text, "found": False, "error": True,
                                 "lang": None, "citations": []})
        yield "", session["messages"], session, *skip

    def on_like(self, session: dict, ui: str, data: gr.LikeData) -> str:
        """A thumb up or down on an answer: one feedback record, written at once."""
        turn = self._turn(session, data.index)
        if turn is None or not self.feedback:
            return t(ui, "nothing_to_rate")
        rating = "up" if data.liked is True else "down" if data.liked is False else None  # None: a rating taken back
        self.feedback.rate(turn, rating, channel=self.channel)
        session["rated"] = session["turns"].index(turn)
        return t(ui, "thanks")

    def on_comment(self, comment: str, session: dict, ui: str) -> tuple[str, str]:
        """A written comment, on the answer rated last (or the latest answer if none was rated)."""
        session = session or new_session()
        if not session["turns"] or not self.feedback:
            return comment, t(ui, "nothing_to_rate")
        if not (comment or "").strip():
            return "", ""
        index = session["rated"] if session["rated"] is not None else len(session["turns"]) - 1
        self.feedback.rate(session["turns"][index], None, comment=comment[:2000], channel=self.channel)
        return "", t(ui, "thanks")

    @staticmethod
    def _turn(session: dict, index: object) -> dict | None:
        if isinstance(index, (list, tuple)):
            index = index[0]
        if not isinstance(index, int) or not session:
            return None
        turns = session["turns"]
        return turns[index // 2] if 0 <= index // 2 < len(turns) else None


def followup_updates(questions: list[str]) -> list:
    """Updates for the follow-up row and its buttons: shown with these questions, hidden without."""
    buttons = [gr.update(value=q, visible=True) if q else gr.update(visible=False)
               for q in (questions + [""] * FOLLOWUPS)[:FOLLOWUPS]]
    return [gr.update(visible=bool(questions)), *buttons]
