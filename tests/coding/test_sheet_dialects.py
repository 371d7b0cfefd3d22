"""Coding sheets as spreadsheets in other languages save them (semicolons, tabs, a byte
order mark, Windows line ends): the same codes as the comma sheet; errors name the line."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from surveyapp.coding.cli import codes_cli
from surveyapp.coding.models import AnswerCode
from surveyapp.core.db import db

COLUMNS = ["answer_id", "text", "coder", "code"]


def write(path: Path, rows: list[list[Any]], delimiter: str, encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)  # Windows line ends, as Excel's
        writer.writerows([COLUMNS, *rows])
    return path


def codes_of(coder: str) -> dict[int, str]:
    query = sa.select(AnswerCode.answer_id, AnswerCode.code).where(AnswerCode.coder == coder)
    return dict(db.session.execute(query).all())  # type: ignore[arg-type]


def test_semicolon_and_tab_sheets_import_the_codes_of_the_comma_sheet(
    study: None, run: Any, tmp_path: Path
) -> None:
    answers = db.session.scalars(sa.select(AnswerCode.answer_id).distinct().limit(6)).all()
    codes = ["faster_reporting", "time, not money", "a;b", "não sei", "plain", "x|y"]
    rows = [
        [answer, "fast; cheap, good\nsecond line", "Ana", code]
        for answer, code in zip(answers, codes, strict=True)
    ]
    comma = write(tmp_path / "comma.csv", rows, ",")
    result = run(codes_cli, "import", comma)
    assert result.exit_code == 0, result.output
    assert "Codings saved: 6 added, 0 changed, 0 unchanged" in result.output
    assert codes_of("Ana") == dict(zip(answers, codes, strict=True))
    semicolon = write(tmp_path / "semicolon.csv", rows, ";", encoding="utf-8-sig")
    tab = write(tmp_path / "tab.tsv", rows, "\t")
    for path in (semicolon, tab):
        result = run(codes_cli, "import", path)
        assert result.exit_code == 0, result.output
        assert "Codings saved: 0 added, 0 changed, 6 unchanged" in result.output
    rows[0][3] = "changed"
    result = run(codes_cli, "import", write(tmp_path / "changed.csv", rows, ";"))
    assert "Codings saved: 0 added, 1 changed, 5 unchanged" in result.output
    assert codes_of("Ana")[answers[0]] == "changed"


def test_an_unknown_separator_or_encoding_names_the_file_and_line(
    study: None, run: Any, tmp_path: Path
) -> None:
    answer = db.session.scalar(sa.select(AnswerCode.answer_id).limit(1))
    colons = tmp_path / "colons.csv"
    colons.write_text(f"answer_id:coder:code\n{answer}:Eve:a\n", encoding="utf-8")
    result = run(codes_cli, "import", colons)
    assert result.exit_code == 1
    assert f"{colons}: line 1: missing column(s) answer_id, code" in result.output
    latin1 = write(tmp_path / "latin1.csv", [[answer, "", "Eve", "a"], [answer, "", "Eve", "não"]],
                   ";", encoding="cp1252")  # fmt: skip
    result = run(codes_cli, "import", latin1)
    assert result.exit_code == 1
    assert f"{latin1}: line 3: not UTF-8 text (save it as UTF-8)" in result.output
    assert codes_of("Eve") == {}
