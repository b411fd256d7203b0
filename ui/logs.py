"""Append-only JSONL logs: every question answered (ChatLog) and every rating or comment (FeedbackLog)."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from kb.privacy import mask_record
from kb.retention import log_lock


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


class ChatLog:
    """Append-only JSONL log; a line is written whole or not at all, and reaches the disk before we return."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    def append(self, record: dict) -> None:
        line = json.dumps(mask_record(record), ensure_ascii=False) + "\n"
        # One write per record, then flush and fsync: a server that dies keeps every record it acknowledged.
        with self._lock, log_lock(self.path), self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    def read(self) -> list[dict]:
        if not self.path.is_file():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]


class FeedbackLog(ChatLog):
    """Ratings (up/down) and optional comments on answers, with the question, answer and citation ids."""

    def rate(self, turn: dict, rating: str | None, comment: str = "", **extra: object) -> dict:
        record = {
            "time": now(), "rating": rating, "comment": comment.strip(), "question": turn.get("question", ""),
            "answer": turn.get("answer", ""), "found": turn.get("found"), "lang": turn.get("lang"),
            "citations": list(turn.get("citations", [])), **extra,
        }
        self.append(record)
        return record
