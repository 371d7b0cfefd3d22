"""Coding sheets: CSV files with one row per answer and coder, read with their line numbers.

A sheet has the columns ``answer_id``, ``coder`` and ``code`` (any others, such as the
answer's text that `surveyapp codes export` writes, are ignored), separated by commas as
the export writes them, or by semicolons, tabs or bars as a spreadsheet may save them. A
row whose code is blank is not coded yet and is passed over; the ``coder`` column may be
left out (or blank) when the whole file is one coder's, named on the command line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from surveyapp.coding.models import CODE_MAX, CODER_MAX
from surveyapp.events.csvfiles import read_rows

REQUIRED = ("answer_id", "code")


@dataclass(frozen=True)
class CodingRow:
    line: int
    answer_id: int
    coder: str
    code: str


@dataclass
class Sheet:
    """The coded rows of a file, the errors of the others, and how many were blank."""

    rows: list[CodingRow]
    #: (line, message naming file, line and column)
    errors: list[tuple[int, str]]
    blank: int


def read_sheet(path: Path, coder: str | None = None) -> Sheet:
    """Every coded row of ``path``; ``coder`` names the coder of rows that do not.

    Raises :class:`surveyapp.events.csvfiles.CsvProblem` when a required column is missing
    or the file is not UTF-8.
    """
    sheet = Sheet([], [], 0)
    seen: dict[tuple[int, str], CodingRow] = {}
    for line, row in read_rows(path, REQUIRED):
        code = " ".join(row.get("code", "").split())
        if not code:
            sheet.blank += 1
            continue
        parsed = _row(path, line, row.get("answer_id", ""), row.get("coder") or coder, code)
        if isinstance(parsed, str):
            sheet.errors.append((line, parsed))
            continue
        earlier = seen.setdefault((parsed.answer_id, parsed.coder), parsed)
        if earlier.code != parsed.code:
            message = (
                f"{path}: line {line}: code: coder {parsed.coder!r} already gave answer "
                f"{parsed.answer_id} the code {earlier.code!r} on line {earlier.line}"
            )
            sheet.errors.append((line, message))
        elif earlier is parsed:
            sheet.rows.append(parsed)
    return sheet


def _row(path: Path, line: int, answer_id: str, coder: str | None, code: str) -> CodingRow | str:
    where = f"{path}: line {line}"
    if not answer_id.isdigit() or int(answer_id) < 1:
        return f"{where}: answer_id: {answer_id!r} is not an answer id (a whole number)"
    coder = " ".join((coder or "").split())
    if not coder:
        return f"{where}: coder: missing (fill the column, or name the coder with --coder)"
    if len(coder) > CODER_MAX:
        return f"{where}: coder: longer than {CODER_MAX} characters"
    if len(code) > CODE_MAX:
        return f"{where}: code: longer than {CODE_MAX} characters"
    for column, value in (("coder", coder), ("code", code)):
        if any(unicodedata.category(char) == "Cc" for char in value):
            return f"{where}: {column}: contains a control character"
    return CodingRow(line, int(answer_id), coder, code)
