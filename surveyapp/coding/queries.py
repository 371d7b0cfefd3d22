"""Codings read back: for agreement between coders, and as coding sheets to fill in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVarTuple

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute

from surveyapp.coding.models import AnswerCode
from surveyapp.core.db import db
from surveyapp.invitations.models import Invitation
from surveyapp.respond.models import Answer, Response
from surveyapp.surveys.models import Survey

#: Columns of a coding sheet, as `surveyapp codes export` writes them.
SHEET_COLUMNS = [
    "answer_id",
    "account",
    "survey",
    "question",
    "locale",
    "answered_at",
    "text",
    "coder",
    "code",
]
#: Ids per ``IN (...)`` list, well under the bound parameters a statement may have
#: (32,766 on SQLite, 65,535 on PostgreSQL).
CHUNK = 500
Columns = TypeVarTuple("Columns")


def rows_where_in(
    query: sa.Select[*Columns], column: QueryableAttribute[int], ids: Iterable[int]
) -> Iterator[sa.Row[*Columns]]:
    """The rows of ``query`` whose ``column`` is one of ``ids``, asked for :data:`CHUNK`
    ids at a time in ascending order (so an ordered ``query`` stays ordered by id)."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield from db.session.execute(query.where(column.in_(ordered[start : start + CHUNK])))


def codings(survey: str | None = None, question: str | None = None) -> pd.DataFrame:
    """Every coding (``unit``: the answer id, ``coder``, ``code``), of one survey's and one
    question's answers when given, in answer and coder order."""
    query = (
        sa.select(AnswerCode.answer_id, AnswerCode.coder, AnswerCode.code)
        .join(Answer, AnswerCode.answer_id == Answer.id)
        .order_by(AnswerCode.answer_id, AnswerCode.coder)
    )
    if survey is not None:
        query = (
            query.join(Response, Answer.response_id == Response.id)
            .join(Invitation, Response.invitation_id == Invitation.id)
            .join(Survey, Invitation.survey_id == Survey.id)
            .where(Survey.key == survey)
        )
    if question is not None:
        query = query.where(Answer.question_key == question)
    return pd.DataFrame(db.session.execute(query).all(), columns=["unit", "coder", "code"])


def coding_sheet(answers: pd.DataFrame, coder: str | None = None) -> pd.DataFrame:
    """The open ``answers`` (as :func:`surveyapp.analyze.sources.open_answers` reads them)
    as a sheet of :data:`SHEET_COLUMNS`: a row per answer and coder who coded it, and one
    with blank coder and code for an answer not coded yet. With ``coder``, one row per
    answer for that coder, filled in where they have coded it already."""
    ids = _answer_ids(answers)
    sheet = answers.assign(answer_id=[ids[key] for key in _keys(answers)])
    coded = _codings_of(list(ids.values()))
    if coder is not None:
        coded = coded[coded["coder"] == coder]
        sheet = sheet.merge(coded, on="answer_id", how="left")
        sheet["coder"] = coder
    else:
        sheet = sheet.merge(coded, on="answer_id", how="left")
    sheet["answered_at"] = sheet["answered_at"].map(lambda stamp: stamp.isoformat())
    return sheet[SHEET_COLUMNS].fillna("")


def _keys(answers: pd.DataFrame) -> list[tuple[int, str]]:
    return list(zip(answers["response_id"].astype(int), answers["question"], strict=True))


def _answer_ids(answers: pd.DataFrame) -> dict[tuple[int, str], int]:
    query = sa.select(Answer.response_id, Answer.question_key, Answer.id)
    response_ids = (int(i) for i in answers["response_id"])
    return {(r, q): a for r, q, a in rows_where_in(query, Answer.response_id, response_ids)}


def _codings_of(answer_ids: list[int]) -> pd.DataFrame:
    query = sa.select(AnswerCode.answer_id, AnswerCode.coder, AnswerCode.code).order_by(
        AnswerCode.answer_id, AnswerCode.coder
    )
    rows = [tuple(row) for row in rows_where_in(query, AnswerCode.answer_id, answer_ids)]
    return pd.DataFrame(rows, columns=["answer_id", "coder", "code"])
