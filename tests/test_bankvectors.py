"""The question bank searched in memory: the same neighbours as an exact search, kept between starts."""

from __future__ import annotations

import chromadb
import numpy as np
import pytest

from kb.retrieval.bankvectors import BankVectors


@pytest.fixture()
def collection(tmp_path):
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"))
    col = client.create_collection("idx__bank", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)
    col.add(ids=[f"q{i}" for i in range(300)], embeddings=vectors.tolist(),
            metadatas=[{"ref": f"r:b{i % 30:03d}:0", "lang": "en", "answerable": i % 5 != 0} for i in range(300)])
    return col, vectors, client


def test_the_closest_questions_come_first_with_chromas_distances(collection):
    col, vectors, _ = collection
    bank = BankVectors.load(col)
    query = vectors[42] + 0.01
    got = bank.query(query_embeddings=[query.tolist()], n_results=5)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    sims = unit @ (query / np.linalg.norm(query))
    assert got["ids"][0] == [f"q{i}" for i in np.argsort(-sims)[:5]]
    assert got["ids"][0][0] == "q42" and got["distances"][0][0] == pytest.approx(1 - sims[42], abs=1e-5)
    assert got["metadatas"][0][0] == {"ref": "r:b012:0", "lang": "en", "answerable": True}
    only = bank.query(query_embeddings=[query.tolist()], n_results=3, include=["distances"])
    assert set(only) == {"ids", "distances"}


def test_the_vectors_are_kept_and_a_cache_of_another_index_is_not_read(collection, tmp_path):
    col, vectors, client = collection
    cache = tmp_path / "cache" / "idx.bank.npz"
    first = BankVectors.load(col, cache)
    assert cache.is_file() and not cache.with_name(cache.name + ".part").exists()
    col.delete(ids=["q0"])  # a collection changed behind the cache is not one an index does; the name decides
    kept = BankVectors.load(col, cache)
    assert kept.count() == first.count() == 300 and kept.metadatas == first.metadatas
    assert np.allclose(kept.matrix, first.matrix)
    other = client.create_collection("other__bank", embedding_function=None)
    other.add(ids=["x"], embeddings=[vectors[0].tolist()], metadatas=[{"ref": "r:b000:0"}])
    assert BankVectors.load(other, cache).ids == ["x"]


def test_a_damaged_cache_is_read_again_from_the_collection(collection, tmp_path):
    col, _, _ = collection
    cache = tmp_path / "idx.bank.npz"
    cache.write_bytes(b"not a numpy file")
    assert BankVectors.load(col, cache).count() == 300
    assert BankVectors.load(col, cache).count() == 300  # rewritten whole


def test_ingest_keeps_the_banks_vectors_so_the_first_start_reads_no_collection(bot, indexed_settings):
    """The file an ingest writes holds what Chroma holds: the same neighbours for a real question."""
    from kb.retrieval.bankvectors import cache_file

    path = cache_file(indexed_settings.data_dir, bot.index_name)
    assert path.is_file()
    kept = BankVectors._read(path, bot.index.bank.name)
    assert kept is not None and kept.count() == bot.index.bank.count()
    vector = bot.embeddings.embed_query("二连浩特口岸1-11月进出口货运量是多少？")
    exact = BankVectors.load(bot.index.bank).query(query_embeddings=[vector], n_results=10)
    assert kept.query(query_embeddings=[vector], n_results=10)["ids"] == exact["ids"]
