"""The Chroma index: content hashes skip re-embedding, switches are atomic."""

from __future__ import annotations

from dataclasses import replace

import pytest
from langchain_core.embeddings import Embeddings

from kb.index import IndexError_, active_collection, build_index, open_client, open_store
from kb.settings import Settings as _Settings


def Settings(**kwargs) -> _Settings:  # noqa: N802
    """These tests count what the index embeds itself: the vectors shipped in corpus/ stay out."""
    return _Settings(**{"embed_seed": "off", **kwargs})


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


def test_moved_text_is_reindexed_with_its_new_place_and_nothing_embedded(tmp_path, report, embeddings):
    # A line removed above a paragraph moves it: the same text, a new place in the report to cite.
    settings = Settings(data_dir=tmp_path)
    chunks = report[2][:6]
    build_index(chunks, Counting(embeddings), settings, progress=False)
    moved = [replace(c, start=c.start - 1, end=c.end - 1) for c in chunks]
    counter = Counting(embeddings)
    stats = build_index(moved, counter, settings, progress=False)
    assert not stats.unchanged and counter.texts == 0
    index = open_store(settings, embeddings)
    got = index.get([moved[3].chunk_id])[moved[3].chunk_id]
    assert (got.start, got.end) == (moved[3].start, moved[3].end)


def test_changing_one_chunk_embeds_only_its_text(tmp_path, report, embeddings):
    settings = Settings(data_dir=tmp_path)
    chunks = report[2][:6]
    build_index(chunks, Counting(embeddings), settings, progress=False)
    edited = list(chunks)
    edited[2] = replace(edited[2], text=edited[2].text + "测试。", chunk_id="edited000000000")
    counter = Counting(embeddings)
    stats = build_index(edited, counter, settings, progress=False)
    assert not stats.unchanged
    # The edited passage and its new sentence, nothing else (its other sentences' texts are in the cache).
    assert 1 <= counter.texts <= 2


def test_a_crash_mid_ingest_leaves_the_previous_index_answering(tmp_path, report, embeddings):
    settings = Settings(data_dir=tmp_path)
    build_index(report[2][:4], embeddings, settings, progress=False)
    before, _ = active_collection(open_client(settings))
    with pytest.raises(RuntimeError, match="power cut"):
        build_index(report[2], Counting(embeddings, fail_after=1), settings, progress=False)
    after, _ = active_collection(open_client(settings))
    assert after == before
    index = open_store(settings, embeddings)
    assert len(index.editions["zh"].similarity_search("二连浩特", k=2)) == 2


def test_each_edition_is_searched_on_its_own(indexed_settings, embeddings):
    index = open_store(indexed_settings, embeddings)
    assert set(index.editions) == {"zh", "mn", "en"}
    # A Chinese query against the Mongolian edition still gets Mongolian passages, and only those.
    hits = index.editions["mn"].similarity_search("二连浩特口岸货运量", k=8)
    assert len(hits) == 8 and {h.metadata["lang"] for h in hits} == {"mn"}
    # Passages are found by id whichever edition holds them: a translation leads to its original.
    pair = hits[0].metadata["pair"]
    got = index.get([hits[0].id, pair, "missing"])
    assert got[hits[0].id].text == hits[0].page_content
    assert got[pair].edition == "zh" and got[pair].pair == hits[0].id and "missing" not in got


def test_an_index_from_an_older_layout_asks_for_a_reingest(tmp_path, embeddings):
    client = open_client(Settings(data_dir=tmp_path))
    client.create_collection("bridgehead_old__sentences", metadata={"model": "x"}, embedding_function=None)
    client.create_collection("bridgehead__registry", metadata={"active": "bridgehead_old"}, embedding_function=None)
    with pytest.raises(IndexError_, match="older Bridgehead.*kb ingest"):
        open_store(Settings(data_dir=tmp_path), embeddings)


def test_no_index_is_a_clear_error(tmp_path, embeddings):
    with pytest.raises(IndexError_, match="kb ingest"):
        open_store(Settings(data_dir=tmp_path), embeddings)


def test_the_replaced_index_stays_one_generation_for_replicas_still_reading_it(tmp_path, report, embeddings):
    settings = Settings(data_dir=tmp_path)
    chunks = report[2][:4]
    names = [build_index(chunks[: n + 2], embeddings, settings, progress=False).collection for n in range(3)]
    client = open_client(settings)
    left = {c.name.split("__")[0] for c in client.list_collections() if not c.name.endswith("registry")}
    assert left == set(names[1:])  # the newest answers, the one before it stays for lagging readers
    assert active_collection(client)[0] == names[2]


def test_a_new_store_is_built_from_the_embedding_cache_with_the_same_answers(tmp_path, report, embeddings):
    cache = str(tmp_path / "cache.sqlite3")
    settings = Settings(data_dir=tmp_path / "first", embed_cache=cache)
    chunks = report[2][:6]
    first = Counting(embeddings)
    build_index(chunks, first, settings, progress=False)
    before = open_store(settings, embeddings).editions["zh"].similarity_search_with_score("二连浩特口岸货运量", k=3)
    # A fresh data dir (or `--rebuild`, or a deleted data/chroma) with the cache kept: nothing embedded.
    fresh = replace(settings, data_dir=tmp_path / "second")
    again = Counting(embeddings)
    stats = build_index(chunks, again, fresh, progress=False)
    assert not stats.unchanged and again.texts == 0 and stats.embedded == 0 and stats.reused >= first.texts
    after = open_store(fresh, embeddings).editions["zh"].similarity_search_with_score("二连浩特口岸货运量", k=3)
    assert [(d.id, round(s, 4)) for d, s in after] == [(d.id, round(s, 4)) for d, s in before]
    # KB_EMBED_CACHE=off: nothing kept, everything embedded again.
    off = Counting(embeddings)
    build_index(chunks, off, replace(settings, data_dir=tmp_path / "third", embed_cache="off"), progress=False)
    assert off.texts == first.texts
