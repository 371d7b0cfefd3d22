"""Reading the `analyze` commands' CSV input and writing their JSON, with errors that name
the file, line and column."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd


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


def check_dates(frame: pd.DataFrame, columns: list[str], path: Path) -> None:
    """A ClickException naming file, line and column of the first value of ``columns``
    (those present) that is not a date; empty cells are allowed."""
    for column in (c for c in columns if c in frame.columns):
        text = frame[column]
        parsed = pd.to_datetime(text, utc=True, errors="coerce", format="mixed")
        bad = parsed.isna() & text.notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise click.ClickException(
                f"{path}, line {row + 2}, column {column!r}: {text.iloc[row]!r} is not a date"
            )


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
