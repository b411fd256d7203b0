"""The Chroma index: content hashes skip re-embedding, switches are atomic."""

from __future__ import annotations

from dataclasses import replace

import pytest
from langchain_core.embeddings import Embeddings

from kb.index import IndexError_, active_collection, build_index, open_client, open_store
from kb.settings import Settings


class Counting(Embeddings):
    """The real model, counting what it embeds, optionally failing after N batches."""

    def __init__(self, inner: Embeddings, fail_after: int | None = None) -> None:
        self.inner, self.fail_after, self.texts, self.batches = inner, fail_after, 0, 0
        self.model_id = inner.model_id

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after is not None and self.batches >= self.fail_after:
            raise RuntimeError("power cut")
        self.batches += 1
        self.texts += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def test_reingesting_unchanged_text_embeds_nothing(tmp_path, report, embeddings):
    settings = Settings(data_dir=tmp_path)
    chunks = report[2][:6]
    first = Counting(embeddings)
    stats = build_index(chunks, first, settings, progress=False)
    assert stats.embedded == first.texts > len(chunks)  # passages and their sentences
    again = Counting(embeddings)
    stats2 = build_index(chunks, again, settings, progress=False)
    assert stats2.unchanged and again.texts == 0 and stats2.collection == stats.collection


def test_changing_one_chunk_embeds_only_its_text(tmp_path, report, embeddings):
    settings = Settings(data_dir=tmp_path)
    chunks = report[2][:6]
    build_index(chunks, Counting(embeddings), settings, progress=False)
    edited = list(chunks)
    edited[2] = replace(edited[2], text=edited[2].text + "测试。", chunk_id="edited000000000")
    counter = Counting(embeddings)
    stats = build_index(edited, counter, settings, progress=False)
    assert not stats.unchanged
    # The edited passage, and its sentences (ids follow the chunk id), nothing else.
    assert 1 < counter.texts <= 1 + edited[2].text.count("。") + 1


def test_a_crash_mid_ingest_leaves_the_previous_index_answering(tmp_path, report, embeddings):
    settings = Settings(data_dir=tmp_path)
    build_index(report[2][:4], embeddings, settings, progress=False)
    before, _ = active_collection(open_client(settings))
    with pytest.raises(RuntimeError, match="power cut"):
        build_index(report[2], Counting(embeddings, fail_after=1), settings, progress=False)
    after, _ = active_collection(open_client(settings))
    assert after == before
    store, _ = open_store(settings, embeddings)
    assert len(store.similarity_search("二连浩特", k=2)) == 2


def test_no_index_is_a_clear_error(tmp_path, embeddings):
    with pytest.raises(IndexError_, match="kb ingest"):
        open_store(Settings(data_dir=tmp_path), embeddings)
