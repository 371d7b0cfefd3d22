"""Codings of open answers: sheets out (`codes export`), codings in (`codes import`), and
agreement between the coders read from the database (`analyze agreement` without --input)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from surveyapp.analyze.cli import analyze_cli
from surveyapp.audit.models import AuditEvent
from surveyapp.coding.cli import codes_cli
from surveyapp.coding.models import AnswerCode
from surveyapp.core.db import db


def read_sheet(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_sheet(path: Path, rows: list[dict[str, Any]], columns: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def agreement(run: Any, tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "agreement.json"
    result = run(analyze_cli, "agreement", "--json", out, *args)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def codings_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AnswerCode)) or 0


def test_agreement_from_the_database_equals_the_csv_path_and_keeps_the_planted_order(
    study: None, run: Any, tmp_path: Path
) -> None:
    from_db = agreement(run, tmp_path)
    rows = db.session.execute(
        sa.select(AnswerCode.answer_id, AnswerCode.coder, AnswerCode.code)
    ).all()
    path = write_sheet(
        tmp_path / "codings.csv",
        [{"unit": u, "coder": c, "code": k} for u, c, k in rows],
        ["unit", "coder", "code"],
    )
    from_csv = agreement(
        run,
        tmp_path,
        "--input", str(path), "--unit-column", "unit", "--coder-column", "coder",
        "--code-column", "code",
    )  # fmt: skip
    assert from_db.keys() == from_csv.keys()
    kappa = from_db["cohen_kappa"]
    assert kappa == pytest.approx(from_csv["cohen_kappa"], rel=1e-12)
    for key, value in from_csv.items():
        if key != "cohen_kappa":
            assert from_db[key] == (pytest.approx(value) if isinstance(value, float) else value)
    assert from_db["n_coders"] == 3 and from_db["n_units"] > 10
    # Coders A, B and C mis-code 5 %, 10 % and 20 % of the answers: A and B agree most.
    assert kappa["Coder A|Coder B"] > kappa["Coder B|Coder C"]
    assert 0.4 < from_db["krippendorff_alpha"] < 1.0


def test_a_sheet_goes_out_and_comes_back_coded_by_a_new_coder(
    study: None, run: Any, tmp_path: Path
) -> None:
    sheet_path = tmp_path / "sheet.csv"
    result = run(codes_cli, "export", "--output", sheet_path, "--coder", "Dana")
    assert result.exit_code == 0, result.output
    sheet = read_sheet(sheet_path)
    assert sheet and all(row["coder"] == "Dana" and row["code"] == "" for row in sheet)
    assert {row["question"] for row in sheet} >= {"first_outcome"}
    # Dana codes the expected outcomes as coder A did, except for one answer.
    coder_a: dict[int, str] = dict(
        db.session.execute(  # type: ignore[arg-type]
            sa.select(AnswerCode.answer_id, AnswerCode.code).where(AnswerCode.coder == "Coder A")
        ).all()
    )
    for row in sheet:
        row["code"] = coder_a.get(int(row["answer_id"]), "")
    first = next(row for row in sheet if row["code"])
    first["code"] = "something else"
    write_sheet(sheet_path, sheet, list(sheet[0]))
    before = codings_count()
    result = run(codes_cli, "import", sheet_path)
    assert result.exit_code == 0, result.output
    added = sum(1 for row in sheet if row["code"])
    assert f"Codings saved: {added} added, 0 changed, 0 unchanged" in result.output
    assert codings_count() == before + added
    figures = agreement(run, tmp_path)
    assert figures["n_coders"] == 4
    assert figures["cohen_kappa"]["Coder A|Dana"] > 0.95
    listing = run(codes_cli, "list")
    assert "Dana\t" + str(added) + " answers" in listing.output
    audit = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "import")).all()
    assert any("Dana" in (event.detail or "") for event in audit)
    # The same sheet again changes nothing; one code edited changes one coding.
    assert "0 added, 0 changed" in run(codes_cli, "import", sheet_path).output
    first["code"] = coder_a[int(first["answer_id"])]
    write_sheet(sheet_path, sheet, list(sheet[0]))
    assert "0 added, 1 changed" in run(codes_cli, "import", sheet_path).output
    assert codings_count() == before + added


def test_an_export_without_a_coder_lists_each_coding_and_the_uncoded_answers(
    study: None, run: Any, tmp_path: Path
) -> None:
    sheet_path = tmp_path / "all.csv"
    result = run(codes_cli, "export", "--output", sheet_path, "--question", "first_outcome")
    assert result.exit_code == 0, result.output
    sheet = read_sheet(sheet_path)
    coded = [row for row in sheet if row["coder"]]
    assert len(coded) == codings_count()
    assert {row["coder"] for row in coded} == {"Coder A", "Coder B", "Coder C"}
    assert any(not row["coder"] and not row["code"] for row in sheet)  # untreated themes
    assert all(row["text"] for row in sheet)


def test_a_sheet_with_errors_names_each_line_and_saves_nothing(
    study: None, run: Any, tmp_path: Path
) -> None:
    answer = db.session.scalar(sa.select(AnswerCode.answer_id).limit(1))
    path = write_sheet(
        tmp_path / "bad.csv",
        [
            {"answer_id": answer, "coder": "Eve", "code": "faster_reporting"},  # fine
            {"answer_id": "x1", "coder": "Eve", "code": "a"},
            {"answer_id": 99_999_999, "coder": "Eve", "code": "a"},
            {"answer_id": answer, "coder": "", "code": "a"},
            {"answer_id": answer, "coder": "Eve", "code": "other_code"},
            {"answer_id": answer, "coder": "Eve", "code": "x" * 201},
            {"answer_id": answer, "coder": "Fay", "code": ""},  # blank: not coded yet
            {"answer_id": answer, "coder": "Gus", "code": "a\x00b"},
        ],
        ["answer_id", "coder", "code"],
    )
    before = codings_count()
    result = run(codes_cli, "import", path)
    assert result.exit_code == 1
    for line, words in [
        (3, "answer_id: 'x1' is not an answer id"),
        (4, "answer_id: no answer 99999999 in the database"),
        (5, "coder: missing"),
        (6, "code: coder 'Eve' already gave answer"),
        (7, "code: longer than 200 characters"),
        (9, "code: contains a control character"),
    ]:
        assert f"{path}: line {line}: {words}" in result.output, result.output
    assert "6 error(s); nothing was saved" in result.output
    assert codings_count() == before
    missing = write_sheet(tmp_path / "no-code.csv", [{"answer_id": 1}], ["answer_id", "coder"])
    result = run(codes_cli, "import", missing)
    assert result.exit_code == 1 and "line 1: missing column(s) code" in result.output


def test_coder_option_dry_run_and_filters(study: None, run: Any, tmp_path: Path) -> None:
    answers = db.session.scalars(sa.select(AnswerCode.answer_id).distinct().limit(5)).all()
    path = write_sheet(
        tmp_path / "one-coder.csv",
        [{"answer_id": a, "code": "faster_reporting"} for a in answers],
        ["answer_id", "code"],
    )
    before = codings_count()
    result = run(codes_cli, "import", path)
    assert result.exit_code == 1 and "name the coder with --coder" in result.output
    result = run(codes_cli, "import", path, "--coder", "Gil", "--dry-run")
    assert result.exit_code == 0 and "Dry run, nothing saved: 5 added" in result.output
    assert codings_count() == before
    result = run(codes_cli, "import", path, "--coder", "Gil")
    assert result.exit_code == 0 and codings_count() == before + 5
    # Filters: a question nobody coded has no codings; a survey narrows them down.
    out = tmp_path / "a.json"
    result = run(analyze_cli, "agreement", "--question", "success_signal", "--json", out)
    assert result.exit_code == 1
    assert "no codings of question 'success_signal'" in result.output
    assert "surveyapp codes import" in result.output
    assert agreement(run, tmp_path, "--survey", "value-definition")["n_coders"] == 4
    result = run(analyze_cli, "agreement", "--survey", "value-definition", "--level", "interval",
                 "--json", out)  # fmt: skip
    assert result.exit_code == 1 and "not a number as --level interval needs" in result.output
    result = run(analyze_cli, "agreement", "--unit-column", "u", "--json", out)
    assert result.exit_code == 2 and "only applies to CSV input" in result.output
