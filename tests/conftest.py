"""Shared fixtures: isolated settings, the real model and index, a fake embedder and a tiny two-report corpus."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from kb.settings import PROJECT_ROOT, Settings

EVALS = PROJECT_ROOT / "evals"
CORPUS = PROJECT_ROOT / "corpus"
FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test sees the developer's KB_* settings or writes into ./data; `kb` runs share one embedding cache
    for the session (each data dir would embed the report and its bank again: 30 s a run)."""
    for key in list(os.environ):
        if key.startswith("KB_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("KB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KB_EMBED_CACHE", str(session_cache(tmp_path_factory)))


def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "embeddings.sqlite3"


def kb(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The `kb` command as a user runs it, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", *args], input=stdin, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, cwd=PROJECT_ROOT, timeout=300,
    )


def eval_items(name: str) -> list[dict]:
    path = EVALS / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class FakeEmbeddings(Embeddings):
    """A deterministic embedder for fast tests of the rules: hashed character bigrams, unit length.

    Texts that share words get close vectors, which is all retrieval needs to find a tiny corpus's
    passages; like simonw/llm's EmbedDemo, it loads nothing.
    """

    model_id = "fake-bigram-64"
    DIM = 64

    def _vector(self, text: str) -> list[float]:
        v = np.zeros(self.DIM, dtype=np.float32)
        text = text.removeprefix("query: ").removeprefix("passage: ").lower()
        for a, b in zip(text, text[1:], strict=False):
            v[int.from_bytes(hashlib.md5((a + b).encode()).digest()[:4], "little") % self.DIM] += 1.0
        norm = float(np.linalg.norm(v)) or 1.0
        return (v / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


@pytest.fixture(scope="session")
def fake_embeddings() -> FakeEmbeddings:
    return FakeEmbeddings()


@pytest.fixture(scope="session")
def model_dir() -> Path:
    from kb.modelbuild import build_model_dir

    return build_model_dir(Settings().model_dir)


@pytest.fixture(scope="session")
def spec():
    from kb.reports import load_specs

    return load_specs(CORPUS)[0]


@pytest.fixture(scope="session")
def report(spec):
    """The cleaned edition of the real report, and its chunks."""
    from kb.ingest import chunk_document, load_editions

    original = load_editions(spec, translations=False)[0]
    return original.raw, original.doc, chunk_document(original.doc, Settings().chunk_size, spec.edition)


@pytest.fixture(scope="session")
def embeddings(model_dir: Path):
    from kb.embed import make_embeddings

    return make_embeddings(Settings(model_dir=model_dir))


@pytest.fixture(scope="session")
def editions(spec):
    from kb.ingest import load_editions

    return load_editions(spec)


@pytest.fixture(scope="session")
def chunks(editions, spec):
    """Every edition of the real report, chunked as `kb ingest` chunks it."""
    from kb.ingest import chunk_editions, load_alignment
    from kb.ingest.editions import load_statements

    return chunk_editions(editions, Settings().chunk_size, load_alignment(spec), load_statements(spec))


@pytest.fixture(scope="session")
def glossary(spec):
    from kb.glossary import Glossary, load_glossary

    return Glossary(load_glossary(CORPUS / "glossary.tsv"), compared=spec.compared, setting=spec.setting)


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Settings:
    """A real Chroma index of the report and its Mongolian edition, built once per test session, as `kb ingest` does."""
    from kb.ingest import ingest

    settings = Settings(data_dir=tmp_path_factory.mktemp("indexed"), embed_cache=str(session_cache(tmp_path_factory)))
    ingest(settings, embeddings)
    return settings


@pytest.fixture(scope="session")
def bot(indexed_settings: Settings, embeddings):
    from kb.chain import Bridgehead

    return Bridgehead(indexed_settings, embeddings)


@pytest.fixture(scope="session")
def tiny_settings(tmp_path_factory: pytest.TempPathFactory, fake_embeddings) -> Settings:
    """Two small reports, each a folder and a spec (tests/fixtures/corpus), indexed with the fake embedder."""
    from kb.ingest import ingest

    root = tmp_path_factory.mktemp("tiny")
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    settings = Settings(data_dir=root / "data", corpus_dir=corpus)
    ingest(settings, fake_embeddings)
    return settings
