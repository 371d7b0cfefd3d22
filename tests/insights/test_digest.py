"""The weekly at-risk digest: one email per CS owner and ISO week, through the outbox."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from surveyapp.auth.operations import create_user
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.models import OutboxMessage
from surveyapp.insights.cli import insights_cli
from surveyapp.insights.conditions import AccountFilters
from surveyapp.insights.digest import Week
from surveyapp.insights.digest_outbox import digest_message_id, queue_digests
from surveyapp.insights.listing import iter_accounts
from surveyapp.insights.tasks import weekly_digest_task

SCRIPT = '<script>alert("x")</script><b>bold</b> & “quoted”'


def digests() -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).filter_by(kind="digest").order_by(OutboxMessage.to_address)
    return list(db.session.scalars(query))


def at_risk_by_owner(now: datetime) -> dict[str, list]:  # type: ignore[type-arg]
    owners: dict[str, list] = {}  # type: ignore[type-arg]
    for row in iter_accounts(AccountFilters(health="at_risk", sort="health"), now):
        owners.setdefault(row.account.csm_owner, []).append(row)
    return owners


def test_each_owner_gets_their_red_and_yellow_accounts(study, app) -> None:
    now = utcnow()
    expected = at_risk_by_owner(now)
    run = queue_digests(now)
    messages = digests()
    assert sorted(run.queued) == sorted(expected) == [m.to_address for m in messages]
    for message in messages:
        rows = expected[message.to_address]
        assert message.contact_id is None and message.invitation_id is None
        assert message.status == "pending" and message.not_before == now
        assert message.message_id == digest_message_id(Week.of(now), message.to_address)
        red = sum(row.health == "red" for row in rows)
        assert f"{red} red, {len(rows) - red} yellow" in message.subject
        text = message.body_text
        for row in rows:  # each account, most urgent first, with a link to its page
            url = f"http://survey.test/accounts/{row.account.external_id}"
            assert url in text and f'href="{url}"' in message.body_html
            if row.insight.expected_outcome:
                assert f"“{row.insight.expected_outcome}”" in text
        positions = [text.index(f"/accounts/{row.account.external_id}\n") for row in rows]
        assert positions == sorted(positions)
        assert "day " in text and ("They expected" in text or "benchmark" in text)


def test_a_second_run_in_the_same_week_queues_nothing(study) -> None:
    now = utcnow()
    first = queue_digests(now)
    count = len(digests())
    second = queue_digests(now)
    assert first.queued and second.queued == []
    assert sorted(second.already) == sorted(first.queued)
    assert len(digests()) == count
    next_week = queue_digests(datetime(2030, 1, 7, 9, tzinfo=UTC))
    assert next_week.week.label == "2030-W02"


def test_owners_with_nothing_at_risk_or_without_an_address_get_nothing(study) -> None:
    now = utcnow()
    green = next(iter_accounts(AccountFilters(health="green"), now))
    green.account.csm_owner = "calm@example.com"
    red = list(iter_accounts(AccountFilters(health="red"), now))
    red[0].account.csm_owner = "Maria from CS"
    red[1].account.csm_owner = None
    db.session.flush()
    run = queue_digests(now)
    assert "calm@example.com" not in run.queued
    assert run.unreachable == ["Maria from CS"] and run.unowned == 1
    assert "calm@example.com" not in {m.to_address for m in digests()}


def test_customer_words_are_escaped_in_html_and_kept_in_text(study) -> None:
    now = utcnow()
    row = next(iter_accounts(AccountFilters(health="red"), now))
    row.insight.expected_outcome = SCRIPT
    row.account.name = "<img src=x onerror=alert(1)>"
    db.session.flush()
    queue_digests(now)
    [message] = [m for m in digests() if m.to_address == row.account.csm_owner]
    assert SCRIPT in message.body_text
    html = message.body_html
    assert "<script>" not in html and "<b>bold</b>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_in_the_owners_language(study) -> None:
    now = utcnow()
    owner = next(iter(at_risk_by_owner(now)))
    user = create_user(owner, "cs", "a long enough password 1")
    user.locale = "pt"
    db.session.flush()
    queue_digests(now)
    message = next(m for m in digests() if m.to_address == owner)
    assert message.headers["Content-Language"] == "pt"
    assert '<html lang="pt" dir="ltr">' in message.body_html
    assert "Vermelho" in message.body_text or "Amarelo" in message.body_text
    others = [m for m in digests() if m.to_address != owner]
    assert all(m.headers["Content-Language"] == "en" for m in others)


def test_week_labels() -> None:
    assert Week.parse("2026-W48").label == "2026-W48"
    assert Week.of(datetime(2026, 11, 24, tzinfo=UTC)).label == "2026-W48"
    assert Week.of(datetime(2027, 1, 1, tzinfo=UTC)).label == "2026-W53"
    for bad in ("2026-48", "2026-W54", "2025-W53", "W48", ""):
        with pytest.raises(ValueError, match="ISO week such as 2026-W48"):
            Week.parse(bad)


def run(app, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(insights_cli, list(args), catch_exceptions=False)


def test_cli_dry_run_then_for_real_then_again(study, app) -> None:
    owners = sorted(at_risk_by_owner(utcnow()))
    dry = run(app, "digest", "--dry-run", "--week", "2026-W48")
    assert dry.exit_code == 0, dry.output
    assert f"Would queue {len(owners)} digest(s) for 2026-W48." in dry.output
    assert digests() == []
    real = run(app, "digest", "--week", "2026-W48")
    assert f"Queued {len(owners)} digest(s) for 2026-W48." in real.output
    assert all("digest-2026-W48-" in m.message_id for m in digests())
    again = run(app, "digest", "--week", "2026-W48")
    assert "Queued 0 digest(s)" in again.output and "already queued this week" in again.output
    bad = app.test_cli_runner().invoke(insights_cli, ["digest", "--week", "48"])
    assert bad.exit_code == 1 and "--week: '48' is not an ISO week" in bad.output


def test_task_runs_eagerly_and_is_weekly(study) -> None:
    queued = weekly_digest_task.delay().get()
    assert queued == len(digests()) > 0
    assert weekly_digest_task.delay().get() == 0
