"""Survival summary of a first-value table: Kaplan–Meier per group and, with churn, CIF."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_columns
from ..survival import cumulative_incidence, survival_summary


def _competing(table: pd.DataFrame, at: Sequence[float]) -> dict[str, Any]:
    durations, outcomes = table["ttfv_days"].to_numpy(float), table["outcome"].to_numpy(int)
    value = cumulative_incidence(durations, outcomes, cause=1)["cumulative_incidence"]
    churn = cumulative_incidence(durations, outcomes, cause=2)["cumulative_incidence"]

    def by(curve: pd.Series, day: float) -> float:
        return float(curve[curve.index <= day].iloc[-1])

    half = np.flatnonzero(value.to_numpy() >= 0.5)
    return {
        "reached_by": {f"{day:g}": by(value, day) for day in at},
        "churned_before_value_by": {f"{day:g}": by(churn, day) for day in at},
        "median": float(value.index[half[0]]) if len(half) else None,
    }


def ttfv_summary(
    table: pd.DataFrame, *, group_by: str | None = None, at: Sequence[float] = (30, 60, 90)
) -> dict[str, Any]:
    """Kaplan–Meier summary of time to first value, and competing risks when churn is known.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`first_value_table`.
    group_by : str, optional
        Column to compare (``segment``, an answer cluster ...), with log-rank tests.
    at : sequence of float, default=(30, 60, 90)
        Days for S(t) and for the shares reaching value.

    Returns
    -------
    dict
        As :func:`analysis.survival.survival_summary`; when some account churned before
        value, also ``competing_risks`` per group: ``reached_by`` (Aalen–Johansen
        cumulative incidence of first value, which does not pretend churned accounts might
        still reach it), ``churned_before_value_by`` and ``median`` (None if under half).
    """
    check_columns(table, ["ttfv_days", "reached", "outcome"], "table")
    if group_by is not None:
        check_columns(table, [group_by], "table")
    groups = table[group_by].to_numpy() if group_by else None
    summary = survival_summary(table["ttfv_days"], table["reached"], groups, at=at)
    if (table["outcome"] == 2).any():
        competing = {"overall": _competing(table, at)}
        if group_by:
            for name, part in table.groupby(table[group_by].astype(str)):
                competing[str(name)] = _competing(part, at)
        summary["competing_risks"] = competing
    return summary
