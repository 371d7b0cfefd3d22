"""The digest goes out through the real sender to an SMTP server, like any outbox email."""

from __future__ import annotations

from datetime import timedelta

from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.sender import send_due
from surveyapp.insights.digest_outbox import queue_digests
from tests.dispatch.conftest import mail, sink, smtp_server  # noqa: F401


def test_digests_are_delivered_as_text_and_html(study, mail) -> None:  # noqa: F811
    now = utcnow()
    run = queue_digests(now)
    db.session.commit()
    report = send_due(now=now + timedelta(seconds=1))
    assert report.sent == len(run.queued) > 0
    delivered = {m["To"]: m for m in mail.messages()}
    assert sorted(delivered) == sorted(run.queued)
    message = delivered[run.queued[0]]
    assert message["Subject"].startswith("At-risk accounts, week ")
    assert message["Content-Language"] == "en" and message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "http://survey.test/accounts/" in text and 'href="http://survey.test/accounts/' in html
