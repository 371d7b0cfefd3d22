"""The at-risk list and its CSV export."""

from __future__ import annotations

import csv
import io

from surveyapp.core.db import db, utcnow
from surveyapp.insights.listing import AccountFilters, count_accounts, iter_accounts
from surveyapp.insights.models import AccountInsight


def test_lists_red_then_yellow_with_owner_and_their_words(study, as_role) -> None:
    page = as_role("cs").get("/at-risk").get_data(as_text=True)
    rows = list(iter_accounts(AccountFilters(health="at_risk", sort="health"), utcnow()))
    assert rows and {r.health for r in rows} == {"red", "yellow"}
    assert [r.health for r in rows] == sorted((r.health for r in rows), key=["red", "yellow"].index)
    assert f"{len(rows)} accounts at risk." in page
    shown = rows[:50]
    positions = [page.index(f'href="/accounts/{r.account.external_id}"') for r in shown]
    assert positions == sorted(positions)
    first = shown[0]
    assert f"CS owner: {first.account.csm_owner}" in page
    if first.insight.expected_outcome:
        assert first.insight.expected_outcome in page


def test_filters_by_owner_and_status(study, as_role) -> None:
    client = as_role("cs")
    owner = "cs@demo.example"
    page = client.get(f"/at-risk?owner={owner}&health=red").get_data(as_text=True)
    count = count_accounts(AccountFilters(owner=owner, health="red"), utcnow())
    assert f"{count} account" in page
    assert "health-yellow" not in page.split('<ol class="risk-list">')[1]


def test_csv_holds_the_list_and_is_safe_in_a_spreadsheet(study, as_role) -> None:
    row = next(iter_accounts(AccountFilters(health="red"), utcnow()))
    insight = db.session.get(AccountInsight, row.account.id)
    insight.expected_outcome = '=HYPERLINK("http://evil.example","click")'
    db.session.commit()
    response = as_role("cs").get("/at-risk.csv?health=red")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="at-risk-')
    text = response.get_data(as_text=True)
    assert "customers.example" not in text  # a work list: no contact's email or name
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == count_accounts(AccountFilters(health="red"), utcnow())
    assert {line["health"] for line in table} == {"red"}
    mine = next(line for line in table if line["account_id"] == row.account.external_id)
    assert mine["expected_outcome"] == "'" + insight.expected_outcome
    assert mine["cs_owner"] == row.account.csm_owner and "have passed" in mine["reason"]


def test_csv_with_bad_filters_is_refused(study, as_role) -> None:
    assert as_role("cs").get("/at-risk.csv?health=green").status_code == 422
