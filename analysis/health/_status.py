"""Expectation gap and red / yellow / green health, each status with its reason in words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_columns, check_float

GREEN, YELLOW, RED = "green", "yellow", "red"


def _reason(row: pd.Series, approaching: float) -> tuple[str, str]:
    expected, days = row["expected_days"], row["ttfv_days"]
    promise = f"the {expected:g} days {row['expected_source']}"
    if row["reached"]:
        if days <= expected:
            return GREEN, f"reached first value on day {days:.0f}, within {promise}"
        return (
            YELLOW,
            f"reached first value on day {days:.0f}, "
            f"{days - expected:.0f} days later than {promise}",
        )
    if row.get("censor_reason") == "churned before value":
        return RED, f"churned on day {days:.0f} without reaching first value"
    if days > expected:
        return RED, f"no first value after {days:.0f} days: {promise} have passed"
    if days >= approaching * expected:
        return YELLOW, f"no first value yet on day {days:.0f}, approaching {promise}"
    return GREEN, f"on track: day {days:.0f} of {promise}"


def assign_health(
    table: pd.DataFrame,
    *,
    expected_column: str = "expected_days",
    approaching: float = 0.8,
    benchmark_days: float | None = 60.0,
) -> pd.DataFrame:
    """Compare each account's time to first value with the timeframe its customer stated.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`analysis.ttfv.first_value_table` with a column of stated
        timeframes in days (see :func:`parse_timeframe_days`).
    expected_column : str, default="expected_days"
        Column holding the stated timeframe; missing values use ``benchmark_days``.
    approaching : float, default=0.8
        Share of the timeframe after which an account still waiting turns yellow.
    benchmark_days : float or None, default=60
        The team's TTFV benchmark for accounts that stated no timeframe; None leaves them
        without a status.

    Returns
    -------
    pandas.DataFrame
        ``table`` plus ``expected_days``, ``expected_source``, ``gap_days`` (actual or
        elapsed days minus expected; positive is late), ``status`` and ``reason``.

    Notes
    -----
    green: reached within the timeframe, or waiting below ``approaching`` of it;
    yellow: reached late, or waiting past ``approaching`` of it;
    red: the timeframe passed without first value, or churned before value.
    """
    check_columns(table, ["ttfv_days", "reached", expected_column], "table")
    check_float("approaching", approaching, low=0.0, high=1.0, inclusive=False)
    if benchmark_days is not None:
        check_float("benchmark_days", benchmark_days, low=0.0, inclusive=False)
    result = table.copy()
    stated = pd.to_numeric(result[expected_column], errors="coerce")
    result["expected_source"] = np.where(stated.notna(), "they expected", "of the benchmark")
    result["expected_days"] = stated.fillna(
        benchmark_days if benchmark_days is not None else np.nan
    )
    result["gap_days"] = result["ttfv_days"] - result["expected_days"]
    statuses = [
        _reason(row, approaching)
        if pd.notna(row["expected_days"])
        else (None, "no stated timeframe")
        for _, row in result.iterrows()
    ]
    result["status"] = [status for status, _ in statuses]
    result["reason"] = [reason for _, reason in statuses]
    return result
