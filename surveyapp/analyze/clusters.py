"""`surveyapp analyze clusters`: themes in open answers, from a CSV file or the database."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from analysis.cluster import ALGORITHMS, BACKENDS, AnswerClusterer
from analysis.text import SUPPORTED_LANGUAGES
from surveyapp.analyze.csvfiles import read_csv, write_json
from surveyapp.analyze.modes import DATABASE, app_database, given, reads_database, steps
from surveyapp.analyze.options import (
    OUT,
    answer_selection,
    echo_warnings,
    input_option,
    source_error,
)


@click.command("clusters")
@input_option(
    "CSV file of answers. Without it, the open answers in the app database.",
)
@click.option("--text-column", help="Column holding the open answers (required with --input).")
@answer_selection("Database: ")
@click.option(
    "--language",
    type=click.Choice(["auto", *SUPPORTED_LANGUAGES]),
    default="auto",
    show_default=True,
    help="Language of the answers, or detect it per answer.",
)
@click.option("--k", "k", default="auto", show_default=True, help="Number of clusters, or auto.")
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="tfidf",
    show_default=True,
    help="Answer vectors: TF-IDF + LSA, or sentence embeddings (optional packages).",
)
@click.option(
    "--algorithm",
    type=click.Choice(ALGORITHMS),
    default="spectral",
    show_default=True,
    help="How answers are grouped.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Seed of every random step: equal seeds, equal clusters.",
)
@click.option(
    "--output",
    type=OUT,
    required=True,
    help="CSV written: the input rows (from the database: response, account and contact ids, "
    "survey, question, locale, answered_at, text) with a `cluster` column.",
)
@click.option("--json", "json_path", type=OUT, help="JSON summary: k and the clusters.")
@click.pass_context
def clusters_command(
    ctx: click.Context,
    input_path: Path | None,
    text_column: str | None,
    survey: str | None,
    question: str | None,
    construct: str,
    language: str,
    k: str,
    backend: str,
    algorithm: str,
    seed: int,
    output: Path,
    json_path: Path | None,
) -> None:
    """Group open answers into themes; add a `cluster` column (-1: set apart)."""
    from_database = reads_database(
        ctx,
        ["input_path"],
        file_only=["text_column"],
        database_only=["survey", "question", "construct"],
        required_with_files=["text_column"],
    )
    if question and given(ctx, ["construct"]):
        raise click.UsageError("give --question or --construct, not both", ctx=ctx)
    if k != "auto" and not k.isdigit():
        raise click.BadParameter(f"{k!r} is neither 'auto' nor a whole number", param_hint="--k")
    if from_database:
        from surveyapp.analyze.sources import AnswerSelection, SourceError, open_answers

        selection = AnswerSelection(survey, question, None if question else construct)
        with app_database():
            try:
                frame = open_answers(selection)
            except SourceError as error:
                raise source_error(error) from error
        text_column, where = "text", f"{DATABASE}, {selection.describe()}"
    else:
        assert input_path is not None and text_column is not None
        frame = read_csv(input_path, [text_column])
        where = f"{input_path}, column {text_column!r}"
    model = AnswerClusterer(
        "auto" if k == "auto" else int(k),
        language=language,
        backend=backend,
        algorithm=algorithm,
        random_state=seed,
    )
    with warnings.catch_warnings(record=True) as caught, steps("Clustering", 5) as step:
        warnings.simplefilter("always")
        try:
            model.fit(frame[text_column].fillna("").tolist(), progress=step)
        except ValueError as error:
            raise click.ClickException(f"{where}: {error}") from error
    echo_warnings(caught)
    frame["cluster"] = model.labels_
    frame.to_csv(output, index=False)
    if json_path:
        write_json(
            {
                "k": model.n_clusters_,
                "backend": model.backend_,
                "set_apart": int((model.labels_ < 0).sum()),
                "clusters": model.clusters_.drop(columns="share").to_dict(orient="records"),
            },
            json_path,
        )
    click.echo(
        f"{model.n_clusters_} clusters, "
        f"{int((model.labels_ < 0).sum())} answers set apart → {output}"
    )
