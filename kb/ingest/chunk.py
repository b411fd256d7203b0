"""Chunk: cut a cleaned edition into passages that end on sentence boundaries."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kb.ingest.clean import Block, CleanDocument

# A sentence ends at 。！？； (or ……), plus any closing quote or bracket after it.
_SENTENCE = re.compile(r"[^。！？；…]*(?:……|[。！？；]|$)[”’）」』]*")
# A paragraph this short (the one-line section openers) is joined to the next one.
MIN_CHUNK = 40


@dataclass(frozen=True)
class Chunk:
    """A passage of the edition: what gets embedded, retrieved and cited."""

    chunk_id: str  # content hash: unchanged text keeps its id and its embedding
    doc_id: str
    section: str
    text: str  # exactly edition[start:end]
    start: int
    end: int
    block_ids: tuple[str, ...]
    kind: str  # "paragraph" or "caption"
    lang: str = ""  # the edition it belongs to (its language pack's name)
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans within `text`
    pair: str = ""  # id of the same passage in the other edition (translation <-> original)
    originals: tuple[str, ...] = ()  # a translation's: the original sentence each of its sentences translates
    statements: tuple[str, ...] = ()  # each sentence restated to stand alone, where the report's data has it
    refs: tuple[str, ...] = ()  # each sentence as "<report>:<block>:<n>" of the original: what bank questions point at

    @property
    def embed_text(self) -> str:
        # The heading tells the model what a bare figure is about.
        return f"{self.section}\n{self.text}" if self.section else self.text


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`, whitespace trimmed."""
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _units(blocks: list[Block]) -> Iterator[list[Block]]:
    """Group blocks into chunkable units: short paragraphs join the next in their section."""
    pending: list[Block] = []
    for block in blocks:
        if block.kind in {"title", "heading"}:
            if pending:
                yield pending
            pending = []
            continue
        if block.kind == "caption":
            yield [block]
            continue
        pending.append(block)
        if sum(len(b.text) for b in pending) >= MIN_CHUNK:
            yield pending
            pending = []
    if pending:
        yield pending


Splitter = Callable[[str], list[tuple[int, int]]]


def aligned_splitter(sentences: list[str]) -> Splitter:
    """Split a translation at the sentences it was aligned by (its punctuation is not the source's)."""
    known = sorted(set(sentences), key=len, reverse=True)

    def split(text: str) -> list[tuple[int, int]]:
        spans, i = [], 0
        while i < len(text):
            while i < len(text) and text[i].isspace():
                i += 1
            if i >= len(text):
                break
            hit = next((s for s in known if text.startswith(s, i)), None)
            if hit is None:  # not an aligned sentence: up to the next line break
                end = text.find("\n", i)
                hit = text[i : len(text) if end < 0 else end]
            spans.append((i, i + len(hit)))
            i += len(hit)
        return spans

    return split


def chunk_document(
    doc: CleanDocument, chunk_size: int = 320, lang: str = "", split: Splitter = split_sentences
) -> list[Chunk]:
    """Pack whole sentences into chunks of at most `chunk_size` characters.

    A sentence longer than `chunk_size` becomes a chunk of its own; chunks
    never cross a section heading.
    """
    if chunk_size < 20:
        raise ValueError("chunk_size must be at least 20 characters")
    chunks: list[Chunk] = []
    for unit in _units(doc.blocks):
        start, end = unit[0].start, unit[-1].end
        span_text = doc.text[start:end]
        pieces: list[tuple[int, int]] = []
        spans = split(span_text)
        for s, e in spans:
            if pieces and e - pieces[-1][0] <= chunk_size:
                pieces[-1] = (pieces[-1][0], e)
            else:
                pieces.append((s, e))
        for s, e in pieces:
            a, b = start + s, start + e
            ids = tuple(blk.block_id for blk in unit if blk.start < b and blk.end > a)
            text = doc.text[a:b]
            digest = hashlib.sha256(f"{doc.doc_id}\x1f{unit[0].section}\x1f{text}".encode()).hexdigest()
            inner = tuple((x - s, y - s) for x, y in spans if x >= s and y <= e)
            chunks.append(Chunk(digest[:16], doc.doc_id, unit[0].section, text, a, b, ids, unit[0].kind, lang, inner))
    return chunks
