"""A numpy forward pass of the BERT-layout e5 model, so answering a query never imports torch."""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_DTYPES = {"F32": np.float32, "F16": np.float16}
_SQRT_HALF = np.float32(1 / math.sqrt(2.0))
# Token rows pushed through the dense layers at once: enough for efficient matrix products,
# few enough that the 1536-wide intermediate stays in cache (measured best of 128-1024: 256-512).
STACK_ROWS = 384


def _load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor as a read-only memory map: the 384 MB vocabulary is paged in row by row, on use."""
    with path.open("rb") as fh:
        (size,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(size))
    header.pop("__metadata__", None)
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    tensors = {}
    for name, info in header.items():
        start, end = info["data_offsets"]
        tensors[name] = raw[start:end].view(_DTYPES[info["dtype"]]).reshape(info["shape"])
    return tensors


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26: error under 1.5e-7, float32's own rounding; numpy has no erf.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _plain(a: np.ndarray) -> np.ndarray:
    return np.array(a, dtype=np.float32)


@dataclass(frozen=True)
class _Layer:
    """One encoder layer laid out for `rows @ weight`: contiguous in RAM, Q, K and V fused into one product."""

    qkv: np.ndarray  # (hidden, 3*hidden), the query third pre-scaled by 1/sqrt(head size)
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


def _pack(w: dict[str, np.ndarray], i: int, heads: int) -> _Layer:
    p = f"encoder.layer.{i}."
    parts = [p + f"attention.self.{m}" for m in ("query", "key", "value")]
    qkv = np.ascontiguousarray(np.concatenate([w[n + ".weight"] for n in parts]).T, dtype=np.float32)
    bias = np.concatenate([w[n + ".bias"] for n in parts]).astype(np.float32)
    hidden = qkv.shape[0]
    scale = np.float32(1 / math.sqrt(hidden // heads))
    qkv[:, :hidden] *= scale  # scaling the query once here saves a pass over every score matrix
    bias[:hidden] *= scale

    def t(name: str) -> np.ndarray:
        return np.ascontiguousarray(w[p + name + ".weight"].T, dtype=np.float32)

    def norm(name: str) -> tuple[np.ndarray, np.ndarray]:
        return _plain(w[p + name + ".weight"]), _plain(w[p + name + ".bias"])

    return _Layer(qkv, bias, t("attention.output.dense"), _plain(w[p + "attention.output.dense.bias"]),
                  norm("attention.output.LayerNorm"), t("intermediate.dense"), _plain(w[p + "intermediate.dense.bias"]),
                  t("output.dense"), _plain(w[p + "output.dense.bias"]), norm("output.LayerNorm"))


class NumpyE5:
    """Mean-pooled, normalised BERT embeddings from a sentence-transformers directory.

    Same weights, tokenizer and prompts as the sentence-transformers model, so its vectors
    agree with torch's to float32 rounding (tests/test_bench.py checks cosine > 0.99999).
    Several texts go through the dense layers as one stack of token rows (no padding: only
    attention needs to know where a text ends), which keeps the matrix products large.
    """

    def __init__(self, model_dir: Path) -> None:
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") != "bert" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"{model_dir} is not a BERT-layout model")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.max_tokens = int(config["max_position_embeddings"])
        self.w = _load_safetensors(model_dir / "model.safetensors")
        self.layers = [_pack(self.w, i, self.heads) for i in range(int(config["num_hidden_layers"]))]
        prompts = json.loads((model_dir / "config_sentence_transformers.json").read_text(encoding="utf-8"))
        self.prompts: dict[str, str] = prompts.get("prompts") or {}
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.no_padding()

    def ids(self, text: str, prompt: str | None = None) -> list[int]:
        return self.tokenizer.encode(self.prompts.get(prompt or "", "") + text).ids

    def embed(self, text: str, prompt: str | None = None) -> np.ndarray:
        return self.embed_many([text], prompt)[0]

    def embed_many(self, texts: list[str], prompt: str | None = None) -> np.ndarray:
        """One normalised vector per text, as a (len(texts), hidden) array."""
        seqs = [np.asarray(self.ids(t, prompt)) for t in texts]
        out, stack, rows = [], [], 0
        for seq in seqs:
            if stack and rows + len(seq) > STACK_ROWS:
                out.append(self._forward(stack))
                stack, rows = [], 0
            stack.append(seq)
            rows += len(seq)
        if stack:
            out.append(self._forward(stack))
        return np.concatenate(out) if out else np.zeros((0, self.w["embeddings.LayerNorm.weight"].shape[0]), np.float32)

    def _forward(self, seqs: list[np.ndarray]) -> np.ndarray:
        w = self.w
        bounds = np.cumsum([0] + [len(s) for s in seqs])
        positions = np.concatenate([np.arange(len(s)) for s in seqs])
        x = w["embeddings.word_embeddings.weight"][np.concatenate(seqs)] + w["embeddings.position_embeddings.weight"][
            positions] + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        hidden = x.shape[1]
        d = hidden // self.heads
        for layer in self.layers:
            qkv = x @ layer.qkv + layer.qkv_bias
            context = np.empty_like(x)
            for a, b in zip(bounds[:-1], bounds[1:], strict=True):
                q, k, v = qkv[a:b].reshape(b - a, 3, self.heads, d).transpose(1, 2, 0, 3)
                scores = q @ k.transpose(0, 2, 1)
                scores = np.exp(scores - scores.max(-1, keepdims=True))
                scores /= scores.sum(-1, keepdims=True)
                context[a:b] = (scores @ v).transpose(1, 0, 2).reshape(b - a, hidden)
            x = _layer_norm(context @ layer.out + layer.out_bias + x, *layer.norm1, self.eps)
            h = x @ layer.up + layer.up_bias
            h = 0.5 * h * (1.0 + _erf(h * _SQRT_HALF))
            x = _layer_norm(h @ layer.down + layer.down_bias + x, *layer.norm2, self.eps)
        pooled = np.add.reduceat(x, bounds[:-1], axis=0) / np.diff(bounds)[:, None]
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)
