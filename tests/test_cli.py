"""The `kb` command as a user runs it: JSON contract, stdin batches, clear errors."""

from __future__ import annotations

import json

from tests.conftest import kb


def test_ask_json_answers_and_cites(indexed_settings):
    out = kb(
        "ask", "--json", "二连浩特口岸1-11月进出口货运量是多少？", env={"KB_DATA_DIR": str(indexed_settings.data_dir)}
    )
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["found"] is True and "1964.1万吨" in d["answer"]
    assert "1964.1万吨" in d["citations"][0]["text"]


def test_ask_json_stdin_answers_one_line_per_question(indexed_settings):
    questions = "中欧班列出境多少列？\n\n🙂\n明天天气怎么样？\n"
    out = kb("ask", "--json", "-", stdin=questions, env={"KB_DATA_DIR": str(indexed_settings.data_dir)})
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 4  # one object per input line, the blank one included
    assert "1705列" in rows[0]["answer"]
    assert "error" in rows[1] and "error" in rows[2]
    assert rows[3]["found"] is False


def test_missing_index_is_one_clear_line(tmp_path):
    out = kb("ask", "二连浩特口岸货运量？", env={"KB_DATA_DIR": str(tmp_path)})
    assert out.returncode == 1
    assert "kb ingest" in out.stderr and "Traceback" not in out.stderr


def test_empty_question_is_one_clear_line(tmp_path):
    out = kb("ask", "  ", env={"KB_DATA_DIR": str(tmp_path)})
    assert out.returncode == 1 and "question is empty" in out.stderr and "Traceback" not in out.stderr


def test_bad_model_path_is_one_clear_line(indexed_settings, tmp_path):
    out = kb(
        "ask", "货运量？", env={"KB_DATA_DIR": str(indexed_settings.data_dir), "KB_EMBED_MODEL": str(tmp_path / "nope")}
    )
    assert out.returncode == 1
    assert "no such model directory" in out.stderr and "Traceback" not in out.stderr


def test_ingest_is_idempotent_and_reports_it(tmp_path):
    env = {"KB_DATA_DIR": str(tmp_path)}
    first = kb("ingest", "--quiet", env=env)
    assert first.returncode == 0, first.stderr
    assert "indexed" in first.stdout
    second = kb("ingest", "--quiet", env=env)
    assert "nothing embedded" in second.stdout


def test_help_shows_examples():
    out = kb("ask", "--help")
    assert out.returncode == 0 and "kb ask --json" in out.stdout
