"""Reports: what a report is beyond its text (editions, period, title), read from `<id>.spec.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SPEC_SUFFIX = ".spec.toml"


class ReportSpecError(ValueError):
    """A report spec is missing, malformed or names files that are not there."""


@dataclass(frozen=True)
class Period:
    """The months the report's latest figures cover: January to `last_month` of `year`."""

    year: int
    first_month: int = 1
    last_month: int = 12

    @property
    def whole_year(self) -> bool:
        return self.first_month == 1 and self.last_month == 12


@dataclass(frozen=True)
class ReportSpec:
    id: str
    folder: Path
    original: str
    edition: str
    translations: tuple[str, ...] = ()
    alignment: str = ""
    statements: str = ""
    bank: str = ""
    errata: str = ""
    figures: str = ""
    publisher: str = ""
    date: str = ""
    title: dict[str, str] = field(default_factory=dict)
    period: Period | None = None
    setting: frozenset[str] = frozenset()  # glossary ids of the places the report is about as a whole
    compared: frozenset[str] = frozenset()  # glossary ids of the places it gives figures for each
    between: frozenset[str] = frozenset()  # glossary ids of the countries its trade is between (they narrow nothing)

    @property
    def editions(self) -> tuple[str, ...]:
        return (self.edition, *self.translations)

    def edition_file(self, edition: str) -> Path:
        return self.folder / f"{self.id}.{edition}.md"

    def path(self, name: str) -> Path:
        return self.folder / name

    def title_in(self, edition: str) -> str:
        """The title in an edition's language, else the original's."""
        return self.title.get(edition) or self.title.get(self.edition, self.id)


def load_spec(path: Path) -> ReportSpec:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReportSpecError(f"{path}: {exc}") from exc
    try:
        period = raw.get("period")
        spec = ReportSpec(
            id=str(raw["id"]), folder=path.parent, original=str(raw["original"]), edition=str(raw["edition"]),
            translations=tuple(raw.get("translations", ())), alignment=str(raw.get("alignment", "")),
            statements=str(raw.get("statements", "")), bank=str(raw.get("bank", "")),
            errata=str(raw.get("errata", "")), figures=str(raw.get("figures", "")),
            publisher=str(raw.get("publisher", "")), date=str(raw.get("date", "")),
            title={str(k): str(v) for k, v in (raw.get("title") or {}).items()},
            period=Period(int(period["year"]), int(period.get("first_month", 1)), int(period.get("last_month", 12)))
            if period else None,
            setting=frozenset((raw.get("places") or {}).get("setting", ())),
            compared=frozenset((raw.get("places") or {}).get("compared", ())),
            between=frozenset((raw.get("places") or {}).get("between", ())),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportSpecError(f"{path}: missing or malformed field {exc}") from exc
    if not spec.path(spec.original).is_file():
        raise ReportSpecError(f"{path}: the original {spec.original!r} is not in {spec.folder}")
    return spec


def load_specs(corpus_dir: Path) -> list[ReportSpec]:
    """Every report in the corpus folder: a spec beside its files, in the folder or in a folder of its own."""
    if not corpus_dir.is_dir():
        raise ReportSpecError(f"corpus folder not found: {corpus_dir}")
    paths = sorted(corpus_dir.glob("*" + SPEC_SUFFIX)) + sorted(corpus_dir.glob("*/*" + SPEC_SUFFIX))
    if not paths:
        raise ReportSpecError(f"no report spec (*{SPEC_SUFFIX}) in {corpus_dir}")
    specs = [load_spec(p) for p in paths]
    ids = [s.id for s in specs]
    if len(set(ids)) != len(ids):
        raise ReportSpecError(f"two report specs in {corpus_dir} have the same id: {sorted(ids)}")
    return specs
