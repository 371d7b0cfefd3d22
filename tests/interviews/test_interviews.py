"""Recording interviews: the page (researcher, admin), the account page's list, the CLI."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from surveyapp.accounts.operations import upsert_account, upsert_contact
from surveyapp.audit.models import AuditEvent
from surveyapp.core.db import db
from surveyapp.interviews.cli import interviews_cli
from surveyapp.interviews.links import LinkError, check_link, is_safe_link
from surveyapp.interviews.models import Interview
from tests.conftest import csrf_token_of

NEW = "/accounts/acme/interviews/new"


@pytest.fixture
def acme(app: Any) -> Any:
    account = upsert_account("acme", name="Acme")
    upsert_contact("ana@acme.example", account=account).name = "Ana"
    db.session.flush()
    return account


def post_interview(client: Any, **fields: str) -> Any:
    token = csrf_token_of(client.get(NEW).get_data(as_text=True))
    data = {
        "csrf_token": token,
        "held_on": "2026-11-02",
        "interviewer": "Rita Researcher",
        "link_url": "https://notes.example/interviews/1",
        "summary": "Wants the weekly report in the first month.",
        "guide": "interview-guide",
        **fields,
    }
    return client.post(NEW, data=data)


def stored() -> list[Interview]:
    return list(db.session.scalars(sa.select(Interview).order_by(Interview.id)))


def test_researcher_records_an_interview_and_cs_sees_it(acme, as_role, client) -> None:
    researcher = as_role("researcher")
    page = researcher.get(NEW).get_data(as_text=True)
    assert "researcher-viewer@example.com" in page  # the interviewer defaults to the user
    assert "interview-guide" in page and "Ana" in page
    contact_id = str(acme_contact_id(acme))
    response = post_interview(researcher, contact=contact_id)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/accounts/acme#interviews")
    [interview] = stored()
    assert interview.held_on == date(2026, 11, 2)
    assert interview.guide_key == "interview-guide"
    assert interview.contact_id == int(contact_id)
    audit = db.session.scalars(sa.select(AuditEvent).filter_by(action="create")).one()
    assert audit.user_email == "researcher-viewer@example.com"
    assert audit.target == f"interview {interview.id} of account acme"

    researcher.post("/logout", data={"csrf_token": csrf_token_of(page)})
    cs = as_role("cs")
    account_page = cs.get("/accounts/acme").get_data(as_text=True)
    assert (
        '<a href="https://notes.example/interviews/1" rel="noopener noreferrer" '
        'target="_blank">' in account_page
    )
    assert "Wants the weekly report in the first month." in account_page
    assert NEW not in account_page  # cs reads interviews but does not record them
    assert cs.get(NEW).status_code == 403


def acme_contact_id(account: Any) -> int:
    from surveyapp.accounts.models import Contact

    return db.session.scalar(sa.select(Contact.id).filter_by(account_id=account.id))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(document.cookie)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://",
        "//evil.example/x",
        "ftp://files.example/x",
    ],
)
def test_only_http_links_are_accepted(acme, as_role, url) -> None:
    client = as_role("admin")
    response = post_interview(client, link_url=url)
    assert response.status_code == 422
    assert (
        "http://" in response.get_data(as_text=True)
        or "web address" in response.get_data(as_text=True)
        or "control characters" in response.get_data(as_text=True)
    )
    assert stored() == []


def test_missing_fields_and_a_foreign_contact_are_refused(acme, as_role) -> None:
    client = as_role("admin")
    other = upsert_contact("bob@other.example", account=upsert_account("other"))
    db.session.flush()
    assert post_interview(client, held_on="").status_code == 422
    assert post_interview(client, held_on="2026-13-45").status_code == 422
    assert post_interview(client, interviewer="").status_code == 422
    assert post_interview(client, contact=str(other.id)).status_code == 422
    assert post_interview(client, guide="value-definition").status_code == 422
    assert stored() == []


def test_unknown_account_is_a_404(as_role) -> None:
    assert as_role("researcher").get("/accounts/nobody/interviews/new").status_code == 404


def test_customer_text_is_escaped_and_bad_stored_links_are_not_links(acme, as_role) -> None:
    client = as_role("admin")
    summary = '<script>alert("x")</script><b>bold</b>'
    assert post_interview(client, summary=summary, interviewer="<i>Eve</i>").status_code == 303
    # A row written by other means (an old import, SQL) with a dangerous link.
    db.session.add(
        Interview(
            account_id=acme.id,
            held_on=date(2026, 1, 1),
            interviewer="x",
            link_url="javascript:alert(1)",
        )
    )
    db.session.flush()
    page = client.get("/accounts/acme").get_data(as_text=True)
    assert "<script>alert" not in page and "<b>bold</b>" not in page and "<i>Eve" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="javascript:' not in page
    assert "not a web link" in page


def test_check_link() -> None:
    assert check_link("  https://a.example/x?y=1#z ") == "https://a.example/x?y=1#z"
    assert check_link("HTTP://A.example") == "HTTP://A.example"
    for bad in ("", "mailto:a@b.c", "vbscript:x", "https://a.example/ x", "x" * 2001):
        with pytest.raises(LinkError):
            check_link(bad)
    assert is_safe_link("https://a.example") and not is_safe_link("javascript:x")
    assert not is_safe_link(None)


def run(app: Any, *args: str) -> Any:
    return app.test_cli_runner().invoke(interviews_cli, list(args), catch_exceptions=False)


def test_cli_adds_and_lists_interviews(app, acme) -> None:
    result = run(
        app,
        "add", "--account", "acme", "--date", "2026-10-01",
        "--url", "https://notes.example/2", "--summary", "Onboarding was slow.",
        "--interviewer", "Rita", "--guide", "interview-guide", "--contact", "ANA@acme.example",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [interview] = stored()
    assert result.output.startswith(f"Recorded interview {interview.id} of acme (2026-10-01)")
    assert interview.contact_id is not None and interview.interviewer == "Rita"
    audit = db.session.scalars(sa.select(AuditEvent).filter_by(action="create")).one()
    assert audit.user_email.startswith("command line")
    listed = run(app, "list", "--account", "acme").output
    assert "2026-10-01\tRita\thttps://notes.example/2" in listed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--account", "nobody"], "--account: no account with id 'nobody'"),
        (["--date", "1 Oct"], "--date: '1 Oct' is not a date"),
        (["--url", "javascript:alert(1)"], "--url: Only http:// and https://"),
        (["--guide", "value-definition"], "--guide: 'value-definition' is not an interview"),
        (["--contact", "bob@x.example"], "--contact: 'bob@x.example' is not a contact"),
        (["--summary", "x" * 4001], "--summary: at most 4000 characters"),
    ],
)
def test_cli_errors_name_the_option(app, acme, args, message) -> None:
    base = {"--account": "acme", "--date": "2026-10-01", "--url": "https://n.example/1"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = run(app, "add", *[part for pair in base.items() for part in pair])
    assert result.exit_code == 1
    assert message in result.output
    assert stored() == []
