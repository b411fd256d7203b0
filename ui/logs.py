"""Append-only JSONL logs: every question answered (ChatLog) and every rating or comment (FeedbackLog)."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import deque
from pathlib import Path

from kb.privacy import mask_record
from kb.retention import log_lock
from kb.text import clean_text

log = logging.getLogger(__name__)
BACKLOG = 10_000  # records kept in memory while the disk refuses them, written once it takes them again


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


class ChatLog:
    """Append-only JSONL log; a line is written whole or not at all, and reaches the disk before we return.

    Answering never depends on it: a full or read-only disk gives the operator one warning, and the
    records it refused wait in memory (up to BACKLOG) until a later write goes through. A line torn
    by a crash or an older version is moved to `<name>.torn` at start-up, so the next record starts
    on its own line.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.skipped = 0  # lines read() could not parse
        self._lock = threading.Lock()
        self._backlog: deque[bytes] = deque(maxlen=BACKLOG)
        self._failing = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with log_lock(path):
                self._recover()
        except OSError as exc:
            self._warn(exc)

    def _warn(self, exc: OSError) -> None:
        if not self._failing:  # once per outage, not once per record
            log.warning("cannot write %s (%s): answering goes on; records wait in memory until it can be written",
                        self.path, exc.strerror or exc)
        self._failing = True

    def _recover(self) -> None:
        """Set a torn last line (no newline: the disk filled or the process died mid-write) aside."""
        if not self.path.is_file():
            return
        with self.path.open("rb+") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size == 0:
                return
            tail, start = b"", size
            while start > 0 and b"\n" not in tail:
                start = max(0, start - 65536)
                fh.seek(start)
                tail = fh.read(size - start)
            if tail.endswith(b"\n"):
                return
            cut = start + tail.rfind(b"\n") + 1 if b"\n" in tail else 0
            fh.seek(cut)
            torn = fh.read()
            with self.path.with_name(self.path.name + ".torn").open("ab") as side:
                side.write(torn + b"\n")
                side.flush()
                os.fsync(side.fileno())
            fh.truncate(cut)
            os.fsync(fh.fileno())
        log.warning("%s ended in a torn line (%d bytes): moved to %s.torn", self.path, len(torn), self.path.name)

    def _write(self, fd: int, line: bytes) -> None:
        """One os.write of the whole line; a short write is cut back off, so no torn line stays."""
        before = os.fstat(fd).st_size
        try:
            written = os.write(fd, line)
        except OSError:
            os.ftruncate(fd, before)
            raise
        if written != len(line):
            os.ftruncate(fd, before)
            raise OSError(28, "No space left on device (short write)")

    def append(self, record: dict) -> bool:
        """Write one record; whether it (and every record waiting before it) is on disk now."""
        line = (clean_text(json.dumps(mask_record(record), ensure_ascii=False)) + "\n").encode("utf-8")
        with self._lock:
            self._backlog.append(line)
            try:
                # log_lock: a purge (kb/retention.py) may be rewriting the file; opened after it, so we write
                # to the file it left, never to the one it replaced.
                with log_lock(self.path):
                    fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                    try:
                        while self._backlog:
                            self._write(fd, self._backlog[0])
                            self._backlog.popleft()
                        # fsync: a server that dies keeps every record it acknowledged.
                        os.fsync(fd)
                    finally:
                        os.close(fd)
            except OSError as exc:
                self._warn(exc)
                return False
            if self._failing:
                log.warning("%s is writable again: the records that waited are written", self.path)
                self._failing = False
            return True

    def read(self) -> list[dict]:
        """Every record; a line that is not a JSON object is skipped and counted in `skipped`."""
        if not self.path.is_file():
            return []
        out, self.skipped = [], 0
        for line in self.path.read_bytes().split(b"\n"):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                record = None
            if isinstance(record, dict):
                out.append(record)
            else:
                self.skipped += 1
        return out


class FeedbackLog(ChatLog):
    """Ratings (up/down) and optional comments on answers, with the question, answer and citation ids."""

    def rate(self, turn: dict, rating: str | None, comment: str = "", **extra: object) -> dict:
        record = {
            "time": now(), "rating": rating, "comment": clean_text(comment.strip()),
            "question": turn.get("question", ""), "answer": turn.get("answer", ""), "found": turn.get("found"),
            "lang": turn.get("lang"), "citations": list(turn.get("citations", [])), **extra,
        }
        self.append(record)
        return record
