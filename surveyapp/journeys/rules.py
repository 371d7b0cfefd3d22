"""The parts of a journey rule that are plain decisions: when, whether, in which language."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from surveyapp.accounts.models import Contact
from surveyapp.surveys.models import Survey


def due_time(survey: Survey, triggered_at: datetime, contact: Contact) -> datetime:
    """The trigger time plus the rule's delay, moved into the contact's sending hours."""
    due = triggered_at + timedelta(days=survey.delay_days)
    if survey.send_hour_start is None or survey.send_hour_end is None:
        return due
    zone = _zone(contact.timezone)
    local = due.astimezone(zone)
    start, end = survey.send_hour_start, survey.send_hour_end
    if _within(local.hour, start, end):
        return due
    next_start = local.replace(hour=start, minute=0, second=0, microsecond=0)
    if next_start <= local:
        next_start += timedelta(days=1)
    return next_start.astimezone(due.tzinfo)


def _within(hour: int, start: int, end: int) -> bool:
    return start <= hour < end if start < end else (hour >= start or hour < end)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, ZoneInfoNotFoundError):
        return ZoneInfo("UTC")


def in_sample(survey: Survey, contact: Contact) -> bool:
    """Deterministic: the same contact is in or out of a survey's sample on every run."""
    if survey.sample_percent >= 100:
        return True
    digest = hashlib.sha256(f"{survey.key}:{contact.id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < survey.sample_percent


def why_not_invite(contact: Contact) -> str | None:
    """The reason this contact may not be asked at all, or None."""
    if contact.unsubscribed_at is not None:
        return "unsubscribed"
    if contact.bounced_at is not None:
        return "bounced"
    if not contact.email:
        return "no_email"
    return None
