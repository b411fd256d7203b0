"""Evaluate: run the eval questions through the chain and score retrieval, answers and refusals."""

from __future__ import annotations

import json
import math
import re
import statistics
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb import langs
from kb.errors import BridgeheadError
from kb.types import Answer

METRICS = ("hit@1", "hit@3", "mrr", "ndcg@10", "answer_accuracy", "refusal_accuracy", "false_refusal_rate",
           "stands_alone")
# The scope of two-turn dialogues in a report: judged on the follow-up, asked with its history.
DIALOGUES = "dialogues"


class EvalSetError(BridgeheadError, ValueError):
    """An eval file is malformed."""


@dataclass(frozen=True)
class EvalItem:
    id: str
    lang: str
    question: str
    answerable: bool
    facts: tuple[tuple[str, ...], ...]  # every group must be met by one of its alternatives
    evidence: str | None
    history: tuple[str, ...] = ()  # earlier questions of a dialogue, asked first, in order


@dataclass
class EvalResult:
    item: EvalItem
    answer: Answer
    seconds: float
    rank: int | None = None  # 1-based rank of the first passage holding the evidence
    correct: bool = False
    extra: dict = field(default_factory=dict)


def normalise(text: str) -> str:
    """Compare text across scripts and punctuation widths: NFKC, Simplified, no spaces, no hyphens or dashes
    between words ("four-in, two-out" states the fact "four in")."""
    text = _JOINER.sub("", langs.unify(unicodedata.normalize("NFKC", text)))
    return "".join(text.split()).lower()


_JOINER = re.compile(r"(?<=[^\W\d_])[-‐‑–—](?=[^\W\d_])")


def load_eval_set(paths: Iterable[Path]) -> list[EvalItem]:
    items, seen = [], set()
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                facts = tuple(tuple([f] if isinstance(f, str) else f) for f in row["facts"])
                item = EvalItem(
                    row["id"], row["lang"], row["question"], bool(row["answerable"]), facts, row.get("evidence"),
                    tuple(row.get("history") or ()),
                )
            except (KeyError, TypeError, json.JSONDecodeError) as exc:
                raise EvalSetError(f"{path}:{n}: {exc}") from exc
            if item.id in seen:
                raise EvalSetError(f"{path}:{n}: duplicate id {item.id}")
            if item.answerable and not (item.facts and item.evidence):
                raise EvalSetError(f"{path}:{n}: an answerable question needs facts and evidence")
            seen.add(item.id)
            items.append(item)
    return items


def _states(fact: str, said: str, answer_text: str) -> bool:
    """The answer states the fact: as text, or (for a figure) as the same value in either language."""
    if normalise(fact) in said:
        return True
    if not re.search(r"\d", fact):
        return False
    return _values_match(fact, langs.values(answer_text))


def _values_match(fact: str, have: set) -> bool:
    # Read the fact in its own language: "1964.1万吨" as Chinese, "19.641 сая тонн" as Mongolian.
    fact_values = langs.figure_values(fact)
    return bool(fact_values) and all(v in have for v in fact_values)


