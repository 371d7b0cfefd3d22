"""Every staff route against every role and an anonymous visitor."""

from __future__ import annotations

import pytest

from surveyapp.accounts.operations import upsert_account
from surveyapp.core.db import db, utcnow
from surveyapp.dispatch.models import OutboxMessage
from tests.auth.conftest import log_in
from tests.conftest import csrf_token_of

#: (method, path, roles allowed). A route missing here fails test_matrix_covers_every_route.
MATRIX = [
    ("GET", "/staff", {"admin", "researcher", "cs"}),
    ("GET", "/password", {"admin", "researcher", "cs"}),
    ("GET", "/admin/users", {"admin"}),
    ("POST", "/admin/users", {"admin"}),
    ("POST", "/admin/users/{admin_id}", {"admin"}),
    # CS pages (surveyapp/insights). The at-risk CSV is the CS team's work list (no contact
    # data), so cs may download it; raw exports of answers are not CS pages.
    ("GET", "/accounts", {"admin", "researcher", "cs"}),
    ("GET", "/accounts/{external_id}", {"admin", "researcher", "cs"}),
    ("GET", "/at-risk", {"admin", "researcher", "cs"}),
    ("GET", "/at-risk.csv", {"admin", "researcher", "cs"}),
    ("GET", "/overview", {"admin", "researcher", "cs"}),
    ("POST", "/overview/compute", {"admin", "researcher", "cs"}),
    ("GET", "/admin/audit", {"admin"}),
    # Interviews (surveyapp/interviews): researchers and admins record them; cs reads them
    # on the account page.
    ("GET", "/accounts/{external_id}/interviews/new", {"admin", "researcher"}),
    ("POST", "/accounts/{external_id}/interviews/new", {"admin", "researcher"}),
    # The outbox (surveyapp/dispatch/admin.py) shows customers' addresses and personal links.
    ("GET", "/admin/outbox", {"admin"}),
    ("GET", "/admin/outbox/{message_id}", {"admin"}),
]
# Not staff pages: the respondent link, login, static files, and the API (bearer keys,
# tested in tests/events).
PUBLIC = {"/login", "/logout", "/s/<token>", "/static/<path:filename>", "/api/v1/events"}
PUBLIC |= {"/unsubscribe/<token>"}  # the unsubscribe page and one-click POST (tests/dispatch)


def test_matrix_covers_every_route(app) -> None:
    covered = {
        path.replace("{admin_id}", "<int:user_id>")
        .replace("{external_id}", "<path:external_id>")
        .replace("{message_id}", "<int:message_id>")
        for _, path, _ in MATRIX
    }
    routes = {rule.rule for rule in app.url_map.iter_rules()} - PUBLIC
    assert routes == covered


@pytest.mark.parametrize("role", [None, "admin", "researcher", "cs"])
@pytest.mark.parametrize(("method", "path", "allowed"), MATRIX)
def test_route_allows_only_its_roles(client, staff, role, method, path, allowed) -> None:
    target = staff("admin", "first-admin@example.com")
    upsert_account("matrix/acme", name="Matrix Acme")  # an id with a slash, as ids may have
    if role:
        staff(role, f"me-{role}@example.com")
        assert log_in(client, f"me-{role}@example.com").status_code == 303
    # A valid CSRF token, so that the answer is about access, not about the form.
    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    response = client.open(
        path.format(admin_id=target.id, external_id="matrix/acme", message_id=outbox_message()),
        method=method,
        data={"csrf_token": token},
    )
    if role is None:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif role in allowed:
        # 422: the empty form, not a refusal; 303: a form that did its work.
        assert response.status_code in (200, 303, 422)
    else:
        assert response.status_code == 403


def outbox_message() -> int:
    """The id of an email in the outbox, for the page that shows one."""
    message = OutboxMessage(
        kind="invitation",
        to_address="ana@example.com",
        subject="A few questions",
        body_text="Hello",
        body_html="<p>Hello</p>",
        headers={},
        message_id="<matrix@survey.test>",
        not_before=utcnow(),
    )
    db.session.add(message)
    db.session.commit()
    return message.id
