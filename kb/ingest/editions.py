"""Editions: a report's cleaned original and its translations, aligned sentence by sentence, as its spec says."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace

from kb.ingest.chunk import Chunk, Splitter, aligned_splitter, chunk_document, split_sentences
from kb.ingest.clean import CleanDocument, clean, load_errata, parse_edition
from kb.ingest.load import CorpusError, RawDocument, read_original
from kb.reports import ReportSpec


@dataclass(frozen=True)
class AlignedSentence:
    """One sentence of the original and its translation in each edition: one column per edition."""

    block_id: str
    n: int
    texts: dict[str, str]

    def __getitem__(self, edition: str) -> str:
        return self.texts.get(edition, "")


@dataclass(frozen=True)
class BankQuestion:
    """A question a sentence answers as people ask it, or (answerable False) a near miss it does not answer."""

    ref: str  # "<report>:<block>:<n>" of the sentence
    lang: str
    question: str
    answerable: bool = True

    @property
    def id(self) -> str:
        return hashlib.sha256(f"{self.ref}\x1f{self.lang}\x1f{self.question}".encode()).hexdigest()[:16]


def ref(spec_id: str, block_id: str, n: int) -> str:
    return f"{spec_id}:{block_id}:{n}"


@dataclass(frozen=True)
class Edition:
    doc: CleanDocument
    lang: str  # the edition: the original's language or a translation's
    split: Splitter
    raw: RawDocument | None = None  # the extraction an original was cleaned from
    spec: ReportSpec | None = None


def _rows(spec: ReportSpec, name: str):
    """(line number, row) of one of a report's JSON-lines files, or nothing when the spec names none;
    a malformed row is one clear error naming its line."""
    path = spec.path(name) if name else None
    if path is None or not path.is_file():
        return
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise CorpusError(f"{path}:{n}: {exc!r}") from exc


def _field_error(spec: ReportSpec, name: str, exc: Exception) -> CorpusError:
    return CorpusError(f"{spec.path(name)}: a malformed row ({exc!r})")


def load_alignment(spec: ReportSpec) -> list[AlignedSentence]:
    """The report's alignment file: a row per sentence of the original, a column per edition."""
    try:
        rows = []
        for r in _rows(spec, spec.alignment):
            texts = {k: v for k, v in r.items() if k not in {"block_id", "n"} and isinstance(v, str)}
            if spec.edition not in texts:
                raise KeyError(spec.edition)
            rows.append(AlignedSentence(r["block_id"], int(r["n"]), texts))
        return rows
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _field_error(spec, spec.alignment, exc) from exc


def load_statements(spec: ReportSpec) -> dict[tuple[str, int], dict[str, str]]:
    """Each sentence of the report restated to stand alone, by (block, n), in each edition's language."""
    try:
        return {(r["block_id"], int(r["n"])): {k: v for k, v in r.items() if k not in {"block_id", "n"}}
                for r in _rows(spec, spec.statements)}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _field_error(spec, spec.statements, exc) from exc


def load_bank(spec: ReportSpec) -> list[BankQuestion]:
    """The report's question bank: for each sentence, the questions it answers and its near misses."""
    try:
        return [BankQuestion(ref(spec.id, r["block_id"], int(r["n"])), str(r["lang"]), str(r["question"]),
                             bool(r.get("answerable", True))) for r in _rows(spec, spec.bank)]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _field_error(spec, spec.bank, exc) from exc


def load_editions(spec: ReportSpec, translations: bool = True) -> list[Edition]:
    """The cleaned original, then (unless told not to) each translation the spec lists."""
    raw = read_original(spec.path(spec.original), spec.path(spec.errata) if spec.errata else None,
                        f"{spec.id}.{spec.edition}")
    doc = clean(raw.text, load_errata(raw.errata_path), raw.doc_id)
    editions = [Edition(doc, spec.edition, split_sentences, raw, spec)]
    alignment = load_alignment(spec) if translations else []
    for lang in spec.translations if translations else ():
        path = spec.edition_file(lang)
        if not path.is_file():
            raise CorpusError(f"{spec.id}: the {lang} edition {path} is missing")
        text = path.read_text(encoding="utf-8")
        blocks = parse_edition(text)
        if [(b.block_id, b.kind) for b in blocks] != [(b.block_id, b.kind) for b in doc.blocks]:
            raise CorpusError(f"{path} does not have the same headings and paragraphs as {raw.clean_path.name}")
        aligned = [a[lang] for a in alignment if a[lang]]
        editions.append(Edition(CleanDocument(f"{spec.id}.{lang}", text, blocks), lang, aligned_splitter(aligned),
                                spec=spec))
    return editions


