"""Index: embed chunks and store them in Chroma, switching collections only when complete."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import chromadb
import numpy as np
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from kb.embed import model_id
from kb.embedcache import EmbeddingCache
from kb.embedcache import location as cache_location
from kb.embedseed import Seed, seed_path
from kb.errors import BridgeheadError
from kb.ingest.chunk import Chunk, split_sentences
from kb.ingest.editions import BankQuestion
from kb.retrieval.bankvectors import BankVectors
from kb.retrieval.bankvectors import cache_file as bank_cache_file
from kb.settings import Settings
from kb.types import Passage

log = logging.getLogger(__name__)

PREFIX = "bridgehead_"
# An index <name> is one passage collection per edition, <name>__zh and <name>__mn, so a
# question searches its edition's HNSW graph with no metadata filter (a filter costs 0.6 s at
# 100 000 chunks), and <name>__sentences: per-sentence vectors that pick the answering sentence,
# looked up by id (<chunk id>:<n>). The sentence collection carries the index's metadata.
SENTENCES = "__sentences"
# <name>__bank: the question bank's questions, embedded as queries, each pointing at the sentence it asks about.
BANK = "__bank"
REGISTRY = "bridgehead__registry"  # its metadata names the index that answers
LAYOUT = 5  # bumped when the collections change shape: an older index must be rebuilt (5: the question bank)
# Bumped when what is embedded for an id changes (2: a sentence as its standalone statement): vectors of an
# index built otherwise are not reused, though their ids are the same.
RECIPE = 2
BATCH = 64
REGISTRY_LOCK = threading.Lock()  # this process's writes to the registry's metadata, one at a time


class IndexError_(BridgeheadError, RuntimeError):
    """No usable index: nothing ingested yet, or the store cannot be opened."""


@dataclass(frozen=True)
class IndexStats:
    collection: str
    chunks: int
    embedded: int  # distinct texts of passages and sentences new to this model
    reused: int  # vectors carried over from the previous index
    seconds: float
    unchanged: bool
    seeded: int = 0  # of the reused, read from the vectors shipped beside the corpus (kb/embedseed.py)


def open_client(settings: Settings, pin: bool = False) -> chromadb.ClientAPI:
    """The Chroma store: a `chroma run` server when KB_CHROMA_URL is set, else files under the data dir
    (with `pin`, a private copy of them: kb/store.py)."""
    chroma_settings = chromadb.config.Settings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlsplit(settings.chroma_url)
        if url.scheme not in {"http", "https"} or not url.hostname:
            raise IndexError_(f"KB_CHROMA_URL={settings.chroma_url!r}: expected http://host:port")
        ssl = url.scheme == "https"
        headers = {"Authorization": f"Bearer {settings.chroma_token}"} if settings.chroma_token else None
        try:
            client = chromadb.HttpClient(host=url.hostname, port=url.port or (443 if ssl else 8000), ssl=ssl,
                                         headers=headers, settings=chroma_settings)
            client.list_collections(limit=1)  # the heartbeat is public: this is what a wrong token fails
            return client
        except Exception as exc:  # connection refused, timeout, wrong service, refused token: one clear message
            hint = "" if settings.chroma_token else " (if it needs a token, set KB_CHROMA_TOKEN)"
            reason = str(exc) or _http_status(exc) or type(exc).__name__
            raise IndexError_(f"cannot use the Chroma server at {settings.chroma_url}: {reason}{hint}") from exc
    from kb.store import local_client  # read-only snapshots, a damaged or replaced store: see kb/store.py

    return local_client(settings, chroma_settings, pin)


def _http_status(exc: BaseException) -> str:
    """"HTTP 401" from an httpx error somewhere in the chain (Chroma re-raises a bodiless refusal blank)."""
    while exc is not None:
        response = getattr(exc, "response", None)
        if getattr(response, "status_code", None):
            return f"HTTP {response.status_code}"
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return ""


def _registry(client: chromadb.ClientAPI) -> chromadb.Collection:
    try:
        return client.get_collection(REGISTRY, embedding_function=None)
    except Exception:
        # Created once; never get_or_create with metadata, which could reset the pointer.
        return client.create_collection(REGISTRY, metadata={"active": "none"}, embedding_function=None)


def passages_name(index: str, edition: str) -> str:
    return f"{index}__{edition}"


def active_collection(client: chromadb.ClientAPI) -> tuple[str, dict]:
    """The name and metadata of the index that answers questions."""
    meta = _registry(client).metadata or {}
    name = str(meta.get("active") or "")
    if name in {"", "none"}:
        raise IndexError_("no index yet: run `kb ingest` first")
    try:
        col = client.get_collection(name + SENTENCES)
    except Exception as exc:
        raise IndexError_(f"the active index {name!r} is missing from the store: run `kb ingest`") from exc
    meta = dict(col.metadata or {})
    if meta.get("layout") != LAYOUT:
        raise IndexError_(f"the index {name!r} was built by an older Bridgehead: run `kb ingest` again")
    return name, meta


def editions_of(meta: dict) -> list[str]:
    return [e for e in str(meta.get("editions", "")).split(",") if e]


@dataclass(frozen=True)
class SentenceUnit:
    """A sentence as the index stores it: its own vector, its span in its chunk, its original's text."""

    sentence_id: str  # "<chunk_id>:<n>"
    chunk_id: str
    start: int  # offsets within the chunk text
    end: int
    embed_text: str
    original: str = ""  # for a translation: the sentence of the original it translates
    statement: str = ""  # the sentence restated to stand alone
    ref: str = ""  # "<report>:<block>:<n>": where the sentence stands in the report, in every edition


