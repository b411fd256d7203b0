"""Ingest: load each report its spec names, clean it into editions with structure, cut them into chunks."""

from kb.ingest.chunk import Chunk, chunk_document
from kb.ingest.clean import Block, CleanDocument, Repair, clean, load_errata
from kb.ingest.editions import AlignedSentence, Edition, chunk_editions, load_alignment, load_editions
from kb.ingest.load import RawDocument, load_corpus
from kb.ingest.pipeline import ingest, report_chunks

__all__ = [
    "AlignedSentence", "Block", "Chunk", "CleanDocument", "Edition", "RawDocument", "Repair",
    "chunk_document", "chunk_editions", "clean", "ingest", "load_alignment", "load_corpus", "load_editions",
    "load_errata", "report_chunks",
]