def chunk_editions(editions: list[Edition], chunk_size: int, alignment: list[AlignedSentence],
                   statements: dict[tuple[str, int], dict[str, str]] | None = None) -> list[Chunk]:
    """Chunks of every edition of one report; a translation is cut where its original is, so passages pair up.

    With `statements`, each sentence carries its standalone restatement in its edition's language."""
    original = editions[0]
    originals = chunk_document(original.doc, chunk_size, original.lang, original.split)
    chunks = list(originals)
    for ed in editions[1:]:
        chunks += _paired_chunks(ed, originals, alignment, original.lang)
    by_id = {c.chunk_id: c for c in chunks}
    # Point each original at its translation too.
    for c in list(by_id.values()):
        if c.pair and c.pair in by_id and not by_id[c.pair].pair:
            by_id[c.pair] = replace(by_id[c.pair], pair=c.chunk_id)
    spec_id = original.spec.id if original.spec else original.doc.doc_id.split(".")[0]
    return [_placed(by_id[c.chunk_id], alignment, statements or {}, original.lang, spec_id) for c in chunks]


def _placed(chunk: Chunk, alignment: list[AlignedSentence], statements: dict[tuple[str, int], dict[str, str]],
            source: str, spec_id: str) -> Chunk:
    """The chunk with each sentence's place in the report (block, n) and its standalone statement, found
    through the original sentence it is (or translates)."""
    if not alignment:
        return chunk
    where = {(a.block_id, a[source]): (a.block_id, a.n) for a in alignment}
    originals = chunk.originals or tuple(chunk.text[a:b] for a, b in chunk.sentences)
    said, refs = [], []
    for text in originals:
        key = next((where[(b, text)] for b in chunk.block_ids if (b, text) in where), None)
        said.append(statements.get(key, {}).get(chunk.lang, "") if key else "")
        refs.append(ref(spec_id, *key) if key else "")
    return replace(chunk, statements=tuple(said) if any(said) else (), refs=tuple(refs))


def _paired_chunks(ed: Edition, originals: list[Chunk], alignment: list[AlignedSentence], source: str) -> list[Chunk]:
    to_ed = {(a.block_id, a[source]): a[ed.lang] for a in alignment if a[ed.lang]}
    blocks = {b.block_id: b for b in ed.doc.blocks}
    out = []
    for orig in originals:
        spans, said = [], []
        for a, b in orig.sentences:
            text = orig.text[a:b]
            for block_id in orig.block_ids:
                translated = to_ed.get((block_id, text))
                block = blocks[block_id]
                pos = block.text.find(translated) if translated else -1
                if pos >= 0:
                    spans.append((block.start + pos, block.start + pos + len(translated)))
                    said.append(text)
                    break
        if not spans:
            # A short chunk may hold an aligned sentence the splitter cut in two at a "……" gap (chunk size 160):
            # take the aligned sentences the chunk contains whole.
            for row in alignment:
                translated = row[ed.lang]
                block = blocks.get(row.block_id)
                if row.block_id in orig.block_ids and translated and block and row[source] in orig.text:
                    pos = block.text.find(translated)
                    if pos >= 0:
                        spans.append((block.start + pos, block.start + pos + len(translated)))
                        said.append(row[source])
        if not spans:
            raise CorpusError(f"no aligned {ed.lang} sentence for the passage {orig.text[:30]!r}")
        start, end = spans[0][0], spans[-1][1]
        text = ed.doc.text[start:end]
        digest = hashlib.sha256(f"{ed.doc.doc_id}\x1f{orig.section}\x1f{text}".encode()).hexdigest()[:16]
        section = next((b.section for b in ed.doc.blocks if b.block_id == orig.block_ids[0]), "")
        inner = tuple((x - start, y - start) for x, y in spans)
        out.append(Chunk(digest, ed.doc.doc_id, section, text, start, end, orig.block_ids, orig.kind, ed.lang, inner,
                         pair=orig.chunk_id, originals=tuple(said)))
    return out
