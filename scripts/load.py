"""Load test: N concurrent clients ask the running server (REST /api/ask or Gradio's /chat) for a while; errors,
mix-ups, p50/p95. With --api rest the figures also go to <data dir>/bench/rest.json for `kb bench`."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.evaluate import EvalItem, judge, load_eval_set  # noqa: E402
from kb.types import Answer, Citation  # noqa: E402


def _answer(result: dict) -> Answer:
    def cite(c: dict) -> Citation:
        o = c.get("original")
        return Citation(**{**c, "original": Citation(**o) if o else None})

    return Answer(**{**result, "citations": [cite(c) for c in result["citations"]]})


class Rest:
    """POST /api/ask over one kept-alive connection, as an integrator's client would."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)

    def predict(self, question: str, api_name: str = "") -> dict:
        body = json.dumps({"question": question}, ensure_ascii=False).encode()
        try:
            self.conn.request("POST", "/api/ask", body, {"Content-Type": "application/json"})
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnect on the next call
            raise
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
        return json.loads(data)


def _client(url: str, api: str = "chat"):
    if api == "rest":
        return Rest(url)
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


def references(url: str, items: list[EvalItem], api: str = "chat") -> dict[str, str]:
    """Each question's answer asked alone, one at a time: what every concurrent answer must equal."""
    client = _client(url, api)
    return {item.question: client.predict(item.question, api_name="/chat")["answer"] for item in items}


def worker(url: str, items: list[EvalItem], reference: dict[str, str], until: float, out: dict, lock,
           api: str = "chat") -> None:
    client = _client(url, api)
    n = 0
    while time.monotonic() < until:
        item = items[n % len(items)]
        n += 1
        started = time.perf_counter()
        try:
            result = client.predict(item.question, api_name="/chat")
        except Exception as exc:  # any failure a user would see counts as an error
            with lock:
                out["errors"].append(f"{type(exc).__name__}: {exc}"[:200])
            continue
        seconds = time.perf_counter() - started
        with lock:
            out["latency"].append(seconds)
            if result.get("question") != item.question or result.get("answer") != reference[item.question]:
                out["mixups"].append({"asked": item.question, "got": result.get("question"),
                                      "answer": result.get("answer")})
            elif item.answerable and judge(item, _answer(result), seconds, []).correct:
                out["facts_stated"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:7860")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--api", choices=["rest", "chat"], default="rest",
                        help="rest: POST /api/ask (outside Gradio's queue); chat: Gradio's /chat via gradio_client")
    parser.add_argument("--out", type=Path, default=None, help="also write the numbers as JSON here")
    parser.add_argument("--bench", type=Path, default=None,
                        help="with --api rest: where kb bench reads them (default <data dir>/bench/rest.json)")
    args = parser.parse_args(argv)

    items = load_eval_set(sorted((ROOT / "evals").glob("*.jsonl")))
    # Each client gets its own questions (a disjoint slice), so a mixed-up answer shows.
    slices = [items[i :: args.clients] for i in range(args.clients)]
    print(f"reference answers for {len(items)} questions, asked one at a time ...", file=sys.stderr)
    reference = references(args.url, items, args.api)
    out: dict = {"latency": [], "errors": [], "mixups": [], "facts_stated": 0}
    lock = threading.Lock()
    until = time.monotonic() + args.seconds
    threads = [threading.Thread(target=worker, args=(args.url, s, reference, until, out, lock, args.api))
               for s in slices]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    lat = sorted(out["latency"])
    summary = {
        "api": args.api, "clients": args.clients, "seconds": round(wall, 1), "requests": len(lat),
        "errors": len(out["errors"]),
        "mixups": len(out["mixups"]), "facts_stated": out["facts_stated"],
        "throughput_rps": round(len(lat) / wall, 2),
        "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else None,
        "p95_ms": round(lat[min(len(lat) - 1, int(0.95 * (len(lat) - 1)))] * 1000, 1) if lat else None,
        "max_ms": round(lat[-1] * 1000, 1) if lat else None,
        "first_errors": out["errors"][:5], "first_mixups": out["mixups"][:5],
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if args.out:
        args.out.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.api == "rest":
        from kb.settings import Settings

        bench = args.bench or Settings.from_env().data_dir / "bench" / "rest.json"
        bench.parent.mkdir(parents=True, exist_ok=True)
        bench.write_text(json.dumps({
            "answers_per_s": summary["throughput_rps"],
            "p95_s": round(summary["p95_ms"] / 1000, 3) if lat else None,
            "errors": summary["errors"], "mixed": summary["mixups"],
            "clients": args.clients, "seconds": summary["seconds"], "requests": summary["requests"],
            "p50_s": round(summary["p50_ms"] / 1000, 3) if lat else None, "url": args.url,
            "measured": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "load_average": [round(x, 2) for x in os.getloadavg()],
        }, indent=2), encoding="utf-8")
        print(f"written: {bench}", file=sys.stderr)
    return 1 if out["errors"] or out["mixups"] or not lat else 0


if __name__ == "__main__":
    sys.exit(main())
