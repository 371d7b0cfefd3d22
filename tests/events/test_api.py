"""POST /api/v1/events: keys, Segment-style calls, batches, idempotency, milestones."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from surveyapp.accounts.models import Account, Contact
from surveyapp.apikeys.operations import create_api_key
from surveyapp.core.db import db
from surveyapp.events.models import MilestoneEvent, ProductEvent


@pytest.fixture
def api(app, client) -> Any:
    _, secret = create_api_key("tests", ["events:write"])
    db.session.commit()

    def post(body: Any, key: str | None = secret) -> Any:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return client.post("/api/v1/events", json=body, headers=headers)

    return post


def count(model: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_keys_are_checked(api, client) -> None:
    assert api({"event": "x", "userId": "u"}, key=None).status_code == 401
    assert api({"event": "x", "userId": "u"}, key="fv_wrong").status_code == 401
    _, exports_only = create_api_key("exports", ["exports:read"])
    db.session.commit()
    forbidden = api({"event": "x", "userId": "u"}, key=exports_only)
    assert forbidden.status_code == 403 and "events:write" in forbidden.json["error"]
    assert count(ProductEvent) == 0


def test_group_identify_track_make_account_contact_event_and_milestone(api) -> None:
    batch = [
        {
            "type": "group",
            "groupId": "acme",
            "userId": "u1",
            "traits": {
                "name": "Acme",
                "segment": "smb",
                "plan": "pro",
                "start_at": "2026-01-01T00:00:00Z",
                "csm_owner": "kim@vendor.example",
            },
        },
        {
            "type": "identify",
            "userId": "u1",
            "traits": {
                "email": "Ana@Acme.example",
                "locale": "pt-BR",
                "timezone": "America/Sao_Paulo",
            },
        },
        {
            "type": "track",
            "userId": "u1",
            "event": "report_shared",
            "timestamp": "2026-02-01T10:00:00+01:00",
            "messageId": "m-1",
        },
    ]
    response = api({"batch": batch})
    assert response.status_code == 200
    assert response.json == {"accepted": 3, "duplicates": 0, "rejected": []}
    account = db.session.scalar(sa.select(Account).filter_by(external_id="acme"))
    assert (account.name, account.segment, account.csm_owner) == (
        "Acme",
        "smb",
        "kim@vendor.example",
    )
    contact = db.session.scalar(sa.select(Contact).filter_by(external_id="u1"))
    assert (contact.email, contact.locale, contact.account_id) == (
        "ana@acme.example",
        "pt",
        account.id,
    )
    event = db.session.scalar(sa.select(ProductEvent))
    assert event.occurred_at.isoformat() == "2026-02-01T09:00:00+00:00"
    milestone = db.session.scalar(sa.select(MilestoneEvent))
    assert (milestone.milestone_key, milestone.account_id) == ("first_report_shared", account.id)


def test_same_message_is_stored_once(api) -> None:
    call = {
        "type": "track",
        "userId": "u1",
        "event": "report_shared",
        "messageId": "m-1",
        "context": {"groupId": "acme"},
    }
    assert api(call).json["accepted"] == 1
    assert api(call).json == {"accepted": 0, "duplicates": 1, "rejected": []}
    without_id = {"userId": "u2", "event": "login", "timestamp": 1767225600}
    api(without_id)
    api({**without_id, "timestamp": 1767225600000})  # the same moment in milliseconds
    assert count(ProductEvent) == 2 and count(MilestoneEvent) == 1


def test_bad_rows_are_reported_and_good_rows_kept(api) -> None:
    batch = [
        {"userId": "u1", "event": "ok"},
        {"userId": "u1", "event": ""},
        {"userId": "u1", "event": "x", "timestamp": "yesterday"},
        {"type": "identify", "userId": "u1", "traits": {"timezone": "Mars/Base"}},
        "not an object",
        {"type": "page"},
    ]
    result = api({"batch": batch}).json
    assert result["accepted"] == 1
    assert [(r["index"], r["field"]) for r in result["rejected"]] == [
        (1, "event"),
        (2, "timestamp"),
        (3, "traits.timezone"),
        (4, "(call)"),
        (5, "type"),
    ]
    assert count(ProductEvent) == 1


def test_limits_and_malformed_bodies(api, client) -> None:
    too_many = api({"batch": [{"userId": "u", "event": "e"}] * 1001})
    assert too_many.status_code == 413 and "at most 1000" in too_many.json["error"]
    huge = api(
        {
            "batch": [
                {"userId": "u", "event": "e", "properties": {"x": "y" * 900_000}},
                {"userId": "u", "event": "e", "properties": {"x": "y" * 900_000}},
            ]
        }
    )
    assert huge.status_code == 413 and "error" in huge.json
    not_json = client.post(
        "/api/v1/events",
        data="{",
        content_type="application/json",
        headers={"Authorization": "Bearer x"},
    )
    assert not_json.status_code == 401  # the key is checked first
    assert api({"batch": "nope"}).status_code == 400
    assert api([1, 2]).status_code == 400
    assert count(ProductEvent) == 0


def test_email_of_another_user_is_refused(api) -> None:
    api({"type": "identify", "userId": "u1", "traits": {"email": "a@x.example"}})
    result = api({"type": "identify", "userId": "u2", "traits": {"email": "a@x.example"}}).json
    assert result["rejected"] == [
        {"index": 0, "field": "traits.email", "reason": "a@x.example belongs to another user"}
    ]
