"""Vectors shipped beside the corpus: a fresh clone's first ingest computes only what changed, never another model's."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace

import numpy as np

from kb.embedseed import Seed, digest, export, seed_path
from kb.index import embed_queries, sentences_of
from kb.ingest import ingest
from kb.ingest.editions import load_bank
from kb.ingest.pipeline import report_chunks
from kb.reports import load_specs
from kb.settings import Settings
from tests.conftest import CORPUS, FIXTURES, FakeEmbeddings, kb


class Counting(FakeEmbeddings):
    """The fake model, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.texts = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.texts += len(texts)
        return super().embed_documents(texts)


class Other(Counting):
    """Another model under the same name: its vectors differ (the text reversed)."""

    def _vector(self, text: str) -> list[float]:
        return super()._vector(text[::-1])


def _corpus(tmp_path) -> Settings:
    shutil.copytree(FIXTURES / "corpus", tmp_path / "corpus")
    return Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus", embed_cache="off")


def _top(settings: Settings, embeddings, question: str) -> list[str]:
    from kb.index import open_store

    store = open_store(settings, embeddings)
    return [d.id for d, _ in store.editions["zh"].similarity_search_with_score(question, k=3)]


def test_a_fresh_store_reads_the_shipped_vectors_and_computes_only_an_edited_passage(tmp_path):
    settings = _corpus(tmp_path)
    path, written = export(settings, FakeEmbeddings())
    assert path == tmp_path / "corpus" / "vectors" / "fake-bigram-64.npz" and written > 0
    model = Counting()
    stats = ingest(settings, model)
    assert stats.embedded == 0 and stats.seeded == written
    computed = replace(settings, data_dir=tmp_path / "computed", embed_seed="off")
    ingest(computed, FakeEmbeddings())
    assert _top(settings, model, "满洲里口岸货运量") == _top(computed, FakeEmbeddings(), "满洲里口岸货运量")

    # One passage edited after the seed was made: its text (and its sentences') alone are computed.
    original = next((tmp_path / "corpus").rglob("manzhouli.zh.orig.txt"))
    text = original.read_text(encoding="utf-8")
    original.write_text(text.replace("满洲里", "满洲里市", 1), encoding="utf-8")
    again = ingest(replace(settings, data_dir=tmp_path / "edited"), Counting())
    assert 0 < again.embedded <= 4 and again.seeded >= written - 4


def test_vectors_another_model_made_are_never_read(tmp_path, caplog):
    settings = _corpus(tmp_path)
    export(settings, FakeEmbeddings())
    other = Other()
    with caplog.at_level(logging.WARNING, logger="kb.embedseed"):
        stats = ingest(settings, other)
    assert stats.seeded == 0 and stats.embedded > 0
    assert "not used" in caplog.text and "kb vectors" in caplog.text


def test_a_damaged_seed_file_is_reported_and_the_ingest_computes_everything(tmp_path, caplog):
    settings = _corpus(tmp_path)
    path = seed_path(settings, FakeEmbeddings.model_id)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 not a zip")
    with caplog.at_level(logging.WARNING, logger="kb.embedseed"):
        stats = ingest(settings, FakeEmbeddings())
    assert stats.seeded == 0 and stats.embedded > 0 and "not used" in caplog.text
    # KB_EMBED_SEED=off: no file is looked for.
    assert seed_path(replace(settings, embed_seed="off"), FakeEmbeddings.model_id) is None


def test_the_shipped_vectors_are_the_live_models_and_cover_every_text_an_ingest_embeds(tmp_path, embeddings):
    shipped = seed_path(Settings(), embeddings.model_id)
    assert shipped is not None and shipped.is_file(), "run `kb vectors` and commit corpus/vectors"
    # `kb vectors` into another folder, from the shipped file: what it writes is what the corpus needs now.
    shutil.copy(shipped, tmp_path / shipped.name)
    done = kb("vectors", env={"KB_EMBED_SEED": str(tmp_path), "KB_EMBED_CACHE": "off"})
    assert done.returncode == 0, done.stderr
    with np.load(shipped) as old, np.load(tmp_path / shipped.name) as new:
        assert list(new["keys"]) == list(old["keys"]), "the corpus changed since `kb vectors`: run it and commit"
    # The live model gives the shipped vectors: a sample of real texts on both sides, read through the seed.
    chunks = report_chunks(Settings(corpus_dir=CORPUS))
    passages = [c.embed_text for c in chunks[::17]] + [s.embed_text for s in sentences_of(chunks)[::97]]
    questions = [q.question for spec in load_specs(CORPUS) for q in load_bank(spec)][::401]
    seed = Seed(shipped, embeddings.model_id)
    for side, sample, compute in (("passage", passages, embeddings.embed_documents),
                                  ("query", questions, lambda ts: embed_queries(embeddings, ts))):
        kept = seed.vectors(side, [digest(t) for t in sample], compute)
        assert len(kept) == len(sample)  # the live model agreed with the probe, and every text is there
        for text, vector in zip(sample, compute(sample), strict=True):
            assert float(np.dot(kept[digest(text)], vector)) > 0.99999, (side, text)
