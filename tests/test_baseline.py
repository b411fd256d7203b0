"""The naive baseline: raw report, recursive splitter, dense top 5, top chunk as the answer."""

from __future__ import annotations

from kb.baseline import CHUNK_SIZE, COLLECTION, Baseline
from kb.index import open_client
from kb.settings import Settings

HEADLINE = "二连浩特口岸1-11月进出口货运量是多少？"


def test_the_baseline_answers_the_headline_question_with_its_top_chunk(tmp_path, embeddings):
    settings = Settings(data_dir=tmp_path / "data")
    baseline = Baseline(settings, embeddings)
    answer = baseline.ask(HEADLINE)
    assert answer.found and answer.lang == "zh-Hans"
    assert len(answer.citations) == 5
    assert answer.answer == answer.citations[0].text  # the whole top chunk, not a sentence of it
    assert any("1964.1" in c.text for c in answer.citations)
    assert all(len(c.text) <= CHUNK_SIZE for c in answer.citations)
    assert baseline.passages(HEADLINE) == [c.text for c in answer.citations]


def test_the_baseline_collection_is_built_once_beside_the_index(tmp_path, embeddings):
    settings = Settings(data_dir=tmp_path / "data")
    first = Baseline(settings, embeddings)
    count = first.store._collection.count()
    assert count == len(first.chunks()) > 10  # about 5 300 characters in 500-character chunks
    Baseline(settings, embeddings)  # a second start finds it and adds nothing
    assert open_client(settings).get_collection(COLLECTION).count() == count
