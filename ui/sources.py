"""Where a citation stands in the report: title, publisher, date, section and paragraph, for citing it.

A citation carries only `source` ("report.zh.md:269-470": edition file and offsets) and its
section; the title comes from the report spec and the paragraph number from the edition's
blocks. Kept in one small module so these can become fields on kb.chain.Citation later.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from kb.ingest.clean import parse_edition
from kb.reports import ReportSpec, load_specs
from ui.i18n import DEFAULT_EDITION

_SOURCE = re.compile(r"^(?P<file>(?P<report>[^:/\\]+?)\.(?P<edition>[a-z]{2,3})\.md):(?P<start>\d+)-(?P<end>\d+)$")


@dataclass(frozen=True)
class Place:
    """A cited passage as a reader would look it up: which report, edition, section and paragraph."""

    title: str  # in the edition's language
    titles: dict[str, str]  # the report's title per language (zh, mn, en) where the spec gives it
    publisher: str
    date: str
    edition: str  # "zh" or a translation ("mn")
    translation: bool
    section: str
    paragraph: int | None  # 1-based, counted within the section; None when the offsets are not in the edition


def attr(obj: object, name: str, default: object = None) -> object:
    """An attribute of a citation-like object, or a key of its dict form (Citation.original is either)."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


class Sources:
    """Places of citations in the editions under one corpus folder; each edition is read once."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self._lock = threading.Lock()
        self._paragraphs: dict[str, list[tuple[int, int, str, int]]] = {}
        try:
            self._specs = {s.id: s for s in load_specs(corpus_dir)}
        except Exception:  # a citation without its title is still a citation: fall back to what it carries
            self._specs = {}

    def _spec(self, report: str) -> ReportSpec | None:
        return self._specs.get(report)

    def _blocks(self, name: str, spec: ReportSpec | None, edition: str) -> list[tuple[int, int, str, int]]:
        """(start, end, section, paragraph number within the section) of each paragraph of an edition."""
        with self._lock:
            if name not in self._paragraphs:
                out: list[tuple[int, int, str, int]] = []
                path = spec.edition_file(edition) if spec else self.corpus_dir / name
                if path.is_file():
                    counts: dict[str, int] = {}
                    for block in parse_edition(path.read_text(encoding="utf-8")):
                        if block.kind == "paragraph":
                            counts[block.section] = counts.get(block.section, 0) + 1
                            out.append((block.start, block.end, block.section, counts[block.section]))
                self._paragraphs[name] = out
            return self._paragraphs[name]

    def place(self, citation: object) -> Place:
        """Where `citation` (a kb Citation, its to_dict() form, or an original) stands in the report."""
        source = str(attr(citation, "source", "") or "")
        section = str(attr(citation, "section", "") or "")
        highlight = attr(citation, "highlight")
        m = _SOURCE.match(source)
        if not m:
            return Place(section or source, {}, "", "", DEFAULT_EDITION, False, section, None)
        spec = self._spec(m["report"])
        edition = m["edition"]
        offset = int(m["start"])
        if isinstance(highlight, (list, tuple)) and len(highlight) == 2 and int(highlight[0]) >= 0:
            offset += int(highlight[0])  # the paragraph of the answering sentence, in a passage of several
        paragraph = None
        for start, end, block_section, n in self._blocks(m["file"], spec, edition):
            if start <= offset < end or (offset < start and paragraph is None and start < int(m["end"])):
                paragraph, section = n, section or block_section
                break
        if spec is None:
            return Place(m["report"], {}, "", "", edition, False, section, paragraph)
        return Place(spec.title_in(edition), dict(spec.title), spec.publisher, spec.date, edition,
                     edition != spec.edition, section, paragraph)
