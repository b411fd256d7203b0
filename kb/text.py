"""Text at the edges (CLI, stdin, the chat, /chat, the REST API): invalid code points made safe, requests checked."""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
MAX_HISTORY = 20  # messages of history passed to the chain: enough for any follow-up, bounded for the API
ROLES = ("user", "assistant")
# Python keeps an undecodable byte of a command-line argument as a lone surrogate (surrogateescape),
# and JSON may carry one ("\ud800"); neither can be written as UTF-8, so one would fail the answer,
# the log line and the page that shows it.
_SURROGATE = re.compile("[\ud800-\udfff]")

NOT_TEXT = "question must be text"
BAD_HISTORY = 'history must be a list of {"role": "user" or "assistant", "content": text}'


class RequestError(ValueError):
    """An asking request of the wrong shape: a question that is not text, a malformed history."""


def clean_text(s: str) -> str:
    """`s` with every code point UTF-8 cannot carry replaced by U+FFFD; a split surrogate pair is joined."""
    if s.isascii() or not _SURROGATE.search(s):
        return s
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def decode(data: bytes) -> str:
    """Bytes from outside as text: invalid UTF-8 becomes U+FFFD, never an error."""
    return clean_text(data.decode("utf-8", errors="replace"))


def check_question(question: object) -> str:
    """The question as clean text; anything but a string (a number, a list, an object) is refused."""
    if not isinstance(question, str):
        raise RequestError(NOT_TEXT)
    return clean_text(question)


def check_history(history: object) -> list[dict]:
    """The conversation so far as clean messages [{"role", "content"}], its last MAX_HISTORY; None is none."""
    if history is None:
        return []
    if not isinstance(history, list):
        raise RequestError(BAD_HISTORY)
    out = []
    for m in history:
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            raise RequestError(BAD_HISTORY)
        out.append({"role": m["role"], "content": clean_text(m["content"])})
    return out[-MAX_HISTORY:]


def check_request(row: object) -> tuple[str, list[dict]]:
    """(question, history) from a decoded JSON request {"question": ..., "history": [...]}."""
    if not isinstance(row, dict):
        raise RequestError(NOT_TEXT)
    return check_question(row.get("question")), check_history(row.get("history"))
