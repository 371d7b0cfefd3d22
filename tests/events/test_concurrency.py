"""The same batch posted twice at the same moment is stored once."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from surveyapp.accounts.models import Account, Contact
from surveyapp.apikeys.operations import create_api_key
from surveyapp.core.db import db
from surveyapp.events.models import MilestoneEvent, ProductEvent
from tests.conftest import TEST_CONFIG
from tests.support.databases import fresh_database
from tests.support.live import live_server

BATCH = {
    "batch": [
        {"type": "group", "groupId": "acme", "traits": {"name": "Acme"}},
        {
            "type": "identify",
            "userId": "u1",
            "groupId": "acme",
            "traits": {"email": "a@acme.example"},
        },
        *[
            {
                "type": "track",
                "userId": "u1",
                "event": "report_shared" if i == 0 else "login",
                "messageId": f"m-{i}",
                "timestamp": 1767225600 + i,
            }
            for i in range(50)
        ],
    ]
}


def test_same_batch_twice_at_once(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url, live_server(url, TEST_CONFIG) as server:
        results = post_at_once(server, BATCH, 4)

        assert all(r["rejected"] == [] for r in results)
        assert sum(r["duplicates"] for r in results) == 3 * 50
        assert counts(server) == (50, 1)


def test_events_alone_twice_at_once_for_new_and_known_people(backend: str, tmp_path: Path) -> None:
    """A batch of events alone looks its people up before it writes: whoever is new is
    created once, and every event goes to the account its contact or group names."""
    tracks = [call for call in BATCH["batch"] if call.get("type") == "track"]
    newcomers = [
        {"type": "track", "userId": f"new{i % 3}", "event": "login", "messageId": f"n-{i}",
         "context": {"groupId": "newco"}}
        for i in range(6)
    ]  # fmt: skip
    with fresh_database(backend, tmp_path) as url, live_server(url, TEST_CONFIG) as server:
        post_at_once(server, {"batch": BATCH["batch"][:2]}, 1)  # acme and u1, no events
        results = post_at_once(server, {"batch": tracks + newcomers}, 4)

        assert all(r["rejected"] == [] for r in results)
        assert sum(r["accepted"] for r in results) == 56
        assert counts(server) == (56, 1)
        with server.app.app_context():
            owners = db.session.execute(
                sa.select(Account.external_id, sa.func.count())
                .join(ProductEvent, ProductEvent.account_id == Account.id)
                .group_by(Account.external_id)
            ).all()
            people = db.session.scalar(sa.select(sa.func.count()).select_from(Contact))
        assert sorted(owners) == [("acme", 50), ("newco", 6)] and people == 4


def post_at_once(server: Any, body: dict[str, Any], times: int) -> list[dict[str, int]]:
    with server.app.app_context():
        _, secret = create_api_key("race", ["events:write"])
        db.session.commit()

    def post(_: int) -> dict[str, int]:
        request = urllib.request.Request(
            f"{server.url}/api/v1/events",
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {secret}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(post, range(times)))


def counts(server: Any) -> tuple[int, int]:
    with server.app.app_context():
        events = db.session.scalar(sa.select(sa.func.count()).select_from(ProductEvent))
        milestones = db.session.scalar(sa.select(sa.func.count()).select_from(MilestoneEvent))
    return events, milestones
