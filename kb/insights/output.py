"""The insights as a terminal table, CSV files for a spreadsheet, and eval-format lines for maintainers."""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
from pathlib import Path

SHOWN = 10  # rows of each "most asked" list in the terminal table
CUT = 60  # characters of a question or answer in the terminal table


def _share(n: int, of: int) -> str:
    return f"{n / of:.0%}" if of else "-"


def tables(summary: dict) -> dict[str, tuple[list[str], list[list]]]:
    """Each table as (header, rows): the CSV files and the staff page's downloads."""
    out: dict[str, tuple[list[str], list[list]]] = {}
    ms = summary["answer_ms"]
    out["summary"] = (["measure", "value"], [
        ["questions", summary["questions"]], ["answered", summary["answered"]],
        ["not_covered", summary["not_covered"]], ["answered_share", summary["answered_share"]],
        ["distinct_questions", summary["distinct_questions"]], ["distinct_unanswered", summary["distinct_unanswered"]],
        ["ratings_up", summary["ratings"]["up"]], ["ratings_down", summary["ratings"]["down"]],
        ["answer_ms_median", ms["median"]], ["answer_ms_p95", ms["p95"]], ["answers_timed", ms["timed"]],
        ["unreadable_chat_lines", summary["unreadable_lines"]["chat"]],
        ["unreadable_feedback_lines", summary["unreadable_lines"]["feedback"]],
        ["first", summary["first"]], ["last", summary["last"]],
    ])
    for name in ("by_day", "by_hour", "by_language", "by_script", "by_channel"):
        key = "language_script" if name == "by_script" else name.removeprefix("by_")
        out[name] = ([key, "questions", "answered", "not_covered"],
                     [[r["key"], r["questions"], r["answered"], r["not_covered"]] for r in summary[name]])
    for name in ("top_questions", "top_unanswered"):
        out[name] = (["question", "count", "answered", "languages", "wordings"], [
            [g["question"], g["count"], g["answered"], " ".join(f"{k}:{v}" for k, v in g["langs"].items()),
             " | ".join(f"{w['question']} ({w['count']})" for w in g["wordings"])] for g in summary[name]
        ])
    ratings = summary["ratings"]
    out["rated_down"] = (["question", "answer", "lang", "channel", "down", "comments"], [
        [d["question"], d["answer"], d["lang"], d["channel"], d["down"], " | ".join(d["comments"])]
        for d in ratings["rated_down"]
    ])
    out["comments"] = (["time", "rating", "channel", "lang", "question", "answer", "comment"], [
        [c["time"], c["rating"] or "", c["channel"], c["lang"], c["question"], c["answer"], c["comment"]]
        for c in ratings["comments"]
    ])
    return out


def _cell(value: object) -> object:
    # A visitor's question opened in a spreadsheet must stay text: "=HYPERLINK(…)" would run as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def csv_text(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return buf.getvalue()


def write_csvs(summary: dict, folder: Path) -> list[Path]:
    """One CSV per table in `folder` (UTF-8 with a byte-order mark, which spreadsheets need for Chinese)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in tables(summary).items():
        path = folder / f"{name}.csv"
        _atomic_write(path, "\ufeff" + csv_text(header, rows))
        written.append(path)
    return written


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8", newline="")
    os.replace(tmp, path)


def eval_lines(summary: dict) -> list[dict]:
    """The grouped unanswered questions as eval items to label: answerable unknown, no facts yet."""
    out = []
    for n, g in enumerate(summary["top_unanswered"], start=1):
        lang = next(iter(g["langs"]), "unknown")
        out.append({"id": f"log-{n:04d}", "lang": lang, "question": g["question"], "answerable": None, "facts": [],
                    "evidence": None, "asked": g["count"], "wordings": [w["question"] for w in g["wordings"]]})
    return out


def write_eval(summary: dict, path: Path) -> int:
    lines = eval_lines(summary)
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in lines))
    return len(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: object, limit: int = CUT) -> str:
    text = " ".join(str("" if text is None else text).split())
    out, width = "", 0
    for ch in text:
        width += _width(ch)
        if width > limit:
            return out + "…"
        out += ch
    return out


def _grid(header: list[str], rows: list[list]) -> list[str]:
    cells = [[_cut(h) for h in header]] + [[_cut(v) for v in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(row)).rstrip() for row in cells]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:]]


def render(summary: dict) -> str:
    """The table a person reads in the terminal."""
    f, ms, ratings = summary["filters"], summary["answer_ms"], summary["ratings"]
    span = f"{summary['first'] or '-'} → {summary['last'] or '-'}"
    lines = [
        f"Bridgehead insights  {span}  channel: {f['channel'] or 'all'}",
        f"questions {summary['questions']}  answered {summary['answered']} "
        f"({_share(summary['answered'], summary['questions'])})  not covered {summary['not_covered']}  "
        f"distinct {summary['distinct_questions']}",
        f"answer time median {ms['median'] if ms['median'] is not None else '-'} ms, "
        f"p95 {ms['p95'] if ms['p95'] is not None else '-'} ms ({ms['timed']} timed)",
        f"ratings up {ratings['up']}  down {ratings['down']}  comments {len(ratings['comments'])}",
    ]
    bad = summary["unreadable_lines"]
    if bad["chat"] or bad["feedback"]:
        lines.append(f"skipped unreadable lines: chat {bad['chat']}, feedback {bad['feedback']}")
    t = tables(summary)
    for name, title in (("by_day", "By day"), ("by_hour", "By hour of day"), ("by_script", "By language and script"),
                        ("by_channel", "By channel")):
        lines += ["", title, *_grid(*t[name])]
    for name, title in (("top_questions", "Most asked"), ("top_unanswered", "Most asked, not covered")):
        header = ["count", "answered", "question", "languages"]
        rows = [[g["count"], g["answered"], g["question"], " ".join(f"{k}:{v}" for k, v in g["langs"].items())]
                for g in summary[name][:SHOWN]]
        lines += ["", title, *_grid(header, rows)]
    if ratings["rated_down"]:
        rows = [[d["down"], d["question"], d["answer"], " | ".join(d["comments"])]
                for d in ratings["rated_down"][:SHOWN]]
        lines += ["", "Rated down", *_grid(["down", "question", "answer", "comments"], rows)]
    return "\n".join(lines)
