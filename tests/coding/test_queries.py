"""Lookups by a list of ids longer than one ``IN (...)`` chunk return every row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from surveyapp.coding import queries
from surveyapp.coding.models import AnswerCode
from surveyapp.coding.operations import unknown_answers
from surveyapp.coding.queries import rows_where_in
from surveyapp.coding.sheets import CodingRow
from surveyapp.core.db import db
from surveyapp.respond.models import Answer

CHUNK = 7


@pytest.fixture
def selects(study: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The SELECT statements run, with :data:`queries.CHUNK` made small."""
    monkeypatch.setattr(queries, "CHUNK", CHUNK)
    statements: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    yield statements
    sa.event.remove(db.engine, "before_cursor_execute", note)


def test_a_lookup_of_more_ids_than_a_chunk_returns_every_row(selects: list[str]) -> None:
    query = sa.select(AnswerCode.answer_id, AnswerCode.coder, AnswerCode.code)
    every = db.session.execute(query.order_by(AnswerCode.answer_id, AnswerCode.coder)).all()
    ids = [answer for answer, _coder, _code in every]
    assert len(set(ids)) > 3 * CHUNK
    selects.clear()
    ordered = query.order_by(AnswerCode.answer_id, AnswerCode.coder)
    found = list(rows_where_in(ordered, AnswerCode.answer_id, reversed(ids)))
    assert found == every
    assert len(selects) == -(-len(set(ids)) // CHUNK)  # one statement per chunk


def test_unknown_answers_checks_every_chunk(selects: list[str]) -> None:
    answers = db.session.scalars(sa.select(Answer.id).order_by(Answer.id)).all()
    assert len(answers) > 3 * CHUNK
    missing = [answers[-1] + 1, answers[-1] + 2]
    rows = [CodingRow(line, answer, "Ana", "a") for line, answer in enumerate(answers + missing)]
    assert [row.answer_id for row in unknown_answers(rows)] == missing
