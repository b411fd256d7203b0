"""Sentence embeddings on ONNX Runtime: `tokenizers`, the exported transformer, pooling as the model says."""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.onnxexport import FILES, ONNX_DIR, is_exported
from kb.settings import Settings

# Padded token rows per run at ingest. Single-thread CPU time over both editions' 228 texts
# (22 594 tokens), sorted by length: 256 or 512 rows 5.9-6.2 s, 2048 rows 7.7 s, 8192 rows
# 11.8 s (fp32; int8 3.3 s at 512): small runs waste no padding and keep the 1536-wide
# intermediate in cache.
TOKEN_BUDGET = 512
_POOLING = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls",
            "pooling_mode_max_tokens": "max", "pooling_mode_mean_sqrt_len_tokens": "mean_sqrt_len"}


class OnnxModelError(RuntimeError):
    """The model directory is not one this engine computes the way sentence-transformers does."""


@dataclass(frozen=True)
class StConfig:
    """What sentence-transformers reads from a model directory besides the transformer itself."""

    prompts: dict[str, str]
    pooling: str
    normalize: bool
    max_tokens: int


def read_st_config(model_dir: Path) -> StConfig:
    """Prompts, pooling and normalisation from a sentence-transformers directory; anything else is refused."""

    def read(name: str, default: object = None) -> object:
        try:
            return json.loads((model_dir / name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            if default is None:
                raise OnnxModelError(f"{model_dir} has no {name}: not a sentence-transformers directory") from None
            return default
        except (OSError, ValueError) as exc:
            raise OnnxModelError(f"cannot read {model_dir / name}: {exc}") from exc

    modules = read("modules.json")
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise OnnxModelError(f"{model_dir} has modules {kinds}; the onnx engine computes Transformer, Pooling "
                             "and Normalize only (use KB_EMBED_BACKEND=sentence-transformers)")
    pooling_dir = next(m.get("path", "") for m in modules if m.get("type", "").endswith(".Pooling"))
    pooling = read(f"{pooling_dir}/config.json")
    modes = [_POOLING.get(k, k) for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    if len(modes) != 1 or modes[0] not in _POOLING.values() or pooling.get("include_prompt", True) is False:
        raise OnnxModelError(f"{model_dir}: pooling {modes} is not one the onnx engine computes "
                             "(use KB_EMBED_BACKEND=sentence-transformers)")
    prompts = read("config_sentence_transformers.json", {}).get("prompts") or {}
    limit = read("sentence_bert_config.json", {}).get("max_seq_length") or 512
    return StConfig(dict(prompts), modes[0], kinds[-1] == "Normalize", int(limit))


class OnnxE5:
    """The exported transformer on one intra-op thread a call; parallel calls run on parallel cores.

    Batches do not use ONNX Runtime's thread pool: on a 2-core machine shared with other
    processes two spinning intra-op threads took 12.8-16.3 s over the ingest set where two
    callers of one single-threaded session took 4.2-5.5 s. A single text with no other running
    takes the pool (threads that sleep rather than spin): see `solo_session`.
    """

    def __init__(self, model_dir: Path, quantize: str = "") -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.config = read_st_config(model_dir)
        self.path = model_dir / ONNX_DIR / FILES[quantize]
        if not self.path.is_file():
            raise OnnxModelError(f"{self.path} is missing: run `kb build-model`")
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.config.max_tokens)
        self.tokenizer.no_padding()
        self.session = self._session(ort, 1)
        # One question alone on the machine: a second session runs it on every core (non-spinning
        # threads), 13.9 against 19.9 ms p50 over 150 eval questions side by side; its threads would
        # only contend with parallel callers, who keep the single-threaded session (batches 8.8 s
        # against 10.2-11.0 s on two threads). It maps the same weights: 83 MB more resident.
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        self.solo_session = self._session(ort, min(cores, 4)) if cores > 1 else None
        self._solo = threading.Lock()
        self._token_types = "token_type_ids" in {i.name for i in self.session.get_inputs()}
        warm, _ = self._feed([self.ids("")])
        for session in (self.session, self.solo_session):  # the first run allocates buffers, pages weights in
            if session is not None:
                session.run(None, warm)

    def _session(self, ort, threads: int):  # noqa: ANN001, ANN202 (onnxruntime is imported lazily)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        try:
            return ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph types
            raise OnnxModelError(f"cannot load {self.path}: {exc}") from exc

    def ids(self, text: str, prompt: str | None = None) -> list[int]:
        return self.tokenizer.encode(self.config.prompts.get(prompt or "", "") + text).ids

    def embed_many(self, texts: list[str], prompt: str | None = None, workers: int = 1) -> np.ndarray:
        """One vector per text, as a (len(texts), hidden) float32 array, in the order given."""
        seqs = [self.ids(t, prompt) for t in texts]
        if len(seqs) == 1:
            return self._run(seqs)
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        batches: list[list[int]] = []
        for i in order:
            if batches and (len(batches[-1]) + 1) * len(seqs[i]) <= TOKEN_BUDGET:
                batches[-1].append(i)
            else:
                batches.append([i])
        # Longest runs first, so the workers finish together.
        batches.sort(key=lambda b: -len(b) * len(seqs[b[-1]]))
        run = lambda b: self._run([seqs[i] for i in b])  # noqa: E731
        if workers > 1 and len(batches) > 1:
            with ThreadPoolExecutor(min(workers, len(batches))) as pool:
                parts = list(pool.map(run, batches))
        else:
            parts = [run(b) for b in batches]
        out = np.empty((len(seqs), parts[0].shape[1]), np.float32)
        for b, vectors in zip(batches, parts, strict=True):
            out[b] = vectors
        return out

    def _feed(self, seqs: list[list[int]]) -> tuple[dict[str, np.ndarray], np.ndarray]:
        width = max(len(s) for s in seqs)
        ids = np.zeros((len(seqs), width), np.int64)
        mask = np.zeros((len(seqs), width), np.int64)
        for row, seq in enumerate(seqs):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if self._token_types:
            feed["token_type_ids"] = np.zeros_like(ids)
        return feed, mask

    def _run(self, seqs: list[list[int]]) -> np.ndarray:
        feed, mask = self._feed(seqs)
        if len(seqs) == 1 and self.solo_session is not None and self._solo.acquire(blocking=False):
            try:  # no other single text is running: this one may have every core
                hidden = self.solo_session.run(None, feed)[0]
            finally:
                self._solo.release()
        else:
            hidden = self.session.run(None, feed)[0]
        return _pool(hidden, mask, self.config.pooling, self.config.normalize)


def _pool(hidden: np.ndarray, mask: np.ndarray, mode: str, normalize: bool) -> np.ndarray:
    """sentence-transformers' Pooling (and Normalize) over the unpadded tokens."""
    m = mask[..., None].astype(np.float32)
    if mode == "cls":
        pooled = hidden[:, 0]
    elif mode == "max":
        pooled = np.where(m > 0, hidden, np.float32(-1e9)).max(axis=1)
    else:
        total = (hidden * m).sum(axis=1)
        count = np.maximum(m.sum(axis=1), 1e-9)
        pooled = total / (np.sqrt(count) if mode == "mean_sqrt_len" else count)
    if normalize:
        pooled = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return pooled.astype(np.float32)


_ENGINES: dict[tuple[str, str], Future] = {}
_LOCK = threading.Lock()


def engine(model_dir: Path, quantize: str = "", background: bool = False) -> OnnxE5 | None:
    """The engine for `model_dir` (one per process and file: the session is thread-safe), loading it once.

    With `background`, loading starts on a daemon thread and None is returned at once.
    """
    key = (str(model_dir), quantize)
    with _LOCK:
        future = _ENGINES.get(key)
        owner = future is None
        if owner:
            future = _ENGINES[key] = Future()
    if owner:
        if background:
            threading.Thread(target=_load, args=(future, key, model_dir, quantize), name="kb-onnx-load",
                             daemon=True).start()
        else:
            _load(future, key, model_dir, quantize)
    return None if background else future.result()


def _load(future: Future, key: tuple[str, str], model_dir: Path, quantize: str) -> None:
    try:
        future.set_result(OnnxE5(model_dir, quantize))
    except BaseException as exc:  # raised to whoever waits; a later call tries again
        with _LOCK:
            _ENGINES.pop(key, None)
        future.set_exception(exc)


def preload(settings: Settings) -> None:
    """Start loading the configured ONNX engine on another thread, if it is the one configured and is built.

    Cold start: the tokenizer (0.6-0.9 s) and the session load largely outside the GIL, so on
    a free core they overlap the 1.3 s of importing chromadb and langchain that a first answer
    waits for anyway. Nothing here imports langchain (0.1-0.7 s), so loading starts at once. A
    model still to be built or exported is left to the main thread: a daemon thread could be
    cut off mid-way at exit.
    """
    path = Path(settings.model_path)
    if settings.embed_backend == "onnx" and is_exported(path):
        engine(path, settings.embed_quantize, background=True)
