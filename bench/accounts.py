"""Benchmark the CS accounts list: p95 server time per filter with 100,000 accounts.

Usage: python bench/accounts.py [--backend sqlite|postgresql|both] [--accounts 100000]
                                [--requests 40] [--full-refresh]

For each backend, a fresh database gets the seeded value study (analysis.datasets) at the
given size: accounts with segments, plans, 20 CS owners and start dates, one contact each,
a value-definition invitation (answered by most) with the expected outcome and timeframe,
and milestone events. The refresh then computes the per-account facts and the all-accounts
overview (with --full-refresh, also the themes and every overview: minutes at this size).
Each filter of /accounts (and /at-risk) is then requested --requests times in-process by a
logged-in cs user, on varying pages (1 to 50; one row asks for page 1,000); the time from
request to response (server time: queries, template, audit row, commit) is measured and its
50th and 95th percentiles printed. Tables are ANALYZEd after the seeding, as they would be.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.datasets import make_value_study  # noqa: E402
from analysis.health import parse_timeframe_days  # noqa: E402
from bench.respond import fresh_url  # noqa: E402
from surveyapp import create_app  # noqa: E402
from surveyapp.accounts.models import Account, Contact  # noqa: E402
from surveyapp.auth.operations import create_user  # noqa: E402
from surveyapp.banks.queries import available_banks  # noqa: E402
from surveyapp.core import migrate  # noqa: E402
from surveyapp.core.db import db, utcnow  # noqa: E402
from surveyapp.events.models import MilestoneEvent  # noqa: E402
from surveyapp.insights.frames import load_frames  # noqa: E402
from surveyapp.insights.operations import (  # noqa: E402
    compute_scope,
    refresh_insights,
    save_overview,
    write_account_facts,
)
from surveyapp.insights.queries import current_choices  # noqa: E402
from surveyapp.insights.themes import Themes  # noqa: E402
from surveyapp.invitations.models import Invitation  # noqa: E402
from surveyapp.respond.models import Answer, Response  # noqa: E402
from surveyapp.surveys.operations import create_survey  # noqa: E402

PASSWORD = "bench password 123"
CHUNK = 5000
OWNERS = [f"csm{i:02d}@example.com" for i in range(20)]
MILESTONES = {
    "workspace_created": "workspace_set_up",
    "integration_connected": "first_integration",
    "first_report_shared": "first_report_shared",
}
FILTERS = {
    "no filter (name A-Z)": "/accounts",
    "search name/id": "/accounts?q={word}",
    "segment": "/accounts?segment=smb",
    "CS owner": "/accounts?owner=csm07%40example.com",
    "health red": "/accounts?health=red",
    "health yellow": "/accounts?health=yellow",
    "health green": "/accounts?health=green",
    "first value reached": "/accounts?first_value=yes",
    "first value not yet": "/accounts?first_value=no",
    "survey answered": "/accounts?survey_status=completed",
    "survey opened": "/accounts?survey_status=opened",
    "never invited": "/accounts?survey_status=none",
    "sort by health": "/accounts?sort=health",
    "sort newest start": "/accounts?sort=-start",
    "segment+owner+red": "/accounts?segment=smb&owner=csm07%40example.com&health=red",
    "at-risk list": "/at-risk",
    "at-risk, one owner": "/at-risk?owner=csm07%40example.com",
    "deep page (row 50,000)": "/accounts?page=1000",
}
SEARCH_WORDS = ["Blue", "acct-0042", "Foods 7", "nothing-matches", "Harbor"]
PAGES = [1, 1, 2, 3, 10, 50]


def insert(model: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(model), rows[start : start + CHUNK])


def seed(n_accounts: int) -> None:
    """The value study as rows; ids are positions, as every table starts empty."""
    study = make_value_study(n_accounts, as_of=utcnow().date().isoformat(), random_state=1)
    rng = np.random.default_rng(1)
    now = utcnow()
    survey = create_survey("bench-value", available_banks()["value-definition"])
    index = {key: i + 1 for i, key in enumerate(study.accounts["account_id"])}
    words = (["Blue", "North", "Harbor", "Cedar", "Atlas"], ["Foods", "Labs", "Travel", "Media"])
    insert(
        Account,
        [
            {
                "external_id": row.account_id,
                "name": f"{rng.choice(words[0])} {rng.choice(words[1])} {i}",
                "segment": row.segment,
                "plan": row.plan,
                "start_at": row.start_at.floor("us").to_pydatetime(),
                "csm_owner": OWNERS[i % len(OWNERS)],
                "created_at": now,
            }
            for i, row in enumerate(study.accounts.itertuples())
        ],
    )
    insert(
        Contact,
        [
            {
                "email": f"{row.contact_id}@bench.example",
                "locale": row.locale,
                "account_id": index[row.account_id],
                "created_at": now,
            }
            for row in study.contacts.itertuples()
        ],
    )
    invited = rng.random(n_accounts) < 0.9
    answered = invited & (rng.random(n_accounts) < 0.8)
    opened = invited & ~answered & (rng.random(n_accounts) < 0.5)
    invitations, responses, answers = [], [], []
    for i, row in enumerate(study.answers.itertuples()):
        if not invited[i]:
            continue
        sent = study.accounts["start_at"].iloc[i].floor("us").to_pydatetime()
        invitations.append(
            {
                "survey_id": survey.id,
                "contact_id": i + 1,
                "token_hash": f"{i:064d}",
                "created_at": sent,
                "sent_at": sent,
                "trigger_key": "bench",
                "opened_at": sent if answered[i] or opened[i] else None,
                "completed_at": sent if answered[i] else None,
            }
        )
        if answered[i]:
            response_id = len(responses) + 1
            responses.append(
                {
                    "invitation_id": len(invitations),
                    "locale": row.locale,
                    "started_at": sent,
                    "updated_at": sent,
                    "completed_at": sent,
                }
            )
            days = int(parse_timeframe_days(row.success_timeframe) or 60)
            answers += [
                {
                    "response_id": response_id,
                    "question_key": "first_outcome",
                    "value": row.expected_outcome,
                    "answered_at": sent,
                },
                {
                    "response_id": response_id,
                    "question_key": "success_timeframe",
                    "value": days,
                    "answered_at": sent,
                },
            ]
    insert(Invitation, invitations)
    insert(Response, responses)
    insert(Answer, answers)
    insert(
        MilestoneEvent,
        [
            {
                "account_id": index[row.account_id],
                "milestone_key": MILESTONES[row.milestone],
                "occurred_at": row.occurred_at.floor("us").to_pydatetime(),
                "source": "import",
                "recorded_at": now,
            }
            for row in study.events.itertuples()
        ],
    )
    create_user("cs-bench@example.com", "cs", PASSWORD)
    db.session.commit()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(app: Any, requests: int) -> None:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    login = {"email": "cs-bench@example.com", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=login).status_code == 303
    print(f"{'filter':24} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for name, path in FILTERS.items():
        times, matches = [], ""
        for i in range(requests):
            url = path.format(word=SEARCH_WORDS[i % len(SEARCH_WORDS)])
            if "page=" not in url:
                url += ("&" if "?" in url else "?") + f"page={PAGES[i % len(PAGES)]}"
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            if i == 0:
                text = response.get_data(as_text=True)
                matches = text.split('<p role="status">')[1].split(" ")[0]
        print(
            f"{name:24} {matches:>8} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f}"
        )


def run(backend: str, n_accounts: int, requests: int, full: bool) -> None:
    with fresh_url(backend) as url:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        with app.app_context():
            migrate.upgrade(db.engine)
            started = time.perf_counter()
            seed(n_accounts)
            seconds = time.perf_counter() - started
            print(f"\n=== {backend}: {n_accounts:,} accounts seeded in {seconds:.0f} s")
            started = time.perf_counter()
            if full:
                result = refresh_insights()
                what = f"full refresh ({result.themes} themes, {result.scopes} overviews)"
            else:  # what /accounts reads: the facts, and the menus kept with the overview
                now = utcnow()
                write_account_facts(load_frames(now), Themes(pd.Series(dtype=float)), now)
                payload = compute_scope({}, now) | {"choices": current_choices()}
                save_overview({}, payload, now, time.perf_counter() - started)
                what = "per-account facts and the all-accounts overview, without themes"
            db.session.commit()
            print(f"refresh: {what} in {time.perf_counter() - started:.1f} s")
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE")  # as autovacuum would have by now
            db.engine.dispose()
        measure(app, requests)
        app.extensions["surveyapp.db"].engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--full-refresh", action="store_true")
    options = parser.parse_args()
    backends = ["sqlite", "postgresql"] if options.backend == "both" else [options.backend]
    for backend in backends:
        run(backend, options.accounts, options.requests, options.full_refresh)


if __name__ == "__main__":
    main()
