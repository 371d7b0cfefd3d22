"""The events API: POST /api/v1/events, one Segment-style call or a batch of up to 1,000."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from surveyapp.apikeys.access import requires_scope
from surveyapp.core.db import start_writing
from surveyapp.events.operations import ingest
from surveyapp.events.payloads import MAX_BATCH
from surveyapp.events.queries import milestone_definitions

bp = Blueprint("events", __name__, url_prefix="/api/v1")


@bp.post("/events")
@requires_scope("events:write")
def post_events() -> Any:
    body = request.get_json(silent=True)
    if body is None:
        return _error(400, "the body must be JSON (Content-Type: application/json)")
    calls = body.get("batch") if isinstance(body, dict) and "batch" in body else [body]
    if not isinstance(calls, list):
        return _error(400, "batch must be a JSON array of calls")
    if len(calls) > MAX_BATCH:
        return _error(413, f"a batch holds at most {MAX_BATCH} calls; this one has {len(calls)}")
    result = ingest(calls, milestone_definitions(), writing=start_writing)
    status = 400 if calls and not result.accepted and not result.duplicates else 200
    return jsonify(result.as_json()), status


def _error(status: int, message: str) -> Any:
    response = jsonify({"error": message})
    response.status_code = status
    return response
