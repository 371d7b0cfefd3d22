"""Saving codings: every row checked first, then all saved or none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from surveyapp.audit.operations import record_access
from surveyapp.coding.models import AnswerCode
from surveyapp.coding.queries import rows_where_in
from surveyapp.coding.sheets import CodingRow
from surveyapp.core.db import db, utcnow
from surveyapp.respond.models import Answer


@dataclass(frozen=True)
class SavedCodings:
    added: int
    changed: int
    unchanged: int


def unknown_answers(rows: Sequence[CodingRow]) -> list[CodingRow]:
    """The rows whose answer id names no answer in the database."""
    ids = (row.answer_id for row in rows)
    known = {answer_id for (answer_id,) in rows_where_in(sa.select(Answer.id), Answer.id, ids)}
    return [row for row in rows if row.answer_id not in known]


def save_codings(rows: Sequence[CodingRow], who: str) -> SavedCodings:
    """Add or replace each coder's code of each answer (flushed, not committed), and note
    the import in the audit log as done by ``who``. The answers must exist."""
    existing = _existing(rows)
    added = changed = 0
    now = utcnow()
    for row in rows:
        coding = existing.get((row.answer_id, row.coder))
        if coding is None:
            db.session.add(
                AnswerCode(answer_id=row.answer_id, coder=row.coder, code=row.code, coded_at=now)
            )
            added += 1
        elif coding.code != row.code:
            coding.code, coding.coded_at = row.code, now
            changed += 1
    db.session.flush()
    result = SavedCodings(added, changed, len(rows) - added - changed)
    coders = ", ".join(sorted({row.coder for row in rows}))
    record_access(
        None,
        who,
        "import",
        f"codings of {len({row.answer_id for row in rows})} answers",
        f"coders {coders}: {added} added, {changed} changed, {result.unchanged} unchanged",
    )
    return result


def _existing(rows: Sequence[CodingRow]) -> dict[tuple[int, str], AnswerCode]:
    ids = (row.answer_id for row in rows)
    codings = rows_where_in(sa.select(AnswerCode), AnswerCode.answer_id, ids)
    return {(coding.answer_id, coding.coder): coding for (coding,) in codings}
