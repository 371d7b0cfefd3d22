"""Logging in and out, password changes, brute-force limits, the users CLI."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.auth.models import User
from surveyapp.core.cli import build_cli
from surveyapp.core.db import db
from tests.auth.conftest import PASSWORD, log_in
from tests.conftest import csrf_token_of


def test_login_logout(client, staff) -> None:
    staff("cs")
    assert client.get("/staff").status_code == 302
    response = log_in(client, "CS@example.com ")
    assert response.status_code == 303 and response.headers["Location"] == "/staff"
    home = client.get("/staff").get_data(as_text=True)
    assert "cs@example.com" in home
    token = csrf_token_of(home)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/staff").status_code == 302


def test_wrong_password_and_unknown_user_look_the_same(client, staff) -> None:
    staff("admin")
    wrong = log_in(client, "admin@example.com", "not the password!")
    unknown = log_in(client, "nobody@example.com")
    assert wrong.status_code == unknown.status_code == 401
    assert "Email or password is not correct." in wrong.get_data(as_text=True)
    assert "Email or password is not correct." in unknown.get_data(as_text=True)


def test_login_needs_csrf(client, staff) -> None:
    staff("cs")
    response = client.post("/login", data={"email": "cs@example.com", "password": PASSWORD})
    assert response.status_code == 400


def test_next_is_followed_only_on_this_site(client, staff) -> None:
    staff("admin")
    assert (
        log_in(client, "admin@example.com", next_path="/admin/users").headers["Location"]
        == "/admin/users"
    )
    client.post("/logout", data={"csrf_token": csrf_token_of(client.get("/staff").text)})
    evil = log_in(client, "admin@example.com", next_path="//evil.example/x")
    assert evil.headers["Location"] == "/staff"


def test_inactive_user_cannot_log_in(client, staff) -> None:
    user = staff("cs")
    user.active = False
    db.session.commit()
    assert log_in(client, "cs@example.com").status_code == 401


def test_password_change_ends_other_sessions(app, staff) -> None:
    staff("researcher")
    first, second = app.test_client(), app.test_client()
    log_in(first, "researcher@example.com")
    log_in(second, "researcher@example.com")
    page = first.get("/password").get_data(as_text=True)
    changed = first.post(
        "/password",
        data={
            "csrf_token": csrf_token_of(page),
            "current": PASSWORD,
            "new": "a much better passphrase",
            "repeat": "a much better passphrase",
        },
    )
    assert changed.status_code == 303
    assert first.get("/staff").status_code == 200
    assert second.get("/staff").status_code == 302  # the other session is over
    assert (
        log_in(app.test_client(), "researcher@example.com", "a much better passphrase").status_code
        == 303
    )


def test_weak_new_password_is_refused(client, staff) -> None:
    staff("cs")
    log_in(client, "cs@example.com")
    page = client.get("/password").get_data(as_text=True)
    response = client.post(
        "/password",
        data={
            "csrf_token": csrf_token_of(page),
            "current": PASSWORD,
            "new": "short",
            "repeat": "short",
        },
    )
    assert response.status_code == 422
    assert "at least 12 characters" in response.get_data(as_text=True)


def test_repeated_failures_are_rate_limited(client, staff) -> None:
    staff("cs")
    statuses = [log_in(client, "cs@example.com", "wrong password!!").status_code for _ in range(12)]
    assert statuses[:10] == [401] * 10
    assert statuses[-1] == 429
    assert log_in(client, "cs@example.com").status_code == 429  # even with the right one


def test_users_cli_reads_password_from_stdin(app) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        build_cli(),
        ["users", "create", "--email", "Ops@Example.com", "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).filter_by(email="ops@example.com"))
    assert user.role == "admin" and PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$argon2id$")
    weak = runner.invoke(
        build_cli(),
        ["users", "create", "--email", "x@example.com", "--role", "cs", "--password-stdin"],
        input="abc\n",
    )
    assert weak.exit_code != 0 and "at least 12 characters" in weak.output


def test_limiter_hooks_run_for_login_only(app, client, staff, create_invitation) -> None:
    from surveyapp.core.ratelimit import limiter

    staff("cs")
    login = log_in(client, "cs@example.com", "wrong password!!")
    assert login.status_code == 401 and "X-RateLimit-Remaining" in login.headers
    _invitation, token = create_invitation()
    survey = client.get(f"/s/{token}", follow_redirects=True)
    assert survey.status_code == 200 and "X-RateLimit-Remaining" not in survey.headers
    hooks = [*app.before_request_funcs.get(None, []), *app.after_request_funcs.get(None, [])]
    assert not any(getattr(hook, "__self__", None) is limiter for hook in hooks)
    assert not any(getattr(hook, "args", (None,))[0] is limiter for hook in hooks)
