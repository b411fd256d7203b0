"""The conversation behind the page and the API: ask with history, show the answer, log it, take feedback.

A visitor's session is {"turns": [...]}, one turn per question: the question, the answer in
its `Answer.to_dict()` shape (or the key of a notice shown instead), and the feedback given on
it. The chat keeps it in the browser's localStorage (gr.BrowserState: a reload restores the
conversation, the server keeps nothing); the booth keeps it in the page only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import gradio as gr

from kb.chain import Answer, Bridgehead, QuestionError
from kb.text import RequestError, check_history, check_question, clean_text
from ui.i18n import polite, question_problem
from ui.logs import ChatLog, FeedbackLog, now
from ui.render import REASONS, plain, render_conversation
from ui.sources import Sources
from ui.suggest import FOLLOWUPS, Suggester

log = logging.getLogger(__name__)
MAX_HISTORY = 20  # messages of history passed to the chain: enough for any follow-up, bounded for the API
MAX_TURNS = 30  # turns kept in the browser: a long visit stays well inside localStorage's few megabytes


def new_session() -> dict[str, Any]:
    return {"turns": []}


def clean_session(session: object) -> dict[str, Any]:
    """A session from the browser, kept only where it is well formed (storage can hold anything, or be stale)."""
    turns = session.get("turns") if isinstance(session, dict) else None
    out = []
    for turn in turns if isinstance(turns, list) else []:
        if not isinstance(turn, dict) or not isinstance(turn.get("q"), str) or turn.get("pending"):
            continue
        answer = turn.get("a")
        if isinstance(answer, dict) and isinstance(answer.get("answer"), str):
            fb = turn.get("fb") if isinstance(turn.get("fb"), dict) else {}
            nexts = [q for q in turn.get("next") or [] if isinstance(q, str)][:FOLLOWUPS]
            out.append({"q": turn["q"], "a": answer, "fb": {k: fb[k] for k in ("rating", "sent") if k in fb},
                        "next": nexts})
        elif isinstance(turn.get("notice"), str):
            out.append({"q": turn["q"], "a": None, "notice": turn["notice"]})
    return {"turns": out[-MAX_TURNS:]}


def history_of(turns: list[dict]) -> list[dict]:
    """The conversation as the chain reads it: plain question and plain answer text, no markers."""
    out: list[dict] = []
    for turn in turns:
        if isinstance(turn.get("a"), dict):
            answer = plain(turn["a"]["answer"])
            out += [{"role": "user", "content": turn["q"]}, {"role": "assistant", "content": answer}]
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


def _record(answer: dict) -> dict:
    """What the feedback log keeps of an answer: question, answer, whether found, language, citation ids."""
    return {"question": answer.get("question", ""), "answer": answer.get("answer", ""), "found": answer.get("found"),
            "lang": answer.get("lang"), "citations": [c.get("id") for c in answer.get("citations") or []
                                                     if isinstance(c, dict)]}


class Chat:
    """Answers for one app: the page's handler, the /chat API function, the feedback handler."""

    def __init__(self, bot: Bridgehead, chat_log: ChatLog | None, feedback: FeedbackLog | None,
                 suggester: Suggester, sources: Sources, channel: str = "chat") -> None:
        self.bot, self.chat_log, self.feedback, self.suggester = bot, chat_log, feedback, suggester
        self.sources, self.channel = sources, channel
        self.kiosk = channel == "kiosk"

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

    def view(self, session: dict, ui: str) -> str:
        return render_conversation(session["turns"], ui, self.sources, self.kiosk)

    def respond(self, question: str, session: object, ui: str) -> Iterator[tuple]:
        """Answer one question: (box, conversation, session, note, suggestions, follow-up row, new, buttons...).

        An empty question does nothing; a too-long one stays in the box with a note saying why.
        The answer is shown whole as soon as the chain has it (about 60 ms): there is nothing to stream.
        """
        question = clean_text(question if isinstance(question, str) else "")
        skip = gr.skip()
        rest = [skip] * (4 + FOLLOWUPS)
        if not question.strip():
            yield skip, skip, skip, *rest
            return
        if question_problem(question) == "too_long":
            yield skip, skip, skip, note(polite(ui, question)), *[skip] * (3 + FOLLOWUPS)
            return
        session = clean_session(session)
        turns = session["turns"]
        pending = [*turns, {"q": question, "a": None, "pending": True}]
        hidden = [gr.update(visible=False), gr.update(visible=False), gr.update(visible=True)]
        yield "", render_conversation(pending, ui, self.sources, self.kiosk), skip, note(), *hidden, *[skip] * FOLLOWUPS
        nexts: list[str] = []
        try:
            answer = self.ask(question, history_of(turns), self.channel)
            nexts = self.suggester.followups(answer, [*(turn["q"] for turn in turns), question])
            turns.append({"q": question, "a": answer.to_dict(), "fb": {}, "next": nexts})
        except QuestionError:
            turns.append({"q": question, "a": None, "notice": question_problem(question)})
        except Exception:  # an answer must never crash the page; the log keeps the traceback
            log.exception("answering %r failed", question[:200])
            turns.append({"q": question, "a": None, "notice": "failed"})
        session["turns"] = turns[-MAX_TURNS:]
        yield "", self.view(session, ui), session, note(), *followup_updates(nexts, bool(turns))

    def on_feedback(self, session: object, ui: str, data: gr.EventData) -> tuple[str, dict]:
        """A rating (up/down) or, after a down, the reasons and comment: one feedback record each, written at once."""
        session = clean_session(session)
        event = getattr(data, "_data", None) or {}
        index = event.get("turn")
        turns = session["turns"]
        if not isinstance(index, int) or not 0 <= index < len(turns) or not isinstance(turns[index].get("a"), dict):
            return self.view(session, ui), session
        turn, state = turns[index], turns[index].setdefault("fb", {})
        record = _record(turn["a"])
        if event.get("rating") in ("up", "down") and not state.get("rating"):
            state["rating"] = event["rating"]
            state["sent"] = event["rating"] == "up"
            if self.feedback:
                self.feedback.rate(record, state["rating"], channel=self.channel)
        elif "reasons" in event and state.get("rating") == "down" and not state.get("sent"):
            reasons = [r for r in event.get("reasons") or [] if r in REASONS]
            comment = str(event.get("comment") or "")[:2000] if not self.kiosk else ""
            state["sent"] = True
            if self.feedback and (reasons or comment.strip()):
                self.feedback.rate(record, None, comment=comment, reasons=reasons, channel=self.channel)
        return self.view(session, ui), session


def note(text: str = "") -> dict:
    """The line under the question box: shown with a message, gone without one."""
    return gr.update(value=text, visible=bool(text))


def followup_updates(questions: list[str], started: bool) -> list:
    """Updates for the suggestions, the follow-up row, the new-conversation button and the follow-up buttons."""
    buttons = [gr.update(value=q, visible=True) if q else gr.update(visible=False)
               for q in (questions + [""] * FOLLOWUPS)[:FOLLOWUPS]]
    return [gr.update(visible=not started), gr.update(visible=bool(questions)), gr.update(visible=started), *buttons]
