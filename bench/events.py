"""Benchmark the events API: events/s for batches of 100, against the bare insert ceiling.

Usage: python bench/events.py [--backend sqlite|postgresql|both] [--seconds 10]

For each backend, on a fresh database: the app under gunicorn (2 workers) takes batches of 100
`track` calls from 8 concurrent clients for a fixed time; in the same run, the same rows are
inserted straight into the events table in batches of 100 (the ceiling: no HTTP, no checks,
no milestones). Prints events/s for both and the ratio (target >= 0.5).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.respond import fresh_url, gunicorn  # noqa: E402
from surveyapp import create_app  # noqa: E402
from surveyapp.apikeys.operations import create_api_key  # noqa: E402
from surveyapp.core import migrate  # noqa: E402
from surveyapp.core.db import create_engine, db  # noqa: E402
from surveyapp.events.models import ProductEvent  # noqa: E402

BATCH = 100
CLIENTS = 8
USERS = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=10)
    options = parser.parse_args()
    backends = ["sqlite", "postgresql"] if options.backend == "both" else [options.backend]
    for backend in backends:
        with fresh_url(backend) as url:
            print(f"\n=== {backend}: batches of {BATCH}, {CLIENTS} clients, "
                  f"{options.seconds}s, gunicorn 2 workers ===", flush=True)
            api = api_rate(url, options.seconds)
        with fresh_url(backend) as url:
            bare = bare_rate(url, options.seconds)
        print(f"API:  {api:8.0f} events/s")
        print(f"bare: {bare:8.0f} events/s (insert only)")
        print(f"ratio: {api / bare:.2f}x (target >= 0.5)")


def api_rate(url: str, seconds: int) -> float:
    secret = setup(url)
    env = {"SURVEYAPP_DATABASE_URL": url, "SURVEYAPP_SECRET_KEY": "bench", "PATH": ""}
    with gunicorn("surveyapp:create_app()", {**dict(__import__("os").environ), **env}) as base:
        deadline = time.monotonic() + seconds
        counts = [0] * CLIENTS
        threads = [threading.Thread(target=client, args=(base, secret, deadline, counts, i))
                   for i in range(CLIENTS)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(counts) / (time.monotonic() - started)


def setup(url: str) -> str:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        migrate.upgrade(db.engine)
        _, secret = create_api_key("bench", ["events:write"])
        db.session.commit()
        db.engine.dispose()
    return secret


def client(base: str, secret: str, deadline: float, counts: list[int], index: int) -> None:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    users = itertools.cycle(range(index, USERS, CLIENTS))
    while time.monotonic() < deadline:
        batch = [{"type": "track", "userId": f"u{next(users)}", "event": "feature_used",
                  "messageId": uuid.uuid4().hex, "context": {"groupId": "acme"},
                  "properties": {"feature": "reports"}} for _ in range(BATCH)]
        connection.request("POST", "/api/v1/events", json.dumps({"batch": batch}), headers)
        response = connection.getresponse()
        body = json.loads(response.read())
        if response.status != 200 or body["rejected"]:
            raise RuntimeError(f"unexpected answer {response.status}: {body}")
        counts[index] += body["accepted"]


def bare_rate(url: str, seconds: int) -> float:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        migrate.upgrade(db.engine)
    engine = create_engine(url)
    inserted, started = 0, time.monotonic()
    while time.monotonic() - started < seconds:
        now = datetime.now(UTC)
        rows = [{"dedupe_key": uuid.uuid4().hex, "user_id": "u1", "event": "feature_used",
                 "occurred_at": now, "received_at": now, "properties": {"feature": "reports"}}
                for _ in range(BATCH)]
        with engine.begin() as connection:
            connection.execute(sa.insert(ProductEvent), rows)
        inserted += BATCH
    engine.dispose()
    return inserted / (time.monotonic() - started)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory():
        main()
