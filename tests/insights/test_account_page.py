"""One account's summary: the customer's words per construct, health, milestones, charts."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from surveyapp.accounts.models import Account
from surveyapp.accounts.operations import upsert_account
from surveyapp.core.db import db, utcnow
from surveyapp.events.models import MilestoneEvent
from surveyapp.insights.listing import AccountFilters, iter_accounts
from surveyapp.insights.models import AccountInsight
from surveyapp.insights.summary import account_summary


def answered_account(status: str) -> Account:
    """A study account in ``status`` whose customer answered the value definition."""
    for row in iter_accounts(AccountFilters(health=status), utcnow()):
        if row.insight and row.insight.expected_outcome and row.insight.expected_days:
            return row.account
    raise AssertionError(f"no answered {status} account in the study")


def test_summary_quotes_the_customer_and_shows_progress(study, as_role) -> None:
    account = answered_account("red")
    insight = db.session.get(AccountInsight, account.id)
    page = as_role("cs").get(f"/accounts/{account.external_id}").get_data(as_text=True)
    assert insight.expected_outcome in page
    for heading in ("In their own words", "What they expect first", "By when", "Milestones"):
        assert heading in page
    assert "Red" in page and f"the {insight.expected_days:g} days they expected have passed" in page
    assert 'id="chart-milestones"' in page and "<svg" in page
    assert "Answered (" in page  # the invitation that was answered, with its date


def test_summary_marks_first_value_and_rates_over_time(app, study) -> None:
    reached = next(r for r in iter_accounts(AccountFilters(first_value="yes"), utcnow()))
    with app.test_request_context():
        summary = account_summary(reached.account, "en", utcnow())
    first = [m for m in summary.milestones if m.is_first_value]
    assert len(first) == 1 and first[0].occurred_at == reached.insight.first_value_at
    assert summary.progress.reached and summary.progress.first_value_at == first[0].occurred_at
    assert summary.progress.status == reached.health  # live and stored agree after a refresh
    assert {p.construct for p in summary.ratings} <= {
        "perceived_quality",
        "perceived_price",
        "value_achieved",
    }


def test_history_across_journey_points_newest_first(app, study) -> None:
    for account in study:
        with app.test_request_context():
            said = account_summary(account, "en", utcnow()).said
        if len(said.get("value_achieved", [])) >= 2:
            dates = [entry.answered_at for entry in said["value_achieved"]]
            assert dates == sorted(dates, reverse=True)
            return
    raise AssertionError("no study account answered two check-ins")


def test_new_milestone_shows_at_once_on_the_page(study, as_role) -> None:
    account = answered_account("red")
    db.session.add(
        MilestoneEvent(
            account_id=account.id,
            milestone_key="first_report_shared",
            occurred_at=utcnow() - timedelta(hours=1),
            source="manual",
        )
    )
    db.session.commit()
    page = as_role("cs").get(f"/accounts/{account.external_id}").get_data(as_text=True)
    assert "Reached first value on day" in page and "Counts, but came later" not in page


def test_account_without_start_date(app, as_role) -> None:
    upsert_account("eu/no-start", name="No Start Ltd")
    db.session.commit()
    response = as_role("cs").get("/accounts/eu/no-start")  # ids may hold a slash
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No start date is known" in page and "has not answered a survey yet" in page


def test_unknown_account_is_404(app, as_role) -> None:
    assert as_role("cs").get("/accounts/nobody-here").status_code == 404


def test_persian_answers_keep_their_direction(study, as_role) -> None:
    account = db.session.scalar(
        sa.select(Account).join(AccountInsight).where(AccountInsight.expected_outcome.like("%ر%"))
    )
    page = as_role("cs").get(f"/accounts/{account.external_id}").get_data(as_text=True)
    assert 'lang="fa" dir="auto"' in page
