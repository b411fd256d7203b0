"""The chat and feedback logs on a disk that fills, tears or refuses: answering goes on, no record is torn or lost."""

from __future__ import annotations

import errno
import json
import logging
import os
from pathlib import Path

import pytest

from tests.serving import remount, tmpfs
from ui.logs import ChatLog, FeedbackLog


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 40 KiB tmpfs for the logs (real ENOSPC); where none can be mounted, os.write fails with ENOSPC past 40 KiB.

    yields (directory, free_space): free_space() makes room again.
    """
    where = tmp_path / "logs"
    with tmpfs(where, "40k") as mounted:
        if mounted:
            yield where, lambda: remount(where, "1m")
            return
        limit = {"bytes": 40 * 1024}
        real_write = os.write

        def write(fd: int, data: bytes) -> int:
            if os.fstat(fd).st_size + len(data) > limit["bytes"]:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_write(fd, data)

        mp = pytest.MonkeyPatch()
        mp.setattr("ui.logs.os.write", write)
        try:
            yield where, lambda: limit.update(bytes=1 << 20)
        finally:
            mp.undo()


def _record(n: int) -> dict:
    return {"n": n, "question": f"二连浩特口岸1-11月进出口货运量是多少？ {n}", "answer": "其中，二连浩特口岸…" * 4}


def test_a_full_disk_writes_each_record_whole_or_not_at_all_and_keeps_the_rest(small_disk, caplog):
    """Real file system (a 40 KiB tmpfs) where it can be mounted, else ENOSPC injected at os.write."""
    where, free_space = small_disk
    log = ChatLog(where / "chat.jsonl")
    with caplog.at_level(logging.WARNING, logger="ui.logs"):
        written = [log.append(_record(n)) for n in range(300)]
    assert written[0] and not written[-1]  # the disk filled on the way
    data = log.path.read_bytes()
    assert data.endswith(b"\n") and all(json.loads(line) for line in data.splitlines())
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1  # warned once
    free_space()
    assert log.append(_record(300))
    assert [r["n"] for r in log.read()] == list(range(301)) and log.skipped == 0  # the waiting records came too


def test_feedback_on_a_full_disk_does_not_fail(small_disk):
    where, _ = small_disk
    feedback = FeedbackLog(where / "feedback.jsonl")
    turn = {"question": "中欧班列出境多少列？", "answer": "…" * 200, "found": True, "lang": "zh-Hans",
            "citations": ["a"]}
    for _ in range(200):
        feedback.rate(turn, "up", comment="好" * 50)  # never raises: the page still says thank you


def test_a_torn_last_line_is_set_aside_at_start_up_and_the_next_record_starts_clean(tmp_path):
    path = tmp_path / "chat.jsonl"
    path.write_bytes(b'{"n": 0}\n{"n": 1}\n{"n": 2, "question": "\xe4\xba')  # the disk filled mid-record
    log = ChatLog(path)
    assert log.append({"n": 3})
    assert [r["n"] for r in log.read()] == [0, 1, 3] and log.skipped == 0
    assert (tmp_path / "chat.jsonl.torn").read_bytes().startswith(b'{"n": 2')  # set aside, not thrown away


def test_read_skips_and_counts_lines_that_are_not_records(tmp_path):
    path = tmp_path / "chat.jsonl"
    path.write_bytes(b'{"n": 0}\n{"n": 1}{"n": 2}\nnot json\n[1, 2]\n\xff\xfe\n{"n": 3}\n')
    log = ChatLog(path)
    assert [r["n"] for r in log.read()] == [0, 3] and log.skipped == 4


def test_a_record_with_a_lone_surrogate_is_written_and_a_read_only_log_dir_does_not_stop_start_up(tmp_path):
    log = ChatLog(tmp_path / "chat.jsonl")
    assert log.append({"question": "二连浩特\ud800"})
    assert log.read() == [{"question": "二连浩特\ufffd"}]
    (tmp_path / "file").write_text("x")
    blocked = ChatLog(tmp_path / "file" / "logs" / "chat.jsonl")  # its directory cannot be made
    assert blocked.append({"n": 1}) is False
