"""`surveyapp analyze`: clusters, survival, ttfv, correlate and agreement on CSV files."""

from __future__ import annotations

import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd
import yaml

from analysis.agreement import LEVELS, agreement_report
from analysis.cluster import ALGORITHMS, BACKENDS, AnswerClusterer
from analysis.correlate import correlate_value
from analysis.survival import survival_summary
from analysis.text import SUPPORTED_LANGUAGES
from analysis.ttfv import first_value_keys, first_value_table, ttfv_summary

NO_DATABASE_YET = (
    "--input is required until the analysis can read the app database "
    "(the survey and milestone models are not built yet)"
)

analyze_cli = click.Group("analyze", help="Analyse answers, milestones and codings in CSV files.")


def _require(path: Path | None) -> Path:
    if path is None:
        raise click.UsageError(NO_DATABASE_YET)
    return path


def read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read ``path``; a malformed file or a missing column is a ClickException naming it."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise click.ClickException(f"{path}: cannot read as CSV: {error}") from error
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise click.ClickException(
            f"{path}: no column {', '.join(map(repr, missing))} "
            f"(columns: {', '.join(frame.columns)})"
        )
    return frame


def numeric(
    frame: pd.DataFrame, column: str, path: Path, *, allow_missing: bool = False
) -> pd.Series:
    """``frame[column]`` as numbers, or a ClickException naming file, line and column."""
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & (frame[column].notna() | (not allow_missing))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise click.ClickException(
            f"{path}, line {row + 2}, column {column!r}: "
            f"{frame[column].iloc[row]!r} is not a number"
        )
    return values


