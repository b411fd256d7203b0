"""The eval set is well formed and the metrics count what they claim."""

from __future__ import annotations

import json

import pytest

from kb.evaluate import EvalItem, EvalSetError, check_thresholds, judge, load_eval_set, normalise, summarise
from kb.settings import PROJECT_ROOT
from kb.types import Answer, Citation

EVAL_FILES = sorted((PROJECT_ROOT / "evals").glob("*.jsonl"))


def test_eval_set_size_and_grounding(report):
    _, doc, _ = report
    items = load_eval_set(EVAL_FILES)
    zh = [i for i in items if i.lang == "zh-Hans"]
    assert sum(i.answerable for i in zh) >= 60 and sum(not i.answerable for i in zh) >= 10
    edition = normalise(doc.text)
    for item in zh:
        if item.answerable:
            assert normalise(item.evidence) in edition, item.id
            for group in item.facts:
                assert any(normalise(f) in edition for f in group), (item.id, group)


def test_questions_are_not_copied_from_passages(report):
    _, doc, _ = report
    for item in load_eval_set(EVAL_FILES):
        assert normalise(item.question).rstrip("?？") not in normalise(doc.text), item.id


def _answer(text: str, found: bool = True, cites: tuple[str, ...] = ()) -> Answer:
    return Answer("q", text, found, "zh-Hans", [Citation(str(i), t, "s", "sec", 1.0) for i, t in enumerate(cites)])


def test_judging_facts_ranks_and_refusals():
    item = EvalItem("t1", "zh-Hans", "q", True, (("1964.1万吨",), ("11%", "百分之十一")), "完成1964.1万吨")
    ok = judge(item, _answer("完成1964.1萬噸，同比增长11%"), 0.01, ["别的", "其中完成1964.1万吨"])
    assert ok.correct and ok.rank == 2
    assert not judge(item, _answer("完成1964.1万吨"), 0.01, []).correct
    assert not judge(item, _answer("完成1964.1万吨，11%", found=False), 0.01, []).correct
    refuse = EvalItem("t2", "zh-Hans", "q", False, (), None)
    assert judge(refuse, _answer("报告没有涉及", found=False), 0.01, []).correct
    summary = summarise([ok, judge(refuse, _answer("x"), 0.02, [])])
    assert summary["hit@1"] == 0.0 and summary["hit@3"] == 1.0 and summary["mrr"] == 0.5
    assert summary["refusal_accuracy"] == 0.0


def test_thresholds_fail_loudly():
    summary = {"all": {"hit@3": 0.9, "false_refusal_rate": 0.05}, "by_lang": {}}
    problems = check_thresholds(
        summary, {"all": {"hit@3": 0.95, "false_refusal_rate": 0.03}, "mn-Cyrl": {"hit@3": 0.5}}
    )
    assert len(problems) == 3 and "below the floor 0.95" in problems[0]


def test_malformed_eval_lines_are_reported(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"id": "x", "lang": "zh-Hans", "question": "q", "answerable": True, "facts": [], "evidence": None})
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(EvalSetError, match="bad.jsonl:1"):
        load_eval_set([bad])
