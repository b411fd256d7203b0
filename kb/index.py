"""Index: embed chunks and store them in Chroma, switching collections only when complete."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import chromadb
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from kb.embed import model_id
from kb.ingest.chunk import Chunk, split_sentences
from kb.settings import Settings

log = logging.getLogger(__name__)

PREFIX = "bridgehead_"
SENTENCES = "__sentences"  # suffix: per-sentence vectors that pick the answering sentence
REGISTRY = "bridgehead__registry"  # its metadata names the collection that answers
BATCH = 64


class IndexError_(RuntimeError):
    """No usable index: nothing ingested yet, or the store cannot be opened."""


@dataclass(frozen=True)
class IndexStats:
    collection: str
    chunks: int
    embedded: int  # distinct texts of passages and sentences new to this model
    reused: int  # vectors carried over from the previous index
    seconds: float
    unchanged: bool


def open_client(settings: Settings) -> chromadb.ClientAPI:
    """The Chroma store: a `chroma run` server when KB_CHROMA_URL is set, else files under the data dir."""
    chroma_settings = chromadb.config.Settings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlsplit(settings.chroma_url)
        if url.scheme not in {"http", "https"} or not url.hostname:
            raise IndexError_(f"KB_CHROMA_URL={settings.chroma_url!r}: expected http://host:port")
        ssl = url.scheme == "https"
        try:
            return chromadb.HttpClient(host=url.hostname, port=url.port or (443 if ssl else 8000), ssl=ssl,
                                       settings=chroma_settings)
        except Exception as exc:  # connection refused, timeout, wrong service: one clear message
            raise IndexError_(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def _registry(client: chromadb.ClientAPI) -> chromadb.Collection:
    try:
        return client.get_collection(REGISTRY, embedding_function=None)
    except Exception:
        # Created once; never get_or_create with metadata, which could reset the pointer.
        return client.create_collection(REGISTRY, metadata={"active": "none"}, embedding_function=None)


def active_collection(client: chromadb.ClientAPI) -> tuple[str, dict]:
    """The name and metadata of the collection that answers questions."""
    meta = _registry(client).metadata or {}
    name = str(meta.get("active") or "")
    if name in {"", "none"}:
        raise IndexError_("no index yet: run `kb ingest` first")
    try:
        col = client.get_collection(name)
    except Exception as exc:
        raise IndexError_(f"the active index {name!r} is missing from the store: run `kb ingest`") from exc
    return name, dict(col.metadata or {})


@dataclass(frozen=True)
class Sentence:
    sentence_id: str  # "<chunk_id>:<n>"
    chunk_id: str
    start: int  # offsets within the chunk text
    end: int
    embed_text: str


def sentences_of(chunks: list[Chunk]) -> list[Sentence]:
    out = []
    for c in chunks:
        for n, (a, b) in enumerate(c.sentences or split_sentences(c.text)):
            text = c.text[a:b]
            out.append(Sentence(f"{c.chunk_id}:{n}", c.chunk_id, a, b, f"{c.section}\n{text}" if c.section else text))
    return out


def _metadata(chunk: Chunk) -> dict:
    return {
        "doc_id": chunk.doc_id, "section": chunk.section, "start": chunk.start, "end": chunk.end,
        "block_ids": ",".join(chunk.block_ids), "kind": chunk.kind, "lang": chunk.lang, "pair": chunk.pair,
    }


def _batched(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def build_index(
    chunks: list[Chunk], embeddings: Embeddings, settings: Settings, progress: bool = True
) -> IndexStats:
    """Write `chunks` to a fresh collection and make it the active one.

    Embeddings of chunks whose content hash is already in the active index (for
    the same model) are copied, not recomputed. Until the final switch the
    previous collection keeps answering; a crash leaves it in place.
    """
    started = time.perf_counter()
    client = open_client(settings)
    mid = model_id(embeddings)
    ids = [c.chunk_id for c in chunks]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate chunk ids: two chunks have the same section and text")

    sentences = sentences_of(chunks)
    previous: dict[str, list[float]] = {}
    try:
        old_name, old_meta = active_collection(client)
        if old_meta.get("model") == mid:
            previous = _stored_vectors(client, old_name, ids) | _stored_vectors(
                client, old_name + SENTENCES, [s.sentence_id for s in sentences]
            )
            wanted = ids + [x.sentence_id for x in sentences]
            if all(i in previous for i in wanted) and client.get_collection(old_name).count() == len(ids):
                return IndexStats(old_name, len(ids), 0, len(ids), time.perf_counter() - started, True)
    except IndexError_:
        pass

    name = f"{PREFIX}{time.strftime('%Y%m%d%H%M%S')}_{int(time.time() * 1000) % 1000:03d}"
    meta = {"model": mid, "chunks": len(chunks), "chunk_size": settings.chunk_size,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    col = client.create_collection(name, configuration={"hnsw": {"space": "cosine"}}, metadata=meta,
                                   embedding_function=None)
    scol = client.create_collection(name + SENTENCES, configuration={"hnsw": {"space": "cosine"}},
                                    metadata=meta, embedding_function=None)
    units = [(c.chunk_id, c.embed_text) for c in chunks] + [(s.sentence_id, s.embed_text) for s in sentences]
    todo = [(i, t) for i, t in units if i not in previous]
    vectors = {i: previous[i] for i, _ in units if i in previous}
    # A text that occurs twice (a one-sentence passage is also its sentence) is embedded once;
    # sorted by length, a batch pads little (torch) and its threads finish together (numpy).
    texts = sorted({t for _, t in todo}, key=len)
    by_text: dict[str, list[float]] = {}
    bar = tqdm(total=len(texts), desc="embedding passages and sentences", unit="text",
               disable=not progress or not texts)
    for batch in _batched(texts, BATCH):
        by_text.update(zip(batch, embeddings.embed_documents(batch), strict=True))
        bar.update(len(batch))
    bar.close()
    for uid, text in todo:
        vectors[uid] = by_text[text]
    for batch in _batched(chunks, 1000):
        col.add(
            ids=[c.chunk_id for c in batch],
            embeddings=[vectors[c.chunk_id] for c in batch],
            documents=[c.text for c in batch],
            metadatas=[_metadata(c) for c in batch],
        )
    for batch in _batched(sentences, 1000):
        scol.add(
            ids=[s.sentence_id for s in batch],
            embeddings=[vectors[s.sentence_id] for s in batch],
            metadatas=[{"chunk_id": s.chunk_id, "start": s.start, "end": s.end} for s in batch],
        )
    if col.count() != len(chunks) or scol.count() != len(sentences):
        raise IndexError_("the new index is incomplete; the previous one keeps answering")

    # The switch: one metadata write. Everything before it can fail harmlessly.
    _registry(client).modify(metadata={"active": name})
    for other in client.list_collections():
        other_name = other if isinstance(other, str) else other.name
        if other_name.startswith(PREFIX) and other_name not in {name, name + SENTENCES, REGISTRY}:
            client.delete_collection(other_name)
    return IndexStats(name, len(chunks), len(texts), len(units) - len(todo), time.perf_counter() - started, False)


def _stored_vectors(client: chromadb.ClientAPI, collection: str, ids: list[str]) -> dict[str, list[float]]:
    try:
        got = client.get_collection(collection).get(ids=ids, include=["embeddings"])
    except Exception:
        return {}
    return {i: list(e) for i, e in zip(got["ids"], got["embeddings"], strict=True)}


def open_store(settings: Settings, embeddings: Embeddings) -> tuple[Chroma, chromadb.Collection]:
    """The active passages as a LangChain vector store, and the sentence vectors beside them."""
    client = open_client(settings)
    name, meta = active_collection(client)
    mid = model_id(embeddings)
    if meta.get("model") and meta["model"] != mid:
        raise IndexError_(
            f"the index was built with {meta['model']} but the configured model is {mid}: run `kb ingest` again"
        )
    store = Chroma(client=client, collection_name=name, embedding_function=embeddings)
    return store, client.get_collection(name + SENTENCES, embedding_function=None)


def chunk_from_document(doc: Document, chunk_id: str) -> Chunk:
    m = doc.metadata
    return Chunk(
        chunk_id, m["doc_id"], m["section"], doc.page_content, int(m["start"]), int(m["end"]),
        tuple(filter(None, str(m.get("block_ids", "")).split(","))), m.get("kind", "paragraph"),
        m.get("lang", "zh"),
    )
