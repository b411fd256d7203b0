"""`kb insights` and `kb logs purge` behind the CLI: load what grouping needs, only when there is something to group."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path

from kb.insights.group import Grouper, Reader, reader_from_chain, reader_from_embeddings
from kb.insights.output import render, write_csvs, write_eval
from kb.insights.read import Filters, read_logs
from kb.insights.summary import TOP, summarise
from kb.retention import cutoff, log_days, purge
from kb.settings import Settings

log = logging.getLogger(__name__)


class LazyReader:
    """The chain's reading of questions, loaded on first use: a log with nothing to compare loads nothing."""

    def __init__(self, settings: Settings, note=lambda message: None) -> None:
        self.settings, self.note = settings, note
        self._reader: Reader | None = None

    def _load(self) -> Reader:
        if self._reader is None:
            from kb.index import IndexError_

            try:
                from kb.chain import Bridgehead

                self._reader = reader_from_chain(Bridgehead(self.settings))
            except IndexError_ as exc:  # logs copied off a booth, read where nothing is indexed: vectors alone
                self.note(f"no index to read the questions with ({exc}); grouping by the embedding model alone, "
                          "Latin-typed Mongolian apart from Cyrillic")
                from kb.embed import make_embeddings

                self._reader = reader_from_embeddings(make_embeddings(self.settings))
        return self._reader

    def embed(self, text: str):
        return self._load().embed(text)

    def fold(self, text: str) -> str:
        return self._load().fold(text)

    def places(self, text: str) -> frozenset[str]:
        return self._load().places(text)

    @property
    def folds_scripts(self) -> bool | None:
        return self._reader.folds_scripts if self._reader else None


def insights(settings: Settings, filters: Filters, as_json: bool, csv_dir: Path | None,
             eval_file: Path | None, note=print) -> str:
    """What `kb insights` prints; writes the CSV files and the eval file when asked."""
    logs = read_logs(settings.data_dir / "logs", filters)
    if not (settings.data_dir / "logs" / "chat.jsonl").is_file():
        note(f"no chat log at {settings.data_dir / 'logs' / 'chat.jsonl'} (KB_DATA_DIR={settings.data_dir})")
    summary = summarise(logs, Grouper(LazyReader(settings, note)), filters, top=None if eval_file else TOP)
    done = []
    if csv_dir is not None:
        written = write_csvs(summary, csv_dir)
        done.append(f"wrote {len(written)} CSV files to {csv_dir}")
    if eval_file is not None:
        n = write_eval(summary, eval_file)
        done.append(f"wrote {n} unanswered questions to label to {eval_file}")
    for line in done:
        note(line)
    if as_json:
        return json.dumps(summary, ensure_ascii=False, indent=2)
    return "" if csv_dir is not None else render(summary)


def purge_logs(settings: Settings, before: datetime | None) -> list[str]:
    """`kb logs purge`: before a date, or by KB_LOG_DAYS; one line per log."""
    if before is None:
        days = log_days(settings)
        if not days:
            raise ValueError("nothing to purge by: give --before DATE, or set KB_LOG_DAYS to the days to keep")
        before = cutoff(days)
    results = purge(settings.data_dir / "logs", before)
    when = before.isoformat(sep=" ", timespec="minutes")
    return [f"{p.file}: removed {p.removed} records written before {when}, kept {p.kept}"
            + (f" ({p.undated} undated or unreadable lines kept)" if p.undated else "") for p in results]
