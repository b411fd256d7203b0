"""`kb ask -`: one answer (or one error) per input line, in order, whatever the line holds."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator

from kb.text import RequestError, check_request, decode

log = logging.getLogger(__name__)


# Valid inside JSON text but line breaks to str.splitlines() and many readers: written escaped, so each
# object stays on one line for any reader.
_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def json_line(obj: dict) -> str:
    """`obj` as one line of JSON (UTF-8 text kept readable, line separators escaped)."""
    text = json.dumps(obj, ensure_ascii=False)
    for raw, escaped in _BREAKS.items():
        text = text.replace(raw, escaped)
    return text


def lines(data: bytes) -> Iterator[str]:
    """Input lines split on b"\\n" alone: U+2028, form feed or a lone CR inside a line stay in it."""
    parts = data.split(b"\n")
    if parts and parts[-1] == b"":
        parts.pop()  # the newline that ends the last line starts no line of its own
    for part in parts:
        yield decode(part[:-1] if part.endswith(b"\r") else part)


def parse_line(line: str) -> tuple[str, list[dict] | None]:
    """(question, history): a line starting with { or [ is a JSON request, anything else the question itself.

    history is None for a plain line (it then follows the batch's conversation, if any).
    """
    if not line.lstrip().startswith(("{", "[")):
        return line, None
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise RequestError(f"the line is not valid JSON: {exc}") from exc
    return check_request(row)


def answer_lines(bot, data: bytes, history: list[dict], conversation: bool,
                 emit: Callable[[object | None, str, str | None], None]) -> None:
    """Answer every line of `data`; emit(Answer or None, question, error) once per line, in order."""
    from kb.chain import QuestionError

    for line in lines(data):
        try:
            question, own = parse_line(line)
        except RequestError as exc:
            emit(None, line, str(exc))
            continue
        try:
            answer = bot.ask(question, own if own is not None else history)
        except (QuestionError, RequestError) as exc:
            emit(None, question, str(exc))
            continue
        except Exception as exc:  # one line must not end the batch: the lines after it are still answered
            log.exception("answering %r failed", question[:200])
            emit(None, question, f"could not answer: {type(exc).__name__}")
            continue
        if conversation:
            history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
        emit(answer, question, None)
