"""kb insights on logs written by hand: old and new formats, torn lines, filters, grouping (real model), files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kb.evaluate import load_eval_set
from kb.insights import Filters, read_logs, summarise
from kb.insights.group import Grouper, reader_from_chain
from kb.insights.output import render, write_csvs, write_eval
from kb.insights.summary import percentile
from tests.test_cli import kb

TODAY = {"time": "2026-12-01T10:05:00+0800", "channel": "kiosk", "question": "二连浩特口岸货运量是多少？",
         "answer": "……1964.1万吨……[1]", "found": True, "lang": "zh-Hans", "citations": ["9cdcfe4cf66a6028"],
         "rewritten": None}  # the format `kb serve` writes before this change: no answer time


@pytest.fixture(scope="module")
def grouper(bot):
    return Grouper(reader_from_chain(bot))


def _records(bot, questions: list[str], **fields) -> list[dict]:
    out = []
    for q in questions:
        lang = bot.normalise(q)[0]
        out.append({**TODAY, "question": q, "lang": lang, "found": True, **fields})
    return out


def _write(path: Path, records: list[dict], extra: bytes = b"") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records) + extra)


def test_todays_records_and_new_ones_are_read_and_torn_lines_counted_and_skipped(tmp_path, grouper):
    first = {k: v for k, v in TODAY.items() if k not in {"channel", "rewritten"}}  # the first logs had no channel
    first["question"] = "我的电话13812345678，" + first["question"]  # and nothing was masked
    new = {**TODAY, "time": "2026-12-01T11:00:00+0800", "question": "明天天气怎么样？", "found": False,
           "answer": "报告没有涉及这个问题。", "answer_ms": 48.5}
    _write(tmp_path / "logs" / "chat.jsonl", [first, TODAY, new],
           extra=b'["a list"]\n\xff\xfe not utf-8\n{"time": "2026-12-01T12:00:00+0800", "quest')
    _write(tmp_path / "logs" / "feedback.jsonl", [{**TODAY, "rating": "down", "comment": ""}], extra=b"{torn")
    s = summarise(read_logs(tmp_path / "logs"), grouper)
    assert (s["questions"], s["answered"], s["not_covered"]) == (3, 2, 1)
    assert s["unreadable_lines"] == {"chat": 3, "feedback": 1}
    assert {r["key"]: r["questions"] for r in s["by_channel"]} == {"kiosk": 2, "chat": 1}
    assert s["answer_ms"] == {"timed": 1, "median": 48.5, "p95": 48.5}
    assert [(r["key"], r["questions"]) for r in s["by_hour"]] == [("10", 2), ("11", 1)]
    assert s["ratings"]["down"] == 1 and s["ratings"]["rated_down"][0]["question"] == TODAY["question"]
    assert "13812345678" not in json.dumps(s, ensure_ascii=False, default=str)


def test_rewordings_in_each_script_count_together_and_other_questions_stay_apart(bot, grouper):
    together = [
        ["二连浩特口岸货运量是多少？", "二连浩特口岸的货运量有多少？", "二連浩特口岸貨運量是多少？",
         "二连浩特口岸货运量是多少"],
        ["Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?", "Ereen boomtiin achaa teevriin hemjee hed ve?"],
        ["明天二连浩特天气怎么样？", "明天二连浩特的天气怎么样？"],
    ]
    apart = ["中欧班列出境多少列？", "中欧班列入境多少列？", "2015年二连浩特口岸货运量是多少？",
             "满洲里口岸今年开行了多少列中欧班列？", "策克口岸今年开行了多少列中欧班列？", "二连浩特有什么好酒店？"]
    groups = grouper.group(_records(bot, [q for g in together for q in g] + apart))
    found = [sorted(g.wordings) for g in groups]
    for wordings in together:
        assert sorted(wordings) in found
    assert len(groups) == len(together) + len(apart)
    assert groups[0].count == 4 and groups[0].representative == together[0][0]
    assert dict(groups[0].langs) == {"zh-Hans": 3, "zh-Hant": 1}


def test_a_masked_wording_is_never_the_representative(bot, grouper):
    qs = ["我的电话是[phone]，中欧班列出境多少列？", "中欧班列出境多少列？"]
    (group,) = grouper.group(_records(bot, qs))
    assert group.count == 2 and group.representative == "中欧班列出境多少列？"


def test_since_until_and_channel_filter_the_questions_and_the_ratings(tmp_path, grouper):
    days = [f"2026-12-0{d}T1{d}:00:00+0800" for d in (1, 2, 3)]
    chat = [{**TODAY, "time": when, "channel": ch} for when in days for ch in ("chat", "kiosk")]
    _write(tmp_path / "logs" / "chat.jsonl", chat)
    _write(tmp_path / "logs" / "feedback.jsonl", [{**r, "rating": "up"} for r in chat])
    s = summarise(read_logs(tmp_path / "logs", Filters.parse("2026-12-02", "2026-12-02", "kiosk")), grouper)
    assert s["questions"] == 1 and s["ratings"]["up"] == 1 and s["by_day"][0]["key"] == "2026-12-02"
    s = summarise(read_logs(tmp_path / "logs", Filters.parse("2026-12-02 12:00")), grouper)
    assert [r["key"] for r in s["by_day"]] == ["2026-12-02", "2026-12-03"] and s["questions"] == 4


def test_csv_files_open_as_text_in_a_spreadsheet_and_eval_lines_load(tmp_path, bot, grouper):
    records = _records(bot, ["=HYPERLINK(\"http://x\")二连浩特？", "明天天气怎么样？", "明天的天气怎么样？"])
    for r in records[1:]:
        r.update(found=False, answer="报告没有涉及这个问题。")
    _write(tmp_path / "logs" / "chat.jsonl", records)
    s = summarise(read_logs(tmp_path / "logs"), grouper, top=None)
    files = write_csvs(s, tmp_path / "csv")
    assert {f.name for f in files} >= {"by_day.csv", "by_script.csv", "top_questions.csv", "top_unanswered.csv"}
    raw = (tmp_path / "csv" / "top_questions.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader((tmp_path / "csv" / "top_questions.csv").read_text("utf-8-sig").splitlines()))
    assert rows[0][:2] == ["question", "count"] and any(r[0].startswith("'=HYPERLINK") for r in rows[1:])
    assert write_eval(s, tmp_path / "todo.jsonl") == 1
    (item,) = [json.loads(x) for x in (tmp_path / "todo.jsonl").read_text("utf-8").splitlines()]
    assert item["answerable"] is None and item["facts"] == [] and item["asked"] == 2
    assert load_eval_set([tmp_path / "todo.jsonl"])[0].question == item["question"]
    assert "明天天气怎么样？" in render(s)


def test_percentiles_are_times_some_answer_took():
    times = [float(x) for x in range(1, 101)]
    assert percentile(times, 95) == 95.0 and percentile(times, 50) == 50.0 and percentile([], 95) is None


def test_a_bad_date_or_channel_is_one_clear_line(tmp_path):
    out = kb("insights", "--since", "last tuesday", env={"KB_DATA_DIR": str(tmp_path)})
    assert out.returncode == 1 and "--since 'last tuesday'" in out.stderr and "Traceback" not in out.stderr
    out = kb("insights", "--channel", "fax", env={"KB_DATA_DIR": str(tmp_path)})
    assert out.returncode == 2 and "fax" in out.stderr


def test_empty_logs_give_zero_counts_without_loading_a_model(tmp_path):
    out = kb("insights", "--json", env={"KB_DATA_DIR": str(tmp_path), "KB_EMBED_MODEL": str(tmp_path / "none")})
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert s["questions"] == 0 and s["top_questions"] == [] and s["answered_share"] is None
