"""YAML documents checked against a JSON Schema, with errors that name file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema.exceptions import ValidationError

from surveyapp.core.yamlsource import Path as DocPath
from surveyapp.core.yamlsource import read_yaml

UNKNOWN_FIELD = "unknown field for this element"


@dataclass(frozen=True)
class Problem:
    """Something wrong at ``path`` inside a document."""

    path: DocPath
    message: str


@dataclass(frozen=True)
class DocumentError:
    file: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class DocumentInvalid(Exception):
    """A document cannot be used; ``errors`` says where and why."""

    def __init__(self, errors: list[DocumentError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


def format_path(path: DocPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def check_document(
    path: Path, validate: Callable[[Any], list[Problem]]
) -> tuple[Any, list[DocumentError]]:
    """Read ``path`` and run ``validate`` on it: the data if valid, and every error found."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [DocumentError(path, 1, "(file)", f"cannot be read: {error}")]
    source = read_yaml(text)
    errors = [DocumentError(path, p.line, format_path(p.path), p.message) for p in source.problems]
    if not errors:
        errors = [
            DocumentError(path, source.line_of(p.path), format_path(p.path), p.message)
            for p in validate(source.data)
        ]
    return (None, errors) if errors else (source.data, [])


def schema_problem(error: ValidationError) -> Problem:
    """A JSON Schema error as a problem a person reads: which field, what is wrong."""
    path: DocPath = tuple(error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return Problem((*path, missing), "required field is missing")
    if error.validator in ("unevaluatedProperties", "additionalProperties"):
        extra = error.message.split("'")[1] if "'" in error.message else "?"
        return Problem((*path, extra), UNKNOWN_FIELD)
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return Problem(path, f"{error.instance!r} is not one of: {allowed}")
    if error.validator == "pattern":
        return Problem(
            path,
            f"{error.instance!r} has characters not allowed here "
            f"(expected to match {error.validator_value})",
        )
    return Problem(path, error.message)
