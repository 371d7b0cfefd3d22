"""The words the CS pages put on stored codes (constructs, statuses, ratings, buckets)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: Constructs in the order a CS person reads an account: expectation first.
CONSTRUCTS = {
    "expected_outcome": _l("What they expect first"),
    "job_to_be_done": _l("Job to be done"),
    "success_timeframe": _l("By when"),
    "pain": _l("Pain to eliminate"),
    "success_signal": _l("How they will know"),
    "value_layer": _l("Value layers"),
    "value_achieved": _l("Value achieved"),
    "obstacle": _l("What slowed them down"),
    "perceived_quality": _l("Perceived quality"),
    "perceived_price": _l("Perceived price (money, time, effort, risk)"),
    "other": _l("Other answers"),
}

SURVEY_STATUSES = {
    "none": _l("Never invited"),
    "scheduled": _l("Scheduled"),
    "sent": _l("Sent, not opened"),
    "opened": _l("Opened, not answered"),
    "completed": _l("Answered"),
    "expired": _l("Expired unanswered"),
    "skipped": _l("Not asked"),
}

RATINGS = {
    "value_achieved": _l("value achieved"),
    "perceived_quality": _l("perceived quality"),
    "perceived_price": _l("perceived price"),
    "recommend": _l("likelihood to recommend"),
    "value_ratio": _l("quality for the price"),
}

OUTCOMES = {
    "reached_first_value": _l("reaching first value"),
    "days_to_first_value": _l("days to first value"),
}

TIMEFRAME_BUCKETS = {
    "30": _l("Up to 30 days"),
    "60": _l("31 to 60 days"),
    "90": _l("61 to 90 days"),
    "longer": _l("More than 90 days"),
    "none": _l("None stated (60-day benchmark)"),
}

TIMEFRAME_PARTS = {
    "on_time": _l("Reached in time"),
    "late": _l("Reached late"),
    "waiting_within": _l("Waiting, in time"),
    "waiting_past": _l("Waiting, past it"),
}

#: Parts of the churn chart's bars (competing risks by day 30/60/90).
CHURN_PARTS = {
    "value": _l("Reached first value"),
    "churned": _l("Churned before first value"),
    "neither": _l("Neither yet"),
}

MILESTONE_KINDS = {
    "functional": _l("Functional (in the product)"),
    "customer": _l("Customer outcome"),
    "unknown": _l("Not defined"),
}

SORTS = {
    "name": _l("Name (A–Z)"),
    "-name": _l("Name (Z–A)"),
    "external_id": _l("Account id"),
    "segment": _l("Segment"),
    "owner": _l("CS owner"),
    "start": _l("Start date (oldest first)"),
    "-start": _l("Start date (newest first)"),
    "health": _l("Health (most urgent first)"),
}
