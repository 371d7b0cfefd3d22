"""Codings read back: for agreement between coders, and as coding sheets to fill in."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

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
CHUNK = 500


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
    response_ids = sorted({int(i) for i in answers["response_id"]})
    found: dict[tuple[int, str], int] = {}
    for start in range(0, len(response_ids), CHUNK):
        query = sa.select(Answer.response_id, Answer.question_key, Answer.id).where(
            Answer.response_id.in_(response_ids[start : start + CHUNK])
        )
        found.update({(r, q): a for r, q, a in db.session.execute(query)})
    return found


def _codings_of(answer_ids: list[int]) -> pd.DataFrame:
    rows: list[tuple[int, str, str]] = []
    ordered = sorted(answer_ids)
    for start in range(0, len(ordered), CHUNK):
        query = (
            sa.select(AnswerCode.answer_id, AnswerCode.coder, AnswerCode.code)
            .where(AnswerCode.answer_id.in_(ordered[start : start + CHUNK]))
            .order_by(AnswerCode.answer_id, AnswerCode.coder)
        )
        rows.extend(tuple(row) for row in db.session.execute(query))
    return pd.DataFrame(rows, columns=["answer_id", "coder", "code"])
