"""Editions: the cleaned Chinese report and its translations, aligned block by block."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from kb.ingest.chunk import Chunk, Splitter, aligned_splitter, chunk_document, split_sentences
from kb.ingest.clean import CleanDocument, clean, load_errata, parse_edition
from kb.ingest.load import CorpusError, RawDocument, load_corpus


@dataclass(frozen=True)
class AlignedSentence:
    block_id: str
    n: int
    zh: str
    mn: str


@dataclass(frozen=True)
class Edition:
    doc: CleanDocument
    lang: str  # "zh" for the report itself, "mn" for its Mongolian translation
    split: Splitter
    raw: RawDocument | None = None  # the extraction a Chinese edition was cleaned from



def load_alignment(corpus_dir: Path, base: str = "report") -> list[AlignedSentence]:
    path = corpus_dir / f"{base}.align.jsonl"
    if not path.is_file():
        return []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                r = json.loads(line)
                rows.append(AlignedSentence(r["block_id"], int(r["n"]), r["zh"], r["mn"]))
            except (KeyError, ValueError) as exc:
                raise CorpusError(f"{path}:{n}: {exc}") from exc
    return rows


def load_editions(corpus_dir: Path, translations: bool = True) -> list[Edition]:
    """The cleaned report, then (unless told not to) each `<base>.<lang>.md` translation of it."""
    editions = []
    for raw in load_corpus(corpus_dir):
        doc = clean(raw.text, load_errata(raw.errata_path), raw.doc_id)
        editions.append(Edition(doc, "zh", split_sentences, raw))
        base = raw.doc_id.rsplit(".", 1)[0]
        for path in sorted(corpus_dir.glob(f"{base}.*.md")) if translations else []:
            lang = path.name[len(base) + 1 : -3]
            if lang == "zh":
                continue
            text = path.read_text(encoding="utf-8")
            blocks = parse_edition(text)
            if [(b.block_id, b.kind) for b in blocks] != [(b.block_id, b.kind) for b in doc.blocks]:
                raise CorpusError(f"{path} does not have the same headings and paragraphs as {raw.clean_path.name}")
            aligned = [a.mn for a in load_alignment(corpus_dir, base)]
            editions.append(Edition(CleanDocument(f"{base}.{lang}", text, blocks), lang, aligned_splitter(aligned)))
    return editions


def chunk_editions(editions: list[Edition], chunk_size: int, alignment: list[AlignedSentence]) -> list[Chunk]:
    """Chunks of every edition; a translation is cut where its original is, so passages pair up."""
    chunks: list[Chunk] = []
    originals: list[Chunk] = []
    for ed in editions:
        if ed.lang == "zh":
            originals = chunk_document(ed.doc, chunk_size, ed.lang, ed.split)
            chunks += originals
        else:
            chunks += _paired_chunks(ed, originals, alignment)
    by_id = {c.chunk_id: c for c in chunks}
    # Point each original at its translation too.
    for c in list(by_id.values()):
        if c.pair and c.pair in by_id and not by_id[c.pair].pair:
            by_id[c.pair] = replace(by_id[c.pair], pair=c.chunk_id)
    return [by_id[c.chunk_id] for c in chunks]


def _paired_chunks(ed: Edition, originals: list[Chunk], alignment: list[AlignedSentence]) -> list[Chunk]:
    to_mn = {(a.block_id, a.zh): a.mn for a in alignment}
    blocks = {b.block_id: b for b in ed.doc.blocks}
    out = []
    for orig in originals:
        spans = []
        for a, b in orig.sentences:
            zh = orig.text[a:b]
            for block_id in orig.block_ids:
                mn = to_mn.get((block_id, zh))
                block = blocks[block_id]
                pos = block.text.find(mn) if mn else -1
                if pos >= 0:
                    spans.append((block.start + pos, block.start + pos + len(mn)))
                    break
        if not spans:
            raise CorpusError(f"no aligned {ed.lang} sentence for the passage {orig.text[:30]!r}")
        start, end = spans[0][0], spans[-1][1]
        text = ed.doc.text[start:end]
        digest = hashlib.sha256(f"{ed.doc.doc_id}\x1f{orig.section}\x1f{text}".encode()).hexdigest()[:16]
        section = next((b.section for b in ed.doc.blocks if b.block_id == orig.block_ids[0]), "")
        inner = tuple((x - start, y - start) for x, y in spans)
        out.append(Chunk(digest, ed.doc.doc_id, section, text, start, end, orig.block_ids, orig.kind, ed.lang, inner,
                         pair=orig.chunk_id))
    return out
