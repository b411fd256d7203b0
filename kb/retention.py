"""Retention: KB_LOG_DAYS and `kb logs purge` drop old log records by an atomic rewrite that loses no other.

A running `kb serve` appends to the same files while a purge rewrites them: both take one
lock file beside each log (`chat.jsonl.lock`), so a record appended during a purge is either
read by it and kept, or appended after it to the new file, never written to the replaced one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kb.settings import Settings, SettingsError

try:
    import fcntl
except ImportError:  # not POSIX: the in-process lock of ui/logs.py is all there is
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
LOGS = ("chat.jsonl", "feedback.jsonl")
MAX_DAYS = 3650
CHECK_SECONDS = 3600.0  # a running server purges this often; records are dated to the second, a day is the unit


@contextlib.contextmanager
def log_lock(path: Path) -> Iterator[None]:
    """Hold the lock that every writer of the log at `path` takes (in this process and in others)."""
    if fcntl is None:
        yield
        return
    lock = path.with_name(path.name + ".lock")
    with lock.open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def log_days(settings: Settings) -> int:
    """KB_LOG_DAYS, checked: 0 keeps every record, N keeps the last N days."""
    days = settings.log_days
    if not 0 <= days <= MAX_DAYS:
        raise SettingsError(
            f"KB_LOG_DAYS={days}: give the days to keep logs, from 1 to {MAX_DAYS}, or 0 to keep them all"
        )
    return days


def record_time(line: bytes) -> datetime | None:
    """The wall-clock time a JSONL line was written at, as the log records it; None if the line has none."""
    try:
        stamp = json.loads(line).get("time")
        return datetime.fromisoformat(stamp).replace(tzinfo=None) if isinstance(stamp, str) else None
    except (ValueError, AttributeError):
        return None


@dataclass
class Purged:
    file: str
    kept: int = 0
    removed: int = 0
    undated: int = 0  # unreadable or undated lines: kept, since nothing says they are old


def purge_file(path: Path, before: datetime) -> Purged:
    """Remove the records of `path` written before `before` (wall-clock); keep every other line byte for byte."""
    result = Purged(path.name)
    if not path.is_file():
        return result
    with log_lock(path):
        data = path.read_bytes()
        keep: list[bytes] = []
        for line in data.splitlines(keepends=True):
            if not line.strip():
                keep.append(line)
                continue
            when = record_time(line)
            if when is not None and when < before:
                result.removed += 1
                continue
            result.undated += when is None
            result.kept += 1
            keep.append(line)
        if result.removed:
            _replace(path, b"".join(keep))
    return result


def _replace(path: Path, data: bytes) -> None:
    """Write `data` beside `path` and rename it over: a crash leaves the old file or the new one, whole."""
    tmp = path.with_name(f".{path.name}.purge-{os.getpid()}")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def purge(logs: Path, before: datetime) -> list[Purged]:
    """Purge every log in the directory `logs` of records written before `before`."""
    return [purge_file(logs / name, before) for name in LOGS]


def cutoff(days: int, now: datetime | None = None) -> datetime:
    """The oldest wall-clock time KB_LOG_DAYS=days keeps."""
    return (now or datetime.now()) - timedelta(days=days)


def start_retention(settings: Settings) -> threading.Thread | None:
    """Apply KB_LOG_DAYS now and then hourly in the background; nothing when it is 0."""
    days = log_days(settings)
    if not days:
        return None
    logs = settings.data_dir / "logs"

    def once() -> None:
        try:
            for p in purge(logs, cutoff(days)):
                if p.removed:
                    log.info("KB_LOG_DAYS=%d: removed %d records from %s, kept %d", days, p.removed, p.file, p.kept)
        except OSError as exc:  # a full or read-only disk must not stop the chat; the next hour tries again
            log.warning("could not purge old logs in %s: %s", logs, exc)

    once()

    def loop() -> None:
        while True:
            time.sleep(CHECK_SECONDS)
            once()

    thread = threading.Thread(target=loop, name="kb-log-retention", daemon=True)
    thread.start()
    return thread
