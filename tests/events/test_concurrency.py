"""The same batch posted twice at the same moment is stored once."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa

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
        with server.app.app_context():
            _, secret = create_api_key("race", ["events:write"])
            db.session.commit()

        def post(_: int) -> dict[str, int]:
            request = urllib.request.Request(
                f"{server.url}/api/v1/events",
                data=json.dumps(BATCH).encode(),
                method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {secret}"},
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)

        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(post, range(4)))

        assert all(r["rejected"] == [] for r in results)
        assert sum(r["duplicates"] for r in results) == 3 * 50
        with server.app.app_context():
            events = db.session.scalar(sa.select(sa.func.count()).select_from(ProductEvent))
            milestones = db.session.scalar(sa.select(sa.func.count()).select_from(MilestoneEvent))
        assert (events, milestones) == (50, 1)
