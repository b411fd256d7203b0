"""Load: find the report editions in the corpus folder and read them as text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.errors import BridgeheadError

ORIGINAL_SUFFIX = ".orig.txt"


class CorpusError(BridgeheadError, RuntimeError):
    """The corpus folder is missing, empty or holds unreadable text."""


@dataclass(frozen=True)
class RawDocument:
    """One report exactly as extracted from its PDF."""

    doc_id: str  # e.g. "report.zh"
    path: Path
    text: str
    errata_path: Path | None

    @property
    def clean_path(self) -> Path:
        return self.path.with_name(self.doc_id + ".md")


def read_original(path: Path, errata: Path | None, doc_id: str) -> RawDocument:
    """A report exactly as extracted, with its errata file if it has one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CorpusError(f"the report {path} is missing") from exc
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path} is not UTF-8 text: {exc}") from exc
    if not text.strip():
        raise CorpusError(f"{path} is empty")
    return RawDocument(doc_id, path, text, errata if errata and errata.is_file() else None)


def load_corpus(corpus_dir: Path) -> list[RawDocument]:
    """Every `<name>.orig.txt` in `corpus_dir`, with its `<name>.errata.tsv` if present."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    docs = []
    for path in sorted(corpus_dir.glob("*" + ORIGINAL_SUFFIX)):
        doc_id = path.name[: -len(ORIGINAL_SUFFIX)]
        docs.append(read_original(path, path.with_name(doc_id + ".errata.tsv"), doc_id))
    if not docs:
        raise CorpusError(f"no *{ORIGINAL_SUFFIX} report found in {corpus_dir}")
    return docs
