"""Benchmark: cold start, warm latency per stage, ingest, memory, larger synthetic corpora, and the baseline."""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kb import benchtargets
from kb.settings import PROJECT_ROOT, Settings

HEADLINE = "二连浩特口岸1-11月进出口货运量是多少？"
STAGES = ("normalise", "embed", "retrieve", "answer", "end_to_end")


def _ms(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"p50": round(statistics.median(ordered) * 1000, 1), "p95": round(pick(0.95) * 1000, 1),
            "n": len(ordered)} if ordered else {"p50": 0.0, "p95": 0.0, "n": 0}


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KiB


def _disk_mb(path: Path) -> float | None:
    if not path.is_dir():
        return None
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def machine() -> dict:
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
        model = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "")
    except (OSError, subprocess.SubprocessError):
        pass
    return {"cpu": model or platform.processor(), "cores": os.cpu_count(), "gpu": "none",
            "python": platform.python_version(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def cold_start(settings: Settings, runs: int) -> dict:
    """Process start to first printed answer: `kb ask --json` in a fresh interpreter, index already built."""
    kb = Path(sys.executable).parent / "kb"
    env = {**os.environ, "KB_DATA_DIR": str(settings.data_dir), "KB_CHROMA_URL": settings.chroma_url}
    seconds, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([str(kb), "ask", "--json", HEADLINE], env=env, capture_output=True, text=True)
        seconds.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0 or "1964.1" not in done.stdout:
            raise RuntimeError(f"kb ask failed during the cold-start run: {done.stderr[-500:]}")
    return {"seconds": [round(s, 2) for s in seconds], "median_s": round(statistics.median(seconds), 2),
            "cpu_s": round(statistics.median(cpu), 2), "peak_rss_mb": _peak_mb(resource.RUSAGE_CHILDREN)}


def warm_latency(bot, questions: list[str], rounds: int = 1) -> dict:
    """p50/p95 per stage over `questions` (after a warm-up), and end to end through `ask`."""
    spent: dict[str, list[float]] = {s: [] for s in STAGES}
    embed_calls: list[float] = []
    original = bot.embeddings.embed_query

    def timed(text: str) -> list[float]:
        started = time.perf_counter()
        try:
            return original(text)
        finally:
            embed_calls.append(time.perf_counter() - started)

    for q in questions[:5]:
        bot.ask(q)
    bot.embeddings.embed_query = timed  # the instance the store holds: retrieval's own call is timed
    try:
        for _ in range(rounds):
            for q in questions:
                t0 = time.perf_counter()
                query = bot.understand(q)
                t1 = time.perf_counter()
                embed_calls.clear()
                passages = bot.retrieve(query)
                t2 = time.perf_counter()
                bot.answer(query, passages)
                t3 = time.perf_counter()
                embedded = sum(embed_calls)
                spent["normalise"].append(t1 - t0)
                spent["embed"].append(embedded)
                spent["retrieve"].append(t2 - t1 - embedded)
                spent["answer"].append(t3 - t2)
                started = time.perf_counter()
                bot.ask(q)
                spent["end_to_end"].append(time.perf_counter() - started)
    finally:
        del bot.embeddings.embed_query
    return {stage: _ms(values) for stage, values in spent.items()}


def _timed_asks(ask: Callable[[str], object], questions: list[str]) -> dict:
    for q in questions[:5]:
        ask(q)
    seconds = []
    for q in questions:
        started = time.perf_counter()
        ask(q)
        seconds.append(time.perf_counter() - started)
    return _ms(seconds)


def _chunks(settings: Settings):
    from kb.ingest import report_chunks

    return report_chunks(settings)


def ingest(settings: Settings, embeddings) -> tuple[dict, list]:
    """Index the report (every edition) into an empty store, timing the whole of it."""
    from kb.ingest import ingest as run_ingest

    shutil.rmtree(settings.data_dir, ignore_errors=True)
    started = time.perf_counter()
    stats = run_ingest(settings, embeddings)
    seconds = time.perf_counter() - started
    chunks = _chunks(settings)
    return {"chunks": stats.chunks, "texts_embedded": stats.embedded, "seconds": round(seconds, 2),
            "chunks_per_s": round(stats.chunks / seconds, 1), "texts_per_s": round(stats.embedded / seconds, 1),
            "index_mb": _disk_mb(settings.chroma_dir)}, chunks


def synthetic_size(base: Settings, chunks: list, size: int, embeddings, questions: list[str]) -> dict:
    """Index `size` synthetic chunks (perturbed copies of the report's vectors) and time questions against them."""
    from kb.chain import Bridgehead
    from kb.index import active_collection, build_index, open_client, sentences_of, stored_vectors
    from kb.synthetic import SyntheticEmbeddings, synthetic_corpus

    client = open_client(base)
    name, _ = active_collection(client)
    sentences = sentences_of(chunks)
    vectors = stored_vectors(client, name, [c.chunk_id for c in chunks], [s.sentence_id for s in sentences])
    real = {c.embed_text: vectors[c.chunk_id] for c in chunks} | {s.embed_text: vectors[s.sentence_id]
                                                                   for s in sentences}
    corpus, origin = synthetic_corpus(chunks, size)
    # No embedding cache nor shipped vectors: the synthetic vectors carry the real model's id and must never be
    # taken for its own (nor its own for theirs).
    settings = replace(base, data_dir=base.data_dir.parent / f"synthetic-{size}", embed_cache="off",
                       embed_seed="off")
    shutil.rmtree(settings.data_dir, ignore_errors=True)
    started = time.perf_counter()
    stats = build_index(corpus, SyntheticEmbeddings(real, origin, embeddings), settings, progress=False)
    index_s = time.perf_counter() - started
    started = time.perf_counter()
    bot = Bridgehead(settings, embeddings)
    load_s = time.perf_counter() - started
    latency = warm_latency(bot, questions)
    return {"chunks": stats.chunks, "vectors": stats.embedded, "index_seconds": round(index_s, 1),
            "chunks_per_s": round(stats.chunks / index_s, 1), "index_mb": _disk_mb(settings.chroma_dir),
            "load_seconds": round(load_s, 2), "latency_ms": latency, "peak_rss_mb": _peak_mb(),
            "vectors_note": "perturbed copies of the real chunk vectors (kb/synthetic.py), queries embedded for real"}


def run(settings: Settings, sizes: list[int], quick: bool, cold_runs: int, progress: Callable[[str], None]) -> dict:
    from kb.baseline import Baseline
    from kb.chain import Bridgehead
    from kb.embed import make_embeddings
    from kb.evaluate import load_eval_set

    items = load_eval_set(sorted((PROJECT_ROOT / "evals").glob("*.jsonl")))
    questions = [i.question for i in items][:: 4 if quick else 1]
    result: dict = {"machine": machine(), "questions": len(questions), "quick": quick,
                    "chroma": settings.chroma_url or "in-process (PersistentClient)"}
    bench = replace(settings, data_dir=settings.data_dir / "bench" / "report", embed_cache="off",
                    embed_seed="off")  # a fresh ingest: throughput of the engine, nothing reused
    if settings.chroma_url:
        # Every phase below builds its own index; on a shared server that would replace the live one.
        bench = settings
        progress("KB_CHROMA_URL is set: measuring the server's live index; ingest and synthetic sizes skipped")
    started = time.perf_counter()
    embeddings = make_embeddings(settings)
    result["model_load_s"] = round(time.perf_counter() - started, 2)
    result["engine"] = {"backend": settings.embed_backend, "quantize": settings.embed_quantize or "fp32",
                        "model_id": getattr(embeddings, "model_id", "")}
    # scripts/load.py's figures, from its last run against `kb serve` (or filled in later: record_rest).
    result["rest"] = benchtargets.measured_rest(settings.data_dir / "bench" / "rest.json")
    chunks = _chunks(settings)
    if not settings.chroma_url:
        progress("ingest: the report, both editions, into an empty store")
        result["ingest"], chunks = ingest(bench, embeddings)
        progress("fresh kb ingest: a new process, every edition, an empty store")
        result["fresh_ingest"] = benchtargets.fresh_ingest(settings, cold_runs)
    progress(f"cold start: kb ask --json, {cold_runs} run(s)")
    result["cold_start"] = cold_start(bench, cold_runs)
    progress(f"warm latency: {len(questions)} eval questions")
    bot = Bridgehead(bench, embeddings)
    result["warm_ms"] = warm_latency(bot, questions)
    result["peak_rss_mb"] = _peak_mb()
    progress("naive baseline: same questions, same model")
    baseline = Baseline(bench, embeddings)
    result["baseline_ms"] = _timed_asks(baseline.ask, questions)
    result["baseline_ratio_p50"] = round(result["warm_ms"]["end_to_end"]["p50"] / result["baseline_ms"]["p50"], 2)
    if settings.embed_backend == "onnx":
        progress("query embedding alone: onnx fp32 and int8, interleaved")
        result["embed_engines_ms"] = benchtargets.engine_query_ms(settings, questions)
    result["synthetic"] = {}
    for size in [] if settings.chroma_url else sizes:
        progress(f"synthetic corpus: {size} chunks")
        result["synthetic"][str(size)] = synthetic_size(bench, chunks, size, embeddings, questions)
    result["peak_rss_mb"] = _peak_mb()
    return result


def table(result: dict) -> str:
    m = result["machine"]
    lines = [f"machine: {m['cpu']}, {m['cores']} cores, no GPU, load average {m['load_average']}",
             f"questions: {result['questions']}; chroma: {result['chroma']}"]
    if "ingest" in result:
        i = result["ingest"]
        lines.append(f"ingest (fresh store, both editions): {i['chunks']} chunks, {i['texts_embedded']} texts embedded "
                     f"in {i['seconds']} s = {i['chunks_per_s']} chunks/s; index {i['index_mb']} MB on disk")
    c = result["cold_start"]
    lines.append(f"cold start (kb ask --json): median {c['median_s']} s {c['seconds']}, peak RSS {c['peak_rss_mb']} MB")
    lines.append(f"model load in-process: {result['model_load_s']} s; bench peak RSS {result['peak_rss_mb']} MB")
    rows = [("report", result["warm_ms"])] + [(f"{k} chunks*", v["latency_ms"]) for k, v in result["synthetic"].items()]
    lines.append("")
    lines.append(f"{'corpus':<16}" + "".join(f"{s + ' p50/p95 ms':>26}" for s in STAGES))
    for name, lat in rows:
        lines.append(f"{name:<16}" + "".join(f"{lat[s]['p50']:>17.1f} /{lat[s]['p95']:>7.1f}" for s in STAGES))
    b = result["baseline_ms"]
    lines.append(f"{'naive baseline':<16}{'':>104}{b['p50']:>17.1f} /{b['p95']:>7.1f}")
    lines.append(f"Bridgehead / baseline, p50 end to end: {result['baseline_ratio_p50']}x")
    for size, s in result["synthetic"].items():
        lines.append(f"* {size}: {s['vectors']} vectors indexed in {s['index_seconds']} s "
                     f"({s['chunks_per_s']} chunks/s), {s['index_mb']} MB, chain loads in {s['load_seconds']} s; "
                     f"{s['vectors_note']}")
    lines += ["", benchtargets.table(result)]
    return "\n".join(lines)


def write(result: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
