"""The demo's product integration: a survey sent when a product event arrives, an events API
key, and a copy-paste curl call that brings in a new customer's first events."""

from __future__ import annotations

import json
import secrets
from typing import Any

import sqlalchemy as sa

from surveyapp.apikeys.models import ApiKey
from surveyapp.apikeys.operations import create_api_key
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db, utcnow
from surveyapp.surveys.models import Survey
from surveyapp.surveys.operations import create_survey
from surveyapp.surveys.queries import survey_by_key
from surveyapp.surveys.rules import JourneyRule

#: Asked as soon as a new customer signs up; one reminder three days later if unanswered.
SIGNUP_SURVEY = "signup-value"
SIGNUP_EVENT = "signed_up"
SIGNUP_RULE = JourneyRule(
    trigger_event=SIGNUP_EVENT, delay_days=0, reminders=1, reminder_gap_days=3
)
SIGNUP_EXPIRE_DAYS = 14
DEMO_KEY_NAME = "demo"


def signup_survey() -> Survey:
    """The demo survey whose journey rule invites a contact on their ``signed_up`` event."""
    return survey_by_key(SIGNUP_SURVEY) or create_survey(
        SIGNUP_SURVEY,
        available_banks()["value-definition"],
        expire_days=SIGNUP_EXPIRE_DAYS,
        rule=SIGNUP_RULE,
    )


def demo_api_key() -> str:
    """A new events key for the demo; the previous demo keys stop working, as the demo staff
    passwords change on every run. The secret is returned once and never stored."""
    now = utcnow()
    db.session.execute(
        sa.update(ApiKey)
        .where(ApiKey.name == DEMO_KEY_NAME, ApiKey.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    _key, secret = create_api_key(DEMO_KEY_NAME, ["events:write"])
    return secret


def new_customer_batch(suffix: str | None = None) -> dict[str, Any]:
    """group + identify + track for a customer the demo does not know yet. Without a
    timestamp or messageId, each post is a new sign-up occurrence (a new invitation, unless
    the person unsubscribed)."""
    suffix = suffix or f"{secrets.randbelow(9000) + 1000}"
    account, user = f"newco-{suffix}", f"trial-{suffix}"
    return {
        "batch": [
            {
                "type": "group",
                "groupId": account,
                "userId": user,
                "traits": {"name": f"Newco {suffix}", "plan": "trial", "segment": "smb"},
            },
            {
                "type": "identify",
                "userId": user,
                "context": {"groupId": account},
                "traits": {
                    "email": f"{user}@newco.example",
                    "name": "Alex Morgan",
                    "locale": "en",
                    "timezone": "Europe/Lisbon",
                },
            },
            {
                "type": "track",
                "userId": user,
                "context": {"groupId": account},
                "event": SIGNUP_EVENT,
                "properties": {"plan": "trial"},
            },
        ]
    }


def curl_example(base_url: str, secret: str, batch: dict[str, Any]) -> str:
    """A shell command posting ``batch`` to the events API with ``secret``."""
    body = json.dumps(batch, ensure_ascii=False, separators=(",", ":"))
    return (
        f"curl -sS -X POST {base_url.rstrip('/')}/api/v1/events \\\n"
        f"  -H 'Authorization: Bearer {secret}' -H 'Content-Type: application/json' \\\n"
        f"  -d '{body}'"
    )
