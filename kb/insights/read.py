"""Read the chat and feedback logs as they are written today and as they were: tolerant, never fatal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from kb.privacy import mask

CHANNELS = ("chat", "kiosk", "api")


class InsightsError(ValueError):
    """A filter the logs cannot be read with (a date that is not a date)."""


@dataclass(frozen=True)
class Filters:
    since: datetime | None = None  # wall-clock, inclusive
    until: datetime | None = None  # wall-clock, exclusive (a bare date means the end of that day)
    channel: str | None = None

    @classmethod
    def parse(cls, since: str | None = None, until: str | None = None, channel: str | None = None) -> Filters:
        if channel is not None and channel not in CHANNELS:
            raise InsightsError(f"unknown channel {channel!r}; choose one of {', '.join(CHANNELS)}")
        return cls(parse_when(since, "--since"), parse_when(until, "--until", end=True), channel)

    def keeps(self, record: dict) -> bool:
        when = record.get("_when")
        if (self.since or self.until) and when is None:
            return False
        if self.since and when < self.since:
            return False
        if self.until and when >= self.until:
            return False
        return not self.channel or record.get("channel") == self.channel

    def to_dict(self) -> dict:
        return {"since": _iso(self.since), "until": _iso(self.until), "channel": self.channel}


def _iso(when: datetime | None) -> str | None:
    return when.isoformat(sep=" ", timespec="minutes") if when else None


def parse_when(text: str | None, option: str = "date", end: bool = False) -> datetime | None:
    """'2026-12-01' (with end=True: up to the end of that day) or '2026-12-01 14:00' / '2026-12-01T14:00'."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InsightsError(f"{option} {text!r}: give a date like 2026-12-01 or a time like '2026-12-01 14:00'") \
            from None
    when = when.replace(tzinfo=None) if when.tzinfo else when
    if end and len(text) <= 10:  # a bare date: the whole of that day
        when = datetime.combine(when.date(), time()) + timedelta(days=1)
    return when


@dataclass
class Log:
    records: list[dict] = field(default_factory=list)
    unreadable: int = 0  # torn or garbled lines, skipped


@dataclass
class Logs:
    chat: Log
    feedback: Log


def read_log(path: Path) -> Log:
    """Every record of a JSONL log; a line that is not a JSON object is counted and skipped."""
    out = Log()
    if not path.is_file():
        return out
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                out.unreadable += 1
                continue
            if not isinstance(record, dict) or not isinstance(record.get("question", ""), str):
                out.unreadable += 1
                continue
            out.records.append(_upgrade(record))
    return out


def _upgrade(record: dict) -> dict:
    """One shape for every format the logs have had: fields a record lacks get their neutral value."""
    stamp = record.get("time")
    try:
        when = datetime.fromisoformat(stamp).replace(tzinfo=None) if isinstance(stamp, str) else None
    except ValueError:
        when = None
    ms = record.get("answer_ms", record.get("ms"))
    # Logs written before masking existed may hold a phone number: what is shown is masked all the same.
    return {
        **record,
        "_when": when,
        "question": mask(str(record.get("question") or "")),
        "answer": mask(str(record.get("answer") or "")),
        "channel": str(record.get("channel") or "chat"),  # the first logs came from the chat alone
        "lang": record.get("lang") if isinstance(record.get("lang"), str) else "unknown",
        "found": record.get("found") if isinstance(record.get("found"), bool) else None,
        "answer_ms": float(ms) if isinstance(ms, (int, float)) and not isinstance(ms, bool) and ms >= 0 else None,
        "comment": mask(str(record.get("comment") or "").strip()),
        "rating": record.get("rating") if record.get("rating") in {"up", "down"} else None,
    }


def read_logs(logs_dir: Path, filters: Filters | None = None) -> Logs:
    """The chat and feedback logs in `logs_dir`, filtered."""
    filters = filters or Filters()
    chat, feedback = read_log(logs_dir / "chat.jsonl"), read_log(logs_dir / "feedback.jsonl")
    chat.records = [r for r in chat.records if r["question"].strip() and filters.keeps(r)]
    feedback.records = [r for r in feedback.records if filters.keeps(r)]
    return Logs(chat, feedback)
