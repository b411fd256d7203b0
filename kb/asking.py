"""Asking: the question inside a long message, apart from the context told before it."""

from __future__ import annotations

import re

# A sentence ends at 。！？!? or at a full stop before a space ("…through Erenhot. How much…?").
_SENTENCE_END = re.compile(r"(?<=[。！？!?])\s*|(?<=\.)\s+")


def sentences(message: str) -> list[str]:
    """The message's sentences, each ending where it ends."""
    return [s for s in _SENTENCE_END.split(message) if s.strip()]


def asks(sentence: str) -> bool:
    """Whether the sentence asks: it holds a question mark."""
    return bool(re.search(r"[？?]", sentence))


def questions_asked(message: str) -> str:
    """A long message from its first question on: the sentences of context before it dropped. Typed without a
    question mark ("…车一直走二连浩特公路口岸。是哪几个月"), its last sentence asks, as in `asking_sentence`."""
    said = sentences(message)
    first = next((s for s in said if asks(s)), said[-1] if said else None)
    return message[message.find(first):] if first and len(said) > 1 else message


def asking_sentence(question: str) -> str:
    """The sentence of a long message that asks: the last with a question mark, else the last."""
    said = sentences(question)
    return ([s for s in said if asks(s)] or said or [question])[-1]
