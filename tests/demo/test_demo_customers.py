"""`surveyapp demo` gives the CS pages a realistic customer base."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.accounts.models import Account
from surveyapp.core.cli import build_cli
from surveyapp.core.db import db, utcnow
from surveyapp.demo.operations import load_demo_customers
from surveyapp.demo.study import STUDY_ACCOUNTS
from surveyapp.insights.listing import AccountFilters, count_accounts
from surveyapp.interviews.models import Interview
from tests.auth.conftest import log_in


def test_demo_loads_customers_with_every_health_and_a_cs_login(app) -> None:
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Account))
    result = app.test_cli_runner().invoke(build_cli(), ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"Added {STUDY_ACCOUNTS} demo customers" in result.output
    added = db.session.scalar(sa.select(sa.func.count()).select_from(Account)) - before
    assert added == STUDY_ACCOUNTS + 5  # the study and the five people with survey links
    churned = sa.select(sa.func.count()).where(Account.churned_at.is_not(None))
    assert db.session.scalar(churned) > 0  # the overview's churn section has data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview)) > 0
    now = utcnow()
    mine = AccountFilters(owner="cs@demo.example")
    for status in ("red", "yellow", "green"):
        assert count_accounts(AccountFilters(owner="cs@demo.example", health=status), now) > 0
    assert count_accounts(mine, now) >= STUDY_ACCOUNTS // 4
    password = result.output.split("cs@demo.example")[-1].split()[0]
    client = app.test_client()
    assert log_in(client, "cs@demo.example", password).status_code == 303
    assert "accounts at risk." in client.get("/at-risk").get_data(as_text=True)
    assert load_demo_customers() == 0  # loaded once, never twice
