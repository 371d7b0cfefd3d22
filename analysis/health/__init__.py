"""Expectation gap and health: stated timeframe against actual or elapsed time to value."""

from ._status import GREEN, RED, YELLOW, assign_health
from ._timeframe import parse_timeframe_days

__all__ = ["GREEN", "RED", "YELLOW", "assign_health", "parse_timeframe_days"]
