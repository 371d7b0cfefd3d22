"""PostgreSQL saves write only if the response is still the version they read (each save its
own transaction, as in a request: a version is the transaction that wrote the row)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from surveyapp.banks.loader import load_file
from surveyapp.core.db import db
from surveyapp.invitations.models import Invitation
from surveyapp.respond import operations, queries
from surveyapp.respond.models import Answer, Response, SavedPage
from tests.conftest import DATA, TEST_CONFIG
from tests.support.studies import invited_app


@pytest.fixture
def link(backend: str, tmp_path: Path) -> Iterator[tuple[int, str]]:
    if backend != "postgresql":
        pytest.skip("SQLite saves hold the write lock instead (core/writes.py)")
    with invited_app(backend, tmp_path, TEST_CONFIG, DATA / "all-types.yaml") as invited:
        yield invited.invitation_id, invited.token


def save(invitation_id: int, seen: str | None, *change: Any, complete: bool) -> bool:
    """One save, committed."""
    page_change = operations.PageChange(*change, complete=complete)
    saved = operations.save_if_unchanged(invitation_id, seen, page_change)
    db.session.commit()
    return saved


def version(token: str) -> str | None:
    opened = queries.open_link(token)
    db.session.commit()
    assert opened is not None
    return opened[0].response_version


def stored() -> tuple[dict[str, object], set[str], int, bool]:
    answers = dict(db.session.execute(sa.select(Answer.question_key, Answer.value)).all())
    pages = set(db.session.scalars(sa.select(SavedPage.section_key)))
    responses = db.session.scalar(sa.select(sa.func.count()).select_from(Response)) or 0
    completed = db.session.scalar(sa.select(Invitation.completed_at)) is not None
    return answers, pages, responses, completed


def test_a_save_over_a_version_it_did_not_read_writes_nothing(link: tuple[int, str]) -> None:
    invitation_id, token = link
    start, details, *_ = load_file(DATA / "all-types.yaml").sections
    assert version(token) is None
    assert save(invitation_id, None, start, {"outcome": "A"}, "en", [], [], complete=False)
    first = version(token)
    assert first is not None

    # Another tab saved since "first" was read: a save over "first" must not write.
    assert save(invitation_id, first, start, {"outcome": "B"}, "en", [], [], complete=False)
    assert not save(invitation_id, first, start, {"outcome": "C"}, "en", [], [], complete=True)
    assert not save(invitation_id, None, start, {"outcome": "D"}, "en", [], [], complete=False)
    assert stored() == ({"outcome": "B"}, {"start"}, 1, False)

    # Over the version now stored it writes: answers hidden go, a page unsaved is unsaved.
    assert save(
        invitation_id,
        version(token),
        details,
        {"layers": ["functional"]},
        "fa",
        ["outcome"],
        ["start"],
        complete=True,
    )
    assert stored() == ({"layers": ["functional"]}, {"details"}, 1, True)
    assert db.session.scalar(sa.select(Response.locale)) == "fa"
