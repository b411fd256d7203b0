"""Ingest: load the report, clean it into an edition with structure, cut it into chunks."""

from kb.ingest.chunk import Chunk, chunk_document
from kb.ingest.clean import Block, CleanDocument, Repair, clean, load_errata
from kb.ingest.load import RawDocument, load_corpus

__all__ = [
    "Block", "Chunk", "CleanDocument", "RawDocument", "Repair",
    "chunk_document", "clean", "load_corpus", "load_errata",
]
