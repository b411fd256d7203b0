"""Synthetic corpora for `kb bench`: the report's chunks many times over, with other places, figures and dates."""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from langchain_core.embeddings import Embeddings

from kb.index import sentences_of
from kb.ingest.chunk import Chunk
from kb.settings import PROJECT_ROOT

# Other ports and leagues of the northern border stand in for the report's own names (data, not code).
_NAMES = PROJECT_ROOT / "corpus" / "synthetic.names.json"
SWAPS: dict[str, list[str]] = json.loads(_NAMES.read_text(encoding="utf-8"))["swaps"]
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Noise per vector component: cosine about 0.96 to the chunk a copy was derived from,
# so copies crowd the real passages the way a shelf of similar reports would.
NOISE = 0.015


def _variant(k: int) -> Callable[[str], str]:
    """Rewrite text as the k-th copy: names swapped, figures scaled, years shifted, all the same way."""
    rng = random.Random(k)
    names = {old: rng.choice(new) for old, new in SWAPS.items()}
    scale, shift = rng.uniform(0.3, 3.0), rng.randint(-12, 3)

    def number(m: re.Match[str]) -> str:
        text = m.group()
        if m.end() - m.start() == 4 and text[:2] in {"19", "20"} and "." not in text:
            return str(int(text) + shift)
        decimals = len(text.split(".")[1]) if "." in text else 0
        value = round(float(text) * scale, decimals)
        return f"{value:.{decimals}f}" if decimals else str(max(1, int(value)))

    def rewrite(text: str) -> str:
        for old, new in names.items():
            text = text.replace(old, new)
        return _NUMBER.sub(number, text)

    return rewrite


def _copy(chunk: Chunk, k: int, rewrite: Callable[[str], str], ids: dict[str, str]) -> Chunk:
    # Rewrite sentence by sentence (and the gaps between) so the sentence spans stay exact.
    spans, parts, pos = [], [], 0
    for a, b in chunk.sentences:
        parts.append(rewrite(chunk.text[pos:a]))
        start = sum(map(len, parts))
        parts.append(rewrite(chunk.text[a:b]))
        spans.append((start, start + len(parts[-1])))
        pos = b
    parts.append(rewrite(chunk.text[pos:]))
    text = "".join(parts)
    return replace(chunk, chunk_id=ids[chunk.chunk_id], doc_id=f"{chunk.doc_id}~{k}", section=rewrite(chunk.section),
                   text=text, end=chunk.start + len(text), sentences=tuple(spans),
                   pair=ids.get(chunk.pair, "") if chunk.pair else "")


def synthetic_corpus(chunks: list[Chunk], size: int) -> tuple[list[Chunk], dict[str, str]]:
    """`size` chunks: the real ones, then copies; and each copy's embed text -> the real text it came from.

    Every chunk needs sentence spans (chunk_editions gives them) and keeps its pair within its copy.
    """
    out = list(chunks)[:size]
    origin = {t: t for t in [c.embed_text for c in chunks] + [s.embed_text for s in sentences_of(chunks)]}
    k = 0
    while len(out) < size:
        k += 1
        rewrite = _variant(k)
        ids = {c.chunk_id: hashlib.sha256(f"{k}\x1f{c.chunk_id}".encode()).hexdigest()[:16] for c in chunks}
        copies = [_copy(c, k, rewrite, ids) for c in chunks][: size - len(out)]
        kept = {c.chunk_id for c in copies}
        copies = [c if not c.pair or c.pair in kept else replace(c, pair="") for c in copies]  # a cut-off last copy
        for real, copy in zip(chunks, copies, strict=False):
            origin[copy.embed_text] = real.embed_text
            for s_real, s_copy in zip(sentences_of([real]), sentences_of([copy]), strict=True):
                origin[s_copy.embed_text] = s_real.embed_text
        out += copies
    return out, origin


class SyntheticEmbeddings(Embeddings):
    """Vectors for synthetic chunks without the model: the real text's vector plus seeded noise.

    Embedding 100 000 chunks (181 000 distinct texts with their sentences) with the real model
    would take about 8 hours on two cores; what the benchmark measures at that size is the
    store and the chain, which only need vectors that sit near the real ones.
    """

    def __init__(self, real: dict[str, list[float]], origin: dict[str, str], queries: Embeddings) -> None:
        self.real, self.origin, self.queries = real, origin, queries
        self.model_id = getattr(queries, "model_id", type(queries).__name__)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out = []
        for text in texts:
            base = np.asarray(self.real[self.origin[text]], dtype=np.float32)
            if self.origin[text] != text:
                seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
                base = base + np.random.default_rng(seed).normal(0, NOISE, base.shape).astype(np.float32)
            out.append((base / np.linalg.norm(base)).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.queries.embed_query(text)
