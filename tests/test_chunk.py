"""Chunks: sentence boundaries, offsets, stable ids, sizes."""

from __future__ import annotations

from kb.ingest.chunk import chunk_document, split_sentences
from kb.settings import Settings


def test_chunks_are_slices_of_the_edition_ending_on_sentences(report):
    _, doc, chunks = report
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert c.text[-1] in "。！？；”）…", c.text


def test_every_sentence_is_in_exactly_one_chunk(report):
    _, doc, chunks = report
    for block in doc.blocks:
        if block.kind not in {"paragraph", "caption"}:
            continue
        for s, e in split_sentences(block.text):
            a, b = block.start + s, block.start + e
            holders = [c for c in chunks if c.start <= a and b <= c.end]
            assert len(holders) == 1, doc.text[a:b]


def test_chunk_size_is_respected_unless_one_sentence_is_longer(report):
    _, doc, _ = report
    for size in (120, 220, 400):
        for c in chunk_document(doc, size):
            assert len(c.text) <= size or len(split_sentences(c.text)) == 1


def test_ids_are_stable_and_follow_content(report):
    _, doc, chunks = report
    again = chunk_document(doc, Settings().chunk_size)
    assert [c.chunk_id for c in again] == [c.chunk_id for c in chunks]
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    assert {c.chunk_id for c in chunk_document(doc, 150)} != {c.chunk_id for c in chunks}


def test_sentence_splitter_keeps_closing_quotes():
    text = "他说“好。”然后走了；最后一句"
    assert [text[a:b] for a, b in split_sentences(text)] == ["他说“好。”", "然后走了；", "最后一句"]
