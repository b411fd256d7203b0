"""Clean: repair the PDF extraction into a Markdown edition with headings, paragraphs and captions."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from kb.errors import BridgeheadError

# Half-width punctuation the PDF extraction used inside Chinese sentences.
_FULLWIDTH = str.maketrans({",": "，", ";": "；", "(": "（", ")": "）", ":": "："})
_CLOSING = "。！？；，：、…"
CAPTION_MARK = "〔图〕"
HEADING_MAX = 24
CAPTION_MAX = 40


class CleanError(BridgeheadError, ValueError):
    """An erratum no longer matches the text it is meant to repair."""


@dataclass(frozen=True)
class Repair:
    """One row of an errata file: a rule applied everywhere or one fix."""

    kind: str  # "rule" (documents a general step) or "fix" (applied verbatim)
    original: str
    corrected: str
    reason: str


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or photo caption of a cleaned edition."""

    block_id: str  # "b007": position in the edition, shared by its translations
    kind: str  # "title" | "heading" | "paragraph" | "caption"
    text: str
    start: int  # character offsets of `text` in the edition
    end: int
    section: str  # the heading this block stands under ("" before the first)


@dataclass(frozen=True)
class CleanDocument:
    doc_id: str
    text: str
    blocks: list[Block]


def load_errata(path: Path | None) -> list[Repair]:
    """Read `kind, original, corrected, reason` rows; `\\n` in a cell is a line break."""
    if path is None:
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    repairs = []
    for n, row in enumerate(rows, start=2):
        if row.get("kind") not in {"rule", "fix"} or not row.get("original"):
            raise CleanError(f"{path}:{n}: expected kind rule|fix and an original text")
        unescape = lambda s: (s or "").replace("\\n", "\n")  # noqa: E731
        repairs.append(Repair(row["kind"], unescape(row["original"]), unescape(row["corrected"]), row["reason"] or ""))
    return repairs


def normalise_raw(text: str) -> str:
    """The two general rules: drop wrap spaces, make punctuation full-width."""
    text = text.replace("\r\n", "\n")
    # Every space in this extraction is a PDF line-wrap artefact inside Chinese text.
    text = "\n".join(re.sub(r"[ \t\u3000]+", "", line) for line in text.split("\n"))
    return text.translate(_FULLWIDTH)


def apply_fixes(text: str, repairs: list[Repair]) -> str:
    for fix in (r for r in repairs if r.kind == "fix"):
        count = text.count(fix.original)
        if count != 1:
            raise CleanError(
                f"erratum {fix.original!r} matches {count} places in the text; it must match exactly one"
            )
        text = text.replace(fix.original, fix.corrected)
    return text


def _pair_quotes(text: str) -> str:
    parts = text.split('"')
    if len(parts) % 2 == 0:  # odd number of quotes: leave them as they are
        return text
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append("“" if i % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


def clean(text: str, repairs: list[Repair], doc_id: str = "report.zh") -> CleanDocument:
    """Turn the raw extraction into the Markdown edition that indexing uses."""
    fixed = apply_fixes(normalise_raw(text), repairs).strip("\n")
    lines: list[str] = []
    seen_title = False
    # Keep the run of newlines before each block: captions sit behind three blank lines.
    for gap, body in re.findall(r"(\n*)([^\n]+)", fixed):
        body = _pair_quotes(body)
        is_heading = len(body) <= HEADING_MAX and not any(c in _CLOSING for c in body)
        if is_heading and not seen_title:
            lines.append("# " + body)
            seen_title = True
        elif is_heading:
            lines.append("## " + body)
        elif len(gap) >= 4 and len(body) <= CAPTION_MAX and body.endswith("。"):
            lines.append(CAPTION_MARK + body)
        else:
            lines.append(body)
    edition = "\n\n".join(lines) + "\n"
    return CleanDocument(doc_id, edition, parse_edition(edition))


def parse_edition(text: str) -> list[Block]:
    """Split a Markdown edition (ours or a translation) into its blocks, with offsets."""
    blocks: list[Block] = []
    section = ""
    for n, m in enumerate(re.finditer(r"[^\n]+", text)):
        line, start = m.group(), m.start()
        if line.startswith("# "):
            kind, skip = "title", 2
        elif line.startswith("## "):
            kind, skip = "heading", 3
        elif line.startswith(CAPTION_MARK):
            kind, skip = "caption", len(CAPTION_MARK)
        else:
            kind, skip = "paragraph", 0
        body = line[skip:]
        if kind in {"title", "heading"}:
            section = body
        blocks.append(Block(f"b{n:03d}", kind, body, start + skip, m.end(), section))
    return blocks
