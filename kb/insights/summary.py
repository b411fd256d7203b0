"""Count what the logs hold: questions by day, hour, language, script and channel; groups; ratings; answer time."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable

from kb.insights.group import Group, Grouper, family
from kb.insights.read import Filters, Logs

TOP = 20  # groups listed in each "most asked" table


def _row(key: str, records: list[dict]) -> dict:
    answered = sum(1 for r in records if r["found"] is True)
    return {"key": key, "questions": len(records), "answered": answered, "not_covered": len(records) - answered}


def _by(records: Iterable[dict], key: Callable[[dict], str], order: Callable[[str], object] | None = None,
        ) -> list[dict]:
    buckets: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        buckets[key(r)].append(r)
    keys = sorted(buckets, key=order) if order else sorted(buckets, key=lambda k: (-len(buckets[k]), k))
    return [_row(k, buckets[k]) for k in keys]


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile by nearest rank (no interpolation: it is a time some answer took)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), math.ceil(q / 100 * len(ordered))) - 1)]


def _group_row(g: Group) -> dict:
    answered = sum(1 for r in g.records if r["found"] is True)
    return {
        "question": g.representative, "count": g.count, "answered": answered,
        "langs": dict(g.langs.most_common()),
        "wordings": [{"question": q, "count": n} for q, n in g.wordings.most_common()],
    }


def _ratings(feedback: list[dict]) -> dict:
    up = sum(1 for r in feedback if r["rating"] == "up")
    down = sum(1 for r in feedback if r["rating"] == "down")
    comments = [r for r in feedback if r["comment"]]
    # A rated-down answer is one (question, answer); its comments are those left on that same answer.
    downs: dict[tuple[str, str], dict] = {}
    for r in feedback:
        if r["rating"] == "down":
            row = downs.setdefault((r["question"], r["answer"]), {
                "question": r["question"], "answer": r["answer"], "lang": r["lang"], "channel": r["channel"],
                "down": 0, "comments": [],
            })
            row["down"] += 1
    for r in comments:
        if (r["question"], r["answer"]) in downs:
            downs[(r["question"], r["answer"])]["comments"].append(r["comment"])
    # A comment is its own record (rating None): it shows the rating last given to the same answer, if any.
    rating_of = {(r["question"], r["answer"]): r["rating"] for r in feedback if r["rating"]}
    rated = up + down
    return {
        "up": up, "down": down,
        "up_rate": round(up / rated, 3) if rated else None, "down_rate": round(down / rated, 3) if rated else None,
        "comments": [{"time": r.get("time"), "rating": r["rating"] or rating_of.get((r["question"], r["answer"])),
                      "channel": r["channel"], "lang": r["lang"],
                      "question": r["question"], "answer": r["answer"], "comment": r["comment"]} for r in comments],
        "rated_down": sorted(downs.values(), key=lambda d: -d["down"]),
    }


def summarise(logs: Logs, grouper: Grouper, filters: Filters | None = None, top: int = TOP) -> dict:
    """Everything `kb insights` and the staff page show, as one JSON-ready dict."""
    chat = logs.chat.records
    answered = sum(1 for r in chat if r["found"] is True)
    times = [r["answer_ms"] for r in chat if r["answer_ms"] is not None]
    stamps = sorted(r["_when"] for r in chat if r["_when"] is not None)
    groups = grouper.group(chat)
    unanswered = grouper.group(r for r in chat if r["found"] is not True)
    return {
        "filters": (filters or Filters()).to_dict(),
        "first": stamps[0].isoformat(sep=" ") if stamps else None,
        "last": stamps[-1].isoformat(sep=" ") if stamps else None,
        "questions": len(chat), "answered": answered, "not_covered": len(chat) - answered,
        "answered_share": round(answered / len(chat), 3) if chat else None,
        "unreadable_lines": {"chat": logs.chat.unreadable, "feedback": logs.feedback.unreadable},
        "answer_ms": {"timed": len(times), "median": round(statistics.median(times), 1) if times else None,
                      "p95": percentile(times, 95)},
        "by_day": _by(chat, lambda r: r["_when"].date().isoformat() if r["_when"] else "undated", order=str),
        "by_hour": _by(chat, lambda r: f"{r['_when'].hour:02d}" if r["_when"] else "undated", order=str),
        "by_language": _by(chat, lambda r: family(r["lang"])),
        "by_script": _by(chat, lambda r: r["lang"]),
        "by_channel": _by(chat, lambda r: r["channel"]),
        "distinct_questions": len(groups),
        "top_questions": [_group_row(g) for g in groups[:top]],
        "distinct_unanswered": len(unanswered),
        "top_unanswered": [_group_row(g) for g in unanswered[:top]],
        "ratings": _ratings(logs.feedback.records),
        "grouping": grouper.settings(),
    }
