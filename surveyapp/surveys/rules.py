"""The journey rule a survey is created with, checked before it is stored."""

from __future__ import annotations

from dataclasses import dataclass, fields


class RuleError(ValueError):
    """A journey rule that cannot work; the message names the setting."""


@dataclass(frozen=True)
class JourneyRule:
    trigger_event: str | None = None
    trigger_milestone: str | None = None
    trigger_days_after_start: int | None = None
    delay_days: int = 0
    reminders: int = 0
    reminder_gap_days: int = 3
    recontact_days: int | None = None
    send_hour_start: int | None = None
    send_hour_end: int | None = None
    sample_percent: int = 100
    locales: str | None = None

    def check(self, bank_locales: tuple[str, ...]) -> None:
        triggers = [self.trigger_event, self.trigger_milestone, self.trigger_days_after_start]
        if sum(t is not None for t in triggers) > 1:
            raise RuleError("give one trigger: an event, a milestone, or days after start")
        _at_least("delay days", self.delay_days, 0)
        _at_least("reminders", self.reminders, 0)
        _at_least("reminder gap days", self.reminder_gap_days, 1)
        if self.trigger_days_after_start is not None:
            _at_least("days after start", self.trigger_days_after_start, 0)
        if self.recontact_days is not None:
            _at_least("recontact days", self.recontact_days, 1)
        if not 1 <= self.sample_percent <= 100:
            raise RuleError("sample percent must be from 1 to 100")
        if (self.send_hour_start is None) != (self.send_hour_end is None):
            raise RuleError("sending hours need both a start and an end hour")
        for hour in (self.send_hour_start, self.send_hour_end):
            if hour is not None and not 0 <= hour <= 23:
                raise RuleError("sending hours are from 0 to 23")
        unknown = set((self.locales or "").split(",")) - set(bank_locales) - {""}
        if unknown:
            raise RuleError(f"locales not in the bank: {', '.join(sorted(unknown))}")

    def as_columns(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _at_least(name: str, value: int, low: int) -> None:
    if value < low:
        raise RuleError(f"{name} must be at least {low}")


def parse_hours(text: str | None) -> tuple[int | None, int | None]:
    """'9-17' → (9, 17); None → (None, None)."""
    if not text:
        return None, None
    start, sep, end = text.partition("-")
    if not sep or not start.strip().isdigit() or not end.strip().isdigit():
        raise RuleError(f"sending hours {text!r}: write them as START-END, e.g. 9-17")
    return int(start), int(end)
