"""Shared fixtures: isolated settings, the real model, and a real index of the report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kb.settings import PROJECT_ROOT, Settings

EVALS = PROJECT_ROOT / "evals"


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's KB_* settings or writes into ./data."""
    for key in list(os.environ):
        if key.startswith("KB_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("KB_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def model_dir() -> Path:
    from kb.modelbuild import build_model_dir

    return build_model_dir(Settings().model_dir)


@pytest.fixture(scope="session")
def report():
    """The cleaned edition of the real report, and its chunks."""
    from kb.ingest import chunk_document, clean, load_corpus, load_errata

    raw = load_corpus(PROJECT_ROOT / "corpus")[0]
    doc = clean(raw.text, load_errata(raw.errata_path), raw.doc_id)
    return raw, doc, chunk_document(doc, Settings().chunk_size)


@pytest.fixture(scope="session")
def embeddings(model_dir: Path):
    from kb.embed import make_embeddings

    return make_embeddings(Settings(model_dir=model_dir))


@pytest.fixture(scope="session")
def editions():
    from kb.ingest import load_editions

    return load_editions(PROJECT_ROOT / "corpus")


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory, editions, embeddings) -> Settings:
    """A real Chroma index of the report and its Mongolian edition, built once per test session."""
    from kb.index import build_index
    from kb.ingest import chunk_editions, load_alignment

    settings = Settings(data_dir=tmp_path_factory.mktemp("indexed"))
    chunks = chunk_editions(editions, settings.chunk_size, load_alignment(PROJECT_ROOT / "corpus"))
    build_index(chunks, embeddings, settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def bot(indexed_settings: Settings, embeddings):
    from kb.chain import Bridgehead

    return Bridgehead(indexed_settings, embeddings)


def eval_items(name: str) -> list[dict]:
    path = EVALS / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
