"""CSV files read with each row's line number, whichever separator a spreadsheet saved them
with; rows of events and accounts as Segment-style calls."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

EVENT_COLUMNS = ("account_id", "user_id", "event", "timestamp", "properties_json")
ACCOUNT_COLUMNS = ("account_id",)
ACCOUNT_TRAITS = ("name", "segment", "plan", "start_at", "csm_owner")

#: Which CSV column a call's field comes from, to name it in errors.
EVENT_FIELD_COLUMNS = {
    "groupId": "account_id",
    "userId": "user_id",
    "event": "event",
    "timestamp": "timestamp",
    "properties": "properties_json",
    "messageId": "insert_id",
}


#: Field separators told apart by a file's header line: spreadsheets in languages that
#: write decimal commas (Portuguese, Spanish, Polish, ...) save CSV with semicolons.
DELIMITERS = ",;\t|"


class CsvProblem(ValueError):
    """The file as a whole cannot be read (missing columns, not CSV, not UTF-8)."""


def delimiter(path: Path) -> str:
    """The separator of :data:`DELIMITERS` that the header line of ``path`` uses most
    (outside quotes); a comma if it uses none. Raises UnicodeDecodeError."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {separator: outside.count(separator) for separator in DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row, separated as :func:`delimiter` tells; the
    header must have the required columns. Raises :class:`CsvProblem` naming the line."""
    try:
        yield from _rows(path, required)
    except UnicodeDecodeError as error:
        raise CsvProblem(
            f"{path}: line {_undecodable_line(path)}: not UTF-8 text (save it as UTF-8): {error}"
        ) from error


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    separator = delimiter(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=separator)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise CsvProblem(
                f"{path}: line 1: missing column(s) {', '.join(missing)} "
                f"(found: {', '.join(reader.fieldnames or []) or 'nothing'})"
            )
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _undecodable_line(path: Path) -> int:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def event_call(row: dict[str, str]) -> dict[str, Any]:
    call: dict[str, Any] = {"type": "track", "event": row.get("event", "")}
    if row.get("account_id"):
        call["context"] = {"groupId": row["account_id"]}
    if row.get("user_id"):
        call["userId"] = row["user_id"]
    if row.get("timestamp"):
        stamp = row["timestamp"]
        call["timestamp"] = float(stamp) if stamp.replace(".", "", 1).isdigit() else stamp
    if row.get("properties_json"):
        try:
            call["properties"] = json.loads(row["properties_json"])
        except ValueError:
            call["properties"] = "not JSON"  # reported as the properties column's error
    if row.get("insert_id"):
        call["messageId"] = row["insert_id"]
    return call


def account_call(row: dict[str, str]) -> dict[str, Any]:
    traits = {name: row[name] for name in ACCOUNT_TRAITS if row.get(name)}
    return {"type": "group", "groupId": row.get("account_id", ""), "traits": traits}
