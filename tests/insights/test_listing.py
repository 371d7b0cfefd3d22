"""The accounts list: filters, search, sorting and pages, in SQL and through the page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from surveyapp.accounts.models import Account
from surveyapp.accounts.operations import upsert_account
from surveyapp.core.db import db, utcnow
from surveyapp.insights.listing import (
    PAGE_SIZE,
    AccountFilters,
    account_list,
    count_accounts,
    iter_accounts,
)

FILTERS = [
    AccountFilters(),
    AccountFilters(segment="smb"),
    AccountFilters(owner="cs@demo.example"),
    AccountFilters(health="red"),
    AccountFilters(health="yellow"),
    AccountFilters(health="green"),
    AccountFilters(health="at_risk"),
    AccountFilters(first_value="yes"),
    AccountFilters(first_value="no"),
    AccountFilters(survey_status="completed"),
    AccountFilters(survey_status="expired"),
    AccountFilters(survey_status="none"),
    AccountFilters(segment="smb", health="green", first_value="yes"),
    AccountFilters(search="acct-0001"),
]


def test_count_and_rows_agree_and_match_every_filter(study) -> None:
    for filters in FILTERS:
        check_filter(filters)


def check_filter(filters: AccountFilters) -> None:
    now = utcnow()
    rows = list(iter_accounts(filters, now))
    assert count_accounts(filters, now) == len(rows)
    assert rows or filters.survey_status == "none"  # the study has some of everything else
    for row in rows:
        assert not filters.segment or row.account.segment == filters.segment
        assert not filters.owner or row.account.csm_owner == filters.owner
        assert filters.health in ("", "at_risk") or row.health == filters.health
        assert filters.health != "at_risk" or row.health in ("red", "yellow")
        if filters.first_value:
            assert (row.insight.first_value_at is not None) == (filters.first_value == "yes")
        if filters.survey_status:
            assert (row.survey_status or "none") == filters.survey_status
        assert (
            filters.search.lower() in (row.account.external_id + (row.account.name or "")).lower()
        )


def test_every_account_has_one_health(study) -> None:
    now = utcnow()
    total = count_accounts(AccountFilters(), now)
    by_status = [
        count_accounts(AccountFilters(health=s), now)
        for s in ("red", "yellow", "green", "churned", "unknown")
    ]
    assert sum(by_status) == total == len(study)


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("name", lambda row: (row.account.name, row.account.id), False),
        ("-name", lambda row: (row.account.name, row.account.id), True),
        ("-start", lambda row: (row.account.start_at, row.account.id), True),
    ],
)
def test_sorting(study, sort: str, key, reverse: bool) -> None:  # type: ignore[no-untyped-def]
    rows = list(iter_accounts(AccountFilters(sort=sort), utcnow()))
    assert [key(r) for r in rows] == sorted((key(r) for r in rows), reverse=reverse)


def test_health_sort_lists_the_most_urgent_first_then_the_rest_by_name(study) -> None:
    rows = list(iter_accounts(AccountFilters(sort="health"), utcnow()))
    statuses = [r.health for r in rows]
    urgent = statuses.count("red") + statuses.count("yellow")
    assert statuses[:urgent] == sorted(statuses[:urgent], key=["red", "yellow"].index)
    red = [r.insight.red_from for r in rows if r.health == "red"]
    assert red == sorted(red)  # longest overdue first
    calm = [(r.account.name, r.account.id) for r in rows[urgent:]]
    assert calm == sorted(calm)
    assert {r.health for r in rows[urgent:]} <= {"green", "churned", "unknown"}
    pages = [account_list(AccountFilters(sort="health", page=p), utcnow()).rows for p in (1, 2)]
    assert [r.account.id for page in pages for r in page] == [r.account.id for r in rows]


def test_pages_do_not_overlap(study) -> None:
    now = utcnow()
    first, second = (account_list(AccountFilters(page=page), now) for page in (1, 2))
    assert len(first.rows) == PAGE_SIZE and first.pages == 2 and first.total == len(study)
    seen = {r.account.id for r in first.rows}
    assert seen.isdisjoint(r.account.id for r in second.rows)
    assert len(seen) + len(second.rows) == len(study)


def test_search_treats_wildcards_as_text(app) -> None:
    upsert_account("100%-real", name="Under_score Ltd")
    upsert_account("1000-real", name="Underxscore Ltd")
    db.session.commit()
    now = utcnow()
    assert [r.account.external_id for r in iter_accounts(AccountFilters(search="100%"), now)] == [
        "100%-real"
    ]
    found = [r.account.name for r in iter_accounts(AccountFilters(search="under_"), now)]
    assert found == ["Under_score Ltd"]


def test_accounts_not_refreshed_yet_are_listed_without_facts(study) -> None:
    upsert_account("brand-new", name="Brand New")
    db.session.commit()
    rows = list(iter_accounts(AccountFilters(search="brand-new"), utcnow()))
    assert [(r.insight, r.health) for r in rows] == [(None, "unknown")]
    assert count_accounts(AccountFilters(first_value="no", search="brand-new"), utcnow()) == 0


def test_page_filters_and_paginates(study, as_role) -> None:
    client = as_role("cs")
    red = list(iter_accounts(AccountFilters(health="red"), utcnow()))
    page = client.get("/accounts?health=red&sort=health").get_data(as_text=True)
    assert f"{len(red)} accounts match." in page or f"{len(red)} account matches." in page
    for row in red:
        assert f'href="/accounts/{row.account.external_id}"' in page
    assert "Page 1 of 2" in client.get("/accounts").get_data(as_text=True)
    second = client.get("/accounts?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and 'rel="prev"' in second


@pytest.mark.parametrize("query", ["page=0", "sort=password", "health=purple", "first_value=maybe"])
def test_bad_filters_are_a_422_with_the_form(study, as_role, query: str) -> None:
    response = as_role("cs").get(f"/accounts?{query}")
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)


def test_a_segment_added_after_the_refresh_can_be_asked_for(study, as_role) -> None:
    account = db.session.scalar(sa.select(Account).limit(1))
    account.segment = "public_sector"
    db.session.commit()
    page = as_role("cs").get("/accounts?segment=public_sector").get_data(as_text=True)
    assert "1 account matches." in page