def judge(item: EvalItem, answer: Answer, seconds: float, passages: list[str]) -> EvalResult:
    """Score one answer; `passages` are the retrieved texts in rank order (refused or not)."""
    result = EvalResult(item, answer, seconds)
    if item.evidence:
        needle = normalise(item.evidence)
        for rank, text in enumerate(passages, start=1):
            if needle in normalise(text):
                result.rank = rank
                break
    if item.answerable:
        said = normalise(answer.answer)
        result.correct = answer.found and all(
            any(_states(f, said, answer.answer) for f in group) for group in item.facts
        )
    else:
        result.correct = not answer.found
    return result


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summarise(results: list[EvalResult]) -> dict[str, float]:
    answerable = [r for r in results if r.item.answerable]
    refusals = [r for r in results if not r.item.answerable]
    ranks = [r.rank for r in answerable]
    ms = [r.seconds * 1000 for r in results]
    div = lambda a, b: round(a / b, 4) if b else 0.0  # noqa: E731
    return {
        "questions": len(results),
        "answerable": len(answerable),
        "unanswerable": len(refusals),
        "hit@1": div(sum(1 for k in ranks if k == 1), len(answerable)),
        "hit@3": div(sum(1 for k in ranks if k and k <= 3), len(answerable)),
        "mrr": div(sum(1 / k for k in ranks if k), len(answerable)),
        # One relevant passage per question, so the ideal DCG is 1.
        "ndcg@10": div(sum(1 / math.log2(k + 1) for k in ranks if k and k <= 10), len(answerable)),
        "answer_accuracy": div(sum(r.correct for r in answerable), len(answerable)),
        "refusal_accuracy": div(sum(r.correct for r in refusals), len(refusals)),
        "false_refusal_rate": div(sum(not r.answer.found for r in answerable), len(answerable)),
        # Of the correct answers, the share an investor can paste as a sentence of its own.
        "stands_alone": div(sum(langs.stands_alone(r.answer.answer) for r in answerable if r.correct),
                            sum(r.correct for r in answerable)),
        "latency_p50_ms": round(statistics.median(ms), 1) if ms else 0.0,
        "latency_p95_ms": round(_percentile(ms, 0.95), 1),
    }


Ask = Callable[[str, list[dict]], Answer]
Retrieve = Callable[[str, list[dict]], list[str]]


def run_eval(ask: Ask, retrieve: Retrieve, items: list[EvalItem], progress: bool = True) -> list[EvalResult]:
    """Ask every question (timed) and, untimed, fetch its ranked passages for hit@k.

    A dialogue's earlier questions are asked first and their answers become the history
    the follow-up is asked with, as in the chat.
    """
    from tqdm import tqdm

    results = []
    for item in tqdm(items, desc="eval", unit="q", disable=not progress):
        history: list[dict] = []
        for earlier in item.history:
            reply = ask(earlier, list(history))
            history += [{"role": "user", "content": earlier}, {"role": "assistant", "content": reply.answer}]
        started = time.perf_counter()
        answer = ask(item.question, history)
        seconds = time.perf_counter() - started
        results.append(judge(item, answer, seconds, retrieve(item.question, history)))
    return results


def report(results: list[EvalResult]) -> dict:
    by_lang: dict[str, list[EvalResult]] = defaultdict(list)
    for r in results:
        if not r.item.history:
            by_lang[r.item.lang].append(r)
    dialogues = [r for r in results if r.item.history]
    return {
        "all": summarise(results),
        "by_lang": {lang: summarise(rs) for lang, rs in sorted(by_lang.items())},
        **({DIALOGUES: summarise(dialogues)} if dialogues else {}),
        "failures": [
            {"id": r.item.id, "question": r.item.question, "facts": r.item.facts, "answer": r.answer.answer,
             "found": r.answer.found, "evidence_rank": r.rank}
            for r in results if not r.correct
        ],
    }


def check_thresholds(summary: dict, thresholds: dict) -> list[str]:
    """Each metric under its floor (or a rate over its ceiling), as a message."""
    problems = []
    for scope, limits in thresholds.items():
        got = summary.get(scope) if scope in {"all", DIALOGUES} else summary["by_lang"].get(scope)
        if got is None:
            problems.append(f"{scope}: no questions in the eval set")
            continue
        for metric, limit in limits.items():
            value = got.get(metric)
            if value is None:
                problems.append(f"{scope}: unknown metric {metric}")
            elif metric.endswith("_rate") or metric.startswith("latency"):
                if value > limit:
                    problems.append(f"{scope} {metric} = {value} is above the ceiling {limit}")
            elif value < limit:
                problems.append(f"{scope} {metric} = {value} is below the floor {limit}")
    return problems
