"""Ingest end to end: every report the corpus folder's specs name, cleaned, chunked, embedded and indexed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kb.ingest.chunk import Chunk
from kb.ingest.editions import BankQuestion, chunk_editions, load_alignment, load_bank, load_editions, load_statements
from kb.reports import ReportSpec, load_specs
from kb.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from kb.index import IndexStats


def report_chunks(settings: Settings, on_write: Callable[[Path], None] | None = None,
                  specs: list[ReportSpec] | None = None) -> list[Chunk]:
    """The chunks of every edition of every report; a cleaned original that changed is written back
    beside its extraction (the cleaned edition is what citations point into)."""
    chunks: list[Chunk] = []
    for spec in specs if specs is not None else load_specs(settings.corpus_dir):
        editions = load_editions(spec, settings.translations)
        raw, doc = editions[0].raw, editions[0].doc
        if raw and (not raw.clean_path.is_file() or raw.clean_path.read_text(encoding="utf-8") != doc.text):
            raw.clean_path.write_text(doc.text, encoding="utf-8")
            if on_write:
                on_write(raw.clean_path)
        chunks += chunk_editions(editions, settings.chunk_size, load_alignment(spec), load_statements(spec))
    return chunks


def ingest(settings: Settings, embeddings: Embeddings | None = None, progress: bool = False,
           on_write: Callable[[Path], None] | None = None) -> IndexStats:
    """Index every report of the corpus folder and make the new index the one that answers."""
    from kb.embed import make_embeddings
    from kb.index import build_index

    specs = load_specs(settings.corpus_dir)
    chunks = report_chunks(settings, on_write, specs)
    bank: list[BankQuestion] = [q for spec in specs for q in load_bank(spec)]
    return build_index(chunks, embeddings or make_embeddings(settings), settings, progress=progress, bank=bank)
