#!/usr/bin/env python3
"""Compare two `kb ask --json -` runs line by line: answer, found and the first citation must be identical.

    python scripts/same_answers.py --questions > /tmp/q.jsonl      # every eval question, dialogues with history
    kb ask --json - < /tmp/q.jsonl > before.jsonl                   # (on the old code)
    kb ask --json - < /tmp/q.jsonl > after.jsonl                    # (on the new code)
    python scripts/same_answers.py before.jsonl after.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def questions() -> None:
    for path in sorted((ROOT / "evals").glob("*.jsonl")) + sorted((ROOT / "evals" / "holdout").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                history = [{"role": "user", "content": h} for h in row.get("history") or []]
                print(json.dumps({"question": row["question"], "history": history}, ensure_ascii=False))


def first(row: dict) -> dict | None:
    return (row.get("citations") or [None])[0]


def compare(a: Path, b: Path) -> int:
    left = [json.loads(x) for x in a.read_text(encoding="utf-8").splitlines()]
    right = [json.loads(x) for x in b.read_text(encoding="utf-8").splitlines()]
    if len(left) != len(right):
        print(f"different lengths: {len(left)} vs {len(right)}")
        return 1
    differ = 0
    for n, (x, y) in enumerate(zip(left, right, strict=True), start=1):
        for key, get in (("answer", lambda r: r.get("answer")), ("found", lambda r: r.get("found")),
                         ("citation", first), ("error", lambda r: r.get("error"))):
            if get(x) != get(y):
                differ += 1
                print(f"line {n} ({x.get('question')!r}): {key} differs\n  - {get(x)!r:.300}\n  + {get(y)!r:.300}")
                break
    print(f"{len(left)} answers compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--questions"]:
        questions()
    else:
        sys.exit(compare(Path(sys.argv[1]), Path(sys.argv[2])))
