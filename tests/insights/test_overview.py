"""The overview: cached analysis per selection, its charts, tables and plain sentences."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.core.db import db
from surveyapp.insights.models import InsightSnapshot
from surveyapp.insights.operations import refresh_insights
from tests.conftest import csrf_token_of


def test_all_accounts_curve_themes_timeframes_rates_and_correlations(study, as_role) -> None:
    page = as_role("researcher").get("/overview").get_data(as_text=True)
    everyone = db.session.scalar(sa.select(InsightSnapshot).filter_by(scope=""))
    assert f"Computed at {everyone.computed_at:%Y-%m-%d %H:%M} UTC" in page
    assert 'id="ttfv-curve-title"' in page and "reached first value by day 30" in page
    for heading in ("What customers expect", "Stated timeframe against actual", "Response rates"):
        assert heading in page
    theme = everyone.payload["themes"]["themes"][0]
    assert theme["quotes"][0] in page and ", ".join(theme["terms"]) in page
    assert "What you expect from us" in page  # survey titles, not keys
    rows = everyone.payload["correlations"]
    starts = ("<td>No clear link", "<td>Accounts that", "<td>Higher", "<td>Not enough")
    assert rows and sum(page.count(start) for start in starts) == len(rows)


def test_each_segment_plan_and_cohort_is_ready(study, as_role) -> None:
    client = as_role("cs")
    for query in ("segment=smb", "plan=growth", f"cohort={study[0].start_at:%Y-%m}"):
        page = client.get(f"/overview?{query}").get_data(as_text=True)
        assert "Computed at" in page and "Compute it now" not in page


def test_a_combination_is_computed_on_request_and_kept_by_refreshes(study, as_role) -> None:
    client = as_role("cs")
    page = client.get("/overview?segment=smb&plan=growth").get_data(as_text=True)
    assert "has not been computed yet" in page
    response = client.post(
        "/overview/compute",
        data={"segment": "smb", "plan": "growth", "csrf_token": csrf_token_of(page)},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/overview?segment=smb&plan=growth")
    again = client.get("/overview?segment=smb&plan=growth").get_data(as_text=True)
    assert "Computed at" in again and "accounts in this selection" in again
    refresh_insights(quick=True)
    assert db.session.scalar(sa.select(InsightSnapshot).filter_by(scope="plan=growth&segment=smb"))


def test_compute_needs_its_csrf_token(study, as_role) -> None:
    assert as_role("cs").post("/overview/compute", data={"segment": "smb"}).status_code == 400


def test_before_any_refresh_it_says_how_to_compute(study, as_role) -> None:
    db.session.execute(sa.delete(InsightSnapshot))
    db.session.commit()
    page = as_role("cs").get("/overview").get_data(as_text=True)
    assert "Nothing has been computed yet" in page and "Compute it now" not in page


def test_an_empty_selection_still_reads_well(study, as_role) -> None:
    client = as_role("cs")
    page = client.get("/overview?segment=nobody").get_data(as_text=True)
    token = csrf_token_of(page)
    assert (
        client.post(
            "/overview/compute", data={"segment": "nobody", "csrf_token": token}
        ).status_code
        == 303
    )
    page = client.get("/overview?segment=nobody").get_data(as_text=True)
    assert "0 accounts in this selection." in page
    assert "No account in this selection has started yet." in page
