"""Driving the respondent pages through the Flask test client."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from surveyapp.core.db import db
from surveyapp.respond.models import Answer, Response, SavedPage
from tests.conftest import csrf_token_of


def open_page(client: FlaskClient, token: str, page: str | None = None, **args: str) -> Any:
    query = {"page": page, **args} if page else args
    return client.get(f"/s/{token}", query_string=query)


def post_page(
    client: FlaskClient, token: str, section: str, answers: dict[str, Any], *, csrf: bool = True
) -> Any:
    form: dict[str, Any] = {"section": section, **answers}
    if csrf:  # the token is per session: any page of the survey carries it
        page = open_page(client, token, section)
        if page.status_code == 302:
            page = client.get(page.headers["Location"])
        form["csrf_token"] = csrf_token_of(page.get_data(True))
    return client.post(f"/s/{token}", data=form)


PAGE_1 = {"outcome": "Ship invoices in one day", "headline": "Faster billing", "reached": "yes"}
PAGE_2 = {"layers": ["functional", "strategic"], "quality": "4", "recommend": "9"}
PAGE_3 = {"timeframe": "60", "reached_on": "2026-01-15"}


def state() -> dict[str, Any]:
    """Everything the respondent can change, to compare before and after a request."""
    db.session.expire_all()
    return {
        "responses": db.session.execute(
            sa.select(Response.invitation_id, Response.completed_at, Response.locale)
        ).all(),
        "answers": sorted(
            db.session.execute(
                sa.select(Answer.response_id, Answer.question_key, Answer.value)
            ).all(),
            key=str,
        ),
        "pages": sorted(
            db.session.execute(sa.select(SavedPage.response_id, SavedPage.section_key)).all()
        ),
    }


def answers_of(invitation_id: int) -> dict[str, Any]:
    db.session.expire_all()
    rows = db.session.execute(
        sa.select(Answer.question_key, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.invitation_id == invitation_id)
    )
    return {key: value for key, value in rows}  # noqa: C416 (Row -> pair)
