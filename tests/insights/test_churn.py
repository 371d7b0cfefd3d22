"""Churn before first value: a competing risk on the overview, "churned" (not at risk) on
the lists and the account page."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from analysis.health import assign_health
from analysis.ttfv import first_value_table, ttfv_summary
from surveyapp.core.db import db, utcnow
from surveyapp.insights.frames import load_frames
from surveyapp.insights.health import APPROACHING, BENCHMARK_DAYS
from surveyapp.insights.listing import AccountFilters, iter_accounts
from surveyapp.insights.operations import refresh_insights
from surveyapp.insights.overview import churn_section
from surveyapp.insights.queries import snapshot
from tests.insights.test_health import sql_statuses


def test_churn_section_is_the_cumulative_incidence_of_each_outcome() -> None:
    # Value on day 10, churn on day 20, value on day 50, still waiting on day 100.
    table = pd.DataFrame({"ttfv_days": [10.0, 20.0, 50.0, 100.0], "outcome": [1, 2, 1, 0]})
    section = churn_section(table)
    assert section is not None and section["n"] == 4 and section["churned"] == 1
    by_day = section["by_day"]
    assert by_day["30"] == pytest.approx({"value": 0.25, "churned": 0.25})
    # Day 50: half of the 2 still at risk reach value, after 1/2 of the accounts left.
    assert by_day["60"] == pytest.approx({"value": 0.5, "churned": 0.25})
    assert by_day["90"] == pytest.approx({"value": 0.5, "churned": 0.25})


def test_no_churn_no_section() -> None:
    table = pd.DataFrame({"ttfv_days": [10.0, 30.0], "outcome": [1, 0]})
    assert churn_section(table) is None
    assert churn_section(table.iloc[0:0]) is None


@pytest.fixture
def churned(study):  # type: ignore[no-untyped-def]
    """Two red accounts churned before first value, one on-time account churned after it;
    the analysis refreshed (themes kept)."""
    now = utcnow()
    red = list(iter_accounts(AccountFilters(health="red"), now))[:2]
    green = next(
        row for row in iter_accounts(AccountFilters(health="green"), now)
        if row.insight.first_value_at is not None
    )  # fmt: skip
    for row in red:
        row.account.churned_at = row.account.start_at + timedelta(days=5)
    green.account.churned_at = now - timedelta(days=1)
    db.session.commit()
    refresh_insights(quick=True)
    db.session.commit()
    return {"before": [row.account for row in red], "after": green.account}


def test_churned_accounts_leave_the_at_risk_list(churned, as_role) -> None:
    now = utcnow()
    statuses = sql_statuses(now, ("red", "yellow", "green", "churned", "unknown"))
    gone = [*churned["before"], churned["after"]]
    assert {statuses[account.id] for account in gone} == {"churned"}
    at_risk = {row.account.id for row in iter_accounts(AccountFilters(health="at_risk"), now)}
    assert at_risk and not at_risk & {account.id for account in gone}
    client = as_role("cs")
    page = client.get("/at-risk").get_data(as_text=True)
    assert all(account.external_id not in page for account in gone)
    listed = client.get("/accounts?health=churned").get_data(as_text=True)
    assert all(account.external_id in listed for account in gone)
    assert "Churned on day 5 without reaching first value" in listed


def test_churned_agrees_with_assign_health(churned) -> None:
    """assign_health calls churn before value red and judges an account that churned after
    value on its value; the app calls both churned, and agrees on every other account."""
    now = utcnow()
    frames = load_frames(now)
    started = frames.accounts[frames.accounts["start_at"].notna()]
    table = first_value_table(started, frames.events, frames.first_value_keys, as_of=now)
    health = assign_health(table, approaching=APPROACHING, benchmark_days=BENCHMARK_DAYS)
    statuses = sql_statuses(now, ("red", "yellow", "green", "churned", "unknown"))
    gone = set(frames.accounts.loc[frames.accounts["churned_at"] <= now, "account_id"])
    assert churned["after"].id in gone
    for _, row in health.iterrows():
        app_status = statuses[row["account_id"]]
        if row["censor_reason"] == "churned before value":
            assert row["status"] == "red" and app_status == "churned"
        elif row["account_id"] in gone:
            assert row["reached"] and app_status == "churned"
        else:
            assert app_status == row["status"]


def test_overview_shows_churn_before_value_beside_reaching_it(churned, as_role) -> None:
    now = utcnow()
    frames = load_frames(now)
    started = frames.accounts[frames.accounts["start_at"].notna()]
    table = first_value_table(started, frames.events, frames.first_value_keys, as_of=now)
    competing = ttfv_summary(table)["competing_risks"]["overall"]  # the analysis' own path
    payload = snapshot("").payload
    churn = payload["churn"]
    # The account churned after value is not churn before it.
    assert churn["churned"] == int((table["outcome"] == 2).sum()) >= 2
    for day in ("30", "60", "90"):
        shares = churn["by_day"][day]
        assert shares["value"] == pytest.approx(competing["reached_by"][day])
        assert shares["churned"] == pytest.approx(competing["churned_before_value_by"][day])
        assert shares["churned"] >= 2 / churn["n"] - 1e-9  # the two planted on day 5
        # Counting churned accounts as never reaching value can only lower the share.
        assert shares["value"] <= payload["ttfv"]["reached_by"][day] + 1e-9
    page = as_role("cs").get("/overview").get_data(as_text=True)
    assert "Churn before first value" in page and 'id="chart-churn"' in page
    words = f"{churn['churned']} of {churn['n']} accounts churned before reaching first value."
    assert words in page


def test_account_page_says_when_it_churned(churned, as_role) -> None:
    client = as_role("cs")
    account = churned["before"][0]
    page = client.get(f"/accounts/{account.external_id}").get_data(as_text=True)
    assert "health-churned" in page
    assert "Churned on day 5 without reaching first value" in page
    assert "before first value" in page
    after = client.get(f"/accounts/{churned['after'].external_id}").get_data(as_text=True)
    assert "after reaching first value on day" in after