def write_json(data: Any, path: Path) -> None:
    """Write ``data`` as JSON; NaN and infinity become null."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value

    path.write_text(json.dumps(clean(data), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _echo_warnings(caught: list[warnings.WarningMessage]) -> None:
    for warning in caught:
        click.echo(f"note: {warning.message}", err=True)


@analyze_cli.command("clusters")
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-column", required=True, help="Column holding the open answers.")
@click.option(
    "--language",
    type=click.Choice(["auto", *SUPPORTED_LANGUAGES]),
    default="auto",
    show_default=True,
)
@click.option("--k", "k", default="auto", show_default=True, help="Number of clusters, or auto.")
@click.option("--backend", type=click.Choice(BACKENDS), default="tfidf", show_default=True)
@click.option("--algorithm", type=click.Choice(ALGORITHMS), default="spectral", show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path))
def clusters_command(
    input_path: Path | None,
    text_column: str,
    language: str,
    k: str,
    backend: str,
    algorithm: str,
    seed: int,
    output: Path,
    json_path: Path | None,
) -> None:
    """Group open answers into themes; add a `cluster` column (-1: set apart)."""
    path = _require(input_path)
    if k != "auto" and not k.isdigit():
        raise click.BadParameter(f"{k!r} is neither 'auto' nor a whole number", param_hint="--k")
    frame = read_csv(path, [text_column])
    model = AnswerClusterer(
        "auto" if k == "auto" else int(k),
        language=language,
        backend=backend,
        algorithm=algorithm,
        random_state=seed,
    )
    steps = ["prepare", "vectorize", "choose k", "cluster", "describe"]
    with (
        warnings.catch_warnings(record=True) as caught,
        click.progressbar(length=len(steps), label="Clustering", file=sys.stderr) as bar,
    ):
        warnings.simplefilter("always")
        try:
            model.fit(frame[text_column].fillna("").tolist(), progress=lambda step: bar.update(1))
        except ValueError as error:
            raise click.ClickException(f"{path}, column {text_column!r}: {error}") from error
    _echo_warnings(caught)
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


def _days(values: tuple[float, ...]) -> tuple[float, ...]:
    return values or (30.0, 60.0, 90.0)


@analyze_cli.command("survival")
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--duration-column", required=True)
@click.option("--event-column", required=True, help="1 if the event happened, 0 if censored.")
@click.option("--group-column")
@click.option(
    "--at", "at", type=click.FloatRange(min=0), multiple=True, help="Day for S(t); repeatable."
)
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
def survival_command(
    input_path: Path | None,
    duration_column: str,
    event_column: str,
    group_column: str | None,
    at: tuple[float, ...],
    json_path: Path,
) -> None:
    """Kaplan–Meier medians with 95 % CI, S(t) and log-rank tests."""
    path = _require(input_path)
    frame = read_csv(
        path, [duration_column, event_column, *([group_column] if group_column else [])]
    )
    durations = numeric(frame, duration_column, path)
    events = numeric(frame, event_column, path)
    for column, values in ((duration_column, durations < 0), (event_column, ~events.isin([0, 1]))):
        if values.any():
            row = int(np.flatnonzero(values.to_numpy())[0])
            raise click.ClickException(
                f"{path}, line {row + 2}, column {column!r}: "
                f"{frame[column].iloc[row]!r} is out of range"
            )
    groups = frame[group_column].to_numpy() if group_column else None
    summary = survival_summary(durations.to_numpy(), events.to_numpy(int), groups, at=_days(at))
    write_json(summary, json_path)
    overall = summary["groups"]["overall"]
    click.echo(
        f"n={overall['n']}, events={overall['events']}, median={overall['median']} → {json_path}"
    )


@analyze_cli.command("ttfv")
@click.option(
    "--accounts", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True
)
@click.option(
    "--events", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True
)
@click.option(
    "--milestones", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True
)
@click.option("--as-of", required=True, help="Analysis date, e.g. 2025-06-30.")
@click.option("--group-by")
@click.option("--at", "at", type=click.FloatRange(min=0), multiple=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
def ttfv_command(
    accounts: Path,
    events: Path,
    milestones: Path,
    as_of: str,
    group_by: str | None,
    at: tuple[float, ...],
    output: Path,
    json_path: Path,
) -> None:
    """Time to first value per account (with censoring) and its survival summary."""
    try:
        definitions = yaml.safe_load(milestones.read_text(encoding="utf-8"))
        if isinstance(definitions, dict):
            definitions = definitions.get("milestones")
        if not isinstance(definitions, list):
            raise ValueError("expected a list of milestones (or a 'milestones:' list)")
        keys = first_value_keys(definitions)
    except (yaml.YAMLError, ValueError) as error:
        raise click.ClickException(f"{milestones}: {error}") from error
    account_frame = read_csv(
        accounts, ["account_id", "start_at", *([group_by] if group_by else [])]
    )
    event_frame = read_csv(events, ["account_id", "milestone", "occurred_at"])
    try:
        table = first_value_table(account_frame, event_frame, keys, as_of)
    except ValueError as error:
        raise click.ClickException(f"{accounts} / {events}: {error}") from error
    table.to_csv(output, index=False)
    write_json(ttfv_summary(table, group_by=group_by, at=_days(at)), json_path)
    click.echo(
        f"{int(table['reached'].sum())} of {len(table)} accounts reached first value → {output}"
    )


def _columns(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


@analyze_cli.command("correlate")
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ratings", required=True, help="Rating columns, comma-separated.")
@click.option(
    "--outcomes", required=True, help="Outcome columns, comma-separated (0/1 or numbers)."
)
@click.option("--n-boot", type=click.IntRange(min=100), default=2000, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
def correlate_command(
    input_path: Path | None, ratings: str, outcomes: str, n_boot: int, seed: int, json_path: Path
) -> None:
    """Spearman (bootstrap CI), Mann–Whitney and BH-adjusted p for ratings × outcomes."""
    path = _require(input_path)
    rating_columns, outcome_columns = _columns(ratings), _columns(outcomes)
    frame = read_csv(path, [*rating_columns, *outcome_columns])
    for column in (*rating_columns, *outcome_columns):
        frame[column] = numeric(frame, column, path, allow_missing=True)
    table = correlate_value(
        frame, rating_columns, outcome_columns, n_boot=n_boot, random_state=seed
    )
    write_json({"tests": table.to_dict(orient="records")}, json_path)
    for sentence in table["sentence"].dropna():
        click.echo(sentence)
    for warning in table["warning"].dropna().unique():
        click.echo(f"note: {warning}", err=True)


@analyze_cli.command("agreement")
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--unit-column", required=True)
@click.option("--coder-column", required=True)
@click.option("--code-column", required=True)
@click.option("--level", type=click.Choice(LEVELS), default="nominal", show_default=True)
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
def agreement_command(
    input_path: Path | None,
    unit_column: str,
    coder_column: str,
    code_column: str,
    level: str,
    json_path: Path,
) -> None:
    """Percent agreement, Krippendorff's alpha, Fleiss' and Cohen's kappa."""
    path = _require(input_path)
    frame = read_csv(path, [unit_column, coder_column, code_column])
    if level in ("interval", "ratio", "ordinal"):
        frame[code_column] = numeric(frame, code_column, path, allow_missing=True)
    try:
        report = agreement_report(
            frame, unit=unit_column, coder=coder_column, code=code_column, level=level
        )
    except ValueError as error:
        raise click.ClickException(f"{path}: {error}") from error
    write_json(report, json_path)
    click.echo(
        f"alpha ({level}) = {report['krippendorff_alpha']:.3f} over {report['n_units']} units"
    )
