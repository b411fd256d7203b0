"""Retention: `kb logs purge` and KB_LOG_DAYS remove old records only, atomically, while the server appends."""

from __future__ import annotations

import json
import multiprocessing
import threading
from datetime import datetime, timedelta
from pathlib import Path

from kb.retention import purge, purge_file, start_retention
from kb.settings import Settings
from tests.test_cli import kb
from ui.logs import ChatLog, now


def _line(when: datetime, question: str) -> str:
    return json.dumps({"time": when.strftime("%Y-%m-%dT%H:%M:%S+0800"), "question": question}, ensure_ascii=False)


def _write(path: Path, lines: list[str], tail: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines) + tail, encoding="utf-8")


def test_purge_removes_old_records_and_keeps_every_other_line_byte_for_byte(tmp_path):
    logs = tmp_path / "logs"
    old, new = datetime(2026, 11, 20, 9), datetime(2026, 12, 1, 9)
    _write(logs / "chat.jsonl", [_line(old, "旧问题"), _line(new, "新问题"), "{not json", '{"question": "无时间"}'],
           tail='{"time": "2026-11-01T')  # a torn last line, as a crash leaves it
    _write(logs / "feedback.jsonl", [_line(old, "旧评价")])
    before = (logs / "chat.jsonl").read_bytes()
    results = {p.file: p for p in purge(logs, datetime(2026, 12, 1))}
    after = (logs / "chat.jsonl").read_bytes()
    assert results["chat.jsonl"].removed == 1 and results["chat.jsonl"].kept == 4
    assert results["chat.jsonl"].undated == 3 and results["feedback.jsonl"].removed == 1
    assert after == before.replace((_line(old, "旧问题") + "\n").encode(), b"")  # nothing else touched
    assert (logs / "feedback.jsonl").read_text(encoding="utf-8") == ""
    assert sorted(p.name for p in logs.iterdir()) == ["chat.jsonl", "chat.jsonl.lock", "feedback.jsonl",
                                                      "feedback.jsonl.lock"]  # no temporary file left


def _append_many(path: str, n: int, tag: str) -> None:
    log = ChatLog(Path(path))
    for i in range(n):
        log.append({"time": now(), "question": f"{tag}-{i}"})


def test_records_appended_by_other_processes_during_purges_are_never_lost(tmp_path):
    path = tmp_path / "logs" / "chat.jsonl"
    _write(path, [_line(datetime(2020, 1, 1), f"old-{i}") for i in range(2000)])
    ctx = multiprocessing.get_context("spawn")  # a second `kb serve` or the booth: another process, another lock
    writers = [ctx.Process(target=_append_many, args=(str(path), 300, f"p{k}")) for k in range(2)]
    thread = threading.Thread(target=_append_many, args=(str(path), 300, "t"))
    for w in writers:
        w.start()
    thread.start()
    purged = 0
    while any(w.is_alive() for w in writers) or thread.is_alive():
        purged += purge_file(path, datetime(2021, 1, 1)).removed
        # Something old again, so that the next purge rewrites the file while the others append.
        ChatLog(path).append(json.loads(_line(datetime(2020, 1, 1), "old-again")))
    for w in writers:
        w.join()
    thread.join()
    purged += purge_file(path, datetime(2021, 1, 1)).removed
    questions = [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines()]
    expected = {f"{tag}-{i}" for tag in ("p0", "p1", "t") for i in range(300)}
    assert sorted(questions) == sorted(expected) and purged >= 2001


def test_kb_logs_purge_before_a_date(tmp_path):
    logs = tmp_path / "logs"
    _write(logs / "chat.jsonl", [_line(datetime(2026, 11, 30, 23, 59), "a"), _line(datetime(2026, 12, 1, 0, 0), "b")])
    out = kb("logs", "purge", "--before", "2026-12-01", env={"KB_DATA_DIR": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert "chat.jsonl: removed 1 records written before 2026-12-01 00:00, kept 1" in out.stdout
    assert [json.loads(x)["question"] for x in (logs / "chat.jsonl").read_text().splitlines()] == ["b"]


def test_kb_log_days_is_range_checked_and_0_keeps_everything(tmp_path):
    env = {"KB_DATA_DIR": str(tmp_path)}
    for bad in ("-1", "100000"):
        out = kb("logs", "purge", env={**env, "KB_LOG_DAYS": bad})
        assert out.returncode == 1 and f"KB_LOG_DAYS={bad}" in out.stderr and "Traceback" not in out.stderr
    out = kb("serve", env={**env, "KB_LOG_DAYS": "-5"})  # refused before anything loads
    assert out.returncode == 1 and "KB_LOG_DAYS=-5" in out.stderr and "Traceback" not in out.stderr
    out = kb("logs", "purge", env={**env, "KB_LOG_DAYS": "0"})
    assert out.returncode == 1 and "--before" in out.stderr
    out = kb("logs", "purge", "--before", "yesterday", env=env)
    assert out.returncode == 1 and "2026-12-01" in out.stderr and "Traceback" not in out.stderr


def test_kb_log_days_purges_when_the_server_starts(tmp_path):
    logs = tmp_path / "logs"
    recent, old = datetime.now() - timedelta(days=2), datetime.now() - timedelta(days=9)
    _write(logs / "chat.jsonl", [_line(old, "old"), _line(recent, "recent")])
    assert start_retention(Settings(data_dir=tmp_path, log_days=0)) is None
    assert len((logs / "chat.jsonl").read_text().splitlines()) == 2
    start_retention(Settings(data_dir=tmp_path, log_days=7))
    assert [json.loads(x)["question"] for x in (logs / "chat.jsonl").read_text().splitlines()] == ["recent"]