def sentences_of(chunks: list[Chunk]) -> list[SentenceUnit]:
    out = []
    for c in chunks:
        for n, (a, b) in enumerate(c.sentences or split_sentences(c.text)):
            text = c.text[a:b]
            original = c.originals[n] if n < len(c.originals) else ""
            statement = c.statements[n] if n < len(c.statements) else ""
            # Embedded as it stands alone: "其中，…1964.1万吨" is a fragment whose vector misses the period and
            # the port its statement names (the league's total sentence was nearer to Erenhot questions).
            said = statement or text
            out.append(SentenceUnit(f"{c.chunk_id}:{n}", c.chunk_id, a, b,
                                    f"{c.section}\n{said}" if c.section else said, original, statement,
                                    c.refs[n] if n < len(c.refs) else ""))
    return out


def _metadata(chunk: Chunk) -> dict:
    return {
        "doc_id": chunk.doc_id, "section": chunk.section, "start": chunk.start, "end": chunk.end,
        "block_ids": ",".join(chunk.block_ids), "kind": chunk.kind, "lang": chunk.lang, "pair": chunk.pair,
        "n_sentences": len(chunk.sentences or split_sentences(chunk.text)),
    }


def _batched(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def embed_queries(embeddings: Embeddings, texts: list[str]) -> list[list[float]]:
    """Texts embedded as questions are (the bank's questions meet the asker's question on the same side)."""
    batch = getattr(embeddings, "embed_queries", None)
    return batch(texts) if batch else [embeddings.embed_query(t) for t in texts]


def build_index(
    chunks: list[Chunk], embeddings: Embeddings, settings: Settings, progress: bool = True,
    bank: Sequence[BankQuestion] = (),
) -> IndexStats:
    """Write `chunks` to a fresh collection and make it the active one.

    Embeddings of chunks whose content hash is already in the active index (for
    the same model) are copied, not recomputed. Until the final switch the
    previous collection keeps answering; a crash leaves it in place. One ingest
    runs at a time, and a failed one removes what it made (kb/ingestlock.py).
    """
    from kb.ingestlock import guarded

    client = open_client(settings)
    with guarded(client, settings):
        return _build(client, chunks, embeddings, settings, progress, bank)


def _build(client: chromadb.ClientAPI, chunks: list[Chunk], embeddings: Embeddings, settings: Settings,
           progress: bool, bank: Sequence[BankQuestion]) -> IndexStats:
    started = time.perf_counter()
    mid = model_id(embeddings)
    ids = [c.chunk_id for c in chunks]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate chunk ids: two chunks have the same section and text")

    sentences = sentences_of(chunks)
    # What the passages carry besides their text (section, pair, offsets) may change with the same text.
    carried = [(c.chunk_id, _metadata(c), c.originals, c.statements, c.refs) for c in chunks] + [q.id for q in bank]
    digest = hashlib.sha256(json.dumps(carried, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    previous: dict[str, list[float]] = {}
    old_name = ""
    try:
        old_name, old_meta = active_collection(client)
        if old_meta.get("model") == mid and old_meta.get("recipe", 1) == RECIPE:
            previous = stored_vectors(client, old_name, ids, [s.sentence_id for s in sentences], [q.id for q in bank])
            wanted = ids + [x.sentence_id for x in sentences] + [q.id for q in bank]
            if all(i in previous for i in wanted) and old_meta.get("digest") == digest:
                return IndexStats(old_name, len(ids), 0, len(ids), time.perf_counter() - started, True)
    except IndexError_:
        pass

    name = f"{PREFIX}{time.strftime('%Y%m%d%H%M%S')}_{int(time.time() * 1000) % 1000:03d}"
    # Originals first: an edition whose chunks translate nothing.
    translated = {c.lang for c in chunks if c.originals}
    editions = sorted({c.lang for c in chunks}, key=lambda e: (e in translated, e))
    meta = {"model": mid, "recipe": RECIPE, "chunks": len(chunks), "chunk_size": settings.chunk_size, "layout": LAYOUT,
            "digest": digest, "editions": ",".join(editions),
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    cols = {e: client.create_collection(passages_name(name, e), configuration={"hnsw": {"space": "cosine"}},
                                        metadata=meta, embedding_function=None) for e in editions}
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
    seed = Seed(seed_path(settings, mid), mid)
    cached = EmbeddingCache(cache_location(settings), mid, "passage", seed)
    for batch in _batched(texts, BATCH):
        by_text.update(zip(batch, cached.embed(batch, embeddings.embed_documents), strict=True))
        bar.update(len(batch))
    bar.close()
    for uid, text in todo:
        vectors[uid] = by_text[text]
    asked = [q for q in bank if q.id not in previous]
    # All at once, not BATCH at a time: the engine sorts the whole set by length, so runs pad little.
    questions = sorted({q.question for q in asked}, key=len)
    asked_cache = EmbeddingCache(cache_location(settings), mid, "query", seed)
    by_question = dict(zip(questions, asked_cache.embed(questions, lambda ts: embed_queries(embeddings, ts)),
                           strict=True))
    vectors.update((q.id, by_question[q.question]) for q in asked)
    vectors |= {q.id: previous[q.id] for q in bank if q.id in previous}
    bcol = client.create_collection(name + BANK, configuration={"hnsw": {"space": "cosine"}}, metadata=meta,
                                    embedding_function=None)
    unique = list({q.id: q for q in bank}.values())
    for batch in _batched(unique, 1000):
        bcol.add(ids=[q.id for q in batch], embeddings=[vectors[q.id] for q in batch],
                 metadatas=[{"ref": q.ref, "lang": q.lang, "answerable": q.answerable} for q in batch])
    for edition, col in cols.items():
        for batch in _batched([c for c in chunks if c.lang == edition], 1000):
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
            metadatas=[{"chunk_id": s.chunk_id, "start": s.start, "end": s.end, "original": s.original,
                        "statement": s.statement, "ref": s.ref} for s in batch],
        )
    if sum(col.count() for col in cols.values()) != len(chunks) or scol.count() != len(sentences) \
            or bcol.count() != len(unique):
        raise IndexError_("the new index is incomplete; the previous one keeps answering")

    if unique:  # what the first start would read back from Chroma (0.3 s for 4 704 questions), kept now
        matrix = np.asarray([vectors[q.id] for q in unique], dtype=np.float32)
        metas = [{"ref": q.ref, "lang": q.lang, "answerable": q.answerable} for q in unique]
        BankVectors([q.id for q in unique], metas, matrix).keep(bank_cache_file(settings.data_dir, name), name + BANK)

    # The switch: one metadata write. Everything before it can fail harmlessly.
    with REGISTRY_LOCK:  # other keys (an ingest's lease) stay: Chroma replaces metadata whole
        _registry(client).modify(metadata={**(_registry(client).metadata or {}), "active": name})
    # The index it replaced stays one generation: replicas still answering from it (until they
    # notice the switch, KB_RELOAD_SECONDS) must not lose it mid-question. Older ones go.
    keep = tuple(f"{n}__" for n in (name, old_name) if n)
    for other in client.list_collections():
        other_name = other if isinstance(other, str) else other.name
        if other_name.startswith(PREFIX) and other_name != REGISTRY and not other_name.startswith(keep):
            client.delete_collection(other_name)
    hits = cached.hits + asked_cache.hits  # vectors the cache held: reused, not embedded
    return IndexStats(name, len(chunks), len(texts) + len(questions) - hits,
                      len(units) - len(todo) + len(bank) - len(asked) + hits, time.perf_counter() - started, False,
                      cached.seeded + asked_cache.seeded)


def _vectors(client: chromadb.ClientAPI, collection: str, ids: list[str]) -> dict[str, list[float]]:
    try:
        got = client.get_collection(collection).get(ids=ids, include=["embeddings"])
    except Exception as exc:  # a missing or damaged old collection: embed anew, but say so
        log.warning("cannot reuse the vectors of %s (%s); they will be embedded again", collection, exc)
        return {}
    return {i: list(e) for i, e in zip(got["ids"], got["embeddings"], strict=True)}


def stored_vectors(client: chromadb.ClientAPI, index: str, chunk_ids: list[str],
                   sentence_ids: list[str], bank_ids: list[str] | None = None) -> dict[str, list[float]]:
    """The vectors an index holds for these passages, sentences and bank questions, by id."""
    meta = client.get_collection(index + SENTENCES).metadata or {}
    found: dict[str, list[float]] = {}
    for edition in editions_of(meta):
        found |= _vectors(client, passages_name(index, edition), chunk_ids)
    found |= _vectors(client, index + SENTENCES, sentence_ids)
    return found | (_vectors(client, index + BANK, bank_ids) if bank_ids else {})


class LRU:
    """A bounded map that forgets its least recently used entries; safe to share between request threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[object, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: object) -> object | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def remember(self, key: object, value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@dataclass
class Store:
    """The active index opened for answering: a LangChain vector store per edition, the sentence vectors."""

    name: str
    editions: dict[str, Chroma]
    sentences: chromadb.Collection
    bank: chromadb.Collection | None = None
    pinned: Path | None = None  # the private copy it reads from, when opened with `pin` (kb/store.py)
    # An index never changes once built (a re-ingest makes a new one), so what was read stays true;
    # a Chroma read by id costs about 2 ms, several per question.
    _cache: LRU = field(default_factory=lambda: LRU(4096))

    def get(self, ids: list[str]) -> dict[str, Passage]:
        """Passages by id, from whichever edition holds them."""
        found = {i: hit for i in ids if (hit := self._cache.get(i)) is not None}
        for edition, store in self.editions.items():
            wanted = [i for i in ids if i not in found]
            if not wanted:
                break
            got = store.get(ids=wanted, include=["documents", "metadatas"])
            found |= {i: passage(i, d, m, edition)
                      for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)}
        for i in ids:
            if i in found:
                self._cache.remember(i, found[i])
        return found


def passage(chunk_id: str, text: str, meta: dict, edition: str = "") -> Passage:
    """A stored passage as the stages pass it on (scores and sentences come from retrieval)."""
    return Passage(
        id=chunk_id, text=text, section=meta.get("section", ""), doc_id=meta.get("doc_id", ""),
        start=int(meta.get("start", 0)), end=int(meta.get("end", 0)), kind=meta.get("kind", "paragraph"),
        edition=meta.get("lang", edition), pair=meta.get("pair", ""),
        block_ids=tuple(b for b in str(meta.get("block_ids", "")).split(",") if b),
    )


def open_store(settings: Settings, embeddings: Embeddings, pin: bool = False) -> Store:
    """The active index, checked against the configured model."""
    client = open_client(settings, pin)
    name, meta = active_collection(client)
    mid = model_id(embeddings)
    if meta.get("model") and meta["model"] != mid:
        raise IndexError_(
            f"the index was built with {meta['model']} but the configured model is {mid}: run `kb ingest` again"
        )
    stores = {e: Chroma(client=client, collection_name=passages_name(name, e), embedding_function=embeddings)
              for e in editions_of(meta)}
    copy = Path(client.get_settings().persist_directory) if pin and not settings.chroma_url else None
    return Store(name, stores, client.get_collection(name + SENTENCES, embedding_function=None),
                 client.get_collection(name + BANK, embedding_function=None), pinned=copy)
