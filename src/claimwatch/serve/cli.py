"""The ``claimwatch`` command line: thin, it builds the pipeline's parts and runs them.

Any ``ClaimwatchError`` becomes one line on stderr, never a traceback
(``CLAIMWATCH_DEBUG=1`` shows tracebacks for developers).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from claimwatch.errors import ClaimwatchError, EvaluationError
from claimwatch.settings import Settings

app = typer.Typer(
    name="claimwatch",
    help="Who claimed what, to whom, on what evidence, and who answered.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(
    help="Score claimwatch against gold data (EVALUATION.md).", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)


def one_line_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Turn a ClaimwatchError into one line on stderr and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs) -> None:
        try:
            command(*args, **kwargs)
        except ClaimwatchError as exc:
            if os.environ.get("CLAIMWATCH_DEBUG"):
                raise
            err.print(f"claimwatch: {exc.line()}", markup=False)
            raise typer.Exit(2) from None

    return wrapper


class OutputFormat(StrEnum):
    report = "report"
    json = "json"
    jsonl = "jsonl"


DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or SQLAlchemy URL (default: the user's data dir)."),
]


def _open_store(db: str | None, settings: Settings):
    from claimwatch.store import Store

    return Store.open(db or settings.db)


@app.command()
@one_line_errors
def analyze(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories (recursive: .txt .html .htm .jsonl), http(s) URLs, or - for stdin."
        ),
    ],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.report
    ),
    db: DbOption = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Do not write the database.")
    ] = False,
    model: Annotated[
        str | None, typer.Option("--model", help="spaCy pipeline to use (package or path).")
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Title, for inputs that carry none (plain text).")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet, for inputs that carry none.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD, for inputs that carry none.")
    ] = None,
    processes: Annotated[
        int, typer.Option("--processes", "-j", min=1, help="Worker processes.")
    ] = 1,
    fast: Annotated[
        bool, typer.Option("--fast", help="Rule attributions only, without the learned tagger.")
    ] = False,
) -> None:
    """Analyze news articles: claims, speakers, addressees, evidence, responses."""
    from claimwatch import pipeline
    from claimwatch.records import SourceMeta

    if published is not None:
        _check_date(published)
    defaults = SourceMeta(title=title, published=published, outlet=outlet)
    settings = Settings(
        spacy_model=model or Settings().spacy_model,
        db=db or Settings().db,
        n_process=processes,
        fast=fast,
    )
    store = None if no_store else _open_store(settings.db, settings)
    first = True

    def emit(doc) -> None:
        nonlocal first
        if fmt is OutputFormat.report:
            from claimwatch.serve.report import render

            render(doc, out)
        elif fmt is OutputFormat.jsonl:
            sys.stdout.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
        else:
            body = json.dumps(doc.to_json(), ensure_ascii=False, indent=2)
            sys.stdout.write(("[\n" if first else ",\n") + body)
        sys.stdout.flush()
        first = False

    try:
        result = pipeline.run(
            inputs,
            settings,
            defaults=defaults,
            store=store,
            on_document=emit,
            stdin=sys.stdin.buffer,
        )
    finally:
        if store is not None:
            store.close()
    if fmt is OutputFormat.json:
        sys.stdout.write("[]\n" if first else "\n]\n")
    if fmt is OutputFormat.report and store is not None and result.analyzed:
        err.print(
            f"stored {result.stored_new} new, {result.stored_existing} already stored "
            f"article(s) in {store.label}"  # a URL's password is hidden
        )
    if result.failures:
        err.print(f"{len(result.failures)} input(s) failed, {result.analyzed} analyzed:")
        for failure in result.failures:
            err.print(f"  {failure.message}", markup=False)
        raise typer.Exit(1)
    if result.analyzed == 0:
        err.print("no input to analyze")
        raise typer.Exit(1)


@app.command()
@one_line_errors
def claims(
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains this.")] = None,
    text: Annotated[str | None, typer.Option(help="Claim text contains this.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Articles published on or after YYYY-MM-DD.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many claims.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.report,
    db: DbOption = None,
) -> None:
    """List stored claims, filtered by speaker, text and date."""
    from rich.markup import escape
    from rich.table import Table

    settings = Settings()
    if since is not None:
        _check_date(since)
    with _open_store(db or settings.db, settings) as store:
        rows = store.claims(speaker=speaker, text=text, since=since, limit=limit)
    if fmt is not OutputFormat.report:
        items = [r.to_json() for r in rows]
        if fmt is OutputFormat.jsonl:
            for item in items:
                sys.stdout.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
        else:
            sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    table = Table(title=f"{len(rows)} claim(s)", show_lines=True, expand=True)
    table.add_column("published / outlet", no_wrap=True)
    table.add_column("speaker, cue", max_width=28)
    table.add_column("content", ratio=1)
    for r in rows:
        evidence = f"\nevidence: {r.evidence}" if r.evidence else ""
        table.add_row(
            f"{r.published or ''}\n{r.outlet or ''}",
            f"[bold]{escape(r.speaker or '(unresolved)')}[/bold]\n"
            f"[italic]{escape(r.cue)}[/italic] ({r.type}){evidence}",
            escape(r.content),
        )
    out.print(table)


def _check_date(value: str) -> None:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from exc


@eval_app.command("polnear")
@one_line_errors
def eval_polnear(
    split_dir: Annotated[
        Path, typer.Argument(help="A PolNeAR split directory (text/, attributions/).")
    ],
    json_out: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline.")] = None,
    fast: Annotated[
        bool, typer.Option("--fast", help="Rule attributions only, without the learned tagger.")
    ] = False,
    bootstrap: Annotated[
        int,
        typer.Option(
            "--bootstrap",
            min=0,
            help="Resample the articles N times and give each F1's 95% interval (0: none).",
        ),
    ] = 0,
) -> None:
    """Attribution scores on a PolNeAR split (EVALUATION.md section 2)."""
    from claimwatch.analyze import Analyzer
    from claimwatch.evaluate.polnear import (
        PolnearScores,
        bootstrap_intervals,
        evaluate_dir_by_article,
    )
    from claimwatch.records import Article, InputRef, content_hash

    analyzer = Analyzer(
        Settings(
            spacy_model=model or Settings().spacy_model,
            fast=fast,
        )
    )

    def predict(text: str):
        article = Article(id=content_hash(text.encode()), input=InputRef(kind="text"), text=text)
        return analyzer.analyze(article).attributions

    if not (split_dir / "text").is_dir():
        raise EvaluationError(f"{split_dir} is not a PolNeAR split (no text/ directory)")
    articles = evaluate_dir_by_article(split_dir, predict)
    scores = PolnearScores.total(articles)
    intervals = bootstrap_intervals(articles, samples=bootstrap) if bootstrap else None
    if json_out:
        report = scores.to_json()
        if intervals:
            report["f1_intervals"] = {
                "samples": bootstrap,
                "level": 0.95,
                "rows": {
                    name: [round(lo, 2), round(hi, 2)] for name, (lo, hi) in intervals.items()
                },
            }
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        out.print(scores.table(intervals))


@eval_app.command("extraction")
@one_line_errors
def eval_extraction(
    gold: Annotated[Path, typer.Argument(help="ground-truth.json (id -> articleBody).")],
    inputs: Annotated[
        Path, typer.Argument(help="The html/ directory, or a JSON file id -> plain text.")
    ],
    json_out: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Article-extraction scores: 4-word shingle P/R/F1 (EVALUATION.md section 3)."""
    from claimwatch.evaluate.extraction import run_extraction_eval

    score = run_extraction_eval(gold, inputs)
    figures = {
        "pages": score.pages,
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
    }
    if json_out:
        sys.stdout.write(json.dumps(figures) + "\n")
    else:
        out.print(
            f"pages {figures['pages']}  precision {figures['precision']:.4f}  "
            f"recall {figures['recall']:.4f}  F1 {figures['f1']:.4f}"
        )


def main() -> None:
    """Console entry point: one clear line for every claimwatch error."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("claimwatch: interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
