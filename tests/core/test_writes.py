"""A request's direct writes (surveyapp/core/writes.py): its own transaction on a pooled
driver connection, committed or rolled back with the response, with no session write
beside it."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from surveyapp.banks.loader import load_file
from surveyapp.core.db import db
from surveyapp.core.driver import Command, run_on
from surveyapp.core.requests import commit_or_roll_back
from surveyapp.core.writes import abandon_writes, finish_direct_writes, write_directly
from surveyapp.invitations.models import Invitation
from surveyapp.respond import operations
from surveyapp.respond.models import Answer, Response
from tests.conftest import DATA, TEST_CONFIG, csrf_token_of
from tests.support.studies import invited_app


@pytest.fixture
def engine_app(backend: str, tmp_path: Path) -> Iterator[tuple[Flask, int, str]]:
    """An app bound to its engine, with one invitation: (app, invitation id, token)."""
    with invited_app(backend, tmp_path, TEST_CONFIG, DATA / "all-types.yaml") as invited:
        yield invited


def stored(app: Flask) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What another transaction sees: the answers, and the responses' (locale, completed)."""
    with app.app_context():
        answers = db.session.execute(
            sa.select(Answer.question_key, Answer.value).order_by(Answer.question_key)
        ).all()
        responses = db.session.execute(sa.select(Response.locale, Response.completed_at)).all()
        db.session.rollback()
    return [tuple(row) for row in answers], [tuple(row) for row in responses]


def test_writes_wait_for_the_commit_and_then_are_all_there(
    engine_app: tuple[Flask, int, str],
) -> None:
    app, invitation_id, token = engine_app
    section = load_file(DATA / "all-types.yaml").sections[0]
    with app.test_request_context(f"/s/{token}", method="POST"):
        write_directly()
        operations.save_page(invitation_id, section, {"outcome": "Fast"}, "pt")
        operations.record_opened(invitation_id)
        assert stored(app) == ([], [])  # not committed yet
        finish_direct_writes(commit=True)
    answers, responses = stored(app)
    assert answers == [("outcome", "Fast")]
    assert responses == [("pt", None)]
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).opened_at is not None  # type: ignore[union-attr]


def test_a_failed_response_keeps_nothing(engine_app: tuple[Flask, int, str]) -> None:
    app, invitation_id, token = engine_app
    section = load_file(DATA / "all-types.yaml").sections[0]
    with app.test_request_context(f"/s/{token}", method="POST"):
        write_directly()
        operations.save_page(invitation_id, section, {"outcome": "Fast"}, "en")
        commit_or_roll_back(Flask.response_class(status=500))
    assert stored(app) == ([], [])
    with app.test_request_context(f"/s/{token}", method="POST"):
        write_directly()
        operations.save_page(invitation_id, section, {"outcome": "Dropped"}, "en")
        abandon_writes()  # as a page with errors does, before rendering it
        with pytest.raises(RuntimeError, match="rolled back"):  # not outside the lock
            operations.save_page(invitation_id, section, {"outcome": "Later"}, "en")
        commit_or_roll_back(Flask.response_class(status=303))
    assert stored(app) == ([], [])


def test_a_session_write_beside_them_is_refused(engine_app: tuple[Flask, int, str]) -> None:
    app, invitation_id, token = engine_app
    with app.test_request_context(f"/s/{token}", method="POST"):
        write_directly()
        assert db.session.get(Invitation, invitation_id) is not None  # reading is fine
        with pytest.raises(RuntimeError, match="writes directly"):
            db.session.execute(sa.update(Invitation).values(opened_at=None))
        finish_direct_writes(commit=False)


def test_the_connection_goes_back_to_the_pool_as_it_came(
    engine_app: tuple[Flask, int, str],
) -> None:
    app, invitation_id, token = engine_app
    section = load_file(DATA / "all-types.yaml").sections[0]
    engine = app.extensions["surveyapp.db"].engine
    with app.test_request_context(f"/s/{token}", method="POST"):
        write_directly()
        operations.save_page(invitation_id, section, {"outcome": "Fast"}, "en")
        finish_direct_writes(commit=True)
    connection = engine.raw_connection()
    try:
        driver = connection.driver_connection
        if engine.dialect.name == "postgresql":
            assert driver.autocommit is False
            assert driver.info.transaction_status.name == "IDLE"
        else:
            assert not driver.in_transaction
    finally:
        connection.close()


def test_pages_saved_through_the_app_end_committed(engine_app: tuple[Flask, int, str]) -> None:
    """The respondent's pages write directly; a page with an error changes nothing."""
    app, _, token = engine_app
    client = app.test_client()
    html = client.get(f"/s/{token}?page=start").get_data(as_text=True)
    form = {"csrf_token": csrf_token_of(html), "section": "start", "outcome": "Fast"}
    bad = client.post(f"/s/{token}", data={**form, "reached": "not-a-choice"})
    assert bad.status_code == 422
    assert stored(app) == ([], [])
    good = client.post(f"/s/{token}", data={**form, "headline": "Sooner", "reached": "no"})
    assert good.status_code == 303
    answers, responses = stored(app)
    assert [key for key, _ in answers] == ["headline", "outcome", "reached"]
    assert responses == [("en", None)]


def test_kept_cursors_go_with_their_connection(engine_app: tuple[Flask, int, str]) -> None:
    """Cursors kept for a pooled connection are made anew when it reconnects, and do not
    keep alive the connections the pool drops (its overflow)."""
    app, _, _ = engine_app
    engine = app.extensions["surveyapp.db"].engine
    select_one = [(Command("SELECT 1"), None)]
    with app.app_context():
        first = engine.raw_connection()
        run_on(first, select_one)
        first.invalidate()  # a server restart, say: the pool entry reconnects
        first.close()
        again = engine.raw_connection()
        run_on(again, select_one)  # would fail on a closed connection's cursor
        owner, _ = again.info["surveyapp.cursors"]
        assert owner is again.driver_connection
        again.close()
        many = [engine.raw_connection() for _ in range(engine.pool.size() + 3)]
        for connection in many:
            run_on(connection, select_one)
        drivers = [weakref.ref(connection.driver_connection) for connection in many]
        for connection in many:
            connection.close()
        del many, connection
    gc.collect()
    assert sum(driver() is not None for driver in drivers) <= engine.pool.size()
