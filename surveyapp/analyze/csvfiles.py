"""Reading the `analyze` commands' CSV input and writing their JSON, with errors that name
the file, line and column."""

from __future__ import annotations

import csv
import json
import math
import re
from functools import partial
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd

from surveyapp.events.csvfiles import delimiter as header_delimiter

DECIMAL_COMMA = re.compile(r"^\s*[+-]?\d+,\d+\s*$")


def read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read ``path`` (comma, semicolon, tab or bar separated, told apart by its header
    line); a malformed file or a missing column is a ClickException naming it."""
    try:
        delimiter = header_delimiter(path)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], sep=delimiter)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        hint = " (save it as UTF-8)" if isinstance(error, UnicodeDecodeError) else ""
        raise click.ClickException(f"{path}: cannot read as CSV{hint}: {error}") from error
    _refuse_nul(path, delimiter)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise click.ClickException(
            f"{path}: no column {', '.join(map(repr, missing))} "
            f"(columns: {', '.join(frame.columns)})"
        )
    frame.attrs["delimiter"] = delimiter
    return frame


def _refuse_nul(path: Path, delimiter: str) -> None:
    """A ClickException naming the line and column of the first NUL character: pandas ends
    a cell at one and drops the rest, so that '1<NUL>2' would read as 1 and '<NUL>12' as
    an empty cell."""
    with path.open("rb") as handle:
        if not any(b"\x00" in block for block in iter(partial(handle.read, 1 << 20), b"")):
            return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header: list[str] = []
        start = 1
        for fields in reader:
            for number, value in enumerate(fields):
                if "\x00" in value:
                    column = f", column {header[number]!r}" if number < len(header) else ""
                    raise click.ClickException(
                        f"{path}, line {start}{column}: {value!r} holds a NUL character "
                        "(a control character, not text); remove it, or save the file "
                        "again as UTF-8 if it is UTF-16"
                    )
            header = header or fields
            start = reader.line_num + 1


def cell_error(frame: pd.DataFrame, path: Path, row: int, column: str, problem: str) -> Exception:
    """A ClickException naming the file, the line where data row ``row`` starts (answers
    may span lines), the column and the cell's value, followed by ``problem``."""
    line = _line_of(path, frame.attrs.get("delimiter", ","), row + 1)
    value = frame[column].iloc[row]
    shown = repr(value) if isinstance(value, str) else "an empty cell"
    return click.ClickException(f"{path}, line {line}, column {column!r}: {shown} {problem}")


def _line_of(path: Path, delimiter: str, record: int) -> int:
    """The line on which record number ``record`` (0: the header) starts; blank lines are
    no records (as pandas reads them)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        start, index = 1, 0
        for fields in reader:
            if fields:
                if index == record:
                    return start
                index += 1
            start = reader.line_num + 1
    return start


def numeric(
    frame: pd.DataFrame, column: str, path: Path, *, allow_missing: bool = False
) -> pd.Series:
    """``frame[column]`` as numbers (decimal commas too, in a file not separated by commas),
    or a ClickException naming file, line and column."""
    text = frame[column]
    if frame.attrs.get("delimiter", ",") != ",":
        text = text.where(~text.str.match(DECIMAL_COMMA, na=False), text.str.replace(",", "."))
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() & (frame[column].notna() | (not allow_missing))
    if bad.any():
        raise cell_error(
            frame, path, int(np.flatnonzero(bad.to_numpy())[0]), column, "is not a number"
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
            raise cell_error(
                frame, path, int(np.flatnonzero(bad.to_numpy())[0]), column, "is not a date"
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
