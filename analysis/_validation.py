"""Parameter checks shared by the public functions of :mod:`analysis`."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from numbers import Integral, Real

import pandas as pd


def check_int(name: str, value: object, *, minimum: int | None = None) -> int:
    """Return ``value`` as an int, or raise ValueError naming the parameter."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_float(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    inclusive: bool = True,
) -> float:
    """Return ``value`` as a float inside [low, high] (or the open interval)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = float(value)
    too_low = low is not None and (number < low if inclusive else number <= low)
    too_high = high is not None and (number > high if inclusive else number >= high)
    if too_low or too_high:
        bounds = "[{}, {}]" if inclusive else "({}, {})"
        raise ValueError(f"{name} must be in {bounds.format(low, high)}, got {value!r}")
    return number


def check_choice(name: str, value: object, choices: Collection[str]) -> str:
    """Return ``value`` if it is one of ``choices``."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return str(value)


def check_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise ValueError listing the ``columns`` missing from ``frame``."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{what} has no column {', '.join(map(repr, missing))}")
