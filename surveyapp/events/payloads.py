"""Read Segment-style calls (track, identify, group) into checked rows, or say what is wrong."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_BATCH = 1000
MAX_PROPERTIES_BYTES = 16 * 1024
# Epoch values above this are milliseconds (1e11 s is the year 5138).
MILLISECONDS_FROM = 100_000_000_000
#: Made once: json.dumps with other than its default options makes an encoder per call.
_JSON = json.JSONEncoder(ensure_ascii=False)


class RowError(ValueError):
    """A call that cannot be accepted: which field and why."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason


class Track(NamedTuple):  # a tuple: a hundred of them per batch are made quickly
    user_id: str | None
    group_id: str | None
    event: str
    occurred_at: datetime
    properties: dict[str, Any]
    dedupe_key: str


@dataclass(frozen=True)
class Identify:
    user_id: str
    group_id: str | None
    traits: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    group_id: str
    user_id: str | None
    traits: dict[str, Any] = field(default_factory=dict)


Call = Track | Identify | Group


def parse_call(raw: Any, now: datetime) -> Call:
    """One call, checked; raises RowError naming the field at fault."""
    if not isinstance(raw, dict):
        raise RowError("(call)", "each call must be a JSON object")
    kind = raw.get("type") or _guess_type(raw)
    if kind == "track":
        return _track(raw, now)
    if kind == "identify":
        return Identify(
            _required_id(raw, "userId"), _optional_id(raw, "groupId", context=True), _traits(raw)
        )
    if kind == "group":
        return Group(_required_id(raw, "groupId"), _optional_id(raw, "userId"), _traits(raw))
    raise RowError("type", f"{kind!r} is not one of track, identify, group")


def _guess_type(raw: dict[str, Any]) -> str:
    if "event" in raw:
        return "track"
    return "group" if "groupId" in raw else "identify"


def _track(raw: dict[str, Any], now: datetime) -> Track:
    user_id = _optional_id(raw, "userId")
    group_id = _optional_id(raw, "groupId", context=True)
    if user_id is None and group_id is None:
        raise RowError("userId", "a track call needs a userId or a context.groupId")
    event = raw.get("event")
    if not isinstance(event, str) or not event.strip() or len(event) > 200:
        raise RowError("event", "the event name must be text of 1 to 200 characters")
    occurred_at = parse_timestamp(raw.get("timestamp"), now)
    properties = raw.get("properties") or {}
    if not isinstance(properties, dict):
        raise RowError("properties", "must be a JSON object")
    if properties and len(_JSON.encode(properties)) > MAX_PROPERTIES_BYTES:
        raise RowError("properties", f"larger than {MAX_PROPERTIES_BYTES // 1024} KB")
    message_id = raw.get("messageId")
    if message_id is not None and (not isinstance(message_id, str) or len(message_id) > 200):
        raise RowError("messageId", "must be text of at most 200 characters")
    identity = (
        f"m:{message_id}"
        if message_id
        else f"k:{group_id}|{user_id}|{event}|{occurred_at.isoformat()}"
    )
    return Track(
        user_id,
        group_id,
        event.strip(),
        occurred_at,
        properties,
        hashlib.sha256(identity.encode("utf-8")).hexdigest(),
    )


def parse_timestamp(value: Any, now: datetime) -> datetime:
    """ISO-8601 text, or epoch seconds or milliseconds; as UTC. Missing means now."""
    if value is None:
        return now
    if isinstance(value, bool):
        raise RowError("timestamp", "must be ISO-8601 text or epoch seconds/milliseconds")
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) >= MILLISECONDS_FROM else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise RowError("timestamp", f"{value!r} is out of range") from None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise RowError("timestamp", f"{value[:40]!r} is not an ISO-8601 time") from None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    raise RowError("timestamp", "must be ISO-8601 text or epoch seconds/milliseconds")


def _required_id(raw: dict[str, Any], name: str) -> str:
    value = _optional_id(raw, name)
    if value is None:
        raise RowError(name, "is required")
    return value


def _optional_id(raw: dict[str, Any], name: str, *, context: bool = False) -> str | None:
    value = raw.get(name)
    if value is None and context:
        around = raw.get("context")
        value = around.get(name) if isinstance(around, dict) else None
    if value is None:
        return None
    usual = type(value) is str and 0 < len(value) <= 128  # and nothing to convert or strip
    if usual and not value[0].isspace() and not value[-1].isspace():
        return value  # type: ignore[no-any-return]
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > 128:
        raise RowError(name, "must be text (or a number) of 1 to 128 characters")
    return value.strip()


def _traits(raw: dict[str, Any]) -> dict[str, Any]:
    traits = raw.get("traits") or {}
    if not isinstance(traits, dict):
        raise RowError("traits", "must be a JSON object")
    checked: dict[str, Any] = {}
    for name in ("email", "name", "locale", "segment", "plan", "csm_owner"):
        value = traits.get(name)
        if value is not None:
            if not isinstance(value, str) or len(value) > 320:
                raise RowError(f"traits.{name}", "must be text of at most 320 characters")
            checked[name] = value.strip()
    if traits.get("timezone") is not None:
        checked["timezone"] = _timezone(traits["timezone"])
    for name in ("start_at", "created_at"):
        if traits.get(name) is not None:
            try:
                checked["start_at"] = parse_timestamp(traits[name], datetime.now(UTC))
            except RowError as error:
                raise RowError(f"traits.{name}", error.reason) from None
    return checked


def _timezone(value: Any) -> str:
    try:
        if not isinstance(value, str) or len(value) > 64:
            raise ValueError
        ZoneInfo(value)
    except (ValueError, ZoneInfoNotFoundError):
        raise RowError("traits.timezone", f"{str(value)[:64]!r} is not an IANA time zone") from None
    return value
