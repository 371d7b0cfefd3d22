"""Benchmark the events API: events/s for batches of 100, against a bare Flask app.

Usage: python bench/events.py [--backend sqlite|postgresql|both] [--seconds 10]

For each backend, each on a fresh database, under the same server setup (gunicorn, 2 workers)
and the same load (8 concurrent clients posting the same batches of 100 `track` calls), the two
servers loaded in turn, ROUNDS rounds of SECONDS / ROUNDS each, so that a change in the
machine's load hits both alike:

- API: POST /api/v1/events of the app (API key, checks, accounts and contacts, idempotent
  insert, milestones);
- bare: a Flask app that stores each posted batch as the same event rows with one plain
  INSERT in one transaction, nothing else (the ceiling for a web app storing these events).

Prints events/s for both and the ratio (target >= 0.5). For reference it also prints the
rate of the same INSERTs run in this process with no HTTP at all.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, request

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
ROUNDS = 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=10)
    options = parser.parse_args()
    backends = ["sqlite", "postgresql"] if options.backend == "both" else [options.backend]
    for backend in backends:
        print(
            f"\n=== {backend}: batches of {BATCH}, {CLIENTS} clients, "
            f"{options.seconds}s each, gunicorn 2 workers ===",
            flush=True,
        )
        api, bare = alternating(backend, options.seconds)
        with fresh_url(backend) as url:
            insert_only = insert_rate(url, options.seconds)
        print(f"API:  {api:8.0f} events/s")
        print(f"bare: {bare:8.0f} events/s (bare Flask app: one INSERT per batch)")
        print(f"ratio: {api / bare:.2f}x (target >= 0.5)")
        print(
            f"(insert only, in this process, no HTTP: {insert_only:.0f} events/s; "
            f"API / that = {api / insert_only:.2f}x)",
            flush=True,
        )


def alternating(backend: str, seconds: int) -> tuple[float, float]:
    """Events/s of the API and of the bare app, both servers up at once (each on a fresh
    database), loaded in turn for ROUNDS rounds, so that a change in the machine's load
    hits both alike."""
    with fresh_url(backend) as api_url, fresh_url(backend) as bare_url:
        secret = setup(api_url)
        migrate_only(bare_url)
        api_env = {**os.environ, "SURVEYAPP_DATABASE_URL": api_url, "SURVEYAPP_SECRET_KEY": "bench"}
        bare_env = {**os.environ, "BENCH_DATABASE_URL": bare_url}
        with (
            gunicorn("surveyapp:create_app()", api_env) as api_base,
            gunicorn("bench.events:bare_app()", bare_env) as bare_base,
        ):
            stored = {"api": 0.0, "bare": 0.0}
            for _ in range(ROUNDS):
                stored["api"] += load(api_base, secret, seconds / ROUNDS)
                stored["bare"] += load(bare_base, "none", seconds / ROUNDS)
    return stored["api"] / ROUNDS, stored["bare"] / ROUNDS


def bare_app() -> Flask:
    """The ceiling: store each posted batch as event rows, one INSERT in one transaction."""
    app = Flask("bare_events")
    engine = create_engine(os.environ["BENCH_DATABASE_URL"])  # the app's SQLite settings

    @app.post("/api/v1/events")
    def insert() -> dict[str, object]:
        now = datetime.now(UTC)
        rows = [
            {
                "dedupe_key": call["messageId"],
                "user_id": call["userId"],
                "event": call["event"],
                "occurred_at": now,
                "received_at": now,
                "properties": call["properties"],
            }
            for call in request.get_json()["batch"]
        ]
        with engine.begin() as connection:
            connection.execute(sa.insert(ProductEvent), rows)
        return {"accepted": len(rows), "rejected": []}

    return app


def load(base: str, secret: str, seconds: float) -> float:
    """Events/s stored by the server at ``base`` under CLIENTS concurrent clients."""
    deadline = time.monotonic() + seconds
    counts = [0] * CLIENTS
    threads = [
        threading.Thread(target=client, args=(base, secret, deadline, counts, i))
        for i in range(CLIENTS)
    ]
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
        batch = [
            {
                "type": "track",
                "userId": f"u{next(users)}",
                "event": "feature_used",
                "messageId": uuid.uuid4().hex,
                "context": {"groupId": "acme"},
                "properties": {"feature": "reports"},
            }
            for _ in range(BATCH)
        ]
        connection.request("POST", "/api/v1/events", json.dumps({"batch": batch}), headers)
        response = connection.getresponse()
        body = json.loads(response.read())
        if response.status != 200 or body["rejected"]:
            raise RuntimeError(f"unexpected answer {response.status}: {body}")
        counts[index] += body["accepted"]


def migrate_only(url: str) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        migrate.upgrade(db.engine)
        db.engine.dispose()


def insert_rate(url: str, seconds: int) -> float:
    migrate_only(url)
    engine = create_engine(url)
    inserted, started = 0, time.monotonic()
    while time.monotonic() - started < seconds:
        now = datetime.now(UTC)
        rows = [
            {
                "dedupe_key": uuid.uuid4().hex,
                "user_id": "u1",
                "event": "feature_used",
                "occurred_at": now,
                "received_at": now,
                "properties": {"feature": "reports"},
            }
            for _ in range(BATCH)
        ]
        with engine.begin() as connection:
            connection.execute(sa.insert(ProductEvent), rows)
        inserted += BATCH
    engine.dispose()
    return inserted / (time.monotonic() - started)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory():
        main()
