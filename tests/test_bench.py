"""The benchmark's parts: synthetic corpora, and each measurement on real indexes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from kb.bench import STAGES, cold_start, synthetic_size, table, warm_latency
from kb.index import sentences_of
from kb.settings import Settings
from kb.synthetic import SyntheticEmbeddings, synthetic_corpus
from tests.conftest import eval_items


def test_synthetic_copies_vary_names_and_figures_and_keep_their_structure(chunks):
    corpus, origin = synthetic_corpus(chunks, 1000)
    assert len(corpus) == 1000 and len({c.chunk_id for c in corpus}) == 1000
    assert corpus[: len(chunks)] == chunks  # the real report is in every synthetic corpus
    ids = {c.chunk_id for c in corpus}
    copies = corpus[len(chunks) :]
    assert all(c.pair in ids for c in copies if c.pair)
    assert all(len(c.sentences) == len(r.sentences) for c, r in zip(copies, chunks * 20, strict=False))
    assert all(0 <= a < b <= len(c.text) for c in copies for a, b in c.sentences)
    texts = [c.text for c in copies if c.lang == "zh"]
    assert not any("二连浩特" in t for t in texts) and any("满洲里" in t for t in texts)
    assert not any("1964.1" in t for t in texts)  # the headline figure belongs to the report alone
    assert len(set(re.findall(r"\d+\.\d+", " ".join(texts)))) > 100
    wanted = [c.embed_text for c in corpus] + [s.embed_text for s in sentences_of(corpus)]
    assert all(origin[t] in origin for t in wanted)


def test_synthetic_vectors_sit_near_their_originals_and_differ_from_each_other(chunks, embeddings):
    corpus, origin = synthetic_corpus(chunks, 200)
    real = {chunks[0].embed_text: embeddings.embed_documents([chunks[0].embed_text])[0]}
    fake = SyntheticEmbeddings(real, origin, embeddings)
    twin = next(c for c in corpus[len(chunks) :] if origin[c.embed_text] == chunks[0].embed_text)
    a, b = np.array(fake.embed_documents([chunks[0].embed_text, twin.embed_text]))
    assert np.allclose(a, real[chunks[0].embed_text], atol=1e-6)
    assert 0.9 < float(a @ b) < 0.999 and abs(float(np.linalg.norm(b)) - 1) < 1e-5
    assert fake.model_id == embeddings.model_id


def test_each_measurement_on_the_real_index(bot, indexed_settings, chunks, embeddings):
    questions = [r["question"] for r in eval_items("zh.jsonl")[:12]]
    warm = warm_latency(bot, questions)
    assert set(warm) == set(STAGES) and all(warm[s]["n"] == len(questions) for s in STAGES)
    assert warm["embed"]["p50"] > 0 and warm["end_to_end"]["p50"] >= warm["answer"]["p50"]
    assert "embed_query" not in vars(bot.embeddings)  # the timing hook is taken off again

    cold = cold_start(indexed_settings, 1)
    assert len(cold["seconds"]) == 1 and cold["peak_rss_mb"] > 50

    big = synthetic_size(indexed_settings, chunks, 500, embeddings, questions[:6])
    assert big["chunks"] == 500 and big["vectors"] > 500 and big["index_mb"] > 0
    assert big["latency_ms"]["end_to_end"]["n"] == 6
    result = {"machine": {"cpu": "x", "cores": 2, "load_average": [0]}, "questions": 12, "chroma": "local",
              "cold_start": cold, "model_load_s": 1.0, "peak_rss_mb": 1.0, "warm_ms": warm,
              "baseline_ms": {"p50": 1.0, "p95": 2.0}, "baseline_ratio_p50": 1.0, "synthetic": {"500": big}}
    text = table(result)
    assert "500 chunks*" in text and "perturbed copies" in text


def test_every_target_sits_beside_its_figure_and_rest_is_filled_in_later(bot, indexed_settings, tmp_path):
    import json

    from kb import benchtargets
    from kb.bench import write

    questions = [r["question"] for r in eval_items("zh.jsonl")[:6]]
    fresh = benchtargets.fresh_ingest(Settings(data_dir=tmp_path / "data"))
    assert fresh["median_s"] > 0 and fresh["cpu_s"] > 0
    assert not (tmp_path / "data" / "bench" / "fresh-ingest").exists()  # the bench cleans up after itself
    engines = benchtargets.engine_query_ms(indexed_settings, questions, rounds=1)
    assert set(engines) == {"onnx fp32", "onnx int8"} and all(e["n"] == 6 for e in engines.values())
    result = {"machine": {"cpu": "x", "cores": 2, "load_average": [0]}, "questions": 6, "chroma": "local",
              "cold_start": {"seconds": [2.5], "median_s": 2.5, "cpu_s": 2.1, "peak_rss_mb": 300.0},
              "model_load_s": 1.0, "peak_rss_mb": 1.0, "warm_ms": warm_latency(bot, questions),
              "baseline_ms": {"p50": 10.0, "p95": 20.0}, "baseline_ratio_p50": 1.5, "synthetic": {},
              "fresh_ingest": fresh, "embed_engines_ms": engines, "rest": None,
              "engine": {"backend": "onnx", "quantize": "fp32", "model_id": "st:multilingual-e5-small"}}
    text = table(result)
    lines = {line.split("  ")[1]: line for line in text.splitlines() if line.startswith("  ") and "  " in line[2:]}
    assert "<= 3 s" in lines["cold start, kb ask --json"] and "met" in lines["cold start, kb ask --json"]
    assert "not measured" in lines["end to end p50, 100 000 chunks"]
    assert "not measured" in lines["REST /api/ask, 20 clients, 60 s"] and ">= 25 answers/s" in text
    assert "Bridgehead 1.5x" in text and "query embedding alone, onnx int8" in text

    path = tmp_path / "bench.json"
    write(result, path)
    assert json.loads(path.read_text())["rest"] is None  # the place is there before load.py fills it
    filled = benchtargets.record_rest(path, {"answers_per_s": 31.0, "p95_s": 0.9, "errors": 0, "mixed": 0})
    assert "31.0 answers/s, p95 0.90 s, 0 errors, 0 mixed" in table(filled) and "not measured" not in [
        r[1] for r in benchtargets.rows(filled) if r[0].startswith("REST")]
    slow = benchtargets.record_rest(path, {"answers_per_s": 9.0, "p95_s": 2.9, "errors": 3, "mixed": 0})
    assert next(r for r in benchtargets.rows(slow) if r[0].startswith("REST"))[3] == "NOT met"
    with pytest.raises(ValueError, match="mixed"):
        benchtargets.record_rest(path, {"answers_per_s": 9.0, "p95_s": 2.9, "errors": 3})

    # What load.py leaves in <data dir>/bench/rest.json is what `kb bench` shows; a partial file is not.
    rest = tmp_path / "rest.json"
    assert benchtargets.measured_rest(rest) is None
    rest.write_text(json.dumps({"answers_per_s": 40.0, "p95_s": 0.5, "errors": 0, "mixed": 0,
                                "measured": "2026-12-04T22:03:17+0000"}))
    shown = table({**result, "rest": benchtargets.measured_rest(rest)})
    assert "40.0 answers/s, p95 0.50 s, 0 errors, 0 mixed (load.py 2026-12-04T22:03:17+0000)" in shown
    rest.write_text(json.dumps({"answers_per_s": 40.0}))
    assert benchtargets.measured_rest(rest) is None
