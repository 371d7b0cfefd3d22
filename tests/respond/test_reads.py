"""The survey page's reads straight on the driver give what the session's reads give."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import g

from surveyapp import create_app
from surveyapp.accounts.operations import upsert_contact
from surveyapp.banks.loader import load_file
from surveyapp.core.db import db, start_writing, utcnow
from surveyapp.invitations.operations import create_invitation
from surveyapp.invitations.tokens import hash_token
from surveyapp.respond import operations, queries
from surveyapp.respond.models import Answer, Response, SavedPage
from surveyapp.surveys.operations import create_survey
from tests.conftest import DATA, TEST_CONFIG
from tests.support.databases import fresh_database, migrate_to_head


def test_prepared_writes_store_what_the_session_reads_back(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        migrate_to_head(url)
        app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
        try:
            with app.app_context():
                bank = load_file(DATA / "all-types.yaml")
                invitation, _ = create_invitation(
                    create_survey("writes", bank), upsert_contact("w@example.com")
                )
                before = utcnow()
                first = {"outcome": "One", "headline": "Two", "reached": {"choice": "no"}}
                operations.save_page(invitation.id, bank.sections[0], first, "en")
                again = {"outcome": "Again", "headline": None, "reached": {"choice": "yes"}}
                operations.save_page(invitation.id, bank.sections[0], again, "fa")
                db.session.commit()
                response = db.session.scalars(sa.select(Response)).one()
                answers = db.session.scalars(sa.select(Answer)).all()
                pages = db.session.scalars(sa.select(SavedPage)).all()
        finally:
            app.extensions["surveyapp.db"].engine.dispose()

    assert response.locale == "fa" and response.updated_at >= before
    assert {a.question_key: a.value for a in answers} == {
        "outcome": "Again",
        "reached": {"choice": "yes"},
    }
    assert all(a.answered_at >= before and a.answered_at.tzinfo is not None for a in answers)
    assert [(p.section_key, p.saved_at >= before) for p in pages] == [("start", True)]


def test_reads_on_the_driver_match_the_sessions(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        migrate_to_head(url)
        app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
        with app.app_context():
            bank = load_file(DATA / "all-types.yaml")
            invitation, token = create_invitation(
                create_survey("reads", bank), upsert_contact("r@example.com", locale="fa")
            )
            invitation.expires_at = utcnow() + timedelta(days=3)
            operations.save_page(
                invitation.id,
                bank.sections[0],
                {"outcome": 'Fast & "safe" ۱۲', "headline": None, "reached": {"choice": "yes"}},
                "fa",
            )
            operations.record_opened(invitation.id)
            db.session.commit()
            response_id = db.session.scalar(sa.select(Response.id))
        try:
            with app.test_request_context(f"/s/{token}"):
                link = queries.link_for_token(token)
                state = queries.answers_and_saved_pages(response_id)
                assert g.get("db_reader") is not None  # read on the driver
                assert queries.open_link(token, saving=True) == (link, *state)  # one statement
                start_writing()
                assert g.get("db_reader") is None  # given back
                assert queries.open_link(token, lock=True) == (link, *state)
                assert queries.answers_and_saved_pages(response_id) == state
                db.session.rollback()
        finally:
            app.extensions["surveyapp.db"].engine.dispose()

    assert link is not None
    assert link.token_hash == hash_token(token)
    assert link.opened_at is not None and link.opened_at.tzinfo is not None
    assert link.expires_at is not None and link.expires_at > utcnow()
    assert (link.response_id, link.response_locale, link.contact_locale) == (
        response_id,
        "fa",
        "fa",
    )
    assert state == (
        {"outcome": 'Fast & "safe" ۱۲', "reached": {"choice": "yes"}},
        {bank.sections[0].key},
    )
