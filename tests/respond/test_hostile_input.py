"""Anything a browser can send gets a 4xx with a message, and changes nothing."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.conftest import csrf_token_of
from tests.respond.helpers import PAGE_1, open_page, post_page, state


def test_missing_csrf_token_keeps_answers_on_screen(client, create_invitation) -> None:
    _, token = create_invitation()
    open_page(client, token, "start")
    before = state()
    response = post_page(client, token, "start", PAGE_1, csrf=False)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This page could not be verified" in html
    assert "session" not in html.lower()  # survey pages have no session to expire
    assert "Ship invoices in one day</textarea>" in html  # nothing typed is lost
    assert state() == before


def test_invalid_utf8_is_refused(client, create_invitation) -> None:
    _, token = create_invitation()
    before = state()
    response = client.post(
        f"/s/{token}",
        data=b"section=start&outcome=%ff%fe",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)
    assert state() == before


def test_nul_character_is_refused(client, create_invitation) -> None:
    _, token = create_invitation()
    response = client.post(f"/s/{token}", data={"section": "start", "outcome": "a\x00b"})
    assert response.status_code == 400


def test_huge_body_is_refused_with_413(client, create_invitation) -> None:
    _, token = create_invitation()
    before = state()
    response = client.post(f"/s/{token}", data={"section": "start", "outcome": "x" * 1_100_000})
    assert response.status_code == 413
    assert "larger than this form accepts" in response.get_data(as_text=True)
    assert state() == before


def test_wrong_types_and_unknown_choices_are_422(client, create_invitation) -> None:
    _, token = create_invitation()
    post_page(client, token, "start", PAGE_1)
    before = state()
    response = post_page(
        client,
        token,
        "details",
        {"quality": "abc", "recommend": "11", "layers": ["functional", "x"]},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please choose a number from 1 to 5." in html
    assert "Please choose a number from 0 to 10." in html
    assert state() == before


def test_get_with_odd_query_is_not_an_error(client, create_invitation) -> None:
    _, token = create_invitation()
    assert client.get(f"/s/{token}?page=%ff&lang=%00").status_code in (200, 302)
    assert client.delete(f"/s/{token}").status_code == 405


FIELD_NAMES = st.sampled_from(
    [
        "section",
        "outcome",
        "headline",
        "reached",
        "reached-other",
        "layers",
        "quality",
        "recommend",
        "timeframe",
        "timeframe-days",
        "reached_on",
        "csrf_token",
        "lang",
        "zzz",
    ]
)
VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "start",
            "details",
            "when",
            "yes",
            "no",
            "other",
            "custom",
            "-1",
            "0",
            "5",
            "99999999999",
            "2999-01-01",
            "1000-01-01",
            "۴۵",
            "",
            " ",
            "x" * 600,
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(form=st.lists(st.tuples(FIELD_NAMES, VALUES), max_size=12), with_csrf=st.booleans())
def test_random_form_data_never_errors_and_invalid_changes_nothing(
    client, create_invitation, form, with_csrf
) -> None:
    token = _shared_token(create_invitation)
    page = open_page(client, token, "start")
    data = [(name, value) for name, value in form if name != "csrf_token"]
    if with_csrf:
        data.append(("csrf_token", csrf_token_of(page.get_data(as_text=True))))
    before = state()
    response = client.post(f"/s/{token}", data=MultiDict(data))
    assert response.status_code < 500
    if response.status_code >= 400:
        assert state() == before


def _shared_token(create_invitation, cache={}) -> str:  # noqa: B006 (one link per run)
    from surveyapp.core.db import db
    from surveyapp.invitations.models import Invitation

    token = cache.get("token")
    if token is None or db.session.get(Invitation, cache["id"]) is None:
        invitation, token = create_invitation(email="fuzz@example.com")
        cache.update(token=token, id=invitation.id)
    return token


def test_invalid_page_shows_back_everything_typed(client, create_invitation) -> None:
    _, token = create_invitation()
    post_page(client, token, "start", PAGE_1)
    response = post_page(
        client,
        token,
        "details",
        {"layers": ["functional", "emotional", "strategic"], "quality": "4"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.count("checked") == 4  # three boxes and the rating, as sent
    response = post_page(
        client,
        token,
        "start",
        {"outcome": "kept", "headline": "y" * 41, "reached": "other", "reached-other": ""},
    )
    html = response.get_data(as_text=True)
    assert 'value="' + "y" * 41 + '"' in html and ">kept</textarea>" in html
    other_radio = re.search(r'<input[^>]*value="other"[^>]*>', html).group(0)
    assert " checked" in other_radio


def test_attributes_are_separated(client, create_invitation) -> None:
    _, token = create_invitation()
    html = post_page(client, token, "start", {}).get_data(as_text=True)
    assert '"aria-' not in html.replace('" aria-', "")
